import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// The engine's findings are stored (M051) and read back while the data they came from is unchanged; a change (here
/// a case import, which writes its audit entry) makes them stale: computed again on the read (`.onRead`), or served
/// marked stale until the scheduled round computes them (`.scheduled`).
@Suite("Stored findings of the adjustment engine")
struct StoredAnalysisTests {
    typealias L = LegacyListsTests
    typealias A = LegacyAnalysisTests

    static func keys(_ found: StoredFindings) -> Set<String> {
        Set(found.findings.map { "\($0.rule)|\($0.township)|\($0.itemCode)" })
    }

    static func storedRows(_ database: any Database) async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT county, as_of FROM analysis_results ORDER BY county").all().map {
                try $0.decode(column: "county", as: String.self) + "@" + $0.decode(column: "as_of", as: String.self)
            }
        }
    }

    @Test(
        "stored while unchanged, stale after a case import, computed again by the round or on the read",
        arguments: Engine.available)
    func lifecycle(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: XA granted without a case (R1 at both units and the district), XB at the town mostly handled
            // by the department (R2) — the planted county of LegacyAnalysisTests
            try await A.plant(database)
            let service = SuggestionService(database)
            let county = Fixture.county
            let town = Fixture.town.value
            let subdistrict = Fixture.subdistrict.value
            let planted: Set = ["R1|\(town)|XA", "R1|\(subdistrict)|XA", "R1|*|XA", "R2|\(town)|XB"]

            // act + check: the first read computes and stores
            let first = try await service.findings(county: county, asOf: L.asOf, today: L.asOf, refresh: .scheduled)
            #expect(Self.keys(first) == planted)
            #expect(!first.stale)
            #expect(try await Self.storedRows(database) == ["\(county)@\(L.asOf.iso)"])
            // unchanged data: the stored result, not a new run
            let again = try await service.findings(county: county, asOf: L.asOf, today: L.asOf, refresh: .scheduled)
            #expect(again.computedAt == first.computedAt)
            #expect(Self.keys(again) == planted)
            #expect(try await service.refreshIfChanged(county: county, today: L.asOf) == false)

            // cases of XA arrive at both units: the stored result is stale
            try await A.ingest(
                database,
                A.cases(item: "XA", township: Fixture.town, months: 1...6)
                    + A.cases(item: "XA", township: Fixture.subdistrict, months: 1...6))
            let stale = try await service.findings(county: county, asOf: L.asOf, today: L.asOf, refresh: .scheduled)
            #expect(stale.stale)
            #expect(stale.computedAt == first.computedAt)
            #expect(Self.keys(stale) == planted)
            // the scheduled round computes it again, once
            #expect(try await service.refreshIfChanged(county: county, today: L.asOf) == true)
            #expect(try await service.refreshIfChanged(county: county, today: L.asOf) == false)
            let fresh = try await service.findings(county: county, asOf: L.asOf, today: L.asOf, refresh: .scheduled)
            #expect(!fresh.stale)
            #expect(Self.keys(fresh) == ["R2|\(town)|XB"])

            // on the read: a change is computed before the answer
            try await A.ingest(database, A.cases(item: "XA", township: Fixture.town, months: 7...9, byDepartment: 2))
            let onRead = try await service.findings(county: county, asOf: L.asOf, today: L.asOf, refresh: .onRead)
            #expect(!onRead.stale)
            #expect(onRead.computedAt > fresh.computedAt)
            #expect(try await service.refreshIfChanged(county: county, today: L.asOf) == false)

            // another day is computed on the read and not stored; the statuses join the same findings
            let earlier = try await service.findings(
                county: county, asOf: L.asOf.adding(days: -200), today: L.asOf, refresh: .scheduled)
            #expect(!earlier.stale)
            #expect(try await Self.storedRows(database) == ["\(county)@\(L.asOf.iso)"])
            let (stored, statuses) = try await service.current(
                county: county, asOf: L.asOf, today: L.asOf, refresh: .scheduled)
            #expect(statuses.map(\.suggestion) == stored.findings)
            #expect(try await service.storedCounties() == [county])
        }
    }

    @Test("a change in another county leaves the stamp as it is; a change here moves it", arguments: Engine.available)
    func stampIsPerCounty(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await L.county(database)
            let service = SuggestionService(database)
            let before = try await service.stamp(county: Fixture.county)
            // act: an audit entry of another county, then one of this county
            try await AuditStore(database).record(
                AuditEvent(
                    county: "999999", actor: .system, at: Fixture.now, action: "test.other", subject: "x", detail: ""))
            let afterOther = try await service.stamp(county: Fixture.county)
            try await AuditStore(database).record(
                AuditEvent(
                    county: Fixture.county, actor: .system, at: Fixture.now, action: "test.here", subject: "x",
                    detail: ""))
            let afterHere = try await service.stamp(county: Fixture.county)
            // check
            #expect(afterOther == before)
            #expect(afterHere != before)
        }
    }

    @Test("readers computing at once replace the one row, none fails", arguments: Engine.available)
    func concurrentRecompute(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await A.plant(database)
            let service = SuggestionService(database)
            let stamp = try await service.stamp(county: Fixture.county)
            // act: five computations of the same day at once
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        try await service.recompute(county: Fixture.county, asOf: L.asOf, stamp: stamp).findings.count
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            // check
            #expect(results == [4, 4, 4, 4, 4])
            #expect(try await Self.storedRows(database) == ["\(Fixture.county)@\(L.asOf.iso)"])
        }
    }

    @Test(
        "the findings are decoded once per computation; a result another process stores is read, not the one kept",
        arguments: Engine.available)
    func decodedOncePerComputation(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: the planted county's result, computed and stored
            try await A.plant(database)
            let service = SuggestionService(database)
            let first = try await service.findings(
                county: Fixture.county, asOf: L.asOf, today: L.asOf, refresh: .onRead)
            // the first read of a stored computation decodes it and keeps it (computing keeps nothing: a province
            // round would fill the cache with counties nobody reads)
            let read = try await service.findings(county: Fixture.county, asOf: L.asOf, today: L.asOf, refresh: .onRead)
            // act 1: the row's text is overwritten in place (no product path does this): the kept value is served,
            // so the text was not read again
            try await database.transaction { db in
                try await db.raw("UPDATE analysis_results SET findings = 'not json'").run()
            }
            let kept = try await service.findings(county: Fixture.county, asOf: L.asOf, today: L.asOf, refresh: .onRead)
            // act 2: another process stores a new computation (a new time): it is read and decoded
            try await database.transaction { db in
                try await db.raw("UPDATE analysis_results SET findings = '[]', computed_at = computed_at + 1").run()
            }
            let other = try await service.findings(
                county: Fixture.county, asOf: L.asOf, today: L.asOf, refresh: .onRead)
            // check
            #expect(first.findings.count == 4)
            #expect(read.findings == first.findings && read.computedAt == first.computedAt)
            #expect(kept.findings == first.findings && kept.computedAt == first.computedAt)
            #expect(other.findings.isEmpty)
            #expect(other.computedAt == Date(micros: first.computedAt.micros + 1))
        }
    }

    @Test(
        "a county whose findings fail to be stored is reported failed, the others are stored, the next round tries it",
        arguments: Engine.available)
    func roundStoreFails(engine: Engine) async throws {
        try await withDatabase(engine) { base in
            // setup: the planted county (the most running delegations: computed and stored first) and an empty one
            try await A.plant(base)
            let database = FailingDatabase(base)
            let service = SuggestionService(database)
            let counties = ["999999", Fixture.county]
            database.failTransaction(number: 1)
            // act
            let first = await service.refreshAll(counties, today: L.asOf, concurrency: 1)
            let rows = try await Self.storedRows(base)
            let second = await service.refreshAll(counties, today: L.asOf, concurrency: 1)
            // check
            #expect(first.map(\.county) == counties)
            #expect(try first[0].outcome.get() != nil)
            #expect(throws: FailingDatabase.Failure.self) { try first[1].outcome.get() }
            #expect(rows == ["999999@\(L.asOf.iso)"])
            #expect(try second[0].outcome.get() == nil, "unchanged since it was stored")
            #expect(try second[1].outcome.get() != nil, "computed again: nothing was stored")
            #expect(try await Self.storedRows(base) == counties.sorted().map { "\($0)@\(L.asOf.iso)" })
        }
    }

    @Test(
        "a round computes the counties whose data moved, two at a time, and reports each in order",
        arguments: Engine.available)
    func roundOverCounties(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: the planted county and a county with no data at all
            try await A.plant(database)
            let service = SuggestionService(database)
            let counties = [Fixture.county, "999999"]
            // act
            let first = await service.refreshAll(counties, today: L.asOf, concurrency: 2)
            let unchanged = await service.refreshAll(counties, today: L.asOf, concurrency: 2)
            try await A.ingest(database, A.cases(item: "XA", township: Fixture.town, months: 1...6))
            let afterCases = await service.refreshAll(counties, today: L.asOf, concurrency: 2)
            let forced = await service.refreshAll(counties, today: L.asOf, force: true, concurrency: 2)
            // check: a duration where the county was computed, nil where its stamp had not moved
            func computed(_ round: [(county: String, outcome: Result<Duration?, any Error>)]) throws -> [String] {
                try round.compactMap { try $0.outcome.get() == nil ? nil : $0.county }
            }
            #expect(first.map(\.county) == counties)
            #expect(try computed(first) == counties)
            #expect(try computed(unchanged) == [])
            #expect(try computed(afterCases) == [Fixture.county])
            #expect(try computed(forced) == counties)
            #expect(try await Self.storedRows(database) == counties.map { "\($0)@\(L.asOf.iso)" }.sorted())
            let found = try await service.findings(
                county: Fixture.county, asOf: L.asOf, today: L.asOf, refresh: .scheduled)
            #expect(!found.stale)
            #expect(Self.keys(found) == ["R1|\(Fixture.subdistrict.value)|XA", "R2|\(Fixture.town.value)|XB"])
        }
    }

    @Test(
        "a round starts with the county that has the most running delegations, and reports in the order given",
        arguments: Engine.available)
    func largestFirst(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: a county with no data, given first, and the planted county with its delegations
            try await A.plant(database)
            let service = SuggestionService(database)
            let counties = ["999999", Fixture.county]
            let sizes = try await DelegationStore(database).runningCounts()
            // act: one county at a time
            let round = await service.refreshAll(counties, today: L.asOf, concurrency: 1)
            // check
            let computedAt = try await database.read { db in
                try await db.raw("SELECT county, computed_at FROM analysis_results").all().reduce(into: [:]) {
                    (found: inout [String: Int64], row) in
                    found[try row.decode(column: "county", as: String.self)] = try row.decode(
                        column: "computed_at", as: Int64.self)
                }
            }
            #expect(sizes == [Fixture.county: 6], "the planted county's delegations, and none elsewhere")
            #expect(round.map(\.county) == counties)
            #expect(try round.allSatisfy { try $0.outcome.get() != nil })
            let (planted, empty) = (try #require(computedAt[Fixture.county]), try #require(computedAt["999999"]))
            #expect(planted < empty, "the planted county was computed first")
        }
    }
}
