import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The feedback part of the public item page: approved feedback with its count, the form (no login), and for a
/// signed-in staff viewer the counts per state and the item's third-party evaluations.
struct ItemFeedbackView {
    var itemCode: String
    var approved: [FeedbackController.FeedbackDTO]
    var approvedCount: Int
    var hasApproved: Bool
    var kinds: [FormOption]
    var form: FormState
    /// The `_csrf` value: a signed-in viewer's session token, else the form cookie's.
    var token: String
    var sent: Bool
    var textLimit: Int
    var contactLimit: Int
    var perMinute = FeedbackController.submissionsPerMinute
    /// Staff only.
    var isStaff: Bool
    var counts: FeedbackCounts
    var evaluations: [FeedbackController.EvaluationDTO]
    var hasEvaluations: Bool
    var evaluationCount: Int
    var evaluationMean: String

    /// A township's evaluations on its staff page (`/units/{code}`): how many and their mean, with a link to the list.
    struct TownshipEvaluations {
        var code: String
        var count: Int
        var mean: String

        static func of(_ township: String, principal: Principal, services: AppServices) async throws
            -> TownshipEvaluations?
        {
            guard FeedbackController.evaluationViewers.contains(principal.role) else { return nil }
            let list = try await FeedbackService(services.database).evaluations(
                county: principal.county, township: township)
            return TownshipEvaluations(
                code: township, count: list.count, mean: EvaluationScore.mean(list.map(\.score))?.text ?? "—")
        }
    }

    /// The `_csrf` value of a public form and the cookie to set: a signed-in viewer's session token, else the form
    /// cookie's (set here when the browser has none yet). The feedback and subscription forms share it.
    static func formToken(_ request: Request, services: AppServices) -> (String, HTTPFields) {
        var headers = HTTPFields()
        let identity = CurrentViewer.identity
        var token = identity?.csrf ?? ""
        if identity?.csrf == nil {
            if let existing = request.cookies[FeedbackController.formCookie]?.value, existing.count >= 32,
                existing.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            {
                token = existing
            } else {
                token = Secrets.random()
                headers[.setCookie] = SessionCookie.set(
                    FeedbackController.formCookie, token, request, services.security)
            }
        }
        return (token, headers)
    }

    static func build(item: String, request: Request, form: FormState, services: AppServices) async throws
        -> (ItemFeedbackView, HTTPFields)
    {
        let service = FeedbackService(services.database)
        let approved = try await service.approved(county: services.county, item: item)
        let (token, headers) = formToken(request, services: services)
        let identity = CurrentViewer.identity
        let principal = identity?.principal
        let isStaff = principal.map { FeedbackController.feedbackViewers.contains($0.role) } ?? false
        var counts = FeedbackCounts()
        var evaluations: [Evaluation] = []
        if let principal, isStaff {
            counts = try await service.counts(county: principal.county, item: item)
            evaluations = try await service.evaluations(county: principal.county, item: item)
        }
        let chosen = form.values["kind"] ?? ""
        return (
            ItemFeedbackView(
                itemCode: item, approved: approved.reversed().map { .init($0, withContact: false) },
                approvedCount: approved.count, hasApproved: !approved.isEmpty,
                kinds: FeedbackKind.allCases.map {
                    FormOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen)
                }, form: form, token: token, sent: request.uri.queryParameters.get("feedback") == "sent",
                textLimit: PublicFeedback.textLimit, contactLimit: PublicFeedback.contactLimit, isStaff: isStaff,
                counts: counts, evaluations: evaluations.map(FeedbackController.EvaluationDTO.init),
                hasEvaluations: !evaluations.isEmpty, evaluationCount: evaluations.count,
                evaluationMean: EvaluationScore.mean(evaluations.map(\.score))?.text ?? "—"), headers
        )
    }
}

/// The staff pages: `/evaluations` (third-party evaluations: the import form for 编办 and the supervisor, counts per
/// township and per item, the long table) and `/feedback` (public feedback: 编办's moderation queue, all states).
enum FeedbackPages {
    struct EvaluationsPage {
        var role: String
        var imported: String?
        var mayImport: Bool
        var form: FormState
        var total: Int
        var townships: [FeedbackController.SummaryDTO]
        var items: [FeedbackController.SummaryDTO]
        var hasTownships: Bool
        var hasItems: Bool
        var controls: TableControls
        var rows: [FeedbackController.EvaluationDTO]
        var filterName: String?
    }

    @Sendable static func evaluations(
        _ request: Request, context: AppContext, services: AppServices, refusal: FormRefusal? = nil
    ) async throws -> Response {
        let principal = try await DelegationController.require(
            FeedbackController.evaluationViewers, "查看第三方评估", request, context, services)
        let (township, item) = try FeedbackController.target(request)
        let service = FeedbackService(services.database)
        let all = try await service.evaluations(county: principal.county)
        let shown = all.filter {
            (township == nil || ($0.target.kind == "township" && $0.target.code == township))
                && (item == nil || ($0.target.kind == "item" && $0.target.code == item))
        }
        let spec = FeedbackTables.spec
        let query = try TableControls.query(request, spec: spec)
        let format = try TableControls.format(request)
        let dtos = shown.map(FeedbackController.EvaluationDTO.init)
        let table = query.apply(dtos) { FeedbackTables.record($0) }
        if format != .html {
            return TableControls.download(FeedbackTables.export(table.filtered), format: format, filename: "第三方评估")
        }
        let summaries = EvaluationSummary.of(all).map(FeedbackController.SummaryDTO.init)
        var hidden: [(String, String)] = []
        if let township { hidden.append(("township", township)) }
        if let item { hidden.append(("item", item)) }
        let filterName =
            township.map { code in shown.first?.target.name ?? code }
            ?? item.map { code in shown.first?.target.name ?? code }
        return try Page.render(
            EvaluationsPage(
                role: principal.role.label, imported: request.uri.queryParameters.get("imported").map { String($0) },
                mayImport: FeedbackController.importers.contains(principal.role),
                form: refusal?.state(refusal?.form ?? "") ?? FormState(), total: all.count,
                townships: summaries.filter { $0.kind == "township" }, items: summaries.filter { $0.kind == "item" },
                hasTownships: summaries.contains { $0.kind == "township" },
                hasItems: summaries.contains { $0.kind == "item" },
                controls: TableControls(
                    path: "/evaluations", hidden: hidden, spec: spec, query: query, page: table,
                    placeholder: "评估机构、对象或发现中的字词"), rows: table.rows, filterName: filterName),
            template: "feedback/evaluations", title: "第三方评估", section: "evaluations", services: services,
            status: refusal?.status ?? .ok)
    }

    struct FeedbackRow {
        var dto: FeedbackController.FeedbackDTO
        var pending: Bool
        var form: FormState
    }

    struct FeedbackPage {
        var role: String
        var done: String?
        var mayModerate: Bool
        var counts: FeedbackCounts
        var pending: [FeedbackRow]
        var hasPending: Bool
        var decided: [FeedbackRow]
        var hasDecided: Bool
        var perItem: [ItemCount]
        var hasPerItem: Bool
    }

    struct ItemCount {
        var item: String
        var itemName: String
        var pending: Int
        var approved: Int
        var rejected: Int
    }

    @Sendable static func feedback(
        _ request: Request, context: AppContext, services: AppServices, refusal: FormRefusal? = nil
    ) async throws -> Response {
        let principal = try await DelegationController.require(
            FeedbackController.feedbackViewers, "查看群众意见", request, context, services)
        let list = try await FeedbackService(services.database).feedback(county: principal.county)
        let mayModerate = FeedbackController.moderators.contains(principal.role)
        // A refused moderation names its submission in the path it was posted to (…/feedback/{id}/moderation).
        let refusedId: String? =
            refusal == nil ? nil : request.uri.path.split(separator: "/").dropLast().last.map(String.init)
        let rows = list.reversed().map { f in
            FeedbackRow(
                dto: .init(f, withContact: true), pending: f.state == .pending && mayModerate,
                form: refusedId == f.id ? refusal!.state(refusal!.form) : FormState())
        }
        let perItem = Dictionary(grouping: list, by: \.itemCode).map { code, group in
            let c = FeedbackCounts.of(group)
            return ItemCount(
                item: code, itemName: group[0].itemName, pending: c.pending, approved: c.approved, rejected: c.rejected)
        }.sorted { $0.item < $1.item }
        let pending = rows.filter { $0.dto.state == "pending" }
        let decided = rows.filter { $0.dto.state != "pending" }
        return try Page.render(
            FeedbackPage(
                role: principal.role.label, done: request.uri.queryParameters.get("done").map { String($0) },
                mayModerate: mayModerate, counts: .of(list), pending: pending, hasPending: !pending.isEmpty,
                decided: decided, hasDecided: !decided.isEmpty, perItem: perItem, hasPerItem: !perItem.isEmpty),
            template: "feedback/feedback", title: "群众意见", section: "feedback", services: services,
            status: refusal?.status ?? .ok)
    }
}

/// The evaluations' long table through the one table mechanism (`TableQuery`, `TableControls`, `TableExport`).
enum FeedbackTables {
    static let spec = TableSpec(
        sortable: [
            .init("id", "编号"), .init("evaluator", "评估机构"), .init("period", "期间"), .init("target", "评估对象"),
            .init("score", "评分"),
        ],
        filters: [
            .init("kind", "对象类别", options: [.init("township", "镇街"), .init("item", "事项")])
        ], defaultSort: "id")

    static func record(_ e: FeedbackController.EvaluationDTO) -> TableRecord {
        TableRecord(
            values: [
                "id": .text(e.id), "evaluator": .text(e.evaluator), "period": .text(e.from + e.period),
                "target": .text(e.targetName),
                "score": .number(Int(e.score.replacingOccurrences(of: ".", with: "")) ?? 0),
                "kind": .text(e.targetKind),
            ], searchText: [e.evaluator, e.targetName, e.target, e.findings].joined(separator: "\u{1F}"))
    }

    static func export(_ rows: [FeedbackController.EvaluationDTO]) -> TableExport {
        TableExport(
            sheetName: "第三方评估",
            header: ["编号", "评估机构", "期间", "起", "止", "对象类别", "对象编码", "对象", "评分", "评估发现"],
            rows: rows.map {
                [
                    .text($0.id), .text($0.evaluator), .text($0.periodLabel), .text($0.from), .text($0.to),
                    .text($0.targetKindLabel), .text($0.target), .text($0.targetName), .text($0.score),
                    .text($0.findings),
                ]
            })
    }
}
