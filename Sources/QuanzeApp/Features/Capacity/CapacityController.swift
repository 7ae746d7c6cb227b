import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// A unit's capacity page (`/units/{code}/capacity`): its figures as of a day, its people with their certificates,
/// training hours and secondments, its equipment, and — for the unit itself and the establishment office — the forms
/// and CSV uploads that keep them. Personal data: `viewUnit` scopes it (DESIGN §8).
enum CapacityController {
    /// The forms of the page, each posting to its own route.
    enum FormKind: String, CaseIterable {
        case staff, certificate, secondment, equipment, standardisation
    }

    /// A secondment in the page's table, with whether it runs on the as-of day.
    struct SecondmentView {
        var staffId: String
        var name: String
        var destination: String
        var from: String
        var until: String
        var active: Bool
    }

    /// Equipment in force on the as-of day.
    struct EquipmentView {
        var organization: String
        var kind: String
        var count: Int
        var unitWord: String
        var since: String
    }

    /// A course the attendance upload may name.
    struct CourseChoice {
        var id: String
        var title: String
        var provider: String
        var day: String
    }

    /// The view model of `capacity/unit` (and its `capacity/forms` partial).
    struct UnitPage {
        var code: String
        var name: String
        var asOf: String
        var asOfChinese: String
        var target: String
        var figures: FiguresRow
        var standardisationSince: String
        var standardisationNote: String
        var staffControls: TableControls
        var staff: [StaffView]
        var staffCount: Int
        var secondments: [SecondmentView]
        var equipment: [EquipmentView]
        var courses: [CourseChoice]
        var editable: Bool
        var notice: String?
        var staffForm: CapacityForm
        var certificateForm: CapacityForm
        var secondmentForm: CapacityForm
        var equipmentForm: CapacityForm
        var standardisationForm: CapacityForm
        var importStaffForm: CapacityForm
        var importAttendanceForm: CapacityForm
        var organizations: [CapacityOption]
        var equipmentOrganizations: [CapacityOption]
        var kinds: [CapacityOption]
        var positions: [CapacityOption]
        var educations: [CapacityOption]
        var certificateKinds: [CapacityOption]
        var certificateStaff: [CapacityOption]
        var secondmentStaff: [CapacityOption]
        var equipmentKinds: [CapacityOption]
        var states: [CapacityOption]
    }

    @Sendable static func show(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let code = try Query.township(context)
        let principal = try await Guard.require(
            .viewUnit(county: code.county, unit: code.value), request, context, services)
        _ = try await services.township(code)
        return try await page(
            code, principal: principal, request: request, forms: [:], notice: notice(request), services: services)
    }

    /// What a redirect after a successful write says.
    static func notice(_ request: Request) -> String? {
        let q = request.uri.queryParameters
        if let saved = q.get("saved") {
            switch saved {
            case "staff": return "人员信息已保存。"
            case "certificate": return "证件已登记。"
            case "secondment": return "借调信息已保存。"
            case "equipment": return "装备已登记。"
            case "standardisation": return "标准化建设状态已保存。"
            default: return nil
            }
        }
        if let imported = q.get("imported"), let count = q.get("count").flatMap(Int.init) {
            let warnings = q.get("warnings").flatMap(Int.init) ?? 0
            let what = imported == "staff" ? "人员与证件" : "参训记录"
            return "已导入\(what) \(count) 条" + (warnings > 0 ? "（警告 \(warnings) 条，重复行只记录一次）。" : "。")
        }
        return nil
    }

    static func page(
        _ code: RegionCode, principal: Principal, request: Request, forms: [String: CapacityForm], notice: String?,
        services: AppServices, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let asOf = try Query.day(request, "asOf", default: services.today)
        let target = try trainingTarget(request)
        let snapshot = try await CapacityStore(services.database).snapshot(county: code.county, unit: code.value)
        let courses = try await CapacityStore(services.database).courses(county: code.county)
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: code.county)
        let hours = snapshot.trainingHours(on: asOf)
        let figures = snapshot.figures(on: asOf, trainingTarget: target)
        let standard = snapshot.standardisation(on: asOf)
        let names = Dictionary(snapshot.staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var allForms = forms
        for kind in FormKind.allCases where allForms[kind.rawValue] == nil { allForms[kind.rawValue] = CapacityForm() }
        for name in ["importStaff", "importAttendance"] where allForms[name] == nil { allForms[name] = CapacityForm() }
        func value(_ form: FormKind, _ field: String) -> String { allForms[form.rawValue]?.values[field] ?? "" }
        let orgs = snapshot.organizations.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let people = snapshot.staff.sorted { $0.id < $1.id }.map { ($0.id, "\($0.name)（\($0.id)）") }
        let staffViews = snapshot.staff.sorted { $0.id < $1.id }.map {
            StaffView($0, snapshot: snapshot, hours: hours, on: asOf, vocabulary: vocabulary)
        }
        // The staff table reads its own parameters only on the page itself (a refused form re-renders without them).
        let parameters = request.method == .get ? TableControls.parameters(request) : [:]
        let staffQuery = try TableControls.query(parameters, spec: CapacityTables.staffSpec)
        let staffTable = staffQuery.apply(staffViews, record: CapacityTables.staffRecord)
        let format: TableControls.Format = try request.method == .get ? TableControls.format(request) : .html
        if format != .html {
            return TableControls.download(
                CapacityTables.staffExport(staffTable.filtered), format: format,
                filename: "人员与证件_\(snapshot.unitName)_\(asOf.iso)")
        }
        var hidden: [(String, String)] = []
        if let text = parameters["asOf"], !text.isEmpty { hidden.append(("asOf", asOf.iso)) }
        if let text = parameters["target"], !text.isEmpty { hidden.append(("target", CapacityFormat.hours(target))) }
        let model = UnitPage(
            code: code.value, name: snapshot.unitName, asOf: asOf.iso, asOfChinese: asOf.chinese,
            target: CapacityFormat.hours(target),
            figures: FiguresRow(code: code.value, name: snapshot.unitName, figures, standardisation: standard),
            standardisationSince: standard?.since.iso ?? "", standardisationNote: standard?.note ?? "",
            staffControls: TableControls(
                path: "/units/\(code.value)/capacity", hidden: hidden, spec: CapacityTables.staffSpec,
                query: staffQuery,
                page: staffTable, placeholder: "姓名、人员编号、机构或证件号中的字词"),
            staff: staffTable.rows,
            staffCount: snapshot.staff.count,
            secondments: snapshot.secondments.sorted { ($0.from, $0.staffId) > ($1.from, $1.staffId) }.map {
                SecondmentView(
                    staffId: $0.staffId, name: names[$0.staffId] ?? $0.staffId, destination: $0.destination,
                    from: $0.from.iso, until: $0.until?.iso ?? "未定", active: $0.isActive(on: asOf))
            },
            equipment: snapshot.equipment(on: asOf).map {
                EquipmentView(
                    organization: snapshot.organizationName($0.organization), kind: vocabulary.name(of: $0.kind),
                    count: $0.count,
                    unitWord: $0.kind.unitWord, since: $0.since.iso)
            },
            courses: courses.map {
                CourseChoice(id: $0.id, title: $0.title, provider: $0.provider, day: $0.day.iso)
            },
            editable: AccessPolicy.allows(principal, .editUnit(county: code.county, unit: code.value)), notice: notice,
            staffForm: allForms["staff"]!, certificateForm: allForms["certificate"]!,
            secondmentForm: allForms["secondment"]!, equipmentForm: allForms["equipment"]!,
            standardisationForm: allForms["standardisation"]!, importStaffForm: allForms["importStaff"]!,
            importAttendanceForm: allForms["importAttendance"]!,
            organizations: CapacityOption.list(orgs, selected: value(.staff, "organization")),
            equipmentOrganizations: CapacityOption.list(orgs, selected: value(.equipment, "organization")),
            kinds: CapacityOption.list(
                StaffKind.allCases.map { ($0.rawValue, $0.label) }, selected: value(.staff, "kind")),
            positions: CapacityOption.list(
                Position.allCases.map { ($0.rawValue, $0.label) }, selected: value(.staff, "position")),
            educations: CapacityOption.list(
                Education.allCases.map { ($0.rawValue, $0.label) }, selected: value(.staff, "education")),
            certificateKinds: CapacityOption.list(
                vocabulary.certificateKinds.map { ($0.code, vocabulary.name(of: $0)) },
                selected: value(.certificate, "certificate")),
            certificateStaff: CapacityOption.list(people, selected: value(.certificate, "staff_id")),
            secondmentStaff: CapacityOption.list(people, selected: value(.secondment, "staff_id")),
            equipmentKinds: CapacityOption.list(
                vocabulary.equipmentKinds.map { ($0.rawValue, vocabulary.name(of: $0)) },
                selected: value(.equipment, "kind")),
            states: CapacityOption.list(
                Standardisation.State.allCases.map { ($0.rawValue, $0.label) },
                selected: value(.standardisation, "state")))
        return try Page.render(
            model, template: "capacity/unit", title: "\(snapshot.unitName) · 承接能力", section: "units",
            breadcrumb: [
                .init(label: "镇街单位", href: "/units"), .init(label: snapshot.unitName, href: "/units/\(code.value)"),
                .init(label: "承接能力", href: nil),
            ], services: services, status: status)
    }

    /// `?target=` hours per officer and year (default 60), 400 when malformed.
    static func trainingTarget(_ request: Request) throws -> Double {
        do throws(CapacityFailure) {
            return try CapacityRules.trainingTarget(request.uri.queryParameters.get("target"))
        } catch {
            throw AppError.badRequest(error.message)
        }
    }
}
