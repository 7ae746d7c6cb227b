import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp

/// The three administrators at work through HTTP: accounts, roles, tokens, the audit log.
@Suite("Administration: accounts, roles, tokens, audit")
struct AdministrationTests {
    @Test(
        "a new account gets a temporary password and must change it before anything else; disabling ends it",
        arguments: Engine.available)
    func accountLifecycle(engine: Engine) async throws {
        let username = "new\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup
            let admin = try await StaffClient.login(client, "sysadmin")
            // act
            let created = try await admin.post(
                client, "/admin/accounts",
                [
                    ("username", username), ("displayName", "新店镇 测试员"), ("role", "township"),
                    ("organization", "510304105000"),
                ])
            let temporary = Self.secret(created.text)
            let (beforeGrant, _) = try await StaffClient.attemptLogin(client, username, password: temporary ?? "")
            let secadmin = try await StaffClient.login(client, "secadmin")
            let securityPage = try await secadmin.get(client, "/security")
            let granted = try await secadmin.post(
                client, "/security/accounts/role",
                [("username", username), ("role", "township"), ("organization", "510304105000")])
            let user = try await StaffClient.login(client, username, password: temporary ?? "")
            let blocked = try await user.get(client, "/workbench")
            let weak = try await user.post(
                client, "/account/password",
                [("current", temporary ?? ""), ("password", "short"), ("confirm", "short")])
            let changed = try await user.post(
                client, "/account/password",
                [("current", temporary ?? ""), ("password", "Xindian#2023ok"), ("confirm", "Xindian#2023ok")])
            let home = try await user.get(client, "/workbench")
            let disabled = try await admin.post(client, "/admin/accounts/\(username)/disable")
            let afterDisable = try await user.get(client, "/workbench")
            let (relogin, _) = try await StaffClient.attemptLogin(client, username, password: "Xindian#2023ok")
            // check
            #expect(created.status == .created)
            #expect(temporary != nil && created.text.contains("只显示这一次"))
            #expect(created.text.contains("待安全管理员授予角色（镇街）后方可登录"))
            #expect(beforeGrant == .forbidden, "an account the system administrator opens waits for its role")
            #expect(securityPage.text.contains("<code>\(username)</code></td>\n      <td data-label=\"申请角色\">镇街</td>"))
            #expect(granted.status == .ok && granted.text.contains("已授予 \(username) 角色“镇街”"))
            #expect(blocked.status == .seeOther && blocked.headers[.location] == "/account/password")
            #expect(weak.status == .unprocessableContent && weak.text.contains("密码至少 8 位"))
            #expect(changed.status == .seeOther)
            #expect(home.status == .ok && home.text.contains("待完善的办事信息"))
            #expect(disabled.status == .ok && disabled.text.contains("已停用"))
            #expect(afterDisable.status == .seeOther, "disabling ends the account's sessions")
            #expect(relogin == .forbidden)
        }
    }

    @Test(
        "a role fits its organisation; the security administrator's change ends the account's sessions",
        arguments: Engine.available)
    func roles(engine: Engine) async throws {
        let username = "role\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            try await AccountStore(database).create(
                Account(
                    username: username, county: "510304", displayName: "角色测试", role: .department,
                    organization: "510304-D05", passwordHash: try await Passwords.hash(DemoAccounts.password, cost: 4),
                    passwordChangedAt: Date(), createdAt: Date()), by: .system, at: Date())
            let security = try await StaffClient.login(client, "secadmin")
            let user = try await StaffClient.login(client, username)
            // act
            let misfit = try await security.post(
                client, "/security/accounts/role",
                [("username", username), ("role", "township"), ("organization", "510304-D05")])
            let fit = try await security.post(
                client, "/security/accounts/role",
                [("username", username), ("role", "township"), ("organization", "510304107000")])
            let admin = try await security.post(
                client, "/security/accounts/role",
                [("username", "sysadmin"), ("role", "township"), ("organization", "510304107000")])
            let old = try await user.get(client, "/workbench")
            let account = try await AccountStore(database).find(username)
            // check
            #expect(misfit.status == .unprocessableContent && misfit.text.contains("单位类型不符"))
            #expect(fit.status == .ok)
            #expect(admin.status == .forbidden, "administrator roles change only on the command line")
            #expect(old.status == .seeOther)
            #expect(account?.role == .township && account?.organization == "510304107000")
        }
    }

    @Test(
        "API tokens: shown once, stored hashed, scoped, revocable; bad tokens are refused, logged and limited",
        arguments: Engine.available)
    func tokens(engine: Engine) async throws {
        var settings = testSecurity
        settings.loginRatePerMinute = 5
        try await withDemoApp(engine, security: settings) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let security = try await StaffClient.login(client, "secadmin")
            // act
            let created = try await security.post(
                client, "/security/tokens",
                [
                    ("account", "xitong"), ("name", "掌上执法推送"), ("permission", "cases:write"), ("scope", "510304100000"),
                    ("scope", "510304100000-ZF"),
                ])
            let secret = Self.secret(created.text) ?? ""
            let me = try await client.execute(
                uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(secret)"])
            let stored = try await database.read { db in
                try await db.raw("SELECT token_hash, id FROM api_tokens").all().map {
                    try $0.decode(column: "token_hash", as: String.self) + $0.decode(column: "id", as: String.self)
                }
            }
            let id = String(Secrets.digest(secret).prefix(12))
            let revoked = try await security.post(client, "/security/tokens/\(id)/revoke")
            let after = try await client.execute(
                uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(secret)"])
            var statuses: [HTTPResponse.Status] = []
            for attempt in 0..<6 {
                statuses.append(
                    try await client.execute(
                        uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer qzt_guess\(attempt)"]
                    ).status)
            }
            let logged = try await AuditStore(database).count(AuditFilter(county: "510304", action: "token.invalid"))
            // check
            #expect(created.status == .created && secret.hasPrefix("qzt_") && secret.count == 68)
            #expect(me.status == .ok)
            let body = try me.json() as? [String: Any]
            #expect(body?["role"] as? String == "system")
            #expect(body?["scope"] as? [String] == ["510304100000", "510304100000-ZF"])
            #expect(body?["permissions"] as? [String] == ["cases:write"])
            #expect(!stored.isEmpty && stored.allSatisfy { !$0.contains(secret) }, "only a digest is stored")
            #expect(revoked.status == .ok)
            #expect(after.status == .unauthorized)
            #expect(statuses.prefix(4).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            // The first bad token of the client's window is written at once; the rest are counted into the window's
            // summary entry (RefusalAggregationTests).
            #expect(logged >= 1)
        }
    }

    @Test(
        "the audit administrator alone reads the log, filtered; it holds failed logins and no secret",
        arguments: Engine.available)
    func auditViewer(engine: Engine) async throws {
        let sink = LogSink()
        var logger = Logger(label: "test") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        try await withDemoApp(engine, logger: logger) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let wrong = "Wrong#Secret\(Int.random(in: 1000...9999))"
            _ = try await StaffClient.attemptLogin(client, "jiandu", password: wrong)
            let auditor = try await StaffClient.login(client, "auditadmin")
            let establishment = try await StaffClient.login(client, "bianban")
            _ = try await client.execute(
                uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(DemoAccounts.token)"])
            // act
            let page = try await auditor.get(client, "/audit?action=login&outcome=failed&actor=jiandu")
            let api = try await client.execute(
                uri: "/api/v1/audit?action=login&outcome=failed&actor=jiandu&limit=5", method: .get,
                headers: auditor.headers())
            let refused = try await establishment.get(client, "/audit")
            let badDate = try await auditor.get(client, "/audit?from=2023-13-01")
            let verify = try await auditor.get(client, "/audit?verify=1")
            let everything = try await database.read { db in
                try await db.raw("SELECT actor, subject, detail FROM audit_entries").all().map {
                    try $0.decode(column: "actor", as: String.self) + $0.decode(column: "subject", as: String.self)
                        + $0.decode(column: "detail", as: String.self)
                }.joined(separator: "\n")
            }
            // check
            #expect(page.status == .ok && page.text.contains("密码错误") && page.text.contains("失败"))
            let entries = (try api.json() as? [String: Any])?["entries"] as? [[String: Any]] ?? []
            #expect(!entries.isEmpty && entries.allSatisfy { $0["outcome"] as? String == "failed" })
            #expect(refused.status == .forbidden)
            #expect(badDate.status == .badRequest)
            #expect(verify.status == .ok && verify.text.contains("完整") && !verify.text.contains("已破坏"))
            for secret in [wrong, DemoAccounts.password, DemoAccounts.token] {
                #expect(!everything.contains(secret), "the audit log holds no password or token")
                #expect(!sink.text.contains(secret), "the application log holds no password or token")
            }
            #expect(!sink.text.isEmpty, "the log was captured")
        }
    }

    @Test(
        "under the 等保 profile an expired password must be changed; under ASVS it never expires",
        arguments: Engine.available)
    func expiry(engine: Engine) async throws {
        let username = "exp\(engine.rawValue)\(Int.random(in: 1000...9999))"
        for profile in PasswordPolicy.Profile.allCases {
            var settings = testSecurity
            settings.passwordPolicy = .named(profile)
            let clock = TestClock()
            try await withDemoApp(engine, security: settings, clock: clock) { client in
                // setup
                let database = try await DemoDatabases.shared.database(engine)
                let name = username + profile.rawValue
                try await AccountStore(database).create(
                    Account(
                        username: name, county: "510304", displayName: "过期测试", role: .supervisor,
                        organization: "510304-GOV",
                        passwordHash: try await Passwords.hash(DemoAccounts.password, cost: 4),
                        passwordChangedAt: clock.now, createdAt: clock.now), by: .system, at: clock.now)
                clock.advance(91 * 86400)
                // act
                let staff = try await StaffClient.login(client, name)
                let home = try await staff.get(client, "/workbench")
                // check
                #expect(home.status == (profile == .dengbao ? .seeOther : .ok), "\(profile)")
            }
        }
    }

    @Test(
        "三员分立: the system administrator opens accounts but grants no role, not even to an account it opened",
        arguments: Engine.available)
    func systemAdministratorGrantsNoRole(engine: Engine) async throws {
        let name = "shadow\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup
            let sysadmin = try await StaffClient.login(client, "sysadmin")
            let secadmin = try await StaffClient.login(client, "secadmin")
            // act
            let created = try await sysadmin.post(
                client, "/admin/accounts",
                [
                    ("username", name), ("displayName", "影子账号"), ("role", "establishment"),
                    ("organization", "510304-D01"),
                ])
            let temporary = Self.secret(created.text) ?? ""
            let login = try await StaffClient.postLogin(client, name, password: temporary)
            let selfGrant = try await sysadmin.post(
                client, "/security/accounts/role",
                [("username", name), ("role", "establishment"), ("organization", "510304-D01")])
            let ownRole = try await sysadmin.post(
                client, "/security/accounts/role",
                [("username", "sysadmin"), ("role", "establishment"), ("organization", "510304-D01")])
            let token = try await secadmin.post(
                client, "/security/tokens", [("account", name), ("name", "试"), ("permission", "delegation:write")])
            let secCreates = try await secadmin.post(
                client, "/admin/accounts",
                [
                    ("username", name + "x"), ("displayName", "影子二"), ("role", "establishment"),
                    ("organization", "510304-D01"),
                ])
            let workbench = try await secadmin.get(client, "/workbench")
            let accounts = try await sysadmin.get(client, "/admin/accounts")
            // check
            #expect(created.status == .created)
            #expect(login.status == .forbidden && login.text.contains("账号尚待安全管理员授予角色，暂不能登录"))
            #expect(selfGrant.status == .forbidden && ownRole.status == .forbidden)
            #expect(token.status == .unprocessableContent && token.text.contains("尚未授予角色"))
            #expect(secCreates.status == .forbidden, "the security administrator opens no accounts")
            #expect(workbench.text.contains("待授予角色的账号"))
            let row = try #require(accounts.text.range(of: "<code>\(name)</code>"))
            let rest = accounts.text[row.upperBound...].prefix(600)
            #expect(rest.contains("编办") && rest.contains("待安全管理员授予角色"))
        }
    }

    @Test("三员分立: no web route resets, disables or re-roles an administrator account", arguments: Engine.available)
    func administratorsOnlyFromTheCommandLine(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let sysadmin = try await StaffClient.login(client, "sysadmin")
            let secadmin = try await StaffClient.login(client, "secadmin")
            // act
            var statuses: [String: HTTPResponse.Status] = [:]
            for target in ["secadmin", "auditadmin"] {
                for action in ["disable", "enable", "reset-password"] {
                    statuses["\(action) \(target)"] = try await sysadmin.post(
                        client, "/admin/accounts/\(target)/\(action)", []
                    ).status
                }
            }
            for target in ["sysadmin", "auditadmin"] {
                statuses["role \(target)"] = try await secadmin.post(
                    client, "/security/accounts/role",
                    [("username", target), ("role", "establishment"), ("organization", "510304-D01")]
                ).status
            }
            let audit = try await StaffClient.attemptLogin(client, "auditadmin", password: DemoAccounts.password)
            // check
            #expect(statuses.count == 8)
            #expect(statuses.values.allSatisfy { $0 == .forbidden }, "\(statuses)")
            #expect(audit.0 == .seeOther, "the audit administrator still signs in with its own password")
        }
    }

    /// The secret shown once on a page (`<p class="secret">…</p>`).
    static func secret(_ html: String) -> String? {
        guard let start = html.range(of: "<p class=\"secret\">"),
            let end = html[start.upperBound...].range(of: "</p>")
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }
}

/// Collects every log line of a test app.
final class LogSink: @unchecked Sendable {
    // Safe: `lines` is only touched while holding `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }

}

struct CapturingLogHandler: LogHandler {
    let sink: LogSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        sink.append("\(event.level) \(event.message) \(all)")
    }
}
