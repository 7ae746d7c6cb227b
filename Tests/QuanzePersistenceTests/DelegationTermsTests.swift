import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// The analysis reads a delegation's terms from their own columns (M052), not from the record's JSON: what it reads
/// must be what the whole record says, for records saved by the store and for rows stored before the step.
@Suite("Delegation terms read from their columns, on both engines")
struct DelegationTermsTests {
    static let establishment = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "EST")

    /// 赋权 with a schedule from a given day, the same evaluated twice, one written before schedules were kept, a
    /// 委托 with a term's end, and a recalled one.
    static func records() throws -> [Delegation] {
        func legacy(_ id: String, _ mode: DelegationMode, until: Day? = nil, months: Int? = nil, from: Day? = nil)
            -> Delegation
        {
            Delegation.legacy(
                id: id, county: Fixture.county, decision: "大安府发〔2021〕11号", mode: mode,
                item: Fixture.item("XC-\(id)", "测试事项"), department: ("D-AG", "区农业农村局"),
                unit: (Fixture.town.value, "白马镇"), effectiveOn: Day(iso: "2021-06-25")!, until: until,
                lists: [.empowerment], by: .system, at: Fixture.now, evaluationMonths: months, evaluationsFrom: from)
        }
        let scheduled = legacy("G-1", .granted, months: 6, from: Day(iso: "2023-11-14")!)
        let evaluated = try scheduled.evaluating(
            on: Day(iso: "2024-01-20")!, conclusion: .keep, findings: "办件正常", by: Self.establishment, at: Fixture.now
        ).evaluating(
            on: Day(iso: "2024-07-22")!, conclusion: .keep, findings: "办件正常", by: Self.establishment, at: Fixture.now)
        var renamed = evaluated
        renamed.id = "G-2"
        var old = legacy("G-3", .granted)
        old.evaluationMonths = nil
        let entrusted = legacy("G-4", .entrusted, until: Day(iso: "2026-06-30")!)
        var recalled = legacy("G-5", .granted, months: 12)
        recalled.state = .recalled
        return [scheduled, renamed, old, entrusted, recalled]
    }

    /// What the terms say, field by field, as text: equal texts, equal terms.
    static func describe(_ t: Delegation.Terms) -> String {
        [
            t.unit, t.itemCode, t.mode.rawValue, t.state.rawValue, t.effectiveOn.iso, t.transitionEnds.iso,
            t.termEnds?.iso ?? "-", t.lastEvaluation?.iso ?? "-", t.evaluationDue?.iso ?? "-",
        ].joined(separator: " ")
    }

    static func describe(_ d: Delegation) -> String {
        [
            d.unit, d.itemCode, d.mode.rawValue, d.state.rawValue, d.effectiveOn.iso, d.transitionEnds.iso,
            d.termEnds?.iso ?? "-", d.lastEvaluation?.iso ?? "-", d.evaluationDue?.iso ?? "-",
        ].joined(separator: " ")
    }

    static func read(_ database: any Database) async throws -> [String] {
        let store = DelegationStore(database)
        return try await
            (store.terms(county: Fixture.county, state: .active)
            + store.terms(county: Fixture.county, state: .recalled)).map(describe)
    }

    @Test("a record the store saves reads back as the terms its whole record states", arguments: Engine.available)
    func savedRecords(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let records = try Self.records()
            // act
            try await database.transaction { db in
                try await DelegationStore.save(try records.map { try DelegationStore.row($0, at: Fixture.now) }, on: db)
            }
            let read = try await Self.read(database)
            // check
            #expect(read == records.map(Self.describe))
            #expect(
                Set(records.map { $0.evaluationDue?.iso ?? "-" }).count == 4 && records[1].lastEvaluation != nil,
                "the records differ in what is checked")
        }
    }

    @Test("SQLite reads the terms from the index of M053 alone, not from the rows and their JSON")
    func termsFromIndex() async throws {
        try await withDatabase(.sqlite) { database in
            let plan = try await database.read { db in
                try await db.raw(
                    "EXPLAIN QUERY PLAN " + DelegationStore.termsQuery(county: Fixture.county, state: .active)
                ).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(
                plan == [
                    "SEARCH delegation_records USING COVERING INDEX delegation_records_terms (county=? AND kind=? AND state=?)"
                ])
        }
    }

    @Test(
        "M052 fills the terms of the delegations stored before it from their JSON, and only theirs",
        arguments: Engine.available)
    func migrationFillsTerms(engine: Engine) async throws {
        try await CasePartitionTests.withUnmigrated(engine) { database in
            // setup: a database up to the step before (and without the index of M053 on its columns), with records
            // and a proposal stored as rows were then
            let later = ["M052_DelegationTerms", "M053_DelegationTermsIndex"]
            try await Migrator.migrate(database, steps: Migrator.all.filter { !later.contains($0.id) })
            let records = try Self.records()
            try await database.transaction { db in
                for (kind, record) in records.map({ ("delegation", $0) }) + [("proposal", records[0])] {
                    try await db.raw(
                        """
                        INSERT INTO delegation_records (county, kind, id, state, unit, department, item_code, payload,
                          updated_at)
                        VALUES (\(bind: record.county), \(bind: kind), \(bind: record.id), \(bind: record.state.rawValue),
                          \(bind: record.unit), \(bind: record.department), \(bind: record.itemCode),
                          \(bind: try RecordJSON.text(record)), 1)
                        """
                    ).run()
                }
            }
            // act
            let applied = try await Migrator.migrate(database)
            let read = try await Self.read(database)
            let proposalTerms = try await database.read { db in
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM delegation_records WHERE kind = 'proposal' AND mode IS NULL
                    AND effective_on IS NULL AND transition_ends IS NULL AND last_evaluation IS NULL
                    """
                ).first()?.decode(column: "n", as: Int.self)
            }
            // check
            #expect(applied == later)
            #expect(read == records.map(Self.describe))
            #expect(proposalTerms == 1, "another kind's row keeps no terms")
        }
    }
}
