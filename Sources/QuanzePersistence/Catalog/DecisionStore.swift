import QuanzeDomain
import SQLKit

struct DecisionRow: Codable, Sendable {
    var county: String
    var number: String
    var title: String
    var issuer: String
    var date: String
    var kind: String
    var publishedOn: String?
    var publishedAt: String?
}

/// Decisions (文件) that changes to lists cite.
public struct DecisionStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func save(_ decisions: [Decision], on db: any SQLDatabase) async throws {
        let rows = decisions.map {
            DecisionRow(
                county: $0.county, number: $0.number, title: $0.title, issuer: $0.issuer, date: $0.date.iso,
                kind: $0.kind.rawValue, publishedOn: $0.publishedOn?.iso, publishedAt: $0.publishedAt)
        }
        try await db.insertRows(into: "decisions", rows, upsertKeys: ["county", "number"], columnsPerRow: 8)
    }

    public func all(county: String) async throws -> [Decision] {
        try await database.read { db in try await Self.all(county: county, on: db) }
    }

    static func all(county: String, on db: any SQLDatabase) async throws -> [Decision] {
        try await db.rows(
            "SELECT * FROM decisions WHERE county = \(bind: county) ORDER BY date DESC, number", as: DecisionRow.self
        ).compactMap(Self.decision)
    }

    public func find(county: String, number: String) async throws -> Decision? {
        try await database.read { db in try await Self.find(county: county, number: number, on: db) }
    }

    static func find(county: String, number: String, on db: any SQLDatabase) async throws -> Decision? {
        try await db.rows(
            "SELECT * FROM decisions WHERE county = \(bind: county) AND number = \(bind: number)", as: DecisionRow.self
        ).first.flatMap(Self.decision)
    }

    /// How many entries each decision put in force and ended, for the register.
    public func entryCounts(county: String) async throws -> [String: (added: Int, ended: Int)] {
        try await database.read { db in
            var out: [String: (added: Int, ended: Int)] = [:]
            for row in try await db.raw(
                """
                SELECT decision AS d, COUNT(*) AS n FROM assignments WHERE county = \(bind: county)
                AND superseded_at IS NULL AND decision IS NOT NULL GROUP BY decision
                """
            ).all() {
                out[try row.decode(column: "d", as: String.self), default: (0, 0)].added = try row.decode(
                    column: "n", as: Int.self)
            }
            for row in try await db.raw(
                """
                SELECT end_decision AS d, COUNT(*) AS n FROM assignments WHERE county = \(bind: county)
                AND superseded_at IS NULL AND end_decision IS NOT NULL GROUP BY end_decision
                """
            ).all() {
                out[try row.decode(column: "d", as: String.self), default: (0, 0)].ended = try row.decode(
                    column: "n", as: Int.self)
            }
            return out
        }
    }

    /// What a decision changed on the lists: the current versions that cite it as their decision or their end.
    public func changes(county: String, number: String) async throws -> [DecisionChange] {
        let versions = try await database.read { db in
            try await ListStore.assignments(
                """
                SELECT * FROM assignments WHERE county = \(bind: county) AND superseded_at IS NULL
                AND (decision = \(bind: number) OR end_decision = \(bind: number))
                """, on: db)
        }
        return DecisionChange.of(number, versions: versions)
    }

    static func decision(_ row: DecisionRow) -> Decision? {
        guard let date = Day(iso: row.date), let kind = Decision.Kind(rawValue: row.kind) else { return nil }
        return Decision(
            county: row.county, number: row.number, title: row.title, issuer: row.issuer, date: date, kind: kind,
            publishedOn: row.publishedOn.flatMap(Day.init(iso:)), publishedAt: row.publishedAt)
    }
}
