import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// A batch pushed through the API is written in parts of `IngestLanes.partSize` records (issue 17 point 3: a small
/// batch waits for one part, not for a whole bulk batch).
@Suite("Ingest parts: a bulk batch written part by part, on both engines")
struct IngestPartsTests {
    static let actor = Actor(name: "xitong", role: "system")

    /// Record `n`: received on the `n % 28 + 1`th of March 2023, so the batch fills 28 cells.
    static func record(_ n: Int, township: String = Fixture.town.value) -> CaseRecord {
        CaseRecord(
            county: Fixture.county, source: "一体化平台", externalId: "R\(n)", sourceVersion: Fixture.now,
            itemCode: "CF-1", township: township, handler: .township, kind: .enforcement,
            receivedOn: Day(year: 2023, month: 3, day: n % 28 + 1)!, closedOn: nil)
    }

    /// `count` records, the one at `bad` (if any) of a township the county does not have.
    static func batch(_ count: Int, bad: Int? = nil) -> [CaseBatch.Indexed] {
        (0..<count).map { n in (n, record(n, township: n == bad ? "999999999999" : Fixture.town.value)) }
    }

    /// The cases the county's indicator cells count, and its stored records.
    static func counts(_ database: any Database) async throws -> (cells: Int, records: Int) {
        try await database.read { db in
            let cells = try await db.raw(
                "SELECT CAST(COALESCE(SUM(volume), 0) AS BIGINT) AS n FROM indicator_cells WHERE county = \(bind: Fixture.county)"
            ).first()?.decode(column: "n", as: Int.self)
            let records = try await db.raw(
                "SELECT COUNT(*) AS n FROM case_records WHERE county = \(bind: Fixture.county)"
            ).first()?.decode(column: "n", as: Int.self)
            return (cells ?? -1, records ?? -1)
        }
    }

    /// The audit entries of case batches, `subject | detail`, in order.
    static func audit(_ database: any Database) async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT subject || ' | ' || detail AS line FROM audit_entries WHERE county = \(bind: Fixture.county)
                AND action = 'cases.ingest' ORDER BY seq
                """
            ).all().map { try $0.decode(column: "line", as: String.self) }
        }
    }

    @Test("the parts of a batch: ranges in order, none longer than the part, one empty range for no record")
    func parts() {
        #expect(IngestLanes.parts(601, size: 250) == [0..<250, 250..<500, 500..<601])
        #expect(IngestLanes.parts(500, size: 250) == [0..<250, 250..<500])
        #expect(IngestLanes.parts(3, size: 250) == [0..<3])
        #expect(IngestLanes.parts(0, size: 250) == [0..<0])
        #expect(IngestLanes.parts(1000, size: .max) == [0..<1000])
    }

    @Test(
        "601 records go in three parts: every record answered once, an audit entry a part, the bad record named in the first",
        arguments: Engine.available)
    func threeParts(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let store = CaseStore(database)
            let key = CaseStore.IdempotencyKey(token: "T1", key: "bulk-1", bodyHash: "h1")
            // act
            let (result, replayed) = try await store.ingestOnce(
                Self.batch(602, bad: 7), preRejected: [], county: Fixture.county, scope: nil, actor: Self.actor,
                at: Fixture.now, idempotency: key)
            let written = try await Self.counts(database)
            let again = try await store.ingestOnce(
                Self.batch(602, bad: 7), preRejected: [], county: Fixture.county, scope: nil, actor: Self.actor,
                at: Fixture.now.addingTimeInterval(60), idempotency: key)
            let audit = try await Self.audit(database)
            // check
            #expect(!replayed)
            #expect(result.accepted.map(\.index) == Array(0..<7) + Array(8..<602))
            #expect(result.accepted.allSatisfy { $0.outcome == .created })
            #expect(result.rejected.map(\.index) == [7])
            #expect(written.cells == 601 && written.records == 601)
            #expect(again.replayed && again.result == result, "the key, stored with the last part, replays the whole")
            #expect(
                audit == [
                    "602 条，分批写入第 1 部分 | 接收 250 条（新增 250、更新 0），拒收 1 条",
                    "602 条，分批写入第 2 部分 | 接收 250 条（新增 250、更新 0）",
                    "602 条，分批写入第 3 部分 | 接收 101 条（新增 101、更新 0）",
                ])
        }
    }

    @Test(
        "a part that fails leaves the parts before it; the batch sent again writes the rest and counts each record once",
        arguments: Engine.available)
    func failedPart(engine: Engine) async throws {
        try await withDatabase(engine) { base in
            // setup
            try await Fixture.load(base)
            // The month's partition first (PostgreSQL), so that the batch's second transaction is its second part.
            try await CaseStore.ensurePartitions(months: ["2023-03"], in: base)
            let database = FailingDatabase(base)
            let store = CaseStore(database)
            database.failTransaction(number: 2)
            // act
            var failure: (any Error)?
            do {
                _ = try await store.ingestOnce(
                    Self.batch(600), preRejected: [], county: Fixture.county, scope: nil, actor: Self.actor,
                    at: Fixture.now, idempotency: nil)
            } catch { failure = error }
            let afterFailure = try await Self.counts(base)
            let (resent, _) = try await store.ingestOnce(
                Self.batch(600), preRejected: [], county: Fixture.county, scope: nil, actor: Self.actor,
                at: Fixture.now, idempotency: nil)
            let afterResend = try await Self.counts(base)
            // check
            #expect(failure is FailingDatabase.Failure)
            #expect(afterFailure.cells == 250 && afterFailure.records == 250, "the first part only")
            #expect(resent.accepted.prefix(250).allSatisfy { $0.outcome == .unchanged })
            #expect(resent.accepted.dropFirst(250).allSatisfy { $0.outcome == .created })
            #expect(resent.accepted.count == 600)
            #expect(afterResend.cells == 600 && afterResend.records == 600)
        }
    }

    @Test("an in-process loader writes its batch in one transaction and one audit entry", arguments: Engine.available)
    func loaderWhole(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            // act
            let result = try await CaseStore(database).ingest(
                Self.batch(600), county: Fixture.county, scope: nil, actor: Self.actor, at: Fixture.now)
            let audit = try await Self.audit(database)
            // check
            #expect(result.accepted.count == 600)
            #expect(audit == ["600 条 | 接收 600 条（新增 600、更新 0），拒收 0 条"])
        }
    }

    /// SQLite's safety level: `FULL` (2) fsyncs at the commit, `NORMAL` (1) leaves it to the next `FULL` commit.
    @Test("on SQLite a part's transaction commits at NORMAL, the next durable one at FULL again")
    func sqliteSafety() async throws {
        try await withDatabase(.sqlite) { database in
            // act
            func level(durable: Bool) async throws -> Int {
                try await database.transaction(durable: durable) { db in
                    try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self) ?? -1
                }
            }
            let part = try await level(durable: false)
            let durable = try await level(durable: true)
            let plain = try await database.transaction { db in
                try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self) ?? -1
            }
            // check
            #expect(part == 1)
            #expect(durable == 2)
            #expect(plain == 2, "a transaction is durable unless it says otherwise")
        }
    }

    @Test("calls with the same key take turns; another key does not wait; a key is let go after")
    func exclusiveKeys() async throws {
        let log = IngestLanesTests.Log()
        let gate = IngestLanesTests.Gate()
        let key = "T1\u{1F}" + UUID().uuidString
        // act
        let first = Task {
            try await IngestLanes.exclusive(key) {
                await log.add("first")
                await gate.wait()
                await log.add("first done")
            }
        }
        try await IngestLanesTests.until(log, has: "first")
        let second = Task { try await IngestLanes.exclusive(key) { await log.add("second") } }
        try await Task.sleep(for: .milliseconds(30))
        try await IngestLanes.exclusive(key + "-other") { await log.add("other key") }
        try await IngestLanes.exclusive(nil) { await log.add("no key") }
        await gate.release()
        try await first.value
        try await second.value
        // check
        #expect(await log.lines == ["first", "other key", "no key", "first done", "second"])
        #expect(!IngestLanes.isHeld(key) && !IngestLanes.isHeld(key + "-other"))
    }
}
