import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The work page of accountability (`/accountability`): 编办 and 司法局 keep the county's situations with their
/// sources, open cases and decide them; a township sees its own cases; the supervisor reads. Counts per township ×
/// kind × year; `?person=` shows one person's record (scoped like the API: another township's person is 404).
enum AccountabilityPages {
    struct CaseRow {
        var dto: AccountabilityController.CaseDTO
        var mayDecide: Bool
        /// The decision's statute articles as a reader cites them: 《行政处罚法》（2021年1月22日版）第83条.
        var citedArticles: [String]
    }

    struct KindOption {
        var key: String
        var label: String
    }

    struct TownshipOption {
        var code: String
        var name: String
    }

    struct SituationGroup {
        var label: String
        var situations: [AccountabilityController.SituationDTO]
        var hasSituations: Bool
    }

    struct WorkPage {
        var done: Bool
        var role: String
        var mayRecord: Bool
        var groups: [SituationGroup]
        var situations: [AccountabilityController.SituationDTO]
        var hasSituations: Bool
        var kinds: [KindOption]
        var townships: [TownshipOption]
        var totals: AccountabilityCounts
        var counts: [AccountabilityController.CountRow]
        var hasCounts: Bool
        var cases: [CaseRow]
        var hasCases: Bool
        /// Open cases the viewer may decide (their forms follow the table).
        var hasOpen: Bool
        var person: String?
        var personName: String?
        var today: String
    }

    @Sendable static func work(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            AccountabilityController.viewers, "查看追责与容错纠错", request, context, services)
        let service = AccountabilityService(services.database)
        let person = try Query.text(request, "person", max: 40)
        let cases: [AccountabilityCase]
        if let person, !person.isEmpty {
            cases = try await service.record(person: person, for: principal)
        } else {
            cases = try await service.cases(for: principal)
        }
        let situations = try await service.situations(county: principal.county).map(
            AccountabilityController.SituationDTO.init)
        let mayRecord = AccountabilityController.recorders.contains(principal.role)
        var townships: [TownshipOption] = []
        if mayRecord {
            townships = try await RegionStore(services.database).townships(county: principal.county).map {
                TownshipOption(code: $0.0.code.value, name: $0.0.name)
            }
        }
        let all = try await service.cases(for: principal)
        let counts = AccountabilityCounts.table(all).map(AccountabilityController.CountRow.init)
        let groups = AccountabilityKind.allCases.map { kind in
            let list = situations.filter { $0.kind == kind.rawValue }
            return SituationGroup(label: kind.label, situations: list, hasSituations: !list.isEmpty)
        }
        let rows = cases.reversed().map {
            CaseRow(
                dto: .init($0), mayDecide: mayRecord && $0.state == .open,
                citedArticles: ($0.decision?.articles ?? []).map(\.display))
        }
        let filtered = person?.isEmpty == false
        return try Page.render(
            WorkPage(
                done: request.uri.queryParameters.get("done") != nil, role: principal.role.label,
                mayRecord: mayRecord, groups: groups, situations: situations, hasSituations: !situations.isEmpty,
                kinds: AccountabilityKind.allCases.map { KindOption(key: $0.rawValue, label: $0.label) },
                townships: townships, totals: .of(all), counts: counts, hasCounts: !counts.isEmpty, cases: rows,
                hasCases: !rows.isEmpty, hasOpen: rows.contains(where: \.mayDecide), person: filtered ? person : nil,
                personName: filtered ? cases.first?.person.name : nil, today: services.today.iso),
            template: "accountability/work", title: "追责与容错纠错", section: "accountability", services: services)
    }
}
