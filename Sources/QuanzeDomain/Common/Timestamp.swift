import Foundation

/// RFC 3339 timestamps as other systems send them (`2024-01-01T08:30:00+08:00`, `…Z`, with or without a
/// fraction of a second), read by hand: `ISO8601DateFormatter` goes through ICU and cost about a tenth of an
/// ingest batch, and it refuses fractions unless told.
public enum Timestamp {
    /// The instant, or nil when the text is not an RFC 3339 date-time with an offset. A bare `YYYY-MM-DD` is read
    /// as midnight UTC when `allowDay` (a spreadsheet cell often holds only the day).
    public static func parse(_ text: String, allowDay: Bool = false) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0, allowDay: allowDay) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>, allowDay: Bool) -> Date? {
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for i in start..<(start + count) {
                let d = b[i] &- 48
                guard d <= 9 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = digits(0, 4), let month = digits(5, 2), let dayOfMonth = digits(8, 2),
            let day = Day(year: year, month: month, day: dayOfMonth)
        else { return nil }
        let midnight = Double(day.ordinal) * 86_400
        if b.count == 10 { return allowDay ? Date(timeIntervalSince1970: midnight) : nil }
        guard b.count >= 20, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var micros = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            var places = 0
            while i < b.count, b[i] &- 48 <= 9 {
                if places < 6 {
                    micros = micros * 10 + Int(b[i] - 48)
                    places += 1
                }
                i += 1
            }
            guard places > 0 else { return nil }
            for _ in places..<6 { micros *= 10 }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"), let h = digits(i + 1, 2), let m = digits(i + 4, 2),
                h < 24, m < 60
            else { return nil }
            offset = (h * 60 + m) * 60 * (b[i] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        let seconds = midnight + Double(hour * 3600 + minute * 60 + min(second, 59) - offset)
        return Date(timeIntervalSince1970: seconds + Double(micros) / 1_000_000)
    }
}
