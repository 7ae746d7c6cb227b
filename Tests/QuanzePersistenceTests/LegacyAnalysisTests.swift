import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// A synthetic county loaded ONLY through the import paths (items, provincial catalogue, existing lists, cases):
/// the suggestion engine must find exactly the problems planted in its data — never a silent all-clear.
@Suite("The engine on a county that arrived with its lists")
struct LegacyAnalysisTests {
    typealias L = LegacyListsTests

    /// Cases of 2023 from a CSV, through the staff import: `count` per month from `months`, `byDepartment` of each
    /// month handled by the department, all closed on time.
    static func cases(item: String, township: RegionCode, months: ClosedRange<Int>, byDepartment: Int = 0) -> [String] {
        months.flatMap { m in
            (0..<2).map { n in
                let month = String(format: "2023-%02d", m)
                let handler = n < byDepartment ? "department" : "township"
                return
                    "t,\(item)-\(township.value)-\(m)-\(n),\(month)-01,\(item),\(township.value),\(handler),application,\(month)-05,\(month)-20,\(month)-10"
            }
        }
    }

    static func ingest(_ database: any Database, _ lines: [String]) async throws {
        let csv =
            "source,external_id,source_version,item_code,township,handler,kind,received_on,due_on,closed_on\n"
            + lines.joined(separator: "\n") + "\n"
        let parsed = CaseImport.parse(Data(csv.utf8), county: Fixture.county)
        _ = try await CaseStore(database).importFile(
            parsed.records, issues: parsed.issues, county: Fixture.county, scope: nil, actor: .system, at: Fixture.now)
    }

    static func findings(_ database: any Database) async throws -> Set<String> {
        Set(
            try await SuggestionService(database).run(county: Fixture.county, asOf: L.asOf).map {
                "\($0.suggestion.rule)|\($0.suggestion.township)|\($0.suggestion.itemCode)"
            })
    }

    /// The planted county: XA, XB, XC granted to both units through the imports; XA has no case (R1 at both
    /// units and the district), XB at the town is mostly handled by the department (R2), XC is healthy.
    static func plant(_ database: any Database) async throws {
        try await L.county(database)
        _ = try await L.catalogue(database)
        var rows = [L.header]
        for (i, item) in ["XA", "XB", "XC"].enumerated() {
            for unit in ["大山铺镇", "大安街道"] {
                rows.append(
                    "\(unit),\(item),扩权赋能清单,赋权,,,\(i == 0 && unit == "大山铺镇" ? L.granted : L.grant + ",,,"),2022-01-10,"
                )
            }
        }
        _ = try await L.assignments(database, rows.joined(separator: "\n") + "\n")
        try await ingest(
            database,
            cases(item: "XB", township: Fixture.town, months: 1...3, byDepartment: 2)
                + cases(item: "XB", township: Fixture.subdistrict, months: 1...6)
                + cases(item: "XC", township: Fixture.town, months: 1...6)
                + cases(item: "XC", township: Fixture.subdistrict, months: 1...6))
    }

    @Test(
        "items without cases give R1, an item the department mostly handles gives R2, the healthy one nothing",
        arguments: Engine.available)
    func planted(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: XA, XB, XC granted to both units; XA has no case, XB at the town is mostly the department's
            try await Self.plant(database)
            let town = Fixture.town.value
            let subdistrict = Fixture.subdistrict.value
            // act
            let found = try await Self.findings(database)
            // check
            #expect(found == ["R1|\(town)|XA", "R1|\(subdistrict)|XA", "R1|*|XA", "R2|\(town)|XB"])
        }
    }

    @Test(
        "delegated entries on the empowerment list written without a delegation record are still analysed",
        arguments: Engine.available)
    func noRecord(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: a granted entry put on the empowerment list directly (no lifecycle, no import): no record holds
            // it; and a public service a department entrusts, on the approval list alone (not a handed-down power)
            try await L.county(database)
            try await ListService(database).apply(
                [
                    .add(
                        township: Fixture.town, itemCode: "XC", list: .empowerment, terms: .init(mode: .granted),
                        from: Day(iso: "2022-01-10")!, until: nil),
                    .add(
                        township: Fixture.town, itemCode: "XB", list: .approval,
                        terms: .init(mode: .entrusted, partner: "大安区应急管理局"), from: Day(iso: "2022-01-10")!, until: nil),
                ], county: Fixture.county, citation: .decision(Fixture.decision.number), actor: .system, at: Fixture.now
            )
            // act
            let input = try await SuggestionService(database).input(county: Fixture.county, asOf: L.asOf)
            let found = try await Self.findings(database)
            // check
            #expect(try await DelegationStore(database).list(Delegation.self, county: Fixture.county).isEmpty)
            #expect(input.delegations.map { "\($0.township)|\($0.itemCode)" } == ["\(Fixture.town.value)|XC"])
            #expect(found == ["R1|\(Fixture.town.value)|XC"])
        }
    }

    @Test(
        "an entry a running record covers on the day counts from the record; one whose record is not in force from itself",
        arguments: Engine.available)
    func coveredEntries(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: 赋权 entries from 2022-01-10 of XA, XB, XC at the town and XA at the subdistrict; records of the
            // same: at the town XA in force since 2021-06-25, XB not yet in effect, XC a 委托 whose term ended; at the
            // subdistrict XA recalled
            try await L.county(database)
            let pairs = [(Fixture.town, "XA"), (Fixture.town, "XB"), (Fixture.town, "XC"), (Fixture.subdistrict, "XA")]
            try await ListService(database).apply(
                pairs.map {
                    .add(
                        township: $0.0, itemCode: $0.1, list: .empowerment, terms: .init(mode: .granted),
                        from: Day(iso: "2022-01-10")!, until: nil)
                }, county: Fixture.county, citation: .decision(Fixture.decision.number), actor: .system, at: Fixture.now
            )
            func record(_ unit: RegionCode, _ item: String, _ mode: DelegationMode, from: String, until: String? = nil)
                -> Delegation
            {
                Delegation.legacy(
                    id: "R-\(unit.value)-\(item)", county: Fixture.county, decision: "大安府发〔2021〕11号", mode: mode,
                    item: Fixture.item(item, "测试事项"), department: ("D-AG", "区农业农村局"), unit: (unit.value, "镇街"),
                    effectiveOn: Day(iso: from)!, until: until.map { Day(iso: $0)! }, lists: [.empowerment],
                    by: .system, at: Fixture.now)
            }
            var recalled = record(Fixture.subdistrict, "XA", .granted, from: "2021-06-25")
            recalled.state = .recalled
            let records = [
                record(Fixture.town, "XA", .granted, from: "2021-06-25"),
                record(Fixture.town, "XB", .granted, from: "2024-03-01"),
                record(Fixture.town, "XC", .entrusted, from: "2021-06-25", until: "2023-06-30"), recalled,
            ]
            try await database.transaction { db in
                try await DelegationStore.save(try records.map { try DelegationStore.row($0, at: Fixture.now) }, on: db)
            }
            // act
            let input = try await SuggestionService(database).input(county: Fixture.county, asOf: L.asOf)
            // check
            let (town, subdistrict) = (Fixture.town.value, Fixture.subdistrict.value)
            #expect(
                input.delegations.map { "\($0.township) \($0.itemCode) \($0.mode.rawValue) \($0.effectiveOn.iso)" }
                    .sorted()
                    == [
                        "\(subdistrict) XA granted 2022-01-10", "\(town) XA granted 2021-06-25",
                        "\(town) XB granted 2022-01-10", "\(town) XC granted 2022-01-10",
                    ].sorted())
        }
    }
}
