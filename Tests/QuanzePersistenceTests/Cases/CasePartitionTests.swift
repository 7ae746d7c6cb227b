import Foundation
import Logging
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// Case records by month (M050): partitioned on PostgreSQL, one table on SQLite; on both a record is stored once
/// whatever month its versions count in.
@Suite("Case partitions: monthly partitions on PostgreSQL, one row per record on both engines")
struct CasePartitionTests {
    static let actor = Actor(name: "xitong", role: "system")

    static func record(_ id: String, received: String, version: TimeInterval = 0) -> CaseRecord {
        CaseRecord(
            county: Fixture.county, source: "一体化平台", externalId: id,
            sourceVersion: Fixture.now.addingTimeInterval(version), itemCode: "CF-1", township: Fixture.town.value,
            handler: .township, kind: .enforcement, receivedOn: Day(iso: received)!, closedOn: nil)
    }

    /// Each stored record as `id month partition` (the partition on PostgreSQL, `-` on SQLite), by id.
    static func placement(_ database: any Database) async throws -> [String] {
        try await database.read { db in
            let part = database.dialect == .postgres ? "tableoid::regclass::text" : "'-'"
            return try await db.raw(
                "SELECT external_id, month, \(unsafeRaw: part) AS part FROM case_records ORDER BY external_id"
            ).all().map {
                [
                    try $0.decode(column: "external_id", as: String.self),
                    try $0.decode(column: "month", as: String.self), try $0.decode(column: "part", as: String.self),
                ].joined(separator: " ")
            }
        }
    }

    /// The partitions of `case_records` and its partitioning strategy (`r` for range); empty on SQLite.
    static func partitions(_ database: any Database) async throws -> (names: [String], strategy: String?) {
        guard database.dialect == .postgres else { return ([], nil) }
        return try await database.read { db in
            let names = try await db.raw(
                """
                SELECT c.relname::text AS relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'case_records'::regclass ORDER BY c.relname
                """
            ).all().map { try $0.decode(column: "relname", as: String.self) }
            let strategy = try await db.raw(
                "SELECT partstrat::text AS s FROM pg_partitioned_table WHERE partrelid = 'case_records'::regclass"
            ).first()?.decode(column: "s", as: String.self)
            return (names, strategy)
        }
    }

    /// The rows of `case_keys` as `id month` (PostgreSQL only; SQLite's key is the record's own).
    static func keys(_ database: any Database) async throws -> [String] {
        guard database.dialect == .postgres else { return [] }
        return try await database.read { db in
            try await db.raw("SELECT external_id || ' ' || month AS k FROM case_keys ORDER BY k").all().map {
                try $0.decode(column: "k", as: String.self)
            }
        }
    }

    @Test(
        "rows land in their month's partition; a record re-sent with another month is stored once, its cell moved",
        arguments: Engine.available)
    func monthChanges(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let store = CaseStore(database)
            func send(_ records: [CaseRecord]) async throws -> [IngestResult.Outcome] {
                try await store.ingest(
                    records.enumerated().map { ($0.offset, $0.element) }, county: Fixture.county, scope: nil,
                    actor: Self.actor,
                    at: Fixture.now
                ).accepted.map(\.outcome)
            }
            let first = try await send([
                Self.record("A", received: "2023-03-01"), Self.record("B", received: "2023-04-02"),
            ])
            // act
            let moved = try await send([Self.record("A", received: "2023-04-05", version: 60)])
            let stale = try await send([Self.record("A", received: "2023-03-01", version: 30)])
            var second: (any Error)?
            do {
                try await database.transaction { db in
                    try await db.raw(
                        """
                        INSERT INTO case_records (county, source, external_id, source_version, item_code, township,
                          handler, kind, received_on, month, recorded_at)
                        VALUES (\(bind: Fixture.county), '一体化平台', 'A', 1, 'CF-1', \(bind: Fixture.town.value),
                          'township', 'enforcement', '2023-05-01', '2023-05', 1)
                        """
                    ).run()
                }
            } catch { second = error }
            // check
            let pg = engine == .postgres
            #expect(first == [.created, .created] && moved == [.updated] && stale == [.unchanged])
            #expect(
                try await Self.placement(database) == [
                    "A 2023-04 \(pg ? "case_records_p2023_04" : "-")",
                    "B 2023-04 \(pg ? "case_records_p2023_04" : "-")",
                ])
            let partitions = try await Self.partitions(database)
            #expect(
                partitions.names
                    == (pg ? ["case_records_default", "case_records_p2023_03", "case_records_p2023_04"] : []))
            #expect(partitions.strategy == (pg ? "r" : nil))
            let cells = try await store.cells(county: Fixture.county, from: "2023-01", to: "2023-12")
            #expect(cells.map { "\($0.month) \($0.volume)" } == ["2023-03 0", "2023-04 2"])
            #expect(second != nil, "the database refuses a second row of a record under another month")
            #expect(try await Self.keys(database) == (pg ? ["A 2023-04", "B 2023-04"] : []))
        }
    }

    @Test(
        "a month's rows already in the DEFAULT partition move into the partition its first batch creates",
        arguments: Engine.available)
    func defaultPartitionEmpties(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: a row of a month without a partition (written around `CaseStore`, as a bulk load might)
            try await Fixture.load(database)
            try await database.transaction { db in
                try await db.raw(
                    """
                    INSERT INTO case_records (county, source, external_id, source_version, item_code, township,
                      handler, kind, received_on, month, recorded_at)
                    VALUES (\(bind: Fixture.county), '一体化平台', 'Z', 1, 'CF-1', \(bind: Fixture.town.value),
                      'township', 'enforcement', '2023-06-01', '2023-06', 1)
                    """
                ).run()
            }
            let before = try await Self.placement(database)
            // act
            let result = try await CaseStore(database).ingest(
                [(0, Self.record("D", received: "2023-06-10"))], county: Fixture.county, scope: nil,
                actor: Self.actor, at: Fixture.now)
            // check
            let pg = engine == .postgres
            #expect(before == ["Z 2023-06 \(pg ? "case_records_default" : "-")"])
            #expect(result.accepted.map(\.outcome) == [.created])
            #expect(
                try await Self.placement(database) == [
                    "D 2023-06 \(pg ? "case_records_p2023_06" : "-")",
                    "Z 2023-06 \(pg ? "case_records_p2023_06" : "-")",
                ])
            #expect(
                try await Self.partitions(database).names
                    == (pg ? ["case_records_default", "case_records_p2023_06"] : []))
            #expect(try await Self.keys(database) == (pg ? ["D 2023-06", "Z 2023-06"] : []))
        }
    }

    @Test(
        "M050 moves the records stored before it into their months' partitions, keyed county first",
        arguments: Engine.available)
    func migrationMovesRows(engine: Engine) async throws {
        try await Self.withUnmigrated(engine) { database in
            // setup: a database migrated up to the step before, with records in the unpartitioned table
            try await Migrator.migrate(database, steps: Migrator.all.filter { $0.id != "M050_PartitionCases" })
            try await database.transaction { db in
                for (id, month) in [("X1", "2023-01"), ("X2", "2023-01"), ("X3", "2023-02")] {
                    try await db.raw(
                        """
                        INSERT INTO case_records (county, source, external_id, source_version, item_code, township,
                          handler, kind, received_on, month, recorded_at)
                        VALUES ('510304', 's', \(bind: id), 1, 'CF-1', '510304100000', 'township', 'enforcement',
                          \(bind: month + "-15"), \(bind: month), 1)
                        """
                    ).run()
                }
            }
            // act
            let applied = try await Migrator.migrate(database)
            // check
            let pg = engine == .postgres
            #expect(applied == ["M050_PartitionCases"])
            #expect(
                try await Self.placement(database) == [
                    "X1 2023-01 \(pg ? "case_records_p2023_01" : "-")",
                    "X2 2023-01 \(pg ? "case_records_p2023_01" : "-")",
                    "X3 2023-02 \(pg ? "case_records_p2023_02" : "-")",
                ])
            #expect(try await Self.keys(database) == (pg ? ["X1 2023-01", "X2 2023-01", "X3 2023-02"] : []))
            let keys = try await SchemaDistributionTests.schema(database).keys.filter { $0.table == "case_records" }
            #expect(
                keys.first { $0.primary }?.columns
                    == (pg ? ["county", "source", "external_id", "month"] : ["county", "source", "external_id"]))
            #expect(
                keys.filter { !$0.primary }.map { "\($0.name) \($0.columns.joined(separator: ","))" }.sorted() == [
                    "case_records_cell county,township,item_code,month", "case_records_open county,due_on,township",
                ])
        }
    }

    /// Runs `body` on a new database that no step has touched yet, and closes it afterwards.
    static func withUnmigrated(_ engine: Engine, _ body: (any Database) async throws -> Void) async throws {
        let logger = Logger(label: "test")
        let database: any Database =
            switch engine {
            case .sqlite:
                try await SQLiteDatabaseHandle.open(
                    path: FileManager.default.temporaryDirectory.appendingPathComponent(
                        "qz-\(UUID().uuidString).sqlite"
                    )
                    .path, logger: logger)
            case .postgres:
                try await PostgresDatabaseHandle.open(
                    url: try await Engine.createPostgresDatabase(prefix: "qz"), logger: logger)
            }
        do {
            try await body(database)
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}
