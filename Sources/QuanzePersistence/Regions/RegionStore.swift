import QuanzeDomain
import SQLKit

/// A region row; townships carry their county and kind.
struct RegionRow: Codable, Sendable {
    var code: String
    var name: String
    var level: String
    var parent: String?
    var county: String?
    var kind: String?
}

/// Regions: the national division tree (provinces → cities → counties → township-level units).
public struct RegionStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Writes regions idempotently (insert or update by code), in one transaction per call.
    public func upsert(_ regions: [Region], on db: any SQLDatabase) async throws {
        let rows = regions.map { r in
            RegionRow(
                code: r.code.value, name: r.name, level: r.level.rawValue, parent: r.parent?.value,
                county: r.level == .township || r.level == .county ? r.code.county : nil,
                kind: r.level == .township ? TownshipKind.classify(code: r.code, name: r.name).rawValue : nil)
        }
        try await db.insertRows(into: "regions", rows, upsertKeys: ["code", "level"], columnsPerRow: 6)
    }

    public func count(level: RegionLevel) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM regions WHERE level = \(bind: level.rawValue)").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The region with this code at the level its code implies.
    public func region(_ code: RegionCode) async throws -> Region? {
        try await database.read { db in
            try await db.rows(
                "SELECT * FROM regions WHERE code = \(bind: code.value) AND level = \(bind: code.level.rawValue)",
                as: RegionRow.self
            ).first.flatMap(Self.region)
        }
    }

    /// Township-level units of a county with their kind, ordered by code.
    public func townships(county: String) async throws -> [(Region, TownshipKind)] {
        let rows = try await database.read { db in
            try await db.rows(
                "SELECT * FROM regions WHERE county = \(bind: county) AND level = 'township' ORDER BY code",
                as: RegionRow.self)
        }
        return rows.compactMap { row in
            guard let region = Self.region(row), let kind = row.kind.flatMap(TownshipKind.init(rawValue:)) else {
                return nil
            }
            return (region, kind)
        }
    }

    static func region(_ row: RegionRow) -> Region? {
        guard let code = RegionCode(row.code) else { return nil }
        return Region(
            code: code, name: row.name, parent: row.parent.flatMap(RegionCode.init),
            level: RegionLevel(rawValue: row.level))
    }
}
