import QuanzeDomain

/// The State Council's holiday notices for 2021–2023 (国务院办公厅关于部分节假日安排的通知), as data.
enum DemoHolidays {
    /// (first day, last day) of each break, and the weekend days worked in exchange.
    static let breaks: [(String, String)] = [
        ("2021-01-01", "2021-01-03"), ("2021-02-11", "2021-02-17"), ("2021-04-03", "2021-04-05"),
        ("2021-05-01", "2021-05-05"), ("2021-06-12", "2021-06-14"), ("2021-09-19", "2021-09-21"),
        ("2021-10-01", "2021-10-07"), ("2022-01-01", "2022-01-03"), ("2022-01-31", "2022-02-06"),
        ("2022-04-03", "2022-04-05"), ("2022-04-30", "2022-05-04"), ("2022-06-03", "2022-06-05"),
        ("2022-09-10", "2022-09-12"), ("2022-10-01", "2022-10-07"), ("2022-12-31", "2023-01-02"),
        ("2023-01-21", "2023-01-27"), ("2023-04-05", "2023-04-05"), ("2023-04-29", "2023-05-03"),
        ("2023-06-22", "2023-06-24"), ("2023-09-29", "2023-10-06"),
    ]
    static let workdays = [
        "2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09",
        "2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09",
        "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08",
    ]

    static var calendar: HolidayCalendar {
        var holidays = Set<Day>()
        for (first, last) in breaks {
            guard let a = Day(iso: first), let b = Day(iso: last) else { continue }
            for ordinal in a.ordinal...b.ordinal { holidays.insert(Day(ordinal: ordinal)) }
        }
        return HolidayCalendar(holidays: holidays, workdays: Set(workdays.compactMap(Day.init(iso:))))
    }
}
