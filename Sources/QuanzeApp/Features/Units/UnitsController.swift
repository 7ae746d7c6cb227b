import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Staff pages of township-level units: the unit's own data (its contact details for the public, its accounts),
/// scoped to the unit for township staff (DESIGN §8).
enum UnitsController {
    struct UnitRow {
        var code: String
        var name: String
        var kind: String
        var hasContact: Bool
    }

    struct UnitsPage {
        var rows: [UnitRow]
    }

    struct Member {
        var username: String
        var displayName: String
        var role: String
        var organization: String
        var disabled: Bool
    }

    struct UnitPage {
        var code: String
        var name: String
        var kind: String
        var address: String
        var phone: String
        var hours: String
        var updated: String?
        /// The account that saved the contact last (shown as a code), or 系统 for the demo's and imports' writes.
        var updatedBy: String?
        var updatedBySystem: Bool
        var editable: Bool
        var errors: [String: String]
        var saved: Bool
        var members: [Member]
        /// The township's third-party evaluations (count, mean score), for a viewer of evaluations.
        var evaluations: ItemFeedbackView.TownshipEvaluations? = nil
    }

    @Sendable static func list(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        if !principal.role.seesAllOrganizations {
            guard let unit = principal.unit else {
                try await Guard.recordRefusal("无权查看镇街单位的内部数据", request, context, services)
                throw AppError(status: .forbidden, code: "forbidden", message: "无权查看镇街单位的内部数据")
            }
            return Response(status: .seeOther, headers: [.location: "/units/\(unit)"])
        }
        var rows: [UnitRow] = []
        for (region, kind) in try await services.townships(county: principal.county) {
            let contact = try await services.contacts.find(county: principal.county, unit: region.code.value)
            rows.append(
                UnitRow(code: region.code.value, name: region.name, kind: kind.label, hasContact: contact != nil))
        }
        return try Page.render(
            UnitsPage(rows: rows), template: "units/list", title: "镇街单位", section: "units", services: services)
    }

    @Sendable static func show(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let code = try Query.township(context)
        let principal = try await Guard.require(
            .viewUnit(county: code.county, unit: code.value), request, context, services)
        return try await page(
            code, principal: principal, form: nil, errors: [:], saved: request.uri.queryParameters.get("saved") != nil,
            services: services, status: .ok)
    }

    static func page(
        _ code: RegionCode, principal: Principal, form: Form?, errors: [String: String], saved: Bool,
        services: AppServices, status: HTTPResponse.Status
    ) async throws -> Response {
        let (region, kind) = try await services.township(code)
        let contact = try await services.contacts.find(county: principal.county, unit: code.value)
        let orgs = try await services.organizations.all(county: principal.county)
        let unitOrgs = orgs.filter { $0.code == code.value || $0.parent == code.value }
        let names = Dictionary(unitOrgs.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var members: [Member] = []
        for org in unitOrgs {
            for account in try await services.accounts.list(county: principal.county, organization: org.code) {
                members.append(
                    Member(
                        username: account.username, displayName: account.displayName, role: account.role.label,
                        organization: names[org.code] ?? org.code, disabled: account.disabled))
            }
        }
        var model = UnitPage(
            code: code.value, name: region.name, kind: kind.label,
            address: form?["address"] ?? contact?.address ?? "", phone: form?["phone"] ?? contact?.phone ?? "",
            hours: form?["hours"] ?? contact?.hours ?? "",
            updated: contact.flatMap { c in c.updatedAt.map { Stamp.prose($0) } },
            updatedBy: contact.flatMap(\.updatedBy).map { $0 == Actor.system.name ? "系统" : $0 },
            updatedBySystem: contact?.updatedBy == Actor.system.name,
            editable: AccessPolicy.allows(principal, .editUnit(county: code.county, unit: code.value)), errors: errors,
            saved: saved,
            members: members)
        model.evaluations = try await ItemFeedbackView.TownshipEvaluations.of(
            code.value, principal: principal, services: services)
        return try Page.render(
            model, template: "units/unit", title: "\(region.name) · 本单位信息", section: "units",
            breadcrumb: [.init(label: "镇街单位", href: "/units"), .init(label: region.name, href: nil)],
            services: services, status: status)
    }

    @Sendable static func saveContact(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let code = try Query.township(context)
        let principal = try await Guard.require(
            .editUnit(county: code.county, unit: code.value), request, context, services)
        _ = try await services.township(code)
        let form = try await Form.read(request)
        let contact = UnitContact(
            unit: code.value, address: form["address"], phone: form["phone"], hours: form["hours"])
        let problems = contact.problems
        guard problems.isEmpty else {
            return try await page(
                code, principal: principal, form: form, errors: problems, saved: false, services: services,
                status: .unprocessableContent)
        }
        try await services.contacts.save(contact, county: principal.county, by: principal.actor, at: services.now)
        return Response(status: .seeOther, headers: [.location: "/units/\(code.value)?saved=1"])
    }
}
