import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// A county adopting Quanze with lists in force (DESIGN §11): its provincial grant catalogue and its lists come in
/// through the imports, and every delegated entry becomes a delegation record in force marked 存量, which orders,
/// recall and the suggestion engine treat as any other.
@Suite("Existing lists become delegations in force")
struct LegacyListsTests {
    static let province = "川办发〔2020〕85号"
    static let grant = "大安府发〔2022〕9号"
    static let asOf = Day(iso: "2023-12-31")!
    static let establishment = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "EST")
    static let justice = Principal(username: "sifa", role: .justice, county: Fixture.county, organization: "JUS")
    static let market = Principal(username: "shichang", role: .department, county: Fixture.county, organization: "D1")

    static func township(_ code: RegionCode) -> Principal {
        Principal(
            username: "u\(code.value)", role: .township, county: Fixture.county, organization: code.value,
            unit: code.value)
    }

    /// The fixture county with its township units, and items XA, XB, XC (market supervision) from an items CSV.
    static func county(_ database: any Database) async throws {
        try await Fixture.load(database)
        try await database.transaction { db in
            try await OrganizationStore(database).upsert(
                [
                    Organization(
                        code: Fixture.town.value, county: Fixture.county, name: "大山铺镇", kind: .township(.town)),
                    Organization(
                        code: Fixture.subdistrict.value, county: Fixture.county, name: "大安街道",
                        kind: .township(.subdistrict)),
                ], on: db)
        }
        let items = """
            code,name,category,department,legal_basis
            XA,对甲类违法行为的处罚,行政处罚,大安区市场监督管理局,测试法(2020-01-01)第2条
            XB,对乙类违法行为的处罚,行政处罚,大安区市场监督管理局,测试法(2020-01-01)第2条
            XC,丙类事项的行政检查,行政检查,大安区市场监督管理局,测试法(2020-01-01)第2条

            """
        _ = try await CatalogImporter(database).importItems(
            Data(items.utf8), county: Fixture.county, actor: .system, now: Fixture.now, source: "items.csv")
    }

    /// The provincial catalogue: one item by code, one by name and legal basis, one by name alone.
    static func catalogue(_ database: any Database) async throws -> ImportReport {
        let csv = """
            item_code,item_name,legal_basis
            XA,,
            ,对乙类违法行为的处罚,《测试法》第2条
            ,丙类事项的行政检查,
            CF-1,,

            """
        return try await CatalogImporter(database).importCatalogue(
            Data(csv.utf8), county: Fixture.county,
            defaults: .init(number: province, issuer: "四川省人民政府办公厅", date: Day(iso: "2020-11-20")), actor: .system,
            now: Fixture.now, source: "catalogue.csv")
    }

    static func assignments(_ database: any Database, _ csv: String) async throws -> ImportReport {
        try await CatalogImporter(database).importAssignments(
            Data(csv.utf8), county: Fixture.county, actor: .system, now: Fixture.now, source: "lists.csv")
    }

    /// The county's legal ground of 赋权·行政处罚 (every county has one after `quanze county init`).
    static func penaltyGround(_ database: any Database) async throws {
        _ = try await LegalGroundStore(database).seed(
            county: Fixture.county,
            grounds: [
                LegalGround(
                    mode: .granted, category: .penalty, permitted: true,
                    references: [ArticleRef(law: "行政处罚法", version: Day(iso: "2021-01-22")!, article: 24)],
                    wording: "省级决定将县级行政处罚权交由乡镇人民政府、街道办事处行使")
            ], actor: .system, at: Fixture.now)
    }

    static let header =
        "township,item_code,list,mode,role,partner,decision,decision_title,decision_issuer,decision_date,valid_from,valid_to"
    static let granted = "\(grant),关于赋予镇街部分县级行政权力事项的决定,大安区人民政府,2022-01-10"

    @Test(
        "the catalogue registers its decision; granted entries outside it are refused with their line",
        arguments: Engine.available)
    func catalogueGuardsGrants(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.county(database)
            let outside = """
                \(Self.header)
                大山铺镇,XA,扩权赋能清单,委托,,大安区市场监督管理局,\(Self.granted),2022-01-10,2025-01-10
                大山铺镇,CF-2,扩权赋能清单,赋权,,,\(Self.grant),,,,2022-01-10,

                """
            // act
            var before: ImportFailure?
            do { _ = try await Self.assignments(database, outside) } catch let e as ImportFailure { before = e }
            let report = try await Self.catalogue(database)
            var after: ImportFailure?
            do { _ = try await Self.assignments(database, outside) } catch let e as ImportFailure { after = e }
            // check
            #expect(before?.issues.map { "\($0.line):\($0.column ?? "-")" } == ["3:mode"])
            #expect(after?.issues.map { "\($0.line):\($0.column ?? "-")" } == ["3:mode"])
            #expect(report.written == 4)
            let decision = try await DecisionStore(database).find(county: Fixture.county, number: Self.province)
            #expect(decision?.kind == .provincialCatalogue)
            #expect(decision?.issuer == "四川省人民政府办公厅")
            #expect(
                try await DelegationStore(database).catalogue(county: Fixture.county, decision: Self.province).itemCodes
                    == ["XA", "XB", "XC", "CF-1"])
            #expect(try await DelegationStore(database).catalogueCounts(county: Fixture.county) == [Self.province: 4])
            #expect(try await ListStore(database).history(county: Fixture.county, township: Fixture.town).isEmpty)
        }
    }

    @Test("an unmatched catalogue entry names its line, and nothing is registered", arguments: Engine.available)
    func catalogueUnmatched(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.county(database)
            let csv =
                "decision,decision_issuer,decision_date,item_name,legal_basis\n\(Self.province),四川省人民政府办公厅,2020-11-20,对甲类违法行为的处罚,测试法第2条\n\(Self.province),,,对丁类违法行为的处罚,测试法第2条\n"
            // act
            var failure: ImportFailure?
            do {
                _ = try await CatalogImporter(database).importCatalogue(
                    Data(csv.utf8), county: Fixture.county, defaults: .init(), actor: .system, now: Fixture.now,
                    source: "c.csv")
            } catch let e as ImportFailure { failure = e }
            // check
            #expect(failure?.issues.map(\.line) == [3])
            #expect(failure?.issues.first?.message.contains("对丁类违法行为的处罚") == true)
            #expect(try await DecisionStore(database).find(county: Fixture.county, number: Self.province) == nil)
            #expect(try await DelegationStore(database).catalogueCounts(county: Fixture.county).isEmpty)
        }
    }

    @Test(
        "every granted or entrusted entry in force becomes one 存量 delegation; one 文号 over many rows is one decision",
        arguments: Engine.available)
    func legacyRecords(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.county(database)
            _ = try await Self.catalogue(database)
            let csv = """
                \(Self.header)
                大山铺镇,XA,扩权赋能清单,赋权,,,\(Self.granted),2022-01-10,
                大山铺镇,XA,执法清单,赋权,,,\(Self.grant),,,,2022-01-10,
                大安街道,XA,执法清单,赋权,,,\(Self.grant),,,,2022-03-01,
                大山铺镇,XB,扩权赋能清单,委托,,大安区应急管理局,\(Self.grant),,,,2022-01-10,2025-01-10
                大安街道,XB,扩权赋能清单,委托,,大安区应急管理局,\(Self.grant),,,,2022-01-10,2023-01-10
                大山铺镇,QT-1,属地事项清单,法定,主体责任,大安区应急管理局,大安编发〔2021〕3号,,,,2021-03-01,

                """
            // act
            let report = try await Self.assignments(database, csv)
            // check
            #expect(report.written == 6)
            let decisions = try await DecisionStore(database).all(county: Fixture.county)
            #expect(decisions.filter { $0.number == Self.grant }.count == 1)
            let records = try await DelegationStore(database).list(Delegation.self, county: Fixture.county)
            #expect(
                records.map { "\($0.unit)|\($0.itemCode)|\($0.mode.rawValue)" } == [
                    "\(Fixture.town.value)|XA|granted", "\(Fixture.subdistrict.value)|XA|granted",
                    "\(Fixture.town.value)|XB|entrusted",
                ])
            #expect(records.allSatisfy { $0.isLegacy && $0.state == .active && $0.agreementId.isEmpty })
            #expect(records.allSatisfy { $0.decision == Self.grant })
            let townXA = try #require(records.first)
            #expect(townXA.lists == [.empowerment, .enforcement])
            #expect(townXA.department == "D1")
            #expect(townXA.effectiveOn == Day(iso: "2022-01-10"))
            #expect(townXA.transitionEnds == Day(iso: "2023-01-10"))
            #expect(townXA.termEnds == nil)
            #expect(records[1].effectiveOn == Day(iso: "2022-03-01"))
            #expect(records[2].department == "D2")
            #expect(records[2].departmentName == "大安区应急管理局")
            #expect(records[2].termEnds == Day(iso: "2025-01-10"))
            let changes = try await DecisionStore(database).changes(county: Fixture.county, number: Self.grant)
            #expect(changes.map(\.kind) == [.added, .added, .added, .added, .added])
            let audit = try await database.read { db in
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM audit_entries WHERE county = \(bind: Fixture.county) AND action = 'delegation.legacy'"
                ).first()?.decode(column: "n", as: Int.self)
            }
            #expect(audit == 1)
        }
    }

    @Test(
        "a 存量 item cannot be ordered again, and its recall ends exactly its list entries", arguments: Engine.available)
    func orderAndRecall(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: XA granted at the town on two lists and at the subdistrict on the enforcement list only
            try await Self.county(database)
            _ = try await Self.catalogue(database)
            _ = try await Self.assignments(
                database,
                """
                \(Self.header)
                大山铺镇,XA,扩权赋能清单,赋权,,,\(Self.granted),2022-01-10,
                大山铺镇,XA,执法清单,赋权,,,\(Self.grant),,,,2022-01-10,
                大安街道,XA,执法清单,赋权,,,\(Self.grant),,,,2022-01-10,

                """)
            try await Self.penaltyGround(database)
            let service = DelegationService(database)
            let proposal = try await service.propose(
                itemCode: "XA", mode: .granted, reasons: "基层执法需要", expectedYearlyVolume: 10, catalogue: Self.province,
                by: Self.market, departmentName: "大安区市场监督管理局", at: Fixture.now)
            _ = try await service.apply(
                .review(passed: true, opinion: "同意"), to: proposal.id, by: Self.establishment, at: Fixture.now)
            _ = try await service.apply(
                .legalReview(passed: true, opinion: "合法"), to: proposal.id, by: Self.justice, at: Fixture.now)
            _ = try await service.publishMenu(
                batch: "2023年第1批", proposals: [proposal.id], by: Self.establishment, at: Fixture.now)
            let records = try await DelegationStore(database).list(Delegation.self, county: Fixture.county)
            let town = try #require(records.first { $0.unit == Fixture.town.value })
            // act: the subdistrict orders (XA stands on none of its empowerment entries, only its 存量 record holds it)
            var refused: DelegationFailure?
            do {
                _ = try await service.placeOrder(
                    proposals: [proposal.id], missing: [:], by: Self.township(Fixture.subdistrict), today: Self.asOf,
                    at: Fixture.now)
            } catch let e as DelegationFailure { refused = e }
            // act: the town's 存量 delegation is recalled through both reviews
            let recall = try await service.openRecall(
                delegation: town.id, reasons: "评估结论为收回", by: Self.establishment, at: Fixture.now)
            _ = try await service.apply(
                .review(passed: true, opinion: "同意收回"), to: recall.id, by: Self.establishment, at: Fixture.now)
            _ = try await service.apply(
                .legalReview(passed: true, opinion: "合法"), to: recall.id, by: Self.justice, at: Fixture.now)
            let recalled = try await service.executeRecall(
                proposal: recall.id, decision: "大安府发〔2023〕7号", title: "关于收回部分赋权事项的决定",
                on: Day(iso: "2023-06-16")!, by: Self.establishment, at: Fixture.now)
            // check
            #expect(refused == .alreadyHeld(itemCode: "XA"))
            #expect(recalled.state == .recalled)
            let townLists = try await ListStore(database).inForce(
                county: Fixture.county, township: Fixture.town, on: Self.asOf)
            #expect(townLists.filter { $0.itemCode == "XA" }.isEmpty)
            let ended = try await DecisionStore(database).changes(county: Fixture.county, number: "大安府发〔2023〕7号")
            #expect(
                ended.map { "\($0.kind.rawValue)|\($0.entry.list.rawValue)" } == [
                    "ended|empowerment", "ended|enforcement",
                ])
            let subdistrict = try await ListStore(database).inForce(
                county: Fixture.county, township: Fixture.subdistrict, on: Self.asOf)
            #expect(subdistrict.map(\.itemCode) == ["XA"])
        }
    }

    @Test(
        "an item a township already exercises on its enforcement list is off its menu and refused when ordered",
        arguments: Engine.available)
    func heldOnAnotherList(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: XB granted to the subdistrict by a decision on its enforcement list alone, with no delegation
            // record (as a county's earlier decisions may stand), then XB on the menu
            try await Self.county(database)
            _ = try await Self.catalogue(database)
            try await ListService(database).apply(
                [
                    .add(
                        township: Fixture.subdistrict, itemCode: "XB", list: .enforcement, terms: .init(mode: .granted),
                        from: Day(iso: "2022-01-10")!, until: nil)
                ], county: Fixture.county, citation: .decision(Fixture.decision.number), actor: .system, at: Fixture.now
            )
            try await Self.penaltyGround(database)
            let service = DelegationService(database)
            let proposal = try await service.propose(
                itemCode: "XB", mode: .granted, reasons: "基层执法需要", expectedYearlyVolume: 10, catalogue: Self.province,
                by: Self.market, departmentName: "大安区市场监督管理局", at: Fixture.now)
            _ = try await service.apply(
                .review(passed: true, opinion: "同意"), to: proposal.id, by: Self.establishment, at: Fixture.now)
            _ = try await service.apply(
                .legalReview(passed: true, opinion: "合法"), to: proposal.id, by: Self.justice, at: Fixture.now)
            _ = try await service.publishMenu(
                batch: "2023年第1批", proposals: [proposal.id], by: Self.establishment, at: Fixture.now)
            // act
            let heldBySubdistrict = try await service.heldItems(
                county: Fixture.county, unit: Fixture.subdistrict.value, on: Self.asOf)
            let heldByTown = try await service.heldItems(
                county: Fixture.county, unit: Fixture.town.value, on: Self.asOf)
            var refused: DelegationFailure?
            do {
                _ = try await service.placeOrder(
                    proposals: [proposal.id], missing: [:], by: Self.township(Fixture.subdistrict), today: Self.asOf,
                    at: Fixture.now)
            } catch let e as DelegationFailure { refused = e }
            let order = try await service.placeOrder(
                proposals: [proposal.id], missing: [:], by: Self.township(Fixture.town), today: Self.asOf,
                at: Fixture.now)
            // check: the subdistrict exercises XB on its enforcement list, so it may not order it; the town may
            #expect(try await DelegationStore(database).list(Delegation.self, county: Fixture.county).isEmpty)
            #expect(heldBySubdistrict == ["XB"])
            #expect(heldByTown.isEmpty)
            #expect(refused == .alreadyHeld(itemCode: "XB"))
            #expect(order.lines.map(\.itemCode) == ["XB"])
        }
    }
}
