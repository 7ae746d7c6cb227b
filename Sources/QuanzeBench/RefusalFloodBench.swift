import Foundation
import Logging
import QuanzeDomain
import QuanzePersistence
import SQLKit

/// How much a flood of refused anonymous requests adds to the audit log, written one entry per request (the old
/// path, `AuditStore.record` per refusal) and through `RefusalTally` as the server does now (the first refusal of
/// each client's window at once, then one summary per window, the rest at shutdown). Entries and bytes, not
/// time: the same N refusals of one client, 200 a second on a simulated clock, each into a fresh SQLite file.
enum RefusalFloodBench {
    static let county = "510304"
    static let rate = 200.0

    static func run(_ options: BenchOptions, into figures: inout Figures) async throws {
        let n = options.refusals
        print("== Refused anonymous requests: \(n) from one client, \(Int(rate))/s for \(Int(Double(n) / rate)) s")
        let before = try await measure(n, tallied: false)
        print("one entry per refusal: \(before.entries) entries, \(before.bytes) bytes, database +\(before.file) bytes")
        let after = try await measure(n, tallied: true)
        print("counted per 60 s window: \(after.entries) entries, \(after.bytes) bytes, database +\(after.file) bytes")
        figures.add("refusals", n)
        figures.add("refusals_entries_before", before.entries)
        figures.add("refusals_bytes_before", before.bytes)
        figures.add("refusals_db_bytes_before", before.file)
        figures.add("refusals_entries_after", after.entries)
        figures.add("refusals_bytes_after", after.bytes)
        figures.add("refusals_db_bytes_after", after.file)
    }

    /// The refusal the CSRF check writes for an anonymous POST /login without an Origin.
    static func refusal(_ i: Int) -> AuditEvent {
        AuditEvent(
            county: county, actor: Actor(name: "anonymous:203.0.113.9", role: "anonymous"),
            at: Date(timeIntervalSince1970: 1_760_000_000 + Double(i) / rate), action: "access.refused",
            subject: "POST /login", detail: "请求来源校验失败（Origin）", outcome: .refused)
    }

    /// Writes `n` refusals into a fresh database; returns the entries, their bytes (UTF-8 text of every column, 8 per integer) and how
    /// much the database file grew. The counts of the entries must add up to `n`.
    static func measure(_ n: Int, tallied: Bool) async throws -> (entries: Int, bytes: Int, file: Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quanze-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await SQLiteDatabaseHandle.open(
            path: folder.appendingPathComponent("refusals.sqlite").path, logger: Logger.bench)
        do {
            try await Migrator.migrate(database)
            let empty = try await size(database)
            let store = AuditStore(database)
            var tally = RefusalTally(window: 60)
            for i in 0..<n {
                let event = refusal(i)
                for entry in tallied ? tally.record(event, client: "203.0.113.9") : [event] {
                    try await store.record(entry)
                }
            }
            for entry in tally.drain() { try await store.record(entry) }
            let entries = try await store.search(AuditFilter(county: county, limit: n)).entries
            guard entries.map({ RefusalTally.count(of: $0.detail) }).reduce(0, +) == n else {
                throw BenchUsageError("the entries' counts do not add up to \(n)")
            }
            let bytes = try await database.read { db in
                try await db.raw(
                    """
                    SELECT SUM(16 + LENGTH(CAST(county || actor || role || COALESCE(organization, '') || action
                      || subject || detail || outcome || before_digest || after_digest || prev_hash || hash AS BLOB)))
                      AS n
                    FROM audit_entries
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let grown = try await size(database) - empty
            try await database.shutdown()
            return (entries.count, bytes, grown)
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// The database's size in bytes (pages × page size, the write-ahead log checkpointed first).
    static func size(_ database: any Database) async throws -> Int {
        try await database.read { db in
            try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            let pages = try await db.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self) ?? 0
            let size = try await db.raw("PRAGMA page_size").first()?.decode(column: "page_size", as: Int.self) ?? 0
            return pages * size
        }
    }
}
