import Foundation
import QuanzeDomain
import SQLKit

/// Loads the NBS division files (provinces, cities, areas, streets) into `regions`, idempotently.
public struct DivisionImporter: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// - Parameter progress: called with (done, total) after each batch.
    public func run(directory: URL, now: Date, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws
        -> ImportReport
    {
        var regions: [Region] = []
        var warnings: [ImportIssue] = []
        let files: [(String, [String])] = [
            ("provinces.csv", ["code", "name"]), ("cities.csv", ["code", "name", "provincecode"]),
            ("areas.csv", ["code", "name", "citycode"]), ("streets.csv", ["code", "name", "areacode"]),
        ]
        let levels: [String: RegionLevel] = [
            "provinces.csv": .province, "cities.csv": .city, "areas.csv": .county, "streets.csv": .township,
        ]
        for (file, required) in files {
            let url = directory.appendingPathComponent(file)
            guard let data = try? Data(contentsOf: url) else { throw ImportFailure(message: "找不到区划文件：\(url.path)") }
            let rows: [CSVRow]
            do throws(CSVReader.Failure) {
                rows = try CSVReader.table(try CSVReader.decode(data), required: required)
            } catch { throw ImportFailure(message: "\(file)：\(error.message)") }
            let parentColumn = required.count > 2 ? required[2] : nil
            for row in rows {
                guard let short = row["code"], let code = RegionCode.padding(short), let name = row["name"] else {
                    warnings.append(ImportIssue(line: row.line, message: "\(file) 中代码或名称无效，已跳过"))
                    continue
                }
                let parent = parentColumn.flatMap { row[$0] }.flatMap(RegionCode.padding)
                regions.append(Region(code: code, name: name, parent: parent, level: levels[file]))
            }
        }
        let total = regions.count
        let store = RegionStore(database)
        var done = 0
        for start in stride(from: 0, to: total, by: 5000) {
            let batch = Array(regions[start..<min(start + 5000, total)])
            try await database.transaction { db in
                try await store.upsert(batch, on: db)
                if start + batch.count >= total {
                    try await AuditStore.append(
                        AuditEvent(
                            county: "000000", actor: .system, at: now, action: "import.divisions",
                            subject: directory.lastPathComponent, detail: "导入区划 \(total) 条"), on: db)
                }
            }
            done += batch.count
            progress(done, total)
        }
        return ImportReport(written: total, warnings: warnings)
    }
}
