import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Subscriptions through HTTP on this suite's own demo copy: staff and a system subscribe and cancel (another
/// county's account finds nothing), a real local HTTP listener receives a signed webhook, a failing target ends as a
/// dead letter the system administrator sees and sends again, and the public e-mail form is confirmed and ended by
/// its mailed links.
@Suite("Subscriptions through HTTP")
struct SubscriptionsAppTests {
    static let databases = DemoDatabases()
    /// The public form's own copy (its subscriptions and changes do not meet the other tests').
    static let publicDatabases = DemoDatabases()

    /// Adds item `code` to 大山铺镇's enforcement list (one change event of the demo county); the demo has
    /// DA-CF-0190 and DA-CF-0191 on none of its lists.
    static func change(_ database: any Database, _ code: String, at: Date) async throws {
        try await ListService(database).apply(
            [
                .add(
                    township: RegionCode("510304100000")!, itemCode: code, list: .enforcement,
                    terms: .init(mode: .granted), from: Day(iso: "2023-12-01")!, until: nil)
            ], county: "510304", citation: .decision("大安编发〔2021〕3号"), actor: .system, at: at)
    }

    @Test("staff and systems subscribe and cancel their own; another county finds nothing", arguments: Engine.available)
    func staffAndSystem(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let shichang = try await StaffClient.login(client, "shichang")
            // the platform's own token for subscriptions (the demo's token pushes cases only: cases:write)
            let (_, secret) = try await TokenStore(try await Self.databases.database(engine)).create(
                for: "xitong", name: "变更订阅推送", scope: [], permissions: [TokenScope("subscriptions:write")!],
                county: "510304", by: .system, at: Date())
            let system = StaffClient(bearer: secret)
            let foreign = try await StaffClient.login(client, "yt-shichang")
            // act
            let made = try await shichang.post(
                client, "/api/v1/subscriptions",
                [
                    ("_form", "subscribe"), ("scope", "item"), ("code", "DA-CF-0189"), ("channel", "email"),
                    ("target", "Zhao@Example.gov.cn"),
                ])
            let badCode = try await shichang.post(
                client, "/api/v1/subscriptions",
                [
                    ("_form", "subscribe"), ("scope", "township"), ("code", "999"), ("channel", "sms"),
                    ("target", "13800138000"),
                ])
            let page = try await shichang.get(client, "/subscriptions")
            let privateHook = try await JSONCalls.post(
                client, system, "/api/v1/subscriptions",
                ["channel": "webhook", "target": "http://192.168.1.10/hook", "scope": "county"])
            let smsBySystem = try await JSONCalls.post(
                client, system, "/api/v1/subscriptions", ["channel": "sms", "target": "13800138000"])
            let hook = try await JSONCalls.post(
                client, system, "/api/v1/subscriptions",
                ["channel": "webhook", "target": "https://hooks.example.cn/quanze", "scope": "county"])
            let id = try #require(made.headers[.location]?.split(separator: "=").last.map(String.init))
            let foreignCancel = try await foreign.post(client, "/api/v1/subscriptions/\(id)/cancel", [])
            let foreignList = try await foreign.get(client, "/api/v1/subscriptions")
            let cancelled = try await shichang.post(client, "/api/v1/subscriptions/\(id)/cancel", [])
            let again = try await JSONCalls.post(client, shichang, "/api/v1/subscriptions/\(id)/cancel", [:])
            // check
            #expect(made.status == .seeOther)
            #expect(id == "DY-0005")
            #expect(badCode.status == .unprocessableContent)
            #expect(badCode.text.contains("没有代码为 999 的镇街"))
            #expect(badCode.text.contains(#"value="13800138000""#))
            #expect(page.text.contains(#"事项 <code class="code">DA-CF-0189</code>"#))
            #expect(page.text.contains("zhao@example.gov.cn"))
            #expect(page.text.contains("微信"), "the demo's WeChat subscription of the department")
            #expect(privateHook.status == .unprocessableContent)
            #expect(try JSONCalls.message(privateHook).contains("指向本机或内网地址"))
            #expect(smsBySystem.status == .unprocessableContent)
            #expect(try JSONCalls.message(smsBySystem) == "此处不能订阅“短信”渠道")
            #expect(hook.status == .created)
            let answer = try JSONCalls.object(hook)
            #expect((answer["secret"] as? String)?.count == 64)
            #expect((answer["subscription"] as? [String: Any])?["id"] as? String == "DY-0006")
            #expect(foreignCancel.status == .notFound)
            #expect(!foreignList.text.contains(id))
            #expect(try JSONCalls.object(foreignList)["subscriptions"] as? [Any] != nil)
            #expect(cancelled.status == .seeOther)
            #expect(again.status == .conflict)
            #expect(try JSONCalls.message(again) == "该订阅已退订")
        }
    }

    /// Sends the webhooks to the test's listener for real and logs the demo's own subscriptions' messages (other
    /// addresses, which the test does not reach).
    struct ToListener: Notifier {
        var listener: String
        let log = LoggingNotifier()

        func deliver(_ notice: Notice) async throws {
            if notice.channel == .webhook && notice.target.hasPrefix(listener) {
                try await WebhookNotifier().deliver(notice)
            } else {
                try await log.deliver(notice)
            }
        }
    }

    /// Requests received by the test's own HTTP listener.
    actor Inbox {
        struct Received {
            var path: String
            var event: String?
            var signature: String?
            var body: String
        }
        var received: [Received] = []
        func add(_ r: Received) { received.append(r) }
    }

    @Test(
        "a real listener receives the signed webhook once; a failing one ends as a dead letter the administrator sends again",
        arguments: Engine.available)
    func webhooks(engine: Engine) async throws {
        // setup: a listener that records /hook and refuses /down with 500
        let inbox = Inbox()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            await inbox.add(
                .init(
                    path: "/hook", event: request.headers[.init("X-Quanze-Event")!],
                    signature: request.headers[.init("X-Quanze-Signature")!], body: body))
            return .noContent
        }
        router.post("/down") { _, _ -> HTTPResponse.Status in .internalServerError }
        let listener = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let database = try await DemoTemplates.shared.copy(engine, prefix: "qz_hook")
        do {
            try await listener.test(.live) { receiver in
                let port = try #require(receiver.port)
                let notifier = ToListener(listener: "http://127.0.0.1:\(port)/")
                let service = SubscriptionService(database, allowPrivateWebhooks: true)
                let system = Principal(username: "xitong", role: .system, county: "510304", organization: "510304-GOV")
                let good = try await service.subscribe(
                    channel: .webhook, target: "http://127.0.0.1:\(port)/hook", scope: .township, code: "510304100000",
                    by: system, at: Date())
                let bad = try await service.subscribe(
                    channel: .webhook, target: "http://127.0.0.1:\(port)/down", scope: .item, code: "DA-CF-0190",
                    by: system, at: Date())
                let start = Date()
                try await Self.change(database, "DA-CF-0190", at: start)
                // act: two rounds (a second finds nothing more to send), then the failing message's remaining attempts
                let settings = NotificationSettings()
                for _ in 0..<2 {
                    _ = try await NotificationRound.run(
                        database, notifier: notifier, settings: settings, origin: "http://127.0.0.1",
                        clock: { start })
                }
                for _ in 2...8 {
                    let m = try #require(
                        try await service.outbox(county: "510304").first { $0.subscription == bad.subscription.id })
                    let at = m.nextAttemptAt
                    try await service.deliver(using: notifier, clock: { at })
                }
                // check: the listener's one request, signed with the secret
                let received = await inbox.received
                #expect(received.count == 1)
                let request = try #require(received.first)
                #expect(request.event?.hasPrefix("urn:quanze:510304:change:") == true)
                let secret = try await database.read { db in
                    try await db.raw(
                        "SELECT secret FROM subscriptions WHERE county = '510304' AND id = \(bind: good.subscription.id)"
                    )
                    .first()!.decode(column: "secret", as: String.self)
                }
                #expect(request.signature == WebhookSignature.sign(request.body, secret: secret))
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
                #expect(body["itemCode"] as? String == "DA-CF-0190")
                #expect(body["township"] as? String == "510304100000")
                #expect(body["subscription"] as? String == good.subscription.id)
                #expect(body["id"] as? String == request.event)
                let dead = try await service.outbox(county: "510304", state: .dead)
                #expect(dead.map(\.subscription) == [bad.subscription.id])
                #expect(dead.first?.attempts == 8)
                #expect(dead.first?.lastError == "对方应答 HTTP 500")
            }
            // The administrator's page shows it and sends it again.
            let configuration = AppConfiguration(
                database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil,
                security: testSecurity)
            let app = try await buildApplication(
                configuration: configuration, database: database, logger: quietLogger, demoToday: DemoBuilder.today)
            try await app.test(.router) { client in
                let sysadmin = try await StaffClient.login(client, "sysadmin")
                let page = try await sysadmin.get(client, "/admin/outbox")
                let id = try #require(
                    try await SubscriptionService(database).outbox(county: "510304", state: .dead).first?.id)
                let retried = try await sysadmin.post(client, "/api/v1/outbox/\(id)/retry", [("_form", "retry")])
                let again = try await sysadmin.post(client, "/api/v1/outbox/\(id)/retry", [("_form", "retry")])
                let api = try await sysadmin.get(client, "/api/v1/outbox?state=dead")
                #expect(page.status == .ok)
                #expect(page.text.contains("对方应答 HTTP 500"))
                #expect(page.text.contains(id))
                #expect(retried.status == .seeOther)
                #expect(retried.headers[.location] == "/admin/outbox?retried=\(id)")
                #expect(again.status == .conflict)
                #expect(again.text.contains("只有发送失败（死信）的消息可以重新发送"))
                #expect((try JSONCalls.object(api)["messages"] as? [Any])?.count == 0)
                let audit = try await AuditStore(database).count(AuditFilter(county: "510304", action: "outbox.retry"))
                #expect(audit == 1)
            }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    @Test("the public form: cookie, honeypot, limit; the mailed links confirm and end it", arguments: Engine.available)
    func publicEmail(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.publicDatabases) { client in
            // setup
            let database = try await Self.publicDatabases.database(engine)
            let form = try await client.execute(uri: "/subscribe?scope=item&code=DA-CF-0191", method: .get)
            let cookie = try #require(cookieValue(form, "qz_form"))
            let csrf = try #require(hiddenCSRF(form.text))
            let visitor = StaffClient(cookie: "qz_form=\(cookie)", csrf: csrf)
            let fields = [("scope", "item"), ("code", "DA-CF-0191")]
            // act
            let robot = try await visitor.post(client, "/subscribe", fields + [("email", "a@b.cn"), ("website", "x")])
            let bad = try await visitor.post(client, "/subscribe", fields + [("email", "not-an-address")])
            let noItem = try await client.execute(uri: "/subscribe?scope=item&code=NO-SUCH", method: .get)
            let itemPage = try await client.execute(uri: "/items/DA-CF-0191", method: .get)
            let townPage = try await client.execute(uri: "/townships/510304100000", method: .get)
            let itemChanges = try await client.execute(uri: "/changes?item=DA-CF-0191", method: .get)
            let allChanges = try await client.execute(uri: "/changes", method: .get)
            let sent = try await visitor.post(client, "/subscribe", fields + [("email", "Wang@Example.com")])
            let notifier = LoggingNotifier()
            let service = SubscriptionService(database)
            try await service.deliver(using: notifier, clock: { Date() })
            let mail = try #require(await notifier.sent.first { $0.target == "wang@example.com" })
            let link = try #require(
                mail.body.split(separator: "\n").first { $0.contains("/subscriptions/confirm?token=") })
            let path = String(link[link.range(of: "/subscriptions/confirm")!.lowerBound...])
            let confirmPage = try await visitor.get(client, path)
            let token = String(path.split(separator: "=").last ?? "")
            let confirmed = try await visitor.post(client, "/subscriptions/confirm", [("token", token)])
            try await Self.change(database, "DA-CF-0191", at: Date())
            try await service.dispatchAll(origin: "http://127.0.0.1:8080", at: Date())
            try await service.deliver(using: notifier, clock: { Date() })
            let change = try #require(
                await notifier.sent.last { $0.target == "wang@example.com" && $0.eventID.contains(":change:") })
            let unsubscribe = try #require(change.body.split(separator: "退订：").last.map(String.init))
            let query = String(unsubscribe[unsubscribe.range(of: "/subscriptions/unsubscribe")!.lowerBound...])
            let unsubscribePage = try await visitor.get(client, query)
            let params = query.split(separator: "?")[1].split(separator: "&").map { $0.split(separator: "=") }
            let ended = try await visitor.post(
                client, "/subscriptions/unsubscribe", params.map { (String($0[0]), String($0[1])) })
            var limited: TestResponse?
            for n in 1...3 {
                limited = try await visitor.post(client, "/subscribe", fields + [("email", "r\(n)@example.com")])
            }
            // check
            #expect(form.status == .ok)
            #expect(robot.status == .badRequest)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("电子邮件地址“not-an-address”格式不正确"))
            #expect(bad.text.contains(#"value="not-an-address""#))
            #expect(noItem.status == .notFound)
            // the pages of an item, a township and the changes link to the form for their own scope
            #expect(itemPage.text.contains(#"href="/subscribe?scope=item&amp;code=DA-CF-0191""#))
            #expect(townPage.text.contains(#"href="/subscribe?scope=township&amp;code=510304100000""#))
            #expect(itemChanges.text.contains(#"href="/subscribe?scope=item&amp;code=DA-CF-0191""#))
            #expect(allChanges.text.contains(#"href="/subscribe""#))
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/subscribe?scope=item&code=DA-CF-0191&sent=1")
            #expect(mail.target == "wang@example.com")
            #expect(mail.subject == "请确认订阅权责清单变更（事项 DA-CF-0191）")
            #expect(confirmPage.status == .ok && confirmPage.text.contains("确认订阅</button>"))
            #expect(confirmed.status == .ok)
            #expect(confirmed.text.contains("您已订阅事项 DA-CF-0191的清单变更"))
            #expect(change.target == "wang@example.com")
            #expect(change.subject.hasPrefix("【权责清单变更】清单新增："))
            #expect(unsubscribePage.text.contains("退订</button>"))
            #expect(ended.status == .ok)
            #expect(ended.text.contains("您已退订事项 DA-CF-0191的清单变更"))
            #expect(limited?.status == .tooManyRequests)
        }
    }
}
