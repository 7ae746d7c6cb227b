import Testing

@testable import QuanzeDomain

@Suite("TimeLimit and HolidayCalendar")
struct TimeLimitTests {
    /// 2023 National Day: 9月29日至10月6日放假，10月7日（周六）、10月8日（周日）上班.
    static let nationalDay2023 = HolidayCalendar(
        holidays: Set((0..<8).map { Fixture.day("2023-09-29").adding(days: $0) }),
        workdays: [Fixture.day("2023-10-07"), Fixture.day("2023-10-08")])

    @Test(
        "parses amounts with their unit",
        arguments: [
            ("20工作日", 20, TimeLimit.Unit.workingDays), ("90自然日", 90, .naturalDays), ("90日", 90, .naturalDays),
            ("15天", 15, .naturalDays), ("20 working-days", 20, .workingDays), ("30 natural-days", 30, .naturalDays),
            ("\u{3000}20 工作日 ", 20, .workingDays), ("3650日", 3650, .naturalDays), ("1工作日", 1, .workingDays),
        ])
    func parses(text: String, amount: Int, unit: TimeLimit.Unit) {
        // setup
        let input = text
        // act
        let limit = TimeLimit(parsing: input)
        // check
        #expect(limit == TimeLimit(amount: amount, unit: unit))
    }

    @Test(
        "refuses missing, zero, negative, too long, Chinese-numeral and unitless limits",
        arguments: [
            "工作日", "0日", "-5日", "3651日", "二十日", "20", "20周", "", "20工作", "二十工作日",
        ])
    func refuses(text: String) {
        // setup
        let input = text
        // act
        let limit = TimeLimit(parsing: input)
        // check
        #expect(limit == nil)
    }

    @Test("describes itself with the Chinese unit, and the description parses back")
    func description() throws {
        // setup
        let limits = [TimeLimit(amount: 20, unit: .workingDays), TimeLimit(amount: 90, unit: .naturalDays)]
        // act
        let texts = limits.map(\.description)
        // check
        #expect(texts == ["20工作日", "90自然日"])
        #expect(texts.map { TimeLimit(parsing: $0) } == limits)
    }

    @Test(
        "weekdays work, weekends rest, holidays rest, 调休 weekends work",
        arguments: [
            ("2023-09-28", true), ("2023-09-30", false), ("2023-10-02", false), ("2023-10-07", true),
            ("2023-10-08", true), ("2023-10-09", true), ("2023-10-14", false),
        ])
    func workingDays(text: String, working: Bool) {
        // setup
        let calendar = Self.nationalDay2023
        // act
        let result = calendar.isWorkingDay(Fixture.day(text))
        // check
        #expect(result == working)
    }

    @Test("working days count from the next day and skip weekends")
    func workingDaysWithoutHolidays() {
        // setup
        let calendar = HolidayCalendar()
        let friday = Fixture.day("2024-01-05")
        // act
        let oneDay = calendar.dueDay(from: friday, limit: TimeLimit(amount: 1, unit: .workingDays))
        let twentyDays = calendar.dueDay(from: friday, limit: TimeLimit(amount: 20, unit: .workingDays))
        // check
        #expect(oneDay.iso == "2024-01-08")
        #expect(twentyDays.iso == "2024-02-02")
    }

    @Test("working days skip the National Day holiday and count the 调休 weekend")
    func workingDaysOverNationalDay() {
        // setup
        let received = Fixture.day("2023-09-28")
        let limit = TimeLimit(amount: 3, unit: .workingDays)
        // act
        let due = Self.nationalDay2023.dueDay(from: received, limit: limit)
        let dueWithoutNotice = HolidayCalendar().dueDay(from: received, limit: limit)
        // check
        #expect(due.iso == "2023-10-09")
        #expect(dueWithoutNotice.iso == "2023-10-03")
    }

    @Test("a 调休 Saturday can be the due day")
    func dueOnMakeUpSaturday() {
        // setup
        let calendar = HolidayCalendar(
            holidays: Set((1...5).map { Fixture.day("2024-05-0\($0)") }), workdays: [Fixture.day("2024-05-11")])
        let received = Fixture.day("2024-05-08")
        // act
        let due = calendar.dueDay(from: received, limit: TimeLimit(amount: 3, unit: .workingDays))
        // check
        #expect(due.iso == "2024-05-11")
        #expect(due.weekday == 5)
    }

    @Test("a matter received on a holiday still counts from the first working day after it")
    func receivedOnHoliday() {
        // setup
        let received = Fixture.day("2023-10-01")
        // act
        let due = Self.nationalDay2023.dueDay(from: received, limit: TimeLimit(amount: 1, unit: .workingDays))
        // check
        #expect(due.iso == "2023-10-07")
    }

    @Test("natural days ignore weekends and holidays and cross the year end")
    func naturalDays() {
        // setup
        let limit = TimeLimit(amount: 90, unit: .naturalDays)
        // act
        let due = Self.nationalDay2023.dueDay(from: Fixture.day("2023-12-25"), limit: limit)
        let dueOverHoliday = Self.nationalDay2023.dueDay(
            from: Fixture.day("2023-09-28"), limit: TimeLimit(amount: 3, unit: .naturalDays))
        // check
        #expect(due.iso == "2024-03-24")
        #expect(dueOverHoliday.iso == "2023-10-01")
    }

    @Test("merging keeps both years' holidays and 调休 days")
    func merging() {
        // setup
        let a = HolidayCalendar(holidays: [Fixture.day("2023-10-02")], workdays: [Fixture.day("2023-10-07")])
        let b = HolidayCalendar(holidays: [Fixture.day("2024-10-01")], workdays: [Fixture.day("2024-09-29")])
        // act
        let merged = a.merging(b)
        // check
        #expect(merged.holidays == [Fixture.day("2023-10-02"), Fixture.day("2024-10-01")])
        #expect(merged.workdays == [Fixture.day("2023-10-07"), Fixture.day("2024-09-29")])
        #expect(!merged.isWorkingDay(Fixture.day("2024-10-01")))
        #expect(merged.isWorkingDay(Fixture.day("2024-09-29")))
    }
}
