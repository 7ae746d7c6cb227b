import Foundation

/// The dates the product believes for things that happened (a case received or closed, a sender's record version):
/// not before 1949-10-01, not after today (China time) plus a configured clock skew. A case "received" on
/// 9999-12-31 would count as overdue for ever, and a `sourceVersion` of 9999-12-31 would freeze its record against
/// every later correction; both are refused with the range named.
public struct DateBounds: Sendable, Equatable {
    public static let earliest = Day(year: 1949, month: 10, day: 1)!
    /// One day: a sender's clock a little ahead of ours, or a record sent just after midnight, is not refused.
    public static let defaultSkewDays = 1

    public var latest: Day
    public var latestInstant: Date

    /// The bounds at `now` with `skewDays` of tolerance.
    public init(now: Date, skewDays: Int = defaultSkewDays) {
        let skew = max(0, skewDays)
        latestInstant = now.addingTimeInterval(Double(skew) * 86_400)
        latest = Self.chinaDay(of: now).adding(days: skew)
    }

    /// No upper bound (for reading stored data, and tests of other rules).
    public static let unbounded = DateBounds(
        latest: Day(year: 9999, month: 12, day: 31)!, latestInstant: Date(timeIntervalSince1970: 253_402_300_800))

    init(latest: Day, latestInstant: Date) {
        self.latest = latest
        self.latestInstant = latestInstant
    }

    /// The latest due day of an open matter: five years after `latest` (a long statutory limit with extensions).
    public var latestDue: Day { latest.year >= 9000 ? latest : latest.adding(days: 5 * 366) }

    public func contains(_ day: Day) -> Bool { day >= Self.earliest && day <= latest }

    public func contains(_ instant: Date) -> Bool {
        instant >= Date(timeIntervalSince1970: Double(Self.earliest.ordinal) * 86_400 - 8 * 3600)
            && instant <= latestInstant
    }

    /// The calendar day in China (UTC+8, no daylight saving) of an instant.
    public static func chinaDay(of instant: Date) -> Day {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return Day(ordinal: seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
    }
}
