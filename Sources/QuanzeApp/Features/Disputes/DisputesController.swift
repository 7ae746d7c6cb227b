import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Boundary disputes (职责边界争议 / 推诿, DESIGN §7, issue 15 point 1) over the API (`/api/v1/disputes/…`, also the
/// target of the pages' forms): a township or a department raises, the other side answers by the county's
/// deadline, 编办 rules under a 争议裁定 decision that updates the territorial list; 司法局 and supervisors read.
/// The rulings are public (`/api/v1/rulings`, `/rulings`) without facts, answers or names of people.
enum DisputesController {
    static let viewers: Set<Role> = [.establishment, .justice, .department, .township, .supervisor]
    static let sides: Set<Role> = [.department, .township]

    static func service(_ services: AppServices) -> DisputeService { DisputeService(services.database) }

    static func answer(
        _ value: some Encodable, _ input: DelegationInput, back: String, status: HTTPResponse.Status = .ok
    ) -> Response {
        if input.isForm { return Response(status: .seeOther, headers: [.location: "\(back)?done=1"]) }
        return JSONBody.response(value, status: status)
    }

    // MARK: DTOs

    struct PartyDTO: Encodable {
        var kind: String
        var kindLabel: String
        var code: String
        var name: String

        init(_ p: DisputeParty) {
            kind = p.kind.rawValue
            kindLabel = p.kind.label
            code = p.code
            name = p.name
        }
    }

    struct RulesDTO: Encodable {
        var answerDeadlineDays: Int
        var repeatedCount: Int
        var repeatedMonths: Int
        var registered: Bool
        var source: RuleSource?
        var citation: String

        init(_ r: DisputeRules) {
            answerDeadlineDays = r.answerDeadlineDays
            repeatedCount = r.repeatedCount
            repeatedMonths = r.repeatedMonths
            registered = r.isRegistered
            source = r.isRegistered ? r.source : nil
            citation = r.isRegistered ? r.source.citation : "本区县尚未登记依据文件"
        }
    }

    struct RulingDTO: Encodable {
        var primary: PartyDTO
        var cooperating: [PartyDTO]
        var basis: String
        var articles: [String]
        var decision: String
        var on: String
        var listChanges: [String]

        init(_ r: Dispute.Ruling) {
            primary = PartyDTO(r.primary)
            cooperating = r.cooperating.map(PartyDTO.init)
            basis = r.basis
            articles = r.articles.map(\.description)
            decision = r.decision
            on = r.on.iso
            listChanges = r.listChanges
        }
    }

    struct AnswerDTO: Encodable {
        var position: String
        var positionLabel: String
        var reasons: String
        var by: String
        var on: String
        var late: Bool

        init(_ a: Dispute.Answer) {
            position = a.position.rawValue
            positionLabel = a.position.label
            reasons = a.reasons
            by = a.by
            on = a.on.iso
            late = a.late
        }
    }

    struct DisputeDTO: Encodable {
        var id: String
        var itemCode: String?
        var itemName: String?
        var matter: String
        var facts: String
        var documents: [String]
        var raisedBy: PartyDTO
        var respondent: PartyDTO
        var raisedOn: String
        var deadline: String
        var state: String
        var stateLabel: String
        var overdue: Bool
        var answer: AnswerDTO?
        var ruling: RulingDTO?
        var history: [StepRecord]

        init(_ d: Dispute, today: Day) {
            id = d.id
            itemCode = d.itemCode
            itemName = d.itemName
            matter = d.matter
            facts = d.facts
            documents = d.documents
            raisedBy = PartyDTO(d.raisedBy)
            respondent = PartyDTO(d.respondent)
            raisedOn = d.raisedOn.iso
            deadline = d.deadline.iso
            state = d.state.rawValue
            stateLabel = d.state.label
            overdue = d.isOverdue(on: today)
            answer = d.answer.map(AnswerDTO.init)
            ruling = d.ruling.map(RulingDTO.init)
            history = d.history
        }
    }

    /// A ruling as the public reads it: the item or matter, the sides (organisations, not people), the ruling and
    /// its basis and decision.
    struct PublicRulingDTO: Encodable {
        var id: String
        var itemCode: String?
        var itemName: String?
        var matter: String
        var sides: [PartyDTO]
        var ruling: RulingDTO

        init?(_ d: Dispute) {
            guard let ruling = d.ruling else { return nil }
            id = d.id
            itemCode = d.itemCode
            itemName = d.itemName
            matter = d.matter
            sides = [d.raisedBy, d.respondent].map(PartyDTO.init)
            self.ruling = RulingDTO(ruling)
        }
    }

    // MARK: settings

    @Sendable static func rules(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看争议处理规则", request, context, services)
        return JSONBody.response(["rules": RulesDTO(try await service(services).rules(county: principal.county))])
    }

    @Sendable static func setRules(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "登记争议处理规则", request, context, services)
        let input = try await DelegationInput.read(request)
        let rules = DisputeRules(
            answerDeadlineDays: try input.int("answerDeadlineDays", "答复期限（日）"),
            repeatedCount: try input.int("repeatedCount", "反复争议件数"),
            repeatedMonths: try input.int("repeatedMonths", "反复争议统计期（月）"),
            source: RuleSource(
                document: input["document"], number: input["number"].isEmpty ? nil : input["number"],
                provision: input["provision"].isEmpty ? nil : input["provision"], wording: input["wording"]))
        try await service(services).setRules(rules, county: principal.county, actor: principal.actor, at: services.now)
        return answer(
            ["rules": RulesDTO(try await service(services).rules(county: principal.county))], input, back: "/disputes")
    }

    // MARK: disputes

    @Sendable static func list(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看职责边界争议", request, context, services)
        let today = services.today
        let list = try await service(services).disputes(for: principal)
        let page = try Listing.page(request, list.map { DisputeDTO($0, today: today) })
        return JSONBody.response(["disputes": page.items], page: page.headers)
    }

    @Sendable static func show(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看职责边界争议", request, context, services)
        let found = try await service(services).dispute(context.parameters.get("id") ?? "", for: principal)
        return JSONBody.response(["dispute": DisputeDTO(found, today: services.today)])
    }

    @Sendable static func raise(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(sides, "提出职责边界争议", request, context, services)
        let input = try await DelegationInput.read(request)
        let respondent = try input.required("respondent", "答复方")
        let made = try await service(services).raise(
            item: input["item"], matter: input["matter"], facts: input["facts"],
            documents: AccountabilityController.values(input, "documents"), respondent: respondent,
            on: try input.optionalDay("raisedOn", "提出日期") ?? services.today, today: services.today, by: principal,
            at: services.now)
        return answer(
            ["dispute": DisputeDTO(made, today: services.today)], input, back: "/disputes/\(made.id)",
            status: .created)
    }

    @Sendable static func answerDispute(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(sides, "答复职责边界争议", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        guard let position = Dispute.Position(text: input["position"]) else {
            throw AppError.unprocessable(
                "请选择答复意见：accepts（本方负责）、shares（双方共同负责）或 declines（应由对方负责）", field: "position")
        }
        let next = try await service(services).answer(
            id, position: position, reasons: input["reasons"],
            on: try input.optionalDay("on", "答复日期") ?? services.today, today: services.today, by: principal,
            at: services.now)
        return answer(["dispute": DisputeDTO(next, today: services.today)], input, back: "/disputes/\(id)")
    }

    @Sendable static func rule(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "裁定职责边界争议", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        let primary = try input.required("primary", "主办方")
        let next = try await service(services).rule(
            id, primary: primary, cooperating: AccountabilityController.values(input, "cooperating"),
            basis: input["basis"], articles: AccountabilityController.values(input, "articles"),
            decision: input["decision"], title: input["title"],
            on: try input.optionalDay("on", "裁定日期") ?? services.today, today: services.today, by: principal,
            at: services.now)
        return answer(["dispute": DisputeDTO(next, today: services.today)], input, back: "/disputes/\(id)")
    }

    @Sendable static func withdraw(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(sides, "撤回职责边界争议", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        let next = try await service(services).withdraw(id, by: principal, at: services.now)
        return answer(["dispute": DisputeDTO(next, today: services.today)], input, back: "/disputes/\(id)")
    }

    // MARK: public

    @Sendable static func rulings(_ request: Request, services: AppServices) async throws -> Response {
        let list = try await service(services).rulings(county: services.county)
        let page = try Listing.page(request, list.compactMap(PublicRulingDTO.init))
        return JSONBody.response(["rulings": page.items], page: page.headers)
    }

    // MARK: to-do lists

    /// What waits on disputes for a principal: a side's answers due and the overdue ones it is a side of; 编办's
    /// disputes ready to rule (answered, or escalated because the answer is overdue).
    static func todos(for principal: Principal, services: AppServices) async throws -> [WorkbenchController.Todo] {
        let today = services.today
        let list = try await service(services).disputes(for: principal).filter { !$0.state.isFinal }
        let overdue = list.filter { $0.isOverdue(on: today) }
        switch principal.role {
        case .establishment:
            let ready = list.filter { $0.state == .answered }.count
            return [
                WorkbenchController.todo("待裁定的职责边界争议", ready, "/disputes", "双方意见已齐，请裁定主办与配合"),
                WorkbenchController.todo(
                    "逾期未答复、已上报编办的争议", overdue.count, "/disputes", "答复期限已过，可径行裁定", alarm: true),
            ]
        case .township, .department:
            let mine = list.filter {
                $0.state == .raised && $0.respondent.isActing(principal) && !$0.isOverdue(on: today)
            }
            return [
                WorkbenchController.todo("待本单位答复的争议", mine.count, "/disputes", "请在答复期限内写明意见和依据"),
                WorkbenchController.todo("逾期未答复的争议（已上报编办）", overdue.count, "/disputes", "逾期后由编办径行裁定", alarm: true),
            ]
        default:
            return []
        }
    }
}

func addDisputeRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = DisputesController
    let api = router.group("api/v1")
    api.get("disputes") { r, c in try await C.list(r, context: c, services: s) }
    api.post("disputes") { r, c in try await C.raise(r, context: c, services: s) }
    api.get("disputes/rules") { r, c in try await C.rules(r, context: c, services: s) }
    api.post("disputes/rules") { r, c in try await C.setRules(r, context: c, services: s) }
    api.get("disputes/:id") { r, c in try await C.show(r, context: c, services: s) }
    api.post("disputes/:id/answer") { r, c in try await C.answerDispute(r, context: c, services: s) }
    api.post("disputes/:id/ruling") { r, c in try await C.rule(r, context: c, services: s) }
    api.post("disputes/:id/withdrawal") { r, c in try await C.withdraw(r, context: c, services: s) }
    api.get("rulings") { r, _ in try await C.rulings(r, services: s) }
    router.get("/disputes") { r, c in try await DisputePages.work(r, context: c, services: s) }
    router.get("/disputes/:id") { r, c in try await DisputePages.detail(r, context: c, services: s) }
    router.get("/rulings") { r, _ in try await DisputePages.rulings(r, services: s) }
}
