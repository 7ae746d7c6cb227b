import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// Tampering with the audit log by raw SQL, one way per test and each on a freshly built chain: verification must
/// name the first broken entry and leave the other county's chain intact, and only a checkpoint file reveals a chain
/// whose hashes were recomputed, cut short or rolled back.
@Suite("Audit chain tampering on every engine")
struct AuditChainTests {
    typealias Chain = AuditChainFixture

    @Test("an intact chain verifies with and without checkpoints", arguments: Engine.available)
    func intact(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            let store = AuditStore(database)
            // act
            let alone = try await store.verify(against: [])
            let checked = try await store.verify(against: checkpoints)
            let paged = try await store.verify(against: checkpoints, pageSize: 7)
            // check
            #expect(alone.map(\.county) == [Chain.other, Chain.county])
            #expect(alone.allSatisfy { $0.problem == nil })
            #expect(checked == alone)
            #expect(paged == alone)
            #expect(alone.map(\.entries) == [5, 30])
            #expect(alone.map(\.headHash) == checkpoints[1].heads.map(\.hash))
            #expect(try await store.verify(county: Chain.county) == nil)
        }
    }

    @Test(
        "an edited, deleted or reordered entry is found without a checkpoint", arguments: Engine.available,
        Tamper.allCases)
    func tamperedEntry(engine: Engine, tamper: Tamper) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            let store = AuditStore(database)
            // act
            try await Chain.execute(database, tamper.statements(seq: 12))
            // check
            for reports in [
                try await store.verify(against: []), try await store.verify(against: checkpoints),
                try await store.verify(against: checkpoints, pageSize: 11),
            ] {
                let problem = Chain.problem(reports)
                #expect(problem?.firstBrokenSeq == 12)
                guard case .broken(12, let reason) = problem else {
                    Issue.record("expected entry 12 broken, got \(String(describing: problem))")
                    continue
                }
                #expect(reason.contains(tamper.reason))
                #expect(Chain.otherIsIntact(reports))
            }
            #expect(try await store.verify(county: Chain.county) == 12)
        }
    }

    @Test("a forged entry with every later hash recomputed is caught only by a checkpoint", arguments: Engine.available)
    func forgedAndRehashed(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            let store = AuditStore(database)
            // act: insert a forged 15th entry, shift 15…30 to 16…31 and recompute their links and hashes
            let rows = try await database.read { db in
                try await db.rows(
                    "SELECT * FROM audit_entries WHERE county = \(bind: Chain.county) ORDER BY seq", as: AuditRow.self)
            }
            var forged = rows[14]
            forged.actor = "intruder"
            forged.detail = "伪造：撤销执法事项"
            var tail = [forged] + rows[14...]
            var previous = rows[13].hash
            for index in tail.indices {
                tail[index].seq = Int64(15 + index)
                tail[index].prevHash = previous
                tail[index].hash = AuditStore.digest(tail[index])
                previous = tail[index].hash
            }
            try await database.transaction { [tail] db in
                try await db.raw("DELETE FROM audit_entries WHERE county = \(bind: Chain.county) AND seq >= 15").run()
                try await db.insertRows(into: "audit_entries", tail, columnsPerRow: 14)
            }
            let alone = try await store.verify(against: [])
            let latest = try await store.verify(against: [checkpoints[1]])
            let both = try await store.verify(against: checkpoints)
            // check: internally consistent, so only the checkpoints see it; the earlier one narrows the range
            #expect(alone.allSatisfy { $0.problem == nil })
            #expect(alone.first { $0.county == Chain.county }?.entries == 31)
            #expect(Chain.problem(latest) == .rewritten(seq: 30, since: 0))
            #expect(Chain.problem(latest)?.firstBrokenSeq == 1)
            #expect(Chain.problem(both) == .rewritten(seq: 30, since: 10))
            #expect(Chain.problem(both)?.firstBrokenSeq == 11)
            #expect(Chain.otherIsIntact(latest) && Chain.otherIsIntact(both))
        }
    }

    @Test("deleting the last entries is caught only by a checkpoint", arguments: Engine.available)
    func truncated(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            let store = AuditStore(database)
            // act
            try await Chain.execute(
                database, ["DELETE FROM audit_entries WHERE county = \(bind: Chain.county) AND seq > 27"])
            let alone = try await store.verify(against: [])
            let checked = try await store.verify(against: checkpoints)
            // check
            #expect(alone.allSatisfy { $0.problem == nil })
            #expect(Chain.problem(checked) == .truncated(head: 27, checkpointSeq: 30))
            #expect(Chain.problem(checked)?.firstBrokenSeq == 28)
            #expect(Chain.otherIsIntact(checked))
        }
    }

    @Test(
        "a rollback followed by genuine new entries past the checkpoint reads as a rewrite",
        arguments: Engine.available)
    func rolledBackAndRegrown(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            let store = AuditStore(database)
            // act: back to the state after entry 20, then 15 real entries (21…35) written by AuditStore.append
            try await Chain.execute(
                database, ["DELETE FROM audit_entries WHERE county = \(bind: Chain.county) AND seq > 20"])
            try await Chain.append(21...35, note: "回滚后", to: database)
            let alone = try await store.verify(against: [])
            let latest = try await store.verify(against: [checkpoints[1]])
            let both = try await store.verify(against: checkpoints)
            // check
            #expect(alone.allSatisfy { $0.problem == nil })
            #expect(Chain.problem(latest) == .rewritten(seq: 30, since: 0))
            #expect(Chain.problem(both) == .rewritten(seq: 30, since: 10))
            #expect(Chain.problem(both)?.firstBrokenSeq == 11)
            #expect(Chain.otherIsIntact(both))
        }
    }

    @Test("a rollback followed by fewer new entries than were lost reads as truncation", arguments: Engine.available)
    func rolledBackShort(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            let store = AuditStore(database)
            // act
            try await Chain.execute(
                database, ["DELETE FROM audit_entries WHERE county = \(bind: Chain.county) AND seq > 20"])
            try await Chain.append(21...25, note: "回滚后", to: database)
            let checked = try await store.verify(against: checkpoints)
            // check
            #expect(Chain.problem(checked) == .truncated(head: 25, checkpointSeq: 30))
            #expect(Chain.otherIsIntact(checked))
        }
    }

    @Test("a checkpoint naming a county without entries reports it truncated to nothing", arguments: Engine.available)
    func vanishedCounty(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            var checkpoints = try await Chain.build(database)
            checkpoints[1].heads.append(.init(county: "510311", seq: 4, hash: String(repeating: "a", count: 64)))
            // act
            let reports = try await AuditStore(database).verify(against: try Chain.roundTrip(checkpoints))
            // check
            let vanished = reports.first { $0.county == "510311" }
            #expect(vanished?.problem == .truncated(head: 0, checkpointSeq: 4))
            #expect(vanished?.entries == 0 && vanished?.headHash == nil)
            #expect(vanished?.problem?.message.contains("没有任何记录") == true)
            #expect(Chain.problem(reports) == nil && Chain.otherIsIntact(reports))
        }
    }

    @Test("an entry forged outside the chain (sequence number 0) is reported", arguments: Engine.available)
    func forgedBelowStart(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            _ = try await Chain.build(database)
            // act
            try await Chain.execute(
                database,
                [
                    """
                    INSERT INTO audit_entries (county, seq, at, actor, role, organization, action, subject, detail,
                      outcome, before_digest, after_digest, prev_hash, hash)
                    SELECT county, 0, at, 'intruder', role, organization, action, subject, '伪造', outcome,
                      before_digest, after_digest, prev_hash, hash
                    FROM audit_entries WHERE county = \(bind: Chain.county) AND seq = 1
                    """
                ])
            let reports = try await AuditStore(database).verify(against: [])
            // check
            #expect(Chain.problem(reports)?.firstBrokenSeq == 0)
            #expect(Chain.otherIsIntact(reports))
        }
    }

    @Test("the digest is the documented length-prefixed SHA-256, so existing chains keep verifying")
    func digestFormat() {
        // setup
        let row = AuditRow(
            county: "510304", seq: 7, at: 1_700_000_000_000_000, actor: "张三", role: "editor", organization: nil,
            action: "list.apply", subject: "510304100000", detail: "调整", outcome: "ok", beforeDigest: "",
            afterDigest: "b", prevHash: AuditStore.genesis, hash: "")
        let frame = { (fields: [String]) in fields.map { "\($0.utf8.count):\($0)" }.joined() }
        let spelled =
            frame([AuditStore.genesis, "510304", "7", "1700000000000000", "张三", "editor"]) + "-"
            + frame(["list.apply", "510304100000", "调整", "ok", "", "b"])
        var withEmpty = row
        withEmpty.organization = ""
        // act
        let digest = AuditStore.digest(row)
        // check
        #expect(digest == sha256Hex(spelled))
        #expect(digest.count == 64)
        #expect(AuditStore.digest(withEmpty) != digest, "an absent and an empty organisation hash differently")
    }

    @Test(
        "without a checkpoint, a county with a county government but no chain at all is reported missing",
        arguments: Engine.available)
    func missingChain(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            try await Chain.registerCountyGovernments(database, [Chain.county, Chain.other])
            let store = AuditStore(database)
            // act
            try await Chain.execute(database, ["DELETE FROM audit_entries WHERE county = \(bind: Chain.other)"])
            let alone = try await store.verify(against: [])
            let checked = try await store.verify(against: checkpoints)
            // check
            #expect(alone.map(\.county) == [Chain.other, Chain.county])
            #expect(alone.first?.problem == .missing)
            #expect(alone.first?.problem?.message.contains("整条链缺失") == true)
            #expect(Chain.problem(alone) == nil)
            #expect(checked.first?.problem == .truncated(head: 0, checkpointSeq: 3), "a checkpoint names the counties")
        }
    }

    @Test("a county government registered with its chain intact is not reported", arguments: Engine.available)
    func expectedAndPresent(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            _ = try await Chain.build(database)
            try await Chain.registerCountyGovernments(database, [Chain.county, Chain.other])
            // act
            let reports = try await AuditStore(database).verify(against: [])
            // check
            #expect(reports.map(\.county) == [Chain.other, Chain.county])
            #expect(reports.allSatisfy { $0.problem == nil })
        }
    }

    @Test(
        "a value of the wrong type written with raw SQL is reported with its county and seq, not thrown",
        arguments: Engine.available)
    func typeCorrupted(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let checkpoints = try await Chain.build(database)
            let store = AuditStore(database)
            var statements: [SQLQueryString] = []
            if engine == .postgres {
                // PostgreSQL keeps a column's type, so the tamperer retypes the column first.
                statements.append("ALTER TABLE audit_entries ALTER COLUMN at TYPE TEXT USING at::text")
            }
            statements.append(
                "UPDATE audit_entries SET at = 'gestern' WHERE county = \(bind: Chain.county) AND seq = 12")
            // act
            try await Chain.execute(database, statements)
            // check
            for reports in [
                try await store.verify(against: []), try await store.verify(against: checkpoints),
                try await store.verify(against: checkpoints, pageSize: 5),
            ] {
                let problem = Chain.problem(reports)
                #expect(problem == .unreadable(seq: 12, column: "at"))
                #expect(problem?.message == "第 12 条记录无法读取：字段 at 的值类型不对（记录被绕过系统直接改动）")
                #expect(Chain.otherIsIntact(reports))
            }
        }
    }
}

/// A raw-SQL way of tampering with one entry that the chain itself reveals, and the reason verification gives.
enum Tamper: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case edit, delete, reorder

    var testDescription: String { rawValue }

    func statements(seq k: Int64) -> [SQLQueryString] {
        let county = AuditChainFixture.county
        switch self {
        case .edit:
            return ["UPDATE audit_entries SET detail = '篡改' WHERE county = \(bind: county) AND seq = \(bind: k)"]
        case .delete:
            return ["DELETE FROM audit_entries WHERE county = \(bind: county) AND seq = \(bind: k)"]
        case .reorder:
            // swaps entries k and k+1 through a temporary sequence number
            return [
                "UPDATE audit_entries SET seq = -1 WHERE county = \(bind: county) AND seq = \(bind: k)",
                "UPDATE audit_entries SET seq = \(bind: k) WHERE county = \(bind: county) AND seq = \(bind: k + 1)",
                "UPDATE audit_entries SET seq = \(bind: k + 1) WHERE county = \(bind: county) AND seq = -1",
            ]
        }
    }

    var reason: String {
        switch self {
        case .edit: "记录被修改"
        case .delete: "记录缺失"
        case .reorder: "不衔接"
        }
    }
}

/// The chain every tampering test starts from: county 510304 grows to 30 entries and 510302 to 5, with a checkpoint
/// taken at 510304's entry 10 and another at its end, both written to a file and read back.
enum AuditChainFixture {
    static let county = "510304"
    static let other = "510302"
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// Builds the chain and returns its two checkpoints as loaded from their file, oldest first.
    static func build(_ database: any Database) async throws -> [AuditCheckpoint] {
        let store = AuditStore(database)
        try await append(1...10, to: database)
        try await append(1...3, county: other, to: database)
        let early = try await store.checkpoint(at: start.addingTimeInterval(3_600))
        try await append(11...30, to: database)
        try await append(4...5, county: other, to: database)
        let late = try await store.checkpoint(at: start.addingTimeInterval(7_200))
        #expect(early.heads.map(\.seq) == [3, 10] && late.heads.map(\.seq) == [5, 30])
        return try roundTrip([early, late])
    }

    /// Genuine entries `range` of a county's chain, each appended in its own transaction as the stores do.
    static func append(
        _ range: ClosedRange<Int>, county: String = county, note: String = "原始", to database: any Database
    ) async throws {
        for i in range {
            let event = AuditEvent(
                county: county,
                actor: Actor(
                    name: "editor\(i % 3)", role: "editor", organization: i.isMultiple(of: 2) ? "大安区司法局" : nil),
                at: start.addingTimeInterval(Double(i) * 60), action: "list.apply", subject: "\(county)100000",
                detail: "\(note)第 \(i) 次调整", before: "清单 \(i - 1)", after: "清单 \(i)")
            try await database.transaction { db in try await AuditStore.append(event, on: db) }
        }
    }

    /// Writes checkpoints to a fresh file with `append(to:)`, one line each, and loads them back.
    static func roundTrip(_ checkpoints: [AuditCheckpoint]) throws -> [AuditCheckpoint] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        for checkpoint in checkpoints { try checkpoint.append(to: url) }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let loaded = try AuditCheckpoint.load(from: url)
        #expect(lines.count == checkpoints.count)
        #expect(loaded == checkpoints)
        return loaded
    }

    /// Runs tampering statements in one transaction, as someone with write access to the database could.
    static func execute(_ database: any Database, _ statements: [SQLQueryString]) async throws {
        try await database.transaction { db in
            for statement in statements { try await db.raw(statement).run() }
        }
    }

    /// Registers a county government in each county, as initialising a county does, with a raw insert: the
    /// chains the verifier must then expect without a checkpoint.
    static func registerCountyGovernments(_ database: any Database, _ counties: [String]) async throws {
        try await execute(
            database,
            counties.map {
                "INSERT INTO organizations (county, code, name, kind) VALUES (\(bind: $0), \(bind: $0 + "-G"), \(bind: $0 + "人民政府"), 'county-government')"
            })
    }

    static func problem(_ reports: [ChainReport]) -> ChainProblem? { reports.first { $0.county == county }?.problem }

    /// Whether the second county's chain, never touched, is still reported whole.
    static func otherIsIntact(_ reports: [ChainReport]) -> Bool {
        let report = reports.first { $0.county == other }
        return report?.problem == nil && report?.entries == 5
    }
}
