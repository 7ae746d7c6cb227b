import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

@Suite("Imports on every engine")
struct ImportTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    @Test("items: one bad row means nothing is written, and every error names its line", arguments: Engine.available)
    func itemsAllOrNothing(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let csv = """
                code,name,category,department,legal_basis,platform_code
                NEW-1,对某违法行为的处罚,行政处罚,大安区市场监督管理局,测试法(2020-01-01)第2条,
                NEW-2,无类型事项,行政魔法,大安区市场监督管理局,测试法(2020-01-01)第2条,
                NEW-3,,行政许可,大安区市场监督管理局,测试法(2020-01-01)第2条,

                """
            // act
            var failure: ImportFailure?
            do {
                _ = try await CatalogImporter(database).importItems(
                    Data(csv.utf8), county: Fixture.county, actor: .system, now: Fixture.now, source: "t.csv")
            } catch let e as ImportFailure { failure = e }
            // check
            #expect(failure?.issues.map(\.line) == [3, 4])
            #expect(failure?.issues.first?.message.contains("行政魔法") == true)
            #expect(try await ItemStore(database).codes(county: Fixture.county).contains("NEW-1") == false)
        }
    }

    @Test("items: GB18030 file imports; an unknown platform code is kept with a warning", arguments: Engine.available)
    func itemsGB18030(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let csv =
                "code,name,category,department,legal_basis,platform_code\r\nNEW-1,食品经营许可,行政许可,大安区市场监督管理局,测试法(2020-01-01)第1条,GA-511602-XYZ\r\n"
            let data = csv.data(using: CSVReader.gb18030)!
            #expect(String(data: data, encoding: .utf8) == nil)
            // act
            let report = try await CatalogImporter(database).importItems(
                data, county: Fixture.county, actor: .system, now: Fixture.now, source: "gbk.csv")
            // check
            #expect(report.written == 1)
            #expect(report.warnings.map(\.line) == [2])
            let item = try await ItemStore(database).item(county: Fixture.county, code: "NEW-1")
            #expect(item?.name == "食品经营许可")
            #expect(item?.platformCode == "GA-511602-XYZ")
        }
    }

    @Test("assignments: validated rows go in through ListService; a bad row blocks all", arguments: Engine.available)
    func assignments(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let good = """
                township,item_code,list,mode,role,partner,decision,decision_title,decision_issuer,decision_date,valid_from
                510304100000,CF-1,执法清单,赋权,,,大安府发〔2022〕9号,关于赋予镇街部分县级行政权力事项的决定,大安区人民政府,2022-01-10,2022-01-10
                大安街道,QT-1,territorial,statutory,主体责任,大安区应急管理局,大安编发〔2021〕3号,,,,2021-03-01

                """
            let bad = good + "510304100,CF-9,执法清单,赋权,,,大安编发〔2021〕3号,,,,2021-03-01\n"
            let importer = CatalogImporter(database)
            _ = try await importer.importCatalogue(
                Data("item_code\nCF-1\n".utf8), county: Fixture.county,
                defaults: .init(number: "川办发〔2020〕85号", issuer: "四川省人民政府办公厅", date: Day(iso: "2020-11-20")),
                actor: .system, now: Fixture.now, source: "catalogue.csv")
            // act
            var failure: ImportFailure?
            do {
                _ = try await importer.importAssignments(
                    Data(bad.utf8), county: Fixture.county, actor: .system, now: Fixture.now, source: "bad.csv")
            } catch let e as ImportFailure { failure = e }
            let afterBad = try await ListStore(database).history(county: Fixture.county, township: Fixture.town)
            let report = try await importer.importAssignments(
                Data(good.utf8), county: Fixture.county, actor: .system, now: Fixture.now, source: "good.csv")
            // check
            #expect(failure?.issues.map(\.line) == [4])
            #expect(afterBad.isEmpty)
            #expect(report.written == 2)
            let town = try await ListStore(database).inForce(
                county: Fixture.county, township: Fixture.town, on: Day(iso: "2023-12-31")!)
            #expect(town.map(\.decision) == ["大安府发〔2022〕9号"])
            #expect(
                try await DecisionStore(database).find(county: Fixture.county, number: "大安府发〔2022〕9号")?.issuer
                    == "大安区人民政府")
        }
    }

    @Test("divisions: all 41,352 real township-level units, idempotently", arguments: Engine.available)
    func divisions(engine: Engine) async throws {
        let folder = Self.shared.appendingPathComponent("divisions")
        try #require(FileManager.default.fileExists(atPath: folder.path), "缺少 ../shared/data/divisions")
        try await withDatabase(engine) { database in
            // setup
            let importer = DivisionImporter(database)
            // act
            _ = try await importer.run(directory: folder, now: Fixture.now)
            let report = try await importer.run(directory: folder, now: Fixture.now)
            // check
            let store = RegionStore(database)
            #expect(try await store.count(level: .township) == 41_352)
            #expect(try await store.count(level: .province) == 31)
            #expect(report.written == 31 + 342 + 2_978 + 41_352)
            let daan = try await store.townships(county: "510304")
            #expect(daan.count == 15)
            #expect(daan.filter { $0.1 == .subdistrict }.count == 6)
            #expect(daan.filter { $0.1 == .town }.count == 9)
            #expect(try await store.region(RegionCode("510304100000")!)?.name == "大山铺镇")
        }
    }

    @Test("laws: every statute file loads article by article; versions stay apart", arguments: Engine.available)
    func laws(engine: Engine) async throws {
        let folder = Self.shared.appendingPathComponent("laws")
        try #require(FileManager.default.fileExists(atPath: folder.path), "缺少 ../shared/data/laws")
        try await withDatabase(engine) { database in
            // setup
            let importer = LawImporter(database)
            // act
            let report = try await importer.run(directory: folder, now: Fixture.now)
            // check
            let versions = try await LawStore(database).versions()
            #expect(versions.count == 12)
            #expect(versions.filter { $0.name == "畜牧法" }.count == 2)
            #expect(report.articles == versions.reduce(0) { $0 + $1.articles })
            let ref = ArticleRef(law: "行政处罚法", version: Day(iso: "2021-01-22")!, article: 24)
            let article = try await LawStore(database).articles([ref])[ref]
            #expect(article?.text.contains("乡镇人民政府") == true)
        }
    }
}
