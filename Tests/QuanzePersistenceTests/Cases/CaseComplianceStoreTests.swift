import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// What the statutes require of cases, through the store on both engines: named officers counted from the capacity
/// records' 执法证, the checks stored with the record and summed in the indicator cells in the ingest transaction,
/// non-compliant cases accepted, a newer version moving its contribution exactly.
@Suite("Case compliance in the store on both engines")
struct CaseComplianceStoreTests {
    static let actor = Actor(name: "xitong", role: "system")
    static let march = Day(iso: "2023-03-01")!

    static func penalty(_ id: String, version: TimeInterval = 0, _ change: (inout CaseRecord) -> Void) -> CaseRecord {
        var r = CaseRecord(
            county: Fixture.county, source: "掌上执法", externalId: id,
            sourceVersion: Fixture.now.addingTimeInterval(version), itemCode: "CF-1", township: Fixture.town.value,
            handler: .township, kind: .enforcement, receivedOn: march, closedOn: march.adding(days: 2), officers: 2,
            fullRecord: true, filedOn: march)
        change(&r)
        return r
    }

    /// ZF-1 holds a 执法证 valid through 2023, ZF-2 one that expired in 2022, ZF-3 one valid from 2023-03-01.
    static func certificates(_ database: any Database) async throws {
        try await database.transaction { db in
            for (staff, issued, expires) in [
                ("ZF-1", "2020-01-01", "2023-12-31"), ("ZF-2", "2019-01-01", "2022-12-31"),
                ("ZF-3", "2023-03-01", "2026-02-28"),
            ] {
                try await db.raw(
                    """
                    INSERT INTO capacity_certificates (county, id, staff_id, unit, kind, number, issued_on, expires_on)
                    VALUES (\(bind: Fixture.county), \(bind: staff + "|enforcement|1"), \(bind: staff),
                    \(bind: Fixture.town.value), 'enforcement', '1', \(bind: issued), \(bind: expires))
                    """
                ).run()
            }
        }
    }

    @Test(
        "non-compliant cases are accepted and counted per check; a newer version moves its contribution",
        arguments: Engine.available)
    func ingest(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: a licensing item besides the fixture's penalties, and three officers' certificates
            try await Fixture.load(database)
            try await database.transaction { db in
                try await ItemStore(database).save([Fixture.item("XK-1", "食品经营许可", .licensing)], on: db)
            }
            try await Self.certificates(database)
            let store = CaseStore(database)
            let oneCertified = Self.penalty("A") { $0.officerIds = ["ZF-1", "ZF-2"] }
            let reviewed = Self.penalty("B") {
                $0.reviewTriggers = [.complex, .hearing]
                $0.legalReview = true
            }
            let late = Self.penalty("C") {
                $0.closedOn = Day(iso: "2023-06-20")!
                $0.extensionDays = 10
                $0.fullRecord = false
            }
            let licence = CaseRecord(
                county: Fixture.county, source: "政务服务平台", externalId: "L", sourceVersion: Fixture.now,
                itemCode: "XK-1", township: Fixture.town.value, handler: .township, kind: .application,
                receivedOn: Self.march, closedOn: Day(iso: "2023-04-20")!, extensionApproved: true)
            // act
            let first = try await store.ingest(
                [(0, oneCertified), (1, reviewed), (2, late), (3, licence)], county: Fixture.county, scope: nil,
                actor: Self.actor, at: Fixture.now)
            let before = IndicatorCell.total(
                try await store.cells(county: Fixture.county, from: "2023-03", to: "2023-03"), county: "", label: ""
            )
            .compliance
            let newer = try await store.ingest(
                [(0, Self.penalty("A", version: 60) { $0.officerIds = ["ZF-1", "ZF-3"] })], county: Fixture.county,
                scope: nil, actor: Self.actor, at: Fixture.now)
            let after = IndicatorCell.total(
                try await store.cells(county: Fixture.county, from: "2023-03", to: "2023-03"), county: "", label: ""
            )
            .compliance
            let stored = try await database.read { db in
                try await db.raw(
                    "SELECT \(unsafeRaw: CaseStore.storedColumns) FROM case_records ORDER BY external_id"
                ).all().compactMap { try CaseRecord(row: $0, county: Fixture.county) }
            }
            // check: every case accepted
            #expect(first.rejected.isEmpty && first.accepted.count == 4)
            #expect(newer.accepted.map(\.outcome) == [.updated])
            // check: A one certified officer; C 111 days after 立案 with 10 days' extension, no recording; the licence
            // 36 working days after acceptance, over 30
            #expect(before.cases == 4 && before.nonCompliant == 3)
            #expect(before.checked(.officers) == 3 && before.broken(.officers) == 1)
            #expect(before.checked(.legalReview) == 1 && before.broken(.legalReview) == 0)
            #expect(before.checked(.fullRecord) == 3 && before.broken(.fullRecord) == 1)
            #expect(before.checked(.decisionLimit) == 3 && before.broken(.decisionLimit) == 1)
            #expect(before.checked(.licensingLimit) == 1 && before.broken(.licensingLimit) == 1)
            // check: the newer A names two certified officers: one non-compliant case less, nothing else moved
            #expect(after.cases == 4 && after.nonCompliant == 2)
            #expect(after.checked(.officers) == 3 && after.broken(.officers) == 0)
            #expect(after.broken(.fullRecord) == 1 && after.broken(.decisionLimit) == 1)
            // check: the record keeps what was sent and what was fixed
            let a = try #require(stored.first { $0.externalId == "A" })
            let b = try #require(stored.first { $0.externalId == "B" })
            let c = try #require(stored.first { $0.externalId == "C" })
            let l = try #require(stored.first { $0.externalId == "L" })
            #expect(a.officerIds == ["ZF-1", "ZF-3"] && a.officers == 2 && a.compliance?.brokenChecks == [])
            #expect(b.reviewTriggers == [.complex, .hearing] && b.legalReview == true)
            #expect(c.filedOn == Self.march && c.extensionDays == 10 && c.extendedTo == nil)
            #expect(c.compliance?.brokenChecks == [.fullRecord, .decisionLimit])
            #expect(l.extensionApproved == true && l.compliance?.brokenChecks == [.licensingLimit])
        }
    }
}
