import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The county's organisations for the system administrator (系统管理员): departments with the 编办/司法局 flags,
/// squads, approval offices and dispatched agencies — added, renamed and retired (never deleted) on
/// `/admin/organizations` and through `/api/v1/organizations`. The county government and the townships come from
/// `quanze county init` and are only listed. Every change goes through `OrganizationService` (audited).
enum OrganizationsController {
    struct Row {
        var code: String
        var name: String
        var kind: String
        var parent: String
        var stationedAt: String
        var creditCode: String
        var documentPrefix: String
        /// Whether it issues documents (the county government, departments, townships): its 代字 can be set.
        var issues: Bool
        var flags: String
        var retiredOn: String?
        var managed: Bool
        var active: Bool
    }

    typealias Option = FormOption

    struct OrganizationsPage {
        var rows: [Row]
        var total: Int
        var retired: Int
        var kinds: [Option]
        var parents: [Option]
        var townships: [Option]
        var code: String
        var name: String
        var creditCode: String
        var documentPrefix: String
        var establishment: Bool
        var justice: Bool
        var errors: [String: String]
        var notice: String?
    }

    /// The organisation as the API shows it.
    struct OrganizationDTO: Encodable {
        var code: String
        var name: String
        var kind: String
        var kindLabel: String
        var parent: String?
        var stationedAt: String?
        var creditCode: String?
        var documentPrefix: String?
        var establishment: Bool
        var justice: Bool
        var retiredOn: String?

        init(_ org: Organization) {
            code = org.code
            name = org.name
            kind = org.kind.key
            kindLabel = org.kind.label
            parent = org.parent
            stationedAt = org.stationedAt
            creditCode = org.creditCode
            documentPrefix = org.documentPrefix
            establishment = org.isEstablishmentOffice
            justice = org.isJusticeBureau
            retiredOn = org.retiredOn?.iso
        }
    }

    // MARK: page

    @Sendable static func list(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await Guard.require(.manageOrganizations, request, context, services)
        return try await page(principal.county, services: services, input: nil, errors: [:], notice: nil, status: .ok)
    }

    static func page(
        _ county: String, services: AppServices, input: DelegationInput?, errors: [String: String], notice: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let orgs = try await services.organizations.all(county: county)
        let names = Dictionary(orgs.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = orgs.map { org in
            Row(
                code: org.code, name: org.name, kind: org.kind.label, parent: org.parent.map { names[$0] ?? $0 } ?? "",
                stationedAt: org.stationedAt.map { names[$0] ?? $0 } ?? "", creditCode: org.creditCode ?? "",
                documentPrefix: org.documentPrefix ?? "",
                issues: OrganizationRules.issuesDocuments(org.kind) && !org.isRetired,
                flags: [org.isEstablishmentOffice ? "编办" : nil, org.isJusticeBureau ? "司法局" : nil].compactMap { $0 }
                    .joined(separator: "、"),
                retiredOn: org.retiredOn?.iso, managed: OrganizationRules.managedKinds.contains(org.kind),
                active: !org.isRetired)
        }
        let active = orgs.filter { !$0.isRetired }
        let form = input ?? DelegationInput(fields: [:], lists: [:], isForm: true)
        let model = OrganizationsPage(
            rows: rows, total: rows.count, retired: orgs.count - active.count,
            kinds: OrganizationRules.managedKinds.map {
                Option(value: $0.key, label: $0.label, selected: form["kind"] == $0.key)
            },
            parents: active.filter { $0.kind == .countyGovernment || $0.kind == .department || $0.townshipKind != nil }
                .map {
                    Option(value: $0.code, label: "\($0.name)（\($0.kind.label)）", selected: form["parent"] == $0.code)
                },
            townships: active.filter { $0.townshipKind != nil }.map {
                Option(value: $0.code, label: $0.name, selected: form["stationed_at"] == $0.code)
            },
            code: form["code"], name: form["name"], creditCode: form["credit_code"],
            documentPrefix: form["document_prefix"], establishment: form.bool("establishment"),
            justice: form.bool("justice"), errors: errors, notice: notice)
        return try Page.render(
            model, template: "admin/organizations", title: "单位管理", section: "organizations", services: services,
            status: status)
    }

    // MARK: changes (page and API)

    @Sendable static func create(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageOrganizations, request, context, services)
        let input = try await DelegationInput.read(request)
        let org: Organization
        do {
            org = try organization(from: input, county: principal.county)
            try await OrganizationService(services.database).add(org, by: principal.actor, at: services.now)
        } catch let failure as OrganizationServiceFailure where input.isForm {
            // Template keys are camel case; flags have no field of their own and show on the form's alert.
            let keys = [
                "stationed_at": "stationedAt", "credit_code": "creditCode", "document_prefix": "documentPrefix",
            ]
            let column = failure.failure.column.map { keys[$0] ?? $0 } ?? "form"
            let key =
                ["code", "name", "kind", "parent", "stationedAt", "creditCode", "documentPrefix"].contains(column)
                ? column : "form"
            return try await page(
                principal.county, services: services, input: input, errors: [key: failure.message], notice: nil,
                status: .unprocessableContent)
        }
        if input.isForm {
            return try await page(
                principal.county, services: services, input: nil, errors: [:],
                notice: "已新增\(org.kind.label)“\(org.name)”。",
                status: .created)
        }
        return JSONBody.response(OrganizationDTO(org), status: .created)
    }

    @Sendable static func rename(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageOrganizations, request, context, services)
        let input = try await DelegationInput.read(request)
        let code = context.parameters.get("code") ?? ""
        do {
            let renamed = try await OrganizationService(services.database).rename(
                county: principal.county, code: code, to: input["name"], by: principal.actor, at: services.now)
            return try await respond(input, renamed, notice: "已更名为“\(renamed.name)”。", principal, services)
        } catch let failure as OrganizationServiceFailure where input.isForm {
            return try await refused(failure, principal, services)
        }
    }

    @Sendable static func retire(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageOrganizations, request, context, services)
        let input = try await DelegationInput.read(request)
        let code = context.parameters.get("code") ?? ""
        let day = try input.optionalDay("on", "撤销日期") ?? services.today
        do {
            let retired = try await OrganizationService(services.database).retire(
                county: principal.county, code: code, on: day, by: principal.actor, at: services.now)
            return try await respond(
                input, retired, notice: "已撤销“\(retired.name)”（\(day.chinese)）。", principal, services)
        } catch let failure as OrganizationServiceFailure where input.isForm {
            return try await refused(failure, principal, services)
        }
    }

    /// Sets or clears (empty) the 发文机关代字 of an issuing organisation, the county government included.
    @Sendable static func setPrefix(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageOrganizations, request, context, services)
        let input = try await DelegationInput.read(request)
        let code = context.parameters.get("code") ?? ""
        let prefix = input["document_prefix"].isEmpty ? input["documentPrefix"] : input["document_prefix"]
        do {
            let org = try await OrganizationService(services.database).setDocumentPrefix(
                county: principal.county, code: code, to: prefix, by: principal.actor, at: services.now)
            return try await respond(
                input, org, notice: "“\(org.name)”的发文机关代字为“\(org.documentPrefix ?? "（无）")”。", principal, services)
        } catch let failure as OrganizationServiceFailure where input.isForm {
            return try await refused(failure, principal, services)
        }
    }

    /// A refused form submission: the page again with the rule's message (404 for an unknown code, else 422).
    static func refused(_ failure: OrganizationServiceFailure, _ principal: Principal, _ services: AppServices)
        async throws -> Response
    {
        var status = HTTPResponse.Status.unprocessableContent
        if case .notFound = failure.failure { status = .notFound }
        return try await page(
            principal.county, services: services, input: nil, errors: ["form": failure.message], notice: nil,
            status: status)
    }

    static func respond(
        _ input: DelegationInput, _ org: Organization, notice: String, _ principal: Principal, _ services: AppServices
    ) async throws -> Response {
        guard input.isForm else { return JSONBody.response(OrganizationDTO(org)) }
        return try await page(
            principal.county, services: services, input: nil, errors: [:], notice: notice, status: .ok)
    }

    /// Reads a new organisation from the form or the JSON body (`stationed_at` or `stationedAt`, …).
    static func organization(from input: DelegationInput, county: String) throws -> Organization {
        func field(_ names: String...) -> String? {
            names.lazy.map { input[$0] }.first { !$0.isEmpty }
        }
        guard let kindText = field("kind") else { throw AppError.unprocessable("请选择单位类型") }
        guard let kind = OrganizationRules.kind(kindText) else {
            throw OrganizationServiceFailure(failure: .unknownKind(kindText))
        }
        return Organization(
            code: input["code"], county: county, name: input["name"], kind: kind, parent: field("parent"),
            stationedAt: field("stationed_at", "stationedAt"), creditCode: field("credit_code", "creditCode"),
            isEstablishmentOffice: input.bool("establishment"), isJusticeBureau: input.bool("justice"),
            documentPrefix: field("document_prefix", "documentPrefix"))
    }

    // MARK: API

    @Sendable static func api(_ request: Request, context: AppContext, services: AppServices) async throws -> Response {
        let principal = try await Guard.require(.manageOrganizations, request, context, services)
        struct Answer: Encodable {
            var county: String
            var organizations: [OrganizationDTO]
        }
        let page = try Listing.page(request, try await services.organizations.all(county: principal.county))
        return JSONBody.response(
            Answer(county: principal.county, organizations: page.items.map(OrganizationDTO.init)), page: page.headers)
    }
}
