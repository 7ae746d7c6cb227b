import Foundation
import Testing

@testable import QuanzeDomain

@Suite("RFC 3339 timestamps and ISO days, read and written by hand")
struct TimestampTests {
    /// 2024-01-01T00:00:00Z.
    static let newYear = Date(timeIntervalSince1970: 1_704_067_200)

    @Test(
        "the forms other systems send are read to the same instant",
        arguments: [
            ("2024-01-01T00:00:00Z", 0.0), ("2024-01-01t00:00:00z", 0), ("2024-01-01T08:00:00+08:00", 0),
            ("2023-12-31T19:30:00-04:30", 0), ("2024-01-01T00:00:00.5Z", 0.5),
            ("2024-01-01T00:00:00.123456Z", 0.123456),
            ("2024-01-01T00:00:00.1234567Z", 0.123456), ("2024-01-01T00:00:01Z", 1), ("2024-01-01T23:59:59Z", 86_399),
            ("2024-01-01T00:00:60Z", 59),
        ])
    func reads(text: String, offset: Double) throws {
        // act
        let date = try #require(Timestamp.parse(text))
        // check
        #expect(abs(date.timeIntervalSince(Self.newYear) - offset) < 1e-6, "\(text)")
    }

    @Test(
        "anything else is refused, never guessed",
        arguments: [
            "", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01T00:00Z", "2024-01-01 00:00:00Z",
            "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2023-02-30T00:00:00Z", "2024-13-01T00:00:00Z",
            "2024-01-01T00:00:00+0800", "2024-01-01T00:00:00+08:00x", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zx",
            "24-01-01T00:00:00Z", "２０２４-01-01T00:00:00Z", "2024-01-01T00:00:00+24:00",
        ])
    func refuses(text: String) {
        #expect(Timestamp.parse(text) == nil, "\(text)")
    }

    @Test("a bare day is midnight UTC only where a day is allowed (a spreadsheet cell)")
    func bareDay() {
        #expect(Timestamp.parse("2024-01-01", allowDay: true) == Self.newYear)
        #expect(Timestamp.parse("2024-01-01") == nil)
        #expect(Timestamp.parse("2024-02-30", allowDay: true) == nil)
    }

    @Test("the hand-written ISO form of a day equals the formatter's for every day of 1900–2100")
    func isoForm() throws {
        // setup
        let first = try #require(Day(year: 1900, month: 1, day: 1)).ordinal
        let last = try #require(Day(year: 2100, month: 12, day: 31)).ordinal
        var mismatches: [String] = []
        // act
        for ordinal in first...last {
            let day = Day(ordinal: ordinal)
            let p = day.parts
            let expected = String(format: "%04d-%02d-%02d", p.year, p.month, p.day)
            if day.iso != expected || Day(iso: day.iso) != day { mismatches.append(expected) }
        }
        // check
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(Day(year: 1, month: 2, day: 3)!.iso == "0001-02-03")
    }

    @Test("a spreadsheet's day forms are read; impossible days and other shapes are refused")
    func spreadsheetDays() {
        let day = Day(year: 2023, month: 5, day: 6)
        for text in ["2023-05-06", "2023/5/6", "2023-5-6", "2023.05.06", "2023/05/6"] {
            #expect(Day(spreadsheet: text) == day, "\(text)")
        }
        for text in ["2023/2/30", "23/5/6", "2023/5", "2023/5/6/7", "2023/123/6", "5/6/2023", "2023年5月6日", ""] {
            #expect(Day(spreadsheet: text) == nil, "\(text)")
        }
    }
}
