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

    /// Imports every `*.md` of a directory (but its README.md), or one statute file. A version's day in force is
    /// the one its text states (`LawParser.inForce`) unless `inForce` gives it; `repealed` records versions repealed
    /// (废止). Both are keyed `名称(YYYY-MM-DD)` and must name a version being imported or already in the library.
    public func run(
        directory: URL, now: Date, inForce: [String: Day] = [:], repealed: [String: Day] = [:],
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Report {
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
        for i in laws.indices {
            if let day = inForce["\(laws[i].name)(\(laws[i].version.iso))"] { laws[i].inForce = day }
        }
        let verified = try await save(
            laws, now: now, source: directory.lastPathComponent, repealed: repealed,
            unknownInForce: Set(inForce.keys).subtracting(laws.map { "\($0.name)(\($0.version.iso))" }),
            progress: progress)
        return Report(articles: laws.reduce(0) { $0 + $1.articles.count }, verifiedCitations: verified)
    }

    /// Saves parsed laws in one transaction with one audit entry; returns how many item citations the saved
    /// versions now verify.
    @discardableResult
    public func save(
        _ laws: [LawVersion], now: Date, source: String, repealed: [String: Day] = [:],
        unknownInForce: Set<String> = [], progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Int {
        if let label = unknownInForce.sorted().first {
            throw ImportFailure(message: "--in-force 指定的\(label)不在本次导入的法规文件中")
        }
        return try await database.transaction { db in
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
            var known = Set<String>()
            for row in try await db.raw("SELECT name, version FROM law_versions").all() {
                let name = try row.decode(column: "name", as: String.self)
                let version = try row.decode(column: "version", as: String.self)
                known.insert("\(name)(\(version))")
            }
            for (label, day) in repealed.sorted(by: { $0.key < $1.key }) {
                guard known.contains(label), let ref = ArticleRef(parsing: label + "第1条") else {
                    throw ImportFailure(message: "--repealed 指定的\(label)不在法规库中，应写作“名称(YYYY-MM-DD)”")
                }
                try await LawStore.setRepealed(law: ref.law, version: ref.version, day: day, on: db)
            }
            try await AuditStore.append(
                AuditEvent(
                    county: "000000", actor: .system, at: now, action: "import.laws", subject: source,
                    detail:
                        "导入法规 \(laws.count) 部（版本），条文 \(laws.reduce(0) { $0 + $1.articles.count }) 条，核验事项引用 \(verified) 条"
                        + (repealed.isEmpty
                            ? ""
                            : "；废止 "
                                + repealed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.iso)" }.joined(
                                    separator: "、"))
                ),
                on: db)
            return verified
        }
    }
}
