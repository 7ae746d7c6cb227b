import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The county's legal grounds of delegation (赋权/委托 × item category): the table on `/delegation/grounds` and
/// `GET /api/v1/delegation/grounds`, edited by 编办 on the page or with `POST /api/v1/delegation/grounds` (one row
/// per request, checked against the statutes' prohibitions and the law library, audited).
enum GroundsController {
    /// One row as the page and the API show it.
    struct Row: Encodable {
        var mode: String
        var modeLabel: String
        var category: String
        var categoryLabel: String
        var permitted: Bool
        var references: [String]
        var referencesText: String
        var citation: String
        var wording: String
        var administrativeBodyOnly: Bool
        /// Fixed by statute: 编办 may change the wording and articles, never permit it.
        var lockedForbidden: Bool

        init(_ g: LegalGround) {
            mode = g.mode.rawValue
            modeLabel = g.mode.label
            category = g.category.rawValue
            categoryLabel = g.category.label
            permitted = g.permitted
            references = g.references.map(\.description)
            referencesText = references.joined(separator: "；")
            citation = g.citation
            wording = g.wording
            administrativeBodyOnly = g.administrativeBodyOnly
            lockedForbidden = LegalGroundTable.isForbiddenByStatute(g.mode, g.category)
        }
    }

    struct GroundsPage {
        var rows: [Row]
        var total: Int
        var canEdit: Bool
        var notice: String?
        var issue: String?
    }

    static let viewers: Set<Role> = [.establishment, .justice, .department, .supervisor]
    static let step = "维护下放法律依据"

    static func rows(_ table: LegalGroundTable) -> [Row] {
        let modes = DelegationMode.allCases
        let categories = ItemCategory.allCases
        return table.rows.sorted {
            (modes.firstIndex(of: $0.mode) ?? 0, categories.firstIndex(of: $0.category) ?? 0)
                < (modes.firstIndex(of: $1.mode) ?? 0, categories.firstIndex(of: $1.category) ?? 0)
        }.map(Row.init)
    }

    @Sendable static func page(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看下放法律依据", request, context, services)
        let saved = request.uri.queryParameters.get("saved")
        return try await render(principal, notice: saved.map { "已保存“\($0)”的法律依据。" }, issue: nil, services: services)
    }

    static func render(
        _ principal: Principal, notice: String?, issue: String?, services: AppServices,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let table = try await LegalGroundStore(services.database).table(county: principal.county)
        let rows = Self.rows(table)
        return try Page.render(
            GroundsPage(
                rows: rows, total: rows.count, canEdit: principal.role == .establishment, notice: notice, issue: issue),
            template: "delegation/grounds", title: "下放法律依据", section: "delegation",
            breadcrumb: [.init(label: "赋权下放", href: "/delegation")], services: services, status: status)
    }

    /// The page's form: one row saved, then back to the table (a refusal is shown on the page, 422).
    @Sendable static func save(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], step, request, context, services)
        let input = try await DelegationInput.read(request)
        do {
            let saved = try await update(input, principal: principal, services: services)
            let label = "\(saved.mode.label)·\(saved.category.label)"
            return Response(
                status: .seeOther,
                headers: [.location: "/delegation/grounds?saved=\(percentEncode(label))"])
        } catch {
            let failure = AppError.from(error)
            guard failure.status == .unprocessableContent else { throw error }
            return try await render(
                principal, notice: nil, issue: failure.message, services: services, status: .unprocessableContent)
        }
    }

    @Sendable static func list(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看下放法律依据", request, context, services)
        let table = try await LegalGroundStore(services.database).table(county: principal.county)
        let page = try Listing.page(request, Self.rows(table))
        return JSONBody.response(["grounds": page.items], page: page.headers)
    }

    @Sendable static func apiSave(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], step, request, context, services)
        let input = try await DelegationInput.read(request)
        let saved = try await update(input, principal: principal, services: services)
        return JSONBody.response(["ground": Row(saved)])
    }

    /// Reads one row from a form or JSON and saves it for the principal's county.
    static func update(_ input: DelegationInput, principal: Principal, services: AppServices) async throws
        -> LegalGround
    {
        guard let mode = DelegationMode(text: input["mode"]) else {
            throw AppError.unprocessable("请选择下放方式：granted（赋权）或 entrusted（委托）")
        }
        guard let category = ItemCategory(text: input["category"]) else {
            throw AppError.unprocessable("事项类型“\(input["category"])”无法识别")
        }
        let permittedText = input["permitted"]
        guard ["true", "false", "1", "0", "permitted", "forbidden", "允许", "禁止"].contains(permittedText) else {
            throw AppError.unprocessable("请写明允许或禁止（permitted: true/false）")
        }
        // A JSON array, or one text (the form's field, or a JSON string) with the references separated by "；".
        let listed = input.isForm ? [] : input.list("references")
        let referencesText = listed.isEmpty ? input["references"] : listed.joined(separator: "；")
        let ground = LegalGround(
            mode: mode, category: category, permitted: ["true", "1", "permitted", "允许"].contains(permittedText),
            references: try LegalGroundTable.references(parsing: referencesText), wording: input["wording"],
            administrativeBodyOnly: input.bool("administrativeBodyOnly"))
        return try await LegalGroundStore(services.database).update(
            ground, county: principal.county, actor: principal.actor, at: services.now)
    }
}
