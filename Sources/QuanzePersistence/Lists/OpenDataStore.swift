import Foundation
import QuanzeDomain
import SQLKit

/// Reads the published lists for open-data downloads in pages, so that a county of any size streams. Every read
/// takes the instant the download began (`knownAt`): the entries in force on the day as recorded then, which a
/// write made while the download runs cannot change, so the pages, the count and the decisions agree.
public struct OpenDataStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Where the last page ended: the key the pages are ordered by.
    public struct Cursor: Hashable, Sendable {
        public var township: String
        public var list: String
        public var itemCode: String
        public var id: String

        init(_ a: Assignment) {
            township = a.township.value
            list = a.list.rawValue
            itemCode = a.itemCode
            id = a.id
        }
    }

    /// The largest page a caller may ask for.
    public static let maximumPage = 5_000

    func scope(_ county: String, _ township: RegionCode?, _ day: Day, _ knownAt: Date) -> SQLQueryString {
        var clause: SQLQueryString = "county = \(bind: county) AND "
        if let township { clause = clause + "township = \(bind: township.value) AND " }
        return clause + ListStore.inForceClause(day, knownAt)
    }

    /// How many entries are in force on `day` (in one township, or the whole county).
    public func count(county: String, township: RegionCode?, on day: Day, knownAt: Date) async throws -> Int {
        let query: SQLQueryString =
            "SELECT COUNT(*) AS n FROM assignments WHERE " + scope(county, township, day, knownAt)
        return try await database.read { db in
            try await db.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The decisions those entries cite, as registered, ordered by date and 文号 (a 文号 not registered is absent).
    public func citedDecisions(county: String, township: RegionCode?, on day: Day, knownAt: Date) async throws
        -> [Decision]
    {
        let query: SQLQueryString =
            "SELECT DISTINCT decision FROM assignments WHERE " + scope(county, township, day, knownAt)
            + " AND decision IS NOT NULL"
        let numbers = try await database.read { db in
            try await db.raw(query).all().map { try $0.decode(column: "decision", as: String.self) }
        }
        let cited = Set(numbers)
        return try await DecisionStore(database).all(county: county).filter { cited.contains($0.number) }
            .sorted { ($0.date, $0.number) < ($1.date, $1.number) }
    }

    /// The next page of entries after `cursor`, ordered by township, list, item and id (at most `maximumPage`).
    public func page(
        county: String, township: RegionCode?, on day: Day, knownAt: Date, after cursor: Cursor?, limit: Int
    ) async throws -> (entries: [Assignment], next: Cursor?) {
        var query: SQLQueryString = "SELECT * FROM assignments WHERE " + scope(county, township, day, knownAt)
        if let cursor {
            query =
                query
                + " AND (township, list, item_code, id) > (\(bind: cursor.township), \(bind: cursor.list), \(bind: cursor.itemCode), \(bind: cursor.id))"
        }
        let size = max(1, min(limit, Self.maximumPage))
        query = query + " ORDER BY township, list, item_code, id LIMIT \(bind: size)"
        let entries = try await database.read { [query] db in try await ListStore.assignments(query, on: db) }
        return (entries, entries.count == size ? entries.last.map(Cursor.init) : nil)
    }
}
