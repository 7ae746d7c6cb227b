import Foundation
import Testing

@testable import QuanzeDomain

/// Rule R5 (依据变更): a law version applies from its day in force until a newer version comes into force or it is
/// repealed; an item citing an article of a version that no longer applies is flagged, with the article the map names,
/// until a decision amends its legal basis.
@Suite("Rule R5: legal basis changed or repealed")
struct LegalBasisRuleTests {
    static let old = ArticleRef(law: "畜牧法", version: Fixture.day("2015-04-24"), article: 61)
    static let new = ArticleRef(law: "畜牧法", version: Fixture.day("2022-10-30"), article: 81)
    static let versions = [
        LawVersionStatus(name: "畜牧法", version: Fixture.day("2015-04-24")),
        LawVersionStatus(name: "畜牧法", version: Fixture.day("2022-10-30"), inForce: Fixture.day("2023-03-01")),
    ]
    static let map = [ArticleMapping(old: old, newVersion: new.version, newArticle: 81)]

    /// One township holds XM-001 (citing 畜牧法 2015 第61条) and XM-002 (citing 渔业法, unchanged).
    static func input(asOf: String, citations: [ArticleRef]? = nil, laws: LawTimeline? = nil) -> AnalysisInput {
        let fishery = ArticleRef(law: "渔业法", version: Fixture.day("2013-12-28"), article: 48)
        return AnalysisInput(
            asOf: Fixture.day(asOf),
            delegations: ["XM-001", "XM-002"].map {
                DelegatedItem(
                    township: "510104100000", itemCode: $0, mode: .entrusted, effectiveOn: Fixture.day("2022-05-20"))
            }, cells: [], gaps: [:],
            citations: ["XM-001": citations ?? [old], "XM-002": [fishery]],
            laws: laws
                ?? LawTimeline(
                    versions: versions + [LawVersionStatus(name: "渔业法", version: fishery.version)], mappings: map))
    }

    @Test("the day in force is the one the text states after the version date, else the version date")
    func inForceFromText() {
        // setup
        func articles(_ last: String) -> [Article] {
            [Article(number: 1, chapter: "", text: "为了……制定本法。"), Article(number: 94, chapter: "", text: last)]
        }
        // act, check
        #expect(
            LawParser.inForce(articles("本法自2023年3月1日起施行。"), version: Fixture.day("2022-10-30"))
                == Fixture.day("2023-03-01"))
        #expect(LawParser.inForce(articles("本法自2006年7月1日起施行。"), version: Fixture.day("2015-04-24")) == nil)
        #expect(LawParser.inForce(articles("本法自公布之日起施行。"), version: Fixture.day("2015-04-24")) == nil)
        #expect(LawParser.inForce(articles("本法自2023年13月1日起施行。"), version: Fixture.day("2022-10-30")) == nil)
    }

    @Test("a newer version flags an item citing the old one from its day in force, with the mapped article")
    func flaggedFromDayInForce() throws {
        // act
        let before = SuggestionEngine().run(Self.input(asOf: "2023-02-28")).filter { $0.rule == "R5" }
        let after = SuggestionEngine().run(Self.input(asOf: "2023-03-01")).filter { $0.rule == "R5" }
        // check
        #expect(before.isEmpty, "the 2022 revision is not in force before 2023-03-01")
        #expect(after.count == 1)
        let finding = try #require(after.first)
        #expect(finding.key == "R5|*|XM-001")
        #expect(finding.severity == .serious && finding.action == .amendment)
        #expect(finding.from == Fixture.day("2023-03-01"))
        #expect(
            finding.numbers == [
                "changed": 1, "since": Double(Fixture.day("2023-03-01").ordinal), "new:畜牧法(2015-04-24)第61条": 81,
            ])
        #expect(
            finding.evidence
                == "依据《畜牧法》（2015年4月24日版）第61条已被《畜牧法》（2022年10月30日版）取代（自2023年3月1日起施行），条文对照为《畜牧法》（2022年10月30日版）第81条")
    }

    @Test("without a map row the finding still stands and says the map is missing; a dropped article is named")
    func withoutMap() throws {
        // setup
        let unmapped = LawTimeline(versions: Self.versions, mappings: [])
        let dropped = LawTimeline(
            versions: Self.versions,
            mappings: [ArticleMapping(old: Self.old, newVersion: Self.new.version, newArticle: nil)])
        // act
        let a = try #require(SuggestionEngine().run(Self.input(asOf: "2023-12-31", laws: unmapped)).first)
        let b = try #require(SuggestionEngine().run(Self.input(asOf: "2023-12-31", laws: dropped)).first)
        // check
        #expect(a.rule == "R5" && a.evidence.hasSuffix("尚未导入该条的条文对照") && a.numbers["new:畜牧法(2015-04-24)第61条"] == 0)
        #expect(b.rule == "R5" && b.evidence.hasSuffix("条文对照显示新版本已删去该条"))
    }

    @Test("amending the basis to the new article clears the finding; citing the newest version is never flagged")
    func clearedByAmendment() throws {
        // setup
        let item = PowerItem(
            county: Fixture.county, code: "XM-001", name: "对销售未经审定畜禽品种的处罚", category: .penalty,
            department: "区农业农村局", legalBases: [Self.old])
        let decision = Decision(
            county: Fixture.county, number: "大安府发〔2024〕3号", title: "关于调整事项设定依据的决定", issuer: "大安区人民政府",
            date: Fixture.day("2024-01-10"), kind: .adjustment)
        // act
        let amended = try item.amendingLegalBasis(
            [Self.new], decision: decision, number: decision.number, known: [Self.old, Self.new])
        let found = SuggestionEngine().run(Self.input(asOf: "2024-01-31", citations: amended.legalBases))
        // check
        #expect(amended.legalBases == [Self.new] && amended.version == item.version + 1)
        #expect(found.filter { $0.rule == "R5" }.isEmpty)
    }

    @Test("an amendment needs a registered decision and articles in the library, and must change something")
    func amendmentRefusals() throws {
        // setup
        let item = PowerItem(
            county: Fixture.county, code: "XM-001", name: "x", category: .penalty, department: "d",
            legalBases: [Self.old])
        let decision = Decision(
            county: Fixture.county, number: "大安府发〔2024〕3号", title: "t", issuer: "i", date: Fixture.day("2024-01-10"),
            kind: .adjustment)
        let known: Set<ArticleRef> = [Self.old, Self.new]
        // act, check
        #expect(throws: LegalBasisFailure.noDecision) {
            try item.amendingLegalBasis([Self.new], decision: nil, number: " ", known: known)
        }
        #expect(throws: LegalBasisFailure.unknownDecision("大安府发〔2024〕9号")) {
            try item.amendingLegalBasis([Self.new], decision: nil, number: "大安府发〔2024〕9号", known: known)
        }
        #expect(throws: LegalBasisFailure.notInLibrary("《畜牧法》（2022年10月30日版）第200条")) {
            try item.amendingLegalBasis(
                [ArticleRef(law: "畜牧法", version: Self.new.version, article: 200)], decision: decision,
                number: decision.number, known: known)
        }
        #expect(throws: LegalBasisFailure.unchanged) {
            try item.amendingLegalBasis([Self.old], decision: decision, number: decision.number, known: known)
        }
        #expect(throws: LegalBasisFailure.malformed("畜牧法第81条")) {
            try PowerItem.legalBases(parsing: "畜牧法(2022-10-30)第81条;畜牧法第81条")
        }
        #expect(throws: LegalBasisFailure.empty) { try PowerItem.legalBases(parsing: " ; ") }
        #expect(try PowerItem.legalBases(parsing: "畜牧法(2022-10-30)第81条；畜牧法(2022-10-30)第81条") == [Self.new])
    }

    @Test("a repealed version with no successor is flagged from the day of repeal")
    func repealed() throws {
        // setup
        let laws = LawTimeline(
            versions: [
                LawVersionStatus(
                    name: "畜牧法", version: Fixture.day("2015-04-24"), repealed: Fixture.day("2023-06-01"))
            ])
        // act
        let before = SuggestionEngine().run(Self.input(asOf: "2023-05-31", laws: laws)).filter { $0.rule == "R5" }
        let after = SuggestionEngine().run(Self.input(asOf: "2023-06-01", laws: laws)).filter { $0.rule == "R5" }
        // check
        #expect(before.isEmpty)
        #expect(after.map(\.key) == ["R5|*|XM-001"])
        #expect(after.first?.evidence == "依据《畜牧法》（2015年4月24日版）第61条所在版本已于2023年6月1日废止")
    }

    @Test("the map is followed through an intermediate version to the one in force")
    func chainedMap() {
        // setup
        let middle = Fixture.day("2019-01-01")
        let laws = LawTimeline(
            versions: Self.versions + [LawVersionStatus(name: "畜牧法", version: middle)],
            mappings: [
                ArticleMapping(old: Self.old, newVersion: middle, newArticle: 70),
                ArticleMapping(
                    old: ArticleRef(law: "畜牧法", version: middle, article: 70), newVersion: Self.new.version,
                    newArticle: 81),
            ])
        // act
        let atMiddle = laws.change(of: Self.old, on: Fixture.day("2020-01-01"))
        let atNewest = laws.change(of: Self.old, on: Fixture.day("2023-12-31"))
        // check
        #expect(atMiddle?.newArticle == ArticleRef(law: "畜牧法", version: middle, article: 70))
        #expect(atNewest?.newArticle == Self.new && atNewest?.since == Fixture.day("2023-03-01"))
    }

    @Test("an article map is checked row by row against the law library")
    func mapImport() {
        // setup
        let known: Set<ArticleRef> = [
            Self.old, Self.new, ArticleRef(law: "畜牧法", version: Self.old.version, article: 62),
        ]
        let rows = [
            CSVRow(
                line: 2,
                values: [
                    "law": "畜牧法", "old_version": "2015-04-24", "old_article": "第六十一条", "new_version": "2022-10-30",
                    "new_article": "第81条",
                ]),
            CSVRow(
                line: 3,
                values: [
                    "law": "畜牧法", "old_version": "2015-04-24", "old_article": "62", "new_version": "2022-10-30",
                    "new_article": "",
                ]),
            CSVRow(
                line: 4,
                values: [
                    "law": "畜牧法", "old_version": "2022-10-30", "old_article": "81", "new_version": "2015-04-24",
                    "new_article": "61",
                ]),
            CSVRow(
                line: 5,
                values: [
                    "law": "渔业法", "old_version": "2013-12-28", "old_article": "48", "new_version": "2024-01-01",
                    "new_article": "50",
                ]),
            CSVRow(
                line: 6,
                values: [
                    "law": "畜牧法", "old_version": "2015-04-24", "old_article": "61", "new_version": "2022-10-30",
                    "new_article": "300",
                ]),
            CSVRow(
                line: 7,
                values: [
                    "law": "畜牧法", "old_version": "2015-04-24", "old_article": "61", "new_version": "2022-10-30",
                    "new_article": "81",
                ]),
        ]
        // act
        let result = ArticleMapImport.validate(rows: rows, knownArticles: known)
        // check
        #expect(
            result.mappings == [
                ArticleMapping(old: Self.old, newVersion: Self.new.version, newArticle: 81),
                ArticleMapping(
                    old: ArticleRef(law: "畜牧法", version: Self.old.version, article: 62), newVersion: Self.new.version,
                    newArticle: nil),
            ])
        #expect(
            result.errors == [
                ImportIssue(line: 4, column: "new_version", message: "新版本2015年4月24日应晚于旧版本2022年10月30日"),
                ImportIssue(line: 5, column: "old_version", message: "法规库中没有《渔业法》（2013年12月28日版），请先导入该法规版本"),
                ImportIssue(line: 5, column: "new_version", message: "法规库中没有《渔业法》（2024年1月1日版），请先导入该法规版本"),
                ImportIssue(line: 6, column: "new_article", message: "畜牧法(2022-10-30)第300条不在法规库中"),
                ImportIssue(line: 7, column: "old_article", message: "《畜牧法》（2015年4月24日版）第61条到2022年10月30日版本的对照与第 2 行重复"),
            ])
    }
}
