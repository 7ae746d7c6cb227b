import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

@Suite("Case store: versions, idempotency keys and indicator cells on both engines")
struct CaseStoreTests {
    static let actor = Actor(name: "xitong", role: "system")

    static func record(_ id: String, closed: String? = "2023-03-03", version: TimeInterval = 0) -> CaseRecord {
        CaseRecord(
            county: Fixture.county, source: "一体化平台", externalId: id,
            sourceVersion: Fixture.now.addingTimeInterval(version), itemCode: "CF-1", township: Fixture.town.value,
            handler: .township, kind: .enforcement, receivedOn: Day(iso: "2023-03-01")!,
            closedOn: closed.flatMap(Day.init(iso:)))
    }

    static func key(_ body: String, _ key: String = "k-1") -> CaseStore.IdempotencyKey {
        CaseStore.IdempotencyKey(token: "T1", key: key, bodyHash: body)
    }

    @Test("a key replays its answer for 24 hours, then is forgotten and its row removed", arguments: Engine.available)
    func keyLifetime(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let store = CaseStore(database)
            func send(_ id: String, body: String, after hours: Double, key: String = "k-1") async throws
                -> (IngestResult, Bool)
            {
                try await store.ingestOnce(
                    [(0, Self.record(id))], preRejected: [], county: Fixture.county, scope: nil, actor: Self.actor,
                    at: Fixture.now.addingTimeInterval(hours * 3600), idempotency: Self.key(body, key))
            }
            func keys() async throws -> Int {
                try await database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM idempotency_keys").first()?.decode(
                        column: "n", as: Int.self) ?? -1
                }
            }
            // act
            let first = try await send("A", body: "h1", after: 0)
            let replay = try await send("A", body: "h1", after: 23.9)
            var reused: (any Error)?
            do { _ = try await send("B", body: "h2", after: 23.9) } catch { reused = error }
            let later = try await send("B", body: "h2", after: 24.1)
            let other = try await send("C", body: "h3", after: 48.2, key: "k-2")
            let count = try await store.count(county: Fixture.county)
            // check
            #expect(first.1 == false && first.0.accepted.map(\.outcome) == [.created])
            #expect(replay.1 == true && replay.0 == first.0, "the same answer, nothing written")
            #expect(reused is CaseStore.KeyReused, "another body within 24 hours is refused")
            #expect(later.1 == false && later.0.accepted.map(\.outcome) == [.created], "after 24 hours a new batch")
            #expect(other.1 == false && count == 3)
            #expect(try await keys() == 1, "k-1, past its 24 hours, was removed when k-2 came")
        }
    }

    @Test("a newer version moves its contribution exactly; an older one changes nothing", arguments: Engine.available)
    func versions(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let store = CaseStore(database)
            func send(_ r: CaseRecord) async throws -> IngestResult {
                try await store.ingest([(0, r)], county: Fixture.county, scope: nil, actor: Self.actor, at: Fixture.now)
            }
            // act
            let created = try await send(Self.record("A", closed: nil, version: 0))
            let nulls = try await database.read { db in
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM case_records WHERE closed_on IS NULL AND satisfaction IS NULL
                    AND officers IS NULL AND legal_review IS NULL AND full_record IS NULL AND due_on = '2023-05-30'
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let newer = try await send(Self.record("A", closed: "2023-03-03", version: 60))
            let older = try await send(Self.record("A", closed: nil, version: 30))
            let cells = try await store.cells(county: Fixture.county, from: "2023-01", to: "2023-12")
            // check
            #expect(created.accepted.map(\.outcome) == [.created])
            #expect(nulls == 1, "absent values are stored as NULL (not as the bulk insert's sentinels)")
            #expect(newer.accepted.map(\.outcome) == [.updated])
            #expect(older.accepted.map(\.outcome) == [.unchanged])
            #expect(cells.count == 1)
            #expect(cells.first?.volume == 1 && cells.first?.closed == 1 && cells.first?.onTime == 1)
            #expect(cells.first?.durationDays == 2)
        }
    }
}
