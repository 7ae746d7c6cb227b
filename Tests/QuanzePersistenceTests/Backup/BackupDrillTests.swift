import Foundation
import Logging
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// The ids a concurrent ingest has had acknowledged (its transaction committed), in order.
private actor Acknowledged {
    private(set) var ids: [String] = []
    func add(_ id: String) { ids.append(id) }
}

/// A scratch SQLite file, migrated, with the fixture county: the drills need a path on disk, not just a database.
private func scratchFile() async throws -> (path: String, database: SQLiteDatabaseHandle) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("qz-backup-\(UUID().uuidString).sqlite")
        .path
    let database = try await SQLiteDatabaseHandle.open(path: path, logger: Logger(label: "test"))
    try await Migrator.migrate(database)
    try await Fixture.load(database)
    return (path, database)
}

private func scratchPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("qz-\(name)-\(UUID().uuidString).sqlite").path
}

private func count(_ database: any Database, _ sql: String) async throws -> Int {
    try await database.read { db in
        try await db.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? -1
    }
}

/// Ingests one new record per batch, acknowledging each after its commit, until cancelled.
private func ingestUntilCancelled(_ database: any Database, into acknowledged: Acknowledged) -> Task<Void, any Error> {
    Task {
        let store = CaseStore(database)
        var n = 0
        while !Task.isCancelled {
            n += 1
            let id = "R\(n)"
            _ = try await store.ingest(
                [(0, CaseStoreTests.record(id))], county: Fixture.county, scope: nil, actor: CaseStoreTests.actor,
                at: Fixture.now)
            await acknowledged.add(id)
        }
    }
}

@Suite("Backup and restore drill (SQLite): a backup during ingest holds every acknowledged record")
struct BackupDrillTests {
    let logger = Logger(label: "test")

    @Test("backup while an ingest writes: the copy checks, holds every record acknowledged before it, audit intact")
    func backupDuringIngest() async throws {
        // setup
        let (path, database) = try await scratchFile()
        let acknowledged = Acknowledged()
        let ingest = ingestUntilCancelled(database, into: acknowledged)
        while await acknowledged.ids.count < 30 { try await Task.sleep(for: .milliseconds(5)) }
        let target = scratchPath("copy")
        // act
        let before = await acknowledged.ids
        try await SQLiteBackup.backup(databasePath: path, to: target, logger: logger)
        let after = await acknowledged.ids
        while await acknowledged.ids.count < after.count + 10 { try await Task.sleep(for: .milliseconds(5)) }
        ingest.cancel()
        _ = try? await ingest.value
        try await database.shutdown()
        let report = try await SQLiteBackup.inspect(target, logger: logger)
        let copy = try await SQLiteDatabaseHandle.open(path: target, logger: logger, tuned: false)
        let stored = try await copy.read { db in
            try await db.raw("SELECT external_id FROM case_records").all().map {
                try $0.decode(column: "external_id", as: String.self)
            }
        }
        let ingestEntries = try await count(
            copy, "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'cases.ingest'")
        try await copy.shutdown()
        // check
        #expect(Set(before).isSubset(of: Set(stored)), "every record acknowledged before the backup began")
        #expect(
            stored.count <= after.count + 1,
            "nothing committed after the backup ended (one commit may await its acknowledgement: the ingest is sequential)"
        )
        #expect(report.caseRecords == stored.count)
        #expect(ingestEntries == stored.count, "one audit entry per batch of one record: the copy is one snapshot")
        #expect(report.auditEntries == [Fixture.county: Int64(ingestEntries)])
    }

    @Test("an existing backup file is never overwritten")
    func refusesExistingFile() async throws {
        // setup
        let (path, database) = try await scratchFile()
        try await database.shutdown()
        let target = scratchPath("exists")
        try #require(FileManager.default.createFile(atPath: target, contents: Data("keep".utf8)))
        // act
        var refusal: (any Error)?
        do { try await SQLiteBackup.backup(databasePath: path, to: target, logger: logger) } catch { refusal = error }
        // check
        #expect(refusal is SQLiteBackup.Refusal)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    }

    @Test("restore round trip: later writes are gone, the backup's are back, the audit chain verifies")
    func restoreRoundTrip() async throws {
        // setup
        let (path, database) = try await scratchFile()
        let store = CaseStore(database)
        for id in ["A", "B", "C"] {
            _ = try await store.ingest(
                [(0, CaseStoreTests.record(id))], county: Fixture.county, scope: nil, actor: CaseStoreTests.actor,
                at: Fixture.now)
        }
        let target = scratchPath("round")
        try await SQLiteBackup.backup(databasePath: path, to: target, logger: logger)
        _ = try await store.ingest(
            [(0, CaseStoreTests.record("D"))], county: Fixture.county, scope: nil, actor: CaseStoreTests.actor,
            at: Fixture.now)
        try await database.shutdown()
        // act
        let report = try await SQLiteBackup.restore(from: target, to: path, logger: logger)
        let restored = try await SQLiteDatabaseHandle.open(path: path, logger: logger)
        let cases = try await CaseStore(restored).count(county: Fixture.county)
        let chains = try await AuditStore(restored).verify()
        try await restored.shutdown()
        // check
        #expect(report.caseRecords == 3)
        #expect(cases == 3)
        #expect(chains.map(\.problem) == [nil] && chains.map(\.entries) == [3])
    }

    @Test("restore is refused while the target's WAL file holds writes (a server is running)")
    func restoreRefusedWhileRunning() async throws {
        // setup
        let (path, database) = try await scratchFile()
        let target = scratchPath("running")
        try await SQLiteBackup.backup(databasePath: path, to: target, logger: logger)
        _ = try await CaseStore(database).ingest(
            [(0, CaseStoreTests.record("A"))], county: Fixture.county, scope: nil, actor: CaseStoreTests.actor,
            at: Fixture.now)
        // act
        var refusal: (any Error)?
        do { _ = try await SQLiteBackup.restore(from: target, to: path, logger: logger) } catch { refusal = error }
        let cases = try await CaseStore(database).count(county: Fixture.county)
        try await database.shutdown()
        // check
        #expect((refusal as? SQLiteBackup.Refusal)?.description.contains("请先停止服务") == true)
        #expect(cases == 1, "the running database is untouched")
    }

    @Test("a copy damaged in the middle is refused at start and at restore, in Chinese")
    func corruptRefused() async throws {
        // setup
        let (path, database) = try await scratchFile()
        let store = CaseStore(database)
        for n in 0..<200 {
            _ = try await store.ingest(
                [(0, CaseStoreTests.record("R\(n)"))], county: Fixture.county, scope: nil,
                actor: CaseStoreTests.actor, at: Fixture.now)
        }
        let target = scratchPath("damaged")
        try await SQLiteBackup.backup(databasePath: path, to: target, logger: logger)
        try await database.shutdown()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: target))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 16_384))
        try handle.close()
        // act
        var atStart: (any Error)?
        do { try await StartupCheck.quickCheck(sqlitePath: target, logger: logger) } catch { atStart = error }
        var atRestore: (any Error)?
        do { _ = try await SQLiteBackup.restore(from: target, to: path, logger: logger) } catch { atRestore = error }
        // check
        let message = (atStart as? DatabaseCheckFailure)?.description ?? "\(String(describing: atStart))"
        #expect(message.contains("已损坏") && message.contains("拒绝使用"), "\(message)")
        #expect(atRestore is DatabaseCheckFailure)
    }

    @Test("an intact database passes quick_check at start")
    func intactPasses() async throws {
        // setup
        let (path, database) = try await scratchFile()
        try await database.shutdown()
        // act
        let started = Date()
        try await StartupCheck.quickCheck(sqlitePath: path, logger: logger)
        // check
        #expect(Date().timeIntervalSince(started) < 5)
    }
}

@Suite("Start-up checks on both engines: schema version and audit chain heads against the last checkpoint")
struct StartupCheckTests {
    @Test("a database recording a migration this build does not know is refused", arguments: Engine.available)
    func newerSchema(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await database.transaction { db in
                try await db.raw(
                    "INSERT INTO schema_migrations (id, applied_at) VALUES ('M999_FromTheFuture', '2030-01-01')"
                ).run()
            }
            // act
            var refusal: (any Error)?
            do { try await StartupCheck.schemaVersion(database) } catch { refusal = error }
            // check
            #expect(refusal as? DatabaseCheckFailure == .newerSchema(unknown: ["M999_FromTheFuture"]))
            #expect("\(refusal.map { "\($0)" } ?? "")".contains("数据库结构比本程序新"))
        }
    }

    @Test("a database of this build passes the schema check", arguments: Engine.available)
    func currentSchema(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: a migrated scratch database
            // act
            var refusal: (any Error)?
            do { try await StartupCheck.schemaVersion(database) } catch { refusal = error }
            // check
            #expect(refusal == nil)
        }
    }

    @Test("chain heads are compared with the last checkpoint, naming county and seq", arguments: Engine.available)
    func checkpointHeads(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            for id in ["A", "B"] {
                _ = try await CaseStore(database).ingest(
                    [(0, CaseStoreTests.record(id))], county: Fixture.county, scope: nil,
                    actor: CaseStoreTests.actor, at: Fixture.now)
            }
            let good = try await AuditStore(database).checkpoint(at: Fixture.now)
            let ahead = AuditCheckpoint(
                takenAt: "2030-01-01T00:00:00Z", heads: [.init(county: Fixture.county, seq: 9, hash: "x")])
            let forged = AuditCheckpoint(
                takenAt: "2030-01-01T00:00:00Z", heads: [.init(county: Fixture.county, seq: 2, hash: "x")])
            // act
            func outcome(_ checkpoint: AuditCheckpoint) async -> DatabaseCheckFailure? {
                do {
                    try await StartupCheck.auditHeads(database, checkpoint: checkpoint)
                    return nil
                } catch { return error as? DatabaseCheckFailure }
            }
            let passes = await outcome(good)
            let truncated = await outcome(ahead)
            let rewritten = await outcome(forged)
            // check
            #expect(good.heads.map(\.seq) == [2] && passes == nil)
            #expect(truncated?.description.contains("区县 \(Fixture.county) 第 9 条不存在") == true)
            #expect(rewritten?.description.contains("区县 \(Fixture.county) 第 2 条的哈希与检查点") == true)
        }
    }
}
