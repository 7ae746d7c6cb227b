import Foundation
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzePersistence

/// An item may cite a law the library does not have yet: the citation is kept as 未核验 and importing the law later
/// verifies the articles it contains — an article number the law lacks stays unverified.
@Suite("Unverified citations")
struct UnverifiedCitationTests {
    /// A statute outside the shipped set, in the library's Markdown format, saved under a full-width file name as
    /// Chinese Windows writes it.
    static let statute = """
        # 某省特种设备安全条例

        2024年3月1日 某省人民代表大会常务委员会通过

        <!-- INFO END -->

        ## 第一章 总则

        第一条 为了测试条例的导入，制定本条例。

        ## 第二章 监督管理

        ### 第一节 一般规定

        第二条 县级人民政府负责本行政区域内的测试工作。

        第三条\u{3000}违反本条例规定的，由县级部门责令改正。

        情节严重的，依法处理。
        """

    @Test(
        "a citation of a law not imported is kept, listed, and verified when the law arrives",
        arguments: Engine.available)
    func verifyLater(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let csv = """
                code,name,category,department,legal_basis
                TS-1,对特种设备违法行为的处罚,行政处罚,大安区市场监督管理局,测试法(2020-01-01)第2条;某省特种设备安全条例(2024-03-01)第3条
                TS-2,特种设备监督检查,行政检查,大安区市场监督管理局,某省特种设备安全条例(2024-03-01)第3条;某省特种设备安全条例(2024-03-01)第99条

                """
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "quanze-law-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("某省特种设备安全条例（2024-03-01）.md")
            try Data(Self.statute.utf8).write(to: file)
            // act
            let report = try await CatalogImporter(database).importItems(
                Data(csv.utf8), county: Fixture.county, actor: .system, now: Fixture.now, source: "items.csv")
            let before = try await LawStore(database).unverifiedCitations(county: Fixture.county)
            let laws = try await LawImporter(database).run(directory: file, now: Fixture.now)
            let after = try await LawStore(database).unverifiedCitations(county: Fixture.county)
            // check
            #expect(report.written == 2)
            #expect(report.warnings.map(\.line) == [2, 3, 3])
            #expect(
                before.map { "\($0.reference)=\($0.itemCodes.joined(separator: ","))" } == [
                    "某省特种设备安全条例(2024-03-01)第3条=TS-1,TS-2", "某省特种设备安全条例(2024-03-01)第99条=TS-2",
                ])
            #expect(laws == LawImporter.Report(articles: 3, verifiedCitations: 2))
            #expect(after.map(\.reference.description) == ["某省特种设备安全条例(2024-03-01)第99条"])
            let ref = ArticleRef(law: "某省特种设备安全条例", version: Day(iso: "2024-03-01")!, article: 3)
            let article = try await LawStore(database).articles([ref])[ref]
            #expect(article?.chapter == "第二章 监督管理")
            #expect(article?.text == "违反本条例规定的，由县级部门责令改正。\n情节严重的，依法处理。")
        }
    }
}
