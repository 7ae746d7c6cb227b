import QuanzeDomain
import SQLKit

struct HolidayRow: Codable, Sendable {
    var day: String
    var kind: String
    var note: String
}

/// Public holidays and 调休 working days, as the State Council publishes them each year.
public struct HolidayStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func save(_ calendar: HolidayCalendar, on db: any SQLDatabase) async throws {
        let rows =
            calendar.holidays.map { HolidayRow(day: $0.iso, kind: "holiday", note: "") }
            + calendar.workdays.map { HolidayRow(day: $0.iso, kind: "workday", note: "调休上班") }
        try await db.insertRows(into: "holidays", rows, upsertKeys: ["day"], columnsPerRow: 3)
    }

    public func calendar() async throws -> HolidayCalendar {
        try await database.read { db in try await Self.calendar(on: db) }
    }
}

extension HolidayStore {
    /// The calendar inside an open read or transaction.
    static func calendar(on db: any SQLDatabase) async throws -> HolidayCalendar {
        let rows = try await db.rows("SELECT * FROM holidays", as: HolidayRow.self)
        var calendar = HolidayCalendar()
        for row in rows {
            guard let day = Day(iso: row.day) else { continue }
            if row.kind == "workday" { calendar.workdays.insert(day) } else { calendar.holidays.insert(day) }
        }
        return calendar
    }
}
