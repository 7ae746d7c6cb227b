import Foundation
import Logging
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// PostgreSQL's own tools, found as `scripts/test.sh` finds its cluster's: the folder `PG_BIN` names, the `PATH`,
/// PostgreSQL 15's Debian folder (what CI installs), then the newest other version's.
enum PostgresTools {
    static let names = ["pg_dump", "pg_restore", "createdb"]

    /// The first folder that holds every tool of `names`, or nil: `PG_BIN` (the test command exports the folder of
    /// the cluster it started), then `PATH`.
    static let folder: String? = {
        let env = ProcessInfo.processInfo.environment
        let candidates =
            [env["PG_BIN"]].compactMap { $0 } + (env["PATH"] ?? "").split(separator: ":").map(String.init)
        return candidates.first { folder in
            names.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
        }
    }()

    /// Whether the drill can run: a test cluster and the tools. Under `CI` it always runs (and fails when either
    /// is missing), so the drill is never skipped there.
    static var drillRuns: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["CI"] != nil || (env["TEST_POSTGRES_URL"] != nil && folder != nil)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs one tool to its end; throws with its standard error when it exits non-zero.
    static func run(_ tool: String, _ arguments: [String]) async throws {
        guard let folder else {
            throw Failure(description: "找不到 \(names.joined(separator: "、"))（PG_BIN 或 PATH）")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(folder)/\(tool)")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in done.resume() }
            do { try process.run() } catch { done.resume(throwing: error) }
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(tool) \(arguments.joined(separator: " ")): exit \(process.terminationStatus) \(message)"
            )
        }
    }
}

/// The batches a concurrent ingest has had acknowledged (their transactions committed).
actor AcknowledgedBatches {
    private(set) var ids: Set<String> = []
    func add(_ id: String) { ids.insert(id) }
}

@Suite("Backup and restore drill (PostgreSQL): pg_dump during a concurrent ingest, pg_restore into a new database")
struct PostgresBackupDrillTests {
    static let workers = 3
    static let batchSize = 4

    /// `workers` ingests of batches of `batchSize` new records each (ids `W<worker>-<batch>-<n>`), each batch
    /// acknowledged after its commit, until cancelled.
    static func ingest(_ database: any Database, into acknowledged: AcknowledgedBatches) -> Task<Void, any Error> {
        Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        let store = CaseStore(database)
                        var n = 0
                        while !Task.isCancelled {
                            n += 1
                            let batch = "W\(worker)-\(n)"
                            let records = (0..<batchSize).map {
                                (index: $0, record: CaseStoreTests.record("\(batch)-\($0)"))
                            }
                            _ = try await store.ingest(
                                records, county: Fixture.county, scope: nil, actor: CaseStoreTests.actor,
                                at: Fixture.now)
                            await acknowledged.add(batch)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test(
        "pg_dump while three ingests write, pg_restore into a new database: every batch acknowledged before the dump, whole batches only, audit verify passes",
        .enabled(if: PostgresTools.drillRuns, "needs TEST_POSTGRES_URL and pg_dump, pg_restore, createdb"))
    func dumpDuringIngest() async throws {
        // setup: a scratch database of the test cluster, by URL (the tools need one)
        let logger = Logger(label: "test")
        let url = try await Engine.createPostgresDatabase(prefix: "qz_drill")
        let database = try await PostgresDatabaseHandle.open(url: url, logger: logger)
        try await Migrator.migrate(database)
        try await Fixture.load(database)
        let acknowledged = AcknowledgedBatches()
        let ingest = Self.ingest(database, into: acknowledged)
        while await acknowledged.ids.count < 30 { try await Task.sleep(for: .milliseconds(5)) }
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("qz-drill-\(UUID().uuidString).dump")
            .path
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let restoreName =
            "qz_restore_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let restoreURL = Engine.postgresURL(url, database: restoreName)
        // act: the README's commands (备份与恢复), while the ingest goes on
        let checkpoint = try await AuditStore(database).checkpoint(at: Fixture.now)
        let before = await acknowledged.ids
        try await PostgresTools.run("pg_dump", ["--format=custom", "--file=\(dump)", url])
        let after = await acknowledged.ids
        while await acknowledged.ids.count < after.count + 10 { try await Task.sleep(for: .milliseconds(5)) }
        ingest.cancel()
        _ = try? await ingest.value
        let sourceCount = try await CaseStore(database).count(county: Fixture.county)
        try await database.shutdown()
        try await PostgresTools.run("createdb", ["--maintenance-db=\(url)", restoreName])
        try await PostgresTools.run("pg_restore", ["--exit-on-error", "--no-owner", "--dbname=\(restoreURL)", dump])
        let restored = try await PostgresDatabaseHandle.open(url: restoreURL, logger: logger)
        let stored = try await restored.read { db in
            try await db.raw("SELECT external_id FROM case_records").all().map {
                try $0.decode(column: "external_id", as: String.self)
            }
        }
        let (entries, volume) = try await restored.read { db in
            (
                try await db.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'cases.ingest'").first()?
                    .decode(column: "n", as: Int.self) ?? -1,
                try await db.raw("SELECT CAST(SUM(volume) AS BIGINT) AS n FROM indicator_cells").first()?
                    .decode(column: "n", as: Int.self) ?? -1
            )
        }
        let chains = try await AuditStore(restored).verify(against: [checkpoint])
        try await restored.shutdown()
        // check
        let batches = Dictionary(grouping: stored) { $0.split(separator: "-").dropLast().joined(separator: "-") }
        #expect(before.isSubset(of: Set(batches.keys)), "every batch acknowledged before the dump began is restored")
        #expect(
            Set(batches.keys).subtracting(after).count <= Self.workers,
            "nothing acknowledged after the dump ended (each worker may have one commit awaiting acknowledgement)")
        #expect(batches.values.allSatisfy { $0.count == Self.batchSize }, "whole batches only")
        #expect(stored.count == Self.batchSize * entries, "one audit entry per batch: the dump is one snapshot")
        #expect(volume == stored.count, "the indicator cells count exactly the restored records")
        #expect(stored.count < sourceCount, "the ingest went on after the dump")
        #expect(chains.map(\.problem) == [nil], "audit verify passes on the restored database, against the checkpoint")
        #expect(chains.map(\.entries) == [Int64(entries)])
    }
}
