/// A person taken away from the unit to other work (抽调借调): where to, from which day, until which day (the last
/// day away, inclusive; open when the return is not known). A seconded person is still on the unit's roll but does
/// not count for capacity while away.
public struct Secondment: Hashable, Sendable, Codable {
    public var staffId: String
    /// Where the person went (区委办公室, 市应急管理局 …).
    public var destination: String
    public var from: Day
    public var until: Day?

    public init(staffId: String, destination: String, from: Day, until: Day? = nil) {
        self.staffId = staffId
        self.destination = destination
        self.from = from
        self.until = until
    }

    /// Away on `day`: from its first day through its last, both inclusive. A secondment that ended the day before
    /// no longer counts.
    public func isActive(on day: Day) -> Bool {
        from <= day && (until.map { day <= $0 } ?? true)
    }

    /// Whether two secondments of the same person share at least one day.
    public func overlaps(_ other: Secondment) -> Bool {
        let endA = until?.ordinal ?? Int.max
        let endB = other.until?.ordinal ?? Int.max
        return from.ordinal <= endB && other.from.ordinal <= endA
    }

    public var auditText: String {
        [staffId, destination, from.iso, until?.iso ?? ""].joined(separator: "|")
    }
}
