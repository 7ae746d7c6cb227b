import QuanzeDomain
import SQLKit

struct LawVersionRow: Codable, Sendable {
    var name: String
    var version: String
    var title: String
    var inForceOn: String?
}

struct ArticleRow: Codable, Sendable {
    var law: String
    var version: String
    var number: Int
    var chapter: String
    var text: String
}

/// Laws by version and their articles: the targets of items' legal bases.
public struct LawStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Replaces one version of a law with its articles (idempotent).
    public func save(_ law: LawVersion, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM law_articles WHERE law = \(bind: law.name) AND version = \(bind: law.version.iso)"
        ).run()
        try await db.insertRows(
            into: "law_versions",
            [LawVersionRow(name: law.name, version: law.version.iso, title: law.title, inForceOn: law.inForce?.iso)],
            upsertKeys: ["name", "version"], columnsPerRow: 4)
        var seen = Set<Int>()
        let rows = law.articles.compactMap { a -> ArticleRow? in
            // A repeated number (a quoted article inside another) keeps its first occurrence.
            guard seen.insert(a.number).inserted else { return nil }
            return ArticleRow(
                law: law.name, version: law.version.iso, number: a.number, chapter: a.chapter, text: a.text)
        }
        try await db.insertRows(into: "law_articles", rows, columnsPerRow: 5)
    }

    /// Every article reference the library can resolve.
    public func knownArticles() async throws -> Set<ArticleRef> {
        try await database.read { db in try await Self.knownArticles(on: db) }
    }

    static func knownArticles(on db: any SQLDatabase) async throws -> Set<ArticleRef> {
        let rows = try await db.raw("SELECT law, version, number FROM law_articles").all()
        var refs = Set<ArticleRef>()
        for row in rows {
            guard let day = Day(iso: try row.decode(column: "version", as: String.self)) else { continue }
            refs.insert(
                ArticleRef(
                    law: try row.decode(column: "law", as: String.self), version: day,
                    article: try row.decode(column: "number", as: Int.self)))
        }
        return refs
    }

    public func versions() async throws -> [(name: String, title: String, version: Day, articles: Int)] {
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT v.name, v.title, v.version, COUNT(a.number) AS n FROM law_versions v
                LEFT JOIN law_articles a ON a.law = v.name AND a.version = v.version
                GROUP BY v.name, v.title, v.version ORDER BY v.name, v.version
                """
            ).all()
        }
        return try rows.compactMap { row in
            guard let day = Day(iso: try row.decode(column: "version", as: String.self)) else { return nil }
            return (
                try row.decode(column: "name", as: String.self), try row.decode(column: "title", as: String.self), day,
                try row.decode(column: "n", as: Int.self)
            )
        }
    }

    /// The text of the cited articles, keyed by reference.
    public func articles(_ refs: [ArticleRef]) async throws -> [ArticleRef: Article] {
        guard !refs.isEmpty else { return [:] }
        return try await database.read { db in
            var out: [ArticleRef: Article] = [:]
            for ref in refs {
                if let row = try await db.rows(
                    """
                    SELECT * FROM law_articles WHERE law = \(bind: ref.law) AND version = \(bind: ref.version.iso)
                    AND number = \(bind: ref.article)
                    """, as: ArticleRow.self
                ).first {
                    out[ref] = Article(number: row.number, chapter: row.chapter, text: row.text)
                }
            }
            return out
        }
    }
}

/// A cited article the law library does not hold (未核验), with the county's items citing it.
public struct UnverifiedCitation: Hashable, Sendable {
    public var reference: ArticleRef
    public var itemCodes: [String]
}

extension LawStore {
    /// Citations of a county's items whose article is not in the library, by law version then article. Verification
    /// is this lookup: importing the law (version) later verifies every citation of an article it contains.
    public func unverifiedCitations(county: String) async throws -> [UnverifiedCitation] {
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT b.law, b.version, b.article, b.item_code FROM item_legal_bases b
                LEFT JOIN law_articles a ON a.law = b.law AND a.version = b.version AND a.number = b.article
                WHERE b.county = \(bind: county) AND a.number IS NULL
                ORDER BY b.law, b.version, b.article, b.item_code
                """
            ).all()
        }
        var out: [UnverifiedCitation] = []
        for row in rows {
            guard let day = Day(iso: try row.decode(column: "version", as: String.self)) else { continue }
            let ref = ArticleRef(
                law: try row.decode(column: "law", as: String.self), version: day,
                article: try row.decode(column: "article", as: Int.self))
            let item = try row.decode(column: "item_code", as: String.self)
            if out.last?.reference == ref {
                out[out.count - 1].itemCodes.append(item)
            } else {
                out.append(UnverifiedCitation(reference: ref, itemCodes: [item]))
            }
        }
        return out
    }
}
