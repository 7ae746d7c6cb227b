import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// A county set up from nothing but the division files (not the demo), served by its own app.
enum AdoptedCounty {
    /// 武侯区 of 成都市.
    static let county = "510107"
    static let password = "Wuhou#2024-test"
    static let divisions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/divisions")

    /// A fresh database with the county initialised, a 编办 when asked, and one account per given role.
    static func database(_ engine: Engine, establishment: Bool, accounts: [(String, Role, String)]) async throws
        -> any Database
    {
        let database = try await engine.openScratch(prefix: "qz_org")
        let now = Date()
        _ = try await CountyInitializer(database).run(county: county, divisions: divisions, actor: .system, now: now)
        if establishment {
            try await OrganizationService(database).add(
                Organization(
                    code: "510107-D01", county: county, name: "武侯区委机构编制委员会办公室", kind: .department,
                    isEstablishmentOffice: true), by: .system, at: now)
        }
        try await OrganizationService(database).add(
            Organization(code: "510107-D02", county: county, name: "武侯区应急管理局", kind: .department), by: .system,
            at: now)
        let hash = try await Passwords.hash(password, cost: 4)
        for (username, role, organization) in accounts {
            try await AccountStore(database).create(
                Account(
                    username: username, county: county, displayName: username, role: role,
                    organization: organization, passwordHash: hash, passwordChangedAt: now, createdAt: now),
                by: .system, at: now)
        }
        return database
    }

    static func withApp(
        _ database: any Database, demo: Bool = false,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: county, today: nil,
            security: testSecurity)
        let app = try await buildApplication(
            configuration: configuration, database: database, logger: quietLogger,
            demoToday: demo ? Day(iso: "2023-12-31") : nil)
        do {
            try await app.test(.router) { client in try await body(client) }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}

@Suite("Organisations: the system administrator's page and API")
struct OrganizationsAdminTests {
    /// Posts JSON with the session's cookie and CSRF header, as a script in the browser would.
    static func postJSON(_ client: any TestClientProtocol, _ staff: StaffClient, _ uri: String, _ json: String)
        async throws -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post,
            headers: staff.headers([
                .contentType: "application/json", .origin: testOrigin,
                HTTPField.Name("X-CSRF-Token")!: staff.csrf ?? "",
            ]), body: ByteBuffer(string: json))
    }

    @Test(
        "the sysadmin adds, renames and retires through the API; the audit log has each change",
        arguments: Engine.available)
    func api(engine: Engine) async throws {
        let database = try await AdoptedCounty.database(
            engine, establishment: true, accounts: [("admin1", .systemAdmin, "510107-GOV")])
        try await AdoptedCounty.withApp(database) { client in
            // setup
            let admin = try await StaffClient.login(client, "admin1", password: AdoptedCounty.password)
            // act
            let added = try await Self.postJSON(
                client, admin, "/api/v1/organizations",
                #"{"code":"510107-ZF1","name":"金花桥街道综合行政执法中队","kind":"综合执法中队","parent":"510107013000"}"#)
            let bad = try await Self.postJSON(
                client, admin, "/api/v1/organizations",
                #"{"code":"510107-D09","name":"某局","kind":"区级部门","creditCode":"123"}"#)
            let renamed = try await Self.postJSON(
                client, admin, "/api/v1/organizations/510107-ZF1", #"{"name":"金花桥街道综合执法中队"}"#)
            let retired = try await Self.postJSON(
                client, admin, "/api/v1/organizations/510107-ZF1/retire", #"{"on":"2024-03-01"}"#)
            let list = try await admin.get(client, "/api/v1/organizations")
            // check
            #expect(added.status == .created, "\(added.text)")
            #expect(bad.status == .unprocessableContent && bad.text.contains("统一社会信用代码"))
            #expect(renamed.status == .ok && renamed.text.contains("金花桥街道综合执法中队"))
            #expect(retired.status == .ok && retired.text.contains("2024-03-01"))
            let orgs = try #require((try list.json() as? [String: Any])?["organizations"] as? [[String: Any]])
            let squad = orgs.first { $0["code"] as? String == "510107-ZF1" }
            #expect(squad?["name"] as? String == "金花桥街道综合执法中队")
            #expect(squad?["retiredOn"] as? String == "2024-03-01")
            #expect(squad?["parent"] as? String == "510107013000")
            let audit = AuditStore(database)
            for action in ["organization.add", "organization.rename", "organization.retire"] {
                #expect(
                    try await audit.count(AuditFilter(county: AdoptedCounty.county, actor: "admin1", action: action))
                        == 1, "\(action)")
            }
        }
    }

    @Test(
        "the sysadmin's page: CSRF-protected forms add, rename and retire; a refusal shows its reason",
        arguments: Engine.available)
    func page(engine: Engine) async throws {
        let database = try await AdoptedCounty.database(
            engine, establishment: true, accounts: [("admin1", .systemAdmin, "510107-GOV")])
        try await AdoptedCounty.withApp(database) { client in
            // setup
            let admin = try await StaffClient.login(client, "admin1", password: AdoptedCounty.password)
            // act
            let page = try await admin.get(client, "/admin/organizations")
            let noCSRF = try await admin.post(
                client, "/admin/organizations", [("code", "510107-D05"), ("name", "某局"), ("kind", "department")],
                csrf: "forged")
            let added = try await admin.post(
                client, "/admin/organizations",
                [("code", "510107-D05"), ("name", "武侯区司法局"), ("kind", "department"), ("justice", "true")])
            let duplicate = try await admin.post(
                client, "/admin/organizations", [("code", "510107-D06"), ("name", "武侯区司法局"), ("kind", "department")])
            let renamed = try await admin.post(
                client, "/admin/organizations/510107-D05/rename", [("name", "武侯区司法行政局")])
            let retired = try await admin.post(client, "/admin/organizations/510107-D02/retire")
            let township = try await admin.post(client, "/admin/organizations/510107013000/retire")
            // check
            #expect(page.status == .ok && page.text.contains("成都市武侯区人民政府") && page.text.contains("新增单位"))
            #expect(noCSRF.status == .forbidden)
            #expect(added.status == .created && added.text.contains("已新增区级部门“武侯区司法局”"))
            #expect(duplicate.status == .unprocessableContent && duplicate.text.contains("已被其他单位使用"))
            #expect(renamed.status == .ok && renamed.text.contains("武侯区司法行政局"))
            #expect(retired.status == .ok && retired.text.contains("已撤销“武侯区应急管理局”"))
            #expect(township.status == .unprocessableContent && township.text.contains("由区划数据建立"))
            let stored = try await OrganizationStore(database).find(county: AdoptedCounty.county, code: "510107-D05")
            #expect(stored?.name == "武侯区司法行政局" && stored?.isJusticeBureau == true)
            #expect(
                try await OrganizationStore(database).find(county: AdoptedCounty.county, code: "510107-D02")?
                    .retiredOn != nil)
        }
    }

    @Test(
        "every other role is refused (403) on the page and the API, and nothing changes",
        arguments: Engine.available)
    func othersRefused(engine: Engine) async throws {
        let database = try await AdoptedCounty.database(
            engine, establishment: true,
            accounts: [
                ("bianban1", .establishment, "510107-D01"), ("yingji1", .department, "510107-D02"),
                ("secadmin1", .securityAdmin, "510107-GOV"), ("audit1", .auditAdmin, "510107-GOV"),
            ])
        try await AdoptedCounty.withApp(database) { client in
            for username in ["bianban1", "yingji1", "secadmin1", "audit1"] {
                // setup
                let staff = try await StaffClient.login(client, username, password: AdoptedCounty.password)
                // act
                let page = try await staff.get(client, "/admin/organizations")
                let form = try await staff.post(
                    client, "/admin/organizations", [("code", "510107-X1"), ("name", "某局"), ("kind", "department")])
                let api = try await Self.postJSON(
                    client, staff, "/api/v1/organizations/510107-D02", #"{"name":"被改名的局"}"#)
                let retire = try await Self.postJSON(client, staff, "/api/v1/organizations/510107-D02/retire", "{}")
                // check
                #expect(
                    [page.status, form.status, api.status, retire.status] == [
                        .forbidden, .forbidden, .forbidden, .forbidden,
                    ], "\(username)")
            }
            let d02 = try await OrganizationStore(database).find(county: AdoptedCounty.county, code: "510107-D02")
            #expect(d02?.name == "武侯区应急管理局" && d02?.retiredOn == nil)
            #expect(try await OrganizationStore(database).find(county: AdoptedCounty.county, code: "510107-X1") == nil)
        }
    }

    @Test("the footer names the county's 编办 and says nothing of demo data without --demo", arguments: Engine.available)
    func footerWithoutDemo(engine: Engine) async throws {
        let database = try await AdoptedCounty.database(engine, establishment: true, accounts: [])
        try await AdoptedCounty.withApp(database) { client in
            // act
            let home = try await client.execute(uri: "/items", method: .get)
            // check
            #expect(home.status == .ok)
            #expect(home.text.contains("<footer class=\"footer\">武侯区委机构编制委员会办公室 · 数据依据已公布的决定文件</footer>"))
            #expect(!home.text.contains("演示数据"))
            #expect(!home.text.contains("大安"))
        }
    }

    @Test(
        "without a 编办 the footer names the county government; with --demo it says the data is demo data",
        arguments: Engine.available)
    func footerGovernmentAndDemo(engine: Engine) async throws {
        let database = try await AdoptedCounty.database(engine, establishment: false, accounts: [])
        try await AdoptedCounty.withApp(database, demo: true) { client in
            // act
            let home = try await client.execute(uri: "/items", method: .get)
            // check
            #expect(home.text.contains("成都市武侯区人民政府 · 数据依据已公布的决定文件 · 演示数据仅供参考"))
        }
    }
}
