import Foundation
import Hummingbird
import HummingbirdTesting
import Mustache
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The authorization matrix: every registered route × every role, written out by hand from DESIGN §8 and the
/// access issue — not derived from the router or from `AccessPolicy`.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// Columns, in order. `system` calls with its API token; every other role with a web session.
    static let columns = [
        "anonymous", "establishment", "justice", "department", "township", "officer", "supervisor", "system",
        "sysadmin", "secadmin", "auditadmin",
    ]

    /// The demo account of each web role.
    static let logins: [String: String] = [
        "establishment": "bianban", "justice": "sifa", "department": "shichang", "township": "dashanpu",
        "officer": "zhifa", "supervisor": "jiandu", "sysadmin": "sysadmin", "secadmin": "secadmin",
        "auditadmin": "auditadmin",
    ]

    struct Row: Sendable {
        var route: String
        var uri: String
        var form: [String: String]?
        var expected: String
    }

    /// route (method + pattern as registered), the concrete request, the expected status per column.
    /// Writes send bodies that fail validation, so an allowed role gets 400/404/422 and nothing changes; a refused
    /// role gets 403 (or the login page, 303). /logout comes last because it ends each session.
    static let table: [Row] = [
        //                                                                      anon est jus dep twn off sup sys sa  sec aud
        Row(route: "GET /healthz", uri: "/healthz", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /favicon.ico", uri: "/favicon.ico", expected: "301 301 301 301 301 301 301 301 301 301 301"),
        Row(route: "GET /", uri: "/", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /counties", uri: "/counties", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /townships/{code}", uri: "/townships/510304100000",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /townships/{code}/diff", uri: "/townships/510304100000/diff",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /items", uri: "/items", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /items/{code}", uri: "/items/DA-CF-0189",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /decisions", uri: "/decisions", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        // The requirement vocabulary and the unverified citations are public reads; only 编办 adds terms (an empty
        // form is refused by the rule: 422).
        Row(
            route: "GET /catalog/requirements", uri: "/catalog/requirements",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /catalog/requirements", uri: "/catalog/requirements", form: [:],
            expected: "403 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /catalog/unverified", uri: "/catalog/unverified",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/requirements", uri: "/api/v1/requirements",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /api/v1/requirements", uri: "/api/v1/requirements", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /decisions/{number}",
            uri: "/decisions/%E5%A4%A7%E5%AE%89%E7%BC%96%E5%8F%91%E3%80%942021%E3%80%953%E5%8F%B7",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /openapi.json", uri: "/openapi.json", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/townships", uri: "/api/v1/townships",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/townships/{code}/lists", uri: "/api/v1/townships/510304100000/lists",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/townships/{code}/lists/diff",
            uri: "/api/v1/townships/510304100000/lists/diff?from=2022-12-31&to=2023-12-31",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/summary", uri: "/api/v1/summary",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /api/v1/items", uri: "/api/v1/items", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/items/{code}", uri: "/api/v1/items/DA-CF-0189",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/decisions", uri: "/api/v1/decisions",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        // Rule R5: article maps and amendments of an item's legal basis are 编办's (an empty upload or form: 422).
        Row(
            route: "POST /api/v1/law-maps", uri: "/api/v1/law-maps", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/items/{code}/legal-basis", uri: "/api/v1/items/DA-CF-0189/legal-basis", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(route: "GET /api/v1/me", uri: "/api/v1/me", expected: "401 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /api/v1/audit", uri: "/api/v1/audit", expected: "401 403 403 403 403 403 403 403 403 403 200"),
        Row(route: "GET /login", uri: "/login", expected: "200 303 303 303 303 303 303 200 303 303 303"),
        // The login form needs the login cookie's token, which only the anonymous column fetched: 400 = empty form.
        Row(route: "POST /login", uri: "/login", form: [:], expected: "400 403 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /account/password", uri: "/account/password",
            expected: "303 200 200 200 200 200 200 303 200 200 200"),
        Row(
            route: "POST /account/password", uri: "/account/password", form: ["current": "wrong"],
            expected: "403 422 422 422 422 422 422 403 422 422 422"),
        Row(route: "GET /workbench", uri: "/workbench", expected: "303 200 200 200 200 200 200 303 200 200 200"),
        Row(
            route: "GET /admin/accounts", uri: "/admin/accounts",
            expected: "303 403 403 403 403 403 403 303 200 403 403"),
        Row(
            route: "POST /admin/accounts", uri: "/admin/accounts", form: [:],
            expected: "403 403 403 403 403 403 403 403 422 403 403"),
        Row(
            route: "POST /admin/accounts/{username}/disable", uri: "/admin/accounts/zz-nobody/disable", form: [:],
            expected: "403 403 403 403 403 403 403 403 404 403 403"),
        Row(
            route: "POST /admin/accounts/{username}/enable", uri: "/admin/accounts/zz-nobody/enable", form: [:],
            expected: "403 403 403 403 403 403 403 403 404 403 403"),
        Row(
            route: "POST /admin/accounts/{username}/reset-password", uri: "/admin/accounts/zz-nobody/reset-password",
            form: [:], expected: "403 403 403 403 403 403 403 403 404 403 403"),
        // Organisations (系统管理员): empty forms are 422, unknown codes 404, nothing changes.
        Row(
            route: "GET /admin/organizations", uri: "/admin/organizations",
            expected: "303 403 403 403 403 403 403 303 200 403 403"),
        Row(
            route: "POST /admin/organizations", uri: "/admin/organizations", form: [:],
            expected: "403 403 403 403 403 403 403 403 422 403 403"),
        Row(
            route: "POST /admin/organizations/{code}/rename", uri: "/admin/organizations/ZZ-NOBODY/rename", form: [:],
            expected: "403 403 403 403 403 403 403 403 404 403 403"),
        Row(
            route: "POST /admin/organizations/{code}/retire", uri: "/admin/organizations/ZZ-NOBODY/retire", form: [:],
            expected: "403 403 403 403 403 403 403 403 404 403 403"),
        Row(
            route: "POST /admin/organizations/{code}/prefix", uri: "/admin/organizations/ZZ-NOBODY/prefix", form: [:],
            expected: "403 403 403 403 403 403 403 403 404 403 403"),
        Row(
            route: "GET /api/v1/organizations", uri: "/api/v1/organizations",
            expected: "401 403 403 403 403 403 403 403 200 403 403"),
        Row(
            route: "POST /api/v1/organizations", uri: "/api/v1/organizations", form: [:],
            expected: "401 403 403 403 403 403 403 403 422 403 403"),
        Row(
            route: "POST /api/v1/organizations/{code}", uri: "/api/v1/organizations/ZZ-NOBODY", form: [:],
            expected: "401 403 403 403 403 403 403 403 404 403 403"),
        Row(
            route: "POST /api/v1/organizations/{code}/retire", uri: "/api/v1/organizations/ZZ-NOBODY/retire", form: [:],
            expected: "401 403 403 403 403 403 403 403 404 403 403"),
        Row(
            route: "POST /api/v1/organizations/{code}/prefix", uri: "/api/v1/organizations/ZZ-NOBODY/prefix", form: [:],
            expected: "401 403 403 403 403 403 403 403 404 403 403"),
        Row(route: "GET /security", uri: "/security", expected: "303 403 403 403 403 403 403 303 403 200 403"),
        Row(
            route: "POST /security/accounts/role", uri: "/security/accounts/role", form: [:],
            expected: "403 403 403 403 403 403 403 403 403 422 403"),
        Row(
            route: "POST /security/tokens", uri: "/security/tokens", form: [:],
            expected: "403 403 403 403 403 403 403 403 403 422 403"),
        Row(
            route: "POST /security/tokens/{id}/revoke", uri: "/security/tokens/000000000000/revoke", form: [:],
            expected: "403 403 403 403 403 403 403 403 403 404 403"),
        Row(route: "GET /audit", uri: "/audit", expected: "303 403 403 403 403 403 403 303 403 403 200"),
        Row(route: "GET /units", uri: "/units", expected: "303 200 200 403 303 303 200 303 403 403 403"),
        Row(
            route: "GET /units/{code}", uri: "/units/510304100000",
            expected: "303 200 200 403 200 200 200 303 403 403 403"),
        Row(
            route: "POST /units/{code}/contact", uri: "/units/510304100000/contact",
            form: ["address": "", "phone": "x"], expected: "403 422 403 403 422 403 403 403 403 403 403"),
        // Delegation lifecycle (DESIGN §4): the menu is public; every step needs its role (invalid bodies: the
        // allowed roles get 404/422, nothing changes).
        Row(
            route: "GET /api/v1/delegation/proposals", uri: "/api/v1/delegation/proposals",
            expected: "401 200 200 200 403 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/proposals", uri: "/api/v1/delegation/proposals", form: [:],
            expected: "401 403 403 422 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/proposals/{id}/events", uri: "/api/v1/delegation/proposals/P-9999/events",
            form: [:], expected: "401 422 422 422 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/menus", uri: "/api/v1/delegation/menus", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/delegation/menu", uri: "/api/v1/delegation/menu",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/delegation/orders", uri: "/api/v1/delegation/orders",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/orders", uri: "/api/v1/delegation/orders", form: [:],
            expected: "401 403 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/orders/{id}/lines/{line}", uri: "/api/v1/delegation/orders/O-9999/lines/1",
            form: [:], expected: "401 404 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/agreements", uri: "/api/v1/delegation/agreements", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/delegation/agreements/{id}", uri: "/api/v1/delegation/agreements/A-9999",
            expected: "404 404 404 404 404 404 404 404 404 404 404"),
        Row(
            route: "POST /api/v1/delegation/agreements/{id}/events", uri: "/api/v1/delegation/agreements/A-9999/events",
            form: [:], expected: "401 422 403 422 422 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/agreements/{id}/scans", uri: "/api/v1/delegation/agreements/A-9999/scans",
            form: [:], expected: "401 422 403 422 422 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/delegation/agreements/{id}/scans/{sha256}",
            uri: "/api/v1/delegation/agreements/A-9999/scans/00",
            expected: "404 404 404 404 404 404 404 404 404 404 404"),
        Row(
            route: "GET /api/v1/delegation/delegations", uri: "/api/v1/delegation/delegations",
            expected: "401 200 200 200 200 200 200 403 403 403 403"),
        // Several rows of a queue at once: 编办 and 司法局 in their review queues, a department on its own proposals
        // (no rows ticked: 422).
        Row(
            route: "POST /api/v1/delegation/reviews", uri: "/api/v1/delegation/reviews", form: [:],
            expected: "401 422 422 422 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/delegations/{id}/events",
            uri: "/api/v1/delegation/delegations/G-9999/events", form: [:],
            expected: "401 422 403 422 403 403 422 403 403 403 403"),
        Row(route: "GET /delegation", uri: "/delegation", expected: "303 200 200 200 200 200 200 303 403 403 403"),
        Row(route: "GET /indicators", uri: "/indicators", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /indicators/townships/{code}", uri: "/indicators/townships/510304100000",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /indicators/items/{code}", uri: "/indicators/items/DA-CF-0001",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /suggestions", uri: "/suggestions", expected: "303 200 200 403 403 403 200 303 403 403 403"),
        // The confirmation is 编办's only (no finding named: 422).
        Row(
            route: "GET /suggestions/confirm", uri: "/suggestions/confirm",
            expected: "303 422 403 403 403 403 403 303 403 403 403"),
        Row(
            route: "GET /api/v1/suggestions", uri: "/api/v1/suggestions",
            expected: "401 200 200 403 403 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/suggestions/decisions", uri: "/api/v1/suggestions/decisions", form: [:],
            expected: "401 404 403 403 403 403 403 403 403 403 403"),
        Row(route: "GET /menu", uri: "/menu", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        // Provincial grant catalogues: 编办 only (an empty upload: 422).
        Row(
            route: "GET /delegation/catalogues", uri: "/delegation/catalogues",
            expected: "303 200 403 403 403 403 403 303 403 403 403"),
        Row(
            route: "POST /delegation/catalogues", uri: "/delegation/catalogues", form: ["csv": ""],
            expected: "403 422 403 403 403 403 403 403 403 403 403"),
        // Legal grounds of delegation: read by the offices and departments that take part in the reviews, changed
        // by 编办 only (an empty form or body: 422).
        Row(
            route: "GET /delegation/grounds", uri: "/delegation/grounds",
            expected: "303 200 200 200 403 403 200 303 403 403 403"),
        Row(
            route: "POST /delegation/grounds", uri: "/delegation/grounds", form: [:],
            expected: "403 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/delegation/grounds", uri: "/api/v1/delegation/grounds",
            expected: "401 200 200 200 403 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/delegation/grounds", uri: "/api/v1/delegation/grounds", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /agreements/{id}", uri: "/agreements/A-9999",
            expected: "404 404 404 404 404 404 404 404 404 404 404"),
        // Capacity (DESIGN §6): a unit's personal data for whoever may view the unit, writes for the unit itself and
        // 编办 (empty forms: 422), district figures for those who see every unit, courses by departments and 编办.
        Row(
            route: "GET /units/{code}/capacity", uri: "/units/510304100000/capacity",
            expected: "303 200 200 403 200 200 200 303 403 403 403"),
        Row(
            route: "GET /units/{code}/capacity/fit", uri: "/units/510304100000/capacity/fit?item=DA-CF-0189",
            expected: "303 200 200 403 200 200 200 303 403 403 403"),
        Row(
            route: "POST /units/{code}/capacity/staff", uri: "/units/510304100000/capacity/staff", form: [:],
            expected: "403 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /units/{code}/capacity/certificates", uri: "/units/510304100000/capacity/certificates",
            form: [:], expected: "403 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /units/{code}/capacity/secondments", uri: "/units/510304100000/capacity/secondments",
            form: [:], expected: "403 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /units/{code}/capacity/equipment", uri: "/units/510304100000/capacity/equipment", form: [:],
            expected: "403 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /units/{code}/capacity/standardisation",
            uri: "/units/510304100000/capacity/standardisation", form: [:],
            expected: "403 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /units/{code}/capacity/import/staff", uri: "/units/510304100000/capacity/import/staff",
            form: ["csv": ""], expected: "403 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /units/{code}/capacity/import/attendance",
            uri: "/units/510304100000/capacity/import/attendance", form: ["csv": ""],
            expected: "403 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/units/{code}/capacity/import/staff",
            uri: "/api/v1/units/510304100000/capacity/import/staff", form: ["csv": ""],
            expected: "401 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/units/{code}/capacity/import/attendance",
            uri: "/api/v1/units/510304100000/capacity/import/attendance", form: ["csv": ""],
            expected: "401 422 403 403 422 403 403 403 403 403 403"),
        Row(route: "GET /capacity", uri: "/capacity", expected: "303 200 200 403 303 303 200 303 403 403 403"),
        Row(
            route: "GET /capacity/courses", uri: "/capacity/courses",
            expected: "303 200 200 200 200 200 200 303 403 403 403"),
        Row(
            route: "POST /capacity/courses", uri: "/capacity/courses", form: [:],
            expected: "403 422 403 422 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/units/{code}/capacity", uri: "/api/v1/units/510304100000/capacity",
            expected: "401 200 200 403 200 200 200 403 403 403 403"),
        Row(
            route: "GET /api/v1/units/{code}/capacity/fit",
            uri: "/api/v1/units/510304100000/capacity/fit?item=DA-CF-0189",
            expected: "401 200 200 403 200 200 200 403 403 403 403"),
        Row(
            route: "GET /api/v1/capacity", uri: "/api/v1/capacity",
            expected: "401 200 200 403 403 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/cases", uri: "/api/v1/cases", form: [:],
            expected: "401 403 403 403 403 403 403 400 403 403 403"),
        Row(
            route: "POST /api/v1/cases/import", uri: "/api/v1/cases/import", form: [:],
            expected: "401 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/indicators", uri: "/api/v1/indicators",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        // Dispatched agencies (issue 14 points 1–2): read by the offices, departments, townships and supervisors (an
        // agency's officer sees its published assessments); the department proposes and decides, the township gives
        // its opinion, both score; 编办 keeps the rules and may make and publish schemes (empty bodies: 422, unknown
        // ids: 404).
        Row(
            route: "GET /api/v1/agencies", uri: "/api/v1/agencies",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "GET /api/v1/agencies/rules", uri: "/api/v1/agencies/rules",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/agencies/rules", uri: "/api/v1/agencies/rules", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/agencies/appointments", uri: "/api/v1/agencies/appointments",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/agencies/appointments", uri: "/api/v1/agencies/appointments", form: [:],
            expected: "401 403 403 422 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/agencies/appointments/{id}/events",
            uri: "/api/v1/agencies/appointments/AP-9999/events",
            form: [:], expected: "401 403 403 422 422 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/agencies/schemes", uri: "/api/v1/agencies/schemes",
            expected: "401 200 200 200 200 200 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/agencies/schemes", uri: "/api/v1/agencies/schemes", form: [:],
            expected: "401 422 403 422 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/agencies/schemes/{id}/scores", uri: "/api/v1/agencies/schemes/AS-9999/scores",
            form: [:], expected: "401 403 403 404 404 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/agencies/schemes/{id}/publish", uri: "/api/v1/agencies/schemes/AS-9999/publish",
            form: [:], expected: "401 404 403 404 403 403 403 403 403 403 403"),
        Row(route: "GET /agencies", uri: "/agencies", expected: "303 200 200 200 200 200 200 303 403 403 403"),
        // Resources (issue 14 point 4): the county's figures read by 编办, 司法局 and supervisors, a township's own by
        // the township; 编办 records budgets, establishment and the rules; the township (its own staff) and 编办 record
        // insurance (empty bodies: 422).
        Row(
            route: "GET /api/v1/resources/rules", uri: "/api/v1/resources/rules",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/resources/rules", uri: "/api/v1/resources/rules", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/resources/budgets", uri: "/api/v1/resources/budgets",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/resources/budgets", uri: "/api/v1/resources/budgets", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/resources/establishment", uri: "/api/v1/resources/establishment",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/resources/establishment", uri: "/api/v1/resources/establishment", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/resources/workload", uri: "/api/v1/resources/workload",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "GET /api/v1/resources/insurance", uri: "/api/v1/resources/insurance",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/resources/insurance", uri: "/api/v1/resources/insurance", form: [:],
            expected: "401 422 403 403 422 403 403 403 403 403 403"),
        Row(route: "GET /resources", uri: "/resources", expected: "303 200 200 403 200 403 200 303 403 403 403"),
        // Accountability (issue 14 point 5): 编办 and 司法局 record situations, open and decide cases (empty bodies: 422);
        // townships read their own cases, supervisors read; a person's record of nobody is 404 to every reader.
        Row(
            route: "GET /api/v1/accountability/situations", uri: "/api/v1/accountability/situations",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/accountability/situations", uri: "/api/v1/accountability/situations", form: [:],
            expected: "401 422 422 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/accountability/cases", uri: "/api/v1/accountability/cases",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/accountability/cases", uri: "/api/v1/accountability/cases", form: [:],
            expected: "401 422 422 403 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/accountability/cases/{id}/decision",
            uri: "/api/v1/accountability/cases/WZ-9999/decision",
            form: [:], expected: "401 422 422 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/accountability/people/{id}", uri: "/api/v1/accountability/people/ZF-9999",
            expected: "401 404 404 403 404 403 404 403 403 403 403"),
        Row(
            route: "GET /accountability", uri: "/accountability",
            expected: "303 200 200 403 200 403 200 303 403 403 403"),
        // Governance rights (issue 14 point 3): read by the offices, departments, townships and supervisors; 编办 keeps
        // the list; a township (or 编办 for it) records exercises; a department records plans and acceptances (empty
        // bodies: 422).
        Row(
            route: "GET /api/v1/governance/rights", uri: "/api/v1/governance/rights",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/governance/rights", uri: "/api/v1/governance/rights", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/governance/exercises", uri: "/api/v1/governance/exercises",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/governance/exercises", uri: "/api/v1/governance/exercises", form: [:],
            expected: "401 422 403 403 422 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/governance/matters", uri: "/api/v1/governance/matters",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/governance/matters", uri: "/api/v1/governance/matters", form: [:],
            expected: "401 403 403 422 403 403 403 403 403 403 403"),
        Row(route: "GET /governance", uri: "/governance", expected: "303 200 200 200 200 403 200 303 403 403 403"),
        // Boundary disputes (issue 15 point 1): read by the offices, the departments and townships (their own) and
        // supervisors; a township or department raises, answers and withdraws; 编办 keeps the rules and rules (empty
        // bodies: 422; an unknown dispute: 404). The rulings are public.
        Row(
            route: "GET /api/v1/disputes", uri: "/api/v1/disputes",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/disputes", uri: "/api/v1/disputes", form: [:],
            expected: "401 403 403 422 422 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/disputes/rules", uri: "/api/v1/disputes/rules",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/disputes/rules", uri: "/api/v1/disputes/rules", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/disputes/{id}", uri: "/api/v1/disputes/ZY-9999",
            expected: "401 404 404 404 404 403 404 403 403 403 403"),
        Row(
            route: "POST /api/v1/disputes/{id}/answer", uri: "/api/v1/disputes/ZY-9999/answer", form: [:],
            expected: "401 403 403 422 422 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/disputes/{id}/ruling", uri: "/api/v1/disputes/ZY-9999/ruling", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "POST /api/v1/disputes/{id}/withdrawal", uri: "/api/v1/disputes/ZY-9999/withdrawal", form: [:],
            expected: "401 403 403 404 404 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/rulings", uri: "/api/v1/rulings",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /disputes", uri: "/disputes", expected: "303 200 200 200 200 403 200 303 403 403 403"),
        Row(
            route: "GET /disputes/{id}", uri: "/disputes/ZY-9999",
            expected: "303 404 404 404 404 403 404 303 403 403 403"),
        Row(route: "GET /rulings", uri: "/rulings", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        // Evaluations and public feedback (issue 15 point 4): evaluations read by the offices, departments, townships
        // and supervisors, imported by 编办 and the supervisor (an empty upload: 422); feedback read by the offices,
        // departments and supervisors (personal data: not townships), moderated by 编办 only. The public form takes no
        // login but needs the item page's form cookie (the anonymous column has none: 403) or a session (empty: 422).
        Row(route: "GET /evaluations", uri: "/evaluations", expected: "303 200 200 200 200 403 200 303 403 403 403"),
        Row(route: "GET /feedback", uri: "/feedback", expected: "303 200 200 200 403 403 200 303 403 403 403"),
        Row(
            route: "POST /items/{code}/feedback", uri: "/items/DA-CF-0189/feedback", form: [:],
            expected: "403 422 422 422 422 422 422 403 422 422 422"),
        Row(
            route: "GET /api/v1/evaluations", uri: "/api/v1/evaluations",
            expected: "401 200 200 200 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/evaluations", uri: "/api/v1/evaluations", form: [:],
            expected: "401 422 403 403 403 403 422 403 403 403 403"),
        Row(
            route: "GET /api/v1/feedback", uri: "/api/v1/feedback",
            expected: "401 200 200 200 403 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/feedback/{id}/moderation", uri: "/api/v1/feedback/YJ-9999/moderation", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        // Subscriptions (issue 16 point 2): every staff account and the systems subscribe and cancel their own
        // (administrators do not: 403; an empty form is 422, an unknown subscription 404; the demo's token has only
        // cases:write, so the system column is 403 — SubscriptionsAppTests uses a subscriptions:write token); the
        // public e-mail form and the pages of the mailed links take no login but need the form cookie (anonymous
        // column: 403) or a session (an empty form: 422; an empty token: 404); the outbox is the system
        // administrator's.
        Row(
            route: "GET /subscriptions", uri: "/subscriptions", expected: "303 200 200 200 200 200 200 303 403 403 403"),
        Row(route: "GET /admin/outbox", uri: "/admin/outbox", expected: "303 403 403 403 403 403 403 303 200 403 403"),
        Row(
            route: "GET /subscribe", uri: "/subscribe?scope=item&code=DA-CF-0189",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /subscribe", uri: "/subscribe", form: [:],
            expected: "403 422 422 422 422 422 422 403 422 422 422"),
        Row(
            route: "GET /subscriptions/confirm", uri: "/subscriptions/confirm?token=x",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /subscriptions/confirm", uri: "/subscriptions/confirm", form: [:],
            expected: "403 404 404 404 404 404 404 403 404 404 404"),
        Row(
            route: "GET /subscriptions/unsubscribe", uri: "/subscriptions/unsubscribe?id=DY-0001&token=x",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /subscriptions/unsubscribe", uri: "/subscriptions/unsubscribe", form: [:],
            expected: "403 404 404 404 404 404 404 403 404 404 404"),
        Row(
            route: "GET /api/v1/subscriptions", uri: "/api/v1/subscriptions",
            expected: "401 200 200 200 200 200 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/subscriptions", uri: "/api/v1/subscriptions", form: [:],
            expected: "401 422 422 422 422 422 422 403 403 403 403"),
        Row(
            route: "POST /api/v1/subscriptions/{id}/cancel", uri: "/api/v1/subscriptions/DY-9999/cancel", form: [:],
            expected: "401 404 404 404 404 404 404 403 403 403 403"),
        Row(
            route: "GET /api/v1/outbox", uri: "/api/v1/outbox", expected: "401 403 403 403 403 403 403 403 200 403 403"),
        Row(
            route: "POST /api/v1/outbox/{id}/retry", uri: "/api/v1/outbox/DY-9999-1/retry", form: [:],
            expected: "401 403 403 403 403 403 403 403 404 403 403"),
        // Annual report (issue 15 point 5): 编办, 司法局, supervisors and townships read; 编办 records processing steps
        // (empty body: 422) and publishes (year 1999 is refused as out of range: 400, nothing stored).
        Row(
            route: "GET /api/v1/reports/annual/{year}", uri: "/api/v1/reports/annual/2023",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/reports/annual/{year}/publish", uri: "/api/v1/reports/annual/1999/publish",
            form: [:], expected: "401 400 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/reports/steps", uri: "/api/v1/reports/steps",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/reports/steps", uri: "/api/v1/reports/steps", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /reports/annual", uri: "/reports/annual",
            expected: "303 200 200 403 200 403 200 303 403 403 403"),
        Row(
            route: "GET /reports/annual/{year}/print", uri: "/reports/annual/2023/print",
            expected: "303 200 200 403 200 403 200 303 403 403 403"),
        // Supervision (issue 15 points 2 and 3): 司法局 draws internal-review samples and records findings; 编办 sets
        // and publishes the assessment of townships (empty bodies: 422; a year without a scheme: 404); townships read
        // their own samples, supervisors read; a published ranking is public.
        Row(
            route: "GET /api/v1/supervision/samples", uri: "/api/v1/supervision/samples",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/supervision/samples", uri: "/api/v1/supervision/samples", form: [:],
            expected: "401 403 422 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/supervision/samples/{id}", uri: "/api/v1/supervision/samples/NS-2099-999",
            expected: "401 404 404 403 404 403 404 403 403 403 403"),
        Row(
            route: "POST /api/v1/supervision/samples/{id}/findings",
            uri: "/api/v1/supervision/samples/NS-2099-999/findings", form: [:],
            expected: "401 403 422 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/supervision/assessments", uri: "/api/v1/supervision/assessments",
            expected: "401 200 200 403 200 403 200 403 403 403 403"),
        Row(
            route: "POST /api/v1/supervision/assessments", uri: "/api/v1/supervision/assessments", form: [:],
            expected: "401 422 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/supervision/assessments/{year}", uri: "/api/v1/supervision/assessments/2099",
            expected: "401 404 404 403 404 403 404 403 403 403 403"),
        Row(
            route: "POST /api/v1/supervision/assessments/{year}/publication",
            uri: "/api/v1/supervision/assessments/2099/publication", form: [:],
            expected: "401 404 403 403 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/supervision/assessments/{year}/ranking",
            uri: "/api/v1/supervision/assessments/2023/ranking",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "GET /supervision", uri: "/supervision", expected: "303 200 200 403 200 403 200 303 403 403 403"),
        Row(
            route: "GET /supervision/ranking", uri: "/supervision/ranking?year=2023",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /changes", uri: "/changes?township=510304100000",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /feeds/changes", uri: "/feeds/changes", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /feeds/townships/{code}", uri: "/feeds/townships/510304100000",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /feeds/items/{code}", uri: "/feeds/items/DA-CF-0001",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /feeds/departments/{code}", uri: "/feeds/departments/510304-D04",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/changes", uri: "/api/v1/changes?limit=5",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        // The guidance library (issue 16 point 4): documents and discretion standards are public reads; the
        // item's competent department, 编办 and 司法局 publish (empty bodies: 422; a department for another
        // department's item: 403 — see GuidanceAppTests; an unknown item or document: 422 before it is looked up).
        Row(
            route: "GET /api/v1/guidance/documents", uri: "/api/v1/guidance/documents",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /api/v1/guidance/documents", uri: "/api/v1/guidance/documents", form: [:],
            expected: "401 422 422 422 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/guidance/documents/{id}", uri: "/api/v1/guidance/documents/ZN-0001",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /api/v1/guidance/documents/{id}/versions", uri: "/api/v1/guidance/documents/ZN-9999/versions",
            form: [:], expected: "401 422 422 422 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/guidance/discretion", uri: "/api/v1/guidance/discretion?q=%E6%B2%A1%E6%94%B6",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /api/v1/guidance/discretion", uri: "/api/v1/guidance/discretion", form: [:],
            expected: "401 422 422 422 403 403 403 403 403 403 403"),
        Row(
            route: "GET /api/v1/guidance/discretion/{item}", uri: "/api/v1/guidance/discretion/DA-CF-0064",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "POST /api/v1/guidance/discretion/{item}", uri: "/api/v1/guidance/discretion/DA-XX-9999", form: [:],
            expected: "401 422 422 422 403 403 403 403 403 403 403"),
        Row(route: "GET /guidance", uri: "/guidance", expected: "303 200 200 200 403 403 403 303 403 403 403"),
        Row(
            route: "GET /guidance/documents/{id}", uri: "/guidance/documents/ZN-0001",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /guidance/discretion", uri: "/guidance/discretion",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        // Open data and the 履行职责事项清单 (issue 16 points 3 and 5): published lists, public to everyone.
        Row(route: "GET /open-data", uri: "/open-data", expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /open-data/dictionary", uri: "/open-data/dictionary",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/open-data/county/lists",
            uri: "/api/v1/open-data/county/lists?format=csv&asOf=2020-01-01",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/open-data/townships/{code}/lists",
            uri: "/api/v1/open-data/townships/510304100000/lists?format=csv&asOf=2020-01-01",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /townships/{code}/duties", uri: "/townships/510304100000/duties",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(
            route: "GET /api/v1/townships/{code}/duties", uri: "/api/v1/townships/510304100000/duties",
            expected: "200 200 200 200 200 200 200 200 200 200 200"),
        Row(route: "POST /logout", uri: "/logout", form: [:], expected: "403 303 303 303 303 303 303 403 303 303 303"),
    ]

    @Test("the table names every registered route exactly once")
    func tableCoversRouter() async throws {
        // setup
        let database = try await DemoDatabases.shared.database(.sqlite)
        let templates = try await MustacheLibrary(
            directory: Bundle.quanzeResources.appendingPathComponent("Templates").path)
        let router = buildRouter(
            services: AppServices(
                database: database, templates: templates, deploymentCounty: "510304", pinnedToday: nil))
        // act
        let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        let tabled = Self.table.map(\.route)
        let tabledSet = Set(tabled)
        // check
        #expect(!registered.isEmpty)
        let missing = registered.subtracting(tabledSet).sorted()
        let unknown = tabledSet.subtracting(registered).sorted()
        #expect(missing.isEmpty, "routes missing from the matrix: \(missing)")
        #expect(unknown.isEmpty, "matrix rows that are not registered routes: \(unknown)")
        #expect(tabledSet.count == tabled.count, "a route appears twice in the matrix")
        #expect(Self.table.allSatisfy { $0.expected.split(separator: " ").count == Self.columns.count })
    }

    @Test("every route answers every role as the table says", arguments: Engine.available)
    func matrix(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup: log in once per role
            let form = try await client.execute(uri: "/login", method: .get)
            let anonymous = StaffClient(
                cookie: "qz_login=\(cookieValue(form, "qz_login") ?? "")", csrf: hiddenCSRF(form.text))
            var sessions: [String: StaffClient] = [
                "anonymous": anonymous, "system": StaffClient(bearer: DemoAccounts.token),
            ]
            for (column, username) in Self.logins {
                sessions[column] = try await StaffClient.login(client, username)
            }
            var mismatches: [String] = []
            for row in Self.table {
                let expected = row.expected.split(separator: " ").map { Int($0)! }
                for (index, column) in Self.columns.enumerated() {
                    let staff = sessions[column]!
                    // act
                    let response: TestResponse
                    if let form = row.form {
                        response = try await staff.post(client, row.uri, form.sorted { $0.key < $1.key })
                    } else {
                        response = try await staff.get(client, row.uri)
                    }
                    // check
                    if Int(response.status.code) != expected[index] {
                        let why =
                            response.text.range(of: "<p>[^<]*</p>", options: .regularExpression).map {
                                String(response.text[$0])
                            } ?? String(response.text.prefix(120))
                        mismatches.append(
                            "\(row.route) as \(column): \(response.status.code), expected \(expected[index]) \(why)")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }

    /// The second county's accounts (`ForeignCounty`, 沿滩区), each signed in as the role of the same name; `system`
    /// calls with that county's token.
    static let foreignColumns = [
        "establishment", "justice", "department", "township", "supervisor", "system", "sysadmin", "secadmin",
    ]

    /// What the other county's accounts must get, written as one rule over the table above: a route whose request
    /// names a unit of the demo county (`/units/510304…`) is refused to all their web sessions (403) whatever
    /// their role; every other route — and every route for the token, which the demo county's token answers as
    /// well — answers them as it answers the demo county's account of the same role, because it works on the
    /// account's own county. On top, no answer may carry the demo county's staff-only data.
    static func foreignExpectation(_ row: Row, column: String) -> Int {
        if row.uri.contains("/units/510304") && column != "system" { return 403 }
        let own = row.expected.split(separator: " ").map { Int($0)! }
        return own[columns.firstIndex(of: column)!]
    }

    /// Staff-only strings of the demo county: an account's display name and username, a staff number.
    static let demoSecrets = ["大山铺镇 陈静", "dashanpu", "ZF-510304100-001"]

    @Test("another county's accounts reach nothing of the demo county's staff data", arguments: Engine.available)
    func foreignCounty(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup: log in once per foreign account
            var sessions: [String: StaffClient] = ["system": StaffClient(bearer: ForeignCounty.token)]
            for (column, username) in ForeignCounty.logins {
                sessions[column] = try await StaffClient.login(client, username)
            }
            var mismatches: [String] = []
            var leaks: [String] = []
            for row in Self.table {
                for column in Self.foreignColumns {
                    let staff = sessions[column]!
                    // act
                    let response: TestResponse
                    if let form = row.form {
                        response = try await staff.post(client, row.uri, form.sorted { $0.key < $1.key })
                    } else {
                        response = try await staff.get(client, row.uri)
                    }
                    // check
                    let expected = Self.foreignExpectation(row, column: column)
                    if Int(response.status.code) != expected {
                        mismatches.append(
                            "\(row.route) as \(column)@510311: \(response.status.code), expected \(expected) \(response.text.prefix(160))"
                        )
                    }
                    for secret in Self.demoSecrets where response.text.contains(secret) {
                        leaks.append("\(row.route) as \(column)@510311 shows “\(secret)”")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
            #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
        }
    }

    @Test(
        "another county's administrators cannot touch the demo county's accounts or tokens", arguments: Engine.available
    )
    func foreignAdministrators(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let sysadmin = try await StaffClient.login(client, "yt-sysadmin")
            let secadmin = try await StaffClient.login(client, "yt-secadmin")
            let demoToken = try await #require(
                TokenStore(try await DemoDatabases.shared.database(engine)).list(county: "510304").first)
            // act
            let disable = try await sysadmin.post(client, "/admin/accounts/heping/disable", [])
            let reset = try await sysadmin.post(client, "/admin/accounts/heping/reset-password", [])
            let role = try await secadmin.post(
                client, "/security/accounts/role",
                [("username", "heping"), ("role", "establishment"), ("organization", "510304-D01")])
            let revoke = try await secadmin.post(client, "/security/tokens/\(demoToken.id)/revoke", [])
            let stillIn = try await StaffClient.attemptLogin(client, "heping", password: DemoAccounts.password)
            // check
            #expect([disable.status, reset.status, role.status] == [.forbidden, .forbidden, .forbidden])
            #expect(revoke.status == .notFound, "a token of another county does not exist for this administrator")
            #expect(stillIn.0 == .seeOther, "the account still signs in with its own password")
            let token = try await TokenStore(try await DemoDatabases.shared.database(engine)).list(county: "510304")
            #expect(token.first { $0.id == demoToken.id }?.revokedAt == nil)
        }
    }

    @Test("a township's staff never see or change another unit's data", arguments: Engine.available)
    func otherOrganizations(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let officer = try await StaffClient.login(client, "zhifa")
            let heping = try await StaffClient.login(client, "heping")
            // act
            let own = try await heping.get(client, "/units/510304005000")
            let foreign = try await dashanpu.get(client, "/units/510304005000")
            let foreignByOfficer = try await officer.get(client, "/units/510304005000")
            let write = try await dashanpu.post(
                client, "/units/510304005000/contact",
                [("address", "自贡市大安区和平街道（伪造）"), ("phone", "0813-5100000"), ("hours", "")])
            let after = try await heping.get(client, "/units/510304005000")
            let saved = try await heping.post(
                client, "/units/510304005000/contact",
                [("address", "自贡市大安区和平街道便民服务中心"), ("phone", "0813-5100005"), ("hours", "工作日")])
            let publicPage = try await client.execute(uri: "/townships/510304005000", method: .get)
            // check
            #expect(own.status == .ok && own.text.contains("和平街道 刘洋"), "the owner sees its data")
            for response in [foreign, foreignByOfficer, write] {
                #expect(response.status == .forbidden)
                #expect(!response.text.contains("刘洋") && !response.text.contains("heping"))
            }
            #expect(!after.text.contains("伪造"), "the refused write changed nothing")
            #expect(saved.status == .seeOther)
            #expect(publicPage.text.contains("0813-5100005"), "the unit's own write is public on its list page")
        }
    }
}
