import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import Testing

@testable import QuanzeApp

/// The origin of the router-test requests (their authority is always localhost).
let testOrigin = "http://localhost"

/// A signed-in browser (or an API client with a token): carries its cookie and CSRF token on every request.
struct StaffClient: Sendable {
    var cookie: String?
    var csrf: String?
    var bearer: String?

    static let anonymous = StaffClient()

    /// Logs in through the real form (GET /login for the login cookie, POST /login) and reads the session's CSRF
    /// token from the workbench.
    static func login(_ client: any TestClientProtocol, _ username: String, password: String = DemoAccounts.password)
        async throws -> StaffClient
    {
        let (status, staff) = try await attemptLogin(client, username, password: password)
        guard status == .seeOther, let staff else {
            throw TestFailure("login of \(username) answered \(status)")
        }
        return staff
    }

    /// One login attempt; the session when it succeeded.
    static func attemptLogin(_ client: any TestClientProtocol, _ username: String, password: String) async throws
        -> (HTTPResponse.Status, StaffClient?)
    {
        let response = try await postLogin(client, username, password: password)
        guard response.status == .seeOther, let session = cookieValue(response, "qz_session") else {
            return (response.status, nil)
        }
        return try await signedIn(client, username, session: session)
    }

    /// The login form posted as a browser does; the answer as it came (a refusal's page names why).
    static func postLogin(_ client: any TestClientProtocol, _ username: String, password: String) async throws
        -> TestResponse
    {
        let form = try await client.execute(uri: "/login", method: .get)
        let loginCookie = cookieValue(form, "qz_login") ?? ""
        let token = hiddenCSRF(form.text) ?? ""
        let body = "_csrf=\(token)&username=\(escape(username))&password=\(escape(password))&next=%2Fworkbench"
        return try await client.execute(
            uri: "/login", method: .post,
            headers: [
                .origin: testOrigin, .cookie: "qz_login=\(loginCookie)",
                .contentType: "application/x-www-form-urlencoded",
            ], body: ByteBuffer(string: body))
    }

    static func signedIn(_ client: any TestClientProtocol, _ username: String, session: String) async throws
        -> (HTTPResponse.Status, StaffClient?)
    {
        var staff = StaffClient(cookie: "qz_session=\(session)")
        let home = try await staff.get(client, "/workbench")
        staff.csrf = hiddenCSRF(home.text)
        if staff.csrf == nil {
            let password = try await staff.get(client, "/account/password")
            staff.csrf = hiddenCSRF(password.text)
            if staff.csrf == nil {
                throw TestFailure(
                    "no CSRF token after logging in \(username): workbench \(home.status) \(home.text.prefix(300)), password page \(password.status)"
                )
            }
        }
        return (.seeOther, staff)
    }

    func headers(_ extra: HTTPFields = [:]) -> HTTPFields {
        var fields: HTTPFields = [:]
        if let cookie { fields[.cookie] = cookie }
        if let bearer { fields[.authorization] = "Bearer \(bearer)" }
        for field in extra { fields[field.name] = field.value }
        return fields
    }

    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: headers())
    }

    /// Every row of a paged API listing (`Listing`): the pages followed through their `Link` headers.
    func all(_ client: any TestClientProtocol, _ uri: String, key: String) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        var next: String? = uri
        while let page = next {
            let response = try await get(client, page)
            rows += (try response.json() as? [String: Any])?[key] as? [[String: Any]] ?? []
            next = response.headers[HTTPField.Name("Link")!].flatMap { link in
                link.hasPrefix("<") ? link.dropFirst().prefix { $0 != ">" }.description : nil
            }
        }
        return rows
    }

    /// Posts a form with this session's CSRF token and this site's Origin (override either to test refusals).
    func post(
        _ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)] = [], csrf: String? = nil,
        origin: String? = testOrigin
    ) async throws -> TestResponse {
        var pairs = fields
        if let token = csrf ?? self.csrf { pairs.insert(("_csrf", token), at: 0) }
        let body = pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        var extra: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let origin { extra[.origin] = origin }
        return try await client.execute(
            uri: uri, method: .post, headers: headers(extra), body: ByteBuffer(string: body))
    }
}

func escape(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}

func cookieValue(_ response: TestResponse, _ name: String) -> String? {
    for field in response.headers where field.name == .setCookie {
        let value = field.value
        if value.hasPrefix(name + "=") {
            let v = value.dropFirst(name.count + 1).prefix { $0 != ";" }
            return v.isEmpty ? nil : String(v)
        }
    }
    return nil
}

func setCookieHeader(_ response: TestResponse, _ name: String) -> String? {
    response.headers.first { $0.name == .setCookie && $0.value.hasPrefix(name + "=") }?.value
}

/// The first hidden `_csrf` field of a page that is not the logout form's empty one.
func hiddenCSRF(_ html: String) -> String? {
    var rest = Substring(html)
    while let range = rest.range(of: "name=\"_csrf\" value=\"") {
        let value = rest[range.upperBound...].prefix { $0 != "\"" }
        if !value.isEmpty { return String(value) }
        rest = rest[range.upperBound...]
    }
    return nil
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// JSON calls of the API suites: a staff member's JSON POST (with the session's CSRF token and the test origin), the
/// answer's object, and the Chinese message of a refusal.
enum JSONCalls {
    static func post(_ client: any TestClientProtocol, _ staff: StaffClient, _ uri: String, _ body: [String: Any])
        async throws -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post,
            headers: staff.headers([
                .contentType: "application/json", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
            ]), body: ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: body)) ?? Data()))
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try response.json() as? [String: Any])
    }

    static func message(_ response: TestResponse) throws -> String {
        let error = try #require(try object(response)["error"] as? [String: Any])
        return error["message"] as? String ?? ""
    }
}
