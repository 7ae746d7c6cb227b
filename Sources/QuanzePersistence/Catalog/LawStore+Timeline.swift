import Foundation
import QuanzeDomain
import SQLKit

struct ArticleMapRow: Codable, Sendable {
    var county: String
    var law: String
    var oldVersion: String
    var oldArticle: Int
    var newVersion: String
    var newArticle: Int?
    var recordedAt: Int64
}

/// Rule R5's data: when each law version is in force or was repealed, and the county's article maps (条文对照).
extension LawStore {
    /// Records the day a law version was repealed (废止).
    static func setRepealed(law: String, version: Day, day: Day, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE law_versions SET repealed_on = \(bind: day.iso) WHERE name = \(bind: law)
            AND version = \(bind: version.iso)
            """
        ).run()
    }

    /// Every law version with its days in force and repeal, and the county's article maps.
    public func timeline(county: String) async throws -> LawTimeline {
        try await database.read { db in try await Self.timeline(county: county, on: db) }
    }

    static func timeline(county: String, on db: any SQLDatabase) async throws -> LawTimeline {
        let versions = try await db.raw("SELECT name, version, in_force_on, repealed_on FROM law_versions").all()
            .compactMap { row -> LawVersionStatus? in
                guard let version = Day(iso: try row.decode(column: "version", as: String.self)) else { return nil }
                return LawVersionStatus(
                    name: try row.decode(column: "name", as: String.self), version: version,
                    inForce: try row.decode(column: "in_force_on", as: String?.self).flatMap { Day(iso: $0) },
                    repealed: try row.decode(column: "repealed_on", as: String?.self).flatMap { Day(iso: $0) })
            }
        return LawTimeline(versions: versions, mappings: try await mappings(county: county, on: db))
    }

    static func mappings(county: String, on db: any SQLDatabase) async throws -> [ArticleMapping] {
        try await db.rows(
            """
            SELECT * FROM law_article_maps WHERE county = \(bind: county)
            ORDER BY law, old_version, old_article, new_version
            """, as: ArticleMapRow.self
        ).compactMap { row in
            guard let old = Day(iso: row.oldVersion), let new = Day(iso: row.newVersion) else { return nil }
            return ArticleMapping(
                old: ArticleRef(law: row.law, version: old, article: row.oldArticle), newVersion: new,
                newArticle: row.newArticle)
        }
    }

    /// The county's article maps, by law, old version and article.
    public func mappings(county: String) async throws -> [ArticleMapping] {
        try await database.read { db in try await Self.mappings(county: county, on: db) }
    }

    /// Validates an article-map CSV against the law library and records its rows for the county (a row already
    /// recorded is replaced), with one audit entry, in one transaction; any error means nothing is written.
    public func importMappings(_ data: Data, county: String, actor: Actor, now: Date, source: String) async throws
        -> ImportReport
    {
        let rows = try CatalogImporter.table(data, required: ArticleMapImport.required)
        return try await database.transaction { db in
            let result = ArticleMapImport.validate(rows: rows, knownArticles: try await Self.knownArticles(on: db))
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            guard !result.mappings.isEmpty else { throw ImportFailure(message: "条文对照文件中没有数据行") }
            try await db.insertRows(
                into: "law_article_maps",
                result.mappings.map {
                    ArticleMapRow(
                        county: county, law: $0.old.law, oldVersion: $0.old.version.iso, oldArticle: $0.old.article,
                        newVersion: $0.newVersion.iso, newArticle: $0.newArticle, recordedAt: now.micros)
                }, upsertKeys: ["county", "law", "old_version", "old_article", "new_version"], columnsPerRow: 7)
            let listed = result.mappings.prefix(3).map { "\($0.old)→\($0.new?.description ?? "删去")" }
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "import.article-map", subject: source,
                    detail: "导入条文对照 \(result.mappings.count) 条：" + listed.joined(separator: "，")
                        + (result.mappings.count > 3 ? "等" : "")),
                on: db)
            return ImportReport(written: result.mappings.count, warnings: [])
        }
    }
}

/// A cited article whose version no longer applies on a day (rule R5), with the county's items citing it.
public struct ChangedCitation: Hashable, Sendable {
    public var change: BasisChange
    public var itemCodes: [String]
}

extension LawStore {
    /// The county's citations whose version a newer one in force replaced, or that was repealed, on `day`: by law,
    /// version and article. An item leaves the list when a decision amends its legal basis.
    public func changedCitations(county: String, on day: Day) async throws -> [ChangedCitation] {
        try await database.read { db in
            let timeline = try await Self.timeline(county: county, on: db)
            let rows = try await db.raw(
                """
                SELECT law, version, article, item_code FROM item_legal_bases WHERE county = \(bind: county)
                ORDER BY law, version, article, item_code
                """
            ).all()
            var out: [ChangedCitation] = []
            for row in rows {
                guard let version = Day(iso: try row.decode(column: "version", as: String.self)) else { continue }
                let ref = ArticleRef(
                    law: try row.decode(column: "law", as: String.self), version: version,
                    article: try row.decode(column: "article", as: Int.self))
                let item = try row.decode(column: "item_code", as: String.self)
                if out.last?.change.cited == ref {
                    out[out.count - 1].itemCodes.append(item)
                } else if let change = timeline.change(of: ref, on: day) {
                    out.append(ChangedCitation(change: change, itemCodes: [item]))
                }
            }
            return out
        }
    }
}
