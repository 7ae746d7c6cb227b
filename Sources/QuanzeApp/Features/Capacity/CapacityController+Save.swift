import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The capacity page's writes: one form per record kind (re-rendered with 422, inline errors and the values kept
/// when refused) and the two CSV uploads (a pasted `csv` field, or a raw CSV body for scripts, answered in JSON).
extension CapacityController {
    /// The two uploads and the page form each re-renders with its problems.
    enum ImportKind: String {
        case staff, attendance

        var formName: String { self == .staff ? "importStaff" : "importAttendance" }
    }

    @Sendable static func save(
        _ kind: FormKind, _ request: Request, context: AppContext, services: AppServices
    ) async throws -> Response {
        let code = try Query.township(context)
        let principal = try await Guard.require(
            .editUnit(county: code.county, unit: code.value), request, context, services)
        _ = try await services.township(code)
        let form = try await Form.read(request)
        var fields: [String: String] = [:]
        for name in form.fields.keys where name != "_csrf" { fields[name] = form[name] }
        let store = CapacityStore(services.database)
        let snapshot = try await store.snapshot(county: code.county, unit: code.value)
        let people = Dictionary(snapshot.staff.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: code.county)
        let actor = principal.actor
        let now = services.now
        func refused(_ failures: [CapacityFailure]) async throws -> Response {
            try await page(
                code, principal: principal, request: request,
                forms: [kind.rawValue: CapacityForm(values: fields, failures: failures)], notice: nil,
                services: services, status: .unprocessableContent)
        }
        do {
            switch kind {
            case .staff:
                let parsed = CapacityInput.staff(
                    fields, county: code.county, unitOrganizations: snapshot.organizations)
                guard let staff = parsed.value else { return try await refused(parsed.failures) }
                try await store.saveStaff(staff, unit: code.value, by: actor, at: now)
            case .certificate:
                let parsed = CapacityInput.certificate(fields, staff: people, vocabulary: vocabulary)
                guard let certificate = parsed.value else { return try await refused(parsed.failures) }
                try await store.saveCertificate(
                    certificate, county: code.county, unit: code.value, by: actor, at: now)
            case .secondment:
                let parsed = CapacityInput.secondment(fields, staff: people, existing: snapshot.secondments)
                guard let secondment = parsed.value else { return try await refused(parsed.failures) }
                try await store.saveSecondment(secondment, county: code.county, unit: code.value, by: actor, at: now)
            case .equipment:
                let parsed = CapacityInput.equipment(
                    fields, unitOrganizations: snapshot.organizations, vocabulary: vocabulary)
                guard let equipment = parsed.value else { return try await refused(parsed.failures) }
                try await store.saveEquipment(equipment, county: code.county, unit: code.value, by: actor, at: now)
            case .standardisation:
                let parsed = CapacityInput.standardisation(fields, unit: code.value)
                guard let record = parsed.value else { return try await refused(parsed.failures) }
                try await store.saveStandardisation(record, county: code.county, by: actor, at: now)
            }
        } catch let failure as CapacityFailure {
            return try await refused([failure])
        }
        return Response(
            status: .seeOther, headers: [.location: "/units/\(code.value)/capacity?saved=\(kind.rawValue)"])
    }

    /// A CSV upload: the form's `csv` field, or (any other content type) the body itself, UTF-8 or GB18030.
    @Sendable static func importCSV(
        _ kind: ImportKind, _ request: Request, context: AppContext, services: AppServices
    ) async throws -> Response {
        let code = try Query.township(context)
        let principal = try await Guard.require(
            .editUnit(county: code.county, unit: code.value), request, context, services)
        _ = try await services.township(code)
        let type = request.headers[.contentType] ?? ""
        let isForm = type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded")
        let data: Data
        var csv = ""
        if isForm {
            csv = try await Form.read(request)["csv"]
            data = Data(csv.utf8)
        } else {
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            data = Data(buffer.readableBytesView)
        }
        let store = CapacityStore(services.database)
        let report: ImportReport
        do {
            switch kind {
            case .staff:
                report = try await store.importStaff(
                    data, county: code.county, unit: code.value, by: principal.actor, at: services.now)
            case .attendance:
                report = try await store.importAttendance(
                    data, county: code.county, unit: code.value, by: principal.actor, at: services.now)
            }
        } catch let failure as ImportFailure {
            guard isForm, FormReturn.fromPage(request) || type.isEmpty else { return importError(failure) }
            return try await page(
                code, principal: principal, request: request,
                forms: [
                    kind.formName: CapacityForm(
                        values: ["csv": csv], issues: failure.issues.map { $0.line > 0 ? $0.description : $0.message })
                ], notice: nil, services: services, status: .unprocessableContent)
        }
        guard isForm, FormReturn.fromPage(request) || type.isEmpty else {
            return JSONBody.response(
                ImportDTO(written: report.written, warnings: report.warnings.map(\.description)))
        }
        return Response(
            status: .seeOther,
            headers: [
                .location:
                    "/units/\(code.value)/capacity?imported=\(kind.rawValue)&count=\(report.written)&warnings=\(report.warnings.count)"
            ])
    }

    /// What a raw-body upload answers on success.
    struct ImportDTO: Encodable {
        var written: Int
        var warnings: [String]
    }

    /// The API error shape plus every row problem (`issues`).
    struct ImportErrorDTO: Encodable {
        /// `{status, code, message, issues}`.
        struct Body: Encodable {
            var status: Int
            var code: String
            var message: String
            var issues: [String]
        }

        var error: Body
    }

    /// 422 in the API's error shape, with every row problem listed.
    static func importError(_ failure: ImportFailure) -> Response {
        JSONBody.response(
            ImportErrorDTO(
                error: .init(
                    status: 422, code: "import", message: failure.description,
                    issues: failure.issues.map { $0.line > 0 ? $0.description : $0.message })),
            status: .unprocessableContent)
    }
}
