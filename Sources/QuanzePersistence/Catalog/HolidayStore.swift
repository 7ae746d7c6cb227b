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
