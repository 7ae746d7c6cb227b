import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// Accounts, sessions, tokens and unit contacts on both engines: each change and its audit entry together, and
/// nothing written when a rule refuses.
@Suite("Access stores")
struct AccessStoreTests {
    static let county = "510304"
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let orgs = [
        Organization(code: "510304-D01", county: county, name: "编办", kind: .department, isEstablishmentOffice: true),
        Organization(code: "510304100000", county: county, name: "大山铺镇", kind: .township(.town)),
        Organization(code: "510304-GOV", county: county, name: "区政府", kind: .countyGovernment),
    ]

    static func account(_ username: String, _ role: Role, _ org: String) -> Account {
        Account(
            username: username, county: county, displayName: username, role: role, organization: org,
            passwordHash: "$2b$04$hash", passwordChangedAt: now, createdAt: now)
    }

    static func seed(_ database: any Database) async throws {
        try await database.transaction { db in try await OrganizationStore(database).upsert(orgs, on: db) }
    }

    @Test(
        "creating an account writes it and its audit entry; a refused one writes neither", arguments: Engine.available)
    func create(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let store = AccountStore(database)
            let audit = AuditStore(database)
            // act
            try await store.create(Self.account("zhen", .township, "510304100000"), by: .system, at: Self.now)
            var failures: [AccountStoreFailure] = []
            for bad in [
                Self.account("zhen", .township, "510304100000"), Self.account("bb", .establishment, "510304100000"),
                Self.account("ghost", .township, "510304999000"),
            ] {
                do { try await store.create(bad, by: .system, at: Self.now) } catch let f as AccountStoreFailure {
                    failures.append(f)
                }
            }
            // check
            #expect(try await store.find("zhen")?.role == .township)
            let bb = try await store.find("bb")
            let ghost = try await store.find("ghost")
            #expect(bb == nil && ghost == nil)
            #expect(failures.count == 3)
            #expect(failures[0] == .duplicate("zhen"))
            #expect(failures[1] == .rule(.organizationMismatch(role: .establishment, organization: "大山铺镇")))
            #expect(failures[2] == .unknownOrganization("510304999000"))
            let entries = try await audit.search(AuditFilter(county: Self.county)).entries
            #expect(entries.count == 1 && entries[0].action == "account.create" && !entries[0].afterDigest.isEmpty)
            #expect(!entries[0].detail.contains("$2b$"), "no password hash in the log")
            #expect(try await audit.verify(county: Self.county) == nil)
        }
    }

    @Test("sessions: stored by digest only, ended by logout and by account changes", arguments: Engine.available)
    func sessions(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let accounts = AccountStore(database)
            let sessions = SessionStore(database)
            try await accounts.create(Self.account("zhen", .township, "510304100000"), by: .system, at: Self.now)
            let account = try #require(try await accounts.find("zhen"))
            // act
            let (one, csrf) = try await sessions.start(for: account, at: Self.now)
            let (two, _) = try await sessions.start(for: account, at: Self.now)
            let stored = try await database.read { db in
                try await db.raw("SELECT token_hash FROM sessions").all().map {
                    try $0.decode(column: "token_hash", as: String.self)
                }
            }
            try await sessions.end(token: one, at: Self.now, audit: nil)
            let afterLogout = try await sessions.find(token: one)
            let stillOpen = try await sessions.find(token: two)
            try await accounts.setDisabled("zhen", true, by: .system, at: Self.now)
            let afterDisable = try await sessions.find(token: two)
            // check
            #expect(one != two && one.count == 64 && csrf.count == 64)
            #expect(stored.count == 2 && !stored.contains(one) && stored.contains(Secrets.digest(one)))
            #expect(afterLogout?.endedAt != nil)
            #expect(stillOpen?.endedAt == nil && stillOpen?.csrf != csrf)
            #expect(afterDisable?.endedAt != nil)
        }
    }

    @Test(
        "tokens act for one account within their scopes; only system tokens name organisations; revoked once in their county",
        arguments: Engine.available)
    func tokens(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let accounts = AccountStore(database)
            let tokens = TokenStore(database)
            try await accounts.create(Self.account("xitong", .system, "510304-GOV"), by: .system, at: Self.now)
            try await accounts.create(Self.account("zhen", .township, "510304100000"), by: .system, at: Self.now)
            let admin = Actor(name: "secadmin", role: "secadmin")
            // act
            let (token, secret) = try await tokens.create(
                for: "xitong", name: "推送", scope: ["510304100000"], county: Self.county, by: admin, at: Self.now)
            let found = try await tokens.authenticate(secret, at: Self.now)
            var failures: [TokenFailure] = []
            for (user, scope) in [("zhen", ["510304100000"]), ("xitong", []), ("xitong", ["510304999000"])] {
                do {
                    _ = try await tokens.create(
                        for: user, name: "x", scope: scope, county: Self.county, by: admin, at: Self.now)
                } catch let f as TokenFailure { failures.append(f) }
            }
            let (townToken, _) = try await tokens.create(
                for: "zhen", name: "迁移脚本", scope: [], permissions: [TokenScope("delegation:read")!],
                county: Self.county, by: admin, at: Self.now)
            var foreign: TokenFailure?
            do { try await tokens.revoke(token.id, county: "510311", by: admin, at: Self.now) } catch let f
                as TokenFailure
            { foreign = f }
            try await tokens.revoke(token.id, county: Self.county, by: admin, at: Self.now)
            var again: TokenFailure?
            do { try await tokens.revoke(token.id, county: Self.county, by: admin, at: Self.now) } catch let f
                as TokenFailure
            { again = f }
            let afterRevoke = try await tokens.authenticate(secret, at: Self.now)
            // check
            #expect(found?.0.scope == ["510304100000"] && found?.1.username == "xitong")
            #expect(failures == [.organizationsOnlyForSystems, .emptyScope, .unknownOrganization("510304999000")])
            #expect(townToken.permissions.map(\.description) == ["delegation:read"] && townToken.scope.isEmpty)
            #expect(foreign == .notFound(token.id), "another county's administrator cannot revoke the token")
            #expect(again == .alreadyRevoked(token.id))
            #expect(afterRevoke == nil)
            let actions = try await AuditStore(database).search(AuditFilter(county: Self.county)).entries.map(\.action)
            #expect(
                actions.filter { $0.hasPrefix("token.") }.sorted() == ["token.create", "token.create", "token.revoke"])
        }
    }

    @Test(
        "login failures are kept per client address: one address waits, another signs in", arguments: Engine.available)
    func failuresPerClient(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let accounts = AccountStore(database)
            try await accounts.create(Self.account("zhen", .township, "510304100000"), by: .system, at: Self.now)
            // act
            for i in 0..<5 {
                try await accounts.recordLoginFailure(
                    "zhen", client: "203.0.113.9", county: Self.county, outcome: .failed, reason: "密码错误", counts: true,
                    at: Self.now.addingTimeInterval(Double(i)))
            }
            try await accounts.recordLoginFailure(
                "zhen", client: "198.51.100.7", county: Self.county, outcome: .failed, reason: "密码错误", counts: true,
                at: Self.now)
            let byClient = try await accounts.failures("zhen", since: Self.now.addingTimeInterval(-60))
            let county = try await accounts.failures(county: Self.county, since: Self.now.addingTimeInterval(-60))
            let at = Self.now.addingTimeInterval(10)
            // check
            #expect(byClient.mapValues(\.count) == ["203.0.113.9": 5, "198.51.100.7": 1])
            #expect(LoginGuard.standard.lockedUntil(failures: byClient["203.0.113.9"] ?? [], now: at) != nil)
            #expect(LoginGuard.standard.lockedUntil(failures: byClient["198.51.100.7"] ?? [], now: at) == nil)
            #expect(county["zhen"]?.mapValues(\.count) == byClient.mapValues(\.count))
        }
    }

    @Test("unit contacts are validated and saved with their audit entry", arguments: Engine.available)
    func contacts(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let store = UnitContactStore(database)
            let good = UnitContact(unit: "510304100000", address: "大山铺镇便民服务中心", phone: "0813-5100100", hours: "工作日")
            let bad = UnitContact(unit: "510304100000", address: " ", phone: "abc", hours: "")
            // act
            try await store.save(good, county: Self.county, by: .system, at: Self.now)
            var changed = good
            changed.phone = "0813-5100101"
            try await store.save(changed, county: Self.county, by: .system, at: Self.now)
            let read = try await store.find(county: Self.county, unit: "510304100000")
            // check
            #expect(good.problems.isEmpty)
            #expect(Set(bad.problems.keys) == ["address", "phone"])
            #expect(read?.phone == "0813-5100101" && read?.updatedBy == "system")
            let entries = try await AuditStore(database).search(AuditFilter(county: Self.county)).entries
            #expect(entries.count == 2 && entries.allSatisfy { $0.action == "unit.contact" })
            #expect(entries[0].beforeDigest == entries[1].afterDigest, "the second change starts where the first ended")
        }
    }
}
