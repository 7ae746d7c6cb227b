import Foundation
import QuanzeDomain
import SQLKit

struct OutboxRow: Codable, Sendable {
    var county: String
    var id: String
    var subscription: String
    var eventSeq: Int64
    var channel: String
    var state: String
    var attempts: Int
    var nextAttemptAt: Int64
    var payload: String
    var lastError: String?
    var deliveredAt: Int64?
    var createdAt: Int64

    func value() throws -> OutboxMessage {
        let n = try JSONDecoder().decode(Notice.self, from: Data(payload.utf8))
        return OutboxMessage(
            county: county, id: id, subscription: subscription, eventSeq: eventSeq, channel: n.channel,
            target: n.target, notice: n, attempts: attempts, nextAttemptAt: Date(micros: nextAttemptAt),
            state: OutboxMessage.State(rawValue: state) ?? .dead, lastError: lastError,
            deliveredAt: deliveredAt.map(Date.init(micros:)), createdAt: Date(micros: createdAt))
    }
}

/// What one delivery round did.
public struct DeliveryRound: Hashable, Sendable {
    public var delivered = 0
    public var retried = 0
    public var dead = 0

    public init(delivered: Int = 0, retried: Int = 0, dead: Int = 0) {
        self.delivered = delivered
        self.retried = retried
        self.dead = dead
    }
}

/// The outbox's state counts of a county (the system administrator's page).
public struct OutboxCounts: Hashable, Sendable, Codable {
    public var pending = 0
    public var delivered = 0
    public var dead = 0
}

/// The webhook's JSON body: the change as the feed's API gives it, and the subscription it is sent for.
struct WebhookBody: Encodable {
    var id: String
    var county: String
    var seq: Int64
    var kind: String
    var kindLabel: String
    var at: String
    var day: String
    var township: String?
    var townshipName: String?
    var itemCode: String?
    var itemName: String?
    var department: String?
    var decision: String?
    var summary: String
    var subscription: String
}

/// The outbox (issue 16 point 2): the dispatcher turns the change feed into one message per matching subscription,
/// the delivery step sends them through the notifier, retrying with backoff until delivered or dead.
extension SubscriptionService {
    /// How many changes one dispatch transaction takes at most (the rest wait for the next round).
    public static let dispatchBatch = 500
    /// How long a message taken for sending is withheld from other workers (a crashed worker's message is sent
    /// again after this).
    public static let claimLease: TimeInterval = 300

    static func enqueue(
        _ n: Notice, subscription: String, eventSeq: Int64, county: String, at now: Date,
        on db: any SQLDatabase
    ) async throws {
        let id = eventSeq == 0 ? "\(subscription)-C" : "\(subscription)-\(eventSeq)"
        try await db.raw(
            """
            INSERT INTO outbox (county, id, subscription, event_seq, channel, state, attempts, next_attempt_at,
              payload, last_error, delivered_at, created_at)
            VALUES (\(bind: county), \(bind: id), \(bind: subscription), \(bind: eventSeq), \(bind: n.channel.rawValue),
              'pending', 0, \(bind: now.micros), \(bind: try RecordJSON.text(n)), NULL, NULL, \(bind: now.micros))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    /// The message a change makes for one subscription: a mail or short text with its unsubscribe link, or the
    /// webhook's signed JSON.
    static func message(
        for event: ChangeEvent, subscription s: Subscription, secret: String, origin: String
    ) throws -> Notice {
        let subject = "【权责清单变更】\(event.kind.label)：\(event.summary)"
        switch s.channel {
        case .webhook:
            let body = try RecordJSON.text(
                WebhookBody(
                    id: event.id, county: event.county, seq: event.seq, kind: event.kind.rawValue,
                    kindLabel: event.kind.label, at: ISO8601DateFormatter().string(from: event.at), day: event.day.iso,
                    township: event.township, townshipName: event.townshipName, itemCode: event.itemCode,
                    itemName: event.itemName, department: event.department, decision: event.decision,
                    summary: event.summary, subscription: s.id))
            return Notice(
                channel: .webhook, target: s.target, eventID: event.id, subject: subject, body: body,
                signature: WebhookSignature.sign(body, secret: secret))
        case .email:
            var lines = [event.summary, "类别：\(event.kind.label)", "日期：\(event.day.chinese)"]
            if let d = event.decision { lines.append("依据：\(d)") }
            if let t = event.township { lines.append("镇街：\(origin)/townships/\(t)") }
            if let i = event.itemCode { lines.append("事项：\(origin)/items/\(i)") }
            lines.append("全部变更：\(origin)/changes")
            lines.append("")
            lines.append("您订阅了\(s.scopeText)的清单变更。退订：\(unsubscribeLink(origin: origin, id: s.id, secret: secret))")
            return Notice(
                channel: .email, target: s.target, eventID: event.id, subject: subject,
                body: lines.joined(separator: "\n"))
        case .sms, .wechat:
            return Notice(
                channel: s.channel, target: s.target, eventID: event.id, subject: subject,
                body: "【权责清单】\(event.summary)。详情 \(origin)/changes")
        }
    }

    /// One dispatch round of a county: the changes after the county's cursor become outbox messages of the active
    /// subscriptions that follow them, and the cursor moves past them, in one transaction. Returns the messages
    /// written. Run twice, it writes nothing the second time; interrupted, it wrote nothing.
    @discardableResult
    public func dispatch(county: String, origin: String, at now: Date) async throws -> Int {
        try await database.transaction { db in
            try await Self.lock(county, on: db)
            let cursor =
                try await db.raw("SELECT last_seq FROM subscription_cursor WHERE county = \(bind: county)").first()?
                .decode(column: "last_seq", as: Int64.self)
            let events = try await ChangeFeedStore.events(
                county: county, after: cursor ?? 0, filter: .county, limit: Self.dispatchBatch, on: db)
            guard let last = events.last else { return 0 }
            let subscriptions = try await Self.rows("county = \(bind: county) AND state = 'active'", on: db)
            var written = 0
            for event in events {
                for row in subscriptions {
                    let s = row.value
                    guard
                        s.follows(
                            seq: event.seq, township: event.township, item: event.itemCode,
                            department: event.department)
                    else { continue }
                    let n = try Self.message(for: event, subscription: s, secret: row.secret, origin: origin)
                    try await Self.enqueue(n, subscription: s.id, eventSeq: event.seq, county: county, at: now, on: db)
                    written += 1
                }
            }
            if cursor == nil {
                try await db.raw(
                    "INSERT INTO subscription_cursor (county, last_seq) VALUES (\(bind: county), \(bind: last.seq))"
                ).run()
            } else {
                try await db.raw(
                    "UPDATE subscription_cursor SET last_seq = \(bind: last.seq) WHERE county = \(bind: county)"
                ).run()
            }
            return written
        }
    }

    /// Dispatches every county with active subscriptions until each has caught up with its feed.
    @discardableResult
    public func dispatchAll(origin: String, at now: Date) async throws -> Int {
        let counties = try await database.read { db in
            try await db.raw("SELECT DISTINCT county FROM subscriptions WHERE state = 'active' ORDER BY county")
                .all().map { try $0.decode(column: "county", as: String.self) }
        }
        var total = 0
        for county in counties {
            while true {
                let before = try await cursor(county: county)
                total += try await dispatch(county: county, origin: origin, at: now)
                if try await cursor(county: county) == before { break }
            }
        }
        return total
    }

    /// The dispatcher's position in a county's feed (0 before its first round).
    public func cursor(county: String) async throws -> Int64 {
        try await database.read { db in
            try await db.raw("SELECT last_seq FROM subscription_cursor WHERE county = \(bind: county)").first()?
                .decode(column: "last_seq", as: Int64.self) ?? 0
        }
    }

    /// One delivery round: takes up to `limit` due messages (withholding them from other workers for the lease),
    /// sends each through `notifier`, and records the outcome: delivered, retried later, or dead (audited, for the
    /// system administrator). `clock` is asked after each send, so a slow target's time counts.
    @discardableResult
    public func deliver(
        using notifier: any Notifier, policy: DeliveryPolicy = .standard, limit: Int = 100,
        clock: @escaping @Sendable () -> Date
    ) async throws -> DeliveryRound {
        let now = clock()
        let taken = try await database.transaction { db in
            try await db.lockForWrite("outbox")
            let rows = try await db.rows(
                """
                SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= \(bind: now.micros)
                ORDER BY next_attempt_at, county, id LIMIT \(bind: limit)
                """, as: OutboxRow.self)
            for row in rows {
                try await db.raw(
                    """
                    UPDATE outbox SET next_attempt_at = \(bind: now.addingTimeInterval(Self.claimLease).micros)
                    WHERE county = \(bind: row.county) AND id = \(bind: row.id)
                    """
                ).run()
            }
            return try rows.map { try $0.value() }
        }
        var round = DeliveryRound()
        for message in taken {
            var failure: String?
            do {
                try await notifier.deliver(message.notice)
            } catch {
                failure = String(describing: error)
            }
            let at = clock()
            let next = message.after(success: failure == nil, error: failure, at: at, policy: policy)
            try await record(next, before: message, at: at)
            switch next.state {
            case .delivered: round.delivered += 1
            case .pending: round.retried += 1
            case .dead: round.dead += 1
            }
        }
        return round
    }

    func record(_ next: OutboxMessage, before: OutboxMessage, at now: Date) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE outbox SET state = \(bind: next.state.rawValue), attempts = \(bind: next.attempts),
                  next_attempt_at = \(bind: next.nextAttemptAt.micros), last_error = \(bind: next.lastError),
                  delivered_at = \(bind: next.deliveredAt?.micros)
                WHERE county = \(bind: next.county) AND id = \(bind: next.id)
                """
            ).run()
            if next.state == .dead {
                try await AuditStore.append(
                    AuditEvent(
                        county: next.county, actor: Actor(name: "system", role: "system"),
                        at: now, action: "outbox.dead", subject: next.id,
                        detail: "通知发送 \(next.attempts) 次均失败，转为死信（\(next.channel.label)，订阅 \(next.subscription)）",
                        before: before.state.rawValue, after: next.state.rawValue), on: db)
            }
        }
    }

    /// The county's outbox, newest first, optionally of one state (the system administrator's page and API).
    public func outbox(county: String, state: OutboxMessage.State? = nil, limit: Int = 200) async throws
        -> [OutboxMessage]
    {
        try await database.read { db in
            var q: SQLQueryString = "SELECT * FROM outbox WHERE county = \(bind: county)"
            if let state { q = "\(q) AND state = \(bind: state.rawValue)" }
            return try await db.rows("\(q) ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)", as: OutboxRow.self)
                .map { try $0.value() }
        }
    }

    /// How many messages of the county are in each state.
    public func outboxCounts(county: String) async throws -> OutboxCounts {
        try await database.read { db in
            var counts = OutboxCounts()
            for row in try await db.raw(
                "SELECT state, COUNT(*) AS n FROM outbox WHERE county = \(bind: county) GROUP BY state"
            ).all() {
                let n = try row.decode(column: "n", as: Int.self)
                switch OutboxMessage.State(rawValue: try row.decode(column: "state", as: String.self)) {
                case .pending: counts.pending = n
                case .delivered: counts.delivered = n
                case .dead: counts.dead = n
                case nil: break
                }
            }
            return counts
        }
    }

    /// The system administrator sends a dead letter again: a fresh round of attempts from now; audited.
    public func revive(_ id: String, by principal: Principal, at now: Date) async throws -> OutboxMessage {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            guard
                let row = try await db.rows(
                    "SELECT * FROM outbox WHERE county = \(bind: principal.county) AND id = \(bind: id)",
                    as: OutboxRow.self
                ).first
            else { throw SubscriptionServiceFailure.notFound("没有编号为“\(id)”的通知") }
            let current = try row.value()
            let next: OutboxMessage
            do throws(SubscriptionFailure) { next = try current.revived(at: now) } catch { throw error }
            try await db.raw(
                """
                UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = \(bind: now.micros)
                WHERE county = \(bind: principal.county) AND id = \(bind: id)
                """
            ).run()
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "outbox.retry", subject: id,
                    detail: "重新发送死信（\(current.channel.label)，订阅 \(current.subscription)）",
                    before: current.state.rawValue, after: next.state.rawValue), on: db)
            return next
        }
    }
}
