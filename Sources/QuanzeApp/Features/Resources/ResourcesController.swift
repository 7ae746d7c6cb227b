import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The product's default resource rules (`Resources/resource-rules.json`): what a county that has recorded none
/// works under. The wording is data; its source is empty, so the page says the county has recorded no source
/// document yet.
enum ResourceRulesData {
    static let url = Bundle.quanzeResources.appendingPathComponent("resource-rules.json")
    static let demoURL = Bundle.quanzeResources.appendingPathComponent("Demo/resource-rules.json")

    static func load(_ url: URL) throws -> ResourceRules {
        guard let data = try? Data(contentsOf: url),
            let rules = try? JSONDecoder().decode(ResourceRules.self, from: data)
        else { throw AppError(status: .internalServerError, code: "data", message: "资源保障规则数据文件缺失或格式不正确") }
        return rules
    }

    /// The county's recorded rules, else the defaults.
    static func rules(county: String, services: AppServices) async throws -> ResourceRules {
        if let stored = try await ResourceService(services.database).rules(county: county) { return stored }
        return try load(url)
    }
}

/// Resources that follow the powers (资源对等下放, DESIGN §6, issue 14 point 4) over the API
/// (`/api/v1/resources/…`, also the target of the page's forms): budgets and establishment (编办 records, the county's
/// viewers read), the workload ranking (the basis of 编制激励, exportable), insurance of front-line enforcement staff
/// (the township records its own, 编办 any). A township reads only its own figures; every read and write is of the
/// principal's county.
enum ResourcesController {
    /// Who reads the county's figures (编办, 司法局, supervisors) and who reads its own (a township).
    static let viewers: Set<Role> = [.establishment, .justice, .supervisor, .township]

    static func service(_ services: AppServices) -> ResourceService { ResourceService(services.database) }

    static func answer(_ value: some Encodable, _ input: DelegationInput, status: HTTPResponse.Status = .ok)
        -> Response
    {
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/resources?done=1"]) }
        return JSONBody.response(value, status: status)
    }

    /// The township a principal's reads are limited to (nil: the whole county).
    static func scope(_ principal: Principal) -> String? {
        principal.role == .township ? (principal.unit ?? "-") : nil
    }

    /// The year (default this year) and the as-of day (default today within this year, else 31 December).
    static func period(_ request: Request, services: AppServices) throws -> (year: Int, asOf: Day) {
        let today = services.today
        let year = try Query.int(request, "year", default: today.year, range: 2000...2100)
        let end = year == today.year ? today : Day(year: year, month: 12, day: 31)!
        let asOf = try Query.day(request, "asOf", default: end)
        guard asOf.year == year else {
            throw AppError.badRequest("截止日期\(asOf.chinese)不在 \(year) 年内")
        }
        return (year, asOf)
    }

    // MARK: DTOs

    struct RulesDTO: Encodable {
        var expiryWarningDays: Int
        var insurance: RuleSource
        var insurancePrinted: String

        init(_ r: ResourceRules) {
            expiryWarningDays = r.expiryWarningDays
            insurance = r.insurance
            insurancePrinted = r.insurance.printed
        }
    }

    struct BudgetDTO: Encodable {
        var township: String
        var townshipName: String
        var year: Int
        var budgeted: String
        var disbursed: String
        var outstanding: String
        var budgetedFen: Int
        var disbursedFen: Int
        var disbursementRate: String
        var fullyDisbursed: Bool
        var document: String?
        var note: String

        init(_ b: TownshipBudget, name: String) {
            township = b.township
            townshipName = name
            year = b.year
            budgeted = b.budgeted.yuan
            disbursed = b.disbursed.yuan
            outstanding = b.outstanding.yuan
            budgetedFen = b.budgeted.value
            disbursedFen = b.disbursed.value
            disbursementRate = b.disbursementRate.map { Percent(basisPoints: $0).text } ?? "—"
            fullyDisbursed = b.isFullyDisbursed
            document = b.document
            note = b.note
        }
    }

    struct StandingDTO: Encodable {
        var office: String
        var officeName: String
        var township: String
        var posts: Int?
        var postsText: String
        var inPost: Int
        var secondedAway: Int
        var auxiliary: Int
        var dispatched: Int
        var difference: Int?
        var label: String
        var tone: String

        init(_ s: EstablishmentStanding) {
            office = s.office
            officeName = s.officeName
            township = s.township
            posts = s.posts
            postsText = s.posts.map(String.init) ?? "—"
            inPost = s.inPost
            secondedAway = s.secondedAway
            auxiliary = s.auxiliary
            dispatched = s.dispatched
            difference = s.difference
            label = s.label
            tone = s.difference.map { $0 < 0 ? "failed" : $0 > 0 ? "warn" : "ok" } ?? "muted"
        }
    }

    struct WorkloadDTO: Encodable {
        var rank: Int
        var township: String
        var name: String
        var items: Int
        var cases: Int
        var posts: Int
        var load: Int
        var perPost: String

        init(_ r: Workload.Ranked) {
            rank = r.rank
            township = r.workload.township
            name = r.workload.name
            items = r.workload.items
            cases = r.workload.cases
            posts = r.workload.posts
            load = r.workload.load
            perPost = r.workload.perPostText
        }
    }

    struct PolicyDTO: Encodable {
        var id: String
        var township: String
        var staffId: String
        var staffName: String
        var insurer: String
        var number: String
        var kind: String
        var kindLabel: String
        var from: String
        var until: String
        var cover: String
        var coverFen: Int

        init(_ p: InsurancePolicy) {
            id = p.id
            township = p.township
            staffId = p.staffId
            staffName = p.staffName
            insurer = p.insurer
            number = p.number
            kind = p.kind.rawValue
            kindLabel = p.kind.label
            from = p.from.iso
            until = p.until.iso
            cover = p.cover.yuan
            coverFen = p.cover.value
        }
    }

    struct CoverDTO: Encodable {
        var township: String
        var townshipName: String
        var staffId: String
        var name: String
        var organization: String
        var kind: String
        var status: String
        var statusLabel: String
        /// The label's colour class (the word is always printed too).
        var tone: String
        var coveredUntil: String?
        var policies: [PolicyDTO]

        init(_ c: StaffCover, snapshot: CapacitySnapshot) {
            township = snapshot.unit
            townshipName = snapshot.unitName
            staffId = c.staffId
            name = c.name
            organization = snapshot.organizationName(c.organization)
            kind = c.kind.label
            status = c.status.rawValue
            statusLabel = c.status.label
            tone = c.status == .covered ? "ok" : c.status == .expiring ? "warn" : "failed"
            coveredUntil = c.coveredUntil?.iso
            policies = c.policies.map(PolicyDTO.init)
        }
    }

    // MARK: figures shared by the API and the page

    static func names(_ principal: Principal, _ services: AppServices) async throws -> [String: String] {
        Dictionary(
            try await service(services).townships(county: principal.county).map { ($0.code, $0.name) },
            uniquingKeysWith: { a, _ in a })
    }

    static func budgets(_ principal: Principal, year: Int, _ services: AppServices) async throws -> [BudgetDTO] {
        let names = try await names(principal, services)
        return try await service(services).budgets(county: principal.county, year: year, township: scope(principal))
            .map { BudgetDTO($0, name: names[$0.township] ?? $0.township) }
    }

    static func ranking(_ principal: Principal, year: Int, asOf: Day, _ services: AppServices) async throws
        -> [WorkloadDTO]
    {
        let all = Workload.ranking(
            try await service(services).workloads(county: principal.county, year: year, on: asOf))
        let own = scope(principal)
        return all.filter { own == nil || $0.workload.township == own }.map(WorkloadDTO.init)
    }

    /// Front-line enforcement staff with their cover on `asOf`, for the township's own unit or (county viewers)
    /// every unit.
    static func covers(_ principal: Principal, asOf: Day, window: Int, _ services: AppServices) async throws
        -> [CoverDTO]
    {
        let policies = try await service(services).policies(county: principal.county, township: scope(principal))
        let snapshots = try await CapacityStore(services.database).snapshots(county: principal.county).filter {
            scope(principal) == nil || $0.unit == scope(principal)
        }
        return snapshots.flatMap { snapshot in
            StaffCover.of(
                snapshot, policies: policies.filter { $0.township == snapshot.unit }, on: asOf, window: window
            ).map { CoverDTO($0, snapshot: snapshot) }
        }
    }

    /// How many of a unit's front-line enforcement staff are uncovered or whose cover ends within the warning
    /// window on `today` (the township's to-do line).
    static func insuranceAttention(county: String, unit: String, services: AppServices) async throws -> Int {
        let rules = try await ResourceRulesData.rules(county: county, services: services)
        let snapshot = try await CapacityStore(services.database).snapshot(county: county, unit: unit)
        let policies = try await service(services).policies(county: county, township: unit)
        return StaffCover.of(snapshot, policies: policies, on: services.today, window: rules.expiryWarningDays)
            .filter { $0.status != .covered }.count
    }

    // MARK: reads

    @Sendable static func rules(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看资源保障规则", request, context, services)
        return JSONBody.response(
            ["rules": RulesDTO(try await ResourceRulesData.rules(county: principal.county, services: services))])
    }

    @Sendable static func budgetList(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看审批执法经费", request, context, services)
        let (year, _) = try period(request, services: services)
        let list = try await budgets(principal, year: year, services)
        struct Answer: Encodable {
            var year: Int
            var budgets: [BudgetDTO]
            var total: BudgetDTO?
        }
        let total = TownshipBudget.total(
            list.map {
                TownshipBudget(
                    county: principal.county, township: $0.township, year: year, budgeted: Fen($0.budgetedFen),
                    disbursed: Fen($0.disbursedFen))
            }, county: principal.county, year: year)
        return JSONBody.response(
            Answer(year: year, budgets: list, total: list.isEmpty ? nil : BudgetDTO(total, name: "合计")))
    }

    @Sendable static func establishment(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看编制情况", request, context, services)
        let (year, asOf) = try period(request, services: services)
        let list = try await service(services).standings(
            county: principal.county, year: year, on: asOf, township: scope(principal))
        struct Answer: Encodable {
            var year: Int
            var asOf: String
            var counted: String
            var offices: [StandingDTO]
        }
        return JSONBody.response(
            Answer(
                year: year, asOf: asOf.iso, counted: ResourceText.countedStaff, offices: list.map(StandingDTO.init)))
    }

    @Sendable static func workload(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看每编工作量", request, context, services)
        let (year, asOf) = try period(request, services: services)
        let rows = try await ranking(principal, year: year, asOf: asOf, services)
        let format = try TableControls.format(request)
        if format != .html {
            return TableControls.download(
                ResourceTables.rankingExport(rows), format: format, filename: "每编工作量_\(year)_\(asOf.iso)")
        }
        struct Answer: Encodable {
            var year: Int
            var asOf: String
            var definition: String
            var ranking: [WorkloadDTO]
        }
        return JSONBody.response(
            Answer(year: year, asOf: asOf.iso, definition: ResourceText.workloadDefinition, ranking: rows))
    }

    @Sendable static func insurance(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看执法人员保险", request, context, services)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let rules = try await ResourceRulesData.rules(county: principal.county, services: services)
        let list = try await covers(principal, asOf: asOf, window: rules.expiryWarningDays, services)
        struct Answer: Encodable {
            var asOf: String
            var expiryWarningDays: Int
            var rule: String
            var staff: [CoverDTO]
        }
        return JSONBody.response(
            Answer(
                asOf: asOf.iso, expiryWarningDays: rules.expiryWarningDays, rule: rules.insurance.printed,
                staff: list))
    }

    // MARK: writes

    @Sendable static func saveRules(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "维护资源保障规则", request, context, services)
        let input = try await DelegationInput.read(request)
        let current = try await ResourceRulesData.rules(county: principal.county, services: services)
        let rules = ResourceRules(
            insurance: RuleSource(
                document: input["insuranceDocument"],
                number: input["insuranceNumber"].isEmpty ? nil : input["insuranceNumber"],
                provision: input["insuranceProvision"].isEmpty ? nil : input["insuranceProvision"],
                wording: input["insuranceWording"].isEmpty ? current.insurance.wording : input["insuranceWording"]),
            expiryWarningDays: try input.int("expiryWarningDays", "保险到期提醒天数"))
        try await service(services).setRules(rules, county: principal.county, actor: principal.actor, at: services.now)
        return answer(["rules": RulesDTO(rules)], input)
    }

    @Sendable static func saveBudget(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "登记审批执法经费", request, context, services)
        let input = try await DelegationInput.read(request)
        let township = try input.required("township", "镇街")
        let year = try input.int("year", "年度")
        let budget: TownshipBudget
        do throws(ResourceFailure) {
            budget = try TownshipBudget.make(
                county: principal.county, township: township, year: year, budgeted: input["budgeted"],
                disbursed: input["disbursed"], document: input["document"], note: input["note"])
        } catch { throw error }
        try await service(services).setBudget(budget, actor: principal.actor, at: services.now)
        let names = try await names(principal, services)
        return answer(["budget": BudgetDTO(budget, name: names[township] ?? township)], input)
    }

    @Sendable static func saveEstablishment(_ request: Request, context: AppContext, services: AppServices)
        async throws -> Response
    {
        let principal = try await DelegationController.require([.establishment], "核定编制数", request, context, services)
        let input = try await DelegationInput.read(request)
        let (record, _) = try await service(services).setEstablishment(
            county: principal.county, office: try input.required("office", "机构"), year: try input.int("year", "年度"),
            posts: try input.int("posts", "编制数"), document: input["document"], actor: principal.actor,
            at: services.now)
        return answer(["establishment": record], input)
    }

    @Sendable static func addPolicy(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.township, .establishment], "登记执法人员保险", request, context, services)
        let input = try await DelegationInput.read(request)
        let township = principal.role == .township ? (principal.unit ?? "") : try input.required("township", "镇街")
        guard AccessPolicy.allows(principal, .editUnit(county: principal.county, unit: township)) else {
            throw try await Guard.refusal(.forbidden("无权登记其他单位人员的保险"), request, context, services)
        }
        let policy = try await service(services).addPolicy(
            county: principal.county, township: township, staffId: try input.required("staff", "人员编号"),
            insurer: input["insurer"], number: input["number"], kind: input["kind"],
            from: try input.day("from", "保险起始日"), until: try input.day("until", "保险终止日"), cover: input["cover"],
            actor: principal.actor, at: services.now)
        return answer(["policy": PolicyDTO(policy)], input, status: .created)
    }
}

func addResourceRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = ResourcesController
    let api = router.group("api/v1/resources")
    api.get("rules") { r, c in try await C.rules(r, context: c, services: s) }
    api.post("rules") { r, c in try await C.saveRules(r, context: c, services: s) }
    api.get("budgets") { r, c in try await C.budgetList(r, context: c, services: s) }
    api.post("budgets") { r, c in try await C.saveBudget(r, context: c, services: s) }
    api.get("establishment") { r, c in try await C.establishment(r, context: c, services: s) }
    api.post("establishment") { r, c in try await C.saveEstablishment(r, context: c, services: s) }
    api.get("workload") { r, c in try await C.workload(r, context: c, services: s) }
    api.get("insurance") { r, c in try await C.insurance(r, context: c, services: s) }
    api.post("insurance") { r, c in try await C.addPolicy(r, context: c, services: s) }
    router.get("/resources") { r, c in try await ResourcePages.page(r, context: c, services: s) }
}
