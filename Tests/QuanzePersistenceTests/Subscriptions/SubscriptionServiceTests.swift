import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// The outbox on every engine: the fan-out of the change feed happens once per subscription and change, whatever is
/// run twice or restarted; a failing target is retried with backoff and ends as a dead letter.
@Suite("Subscriptions and the outbox on every engine")
struct SubscriptionServiceTests {
    static let staff = Principal(username: "zhangsan", role: .establishment, county: Fixture.county, organization: "D1")
    static let origin = "https://qz.example.cn"

    /// Adds item `code` to the fixture town's enforcement list (one change event).
    static func change(_ database: any Database, _ code: String, at: Date) async throws {
        try await ListService(database).apply(
            [
                .add(
                    township: Fixture.town, itemCode: code, list: .enforcement, terms: .init(mode: .granted),
                    from: Day(iso: "2021-03-01")!, until: nil)
            ], county: Fixture.county, citation: .decision(Fixture.decision.number), actor: .system, at: at)
    }

    static func outboxCount(_ database: any Database) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM outbox").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(
        "dispatch twice writes each subscription's message once; a new subscriber gets no history",
        arguments: Engine.available)
    func exactlyOnceFanOut(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            try await Self.change(database, "CF-1", at: Fixture.now)
            let service = SubscriptionService(database)
            let county = try await service.subscribe(
                channel: .email, target: "a@example.cn", scope: .county, code: "", by: Self.staff, at: Fixture.now)
            let town = try await service.subscribe(
                channel: .sms, target: "13800138000", scope: .township, code: Fixture.town.value, by: Self.staff,
                at: Fixture.now)
            let other = try await service.subscribe(
                channel: .wechat, target: "oABCDEF123", scope: .item, code: "CF-1", by: Self.staff, at: Fixture.now)
            try await Self.change(database, "CF-2", at: Fixture.now.addingTimeInterval(60))
            // act
            let first = try await service.dispatchAll(origin: Self.origin, at: Fixture.now.addingTimeInterval(61))
            let second = try await service.dispatchAll(origin: Self.origin, at: Fixture.now.addingTimeInterval(62))
            // check
            #expect(first == 2)
            #expect(second == 0)
            let messages = try await service.outbox(county: Fixture.county)
            #expect(Set(messages.map(\.subscription)) == [county.subscription.id, town.subscription.id])
            #expect(!messages.contains { $0.subscription == other.subscription.id })
            #expect(messages.allSatisfy { $0.eventSeq == 2 && $0.state == .pending && $0.attempts == 0 })
            let mail = try #require(messages.first { $0.channel == .email })
            #expect(mail.notice.subject.hasPrefix("【权责清单变更】"))
            #expect(
                mail.notice.body.contains(
                    "\(Self.origin)/subscriptions/unsubscribe?id=\(county.subscription.id)&token="))
            #expect(try await service.cursor(county: Fixture.county) == 2)
        }
    }

    @Test("a restart between the change and its delivery loses nothing and sends once", arguments: Engine.available)
    func restartSafety(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: a subscriber, then a change committed; the process "dies" before any dispatch
            try await Fixture.load(database)
            let made = try await SubscriptionService(database).subscribe(
                channel: .email, target: "a@example.cn", scope: .item, code: "CF-1", by: Self.staff,
                at: Fixture.now)
            try await Self.change(database, "CF-1", at: Fixture.now)
            // act: new service instances (a restarted server) dispatch and deliver, twice over
            let notifier = LoggingNotifier()
            for _ in 0..<2 {
                let restarted = SubscriptionService(database)
                try await restarted.dispatchAll(origin: Self.origin, at: Fixture.now)
                try await restarted.deliver(using: notifier, clock: { Fixture.now.addingTimeInterval(1) })
            }
            // check
            let sent = await notifier.sent
            #expect(sent.count == 1)
            #expect(sent.first?.target == "a@example.cn")
            #expect(sent.first?.eventID == "urn:quanze:\(Fixture.county):change:1")
            let messages = try await SubscriptionService(database).outbox(county: Fixture.county)
            #expect(messages.map(\.state) == [.delivered])
            #expect(messages.first?.subscription == made.subscription.id)
        }
    }

    struct Refusing: Notifier {
        func deliver(_ notice: Notice) async throws {
            throw SubscriptionServiceFailure.notFound("对方应答 HTTP 500")
        }
    }

    @Test(
        "a failing target is retried with backoff, then dead; the administrator sends it again (audited)",
        arguments: Engine.available)
    func deadLetters(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let system = Principal(username: "xitong", role: .system, county: Fixture.county, organization: "D1")
            let service = SubscriptionService(database)
            let made = try await service.subscribe(
                channel: .webhook, target: "https://hooks.example.cn/q", scope: .county, code: "", by: system,
                at: Fixture.now)
            try await Self.change(database, "CF-1", at: Fixture.now)
            try await service.dispatchAll(origin: Self.origin, at: Fixture.now)
            var now = Fixture.now
            var waits: [TimeInterval] = []
            // act: eight rounds, each at the message's next attempt; a round before it is due sends nothing
            for _ in 1...8 {
                let at = now
                let early = try await service.deliver(using: Refusing(), clock: { at.addingTimeInterval(-1) })
                #expect(early == DeliveryRound() || at == Fixture.now)
                _ = try await service.deliver(using: Refusing(), clock: { at })
                let m = try #require(try await service.outbox(county: Fixture.county).first)
                if m.state == .pending { waits.append(m.nextAttemptAt.timeIntervalSince(now)) }
                now = m.nextAttemptAt
            }
            // check
            #expect(waits == [60, 120, 240, 480, 960, 1920, 3600])
            let dead = try await service.outbox(county: Fixture.county, state: .dead)
            #expect(dead.map(\.id) == ["\(made.subscription.id)-1"])
            #expect(dead.first?.attempts == 8)
            let admin = Principal(username: "xtgly", role: .systemAdmin, county: Fixture.county, organization: "D1")
            let revived = try await service.revive(dead[0].id, by: admin, at: now)
            #expect(revived.state == .pending)
            let end = now
            let round = try await service.deliver(using: LoggingNotifier(), clock: { end })
            #expect(round == DeliveryRound(delivered: 1))
            let audit = AuditStore(database)
            #expect(try await audit.count(AuditFilter(county: Fixture.county, action: "outbox.dead")) == 1)
            #expect(try await audit.count(AuditFilter(county: Fixture.county, action: "outbox.retry")) == 1)
        }
    }

    @Test(
        "an e-mail subscription waits for its confirmation, gets nothing changed meanwhile; its link ends it",
        arguments: Engine.available)
    func confirmation(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let service = SubscriptionService(database)
            let pending = try await service.subscribePublic(
                county: Fixture.county, email: "Li@Example.cn", scope: .township, code: Fixture.town.value,
                origin: Self.origin, at: Fixture.now)
            try await Self.change(database, "CF-1", at: Fixture.now)
            let notifier = LoggingNotifier()
            try await service.dispatchAll(origin: Self.origin, at: Fixture.now)
            try await service.deliver(using: notifier, clock: { Fixture.now })
            let confirmation = try #require(await notifier.sent.first)
            let token = try #require(confirmation.body.split(separator: "token=").last.map { String($0.prefix(48)) })
            // act
            let active = try await service.confirm(county: Fixture.county, token: token, at: Fixture.now)
            try await Self.change(database, "CF-2", at: Fixture.now.addingTimeInterval(1))
            try await service.dispatchAll(origin: Self.origin, at: Fixture.now)
            try await service.deliver(using: notifier, clock: { Fixture.now.addingTimeInterval(2) })
            // check
            #expect(pending.state == .pending && pending.target == "li@example.cn")
            #expect(active.state == .active)
            let sent = await notifier.sent
            #expect(sent.count == 2)
            #expect(sent[1].eventID == "urn:quanze:\(Fixture.county):change:2")
            // the token is forgotten once used: the link followed again is an unknown link
            await #expect(throws: SubscriptionFailure.badToken) {
                try await service.confirm(county: Fixture.county, token: token, at: Fixture.now)
            }
            await #expect(throws: SubscriptionFailure.badToken) {
                try await service.confirm(county: Fixture.county, token: "x", at: Fixture.now)
            }
            let link = String(sent[1].body.split(separator: "退订：").last ?? "")
            let id = try #require(link.split(separator: "id=").last?.split(separator: "&").first.map(String.init))
            let unsubscribeToken = try #require(link.split(separator: "token=").last.map(String.init))
            let cancelled = try await service.unsubscribe(
                county: Fixture.county, id: id, token: unsubscribeToken, at: Fixture.now)
            #expect(cancelled.state == .cancelled)
        }
    }

    @Test("the webhook signature is HMAC-SHA256 of the body (RFC 4231 test case 2)")
    func signature() {
        // act
        let signature = WebhookSignature.sign("what do ya want for nothing?", secret: "Jefe")
        // check
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSignature.verify("what do ya want for nothing?", secret: "Jefe", signature: signature))
        #expect(!WebhookSignature.verify("what do ya want for nothing!", secret: "Jefe", signature: signature))
    }
}
