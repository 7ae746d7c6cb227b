import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The delegation lifecycle over HTTP (DESIGN §4). Every handler: `Guard.require` → read the body → one
/// `DelegationService` step (the domain decides who may do what) → JSON, or a redirect back to the work page for
/// form posts.
enum DelegationController {
    static func service(_ s: AppServices) -> DelegationService { DelegationService(s.database) }

    /// JSON of a record, or back to the work page saying what was done (`done`) for a form post.
    static func answer(
        _ value: some Encodable, _ input: DelegationInput, done: DelegationPages.Done,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        if input.isForm { return Response(status: .seeOther, headers: [.location: done.location]) }
        return JSONBody.response(value, status: status)
    }

    /// Authorization before anything is read: the roles that take part in a step (the domain then checks the
    /// organisation and the state); others get 403, audited.
    static func require(
        _ roles: Set<Role>, _ step: String, _ request: Request, _ context: AppContext, _ services: AppServices
    ) async throws -> Principal {
        let principal = try await Guard.require(.staffSession, request, context, services)
        guard roles.contains(principal.role) else {
            throw try await Guard.refusal(
                .forbidden("“\(step)”不属于\(principal.role.label)的职责"), request, context, services)
        }
        return principal
    }

    /// The provincial catalogue a 赋权 proposal cites: the one named, or the county's only registered one.
    static func catalogue(_ named: String, mode: DelegationMode, county: String, services: AppServices) async throws
        -> String?
    {
        guard mode == .granted else { return nil }
        if !named.isEmpty { return named }
        let registered = try await DelegationStore(services.database).catalogueDecisions(county: county)
        guard registered.count == 1 else {
            throw AppError.unprocessable("请指明赋权依据的省级赋权目录文号（catalogue）", field: "catalogue")
        }
        return registered[0]
    }

    static func organizationName(_ principal: Principal, _ services: AppServices) async throws -> String {
        try await services.organizations.find(county: principal.county, code: principal.organization)?.name
            ?? principal.organization
    }

    // MARK: proposals

    @Sendable static func proposals(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        let state = request.uri.queryParameters.get("state").flatMap { $0.isEmpty ? nil : [String($0)] }
        let department: String?
        switch principal.role {
        case .establishment, .justice, .supervisor: department = nil
        case .department: department = principal.organization
        default: throw try await Guard.refusal(.forbidden("无权查看下放申请"), request, context, services)
        }
        let list = try await DelegationStore(services.database).list(
            Proposal.self, county: principal.county, states: state, department: department)
        let page = try Listing.page(request, list)
        return JSONBody.response(["proposals": page.items], page: page.headers)
    }

    @Sendable static func propose(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require([.department], "提出下放申请", request, context, services)
        let input = try await DelegationInput.read(request)
        guard let mode = DelegationMode(rawValue: input["mode"]) else {
            throw AppError.unprocessable("请选择下放方式：granted（赋权）或 entrusted（委托）", field: "mode")
        }
        let proposal = try await service(services).propose(
            itemCode: try input.required("itemCode", "事项代码"), mode: mode, reasons: input["reasons"],
            expectedYearlyVolume: try input.int("expectedYearlyVolume", "预计年办件量", default: 0),
            catalogue: try await catalogue(
                input["catalogue"], mode: mode, county: principal.county, services: services),
            by: principal, departmentName: try await organizationName(principal, services), at: services.now)
        return answer(proposal, input, done: .init(kind: "proposed", ref: proposal.id), status: .created)
    }

    /// review | legal-review | resubmit | withdraw | execute (a recall).
    @Sendable static func proposalEvent(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require(
            [.establishment, .justice, .department], "办理下放申请", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        let now = services.now
        switch input["event"] {
        case "review", "legal-review":
            let passed = input.bool("passed")
            let event: Proposal.Event =
                input["event"] == "review"
                ? .review(passed: passed, opinion: input["opinion"])
                : .legalReview(passed: passed, opinion: input["opinion"])
            return answer(
                try await service(services).apply(event, to: id, by: principal, at: now), input,
                done: .init(kind: "proposal", ref: id))
        case "resubmit":
            return answer(
                try await service(services).apply(.resubmit(reasons: input["reasons"]), to: id, by: principal, at: now),
                input, done: .init(kind: "proposal", ref: id))
        case "withdraw":
            return answer(
                try await service(services).apply(.withdraw, to: id, by: principal, at: now), input,
                done: .init(kind: "proposal", ref: id))
        case "execute":
            let delegation = try await service(services).executeRecall(
                proposal: id, decision: try input.required("decision", "收回决定文号"),
                title: input["title"].isEmpty ? "关于收回部分下放事项的决定" : input["title"],
                on: try input.day("on", "收回日期"), by: principal, at: now)
            return answer(delegation, input, done: .init(kind: "executed", ref: id))
        default:
            throw AppError.unprocessable("event 应为 review、legal-review、resubmit、withdraw 或 execute")
        }
    }

    @Sendable static func publishMenu(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require([.establishment], "发布下放目录", request, context, services)
        let input = try await DelegationInput.read(request)
        let ids = input.list("proposals")
        guard !ids.isEmpty else { throw AppError.unprocessable("请选择要发布的事项", field: "proposals") }
        let batch = try input.required("batch", "批次名称")
        let published = try await service(services).publishMenu(
            batch: batch, proposals: ids, by: principal, at: services.now)
        return answer(
            ["published": published], input, done: .init(kind: "menu", ref: batch, count: ids.count), status: .created)
    }

    /// The published menu (public, DESIGN §8): entries with mode, department, requirements and batch.
    @Sendable static func menu(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let entries = try await DelegationStore(services.database).list(
            Proposal.self, county: services.county, states: [Proposal.State.published.rawValue])
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: services.county)
        let page = try Listing.page(request, entries)
        return JSONBody.response(
            ["entries": page.items.map { MenuEntryDTO($0, vocabulary: vocabulary) }], page: page.headers)
    }

    struct MenuEntryDTO: Encodable {
        var id: String
        var itemCode: String
        var itemName: String
        var mode: String
        var modeLabel: String
        var department: String
        var requirements: [String]
        var batch: String
        var catalogue: String?

        init(_ p: Proposal, vocabulary: RequirementVocabulary) {
            id = p.id
            itemCode = p.itemCode
            itemName = p.itemName
            mode = p.mode.rawValue
            modeLabel = p.mode.label
            department = p.departmentName
            requirements = p.requirements.map(vocabulary.label(of:))
            batch = p.batch ?? ""
            catalogue = p.catalogue
        }
    }

    // MARK: orders

    @Sendable static func orders(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        let store = DelegationStore(services.database)
        var list: [Order]
        switch principal.role {
        case .establishment, .justice, .supervisor: list = try await store.list(Order.self, county: principal.county)
        case .township: list = try await store.list(Order.self, county: principal.county, unit: principal.unit ?? "-")
        case .department:
            list = try await store.list(Order.self, county: principal.county).filter {
                $0.lines.contains { $0.department == principal.organization }
            }
        default: throw try await Guard.refusal(.forbidden("无权查看点单"), request, context, services)
        }
        let page = try Listing.page(request, list)
        return JSONBody.response(["orders": page.items], page: page.headers)
    }

    @Sendable static func placeOrder(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require([.township], "点单", request, context, services)
        let input = try await DelegationInput.read(request)
        let ids = input.list("proposals")
        let fits = try await DelegationFit.missing(for: ids, principal: principal, services: services)
        let order = try await service(services).placeOrder(
            proposals: ids, missing: fits, by: principal, today: services.today, at: services.now)
        return answer(order, input, done: .init(kind: "ordered", ref: order.id), status: .created)
    }

    static func line(_ context: AppContext) throws -> Int {
        guard let text = context.parameters.get("line"), let n = Int(text), n >= 1 else {
            throw AppError.notFound("点单中没有该项")
        }
        return n - 1
    }

    @Sendable static func decideLine(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require([.establishment], "审核点单", request, context, services)
        let input = try await DelegationInput.read(request)
        let order = try await service(services).decideLine(
            order: context.parameters.get("id") ?? "", line: try line(context), approve: input.bool("approve"),
            reason: input["reason"], by: principal, at: services.now)
        return answer(order, input, done: .init(kind: "line", ref: order.id))
    }

    /// One document for several approved lines: `lines` as `O-0001/2` (order, line from 1), a `scope` for all of
    /// them and `scope:O-0001/2` for one.
    @Sendable static func drawAgreement(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require([.establishment], "拟定文书", request, context, services)
        let input = try await DelegationInput.read(request)
        let picks = input.list("lines")
        guard !picks.isEmpty else { throw AppError.unprocessable("请选择要写入文书的已批准点单项", field: "lines") }
        let lines = try picks.map { text in
            let parts = text.split(separator: "/")
            guard parts.count == 2, let n = Int(parts[1]), n >= 1 else {
                throw AppError.unprocessable("点单项“\(text)”格式不正确，应为“点单编号/第几项”，如 O-0001/2")
            }
            let own = input["scope:" + text]
            return DelegationService.DocumentLine(
                order: String(parts[0]), line: n - 1, scope: own.isEmpty ? input["scope"] : own)
        }
        let agreement = try await service(services).drawAgreement(
            lines: lines, number: try input.required("number", "文号"),
            termFrom: try input.day("termFrom", "起始日期"), termTo: try input.optionalDay("termTo", "委托期限"),
            evaluationMonths: input["evaluationMonths"].isEmpty ? nil : try input.int("evaluationMonths", "评估周期（月）"),
            transitionMonths: try input.int("transitionMonths", "过渡期（月）", default: 12),
            responsibilities: try LegalGroundsData.responsibilities(), by: principal, at: services.now)
        return answer(agreement, input, done: .init(kind: "drawn", ref: agreement.id), status: .created)
    }

    // MARK: agreements

    /// Public once published (DESIGN §8); before that, to the parties and to the offices that see everything.
    static func visibleAgreement(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Agreement
    {
        let id = context.parameters.get("id") ?? ""
        guard
            let agreement = try await DelegationStore(services.database).find(
                Agreement.self, county: services.county, id: id)
        else { throw AppError.notFound("没有编号为“\(id)”的委托书或赋权决定") }
        if agreement.state == .published || agreement.state == .effective { return agreement }
        let principal = try await Guard.require(.staffSession, request, context, services)
        guard principal.role.seesAllOrganizations || agreement.side(of: principal) != nil else {
            throw try await Guard.refusal(.forbidden("文书公布前只有签署双方可以查看"), request, context, services)
        }
        return agreement
    }

    @Sendable static func agreement(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        JSONBody.response(try await visibleAgreement(request, context: context, services: services))
    }

    /// sign | publish | start (sealed scans are uploaded as files: `uploadScan`).
    @Sendable static func agreementEvent(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require(
            [.establishment, .department, .township], "办理委托书或赋权决定", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        let now = services.now
        switch input["event"] {
        case "sign":
            return answer(
                try await service(services).agreement(id, .sign, by: principal, at: now), input,
                done: .init(kind: "signed", ref: id))
        case "publish":
            let step = DelegationService.AgreementStep.publish(
                on: try input.day("on", "公布日期"), place: try input.required("place", "公布载体"))
            return answer(
                try await service(services).agreement(id, step, by: principal, at: now), input,
                done: .init(kind: "published", ref: id))
        case "start":
            let delegations = try await service(services).start(
                agreement: id, on: try input.day("effectiveOn", "生效日期"), by: principal, at: now)
            return answer(
                ["delegations": delegations], input, done: .init(kind: "started", ref: id, count: delegations.count),
                status: .created)
        default:
            throw AppError.unprocessable("event 应为 sign、publish 或 start")
        }
    }

    // MARK: running delegations

    @Sendable static func delegations(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        let store = DelegationStore(services.database)
        // Filters: the item, the state (active / recalled) and, for the county's readers, the township.
        let item = try Query.text(request, "item", max: 50)
        let stateText = try Query.text(request, "state", max: 20)
        let state = stateText.flatMap(Delegation.State.init(rawValue:))
        if stateText != nil && state == nil { throw AppError.badRequest("state 应为 active（实施中）或 recalled（已收回）") }
        let states = state.map { [$0.rawValue] }
        let list: [Delegation]
        switch principal.role {
        case .establishment, .justice, .supervisor:
            list = try await store.list(
                Delegation.self, county: principal.county, states: states,
                unit: try Query.text(request, "township", max: 12), item: item)
        case .township, .officer:
            list = try await store.list(
                Delegation.self, county: principal.county, states: states, unit: principal.unit ?? "-", item: item)
        case .department:
            list = try await store.list(
                Delegation.self, county: principal.county, states: states, department: principal.organization,
                item: item)
        default: throw try await Guard.refusal(.forbidden("无权查看下放事项"), request, context, services)
        }
        let page = try Listing.page(request, list)
        return JSONBody.response(["delegations": page.items], page: page.headers)
    }

    /// evaluate | recall | close-follow-up.
    @Sendable static func delegationEvent(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require(
            [.establishment, .supervisor, .department], "评估或收回", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        switch input["event"] {
        case "evaluate":
            guard let conclusion = Delegation.Conclusion(rawValue: input["conclusion"]) else {
                throw AppError.unprocessable(
                    "评估结论应为 keep（保留）、support（加强支持）或 recall（收回）", field: "conclusion")
            }
            let delegation = try await service(services).evaluate(
                delegation: id, on: try input.day("on", "评估日期"), conclusion: conclusion, findings: input["findings"],
                by: principal, at: services.now)
            return answer(delegation, input, done: .init(kind: "evaluated", ref: id))
        case "recall":
            let proposal = try await service(services).openRecall(
                delegation: id, reasons: input["reasons"], by: principal, at: services.now)
            return answer(proposal, input, done: .init(kind: "recall", ref: id), status: .created)
        case "close-follow-up":
            let delegation = try await service(services).closeFollowUp(
                delegation: id, number: try input.int("number", "跟进事项序号"), note: input["note"],
                on: services.today, by: principal, at: services.now)
            return answer(delegation, input, done: .init(kind: "followup", ref: id))
        default:
            throw AppError.unprocessable("event 应为 evaluate、recall 或 close-follow-up")
        }
    }
}

extension DelegationController {
    /// Uploads a sealed scan as the raw body (`Content-Type: application/pdf|image/jpeg|image/png`, name in
    /// `X-File-Name`, percent-encoded); the server checks the bytes and computes the SHA-256.
    @Sendable static func uploadScan(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await require(
            [.establishment, .department, .township], "上传盖章扫描件", request, context, services)
        var request = request
        let buffer = try await request.collectBody(upTo: BodyLimitMiddleware<AppContext>.scanLimit)
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first.map(String.init) ?? ""
        let name =
            request.headers[.init("X-File-Name")!]?.removingPercentEncoding.map { String($0.prefix(120)) } ?? "盖章扫描件"
        let agreement = try await service(services).attachScan(
            agreement: context.parameters.get("id") ?? "", data: Data(buffer: buffer), name: name, mediaType: type,
            by: principal, at: services.now)
        return JSONBody.response(agreement, status: .created)
    }

    /// Downloads a scan: visible like its agreement (public once published).
    @Sendable static func downloadScan(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let agreement = try await visibleAgreement(request, context: context, services: services)
        let sha = context.parameters.get("sha256") ?? ""
        guard
            let (data, type) = try await service(services).scan(
                county: agreement.county, agreement: agreement.id, sha256: sha)
        else { throw AppError.notFound("没有该扫描件") }
        return Response(
            status: .ok, headers: [.contentType: type, .init("X-Content-SHA256")!: sha],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
