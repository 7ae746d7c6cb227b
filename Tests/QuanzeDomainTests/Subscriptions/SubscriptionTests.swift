import Foundation
import Testing

@testable import QuanzeDomain

/// Subscriptions (which changes each follows, confirmation and cancellation, the addresses of each channel) and the
/// outbox's delivery rules (backoff, dead letters, sending a dead letter again), with their exact messages.
@Suite("Subscriptions and delivery rules")
struct SubscriptionTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func subscription(
        _ scope: Subscription.ScopeKind, _ code: String, state: Subscription.State = .active, from: Int64 = 10
    ) -> Subscription {
        Subscription(
            county: "510304", id: "DY-0001", channel: .email, target: "a@example.cn", scope: scope, code: code,
            owner: nil, state: state, fromSeq: from, createdAt: t0)
    }

    // MARK: what a subscription follows

    @Test("each scope follows its own changes, only when active and only after it was made")
    func follows() {
        // setup
        let cases: [(Subscription, Int64, String?, String?, String?, Bool)] = [
            (Self.subscription(.county, ""), 11, nil, nil, nil, true),
            (Self.subscription(.county, ""), 10, "T1", "I1", "D1", false),
            (Self.subscription(.township, "T1"), 11, "T1", "I1", "D1", true),
            (Self.subscription(.township, "T1"), 11, "T2", "I1", "D1", false),
            (Self.subscription(.township, "T1"), 11, nil, nil, nil, false),
            (Self.subscription(.item, "I1"), 12, "T2", "I1", "D1", true),
            (Self.subscription(.item, "I1"), 12, "T2", "I2", "D1", false),
            (Self.subscription(.department, "D1"), 12, "T2", "I2", "D1", true),
            (Self.subscription(.department, "D1"), 12, "T2", "I2", "D2", false),
            (Self.subscription(.county, "", state: .pending), 11, nil, nil, nil, false),
            (Self.subscription(.county, "", state: .cancelled), 11, nil, nil, nil, false),
        ]
        for (s, seq, township, item, department, expected) in cases {
            // act
            let got = s.follows(seq: seq, township: township, item: item, department: department)
            // check
            #expect(got == expected, "\(s.scope) \(s.code) \(s.state) seq \(seq)")
        }
    }

    @Test("confirmation and cancellation: legal and illegal transitions")
    func transitions() throws {
        // setup
        let pending = Self.subscription(.county, "", state: .pending)
        // act
        let active = try pending.confirmed()
        let cancelled = try active.cancelledNow()
        let cancelledPending = try pending.cancelledNow()
        // check
        #expect(active.state == .active)
        #expect(cancelled.state == .cancelled)
        #expect(cancelledPending.state == .cancelled)
        #expect(throws: SubscriptionFailure.alreadyConfirmed) { try active.confirmed() }
        #expect(throws: SubscriptionFailure.cancelled) { try cancelled.confirmed() }
        #expect(throws: SubscriptionFailure.cancelled) { try cancelled.cancelledNow() }
        #expect(SubscriptionFailure.alreadyConfirmed.message == "该订阅已确认，无需重复确认")
        #expect(SubscriptionFailure.cancelled.message == "该订阅已退订")
    }

    // MARK: addresses

    @Test("addresses are checked per channel, with the message naming what is wrong")
    func targets() throws {
        // act / check: accepted and normalised
        #expect(
            try SubscriptionRules.target(" Zhang.San@Example.GOV.cn ", channel: .email) == "zhang.san@example.gov.cn")
        #expect(try SubscriptionRules.target("13800138000", channel: .sms) == "13800138000")
        #expect(try SubscriptionRules.target("oABC_12-3xyz", channel: .wechat) == "oABC_12-3xyz")
        #expect(
            try SubscriptionRules.target("https://hooks.example.cn/quanze?x=1", channel: .webhook)
                == "https://hooks.example.cn/quanze?x=1")
        #expect(
            try SubscriptionRules.target("http://127.0.0.1:9000/h", channel: .webhook, allowPrivateWebhooks: true)
                == "http://127.0.0.1:9000/h")
        // refused
        #expect(throws: SubscriptionFailure.badEmail("zhangsan")) {
            try SubscriptionRules.target("zhangsan", channel: .email)
        }
        #expect(throws: SubscriptionFailure.badEmail("a@b")) { try SubscriptionRules.target("a@b", channel: .email) }
        #expect(throws: SubscriptionFailure.badEmail("a b@c.cn")) {
            try SubscriptionRules.target("a b@c.cn", channel: .email)
        }
        #expect(throws: SubscriptionFailure.badPhone("2380013800")) {
            try SubscriptionRules.target("2380013800", channel: .sms)
        }
        #expect(throws: SubscriptionFailure.badPhone("1380013800a")) {
            try SubscriptionRules.target("1380013800a", channel: .sms)
        }
        #expect(throws: SubscriptionFailure.badOpenID("ab")) { try SubscriptionRules.target("ab", channel: .wechat) }
        #expect(throws: SubscriptionFailure.badWebhook("ftp://x.cn/h")) {
            try SubscriptionRules.target("ftp://x.cn/h", channel: .webhook)
        }
        #expect(throws: SubscriptionFailure.badWebhook("https://u:p@x.cn/h")) {
            try SubscriptionRules.target("https://u:p@x.cn/h", channel: .webhook)
        }
        for url in [
            "http://localhost/h", "http://127.0.0.1/h", "http://10.1.2.3/h", "http://172.16.0.1/h",
            "http://192.168.1.1/h", "http://169.254.169.254/latest", "http://[::1]/h", "http://db.internal/h",
        ] {
            #expect(throws: SubscriptionFailure.internalWebhook(url)) {
                try SubscriptionRules.target(url, channel: .webhook)
            }
        }
        #expect(!SubscriptionRules.isPrivateHost("172.32.0.1"))
        #expect(!SubscriptionRules.isPrivateHost("hooks.example.cn"))
        #expect(SubscriptionFailure.badPhone("1").message == "手机号码“1”格式不正确：应为 11 位数字，以 1 开头")
    }

    // MARK: delivery

    @Test("the delay doubles from one minute and stops at an hour")
    func backoff() {
        // setup
        let policy = DeliveryPolicy.standard
        // act
        let delays = (1...9).map { policy.delay(afterAttempt: $0) }
        // check
        #expect(delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
        #expect(policy.delay(afterAttempt: 1000) == 3600)
    }

    @Test("a failed attempt is retried until the eighth, which makes a dead letter; success is delivered")
    func deadLetter() throws {
        // setup
        let n = Notice(
            channel: .webhook, target: "https://x.cn/h", eventID: "urn:quanze:510304:change:1",
            subject: "s", body: "{}", signature: "sha256=00")
        var m = OutboxMessage(
            county: "510304", id: "DY-0001-1", subscription: "DY-0001", eventSeq: 1, channel: .webhook,
            target: n.target, notice: n, attempts: 0, nextAttemptAt: Self.t0, state: .pending, lastError: nil,
            deliveredAt: nil, createdAt: Self.t0)
        var now = Self.t0
        var schedule: [TimeInterval] = []
        // act
        for _ in 1...7 {
            m = m.after(success: false, error: "对方应答 HTTP 500", at: now, policy: .standard)
            schedule.append(m.nextAttemptAt.timeIntervalSince(now))
            now = m.nextAttemptAt
        }
        let stillPending = m.state
        let dead = m.after(success: false, error: "对方应答 HTTP 500", at: now, policy: .standard)
        let revived = try dead.revived(at: now)
        let delivered = revived.after(success: true, error: nil, at: now, policy: .standard)
        // check
        #expect(schedule == [60, 120, 240, 480, 960, 1920, 3600])
        #expect(stillPending == .pending)
        #expect(dead.state == .dead)
        #expect(dead.attempts == 8)
        #expect(dead.lastError == "对方应答 HTTP 500")
        #expect(revived.state == .pending && revived.attempts == 0 && revived.nextAttemptAt == now)
        #expect(delivered.state == .delivered && delivered.deliveredAt == now && delivered.lastError == nil)
        #expect(throws: SubscriptionFailure.notDead) { try delivered.revived(at: now) }
        #expect(throws: SubscriptionFailure.notDead) { try m.revived(at: now) }
    }
}
