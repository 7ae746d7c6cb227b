import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

@Suite("County init and organisations on every engine")
struct OrganizationsTests {
    static let divisions = ImportTests.shared.appendingPathComponent("divisions")
    /// 武侯区 of 成都市: a real county of the division files, not the demo's.
    static let county = "510107"
    static let admin = Actor(name: "sysadmin", role: "sysadmin")

    static func auditCount(_ database: any Database, _ county: String, _ action: String) async throws -> Int {
        try await AuditStore(database).count(AuditFilter(county: county, action: action))
    }

    @Test(
        "county init creates the government and one unit per township row; a second run changes nothing",
        arguments: Engine.available)
    func countyInit(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let initializer = CountyInitializer(database)
            let streets = try String(contentsOf: Self.divisions.appendingPathComponent("streets.csv"), encoding: .utf8)
            let expectedTownships = streets.split(separator: "\n").filter { $0.contains(",\(Self.county),") }.count
            // act
            let first = try await initializer.run(
                county: Self.county, divisions: Self.divisions, actor: .system, now: Fixture.now)
            let second = try await initializer.run(
                county: Self.county, divisions: Self.divisions, actor: .system, now: Fixture.now)
            // check
            let orgs = try await OrganizationStore(database).all(county: Self.county)
            #expect(expectedTownships > 0)
            #expect(first.townships == expectedTownships)
            #expect(first.addedOrganizations == expectedTownships + 1)
            #expect(first.addedRegions == expectedTownships + 3)
            #expect(second.changedNothing)
            #expect(orgs.count == expectedTownships + 1)
            #expect(orgs.first { $0.kind == .countyGovernment }?.name == "成都市武侯区人民政府")
            #expect(orgs.filter { $0.townshipKind != nil }.count == expectedTownships)
            #expect(try await RegionStore(database).townships(county: Self.county).count == expectedTownships)
            #expect(try await RegionStore(database).region(RegionCode("510100000000")!)?.name == "成都市")
            #expect(try await Self.auditCount(database, Self.county, "county.init") == 1)
        }
    }

    @Test("county init keeps a renamed government and adds only what is missing", arguments: Engine.available)
    func countyInitKeepsExisting(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await database.transaction { db in
                try await OrganizationStore(database).upsert(
                    [Organization(code: "510107-GOV", county: Self.county, name: "武侯区政府（改）", kind: .countyGovernment)],
                    on: db)
            }
            // act
            let report = try await CountyInitializer(database).run(
                county: Self.county, divisions: Self.divisions, actor: .system, now: Fixture.now)
            // check
            #expect(report.addedOrganizations == report.townships)
            let government = try await OrganizationStore(database).find(county: Self.county, code: "510107-GOV")
            #expect(government?.name == "武侯区政府（改）")
        }
    }

    @Test("an unknown county code is refused in Chinese and writes nothing", arguments: Engine.available)
    func countyInitUnknown(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // act
            var failure: ImportFailure?
            do {
                _ = try await CountyInitializer(database).run(
                    county: "510199", divisions: Self.divisions, actor: .system, now: Fixture.now)
            } catch let e as ImportFailure { failure = e }
            // check
            #expect(failure?.issues.first?.message == "区划数据中没有代码为 510199 的区县")
            #expect(try await OrganizationStore(database).all(county: "510199").isEmpty)
            #expect(try await RegionStore(database).count(level: .county) == 0)
            #expect(try await AuditStore(database).count(county: "510199") == 0)
        }
    }

    /// A county with its government, one town, 编办 and one department.
    static func smallCounty(_ database: any Database) async throws {
        try await database.transaction { db in
            try await OrganizationStore(database).upsert(
                [
                    Organization(code: "510107-GOV", county: county, name: "成都市武侯区人民政府", kind: .countyGovernment),
                    Organization(code: "510107100000", county: county, name: "金花桥镇", kind: .township(.town)),
                    Organization(
                        code: "510107-D01", county: county, name: "武侯区委编办", kind: .department, parent: "510107-GOV",
                        isEstablishmentOffice: true),
                    Organization(
                        code: "510107-D02", county: county, name: "武侯区市场监督管理局", kind: .department,
                        parent: "510107-GOV"),
                ], on: db)
        }
    }

    @Test(
        "organisations CSV: one bad row means nothing is written; a good file writes all with one audit entry",
        arguments: Engine.available)
    func importAllOrNothing(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.smallCounty(database)
            let service = OrganizationService(database)
            let bad = """
                code,name,kind,parent,stationed_at,credit_code,establishment,justice
                510107-D03,武侯区司法局,区级部门,,,,否,是
                510107-ZF1,金花桥镇综合行政执法中队,综合执法中队,不存在的镇,,,,

                """
            let good = """
                code,name,kind,parent,stationed_at,credit_code,establishment,justice
                510107-D03,武侯区司法局,区级部门,,,,否,是
                510107-ZF1,金花桥镇综合行政执法中队,综合执法中队,金花桥镇,,,,
                510107-PZ1,市场监管金花所,派驻机构,510107-D02,金花桥镇,,,
                510107-D02,武侯区市场监督管理局（更名）,区级部门,,,,,

                """
            // act
            var failure: ImportFailure?
            do {
                _ = try await service.importCSV(
                    Data(bad.utf8), county: Self.county, actor: Self.admin, now: Fixture.now, source: "bad.csv")
            } catch let e as ImportFailure { failure = e }
            let afterBad = try await OrganizationStore(database).all(county: Self.county).count
            let report = try await service.importCSV(
                Data(good.utf8), county: Self.county, actor: Self.admin, now: Fixture.now, source: "good.csv")
            let again = try await service.importCSV(
                Data(good.utf8), county: Self.county, actor: Self.admin, now: Fixture.now, source: "good.csv")
            // check
            #expect(failure?.issues.map { "\($0.line):\($0.column ?? "")" } == ["3:parent"])
            #expect(afterBad == 4)
            #expect(report == OrganizationImportReport(added: 3, updated: 1, unchanged: 0))
            #expect(again == OrganizationImportReport(added: 0, updated: 0, unchanged: 4))
            let orgs = try await OrganizationStore(database).all(county: Self.county)
            #expect(orgs.count == 7)
            #expect(orgs.first { $0.code == "510107-PZ1" }?.stationedAt == "510107100000")
            #expect(orgs.first { $0.code == "510107-D03" }?.isJusticeBureau == true)
            #expect(try await Self.auditCount(database, Self.county, "import.organizations") == 1)
        }
    }

    @Test(
        "a renamed department keeps its items: they store its code and show its new name", arguments: Engine.available)
    func renameKeepsItems(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let items = ItemStore(database)
            // act
            try await OrganizationService(database).rename(
                county: Fixture.county, code: "D1", to: "大安区市场监管局", by: Self.admin, at: Fixture.now)
            // check
            let stored = try await database.read { db in
                try await db.raw(
                    "SELECT DISTINCT department FROM power_items WHERE county = \(bind: Fixture.county)"
                ).all().map { try $0.decode(column: "department", as: String.self) }
            }
            #expect(stored == ["D1"])
            let item = try await items.item(county: Fixture.county, code: "CF-1")
            #expect(item?.department == "大安区市场监管局")
            #expect(item?.departmentCode == "D1")
            let found = try await items.search(
                county: Fixture.county, filter: ItemFilter(department: "大安区市场监管局", asOf: Fixture.decision.date))
            #expect(found.total == 3)
            #expect(try await items.departments(county: Fixture.county) == ["大安区市场监管局"])
            #expect(try await Self.auditCount(database, Fixture.county, "organization.rename") == 1)
        }
    }

    @Test("M022 turns stored department names into codes and leaves unknown names alone", arguments: Engine.available)
    func migrationRewritesNames(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            try await database.transaction { db in
                try await db.raw(
                    "UPDATE power_items SET department = '大安区市场监督管理局' WHERE county = \(bind: Fixture.county) AND code <> 'QT-1'"
                ).run()
                try await db.raw(
                    "UPDATE power_items SET department = '某已不存在的局' WHERE county = \(bind: Fixture.county) AND code = 'QT-1'"
                ).run()
            }
            // act
            try await database.transaction { db in
                for statement in M022_OrganizationsRetiredAndItemDepartmentCodes.statements(database.dialect)
                    .dropFirst()
                {
                    try await db.raw(SQLQueryString(statement)).run()
                }
            }
            // check
            let stored = try await database.read { db in
                try await db.raw(
                    "SELECT code, department FROM power_items WHERE county = \(bind: Fixture.county) ORDER BY code"
                ).all().map {
                    "\(try $0.decode(column: "code", as: String.self))=\(try $0.decode(column: "department", as: String.self))"
                }
            }
            #expect(stored == ["CF-1=D1", "CF-2=D1", "QT-1=某已不存在的局"])
        }
    }

    @Test(
        "a retired department stays named but takes no new item, account or partner entry", arguments: Engine.available)
    func retire(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let csv = """
                code,name,category,department,legal_basis
                NEW-1,对某违法行为的处罚,行政处罚,D2,测试法(2020-01-01)第2条

                """
            // act
            let retired = try await OrganizationService(database).retire(
                county: Fixture.county, code: "D2", on: Day(iso: "2024-01-01")!, by: Self.admin, at: Fixture.now)
            var itemFailure: ImportFailure?
            do {
                _ = try await CatalogImporter(database).importItems(
                    Data(csv.utf8), county: Fixture.county, actor: .system, now: Fixture.now, source: "t.csv")
            } catch let e as ImportFailure { itemFailure = e }
            var accountFailure: AccountStoreFailure?
            do {
                try await AccountStore(database).create(
                    Account(
                        username: "yingji2", county: Fixture.county, displayName: "应急", role: .department,
                        organization: "D2", person: nil, passwordHash: "x", mustChange: true,
                        passwordChangedAt: Fixture.now, createdAt: Fixture.now), by: Self.admin, at: Fixture.now)
            } catch let e as AccountStoreFailure { accountFailure = e }
            var twice: OrganizationServiceFailure?
            do {
                try await OrganizationService(database).retire(
                    county: Fixture.county, code: "D2", on: Day(iso: "2024-01-02")!, by: Self.admin, at: Fixture.now)
            } catch let e as OrganizationServiceFailure { twice = e }
            // check
            #expect(retired.retiredOn == Day(iso: "2024-01-01"))
            let stored = try await OrganizationStore(database).find(county: Fixture.county, code: "D2")
            #expect(stored?.name == "大安区应急管理局")
            #expect(stored?.retiredOn == Day(iso: "2024-01-01"))
            #expect(itemFailure?.issues.map(\.column) == ["department"])
            #expect(accountFailure == .rule(.organizationRetired("大安区应急管理局")))
            #expect(twice?.failure == .alreadyRetired("大安区应急管理局"))
            #expect(try await Self.auditCount(database, Fixture.county, "organization.retire") == 1)
        }
    }

    @Test("a retired squad gets no new staff; the township's own staff are still taken", arguments: Engine.available)
    func retiredSquadStaff(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await CapacityStoreTests.seed(database)
            try await OrganizationService(database).retire(
                county: Fixture.county, code: CapacityStoreTests.squad, on: Day(iso: "2023-06-30")!, by: Self.admin,
                at: Fixture.now)
            let header = "id,name,organization,kind,position,education,hire_date"
            let toSquad = header + "\nZF-1,张一,大山铺镇综合行政执法中队,在编,执法,本科,2020-05-01\n"
            let toUnit = header + "\nZF-2,李二,大山铺镇,在编,执法,本科,2020-05-01\n"
            let store = CapacityStore(database)
            // act
            var failure: ImportFailure?
            do {
                _ = try await store.importStaff(
                    Data(toSquad.utf8), county: Fixture.county, unit: CapacityStoreTests.unit, by: .system,
                    at: Fixture.now)
            } catch let e as ImportFailure { failure = e }
            let report = try await store.importStaff(
                Data(toUnit.utf8), county: Fixture.county, unit: CapacityStoreTests.unit, by: .system, at: Fixture.now)
            // check
            #expect(failure?.issues.map { "\($0.line):\($0.column ?? "")" } == ["2:organization"])
            #expect(report.written == 1)
        }
    }
}
