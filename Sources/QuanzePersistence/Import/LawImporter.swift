import Foundation
import QuanzeDomain
import SQLKit

/// Loads statute Markdown files, one file per version of a law, article by article.
public struct LawImporter: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func run(directory: URL, now: Date, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws
        -> ImportReport
    {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".md") && $0 != "README.md"
        }.sorted()
        guard !names.isEmpty else { throw ImportFailure(message: "目录中没有法规文件（*.md）：\(directory.path)") }
        var laws: [LawVersion] = []
        for name in names {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            do {
                laws.append(try LawParser.parse(fileName: name, text: try CSVReader.decode(data)))
            } catch let failure as LawParser.Failure {
                throw ImportFailure(message: failure.message)
            } catch let failure as CSVReader.Failure {
                throw ImportFailure(message: "\(name)：\(failure.message)")
            }
        }
        try await save(laws, now: now, source: directory.lastPathComponent, progress: progress)
        return ImportReport(written: laws.reduce(0) { $0 + $1.articles.count }, warnings: [])
    }

    /// Saves parsed laws in one transaction with one audit entry.
    public func save(
        _ laws: [LawVersion], now: Date, source: String, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws {
        try await database.transaction { db in
            let store = LawStore(database)
            for (index, law) in laws.enumerated() {
                try await store.save(law, on: db)
                progress(index + 1, laws.count)
            }
            try await AuditStore.append(
                AuditEvent(
                    county: "000000", actor: .system, at: now, action: "import.laws", subject: source,
                    detail: "导入法规 \(laws.count) 部（版本），条文 \(laws.reduce(0) { $0 + $1.articles.count }) 条"),
                on: db)
        }
    }
}
