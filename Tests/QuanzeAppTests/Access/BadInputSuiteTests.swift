import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mustache
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The project's own hostile-input suite: every registered route, with bad path parameters, query parameters,
/// JSON, NDJSON, form, CSV and binary bodies and bad headers, as an anonymous client and as signed-in staff of three
/// roles (with valid CSRF tokens, so the handlers' own checks are reached). Not one answer may be a 5xx, and every
/// refusal carries a Chinese message. On a fresh demo database of its own, so what it sends touches no other test.
@Suite("Bad input on every route")
struct BadInputSuiteTests {
    /// Path parameter values: NUL, an invalid UTF-8 escape, a traversal, a right-to-left override, an overlong one.
    static let pathValues = ["%00%FF%FE", "..%2F..%2Fetc%2Fpasswd%E2%80%AE", String(repeating: "9", count: 1_100)]
    static let queries = [
        "?q=%00&asOf=9999-99-99&item=" + String(repeating: "字", count: 300),
        "?page=-1&limit=99999999999999999999&from=%FF&to=2023-13",
        "?county=510302&unit=510302100000&township='%20OR%201=1--",
    ]
    /// (content type, body)
    static let bodies: [(String, String)] = [
        ("application/json", "{"), ("application/json", "[]"), ("application/json", "\"text\""),
        ("application/json", ""), ("application/json", #"{"x":"\u0000"}"#),
        ("application/json", String(repeating: "[", count: 600) + String(repeating: "]", count: 600)),
        (
            "application/json",
            #"{"itemCode":1,"mode":[],"reasons":{},"records":"x","username":null,"on":"2023-02-30","expectedYearlyVolume":1e308,"township":"510304100000","proposals":[null,1,{}],"event":"evaluate","passed":"yes","number":"〔〕号","termFrom":"0000-00-00","evaluationMonths":-5}"#
        ),
        ("application/x-ndjson", "{}\n{\n[1]\n"), ("application/x-www-form-urlencoded", "a=%ZZ&=&&&b"),
        (
            "application/x-www-form-urlencoded",
            "username=&password=&kind=nope&day=2023-02-30&hours=NaN&role=systemAdmin"
        ),
        ("text/csv", "code,name\n\"unterminated\n"),
        ("text/csv", "\u{FEFF}" + String(repeating: "列,", count: 2_000) + "\n1\n"),
        ("application/octet-stream", "\u{FF}\u{FE}\u{0}\u{1}PK\u{3}\u{4}"), ("application/pdf", "%PDF-1.4 not really"),
    ]
    /// Header sets sent once per route: a forged token, a broken cookie, a wrong charset, an overlong key.
    static let headerSets: [HTTPFields] = [
        [.authorization: "Bearer qzt_forged_\(String(repeating: "A", count: 40))"],
        [.authorization: "Basic Zm9vOmJhcg=="],
        [.cookie: "qz_session=%00;;;=; qz_login=\(String(repeating: "x", count: 500))"],
        [
            .contentType: "application/json; charset=gb2312",
            .init("Idempotency-Key")!: String(repeating: "k", count: 300),
        ],
        [.init("X-CSRF-Token")!: "forged", .origin: "https://evil.example"],
    ]

    static func fill(_ path: String, with value: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.hasPrefix(":") || $0 == "*" ? value : String($0)
        }.joined(separator: "/")
    }

    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test("no 5xx on any route, and every refusal says why in Chinese", arguments: Engine.available)
    func everyRoute(engine: Engine) async throws {
        // setup: a fresh demo district (no case data) with its accounts
        let database = try await DemoTemplates.shared.copy(engine, cases: false, prefix: "qz_bad")
        let templates = try await MustacheLibrary(
            directory: Bundle.quanzeResources.appendingPathComponent("Templates").path)
        let routes = buildRouter(
            services: AppServices(
                database: database, templates: templates, deploymentCounty: "510304", pinnedToday: nil)
        ).routes.map { (method: $0.method, path: "\($0.path)") }
        let app = try await buildApplication(
            configuration: AppConfiguration(
                database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil,
                security: testSecurity),
            database: database, logger: quietLogger, demoToday: DemoBuilder.today)
        try await app.test(.router) { client in
            var staff: [String: StaffClient] = [:]
            for name in ["bianban", "sysadmin", "secadmin", "auditadmin", "dashanpu"] {
                staff[name] = try await StaffClient.login(client, name)
            }
            /// Who sends: reads as the public and as 编办; writes as 编办 and as the role the route belongs to.
            func senders(_ method: HTTPRequest.Method, _ path: String) -> [StaffClient] {
                if method == .get { return [.anonymous, staff["bianban"]!] }
                let owner =
                    path.hasPrefix("/admin")
                    ? "sysadmin"
                    : path.hasPrefix("/security")
                        ? "secadmin"
                        : path.hasPrefix("/audit") ? "auditadmin" : "dashanpu"
                return [staff["bianban"]!, staff[owner]!]
            }
            var sent = 0
            var failures: [String] = []
            func send(
                _ method: HTTPRequest.Method, _ uri: String, _ staff: StaffClient, _ extra: HTTPFields, _ body: String?
            )
                async throws
            {
                var headers = staff.headers()
                if staff.csrf != nil {
                    headers[.origin] = testOrigin
                    headers[.init("X-CSRF-Token")!] = staff.csrf
                }
                for field in extra { headers[field.name] = field.value }
                let response = try await client.execute(
                    uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                sent += 1
                let status = response.status.code
                if status >= 500 {
                    failures.append("\(method) \(uri.prefix(120)) → \(status) \(response.text.prefix(200))")
                } else if status >= 400 && method != .head && !Self.hasChinese(response.text) {
                    failures.append("\(method) \(uri.prefix(120)) → \(status) without a Chinese message")
                }
            }
            // act
            for route in routes where route.path != "/logout" {
                let hasParameters = route.path.contains(":") || route.path.contains("*")
                let paths = hasParameters ? Self.pathValues.map { Self.fill(route.path, with: $0) } : [route.path]
                for sender in senders(route.method, route.path) {
                    for path in paths {
                        if route.method == .get {
                            for query in Self.queries { try await send(.get, path + query, sender, [:], nil) }
                        } else {
                            for (type, body) in Self.bodies where path == paths[0] || type == "application/json" {
                                try await send(route.method, path, sender, [.contentType: type], body)
                            }
                        }
                    }
                }
                for headers in Self.headerSets {
                    let body: String? = route.method == .get ? nil : #"{"a":1}"#
                    try await send(route.method, paths[0], .anonymous, headers, body)
                }
            }
            // check
            #expect(failures.isEmpty, "\(failures.count) of \(sent):\n\(failures.prefix(40).joined(separator: "\n"))")
            #expect(sent >= 600, "the suite sent \(sent) requests")
            print(
                "bad-input suite (\(engine.rawValue)): \(sent) requests on \(routes.count) routes, \(failures.count) failures"
            )
        }
        try await database.shutdown()
    }
}
