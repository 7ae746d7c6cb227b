import Foundation

/// When an undelivered notice is tried again, and when it is given up as a dead letter (issue 16 point 2).
/// The delay doubles from `base` after each failed attempt, up to `cap`; after `maxAttempts` failed attempts the
/// message is dead: it stays in the outbox, visible to the system administrator, who may send it again.
public struct DeliveryPolicy: Hashable, Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval
    public var maxAttempts: Int

    public init(base: TimeInterval = 60, cap: TimeInterval = 3600, maxAttempts: Int = 8) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    public static let standard = DeliveryPolicy()

    /// What follows a failed attempt.
    public enum Next: Hashable, Sendable {
        /// Try again at this time.
        case retry(at: Date)
        /// Give up: a dead letter.
        case dead
    }

    /// The delay after the `attempts`-th failed attempt (1 → base, 2 → 2 × base, …, never above `cap`).
    public func delay(afterAttempt attempts: Int) -> TimeInterval {
        let n = max(1, attempts)
        // 2^(n-1) overflows nothing: the exponent stops growing once the cap is reached.
        var d = base
        for _ in 1..<n {
            d *= 2
            if d >= cap { return cap }
        }
        return min(d, cap)
    }

    /// What to do after a failed attempt: `attempts` counts every attempt so far, this one included.
    public func next(afterFailedAttempt attempts: Int, at now: Date) -> Next {
        attempts >= maxAttempts ? .dead : .retry(at: now.addingTimeInterval(delay(afterAttempt: attempts)))
    }
}

/// A message in the outbox: where it goes and in what state (the rows the delivery step works through).
public struct OutboxMessage: Hashable, Sendable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, delivered, dead

        public var label: String {
            switch self {
            case .pending: "待发送"
            case .delivered: "已送达"
            case .dead: "发送失败（死信）"
            }
        }
    }

    public var county: String
    public var id: String
    public var subscription: String
    /// The change's running number; 0 for a confirmation message.
    public var eventSeq: Int64
    public var channel: Subscription.Channel
    public var target: String
    public var notice: Notice
    public var attempts: Int
    public var nextAttemptAt: Date
    public var state: State
    public var lastError: String?
    public var deliveredAt: Date?
    public var createdAt: Date

    public init(
        county: String, id: String, subscription: String, eventSeq: Int64, channel: Subscription.Channel,
        target: String, notice: Notice, attempts: Int, nextAttemptAt: Date, state: State,
        lastError: String?, deliveredAt: Date?, createdAt: Date
    ) {
        self.county = county
        self.id = id
        self.subscription = subscription
        self.eventSeq = eventSeq
        self.channel = channel
        self.target = target
        self.notice = notice
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.state = state
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.createdAt = createdAt
    }

    /// The message after an attempt: delivered, or failed and retried later or dead by the policy.
    public func after(success: Bool, error: String?, at now: Date, policy: DeliveryPolicy) -> OutboxMessage {
        var next = self
        next.attempts += 1
        if success {
            next.state = .delivered
            next.deliveredAt = now
            next.lastError = nil
            return next
        }
        next.lastError = error.map { String($0.prefix(500)) }
        switch policy.next(afterFailedAttempt: next.attempts, at: now) {
        case .retry(let at):
            next.nextAttemptAt = at
        case .dead:
            next.state = .dead
        }
        return next
    }

    /// A dead letter sent again by the system administrator: a fresh round of attempts from now.
    public func revived(at now: Date) throws(SubscriptionFailure) -> OutboxMessage {
        guard state == .dead else { throw .notDead }
        var next = self
        next.state = .pending
        next.attempts = 0
        next.nextAttemptAt = now
        return next
    }
}

/// One message to send, whatever the channel: what a notifier gets. For a webhook, `body` is the exact JSON sent and
/// `signature` its HMAC; for e-mail, `subject` and `body` the mail's.
public struct Notice: Hashable, Sendable, Codable {
    public var channel: Subscription.Channel
    public var target: String
    /// The change's stable id (urn:quanze:…:change:seq), or the confirmation's; `X-Quanze-Event` for a webhook, so
    /// a receiver drops a message it already has (delivery is at least once).
    public var eventID: String
    public var subject: String
    public var body: String
    /// `sha256=<hex>`: HMAC-SHA256 of `body` with the subscription's secret (webhooks only).
    public var signature: String?

    public init(
        channel: Subscription.Channel, target: String, eventID: String, subject: String, body: String,
        signature: String? = nil
    ) {
        self.channel = channel
        self.target = target
        self.eventID = eventID
        self.subject = subject
        self.body = body
        self.signature = signature
    }
}
