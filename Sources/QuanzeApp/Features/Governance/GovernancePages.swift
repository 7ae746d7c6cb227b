import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The work page of the townships' governance rights (`/governance`), one page for every role that takes part: a
/// township records its exercises and sees its counts and the plans or acceptances that skipped it; a department
/// records its plans and acceptances; 编办 keeps the county's list of rights, sees the counts per township and the
/// flagged matters, and may record for a township; 司法局 and the supervisor see the list, the counts and the flags.
enum GovernancePages {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    /// One row of 编办's list form: the right's fields with the options of its group and scope.
    struct RightFormRow {
        var index: Int
        var code: String
        var name: String
        var groups: [Option]
        var scopes: [Option]
        var grantedIn: String
        var document: String
        var number: String
        var provision: String
        var wording: String
    }

    struct Cell {
        var label: String
        var count: Int
    }

    /// A township's counts in the list's order, each cell labelled for the phone's stacked table.
    struct CountRow {
        var townshipName: String
        var cells: [Cell]
        var total: Int
    }

    struct WorkPage {
        var done: Bool
        var role: String
        var year: Int
        var todayText: String
        var today: String
        var rights: [GovernanceController.RightDTO]
        var recorded: Bool
        var rightNames: [String]
        var counts: [CountRow]
        var isEstablishment: Bool
        var isTownship: Bool
        var isDepartment: Bool
        var seesFlags: Bool
        var mayRecord: Bool
        var recordable: [GovernanceController.RightDTO]
        var townships: [Option]
        var concerned: [Option]
        var linkable: [GovernanceController.MatterDTO]
        var exercises: [GovernanceController.ExerciseDTO]
        var matters: [GovernanceController.MatterDTO]
        var flagged: [GovernanceController.MatterDTO]
        var formRows: [RightFormRow]
    }

    @Sendable static func work(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            GovernanceController.viewers, "查看镇街治理权力", request, context, services)
        let today = services.today
        let year = try Query.int(request, "year", default: today.year, range: 2000...2100)
        let view = try await GovernanceController.view(principal, year: year, services: services)
        let service = GovernanceService(services.database)
        let rights = view.rights.rights.map(GovernanceController.RightDTO.init)
        let isEstablishment = principal.role == .establishment
        let isTownship = principal.role == .township
        var townships: [Option] = []
        var concerned: [Option] = []
        if isEstablishment || principal.role == .department {
            townships = try await service.townships(county: principal.county).map {
                Option(value: $0.code, label: $0.name, selected: false)
            }
        }
        if isEstablishment || isTownship {
            concerned = try await service.concerned(county: principal.county).map {
                Option(value: $0.code, label: $0.name, selected: false)
            }
        }
        var formRows: [RightFormRow] = []
        if isEstablishment {
            let blank = GovernanceRight(
                code: "", name: "", group: .affairs, source: RuleSource(document: "", wording: ""))
            for (index, right) in (view.rights.rights + [blank, blank]).enumerated() {
                formRows.append(
                    RightFormRow(
                        index: index + 1, code: right.code, name: right.name,
                        groups: RightGroup.allCases.map {
                            Option(value: $0.rawValue, label: $0.label, selected: $0 == right.group)
                        },
                        scopes: [Option(value: "", label: "镇街逐项登记", selected: right.scope == nil)]
                            + RightScope.allCases.map {
                                Option(value: $0.rawValue, label: $0.label, selected: $0 == right.scope)
                            },
                        grantedIn: right.grantedIn.map(String.init) ?? "", document: right.source.document,
                        number: right.source.number ?? "", provision: right.source.provision ?? "",
                        wording: right.source.wording))
            }
        }
        return try Page.render(
            WorkPage(
                done: request.uri.queryParameters.get("done") != nil, role: principal.role.label, year: year,
                todayText: today.chinese, today: today.iso, rights: rights, recorded: view.recorded,
                rightNames: rights.map(\.name),
                counts: view.counts.map { c in
                    CountRow(
                        townshipName: c.townshipName,
                        cells: view.rights.rights.map { Cell(label: $0.name, count: c.byRight[$0.code] ?? 0) },
                        total: c.total)
                },
                isEstablishment: isEstablishment, isTownship: isTownship,
                isDepartment: principal.role == .department,
                seesFlags: [.establishment, .justice, .supervisor, .township].contains(principal.role),
                mayRecord: isEstablishment || isTownship, recordable: rights.filter(\.recordedHere),
                townships: townships, concerned: concerned,
                linkable: view.matters.filter { $0.participation != "not-required" },
                exercises: view.exercises.map(GovernanceController.ExerciseDTO.init), matters: view.matters,
                flagged: view.matters.filter(\.flagged), formRows: formRows),
            template: "governance/work", title: "镇街治理权力", section: "governance", services: services)
    }
}
