import Foundation
import QuanzeDomain
import SQLKit

struct ChangeEventRow: Codable, Sendable {
    var county: String
    var seq: Int64
    var at: Int64
    var kind: String
    var township: String?
    var itemCode: String?
    var department: String?
    var decision: String?
    var payload: String
}

/// Which events a reader wants: all of the county's, or one township's, item's or department's.
public struct ChangeFilter: Sendable, Hashable {
    public var township: String?
    public var item: String?
    public var department: String?

    public init(township: String? = nil, item: String? = nil, department: String? = nil) {
        self.township = township
        self.item = item
        self.department = department
    }

    public static let county = ChangeFilter()

    /// Whether `event` is one this filter selects (the same test the SQL makes, for the subscriptions' fan-out).
    public func matches(_ event: ChangeEvent) -> Bool {
        (township == nil || event.township == township) && (item == nil || event.itemCode == item)
            && (department == nil || event.department == department)
    }
}

/// The change feed's events: appended by the writers inside their transactions, read by the feeds, the API and the
/// subscriptions' dispatcher.
public struct ChangeFeedStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Numbers and appends `events` (all of one county) inside the caller's transaction. The county's feed lock is
    /// held until the transaction ends, so numbers are given in commit order: a reader past number n never later
    /// finds an event below it.
    static func append(_ events: [ChangeEvent], on db: any SQLDatabase) async throws {
        guard let county = events.first?.county else { return }
        try await db.lockForWrite("feed:" + county)
        let last =
            try await db.raw("SELECT MAX(seq) AS s FROM change_events WHERE county = \(bind: county)").first()?
            .decode(column: "s", as: Int64?.self) ?? 0
        var rows: [ChangeEventRow] = []
        for (offset, var event) in events.enumerated() {
            precondition(event.county == county, "one county per append")
            event.seq = last + Int64(offset) + 1
            rows.append(
                ChangeEventRow(
                    county: county, seq: event.seq, at: event.at.micros, kind: event.kind.rawValue,
                    township: event.township, itemCode: event.itemCode, department: event.department,
                    decision: event.decision, payload: try RecordJSON.text(event)))
        }
        try await db.insertRows(into: "change_events", rows, columnsPerRow: 9)
    }

    /// Up to `limit` events after number `after` in ascending order (the JSON feed and the dispatcher).
    public func events(county: String, after: Int64, filter: ChangeFilter = .county, limit: Int) async throws
        -> [ChangeEvent]
    {
        try await database.read { db in
            try await Self.events(county: county, after: after, filter: filter, limit: limit, on: db)
        }
    }

    static func events(
        county: String, after: Int64, filter: ChangeFilter, limit: Int, on db: any SQLDatabase
    ) async throws -> [ChangeEvent] {
        try await db.rows(
            "SELECT * FROM change_events WHERE county = \(bind: county) AND seq > \(bind: after)"
                + Self.where(filter) + " ORDER BY seq LIMIT \(bind: limit)", as: ChangeEventRow.self
        ).map(Self.event)
    }

    /// The newest `limit` events (below number `before`, when given), newest first (the Atom feeds and the page).
    public func latest(county: String, filter: ChangeFilter = .county, before: Int64? = nil, limit: Int) async throws
        -> [ChangeEvent]
    {
        try await database.read { db in
            let below: SQLQueryString = before.map { " AND seq < \(bind: $0)" } ?? ""
            return try await db.rows(
                "SELECT * FROM change_events WHERE county = \(bind: county)" + Self.where(filter) + below
                    + " ORDER BY seq DESC LIMIT \(bind: limit)", as: ChangeEventRow.self
            ).map(Self.event)
        }
    }

    /// The county's last event number (0 before the first).
    public func head(county: String) async throws -> Int64 {
        try await database.read { db in
            try await db.raw("SELECT MAX(seq) AS s FROM change_events WHERE county = \(bind: county)").first()?
                .decode(column: "s", as: Int64?.self) ?? 0
        }
    }

    private static func `where`(_ filter: ChangeFilter) -> SQLQueryString {
        var out: SQLQueryString = ""
        if let t = filter.township { out = out + " AND township = \(bind: t)" }
        if let i = filter.item { out = out + " AND item_code = \(bind: i)" }
        if let d = filter.department { out = out + " AND department = \(bind: d)" }
        return out
    }

    static func event(_ row: ChangeEventRow) throws -> ChangeEvent {
        try JSONDecoder().decode(ChangeEvent.self, from: Data(row.payload.utf8))
    }
}
