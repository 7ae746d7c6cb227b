import Foundation
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzePersistence

/// A county's own requirement terms on both engines: added with one audit entry, then usable everywhere the
/// built-in ones are — an item's requirements, a staff certificate named in Chinese, equipment, capacity fit.
@Suite("Requirement vocabulary store")
struct RequirementStoreTests {
    static let county = Fixture.county
    static let unit = CapacityStoreTests.unit
    static let squad = CapacityStoreTests.squad
    static let asOf = Day(iso: "2023-12-31")!

    @Test(
        "a term added by 编办 works in an item, a staff certificate, equipment and capacity fit",
        arguments: Engine.available)
    func addAndUse(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await CapacityStoreTests.seed(database)
            let store = RequirementStore(database)
            let actor = Actor(name: "bianban", role: "establishment")
            let audits = try await AuditStore(database).count(county: Self.county)
            // act
            try await store.add(
                .init(kind: .field, code: "special-equipment", name: "特种设备安全监察"), county: Self.county, by: actor,
                at: Fixture.now)
            _ = try await store.importTerms(
                Data("kind,code,名称\ncertificate,boiler-inspector,锅炉检验员证\n装备,thickness-gauge,测厚仪\n".utf8),
                county: Self.county, by: .system, at: Fixture.now, source: "terms.csv")
            let items = """
                code,name,category,department,legal_basis,requirements
                TS-1,对特种设备违法行为的处罚,行政处罚,大安区市场监督管理局,测试法(2020-01-01)第2条,field:special-equipment;cert:boiler-inspector;equip:thickness-gauge

                """
            _ = try await CatalogImporter(database).importItems(
                Data(items.utf8), county: Self.county, actor: .system, now: Fixture.now, source: "items.csv")
            let staff = """
                id,name,organization,kind,position,education,hire_date,person,certificate,certificate_no,issued_on,expires_on
                ZF-1,张一,\(Self.squad),在编,执法,本科,2020-01-01,,特种设备安全监察,TS-001,2021-01-01,2026-01-01
                ZF-1,张一,\(Self.squad),在编,执法,本科,2020-01-01,,cert:boiler-inspector,GL-001,2021-01-01,2026-01-01

                """
            _ = try await CapacityStore(database).importStaff(
                Data(staff.utf8), county: Self.county, unit: Self.unit, by: .system, at: Fixture.now)
            try await CapacityStore(database).saveEquipment(
                Equipment(
                    organization: Self.squad, kind: EquipmentKind(rawValue: "thickness-gauge")!, count: 1,
                    since: Day(iso: "2023-01-01")!), county: Self.county, unit: Self.unit, by: .system, at: Fixture.now)
            let fit = try await CapacityStore(database).fit(
                county: Self.county, unit: Self.unit, itemCodes: ["TS-1"], on: Self.asOf)
            // check
            let vocabulary = try await store.vocabulary(county: Self.county)
            #expect(vocabulary.terms.count == RequirementVocabulary.builtInTerms.count + 3)
            #expect(try await AuditStore(database).count(county: Self.county) == audits + 5)
            let item = try await ItemStore(database).item(county: Self.county, code: "TS-1")
            #expect(
                item?.requirements.map(\.code) == [
                    "field:special-equipment", "cert:boiler-inspector", "equip:thickness-gauge",
                ])
            let snapshot = try await CapacityStore(database).snapshot(county: Self.county, unit: Self.unit)
            #expect(
                snapshot.certificates.map(\.kind.code).sorted() == ["cert:boiler-inspector", "field:special-equipment"])
            #expect(fit["TS-1"]?.map(\.held) == [true, true, true])
            #expect(fit["TS-1"]?.map(\.label) == ["专业能力：特种设备安全监察", "持有证件：锅炉检验员证", "装备：测厚仪"])
            let other = try await store.vocabulary(county: "510105")
            #expect(other == .builtIn)
        }
    }

    @Test("a refused term or a vocabulary file with a bad line writes nothing", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let store = RequirementStore(database)
            let audits = try await AuditStore(database).count(county: Self.county)
            let csv = "kind,code,名称\nfield,special-equipment,特种设备安全监察\nfield,livestock,畜牧\n"
            // act
            var duplicate: RequirementVocabulary.Failure?
            do {
                try await store.add(
                    .init(kind: .equipment, code: "car", name: "执法车辆"), county: Self.county, by: .system,
                    at: Fixture.now)
            } catch let failure as RequirementVocabulary.Failure { duplicate = failure }
            var fileFailure: ImportFailure?
            do {
                _ = try await store.importTerms(
                    Data(csv.utf8), county: Self.county, by: .system, at: Fixture.now, source: "t.csv")
            } catch let failure as ImportFailure { fileFailure = failure }
            // check
            #expect(duplicate == .duplicateName(.equipment, "执法车辆"))
            #expect(fileFailure?.issues.map { "\($0.line):\($0.column ?? "-")" } == ["3:code"])
            #expect(try await store.vocabulary(county: Self.county) == .builtIn)
            #expect(try await AuditStore(database).count(county: Self.county) == audits)
        }
    }
}
