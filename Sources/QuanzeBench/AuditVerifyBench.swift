import Crypto
import Foundation
import Logging
import QuanzePersistence
import SQLKit

/// How long verifying an audit chain of N entries against a checkpoint takes, next to two baselines measured in the
/// same run on the same rows: a plain paged scan reading each row's hash through SQLKit (the floor set by the
/// database and driver), and raw SHA-256 of the exact bytes verification hashes (the floor set by hashing).
enum AuditVerifyBench {
    static let county = "510304"
    static let page = 20_000

    static func run(_ options: BenchOptions, into figures: inout Figures) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quanze-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.sqlite").path
        print("== Audit chain verification, SQLite (\(path))")
        let sqlite = try await SQLiteDatabaseHandle.open(path: path, logger: Logger.bench)
        do {
            try await Migrator.migrate(sqlite)
            figures.append(try await measure(sqlite, entries: options.entries, prefix: "audit"))
            try await sqlite.shutdown()
        } catch {
            try? await sqlite.shutdown()
            throw error
        }
        if let url = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] {
            print("== Audit chain verification, PostgreSQL (TEST_POSTGRES_URL)")
            figures.append(
                try await ScratchPostgres.with(url: url) { database in
                    try await measure(database, entries: options.entries, prefix: "audit_pg")
                })
        } else {
            print("(PostgreSQL skipped: TEST_POSTGRES_URL is not set)")
        }
    }

    static func measure(_ database: any Database, entries: Int, prefix: String) async throws -> Figures {
        let store = AuditStore(database)
        print("loading \(entries) synthetic entries into county \(county)…")
        let load = try await seconds {
            try await AuditStore.loadSyntheticChain(county: county, count: entries, on: database)
        }
        print("loaded \(entries) entries in \(format(load)) s (multi-row INSERTs, 50,000 per transaction)")
        if database.dialect == .postgres {
            // Steady state, as an old audit table is: without this the first scans also set hint bits on every
            // fresh row and race autovacuum, and timings swing by a factor of five.
            try await database.read { db in try await db.raw("VACUUM (ANALYZE) audit_entries").run() }
        }
        let checkpoint = try await store.checkpoint()

        var reports: [ChainReport] = []
        let verify = try await seconds { reports = try await store.verify(against: [checkpoint]) }
        guard reports.count == 1, reports[0].problem == nil, reports[0].entries == Int64(entries) else {
            throw BenchUsageError("verification did not report an intact chain of \(entries): \(reports)")
        }
        print("verify(against: [checkpoint]): \(format(verify)) s, \(Int(Double(entries) / verify)) entries/s")

        var scanned = 0
        let scan = try await seconds { scanned = try await Self.scan(database, columns: ["seq", "hash"]) }
        guard scanned == entries else { throw BenchUsageError("the scan read \(scanned) rows, not \(entries)") }
        print("baseline scan (SELECT seq, hash, paged by \(page)): \(format(scan)) s")
        let rows = try await seconds { scanned = try await Self.scan(database, columns: allColumns) }
        print("baseline full-row scan (all 14 columns decoded, no hashing): \(format(rows)) s")

        let (hashing, bytes) = hashPreimages(entries)
        print("baseline SHA-256 of the same \(bytes / 1_000_000) MB in \(entries) messages: \(format(hashing)) s")
        print(
            "verify / scan = \(format(verify / scan, digits: 2)), verify / (scan + SHA-256) = "
                + format(verify / (scan + hashing), digits: 2))

        var figures = Figures()
        figures.add("\(prefix)_entries", entries)
        figures.add("\(prefix)_load_s", load)
        figures.add("\(prefix)_verify_s", verify)
        figures.add("\(prefix)_verify_entries_per_s", Int(Double(entries) / verify))
        figures.add("\(prefix)_scan_baseline_s", scan)
        figures.add("\(prefix)_scan_rows_baseline_s", rows)
        figures.add("\(prefix)_sha256_baseline_s", hashing)
        figures.add("\(prefix)_verify_ratio_vs_scan", verify / scan, digits: 2)
        return figures
    }

    /// Every column of `audit_entries`, for the full-row scan.
    static let allColumns = [
        "county", "seq", "at", "actor", "role", "organization", "action", "subject", "detail", "outcome",
        "before_digest", "after_digest", "prev_hash", "hash",
    ]

    /// Reads `columns` of every entry in the pages verification uses, decoding each value through SQLKit as
    /// verification does (integers for `seq` and `at`, text otherwise); returns how many rows it read.
    static func scan(_ database: any Database, columns: [String]) async throws -> Int {
        var count = 0
        var from: Int64 = .min
        while true {
            let seqs = try await database.read { [from] db in
                try await db.raw(
                    """
                    SELECT \(unsafeRaw: columns.joined(separator: ", ")) FROM audit_entries
                    WHERE county = \(bind: county) AND seq >= \(bind: from) ORDER BY seq LIMIT \(literal: page)
                    """
                ).all().map { row in
                    for column in columns where column != "seq" && column != "at" {
                        if try column != "organization" || !row.decodeNil(column: column) {
                            _ = try row.decode(column: column, as: String.self)
                        }
                    }
                    if columns.contains("at") { _ = try row.decode(column: "at", as: Int64.self) }
                    return try row.decode(column: "seq", as: Int64.self)
                }
            }
            count += seqs.count
            guard seqs.count == page, let last = seqs.last else { return count }
            from = last + 1
        }
    }

    /// Hashes the preimages of a synthetic chain of `entries`, timing only the hashing; returns seconds and bytes.
    static func hashPreimages(_ entries: Int) -> (Double, Int) {
        var chain = SyntheticAuditChain(county: county)
        var elapsed: Duration = .zero
        var bytes = 0
        var sink: UInt8 = 0
        while chain.next <= Int64(entries) {
            let preimages = chain.nextPreimages(min(50_000, entries - Int(chain.next) + 1))
            let start = ContinuousClock.now
            for preimage in preimages {
                sink ^= SHA256.hash(data: preimage).first { _ in true } ?? 0
                bytes += preimage.count
            }
            elapsed += ContinuousClock.now - start
        }
        if sink == 0xFF { print("", terminator: "") }  // keeps the hashing from being optimised away
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, bytes)
    }

    static func format(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
}

extension Logger {
    /// Errors only: the figures are the output.
    static var bench: Logger {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return logger
    }
}
