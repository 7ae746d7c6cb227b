import Foundation

/// Lockout after repeated failures: 5 failed logins within 15 minutes lock the account for 15 minutes from the
/// last failure. Attempts made while locked are refused without being counted, so a locked account unlocks on time.
public struct LoginGuard: Hashable, Sendable {
    public var maxFailures: Int
    public var window: TimeInterval
    public var lockDuration: TimeInterval

    public static let standard = LoginGuard(maxFailures: 5, window: 15 * 60, lockDuration: 15 * 60)

    public init(maxFailures: Int, window: TimeInterval, lockDuration: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
        self.lockDuration = lockDuration
    }

    /// When the account unlocks, or nil when it is not locked at `now`. `failures` are the recorded failure times.
    public func lockedUntil(failures: [Date], now: Date) -> Date? {
        let sorted = failures.filter { $0 <= now }.sorted()
        guard sorted.count >= maxFailures else { return nil }
        // Find the latest failure that completed a run of maxFailures inside one window.
        for end in stride(from: sorted.count - 1, through: maxFailures - 1, by: -1) {
            let start = sorted[end - maxFailures + 1]
            if sorted[end].timeIntervalSince(start) <= window {
                let until = sorted[end].addingTimeInterval(lockDuration)
                return until > now ? until : nil
            }
        }
        return nil
    }

    /// How far back failures matter.
    public func relevantSince(_ now: Date) -> Date { now.addingTimeInterval(-(window + lockDuration)) }
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
