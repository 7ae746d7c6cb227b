import Foundation
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

    /// Registers or updates `decisions` inside the caller's transaction; each one published for the first time here
    /// becomes an event of the change feed.
    public func save(_ decisions: [Decision], at now: Date = Date(), on db: any SQLDatabase) async throws {
        var wasPublished = Set<String>()
        for county in Set(decisions.map(\.county)) {
            let numbers = decisions.filter { $0.county == county }.map(\.number)
            for start in stride(from: 0, to: numbers.count, by: 500) {
                for row in try await db.select().column("number").from("decisions").where("county", .equal, county)
                    .where("published_on", .isNot, SQLLiteral.null)
                    .where("number", .in, Array(numbers[start..<min(start + 500, numbers.count)])).all()
                {
                    wasPublished.insert(county + "|" + (try row.decode(column: "number", as: String.self)))
                }
            }
        }
        let rows = decisions.map {
            DecisionRow(
                county: $0.county, number: $0.number, title: $0.title, issuer: $0.issuer, date: $0.date.iso,
                kind: $0.kind.rawValue, publishedOn: $0.publishedOn?.iso, publishedAt: $0.publishedAt)
        }
        try await db.insertRows(into: "decisions", rows, upsertKeys: ["county", "number"], columnsPerRow: 8)
        let events = decisions.filter { !wasPublished.contains($0.county + "|" + $0.number) }
            .sorted { ($0.publishedOn ?? $0.date, $0.number) < ($1.publishedOn ?? $1.date, $1.number) }
            .compactMap { ChangeEvent.published($0, at: now) }
        for county in Set(events.map(\.county)).sorted() {
            try await ChangeFeedStore.append(events.filter { $0.county == county }, on: db)
        }
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
