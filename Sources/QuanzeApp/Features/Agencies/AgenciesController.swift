import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The product's default rules for dispatched agencies (`Resources/agency-rules.json`): what a county that has
/// recorded none works under. Its wording is data; its source is empty, so refusals say the county has recorded
/// no source document yet.
enum AgencyRulesData {
    static let url = Bundle.quanzeResources.appendingPathComponent("agency-rules.json")
    static let demoURL = Bundle.quanzeResources.appendingPathComponent("Demo/agency-rules.json")

    static func load(_ url: URL) throws -> AgencyRules {
        guard let data = try? Data(contentsOf: url),
            let rules = try? JSONDecoder().decode(AgencyRules.self, from: data)
        else { throw AppError(status: .internalServerError, code: "data", message: "派驻机构规则数据文件缺失或格式不正确") }
        return rules
    }

    static func defaults() throws -> AgencyRules { try load(url) }

    /// The county's recorded rules, else the defaults.
    static func rules(county: String, services: AppServices) async throws -> AgencyRules {
        if let stored = try await AgencyService(services.database).rules(county: county) { return stored }
        return try defaults()
    }
}

/// A request body of the agency routes: a form (the pages) or a JSON object (the API), with the raw object kept
/// for the nested parts (indicators, scores).
struct AgencyInput: Sendable {
    var base: DelegationInput
    var indicators: [AssessmentScheme.IndicatorInput]
    var scores: [String: String]
    var indicatorProblem: String?

    subscript(_ name: String) -> String { base[name] }
    var isForm: Bool { base.isForm }

    static func text(_ value: Any) -> String? {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }

    static func read(_ request: Request) async throws -> AgencyInput {
        var request = request
        let type = request.headers[.contentType] ?? ""
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let base = try await DelegationInput.read(request)
        var indicators: [AssessmentScheme.IndicatorInput] = []
        var scores: [String: String] = [:]
        var problem: String?
        if type.hasPrefix("application/x-www-form-urlencoded") {
            let names = base.lists["name"] ?? []
            let sides = base.lists["side"] ?? []
            let weights = base.lists["weight"] ?? []
            for index in names.indices {
                let name = names[index].trimmingSpaces()
                let weight = index < weights.count ? weights[index] : ""
                if name.isEmpty && weight.trimmingSpaces().isEmpty { continue }
                guard index < sides.count, let side = AssessmentScheme.Side(text: sides[index]) else {
                    problem = "指标“\(name)”的评分方应为 township（镇街）或 department（主管部门）"
                    break
                }
                indicators.append(.init(name: name, side: side, weight: weight))
            }
            for (key, values) in base.lists where key.hasPrefix("score:") {
                scores[String(key.dropFirst(6))] = values.first ?? ""
            }
        } else if buffer.readableBytes > 0,
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]
        {
            if let rows = object["indicators"] {
                guard let rows = rows as? [Any] else { throw AppError.unprocessable("indicators 应为数组") }
                for row in rows {
                    guard let row = row as? [String: Any], let name = row["name"].flatMap(text),
                        let weight = row["weight"].flatMap(text)
                    else { throw AppError.unprocessable("每项指标应写明 name、side 和 weight") }
                    guard let side = row["side"].flatMap(text).flatMap(AssessmentScheme.Side.init(text:)) else {
                        throw AppError.unprocessable("指标“\(name)”的评分方应为 township（镇街）或 department（主管部门）")
                    }
                    indicators.append(.init(name: name, side: side, weight: weight))
                }
            }
            if let given = object["scores"] {
                guard let given = given as? [String: Any] else {
                    throw AppError.unprocessable("scores 应为“指标名称: 得分”的对象")
                }
                for (name, value) in given {
                    guard let text = text(value) else { throw AppError.unprocessable("指标“\(name)”的得分应为数字") }
                    scores[name] = text
                }
            }
        }
        return AgencyInput(base: base, indicators: indicators, scores: scores, indicatorProblem: problem)
    }
}

/// Dispatched agencies (派驻机构, DESIGN §6, issue 14 points 1–2): head appointments with the township's opinion and
/// yearly assessment schemes, over the API (`/api/v1/agencies/…`, also the target of the page's forms) and on the
/// work page `/agencies`. Every read and write is of the principal's county; the domain checks organisations.
enum AgenciesController {
    static let viewers: Set<Role> = [.establishment, .justice, .department, .township, .supervisor]

    static func answer(_ value: some Encodable, _ input: AgencyInput, status: HTTPResponse.Status = .ok) -> Response {
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/agencies?done=1"]) }
        return JSONBody.response(value, status: status)
    }

    static func service(_ services: AppServices) -> AgencyService { AgencyService(services.database) }

    // MARK: DTOs

    struct RulesDTO: Encodable {
        var opinionDeadlineDays: Int
        var allowsUnconsultedException: Bool
        var minimumTownshipWeight: String
        var consultation: RuleSource
        var consultationPrinted: String
        var townshipWeight: RuleSource
        var townshipWeightPrinted: String

        init(_ r: AgencyRules) {
            opinionDeadlineDays = r.opinionDeadlineDays
            allowsUnconsultedException = r.allowsUnconsultedException
            minimumTownshipWeight = Percent(basisPoints: r.minimumTownshipWeight).text
            consultation = r.consultation
            consultationPrinted = r.consultation.printed
            townshipWeight = r.townshipWeight
            townshipWeightPrinted = r.townshipWeight.printed
        }
    }

    struct AppointmentDTO: Encodable {
        var id: String
        var agency: AgencyRef
        var action: String
        var actionLabel: String
        var person: String
        var post: String
        var reasons: String
        var proposedOn: String
        var deadline: String
        var overdue: Bool
        var state: String
        var stateLabel: String
        var opinion: String?
        var opinionReasons: String?
        var opinionOn: String?
        var opinionLate: Bool
        var decision: String?
        var decidedOn: String?
        var exceptionReason: String?
        var allowedEvents: [String]
        var history: [StepRecord]

        init(_ a: HeadAppointment, viewer: Principal, rules: AgencyRules, today: Day) {
            id = a.id
            agency = a.agency
            action = a.action.rawValue
            actionLabel = a.action.label
            person = a.person
            post = a.post
            reasons = a.reasons
            proposedOn = a.proposedOn.iso
            deadline = a.deadline.iso
            overdue = a.isOverdue(on: today)
            state = a.state.rawValue
            stateLabel = a.state.label
            opinion = a.opinion?.label
            opinionReasons = a.opinion?.reasons
            opinionOn = a.opinion?.on.iso
            opinionLate = a.opinion?.late ?? false
            decision = a.decision?.number
            decidedOn = a.decision?.on.iso
            exceptionReason = a.exceptionReason
            allowedEvents = a.allowedEvents(for: viewer, rules: rules).map(\.rawValue)
            history = a.history
        }
    }

    struct IndicatorDTO: Encodable {
        var name: String
        var side: String
        var sideLabel: String
        var weight: String
        var score: String?
    }

    struct SchemeDTO: Encodable {
        var id: String
        var year: Int
        var agency: AgencyRef
        var state: String
        var stateLabel: String
        var townshipWeight: String
        var minimumTownshipWeight: String
        var indicators: [IndicatorDTO]
        var townshipSubtotal: String?
        var departmentSubtotal: String?
        var total: String?
        var publishedOn: String?
        /// The side the viewer scores for (township/department), if any and the scheme is still open.
        var scoringSide: String?

        init(_ s: AssessmentScheme, viewer: Principal) {
            id = s.id
            year = s.year
            agency = s.agency
            state = s.state.rawValue
            stateLabel = s.state.label
            townshipWeight = Percent(basisPoints: s.townshipWeight).text
            minimumTownshipWeight = Percent(basisPoints: s.minimumTownshipWeight).text
            indicators = s.indicators.map {
                IndicatorDTO(
                    name: $0.name, side: $0.side.rawValue, sideLabel: $0.side.label,
                    weight: Percent(basisPoints: $0.weight).text, score: $0.score.map(Hundredths.text))
            }
            townshipSubtotal = s.subtotal(.township).map(Hundredths.fixed)
            departmentSubtotal = s.subtotal(.department).map(Hundredths.fixed)
            total = s.total.map(Hundredths.fixed)
            publishedOn = s.publishedOn?.iso
            scoringSide = s.state == .scoring ? s.side(of: viewer)?.rawValue : nil
        }
    }

    // MARK: reads

    @Sendable static func agencies(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看派驻机构", request, context, services)
        let all = try await service(services).agencies(county: principal.county)
        return JSONBody.response(["agencies": visible(all, principal)])
    }

    static func visible(_ agencies: [AgencyRef], _ principal: Principal) -> [AgencyRef] {
        switch principal.role {
        case .department: agencies.filter { $0.department == principal.organization }
        case .township: agencies.filter { $0.township == principal.unit }
        default: agencies
        }
    }

    @Sendable static func rules(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看派驻机构规则", request, context, services)
        let rules = try await AgencyRulesData.rules(county: principal.county, services: services)
        return JSONBody.response(["rules": RulesDTO(rules)])
    }

    @Sendable static func saveRules(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "维护派驻机构规则", request, context, services)
        let input = try await AgencyInput.read(request)
        let current = try await AgencyRulesData.rules(county: principal.county, services: services)
        let days = try input.base.int("opinionDeadlineDays", "镇街反馈意见期限（天）")
        guard let minimum = Percent(parsing: try input.base.required("minimumTownshipWeight", "镇街评价最低权重")) else {
            throw AppError.unprocessable("镇街评价最低权重应为最多两位小数的百分数，如 30")
        }
        func source(_ prefix: String, _ old: RuleSource) -> RuleSource {
            RuleSource(
                document: input["\(prefix)Document"],
                number: input["\(prefix)Number"].isEmpty ? nil : input["\(prefix)Number"],
                provision: input["\(prefix)Provision"].isEmpty ? nil : input["\(prefix)Provision"],
                wording: input["\(prefix)Wording"].isEmpty ? old.wording : input["\(prefix)Wording"])
        }
        let rules = AgencyRules(
            opinionDeadlineDays: days, allowsUnconsultedException: input.base.bool("allowsUnconsultedException"),
            minimumTownshipWeight: minimum.basisPoints, consultation: source("consultation", current.consultation),
            townshipWeight: source("townshipWeight", current.townshipWeight))
        try await service(services).setRules(rules, county: principal.county, actor: principal.actor, at: services.now)
        return answer(["rules": RulesDTO(rules)], input)
    }

    @Sendable static func appointments(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看派驻机构负责人任免", request, context, services)
        let year = try Query.int(request, "year", default: services.today.year, range: 2000...2100)
        let rules = try await AgencyRulesData.rules(county: principal.county, services: services)
        let list = try await service(services).appointments(for: principal)
        let today = services.today
        struct Answer: Encodable {
            var appointments: [AppointmentDTO]
            var counts: AppointmentCounts
        }
        return JSONBody.response(
            Answer(
                appointments: list.map { AppointmentDTO($0, viewer: principal, rules: rules, today: today) },
                counts: AppointmentCounts.of(list, year: year, today: today)))
    }

    // MARK: appointment writes

    @Sendable static func propose(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.department], "提出派驻机构负责人任免", request, context, services)
        let input = try await AgencyInput.read(request)
        let agency = try input.base.required("agency", "派驻机构")
        guard let action = HeadAppointment.Action(text: input["action"]) else {
            throw AppError.unprocessable("请选择任免类别：appoint（任职）或 remove（免职）")
        }
        let rules = try await AgencyRulesData.rules(county: principal.county, services: services)
        let made = try await service(services).propose(
            agency: agency, action: action, person: input["person"], post: input["post"], reasons: input["reasons"],
            on: try input.base.optionalDay("on", "提出日期") ?? services.today, rules: rules, by: principal,
            at: services.now)
        return answer(
            ["appointment": AppointmentDTO(made, viewer: principal, rules: rules, today: services.today)], input,
            status: .created)
    }

    /// opinion | decide | decide-exception | withdraw.
    @Sendable static func appointmentEvent(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.department, .township], "办理派驻机构负责人任免", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await AgencyInput.read(request)
        let today = services.today
        let event: HeadAppointment.Event
        switch HeadAppointment.EventKind(rawValue: input["event"]) {
        case .giveOpinion:
            guard ["agree", "disagree", "同意", "不同意", "true", "false"].contains(input["opinion"]) else {
                throw AppError.unprocessable("请选择意见：agree（同意）或 disagree（不同意）")
            }
            event = .giveOpinion(
                agrees: ["agree", "同意", "true"].contains(input["opinion"]), reasons: input["reasons"],
                on: try input.base.optionalDay("on", "反馈日期") ?? today)
        case .decide:
            event = .decide(
                number: try input.base.required("number", "任免决定文号"),
                on: try input.base.optionalDay("on", "决定日期") ?? today)
        case .decideWithoutOpinion:
            event = .decideWithoutOpinion(
                number: try input.base.required("number", "任免决定文号"),
                on: try input.base.optionalDay("on", "决定日期") ?? today, reason: input["reason"])
        case .withdraw: event = .withdraw
        case nil: throw AppError.unprocessable("event 应为 opinion、decide、decide-exception 或 withdraw")
        }
        let rules = try await AgencyRulesData.rules(county: principal.county, services: services)
        let next = try await service(services).apply(event, to: id, rules: rules, by: principal, at: services.now)
        return answer(["appointment": AppointmentDTO(next, viewer: principal, rules: rules, today: today)], input)
    }

    // MARK: schemes

    @Sendable static func schemes(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            viewers.union([.officer]), "查看派驻机构考核", request, context, services)
        let list = try await visibleSchemes(principal, services)
        return JSONBody.response(["schemes": list.map { SchemeDTO($0, viewer: principal) }])
    }

    /// An officer of an agency sees its published results; the other viewers see what `AgencyService` scopes.
    static func visibleSchemes(_ principal: Principal, _ services: AppServices) async throws -> [AssessmentScheme] {
        if principal.role == .officer {
            return try await service(services).publishedSchemes(
                county: principal.county, agency: principal.organization)
        }
        return try await service(services).schemes(for: principal)
    }

    @Sendable static func makeScheme(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.department, .establishment], "制定派驻机构考核方案", request, context, services)
        let input = try await AgencyInput.read(request)
        let agency = try input.base.required("agency", "派驻机构")
        let year = try input.base.int("year", "考核年度")
        if let problem = input.indicatorProblem { throw AppError.unprocessable(problem) }
        let rules = try await AgencyRulesData.rules(county: principal.county, services: services)
        let made = try await service(services).makeScheme(
            agency: agency, year: year, indicators: input.indicators, rules: rules, by: principal, at: services.now)
        return answer(["scheme": SchemeDTO(made, viewer: principal)], input, status: .created)
    }

    @Sendable static func score(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.department, .township], "派驻机构考核评分", request, context, services)
        let input = try await AgencyInput.read(request)
        let next = try await service(services).scheme(
            context.parameters.get("id") ?? "", .score(input.scores), by: principal, at: services.now)
        return answer(["scheme": SchemeDTO(next, viewer: principal)], input)
    }

    @Sendable static func publish(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.department, .establishment], "公布派驻机构考核结果", request, context, services)
        let input = try await AgencyInput.read(request)
        let next = try await service(services).scheme(
            context.parameters.get("id") ?? "",
            .publish(on: try input.base.optionalDay("on", "公布日期") ?? services.today), by: principal,
            at: services.now)
        return answer(["scheme": SchemeDTO(next, viewer: principal)], input)
    }
}

func addAgencyRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = AgenciesController
    let api = router.group("api/v1/agencies")
    router.get("/api/v1/agencies") { r, c in try await C.agencies(r, context: c, services: s) }
    api.get("rules") { r, c in try await C.rules(r, context: c, services: s) }
    api.post("rules") { r, c in try await C.saveRules(r, context: c, services: s) }
    api.get("appointments") { r, c in try await C.appointments(r, context: c, services: s) }
    api.post("appointments") { r, c in try await C.propose(r, context: c, services: s) }
    api.post("appointments/:id/events") { r, c in try await C.appointmentEvent(r, context: c, services: s) }
    api.get("schemes") { r, c in try await C.schemes(r, context: c, services: s) }
    api.post("schemes") { r, c in try await C.makeScheme(r, context: c, services: s) }
    api.post("schemes/:id/scores") { r, c in try await C.score(r, context: c, services: s) }
    api.post("schemes/:id/publish") { r, c in try await C.publish(r, context: c, services: s) }
    router.get("/agencies") { r, c in try await AgencyPages.work(r, context: c, services: s) }
}
