import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Sessions, CSRF, lockout, rate limits and headers, through HTTP on the demo.
@Suite("Web sessions and CSRF")
struct SessionTests {
    @Test(
        "the session cookie is HttpOnly and SameSite=Strict, Secure over TLS, and new at every login",
        arguments: Engine.available)
    func cookie(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let form = try await client.execute(uri: "/login", method: .get)
            let loginCookie = cookieValue(form, "qz_login") ?? ""
            let token = hiddenCSRF(form.text) ?? ""
            let body = "_csrf=\(token)&username=sifa&password=\(escape(DemoAccounts.password))"
            func post(_ extra: HTTPFields) async throws -> TestResponse {
                var headers: HTTPFields = [
                    .origin: testOrigin, .cookie: "qz_login=\(loginCookie)",
                    .contentType: "application/x-www-form-urlencoded",
                ]
                for field in extra { headers[field.name] = field.value }
                return try await client.execute(
                    uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            // act
            let first = try await post([:])
            let second = try await post([:])
            let tls = try await post([.init("X-Forwarded-Proto")!: "https", .origin: "https://localhost"])
            // check
            let header = setCookieHeader(first, "qz_session") ?? ""
            #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/"))
            #expect(!header.contains("Secure"), "plain HTTP gets no Secure flag")
            #expect(setCookieHeader(tls, "qz_session")?.contains("; Secure") == true)
            #expect(cookieValue(first, "qz_session") != cookieValue(second, "qz_session"))
            #expect((cookieValue(first, "qz_session") ?? "").count == 64)
            #expect(first.headers[.cacheControl] == "no-store")
        }
    }

    @Test("a fixed session id does not survive a login: the old session ends", arguments: Engine.available)
    func fixation(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let first = try await StaffClient.login(client, "jiandu")
            // act: log in again from the same browser (carrying the first cookie)
            let form = try await client.execute(uri: "/login", method: .get, headers: first.headers())
            #expect(form.status == .seeOther, "a signed-in browser is sent to its workbench")
            let fresh = try await client.execute(uri: "/login", method: .get)
            let body =
                "_csrf=\(hiddenCSRF(fresh.text) ?? "")&username=jiandu&password=\(escape(DemoAccounts.password))"
            let relogin = try await client.execute(
                uri: "/login", method: .post,
                headers: [
                    .origin: testOrigin, .cookie: "qz_login=\(cookieValue(fresh, "qz_login") ?? ""); \(first.cookie!)",
                    .contentType: "application/x-www-form-urlencoded",
                ], body: ByteBuffer(string: body))
            let old = try await first.get(client, "/workbench")
            // check
            #expect(relogin.status == .seeOther)
            #expect(
                cookieValue(relogin, "qz_session") != first.cookie?.replacingOccurrences(of: "qz_session=", with: ""))
            #expect(old.status == .seeOther && old.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test("idle (30 min) and absolute (8 h) timeouts end the session on the server", arguments: Engine.available)
    func timeouts(engine: Engine) async throws {
        let clock = TestClock()
        try await withDemoApp(engine, clock: clock) { client in
            // setup
            let idle = try await StaffClient.login(client, "bianban")
            let busy = try await StaffClient.login(client, "sifa")
            // act: the busy one works every 15 minutes; the idle one comes back after 31 minutes
            clock.advance(15 * 60)
            let busyAt15 = try await busy.get(client, "/workbench")
            clock.advance(16 * 60)
            let idleAt31 = try await idle.get(client, "/workbench")
            var minutes = 31
            var busyStatuses: [(Int, HTTPResponse.Status)] = []
            while minutes <= 481 {
                busyStatuses.append((minutes, try await busy.get(client, "/workbench").status))
                clock.advance(15 * 60)
                minutes += 15
            }
            // check
            #expect(busyAt15.status == .ok)
            #expect(idleAt31.status == .seeOther, "idle for 31 minutes: signed out")
            #expect(setCookieHeader(idleAt31, "qz_session")?.contains("Max-Age=0") == true)
            for (minute, status) in busyStatuses {
                #expect(status == (minute < 480 ? .ok : .seeOther), "busy session at minute \(minute)")
            }
        }
    }

    @Test("logout ends the session on the server: the old cookie no longer works", arguments: Engine.available)
    func logout(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let staff = try await StaffClient.login(client, "shichang")
            // act
            let out = try await staff.post(client, "/logout")
            let replay = try await staff.get(client, "/workbench")
            let api = try await client.execute(uri: "/api/v1/me", method: .get, headers: staff.headers())
            // check
            #expect(out.status == .seeOther)
            #expect(setCookieHeader(out, "qz_session")?.contains("Max-Age=0") == true)
            #expect(replay.status == .seeOther)
            #expect(api.status == .unauthorized)
        }
    }

    @Test(
        "CSRF: a missing or wrong token or a foreign Origin is refused with 403 and logged",
        arguments: Engine.available)
    func csrf(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let staff = try await StaffClient.login(client, "dashanpu")
            let fields = [("address", "自贡市大安区大山铺镇政府便民服务中心"), ("phone", "0813-5100100"), ("hours", "工作日")]
            let before = try await AuditStore(try await DemoDatabases.shared.database(engine)).count(
                AuditFilter(county: "510304", action: "access.refused"))
            // act
            let noToken = try await StaffClient(cookie: staff.cookie).post(
                client, "/units/510304100000/contact", fields)
            let wrongToken = try await staff.post(client, "/units/510304100000/contact", fields, csrf: "0badc0de")
            let foreign = try await staff.post(
                client, "/units/510304100000/contact", fields, origin: "https://evil.example")
            let noOrigin = try await staff.post(client, "/units/510304100000/contact", fields, origin: nil)
            let good = try await staff.post(client, "/units/510304100000/contact", fields)
            let after = try await AuditStore(try await DemoDatabases.shared.database(engine)).count(
                AuditFilter(county: "510304", action: "access.refused"))
            // check
            for response in [noToken, wrongToken, foreign, noOrigin] {
                #expect(response.status == .forbidden)
                #expect(response.text.contains("校验失败"))
            }
            #expect(good.status == .seeOther)
            #expect(after - before >= 4)
        }
    }

    @Test(
        "5 failures from one address make it wait a minute, even for the right password, and each more doubles it",
        arguments: Engine.available)
    func lockout(engine: Engine) async throws {
        let clock = TestClock()
        let username = "lock\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine, clock: clock) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            try await AccountStore(database).create(
                Account(
                    username: username, county: "510304", displayName: "锁定测试", role: .township,
                    organization: "510304102000",
                    passwordHash: try await Passwords.hash(DemoAccounts.password, cost: 4),
                    passwordChangedAt: clock.now, createdAt: clock.now), by: .system, at: clock.now)
            let security = try await StaffClient.login(client, "secadmin")
            // act
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                statuses.append(try await StaffClient.attemptLogin(client, username, password: "Wrong#2023x").0)
                clock.advance(10)
            }
            // the fifth failure was at second 40: wait until second 100; now is second 50
            let waitingRight = try await StaffClient.attemptLogin(client, username, password: DemoAccounts.password)
            let page = try await security.get(client, "/security")
            clock.advance(55)
            let sixth = try await StaffClient.attemptLogin(client, username, password: "Wrong#2023x")
            // the sixth failure at second 105: wait two minutes, until second 225
            clock.advance(100)
            let stillWaiting = try await StaffClient.attemptLogin(client, username, password: DemoAccounts.password)
            clock.advance(25)
            let signedIn = try await StaffClient.attemptLogin(client, username, password: DemoAccounts.password)
            let failed = try await AuditStore(database).count(
                AuditFilter(county: "510304", actor: username, action: "login", outcome: .failed))
            let refused = try await AuditStore(database).count(
                AuditFilter(county: "510304", actor: username, action: "login", outcome: .refused))
            // check
            #expect(statuses == Array(repeating: .unauthorized, count: 5))
            #expect(waitingRight.0 == .forbidden && waitingRight.1 == nil)
            #expect(page.text.contains(username) && page.text.contains("登录受限"), "the security administrator sees it")
            #expect(sixth.0 == .unauthorized)
            #expect(stillWaiting.0 == .forbidden)
            #expect(signedIn.0 == .seeOther && signedIn.1 != nil)
            #expect(failed == 6, "every failed login is in the audit log")
            #expect(refused == 2, "attempts while waiting are logged as refused")
        }
    }

    @Test("changing one's own password ends the user's other sessions and keeps this one", arguments: Engine.available)
    func passwordChangeEndsOtherSessions(engine: Engine) async throws {
        let username = "pw\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup: the same user signed in twice (a second browser, or a thief)
            let database = try await DemoDatabases.shared.database(engine)
            try await AccountStore(database).create(
                Account(
                    username: username, county: "510304", displayName: "改密测试", role: .township,
                    organization: "510304102000",
                    passwordHash: try await Passwords.hash(DemoAccounts.password, cost: 4),
                    passwordChangedAt: Date(), createdAt: Date()), by: .system, at: Date())
            let here = try await StaffClient.login(client, username)
            let elsewhere = try await StaffClient.login(client, username)
            // act
            let changed = try await here.post(
                client, "/account/password",
                [("current", DemoAccounts.password), ("password", "Xin#Mima2024"), ("confirm", "Xin#Mima2024")])
            let stillHere = try await here.get(client, "/workbench")
            let goneElsewhere = try await elsewhere.get(client, "/workbench")
            // check
            #expect(changed.status == .seeOther)
            #expect(stillHere.status == .ok, "the session that changed the password goes on")
            #expect(goneElsewhere.status == .seeOther, "every other session of the user has ended")
            #expect(goneElsewhere.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test(
        "after login only a path of this site is followed",
        arguments: [
            ("/units/510304100000", "/units/510304100000"), ("/\t/evil.example", "/workbench"),
            ("//evil.example", "/workbench"), ("https://evil.example/", "/workbench"),
            ("/\\evil.example", "/workbench"),
            ("/\n/evil.example", "/workbench"), ("/a b", "/workbench"), ("/\u{85}/evil", "/workbench"),
            ("/login?next=/x", "/workbench"), ("", "/workbench"),
        ])
    func safeNext(given: String, followed: String) {
        // act
        let next = LoginController.safeNext(given)
        // check
        #expect(next == followed)
    }

    @Test("the login endpoint answers 429 with Retry-After beyond its rate", arguments: Engine.available)
    func rateLimit(engine: Engine) async throws {
        var security = testSecurity
        security.loginRatePerMinute = 3
        let clock = TestClock()
        try await withDemoApp(engine, security: security, clock: clock) { client in
            // act
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for _ in 0..<4 {
                let (status, _) = try await StaffClient.attemptLogin(client, "nobody-rate", password: "x")
                statuses.append(status)
            }
            let form = try await client.execute(uri: "/login", method: .get)
            let limited = try await client.execute(
                uri: "/login", method: .post,
                headers: [
                    .origin: testOrigin, .cookie: "qz_login=\(cookieValue(form, "qz_login") ?? "")",
                    .contentType: "application/x-www-form-urlencoded",
                ], body: ByteBuffer(string: "_csrf=\(hiddenCSRF(form.text) ?? "")&username=a&password=b"))
            retryAfter = limited.headers[.retryAfter]
            clock.advance(61)
            let later = try await StaffClient.attemptLogin(client, "nobody-rate", password: "x")
            // check
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            #expect(limited.status == .tooManyRequests)
            #expect(Int(retryAfter ?? "") ?? 0 >= 1)
            #expect(limited.text.contains("请求过于频繁"))
            #expect(later.0 == .unauthorized, "the window slides: a minute later logins are accepted again")
        }
    }

    @Test("authenticated answers are no-store; no answer carries CORS permissions", arguments: Engine.available)
    func headers(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let staff = try await StaffClient.login(client, "bianban")
            // act
            let page = try await staff.get(client, "/workbench")
            let publicPage = try await client.execute(
                uri: "/", method: .get, headers: [.origin: "https://evil.example"])
            let preflight = try await client.execute(
                uri: "/api/v1/me", method: .options,
                headers: [.origin: "https://evil.example", .init("Access-Control-Request-Method")!: "GET"])
            // check
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[.init("Referrer-Policy")!] != nil)
            #expect(publicPage.headers[.cacheControl] == nil, "public pages stay cacheable")
            for response in [page, publicPage, preflight] {
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }
}
