import Foundation
import QuanzeDomain
import SQLKit

/// Loads statute Markdown files, one file per version of a law, article by article. Items may cite a law before it
/// is imported (未核验); verification is a lookup of the cited article, so importing the law verifies every
/// citation of an article it contains, and the report counts them.
public struct LawImporter: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// What an import wrote: articles, and the citations of items it verified (in every county).
    public struct Report: Sendable, Equatable {
        public var articles: Int
        public var verifiedCitations: Int
    }

    /// Imports every `*.md` of a directory (but its README.md), or one statute file.
    public func run(directory: URL, now: Date, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws
        -> Report
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
            throw ImportFailure(message: "找不到法规文件或目录：\(directory.path)")
        }
        let folder = isDirectory.boolValue ? directory : directory.deletingLastPathComponent()
        let names =
            isDirectory.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
                $0.hasSuffix(".md") && $0 != "README.md"
            }.sorted() : [directory.lastPathComponent]
        guard !names.isEmpty else { throw ImportFailure(message: "目录中没有法规文件（*.md）：\(directory.path)") }
        var laws: [LawVersion] = []
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            do {
                laws.append(try LawParser.parse(fileName: name, text: try CSVReader.decode(data)))
            } catch let failure as LawParser.Failure {
                throw ImportFailure(message: failure.message)
            } catch let failure as CSVReader.Failure {
                throw ImportFailure(message: "\(name)：\(failure.message)")
            }
        }
        let verified = try await save(laws, now: now, source: directory.lastPathComponent, progress: progress)
        return Report(articles: laws.reduce(0) { $0 + $1.articles.count }, verifiedCitations: verified)
    }

    /// Saves parsed laws in one transaction with one audit entry; returns how many item citations the saved
    /// versions now verify.
    @discardableResult
    public func save(
        _ laws: [LawVersion], now: Date, source: String, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Int {
        try await database.transaction { db in
            let store = LawStore(database)
            var verified = 0
            for (index, law) in laws.enumerated() {
                try await store.save(law, on: db)
                verified +=
                    try await db.raw(
                        """
                        SELECT COUNT(*) AS n FROM item_legal_bases b JOIN law_articles a
                        ON a.law = b.law AND a.version = b.version AND a.number = b.article
                        WHERE b.law = \(bind: law.name) AND b.version = \(bind: law.version.iso)
                        """
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                progress(index + 1, laws.count)
            }
            try await AuditStore.append(
                AuditEvent(
                    county: "000000", actor: .system, at: now, action: "import.laws", subject: source,
                    detail:
                        "导入法规 \(laws.count) 部（版本），条文 \(laws.reduce(0) { $0 + $1.articles.count }) 条，核验事项引用 \(verified) 条"
                ),
                on: db)
            return verified
        }
    }
}
