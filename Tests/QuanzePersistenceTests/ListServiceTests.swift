import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

@Suite("Lists on every engine")
struct ListServiceTests {
    static let d2021 = Day(iso: "2021-03-01")!
    static let d2022 = Day(iso: "2022-06-01")!

    func add(_ item: String, _ list: ListKind = .enforcement, mode: AssignmentMode = .granted, from: Day = d2021)
        -> ListChange
    {
        .add(township: Fixture.town, itemCode: item, list: list, terms: .init(mode: mode), from: from, until: nil)
    }

    @Test("SQL as-of reads agree with the pure ListQuery over days and record times", arguments: Engine.available)
    func asOfAgreesWithDomain(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let service = ListService(database)
            let t1 = Fixture.now
            let t2 = t1.addingTimeInterval(3600)
            try await service.apply(
                [add("CF-1"), add("CF-2")], county: Fixture.county, citation: .decision(Fixture.decision.number),
                actor: .system, at: t1)
            let store = ListStore(database)
            let entry = try await store.inForce(county: Fixture.county, township: Fixture.town, on: Self.d2021).first {
                $0.itemCode == "CF-2"
            }!
            // act: end CF-2 from mid-2022, then correct CF-1's mode (勘误) an hour later
            try await service.apply(
                [.end(entryId: entry.entryId, on: Self.d2022)], county: Fixture.county,
                citation: .decision(Fixture.decision.number), actor: .system, at: t1.addingTimeInterval(60))
            let cf1 = try await store.inForce(county: Fixture.county, township: Fixture.town, on: Self.d2021).first {
                $0.itemCode == "CF-1"
            }!
            try await service.apply(
                [
                    .rewrite(
                        entryId: cf1.entryId, terms: .init(mode: .entrusted, partner: "大安区市场监督管理局"),
                        validFrom: Self.d2021, validTo: nil)
                ],
                county: Fixture.county, citation: .correction(reason: "录入时方式填错，应为委托"), actor: .system, at: t2)
            // check
            let history = try await store.history(county: Fixture.county, township: Fixture.town)
            for day in ["2021-02-28", "2021-03-01", "2022-05-31", "2022-06-01", "2023-12-31"].map({ Day(iso: $0)! }) {
                for knownAt in [nil, t1, t1.addingTimeInterval(61), t2.addingTimeInterval(-1), t2] as [Date?] {
                    let sql = try await store.inForce(
                        county: Fixture.county, township: Fixture.town, on: day, knownAt: knownAt)
                    let pure = ListQuery.inForce(history, on: day, knownAt: knownAt)
                    #expect(
                        Set(sql.map(\.id)) == Set(pure.map(\.id)), "day \(day) knownAt \(String(describing: knownAt))")
                }
            }
            let now2023 = try await store.inForce(
                county: Fixture.county, township: Fixture.town, on: Day(iso: "2023-12-31")!)
            #expect(now2023.map(\.itemCode) == ["CF-1"])
            #expect(now2023.first?.mode == .entrusted)
            let before = try await store.inForce(
                county: Fixture.county, township: Fixture.town, on: Day(iso: "2023-12-31")!,
                knownAt: t2.addingTimeInterval(-1))
            #expect(before.first { $0.itemCode == "CF-1" }?.mode == .granted)
            let diff = ListDiff.between(history, from: Self.d2021, to: Day(iso: "2023-12-31")!)
            #expect(diff.removed.map(\.itemCode) == ["CF-2"])
            #expect(diff.removed.first?.endDecision == Fixture.decision.number)
        }
    }

    @Test("a batch with one refused change writes nothing, not even an audit entry", arguments: Engine.available)
    func refusedBatchIsAtomic(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let audit = AuditStore(database)
            let before = try await audit.count(county: Fixture.county)
            // act
            await #expect(throws: ListServiceFailure.rule(.statutoryModeOnlyForStatutoryList, index: 2)) {
                try await ListService(database).apply(
                    [add("CF-1"), add("CF-2", .empowerment, mode: .statutory)], county: Fixture.county,
                    citation: .decision(Fixture.decision.number), actor: .system, at: Fixture.now)
            }
            // check
            let entries = try await ListStore(database).history(county: Fixture.county, township: Fixture.town)
            #expect(entries.isEmpty)
            #expect(try await audit.count(county: Fixture.county) == before)
        }
    }

    @Test("unknown decision, item and township are refused by name", arguments: Engine.available)
    func unknownReferences(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let service = ListService(database)
            // act / check
            await #expect(throws: ListServiceFailure.unknownDecision("大安编发〔2099〕1号")) {
                try await service.apply(
                    [add("CF-1")], county: Fixture.county, citation: .decision("大安编发〔2099〕1号"), actor: .system,
                    at: Fixture.now)
            }
            await #expect(throws: ListServiceFailure.unknownItem("NOPE")) {
                try await service.apply(
                    [add("NOPE")], county: Fixture.county, citation: .decision(Fixture.decision.number), actor: .system,
                    at: Fixture.now)
            }
            await #expect(throws: ListServiceFailure.unknownTownship("510304999000")) {
                try await service.apply(
                    [
                        .add(
                            township: RegionCode("510304999000")!, itemCode: "CF-1", list: .enforcement,
                            terms: .init(mode: .granted), from: Self.d2021, until: nil)
                    ],
                    county: Fixture.county, citation: .decision(Fixture.decision.number), actor: .system,
                    at: Fixture.now)
            }
        }
    }

    @Test("every change leaves one hash-chained audit entry; tampering is detected", arguments: Engine.available)
    func auditChain(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let service = ListService(database)
            // act
            try await service.apply(
                [add("CF-1"), add("CF-2")], county: Fixture.county, citation: .decision(Fixture.decision.number),
                actor: .system, at: Fixture.now)
            try await service.apply(
                [add("QT-1", .territorial, mode: .statutory)].map { _ in
                    ListChange.add(
                        township: Fixture.subdistrict, itemCode: "QT-1", list: .territorial,
                        terms: .init(mode: .statutory, role: .primary, partner: "大安区应急管理局"), from: Self.d2021,
                        until: nil)
                }, county: Fixture.county, citation: .decision(Fixture.decision.number), actor: .system, at: Fixture.now
            )
            // check
            let audit = AuditStore(database)
            let entries = try await audit.search(AuditFilter(county: Fixture.county)).entries
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0.actor == "system" && $0.action == "list.change" })
            #expect(try await audit.verify(county: Fixture.county) == nil)
            try await database.transaction { db in
                try await db.raw("UPDATE audit_entries SET detail = 'x' WHERE county = '510304' AND seq = 1").run()
            }
            #expect(try await audit.verify(county: Fixture.county) == 1)
        }
    }

    @Test("migrations are recorded and not applied twice", arguments: Engine.available)
    func migrationsIdempotent(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: `open` already migrated
            // act
            let applied = try await Migrator.migrate(database)
            // check
            #expect(applied.isEmpty)
            let count = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(count == Migrator.all.count)
        }
    }
}
