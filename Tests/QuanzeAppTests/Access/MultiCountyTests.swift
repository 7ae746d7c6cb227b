import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// One instance serves many counties (issue 17 point 4): the demo county (大安区, 510304) and 沿滩区 (510311) of the
/// same city. The public choose the county; a city-level 编办 and a province-level supervisor read across their
/// counties and change nothing; county accounts keep to their own county whatever they ask for.
@Suite("Many counties on one instance")
struct MultiCountyTests {
    static let demo = "510304"
    static let other = ForeignCounty.county

    /// A city-level 编办 (自贡市, 510300), a province-level supervisor (四川省, 510000) and a city-level 编办 of a city
    /// with no county here (成都市, 510100), written through the stores.
    static func scopedAccounts(_ database: any Database) async throws {
        let now = Date()
        let orgs = [
            Organization(
                code: "510300-BB", county: "510300", name: "自贡市委机构编制委员会办公室", kind: .department,
                isEstablishmentOffice: true),
            Organization(code: "510000-JD", county: "510000", name: "四川省权责清单评估组", kind: .department),
            Organization(
                code: "510100-BB", county: "510100", name: "成都市委机构编制委员会办公室", kind: .department,
                isEstablishmentOffice: true),
        ]
        try await database.transaction { db in try await OrganizationStore(database).upsert(orgs, on: db) }
        let hash = try await Passwords.hash(DemoAccounts.password, cost: 4)
        for (username, role, county, org) in [
            ("zg-bianban", Role.establishment, "510300", "510300-BB"),
            ("sc-jiandu", .supervisor, "510000", "510000-JD"),
            ("cd-bianban", .establishment, "510100", "510100-BB"),
        ] {
            try await AccountStore(database).create(
                Account(
                    username: username, county: county, displayName: username, role: role, organization: org,
                    passwordHash: hash, passwordChangedAt: now, createdAt: now), by: .system, at: now)
        }
    }

    static func withApp(_ engine: Engine, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void)
        async throws
    {
        let database = try await DemoTemplates.shared.copy(engine, cases: false, prefix: "qz_multi")
        try await scopedAccounts(database)
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: demo, today: nil,
            security: testSecurity)
        let app = try await buildApplication(
            configuration: configuration, database: database, logger: quietLogger, demoToday: DemoBuilder.today)
        do {
            try await app.test(.router) { client in try await body(client) }
        } catch {
            try? await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    static func count(_ response: TestResponse, _ key: String) throws -> Int {
        ((try response.json() as? [String: Any])?[key] as? [Any])?.count ?? -1
    }

    @Test(
        "the public choose the county; the choice is remembered; an unknown county is ignored",
        arguments: Engine.available)
    func publicChoice(engine: Engine) async throws {
        try await Self.withApp(engine) { client in
            // act
            let plain = try await client.execute(uri: "/open-data", method: .get)
            let chosen = try await client.execute(uri: "/open-data?county=\(Self.other)", method: .get)
            let cookie = try #require(setCookieHeader(chosen, CountyChoice.cookie))
            let remembered = try await client.execute(
                uri: "/open-data", method: .get, headers: [.cookie: "\(CountyChoice.cookie)=\(Self.other)"])
            let back = try await client.execute(
                uri: "/open-data?county=\(Self.demo)", method: .get,
                headers: [.cookie: "\(CountyChoice.cookie)=\(Self.other)"])
            let unknown = try await client.execute(uri: "/open-data?county=510399", method: .get)
            let chooser = try await client.execute(uri: "/counties", method: .get)
            // check
            #expect(plain.text.contains("大安区") && !plain.text.contains("沿滩区"))
            #expect(chosen.text.contains("沿滩区") && !chosen.text.contains("大安区"))
            #expect(cookie.hasPrefix("\(CountyChoice.cookie)=\(Self.other); Path=/; SameSite=Lax"))
            #expect(remembered.text.contains("沿滩区") && !remembered.text.contains("大安区"))
            #expect(back.text.contains("大安区") && setCookieHeader(back, CountyChoice.cookie) != nil)
            #expect(unknown.status == .ok && unknown.text.contains("大安区"))
            #expect(chooser.status == .ok)
            #expect(chooser.text.contains("href=\"/?county=\(Self.demo)\"") && chooser.text.contains("大安区"))
            #expect(chooser.text.contains("href=\"/?county=\(Self.other)\"") && chooser.text.contains("沿滩区"))
        }
    }

    @Test("the frame links the county chooser only where more than one county is served", arguments: Engine.available)
    func chooserLink(engine: Engine) async throws {
        let link = "<a href=\"/counties\">选择区县</a>"
        try await Self.withApp(engine) { client in
            // act
            let page = try await client.execute(uri: "/", method: .get)
            // check
            #expect(page.text.components(separatedBy: link).count == 3, "the top menu and the side menu")
        }
        // One county set up by the README's commands, alone in its database (the demo's test copies hold a
        // foreign county for the isolation tests).
        let database = try await engine.openScratch(prefix: "qz_single")
        do {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            let divisions = root.deletingLastPathComponent().appendingPathComponent("shared/data/divisions").path
            try await runCommand(
                ["county", "init", "511602", "--divisions", divisions], on: database, county: "511602")
            let configuration = AppConfiguration(
                database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "511602", today: nil,
                security: testSecurity)
            let app = try await buildApplication(configuration: configuration, database: database, logger: quietLogger)
            try await app.test(.router) { client in
                // act
                let page = try await client.execute(uri: "/", method: .get)
                // check
                #expect(page.status == .ok && !page.text.contains(link))
            }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    @Test("a city 编办 and a province supervisor read their counties and change nothing", arguments: Engine.available)
    func scopedReads(engine: Engine) async throws {
        try await Self.withApp(engine) { client in
            let city = try await StaffClient.login(client, "zg-bianban")
            let province = try await StaffClient.login(client, "sc-jiandu")
            let chengdu = try await StaffClient.login(client, "cd-bianban")
            let countyAccount = try await StaffClient.login(client, "yt-bianban")
            // act
            let meDefault = try await city.get(client, "/api/v1/me")
            let meOther = try await city.get(client, "/api/v1/me?county=\(Self.other)")
            let disputesDemo = try await city.get(client, "/api/v1/disputes?county=\(Self.demo)")
            let disputesOther = try await city.get(client, "/api/v1/disputes?county=\(Self.other)")
            let provinceDemo = try await province.get(client, "/api/v1/disputes?county=\(Self.demo)")
            let write = try await city.post(client, "/suggestions/decisions", [("key", "x"), ("fingerprint", "y")])
            let outside = try await city.get(client, "/api/v1/disputes?county=510107")
            let chengduOwn = try await chengdu.get(client, "/api/v1/disputes")
            let chengduDemo = try await chengdu.get(client, "/api/v1/disputes?county=\(Self.demo)")
            let countyAsks = try await countyAccount.get(client, "/api/v1/disputes?county=\(Self.demo)")
            let countyMe = try await countyAccount.get(client, "/api/v1/me?county=\(Self.demo)")
            // check
            let me = try meDefault.json() as? [String: Any]
            #expect(me?["county"] as? String == Self.demo)
            #expect(me?["division"] as? String == "510300")
            #expect((try meOther.json() as? [String: Any])?["county"] as? String == Self.other)
            #expect(disputesDemo.status == .ok && disputesOther.status == .ok)
            #expect(try Self.count(disputesDemo, "disputes") == 5)
            #expect(try Self.count(disputesOther, "disputes") == 0)
            #expect(try Self.count(provinceDemo, "disputes") == 5)
            #expect(write.status == .forbidden)
            #expect(write.text.contains("市级账号只能查阅所辖区县的数据，不能在区县办理或修改"))
            #expect(outside.status == .forbidden)
            #expect(outside.text.contains("本账号（510300）只能查阅所辖区县的数据，510107 不在其中"), "\(outside.text)")
            #expect(chengduOwn.status == .ok)
            #expect(try Self.count(chengduOwn, "disputes") == 0, "no county of 成都市 is served here")
            #expect(chengduDemo.status == .forbidden)
            // a county account stays in its county: 沿滩区 has no dispute, and /me says 沿滩区
            #expect(try Self.count(countyAsks, "disputes") == 0)
            #expect((try countyMe.json() as? [String: Any])?["county"] as? String == Self.other)
        }
    }

    @Test("a city or province account may only be 编办 or supervisor", arguments: Engine.available)
    func roles(engine: Engine) async throws {
        let database = try await DemoTemplates.shared.copy(engine, cases: false, prefix: "qz_multi")
        do {
            // setup
            try await Self.scopedAccountsOrganizations(database)
            // act
            var refused: String?
            do {
                try await AccountStore(database).create(
                    Account(
                        username: "zg-xitong", county: "510300", displayName: "x", role: .system,
                        organization: "510300-BB", passwordHash: "x", passwordChangedAt: Date(), createdAt: Date()),
                    by: .system, at: Date())
            } catch let failure as AccountStoreFailure {
                refused = failure.message
            }
            // check
            #expect(refused == "市级账号只能是编办或监督/第三方角色（跨区县查阅），不能是“对接系统”")
            #expect(try await AccountStore(database).find("zg-xitong") == nil)
        } catch {
            try? await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    static func scopedAccountsOrganizations(_ database: any Database) async throws {
        let org = Organization(
            code: "510300-BB", county: "510300", name: "自贡市委机构编制委员会办公室", kind: .department,
            isEstablishmentOffice: true)
        try await database.transaction { db in try await OrganizationStore(database).upsert([org], on: db) }
    }
}
