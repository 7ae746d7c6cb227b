import Foundation
import QuanzeDomain
import SQLKit

struct LegalGroundRow: Codable, Sendable {
    var county: String
    var mode: String
    var category: String
    var permitted: Int
    var refs: String
    var wording: String
    var administrativeBodyOnly: Int
    var updatedAt: String

    static let table = "legal_grounds"
    static let columns = 8

    init(county: String, ground: LegalGround, at now: Date) {
        self.county = county
        mode = ground.mode.rawValue
        category = ground.category.rawValue
        permitted = ground.permitted ? 1 : 0
        refs = ground.references.map(\.description).joined(separator: ";")
        wording = ground.wording
        administrativeBodyOnly = ground.administrativeBodyOnly ? 1 : 0
        updatedAt = ISO8601DateFormatter().string(from: now)
    }

    var ground: LegalGround? {
        guard let mode = DelegationMode(rawValue: mode), let category = ItemCategory(rawValue: category) else {
            return nil
        }
        return LegalGround(
            mode: mode, category: category, permitted: permitted != 0,
            references: refs.split(separator: ";").compactMap { ArticleRef(parsing: String($0)) }, wording: wording,
            administrativeBodyOnly: administrativeBodyOnly != 0)
    }
}

/// A county's legal grounds of delegation (seeded from the product's data file, edited by 编办): every write with its
/// audit entry in the same transaction.
public struct LegalGroundStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func table(county: String) async throws -> LegalGroundTable {
        try await database.read { db in try await Self.table(county: county, on: db) }
    }

    static func table(county: String, on db: any SQLDatabase) async throws -> LegalGroundTable {
        let rows = try await db.rows(
            "SELECT * FROM legal_grounds WHERE county = \(bind: county) ORDER BY mode, category",
            as: LegalGroundRow.self)
        return LegalGroundTable(rows: rows.compactMap(\.ground))
    }

    /// Adds the rows of `grounds` the county does not have yet (a row 编办 edited is kept); one audit entry when it
    /// adds any. Returns how many it added.
    @discardableResult
    public func seed(county: String, grounds: [LegalGround], actor: Actor, at now: Date) async throws -> Int {
        try await database.transaction { db in
            let existing = try await Self.table(county: county, on: db)
            let missing = grounds.filter { existing.ground($0.mode, $0.category) == nil }
            guard !missing.isEmpty else { return 0 }
            try await db.insertRows(
                into: LegalGroundRow.table, missing.map { LegalGroundRow(county: county, ground: $0, at: now) },
                columnsPerRow: LegalGroundRow.columns)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "legal-ground.seed", subject: county,
                    detail: "按法规数据建立下放法律依据表 \(missing.count) 行",
                    after: missing.map(Self.auditText).joined(separator: "\n")), on: db)
            return missing.count
        }
    }

    /// 编办 changes one row: checked against the rules of the table and the law library (every article must be
    /// there), written with its audit entry (before and after).
    @discardableResult
    public func update(_ ground: LegalGround, county: String, actor: Actor, at now: Date) async throws -> LegalGround {
        try await database.transaction { db in
            let known = try await LawStore.knownArticles(on: db)
            do throws(LegalGroundFailure) { try LegalGroundTable.validate(ground, known: known) } catch {
                throw LegalGroundServiceFailure.rule(error)
            }
            let before = try await Self.table(county: county, on: db).ground(ground.mode, ground.category)
            guard before != ground else { return ground }
            try await db.raw(
                "DELETE FROM legal_grounds WHERE county = \(bind: county) AND mode = \(bind: ground.mode.rawValue) AND category = \(bind: ground.category.rawValue)"
            ).run()
            try await db.insertRows(
                into: LegalGroundRow.table, [LegalGroundRow(county: county, ground: ground, at: now)],
                columnsPerRow: LegalGroundRow.columns)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "legal-ground.update",
                    subject: "\(ground.mode.label)·\(ground.category.label)",
                    detail: "\(ground.permitted ? "允许" : "禁止")：\(ground.printed(catalogue: nil))",
                    before: before.map(Self.auditText), after: Self.auditText(ground)), on: db)
            return ground
        }
    }

    static func auditText(_ g: LegalGround) -> String {
        [
            g.mode.rawValue, g.category.rawValue, g.permitted ? "permitted" : "forbidden",
            g.references.map(\.description).joined(separator: ";"), g.wording, g.administrativeBodyOnly ? "admin" : "",
        ].joined(separator: "|")
    }
}

/// A refused edit of the legal-ground table.
public enum LegalGroundServiceFailure: Error, Equatable, Sendable {
    case rule(LegalGroundFailure)

    public var message: String {
        switch self {
        case .rule(let failure): failure.message
        }
    }
}
