import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Third-party evaluations and public feedback (issue 15 point 4) over the API (`/api/v1/evaluations`,
/// `/api/v1/feedback`, also the targets of the staff pages' forms) and the public form on an item page
/// (`POST /items/{code}/feedback`). Every staff read and write is of the principal's county.
enum FeedbackController {
    static let evaluationViewers: Set<Role> = [.establishment, .justice, .department, .township, .supervisor]
    static let importers: Set<Role> = [.establishment, .supervisor]
    static let feedbackViewers: Set<Role> = [.establishment, .justice, .department, .supervisor]
    static let moderators: Set<Role> = [.establishment]

    /// Public submissions accepted per client address and minute (the login limiter's mechanism, its own bucket).
    static let submissionsPerMinute = 3
    /// The double-submit cookie of the public form (no session exists; `AuthMiddleware` checks it with Origin).
    static let formCookie = "qz_form"

    /// Whether a path is the public feedback form's target (CSRF by the form cookie when nobody is signed in).
    static func isPublicForm(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 3 && parts[0] == "items" && parts[2] == "feedback"
    }

    static func service(_ services: AppServices) -> FeedbackService { FeedbackService(services.database) }

    // MARK: DTOs

    struct EvaluationDTO: Encodable {
        var id: String
        var evaluator: String
        var period: String
        var periodLabel: String
        var from: String
        var to: String
        var targetKind: String
        var targetKindLabel: String
        var target: String
        var targetName: String
        var score: String
        var findings: String
        var batch: String

        init(_ e: Evaluation) {
            id = e.id
            evaluator = e.evaluator
            period = e.period.text
            periodLabel = e.period.label
            from = e.period.from.iso
            to = e.period.to.iso
            targetKind = e.target.kind
            targetKindLabel = e.target.kindLabel
            target = e.target.code
            targetName = e.target.name
            score = e.score.text
            findings = e.findings
            batch = e.batch
        }
    }

    struct SummaryDTO: Encodable {
        var kind: String
        var code: String
        var name: String
        var count: Int
        var mean: String

        init(_ s: EvaluationSummary) {
            kind = s.kind
            code = s.code
            name = s.name
            count = s.count
            mean = s.mean.text
        }
    }

    struct FeedbackDTO: Encodable {
        var id: String
        var item: String
        var itemName: String
        var kind: String
        var kindLabel: String
        var text: String
        /// Staff only (personal data); absent in public answers.
        var contact: String?
        var submittedOn: String
        /// The day as running text reads it (2023年12月31日).
        var submittedOnText: String
        var state: String
        var stateLabel: String
        var moderatedOn: String?
        var reason: String?

        init(_ f: PublicFeedback, withContact: Bool) {
            id = f.id
            item = f.itemCode
            itemName = f.itemName
            kind = f.kind.rawValue
            kindLabel = f.kind.label
            text = f.text
            contact = withContact ? f.contact : nil
            submittedOn = f.submittedOn.iso
            submittedOnText = Format.day(f.submittedOn)
            state = f.state.rawValue
            stateLabel = f.state.label
            moderatedOn = f.moderation?.on.iso
            reason = f.moderation?.reason
        }
    }

    // MARK: evaluations

    /// `?township=` or `?item=` (at most one).
    static func target(_ request: Request) throws -> (township: String?, item: String?) {
        let township = try Query.text(request, "township", max: 20).flatMap { $0.isEmpty ? nil : $0 }
        let item = try Query.text(request, "item", max: 64).flatMap { $0.isEmpty ? nil : $0 }
        if township != nil && item != nil { throw AppError.badRequest("township 和 item 只能指定其中一项") }
        return (township, item)
    }

    @Sendable static func evaluations(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            evaluationViewers, "查看第三方评估", request, context, services)
        let (township, item) = try target(request)
        let list = try await service(services).evaluations(county: principal.county, township: township, item: item)
        let format = try TableControls.format(request)
        if format != .html {
            return TableControls.download(
                FeedbackTables.export(list.map(EvaluationDTO.init)), format: format, filename: "第三方评估")
        }
        struct Answer: Encodable {
            var evaluations: [EvaluationDTO]
            var count: Int
            var summaries: [SummaryDTO]
        }
        return JSONBody.response(
            Answer(
                evaluations: list.map(EvaluationDTO.init), count: list.count,
                summaries: EvaluationSummary.of(list).map(SummaryDTO.init)))
    }

    /// The CSV as sent: a form's or JSON's `csv` field (UTF-8 text), or the raw body (`text/csv`, or
    /// `application/octet-stream` for GB18030 as Chinese Excel saves it).
    static func csvBytes(_ request: Request) async throws -> Data {
        let type = request.headers[.contentType] ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") || type.contains("json") {
            return Data(try await DelegationInput.read(request)["csv"].utf8)
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        return Data(buffer: buffer)
    }

    @Sendable static func importEvaluations(_ request: Request, context: AppContext, services: AppServices)
        async throws -> Response
    {
        let principal = try await DelegationController.require(
            importers, "导入第三方评估", request, context, services)
        let data = try await csvBytes(request)
        guard !data.isEmpty else { throw AppError.unprocessable("请粘贴或上传评估数据（CSV）", field: "csv") }
        let made: [Evaluation]
        do {
            made = try await service(services).importEvaluations(data, by: principal, at: services.now)
        } catch let refused as EvaluationImportRefused where !FormReturn.isBrowserForm(request, context) {
            struct Problem: Encodable {
                var line: Int
                var column: String?
                var message: String
            }
            struct Answer: Encodable {
                var error: ErrorBody.Detail
                var problems: [Problem]
            }
            return JSONBody.response(
                Answer(
                    error: .init(status: 422, code: "import", message: refused.message),
                    problems: refused.issues.map { Problem(line: $0.line, column: $0.column, message: $0.message) }),
                status: .unprocessableContent)
        }
        if FormReturn.isBrowserForm(request, context) {
            return Response(status: .seeOther, headers: [.location: "/evaluations?imported=\(made.count)"])
        }
        return JSONBody.response(["imported": made.map(EvaluationDTO.init)], status: .created)
    }

    // MARK: feedback (staff)

    @Sendable static func feedback(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(feedbackViewers, "查看群众意见", request, context, services)
        let stateText = try Query.text(request, "state", max: 20) ?? ""
        let state = PublicFeedback.State(rawValue: stateText)
        if !stateText.isEmpty && state == nil {
            throw AppError.badRequest("state 应为 pending、approved 或 rejected")
        }
        let item = try Query.text(request, "item", max: 64).flatMap { $0.isEmpty ? nil : $0 }
        let list = try await service(services).feedback(county: principal.county, item: item)
        struct Answer: Encodable {
            var feedback: [FeedbackDTO]
            var counts: FeedbackCounts
        }
        return JSONBody.response(
            Answer(
                feedback: list.filter { state == nil || $0.state == state }.map {
                    FeedbackDTO($0, withContact: true)
                }, counts: .of(list)))
    }

    @Sendable static func moderate(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(moderators, "审核群众意见", request, context, services)
        let input = try await DelegationInput.read(request)
        let decision = input["decision"]
        guard decision == "approve" || decision == "reject" else {
            throw AppError.unprocessable("请选择审核结果：approve（公开）或 reject（不予公开）", field: "decision")
        }
        let next = try await service(services).moderate(
            context.parameters.get("id") ?? "", approve: decision == "approve", reason: input["reason"],
            today: services.today, by: principal, at: services.now)
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/feedback?done=\(next.id)"]) }
        return JSONBody.response(["feedback": FeedbackDTO(next, withContact: true)])
    }

    // MARK: the public form

    /// The public form on an item page: no login; Origin and the form cookie (or a signed-in viewer's session
    /// token) are checked by `AuthMiddleware`; a filled hidden field (`website`, which people never see) is refused;
    /// a valid submission counts against the client's limit before it is stored. A browser's refused form comes back
    /// as the item page with the values kept and a 4xx.
    @Sendable static func submit(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let code = try CatalogController.itemCode(context)
        guard try await services.items.item(county: services.county, code: code) != nil else {
            throw AppError.notFound("事项目录中没有编码为 \(code) 的事项")
        }
        let input = try await DelegationInput.read(request)
        do {
            guard input["website"].isEmpty else { throw AppError.badRequest("提交未被接受，请刷新页面后重试") }
            // The domain checks the input first (a refused text never counts against the limit).
            do throws(FeedbackFailure) {
                _ = try PublicFeedback.submit(
                    id: "", county: services.county, itemCode: code, itemName: "", kind: input["kind"],
                    text: input["text"], contact: input["contact"], on: services.today)
            } catch { throw error }
            try await Guard.rateLimit("feedback", context, services, limit: submissionsPerMinute)
            let made = try await service(services).submit(
                county: services.county, item: code, kind: input["kind"], text: input["text"],
                contact: input["contact"], today: services.today, at: services.now)
            if input.isForm {
                return Response(status: .seeOther, headers: [.location: "/items/\(code)?feedback=sent#feedback"])
            }
            return JSONBody.response(
                ["feedback": FeedbackDTO(made, withContact: false)], status: .created)
        } catch {
            let failure = AppError.from(error)
            guard input.isForm, failure.status.code >= 400, failure.status.code < 500, failure.status != .notFound
            else { throw error }
            var form = FormState(values: input.fields, all: input.lists)
            form.errors[failure.field ?? "form"] = failure.message
            form.refused = true
            var response = try await CatalogController.item(
                request, context: context, services: services, feedbackForm: form, status: failure.status)
            if let wait = failure.retryAfter { response.headers[.retryAfter] = String(wait) }
            return response
        }
    }
}

func addFeedbackRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = FeedbackController
    router.get("/evaluations") { r, c in try await FeedbackPages.evaluations(r, context: c, services: s) }
    router.get("/feedback") { r, c in try await FeedbackPages.feedback(r, context: c, services: s) }
    router.post("/items/:code/feedback") { r, c in try await C.submit(r, context: c, services: s) }
    let api = router.group("api/v1")
    api.get("evaluations") { r, c in try await C.evaluations(r, context: c, services: s) }
    let importPage = FormReturn { r, c, refusal in
        try await FeedbackPages.evaluations(r, context: c, services: s, refusal: refusal)
    }
    api.post("evaluations") { r, c in
        try await importPage.run(r, c) { r, c in try await C.importEvaluations(r, context: c, services: s) }
    }
    api.get("feedback") { r, c in try await C.feedback(r, context: c, services: s) }
    let moderationPage = FormReturn { r, c, refusal in
        try await FeedbackPages.feedback(r, context: c, services: s, refusal: refusal)
    }
    api.post("feedback/:id/moderation") { r, c in
        try await moderationPage.run(r, c) { r, c in try await C.moderate(r, context: c, services: s) }
    }
}
