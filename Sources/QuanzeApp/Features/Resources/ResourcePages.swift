import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The resources page (`/resources`): 编办 records budgets and establishment and reads the workload ranking (the
/// basis of 编制激励); a township reads its own figures and keeps its front-line enforcement staff's insurance; 司法局
/// and supervisors read. The ranking is the page's long table (filter, sort, pages, CSV/XLSX export).
enum ResourcePages {
    struct Option {
        var value: String
        var label: String
    }

    /// A township's insurance at a glance (county viewers).
    struct CoverSummary {
        var township: String
        var name: String
        var frontLine: Int
        var covered: Int
        var expiring: Int
        var uncovered: Int
    }

    struct ResourcePage {
        var done: Bool
        var role: String
        var year: Int
        var asOf: String
        var asOfChinese: String
        var rules: ResourcesController.RulesDTO
        var isEstablishment: Bool
        var isCountyViewer: Bool
        var mayInsure: Bool
        var budgets: [ResourcesController.BudgetDTO]
        var budgetTotal: ResourcesController.BudgetDTO?
        var offices: [ResourcesController.StandingDTO]
        var postsTotal: Int
        var inPostTotal: Int
        var controls: TableControls
        var ranking: [ResourcesController.WorkloadDTO]
        var covers: [ResourcesController.CoverDTO]
        var attention: [ResourcesController.CoverDTO]
        var coverSummary: [CoverSummary]
        var townships: [Option]
        var officeOptions: [Option]
        var staffOptions: [Option]
        var kinds: [Option]
        var countedStaff: String
        var workloadDefinition: String
    }

    @Sendable static func page(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            ResourcesController.viewers, "查看资源保障", request, context, services)
        let (year, asOf) = try ResourcesController.period(request, services: services)
        let service = ResourceService(services.database)
        let rules = try await ResourceRulesData.rules(county: principal.county, services: services)
        let own = ResourcesController.scope(principal)
        let rankingRows = try await ResourcesController.ranking(principal, year: year, asOf: asOf, services)
        let spec = ResourceTables.rankingSpec
        let query = try TableControls.query(request, spec: spec)
        let format = try TableControls.format(request)
        let table = query.apply(rankingRows) { ResourceTables.rankingRecord($0) }
        if format != .html {
            return TableControls.download(
                ResourceTables.rankingExport(table.filtered), format: format, filename: "每编工作量_\(year)_\(asOf.iso)")
        }
        let budgets = try await ResourcesController.budgets(principal, year: year, services)
        let total = TownshipBudget.total(
            budgets.map {
                TownshipBudget(
                    county: principal.county, township: $0.township, year: year, budgeted: Fen($0.budgetedFen),
                    disbursed: Fen($0.disbursedFen))
            }, county: principal.county, year: year)
        let standings = try await service.standings(county: principal.county, year: year, on: asOf, township: own)
        // Cover is read on the as-of day: today for this year, 31 December for a past one.
        let covers = try await ResourcesController.covers(
            principal, asOf: asOf, window: rules.expiryWarningDays, services)
        let units = try await service.townships(county: principal.county)
        let summary: [CoverSummary] = units.compactMap { code, name in
            let mine = covers.filter { $0.township == code }
            guard !mine.isEmpty else { return nil }
            return CoverSummary(
                township: code, name: name, frontLine: mine.count,
                covered: mine.filter { $0.status == "covered" }.count,
                expiring: mine.filter { $0.status == "expiring" }.count,
                uncovered: mine.filter { $0.status == "uncovered" }.count)
        }
        let offices = try await services.organizations.all(county: principal.county).filter {
            ($0.kind == .approvalOffice || $0.kind == .enforcementSquad) && !$0.isRetired
        }
        var hidden: [(String, String)] = [("year", String(year))]
        if let text = request.uri.queryParameters.get("asOf"), !text.isEmpty { hidden.append(("asOf", asOf.iso)) }
        let isCounty = own == nil
        return try Page.render(
            ResourcePage(
                done: request.uri.queryParameters.get("done") != nil, role: principal.role.label, year: year,
                asOf: asOf.iso, asOfChinese: asOf.chinese, rules: .init(rules),
                isEstablishment: principal.role == .establishment, isCountyViewer: isCounty,
                mayInsure: principal.role == .township || principal.role == .establishment, budgets: budgets,
                budgetTotal: isCounty && !budgets.isEmpty ? .init(total, name: "全区合计") : nil,
                offices: standings.map(ResourcesController.StandingDTO.init),
                postsTotal: standings.reduce(0) { $0 + ($1.posts ?? 0) },
                inPostTotal: standings.reduce(0) { $0 + $1.inPost },
                controls: TableControls(
                    path: "/resources", hidden: hidden, spec: spec, query: query, page: table, placeholder: "镇街名称中的字词"),
                ranking: table.rows, covers: isCounty ? [] : covers,
                attention: isCounty ? covers.filter { $0.status != "covered" } : [],
                coverSummary: isCounty ? summary : [],
                townships: units.map { Option(value: $0.code, label: $0.name) },
                officeOptions: offices.map { Option(value: $0.code, label: $0.name) },
                staffOptions: covers.map { Option(value: $0.staffId, label: "\($0.name)（\($0.staffId)）") },
                kinds: InsuranceKind.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                countedStaff: ResourceText.countedStaff, workloadDefinition: ResourceText.workloadDefinition),
            template: "resources/page", title: "资源保障", section: "resources", services: services)
    }
}
