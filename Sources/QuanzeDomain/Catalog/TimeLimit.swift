/// A time limit with its unit: licensing counts working days (行政许可法 第42、82条 exclude public holidays),
/// penalties count natural days (行政处罚法 第60条 九十日).
public struct TimeLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, Codable {
        case workingDays = "working-days"
        case naturalDays = "natural-days"

        public var label: String { self == .workingDays ? "工作日" : "自然日" }
    }

    public var amount: Int
    public var unit: Unit

    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `20工作日`, `90自然日`, `90日` (natural) or `20 working-days`.
    public init?(parsing text: String) {
        let t = text.trimmingSpaces().replacingOccurrences(of: " ", with: "")
        for (suffix, unit) in [
            ("工作日", Unit.workingDays), ("自然日", .naturalDays), ("working-days", .workingDays),
            ("natural-days", .naturalDays), ("日", .naturalDays), ("天", .naturalDays),
        ] where t.hasSuffix(suffix) {
            guard let n = Int(t.dropLast(suffix.count)), n > 0, n <= 3650 else { return nil }
            self.init(amount: n, unit: unit)
            return
        }
        return nil
    }

    public var description: String { "\(amount)\(unit.label)" }
}

/// Public holidays and 调休 working days are data, published each year by the State Council.
public struct HolidayCalendar: Sendable, Hashable, Codable {
    public var holidays: Set<Day>
    /// Weekend days that are working days (调休上班).
    public var workdays: Set<Day>

    public init(holidays: Set<Day> = [], workdays: Set<Day> = []) {
        self.holidays = holidays
        self.workdays = workdays
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        if workdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return day.weekday < 5
    }

    /// The due day of a matter received on `start`: the limit counts from the next day; for working days only
    /// working days count. A matter closed on its due day is on time.
    public func dueDay(from start: Day, limit: TimeLimit) -> Day {
        switch limit.unit {
        case .naturalDays:
            return start.adding(days: limit.amount)
        case .workingDays:
            var day = start
            var left = limit.amount
            while left > 0 {
                day = day.adding(days: 1)
                if isWorkingDay(day) { left -= 1 }
            }
            return day
        }
    }

    /// Merges two calendars (several years' notices).
    public func merging(_ other: HolidayCalendar) -> HolidayCalendar {
        HolidayCalendar(holidays: holidays.union(other.holidays), workdays: workdays.union(other.workdays))
    }
}
