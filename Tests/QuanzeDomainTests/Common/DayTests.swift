import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Day")
struct DayTests {
    @Test("parses a strict ISO date into its parts")
    func parsesISODate() throws {
        // setup
        let text = "2023-12-31"
        // act
        let day = try #require(Day(iso: text))
        // check
        #expect(day.parts.year == 2023)
        #expect(day.parts.month == 12)
        #expect(day.parts.day == 31)
        #expect(day.year == 2023)
        #expect(day.month == 12)
    }

    @Test("parses a date that is part of a longer text (a stored row's packed columns) as the same day")
    func parsesPartOfText() throws {
        // setup
        let fields = "granted|2023-12-31|2024-02-29|".split(separator: "|", omittingEmptySubsequences: false)
        // act
        let days = fields.map { Day(iso: $0) }
        // check
        #expect(days == [nil, Day(iso: "2023-12-31"), Day(iso: "2024-02-29"), nil])
        #expect(days[1] != nil)
    }

    @Test("formats back to the same ISO text", arguments: ["1970-01-01", "2000-02-29", "2023-01-09", "9999-12-31"])
    func formatsISORoundTrip(text: String) throws {
        // setup
        let day = try #require(Day(iso: text))
        // act
        let formatted = day.iso
        // check
        #expect(formatted == text)
        #expect(day.description == text)
    }

    @Test(
        "accepts 29 February only in leap years",
        arguments: [
            ("2024-02-29", true), ("2000-02-29", true), ("2023-02-29", false), ("1900-02-29", false),
            ("2100-02-29", false), ("2024-02-30", false),
        ])
    func leapYears(text: String, valid: Bool) {
        // setup
        let input = text
        // act
        let day = Day(iso: input)
        // check
        #expect((day != nil) == valid)
    }

    @Test(
        "refuses impossible or malformed dates",
        arguments: [
            "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "0000-01-01", "2023-1-01", "2023/01/01",
            "20230101", "2023-01-0a", "", " 2023-01-01", "2023-01-01 ", "２０２３-01-01", "+023-01-01",
        ])
    func refusesBadText(text: String) {
        // setup
        let input = text
        // act
        let day = Day(iso: input)
        let part = Day(iso: ("2023-01-01|" + input + "|2023-01-01").dropFirst(11).dropLast(11))
        // check
        #expect(day == nil)
        #expect(part == nil, "as part of a longer text too")
    }

    @Test("refuses parts outside the calendar")
    func refusesBadParts() {
        // setup
        let parts = [
            (0, 1, 1), (10_000, 1, 1), (2023, 0, 1), (2023, 13, 1), (2023, 6, 31), (2023, 2, 29), (2023, 1, 0),
        ]
        // act
        let days = parts.map { Day(year: $0.0, month: $0.1, day: $0.2) }
        // check
        #expect(days.allSatisfy { $0 == nil })
    }

    @Test("counts days since 1970-01-01")
    func ordinals() throws {
        // setup
        let epoch = try #require(Day(iso: "1970-01-01"))
        let leapDay = try #require(Day(iso: "2024-02-29"))
        let beforeEpoch = try #require(Day(iso: "1969-12-31"))
        // act
        let ordinals = [epoch.ordinal, leapDay.ordinal, beforeEpoch.ordinal]
        // check
        #expect(ordinals == [0, 19_782, -1])
    }

    @Test("agrees with Foundation's Gregorian calendar from 1600 to 2400")
    func agreesWithFoundationCalendar() throws {
        // setup
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let first = try #require(Day(year: 1600, month: 3, day: 1)).ordinal
        let last = try #require(Day(year: 2400, month: 12, day: 31)).ordinal
        var mismatches: [Int] = []
        // act
        for ordinal in stride(from: first, through: last, by: 13) {
            let date = Date(timeIntervalSince1970: Double(ordinal) * 86_400)
            let expected = calendar.dateComponents([.year, .month, .day], from: date)
            let parts = Day(ordinal: ordinal).parts
            if parts.year != expected.year || parts.month != expected.month || parts.day != expected.day {
                mismatches.append(ordinal)
            }
            if Day(year: parts.year, month: parts.month, day: parts.day)?.ordinal != ordinal {
                mismatches.append(ordinal)
            }
        }
        // check
        #expect(mismatches.isEmpty)
    }

    @Test(
        "weekday: 0 is Monday, 6 is Sunday",
        arguments: [
            ("2023-12-31", 6), ("2024-01-01", 0), ("1970-01-01", 3), ("1969-12-31", 2), ("2024-02-29", 3),
            ("2023-10-07", 5),
        ])
    func weekdays(text: String, weekday: Int) throws {
        // setup
        let day = try #require(Day(iso: text))
        // act
        let result = day.weekday
        // check
        #expect(result == weekday)
    }

    @Test(
        "adding days crosses months, leap days and years in both directions",
        arguments: [
            ("2023-12-31", 1, "2024-01-01"), ("2024-01-01", -1, "2023-12-31"), ("2024-02-28", 1, "2024-02-29"),
            ("2023-02-28", 1, "2023-03-01"), ("2023-12-25", 90, "2024-03-24"), ("2024-03-01", -366, "2023-03-01"),
            ("2023-06-15", 0, "2023-06-15"),
        ])
    func addingDays(start: String, offset: Int, expected: String) throws {
        // setup
        let day = try #require(Day(iso: start))
        // act
        let result = day.adding(days: offset)
        // check
        #expect(result.iso == expected)
    }

    @Test("Chinese prose form has no zero padding")
    func chineseForm() throws {
        // setup
        let day = try #require(Day(iso: "2024-01-05"))
        // act
        let text = day.chinese
        // check
        #expect(text == "2024年1月5日")
    }

    @Test("orders by calendar position, not by text")
    func ordering() throws {
        // setup
        let late = try #require(Day(iso: "2024-01-01"))
        let early = try #require(Day(iso: "2023-12-31"))
        // act
        let sorted = [late, early].sorted()
        // check
        #expect(sorted == [early, late])
        #expect(early < late)
        #expect(!(late < early))
    }

    @Test("encodes as its ISO string and decodes it back")
    func codableRoundTrip() throws {
        // setup
        let day = try #require(Day(iso: "2024-02-29"))
        // act
        let data = try JSONEncoder().encode([day])
        let decoded = try JSONDecoder().decode([Day].self, from: data)
        // check
        #expect(String(decoding: data, as: UTF8.self) == "[\"2024-02-29\"]")
        #expect(decoded == [day])
    }

    @Test("refuses to decode an impossible date")
    func decodingRefusesBadDay() {
        // setup
        let data = Data("[\"2023-02-29\"]".utf8)
        // act
        let decode = { try JSONDecoder().decode([Day].self, from: data) }
        // check
        #expect(throws: DecodingError.self) { try decode() }
    }
}
