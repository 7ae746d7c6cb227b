import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The work page of dispatched agencies (`/agencies`), one page for every role that takes part: the department
/// proposes its agencies' head appointments, decides them and enters its scores; the township gives its opinion and
/// enters its scores; 编办 keeps the rules and sees every scheme; the supervisor sees the exceptions and the overdue
/// opinions; an agency's officer sees its published results. Only the steps `allowedEvents` offers are shown.
enum AgencyPages {
    struct AppointmentRow {
        var dto: AgenciesController.AppointmentDTO
        var mayOpinion: Bool
        var mayDecide: Bool
        var mayDecideException: Bool
        var mayWithdraw: Bool
        var hasActions: Bool
    }

    struct SchemeRow {
        var dto: AgenciesController.SchemeDTO
        var scoreRows: [AgenciesController.IndicatorDTO]
        var mayScore: Bool
        var mayPublish: Bool
        /// The publication day as running text prints it (2023年12月28日).
        var publishedText: String?
    }

    struct WorkPage {
        var done: Bool
        var role: String
        var year: Int
        var rules: AgenciesController.RulesDTO
        var counts: AppointmentCounts
        var isEstablishment: Bool
        var isDepartment: Bool
        var isSupervisor: Bool
        var isOfficer: Bool
        var mayMakeScheme: Bool
        var agencies: [AgencyRef]
        var hasAgencies: Bool
        var appointments: [AppointmentRow]
        var exceptions: [AgenciesController.AppointmentDTO]
        var overdue: [AgenciesController.AppointmentDTO]
        var schemes: [SchemeRow]
        var blankIndicators: [Int]
        var today: String
        var consultedPercent: String
    }

    @Sendable static func work(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            AgenciesController.viewers.union([.officer]), "查看派驻机构", request, context, services)
        let today = services.today
        let year = try Query.int(request, "year", default: today.year, range: 2000...2100)
        let service = AgencyService(services.database)
        let rules = try await AgencyRulesData.rules(county: principal.county, services: services)
        var appointments: [HeadAppointment] = []
        var agencies: [AgencyRef] = []
        if principal.role != .officer {
            appointments = try await service.appointments(for: principal)
            agencies = AgenciesController.visible(try await service.agencies(county: principal.county), principal)
        }
        let schemes = try await AgenciesController.visibleSchemes(principal, services)
        let dtos = appointments.reversed().map {
            AgenciesController.AppointmentDTO($0, viewer: principal, rules: rules, today: today)
        }
        let rows = dtos.map { dto in
            let allowed = Set(dto.allowedEvents)
            return AppointmentRow(
                dto: dto, mayOpinion: allowed.contains("opinion"), mayDecide: allowed.contains("decide"),
                mayDecideException: allowed.contains("decide-exception"), mayWithdraw: allowed.contains("withdraw"),
                hasActions: !allowed.isEmpty)
        }
        let schemeRows = schemes.reversed().map { scheme in
            let dto = AgenciesController.SchemeDTO(scheme, viewer: principal)
            let mayPublish =
                scheme.state == .scoring && scheme.total != nil
                && (principal.role == .establishment || scheme.agency.isDepartment(principal))
            return SchemeRow(
                dto: dto, scoreRows: dto.indicators.filter { $0.side == dto.scoringSide },
                mayScore: dto.scoringSide != nil, mayPublish: mayPublish, publishedText: scheme.publishedOn?.chinese)
        }
        let counts = AppointmentCounts.of(appointments, year: year, today: today)
        let consultedPercent =
            counts.decided == 0
            ? "—" : Hundredths.text((counts.consulted * 10000 + counts.decided / 2) / counts.decided) + "%"
        return try Page.render(
            WorkPage(
                done: request.uri.queryParameters.get("done") != nil, role: principal.role.label, year: year,
                rules: .init(rules), counts: counts, isEstablishment: principal.role == .establishment,
                isDepartment: principal.role == .department,
                isSupervisor: [.supervisor, .establishment, .justice].contains(principal.role),
                isOfficer: principal.role == .officer,
                mayMakeScheme: principal.role == .establishment || principal.role == .department,
                agencies: agencies, hasAgencies: !agencies.isEmpty, appointments: rows,
                exceptions: dtos.filter { $0.state == "exception" },
                overdue: dtos.filter(\.overdue), schemes: schemeRows, blankIndicators: [1, 2, 3, 4, 5],
                today: today.iso, consultedPercent: consultedPercent),
            template: "agencies/work", title: "派驻机构", section: "agencies", services: services)
    }
}
