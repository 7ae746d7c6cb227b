import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The district's view of capacity (`/capacity`, for whoever may see every unit: 编办, 司法局, supervisors) and the
/// departments' training courses (`/capacity/courses`, created by a department or the establishment office).
enum CapacityDistrictController {
    /// The view model of `capacity/district`.
    struct DistrictPage {
        var asOf: String
        var asOfChinese: String
        var target: String
        var year: Int
        var controls: TableControls
        var rows: [FiguresRow]
        var total: FiguresRow
        var coursesInYear: Int
        var providersInYear: Int
        var hoursInYear: String
    }

    @Sendable static func district(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        guard AccessPolicy.allows(principal, .viewCounty(principal.county)) else {
            if let unit = principal.unit,
                AccessPolicy.allows(principal, .viewUnit(county: principal.county, unit: unit))
            {
                return Response(status: .seeOther, headers: [.location: "/units/\(unit)/capacity"])
            }
            throw try await Guard.refusal(.forbidden("无权查看全区各单位的承接能力"), request, context, services)
        }
        let asOf = try Query.day(request, "asOf", default: services.today)
        let target = try CapacityController.trainingTarget(request)
        let snapshots = try await CapacityStore(services.database).snapshots(county: principal.county)
        let figures = snapshots.map { $0.figures(on: asOf, trainingTarget: target) }
        let courses = try await CapacityStore(services.database).courses(county: principal.county).filter {
            $0.day.year == asOf.year && $0.day <= asOf
        }
        let all = zip(snapshots, figures).map {
            (FiguresRow(code: $0.unit, name: $0.unitName, $1, standardisation: $0.standardisation(on: asOf)), $1)
        }
        let spec = CapacityTables.unitSpec
        let query = try TableControls.query(request, spec: spec)
        let format = try TableControls.format(request)
        let table = query.apply(all) { CapacityTables.unitRecord($0.0, $0.1) }
        if format != .html {
            return TableControls.download(
                CapacityTables.unitExport(table.filtered, target: CapacityFormat.hours(target)), format: format,
                filename: "承接能力_\(asOf.iso)")
        }
        var hidden: [(String, String)] = []
        if let text = request.uri.queryParameters.get("asOf"), !text.isEmpty { hidden.append(("asOf", asOf.iso)) }
        if let text = request.uri.queryParameters.get("target"), !text.isEmpty {
            hidden.append(("target", CapacityFormat.hours(target)))
        }
        let model = DistrictPage(
            asOf: asOf.iso, asOfChinese: asOf.chinese, target: CapacityFormat.hours(target), year: asOf.year,
            controls: TableControls(
                path: "/capacity", hidden: hidden, spec: spec, query: query, page: table, placeholder: "镇街名称中的字词"),
            rows: table.rows.map { $0.0 },
            total: FiguresRow(
                code: "", name: "全区合计", CapacityFigures.total(figures, asOf: asOf, trainingTarget: target)),
            coursesInYear: courses.count, providersInYear: Set(courses.map(\.provider)).count,
            hoursInYear: CapacityFormat.hours(courses.reduce(0) { $0 + $1.hours }))
        return try Page.render(
            model, template: "capacity/district", title: "承接能力 · 全区", section: "capacity", services: services)
    }

    /// A course in the list, with how many attended.
    struct CourseRow {
        var id: String
        var provider: String
        var title: String
        var day: String
        var hours: String
        var mode: String
        var kind: String
        var attendees: Int
    }

    /// The view model of `capacity/courses`.
    struct CoursesPage {
        var rows: [CourseRow]
        var total: Int
        var canCreate: Bool
        var fixedProvider: String
        var providers: [CapacityOption]
        var modes: [CapacityOption]
        var kinds: [CapacityOption]
        var form: CapacityForm
        var created: String?
    }

    @Sendable static func courses(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        if principal.role.isAdministrator {
            throw try await Guard.refusal(.forbidden("管理员不查看业务数据"), request, context, services)
        }
        return try await coursesPage(
            principal, form: CapacityForm(), created: request.uri.queryParameters.get("created"), services: services)
    }

    static func coursesPage(
        _ principal: Principal, form: CapacityForm, created: String?, services: AppServices,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let store = CapacityStore(services.database)
        let counts = try await store.attendanceCounts(county: principal.county)
        let courses = try await store.courses(county: principal.county)
        let orgs = try await services.organizations.all(county: principal.county)
        let departments = orgs.filter { $0.kind == .department }.map(\.name)
        let own = principal.role == .department ? orgs.first { $0.code == principal.organization }?.name ?? "" : ""
        let chosen = form.values["provider"] ?? ""
        let model = CoursesPage(
            rows: courses.map {
                CourseRow(
                    id: $0.id, provider: $0.provider, title: $0.title, day: $0.day.iso,
                    hours: CapacityFormat.hours($0.hours), mode: $0.mode.label, kind: $0.kind.label,
                    attendees: counts[$0.id] ?? 0)
            }, total: courses.count, canCreate: principal.role == .department || principal.role == .establishment,
            fixedProvider: own, providers: CapacityOption.list(departments.map { ($0, $0) }, selected: chosen),
            modes: CapacityOption.list(
                TrainingMode.allCases.map { ($0.rawValue, $0.label) }, selected: form.values["mode"] ?? ""),
            kinds: CapacityOption.list(
                TrainingKind.allCases.map { ($0.rawValue, $0.label) }, selected: form.values["kind"] ?? ""),
            form: form, created: created)
        return try Page.render(
            model, template: "capacity/courses", title: "培训登记", section: "courses", services: services,
            status: status)
    }

    @Sendable static func createCourse(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        guard principal.role == .department || principal.role == .establishment else {
            throw try await Guard.refusal(.forbidden("只有区级部门和编办可以登记培训"), request, context, services)
        }
        let form = try await Form.read(request)
        var fields: [String: String] = [:]
        for name in ["provider", "title", "day", "hours", "mode", "kind"] { fields[name] = form[name] }
        let orgs = try await services.organizations.all(county: principal.county)
        if principal.role == .department {
            // A department records its own courses.
            fields["provider"] = orgs.first { $0.code == principal.organization }?.name ?? ""
        }
        let departments = Set(orgs.filter { $0.kind == .department }.map(\.name))
        let parsed = CapacityInput.course(fields, id: "", county: principal.county, departments: departments)
        guard let course = parsed.value else {
            return try await coursesPage(
                principal, form: CapacityForm(values: fields, failures: parsed.failures), created: nil,
                services: services, status: .unprocessableContent)
        }
        let stored = try await CapacityStore(services.database).createCourse(
            course, by: principal.actor, at: services.now)
        return Response(status: .seeOther, headers: [.location: "/capacity/courses?created=\(stored.id)"])
    }
}
