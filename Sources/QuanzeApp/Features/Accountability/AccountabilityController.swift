import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Accountability (追责、免予问责、容错纠错; DESIGN §6, issue 14 point 5) over the API
/// (`/api/v1/accountability/…`, also the target of the page's forms): the county's situations with their sources,
/// cases opened and decided by 编办 or 司法局, read by supervisors and by a township for its own cases, and a
/// person's record. Every read and write is of the principal's county.
enum AccountabilityController {
    static let viewers: Set<Role> = [.establishment, .justice, .township, .supervisor]
    static let recorders: Set<Role> = [.establishment, .justice]

    static func service(_ services: AppServices) -> AccountabilityService { AccountabilityService(services.database) }

    static func answer(_ value: some Encodable, _ input: DelegationInput, status: HTTPResponse.Status = .ok)
        -> Response
    {
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/accountability?done=1"]) }
        return JSONBody.response(value, status: status)
    }

    /// A list field: a JSON array, repeated form fields, or one text separated by `;` `；` `、` `,` or line ends.
    static func values(_ input: DelegationInput, _ name: String) -> [String] {
        let given = input.list(name).isEmpty ? [input[name]] : input.list(name)
        return given.flatMap { $0.split(whereSeparator: { ";；、,，\n\r".contains($0) }) }.map {
            String($0).trimmingSpaces()
        }.filter { !$0.isEmpty }
    }

    // MARK: DTOs

    struct SituationDTO: Encodable {
        var code: String
        var kind: String
        var kindLabel: String
        var source: RuleSource
        var citation: String

        init(_ s: AccountabilitySituation) {
            code = s.code
            kind = s.kind.rawValue
            kindLabel = s.kind.label
            source = s.source
            citation = s.source.citation
        }
    }

    struct CaseDTO: Encodable {
        var id: String
        var itemCode: String
        var itemName: String
        var township: String
        var townshipName: String
        var staffId: String
        var personName: String
        var matter: String
        var facts: String
        var occurredOn: String
        var openedOn: String
        var state: String
        var stateLabel: String
        var kind: String?
        var kindLabel: String?
        var number: String?
        var decidedOn: String?
        var body: String?
        var measure: String?
        var correction: String?
        var correctedOn: String?
        var situations: [SituationDTO]
        var articles: [String]
        var history: [StepRecord]

        init(_ c: AccountabilityCase) {
            id = c.id
            itemCode = c.itemCode
            itemName = c.itemName
            township = c.township
            townshipName = c.townshipName
            staffId = c.person.staffId
            personName = c.person.name
            matter = c.matter
            facts = c.facts
            occurredOn = c.occurredOn.iso
            openedOn = c.openedOn.iso
            state = c.state.rawValue
            stateLabel = c.state.label
            kind = c.kind?.rawValue
            kindLabel = c.kind?.label
            number = c.decision?.number
            decidedOn = c.decision?.on.iso
            body = c.decision?.body
            measure = c.decision?.measure
            correction = c.decision?.correction?.measures
            correctedOn = c.decision?.correction?.on.iso
            situations = (c.decision?.situations ?? []).map(SituationDTO.init)
            articles = (c.decision?.articles ?? []).map(\.description)
            history = c.history
        }
    }

    struct CountRow: Encodable {
        var township: String
        var townshipName: String
        var year: Int
        var imposed: Int
        var exempted: Int
        var tolerated: Int
        var decided: Int

        init(_ r: AccountabilityCounts.Row) {
            township = r.township
            townshipName = r.townshipName
            year = r.year
            imposed = r.counts.imposed
            exempted = r.counts.exempted
            tolerated = r.counts.tolerated
            decided = r.counts.decided
        }
    }

    // MARK: situations

    @Sendable static func situations(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看问责情形", request, context, services)
        let list = try await service(services).situations(county: principal.county)
        return JSONBody.response(["situations": list.map(SituationDTO.init)])
    }

    @Sendable static func recordSituation(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(recorders, "登记问责情形", request, context, services)
        let input = try await DelegationInput.read(request)
        guard let kind = AccountabilityKind(text: input["kind"]) else {
            throw AppError.unprocessable(
                "请选择情形类别：imposed（追责）、exempted（免予问责）或 tolerated（容错纠错）", field: "kind")
        }
        let made = try await service(services).recordSituation(
            code: input["code"], kind: kind,
            source: RuleSource(
                document: input["document"], number: input["number"], provision: input["provision"],
                wording: input["wording"]), by: principal, at: services.now)
        return answer(["situation": SituationDTO(made)], input, status: .created)
    }

    // MARK: cases

    @Sendable static func cases(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看问责案件", request, context, services)
        let list = try await service(services).cases(for: principal)
        struct Answer: Encodable {
            var cases: [CaseDTO]
            var totals: AccountabilityCounts
            var counts: [CountRow]
        }
        return JSONBody.response(
            Answer(
                cases: list.map(CaseDTO.init), totals: .of(list),
                counts: AccountabilityCounts.table(list).map(CountRow.init)))
    }

    @Sendable static func person(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看人员问责记录", request, context, services)
        let list = try await service(services).record(person: context.parameters.get("id") ?? "", for: principal)
        return JSONBody.response(["cases": list.map(CaseDTO.init)])
    }

    @Sendable static func open(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(recorders, "问责立案", request, context, services)
        let input = try await DelegationInput.read(request)
        let item = try input.required("item", "事项编码")
        let township = try input.required("township", "镇街")
        let person = try input.required("person", "人员编号")
        let occurred = try input.day("occurredOn", "事实发生日期")
        let made = try await service(services).open(
            item: item, township: township, person: person, matter: input["matter"], facts: input["facts"],
            occurredOn: occurred, openedOn: try input.optionalDay("openedOn", "立案日期") ?? services.today,
            today: services.today, by: principal, at: services.now)
        return answer(["case": CaseDTO(made)], input, status: .created)
    }

    @Sendable static func decide(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(recorders, "作出问责决定", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        guard let kind = AccountabilityKind(text: input["kind"]) else {
            throw AppError.unprocessable(
                "请选择决定类别：imposed（追责）、exempted（免予问责）或 tolerated（容错纠错）", field: "kind")
        }
        var correction: AccountabilityCase.Correction?
        if !input["correction"].isEmpty || !input["correctedOn"].isEmpty {
            correction = .init(
                measures: input["correction"], on: try input.day("correctedOn", "纠错完成日期"))
        }
        let next = try await service(services).decide(
            id,
            .init(
                kind: kind, number: input["number"], on: try input.optionalDay("on", "决定日期") ?? services.today,
                body: input["body"], measure: input["measure"], correction: correction,
                situations: values(input, "situations"), articles: values(input, "articles")),
            today: services.today, by: principal, at: services.now)
        return answer(["case": CaseDTO(next)], input)
    }
}

func addAccountabilityRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = AccountabilityController
    let api = router.group("api/v1/accountability")
    api.get("situations") { r, c in try await C.situations(r, context: c, services: s) }
    api.post("situations") { r, c in try await C.recordSituation(r, context: c, services: s) }
    api.get("cases") { r, c in try await C.cases(r, context: c, services: s) }
    api.post("cases") { r, c in try await C.open(r, context: c, services: s) }
    api.post("cases/:id/decision") { r, c in try await C.decide(r, context: c, services: s) }
    api.get("people/:id") { r, c in try await C.person(r, context: c, services: s) }
    router.get("/accountability") { r, c in try await AccountabilityPages.work(r, context: c, services: s) }
}
