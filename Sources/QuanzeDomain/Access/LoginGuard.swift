import Foundation

/// Lockout after repeated failures, per account **and client address**, with a growing delay: the 5th failure
/// within 15 minutes from one address makes that address wait 1 minute before its next attempt at the account, each
/// further failure doubles the wait, up to 60 minutes. A stranger who types five wrong passwords delays only
/// himself — the account's owner at another address signs in as usual — while guessing from one address slows to
/// a crawl. Attempts made while waiting are refused without being counted, so the wait ends on time.
public struct LoginGuard: Hashable, Sendable {
    public var maxFailures: Int
    public var window: TimeInterval
    public var firstDelay: TimeInterval
    public var maxDelay: TimeInterval

    public static let standard = LoginGuard(maxFailures: 5, window: 15 * 60, firstDelay: 60, maxDelay: 60 * 60)

    public init(maxFailures: Int, window: TimeInterval, firstDelay: TimeInterval, maxDelay: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// Until when the next attempt from one address must wait, or nil when it may try at `now`. `failures` are
    /// the recorded failure times of that account from that address.
    public func lockedUntil(failures: [Date], now: Date) -> Date? {
        let sorted = failures.filter { $0 <= now }.sorted()
        guard let last = sorted.last else { return nil }
        let recent = sorted.filter { last.timeIntervalSince($0) <= window }.count
        guard recent >= maxFailures else { return nil }
        let doublings = min(recent - maxFailures, 30)
        let until = last.addingTimeInterval(min(firstDelay * Double(1 << doublings), maxDelay))
        return until > now ? until : nil
    }

    /// How far back failures matter.
    public func relevantSince(_ now: Date) -> Date { now.addingTimeInterval(-(window + maxDelay)) }
}

/// Session lifetime: an idle timeout (default 30 minutes) and an absolute one (default 8 hours).
public struct SessionPolicy: Hashable, Sendable {
    public var idleTimeout: TimeInterval
    public var absoluteTimeout: TimeInterval

    public static let standard = SessionPolicy(idleTimeout: 30 * 60, absoluteTimeout: 8 * 3600)

    public init(idleTimeout: TimeInterval, absoluteTimeout: TimeInterval) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    public enum State: Equatable, Sendable { case active, idleExpired, absoluteExpired, ended }

    public func state(createdAt: Date, lastSeenAt: Date, endedAt: Date?, now: Date) -> State {
        if endedAt != nil { return .ended }
        if now.timeIntervalSince(createdAt) >= absoluteTimeout { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active
    }
}

/// A sliding-window rate limit: at most `limit` hits per key in `window` seconds. A value type so the rule is
/// tested without a clock; the app keeps one in an actor.
public struct RateWindow: Sendable {
    public var limit: Int
    public var window: TimeInterval
    private var hits: [String: [Date]] = [:]

    public init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records a hit; returns nil when allowed, or the seconds to wait (at least 1) when over the limit.
    public mutating func hit(_ key: String, now: Date) -> Int? {
        var times = (hits[key] ?? []).filter { now.timeIntervalSince($0) < window }
        if times.count >= limit {
            hits[key] = times
            let wait = window - now.timeIntervalSince(times[0])
            return max(1, Int(wait.rounded(.up)))
        }
        times.append(now)
        hits[key] = times
        if hits.count > 10_000 {
            hits = hits.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last!) < window }
        }
        return nil
    }
}
