import Foundation
import Testing

@testable import QuanzeDomain

@Suite("An ingest batch: checked against the reference data, then merged with the stored versions")
struct CaseBatchTests {
    static let town = "510104100000"
    static let reference = CaseReference(
        items: ["XM-001", "XM-002"], limits: ["XM-001": TimeLimit(amount: 3, unit: .naturalDays)],
        townships: [town, "510104001000"], calendar: HolidayCalendar())

    static func record(
        _ id: String, item: String = "XM-001", received: String = "2023-03-01", closed: String? = nil,
        version: Date = Fixture.t0
    ) -> CaseRecord {
        CaseRecord(
            county: Fixture.county, source: "一体化平台", externalId: id, sourceVersion: version, itemCode: item,
            township: town, handler: .township, kind: .application, receivedOn: Fixture.day(received),
            closedOn: closed.map(Fixture.day))
    }

    @Test("prepare: invalid records and repeats of an id are rejected with their index; due days are fixed")
    func prepare() {
        // setup
        let records: [CaseBatch.Indexed] = [
            (0, Self.record("a")), (1, Self.record("b", item: "XX")), (2, Self.record("a")),
            (3, Self.record("c", item: "XM-002")),
        ]
        // act
        let (valid, rejected) = CaseBatch.prepare(records, reference: Self.reference, scope: nil)
        // check
        #expect(valid.map(\.index) == [0, 3])
        #expect(rejected.map(\.index) == [1, 2])
        #expect(rejected[0].reason == CaseRejection.unknownItem("XX").message)
        #expect(rejected[1].reason == CaseRejection.duplicateInBatch("a").message)
        #expect(valid[0].record.dueOn == Fixture.day("2023-03-04"), "three natural days from the item's limit")
        #expect(valid[1].record.dueOn == nil, "an item without a limit gives no due day")
    }

    @Test("merge: new records are created; an older or equal version leaves the stored one alone")
    func versions() {
        // setup
        let stored = Self.record("a", closed: "2023-03-02", version: Fixture.t1)
        let existing = [CaseBatch.key(source: stored.source, externalId: "a"): stored]
        let batch: [CaseBatch.Indexed] = [
            (0, Self.record("a", version: Fixture.t0)), (1, Self.record("a", version: Fixture.t1)),
            (2, Self.record("b")),
        ]
        // act
        let merge = CaseBatch.merge(batch, existing: existing, county: Fixture.county)
        // check
        #expect(merge.accepted.map(\.outcome) == [.unchanged, .unchanged, .created])
        #expect(merge.writes.map(\.externalId) == ["b"])
        #expect(merge.deltas.map(\.volume) == [1])
    }

    @Test("merge: a newer version removes exactly what the stored one added, also across months")
    func newerVersion() throws {
        // setup: stored closed late in March (due 03-04); the newer version moves it to April, closed on time
        let stored = { () -> CaseRecord in
            var r = Self.record("a", closed: "2023-03-10", version: Fixture.t0)
            r.dueOn = Fixture.day("2023-03-04")
            return r
        }()
        var newer = Self.record("a", received: "2023-04-01", closed: "2023-04-02", version: Fixture.t1)
        newer.dueOn = Fixture.day("2023-04-04")
        // act
        let merge = CaseBatch.merge(
            [(0, newer)], existing: [CaseBatch.key(source: stored.source, externalId: "a"): stored],
            county: Fixture.county)
        // check
        #expect(merge.accepted.map(\.outcome) == [.updated])
        let march = try #require(merge.deltas.first { $0.month == "2023-03" })
        let april = try #require(merge.deltas.first { $0.month == "2023-04" })
        #expect(march.volume == -1 && march.closed == -1 && march.overdue == -1 && march.onTime == 0)
        #expect(march.durationDays == -9)
        #expect(april.volume == 1 && april.onTime == 1 && april.overdue == 0 && april.durationDays == 1)
        #expect(merge.deltas.map(\.key) == merge.deltas.map(\.key).sorted(), "cells come in a fixed lock order")
    }

    @Test("applying a batch twice in any order of versions ends in the same cells as the newest alone")
    func convergence() {
        // setup: three versions of one record applied in every order, each against what the previous one stored
        let versions = [
            Self.record("a", closed: "2023-03-02", version: Fixture.t0),
            Self.record("a", received: "2023-05-01", version: Fixture.t1),
            Self.record("a", received: "2023-06-01", closed: "2023-06-30", version: Fixture.t2),
        ].map { r -> CaseRecord in
            var fixed = r
            fixed.dueOn = CaseDue.due(r, limit: TimeLimit(amount: 3, unit: .naturalDays), calendar: HolidayCalendar())
            return fixed
        }
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        func cells(_ order: [Int]) -> [String: IndicatorCell] {
            var stored: [String: CaseRecord] = [:]
            var totals: [String: IndicatorCell] = [:]
            for i in order {
                let merge = CaseBatch.merge([(0, versions[i])], existing: stored, county: Fixture.county)
                for w in merge.writes { stored[CaseBatch.key(source: w.source, externalId: w.externalId)] = w }
                for d in merge.deltas {
                    var t =
                        totals[d.key]
                        ?? IndicatorCell(county: d.county, township: d.township, itemCode: d.itemCode, month: d.month)
                    t.add(d)
                    totals[d.key] = t
                }
            }
            return totals.filter {
                $0.value
                    != IndicatorCell(
                        county: $0.value.county, township: $0.value.township, itemCode: $0.value.itemCode,
                        month: $0.value.month)
            }
        }
        // act
        let results = orders.map(cells)
        // check
        #expect(Set(results.map { $0.keys.sorted() }).count == 1)
        #expect(results.allSatisfy { $0 == results[0] })
        #expect(results[0].keys.sorted() == ["\(Self.town)|XM-001|2023-06"])
    }
}
