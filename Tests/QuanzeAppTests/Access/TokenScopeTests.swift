import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

@Suite("API token scopes")
struct TokenScopeTests {
    /// This suite's own copy of the demo (the form test evaluates a delegation).
    static let databases = DemoDatabases()

    @Test(
        "quanze token issue|list|revoke: scopes checked, the token acts as its account within them",
        arguments: Engine.available)
    func commandLine(engine: Engine) async throws {
        // setup
        let database = try await engine.openScratch()
        try await ForeignCounty.ensure(database, now: Date())
        let county = ForeignCounty.county
        // act
        try await runCommand(
            [
                "token", "issue", "--account", "yt-bianban", "--scope", "delegation:read,suggestions:read", "--name",
                "迁移脚本",
            ],
            on: database, county: county)
        var refusals: [String] = []
        for arguments in [
            ["token", "issue", "--account", "yt-bianban", "--scope", "lists:erase"],
            ["token", "issue", "--account", "yt-sysadmin", "--scope", "cases:write"],
            ["token", "issue", "--account", "yt-xitong", "--scope", "cases:write"],
            ["token", "issue", "--account", "bianban", "--scope", "cases:write"],
        ] {
            do { try await runCommand(arguments, on: database, county: county) } catch {
                refusals.append(QuanzeCommand.message(for: error))
            }
        }
        let issued = try await TokenStore(database).list(county: county).first { $0.username == "yt-bianban" }
        try await runCommand(["token", "revoke", issued?.id ?? "-"], on: database, county: county)
        let after = try await TokenStore(database).list(county: county).first { $0.username == "yt-bianban" }
        // check
        #expect(issued?.permissions.map(\.description) == ["delegation:read", "suggestions:read"])
        #expect(issued?.name == "迁移脚本")
        #expect(refusals.count == 4)
        #expect(refusals.first?.contains("未知的权限范围“lists:erase”") == true)
        #expect(refusals.dropFirst().first?.contains("管理员") == true)
        #expect(refusals.dropFirst(2).first?.contains("单位") == true, "a system token pushing cases names its units")
        #expect(refusals.last?.contains("bianban") == true, "an account of another county gets no token here")
        #expect(after?.revokedAt != nil)
        try await database.shutdown()
    }

    @Test("over HTTP a token reads and writes only its areas; the refusal names the scope", arguments: Engine.available)
    func http(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let (_, secret) = try await TokenStore(database).create(
                for: "bianban", name: "只读脚本", scope: [], permissions: [TokenScope("delegation:read")!],
                county: "510304", by: .system, at: Date())
            let script = StaffClient(bearer: secret)
            // act
            let proposals = try await script.get(client, "/api/v1/delegation/proposals")
            let menus = try await script.post(client, "/api/v1/delegation/menus", [])
            let capacity = try await script.get(client, "/api/v1/units/510304100000/capacity")
            let items = try await script.get(client, "/api/v1/items?q=食品")
            let me = try await script.get(client, "/api/v1/me")
            // check
            #expect(proposals.status == .ok)
            #expect(menus.status == .forbidden && menus.text.contains("delegation:write"))
            #expect(capacity.status == .forbidden && capacity.text.contains("units:read"))
            #expect(items.status == .ok, "public reads need no scope")
            #expect(me.status == .ok && me.text.contains("\"role\":\"establishment\""))
        }
    }

    @Test(
        "a form posted with a token is answered as JSON, as the API documents; a staff page's form still gets pages",
        arguments: Engine.available)
    func formWithToken(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup: a token for 编办's lifecycle work, 编办 signed in, a running delegation
            let database = try await Self.databases.database(engine)
            let (_, secret) = try await TokenStore(database).create(
                for: "bianban", name: "表单脚本", scope: [],
                permissions: [TokenScope("delegation:read")!, TokenScope("delegation:write")!], county: "510304",
                by: .system, at: Date())
            let script = StaffClient(bearer: secret)
            let bianban = try await StaffClient.login(client, "bianban")
            let running = try await script.all(
                client, "/api/v1/delegation/delegations?state=active", key: "delegations")
            let id = try #require(running.first?["id"] as? String)
            let events = "/api/v1/delegation/delegations/\(id)/events"
            // act
            let done = try await script.post(
                client, events,
                [("event", "evaluate"), ("on", "2023-12-31"), ("conclusion", "keep"), ("findings", "办件正常")])
            let refused = try await script.post(client, events, [("event", "no-such-event")])
            let fromPage = try await bianban.post(client, events, [("event", "no-such-event")])
            // check
            #expect(done.status == .ok, "\(done.status) \(done.text.prefix(200))")
            #expect(done.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(done.text.contains("\"id\":\"\(id)\""))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(refused.text.contains("event 应为 evaluate、recall 或 close-follow-up"))
            #expect(fromPage.status == .unprocessableContent)
            #expect(fromPage.headers[.contentType]?.hasPrefix("text/html") == true, "the staff page's form gets a page")
        }
    }
}
