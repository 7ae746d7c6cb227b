import Foundation
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzePersistence

/// Rule R5's data on every engine: the days in force read from the statute texts, a repeal recorded at import, the
/// county's article maps (all rows or none, audited, county by county), and an amendment by a decision that clears
/// the changed citation.
@Suite("Law timeline, article maps and legal-basis amendments")
struct LawTimelineStoreTests {
    @Test(
        "the days in force come from the texts; --in-force and --repealed are recorded and kept",
        arguments: Engine.available)
    func daysInForce(engine: Engine) async throws {
        let folder = ImportTests.shared.appendingPathComponent("laws")
        try #require(FileManager.default.fileExists(atPath: folder.path), "缺少 ../shared/data/laws")
        try await withDatabase(engine) { database in
            // setup
            let importer = LawImporter(database)
            let livestock2015 = Day(iso: "2015-04-24")!
            // act
            _ = try await importer.run(
                directory: folder, now: Fixture.now, inForce: ["安全生产法(2021-06-10)": Day(iso: "2021-09-01")!],
                repealed: ["地质灾害防治条例(2003-11-24)": Day(iso: "2024-01-01")!])
            var unknown: ImportFailure?
            do {
                _ = try await importer.run(
                    directory: folder, now: Fixture.now, repealed: ["无此法(2020-01-01)": Day(iso: "2024-01-01")!])
            } catch let failure as ImportFailure { unknown = failure }
            _ = try await importer.run(directory: folder, now: Fixture.now)
            let timeline = try await LawStore(database).timeline(county: Fixture.county)
            func status(_ name: String) -> [LawVersionStatus] { timeline.versions[name] ?? [] }
            // check
            #expect(
                status("畜牧法") == [
                    LawVersionStatus(name: "畜牧法", version: livestock2015),
                    LawVersionStatus(
                        name: "畜牧法", version: Day(iso: "2022-10-30")!, inForce: Day(iso: "2023-03-01")!),
                ])
            #expect(status("行政处罚法").first?.inForce == Day(iso: "2021-07-15")!)
            #expect(
                status("安全生产法").first?.inForce == Day(iso: "2021-06-10")!,
                "a later import without the option reads the text again")
            #expect(status("地质灾害防治条例").first?.repealed == Day(iso: "2024-01-01")!, "a re-import keeps the repeal")
            #expect(unknown?.issues.first?.message == "--repealed 指定的无此法(2020-01-01)不在法规库中，应写作“名称(YYYY-MM-DD)”")
        }
    }

    @Test(
        "an article map is written for its county only, all or nothing, with an audit entry",
        arguments: Engine.available)
    func articleMaps(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let newer = LawVersion(
                name: "测试法", title: "中华人民共和国测试法", version: Day(iso: "2023-01-01")!,
                articles: [
                    Article(number: 1, chapter: "第一章 总则", text: "为了测试，制定本法。"),
                    Article(number: 5, chapter: "第五章 法律责任", text: "违反本法的，处以罚款。"),
                    Article(number: 6, chapter: "第五章 法律责任", text: "本法自2023年7月1日起施行。"),
                ], inForce: Day(iso: "2023-07-01")!)
            try await LawImporter(database).save([newer], now: Fixture.now, source: "测试法(2023-01-01).md")
            let store = LawStore(database)
            let header = "law,old_version,old_article,new_version,new_article\n"
            // act
            var refused: ImportFailure?
            do {
                _ = try await store.importMappings(
                    Data((header + "测试法,2020-01-01,2,2023-01-01,5\n测试法,2020-01-01,9,2023-01-01,5\n").utf8),
                    county: Fixture.county, actor: .system, now: Fixture.now, source: "bad.csv")
            } catch let failure as ImportFailure { refused = failure }
            let afterRefusal = try await store.mappings(county: Fixture.county)
            let report = try await store.importMappings(
                Data((header + "测试法,2020-01-01,2,2023-01-01,5\n").utf8), county: Fixture.county, actor: .system,
                now: Fixture.now, source: "map.csv")
            let changedBefore = try await store.changedCitations(county: Fixture.county, on: Day(iso: "2023-07-01")!)
            let notYet = try await store.changedCitations(county: Fixture.county, on: Day(iso: "2023-06-30")!)
            let other = try await store.mappings(county: "510311")
            let audit = try await database.read { db in
                try await db.raw(
                    "SELECT detail FROM audit_entries WHERE county = \(bind: Fixture.county) AND action = 'import.article-map'"
                ).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            // check
            #expect(refused?.issues.map(\.description) == ["第 3 行（old_article）：《测试法》（2020年1月1日版）第9条不在法规库中"])
            #expect(afterRefusal.isEmpty)
            #expect(report.written == 1)
            #expect(other.isEmpty, "another county's 编办 keeps its own map")
            #expect(audit == ["导入条文对照 1 条：测试法(2020-01-01)第2条→测试法(2023-01-01)第5条"])
            #expect(notYet.isEmpty)
            #expect(changedBefore.map(\.itemCodes) == [["CF-1", "CF-2", "QT-1"]])
            #expect(
                changedBefore.first?.change.newArticle == ArticleRef(law: "测试法", version: newer.version, article: 5))
        }
    }

    @Test(
        "an amendment by a registered decision clears the changed citation of that item only",
        arguments: Engine.available)
    func amendment(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Fixture.load(database)
            let newer = LawVersion(
                name: "测试法", title: "中华人民共和国测试法", version: Day(iso: "2023-01-01")!,
                articles: [Article(number: 5, chapter: "", text: "违反本法的，处以罚款。")])
            try await LawImporter(database).save([newer], now: Fixture.now, source: "测试法(2023-01-01).md")
            let items = ItemStore(database)
            let day = Day(iso: "2023-12-31")!
            // act
            var unknownDecision: (any Error)?
            do {
                _ = try await items.amendLegalBasis(
                    county: Fixture.county, code: "CF-1", legalBasis: "测试法(2023-01-01)第5条", decision: "大安编发〔2024〕1号",
                    actor: .system, now: Fixture.now)
            } catch { unknownDecision = error }
            let amended = try await items.amendLegalBasis(
                county: Fixture.county, code: "CF-1", legalBasis: "测试法(2023-01-01)第5条",
                decision: Fixture.decision.number,
                actor: .system, now: Fixture.now)
            let changed = try await LawStore(database).changedCitations(county: Fixture.county, on: day)
            let stored = try await items.item(county: Fixture.county, code: "CF-1")
            // check
            #expect(unknownDecision as? LegalBasisFailure == .unknownDecision("大安编发〔2024〕1号"))
            #expect(amended.version == 2 && stored?.legalBases.map(\.description) == ["测试法(2023-01-01)第5条"])
            #expect(changed.map(\.itemCodes) == [["CF-2", "QT-1"]])
            #expect(changed.first?.change.evidence.hasSuffix("尚未导入该条的条文对照") == true)
        }
    }
}
