import Foundation

/// A calendar day without time or time zone: list entries take effect on days, not instants.
/// Stored as days since 1970-01-01 so that comparison and arithmetic are exact.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Builds a day from its parts; nil when the parts do not name a real date (2023-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Day.daysIn(month: month, year: year)
        else { return nil }
        self.ordinal = Day.daysFromCivil(year, month, day)
    }

    /// Parses `YYYY-MM-DD` strictly.
    public init?(iso text: String) { self.init(isoText: text) }

    /// A day from part of a longer text (a stored row's packed columns), without copying it.
    public init?(iso text: Substring) { self.init(isoText: text) }

    private init?(isoText text: some StringProtocol) {
        var (year, month, day, position) = (0, 0, 0, 0)
        for byte in text.utf8 {
            switch position {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard position < 10, byte >= 48, byte <= 57 else { return nil }
                let digit = Int(byte - 48)
                if position < 4 {
                    year = year * 10 + digit
                } else if position < 7 {
                    month = month * 10 + digit
                } else {
                    day = day * 10 + digit
                }
            }
            position += 1
        }
        guard position == 10 else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// A day as a spreadsheet cell holds it: `YYYY-MM-DD`, or the `2023/5/6`, `2023-5-6` and `2023.5.6` forms Chinese
    /// Excel writes (the case and capacity CSV imports read days with it).
    public init?(spreadsheet text: String) {
        if let d = Day(iso: text) {
            self = d
            return
        }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var parts: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }
    public var year: Int { parts.year }
    public var month: Int { parts.month }

    /// ISO 8601 form, as tables and inputs show it.
    public var iso: String {
        let p = parts
        guard (0...9999).contains(p.year) else { return String(format: "%04d-%02d-%02d", p.year, p.month, p.day) }
        // By hand: `String(format:)` went through Foundation's formatter and cost ~6 % of a case ingest.
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, at start: Int, width: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[i] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(p.year, at: 0, width: 4)
            buffer[4] = UInt8(ascii: "-")
            put(p.month, at: 5, width: 2)
            buffer[7] = UInt8(ascii: "-")
            put(p.day, at: 8, width: 2)
            return 10
        }
    }

    /// The day's month as `YYYY-MM`.
    public var isoMonth: String { String(iso.prefix(7)) }

    /// Chinese prose form: 2023年12月31日.
    public var chinese: String {
        let p = parts
        return "\(p.year)年\(p.month)月\(p.day)日"
    }

    public var description: String { iso }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The same day `months` later, clamped to the end of a shorter month (2023-01-31 + 1 month = 2023-02-28).
    public func addingMonths(_ months: Int) -> Day {
        let p = parts
        let index = p.year * 12 + (p.month - 1) + months
        let year = index / 12
        let month = index % 12 + 1
        return Day(year: year, month: month, day: min(p.day, Day.daysIn(month: month, year: year)))!
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad day \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
