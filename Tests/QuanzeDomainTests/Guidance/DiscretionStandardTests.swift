import Foundation
import Testing

@testable import QuanzeDomain

/// Discretion standards (裁量基准, issue 16 point 4): only for 行政处罚 items, by whoever may publish for the item;
/// every rule of a row (circumstance, facts, penalty kinds, fine range, article) and of rows together (unique
/// circumstances, graded ranges not crossing); versions; search.
@Suite("Discretion standards")
struct DiscretionStandardTests {
    typealias G = GuidanceTests

    static func row(
        _ circumstance: String, facts: String = "情形", kinds: [PenaltyKind] = [.fine], min: Int? = 5000,
        max: Int? = 20000, note: String = "", articles: [ArticleRef] = [G.article]
    ) -> DiscretionRow {
        DiscretionRow(
            circumstance: circumstance, facts: facts,
            penalty: PenaltyRange(kinds: kinds, fineMin: min, fineMax: max, note: note), articles: articles)
    }

    static let rows = [
        row("轻微", facts: "首次违法，及时改正，没有造成危害后果", kinds: [.noPenalty], min: nil, max: nil, articles: [G.minorArticle]),
        row("一般", facts: "责令限期改正后按期改正", min: 0, max: 20000),
        row("较重", facts: "逾期未改正", min: 20000, max: 50000),
        row("严重", facts: "逾期未改正且造成事故隐患", kinds: [.fine, .suspension], min: 50000, max: 200000),
    ]

    static func publish(
        _ rows: [DiscretionRow] = rows, item: GuidanceItem = G.penaltyItem, previous: DiscretionStandard? = nil,
        on day: String = "2024-03-01", source: String = "某应急〔2024〕6号", by principal: Principal = G.yingji
    ) throws(GuidanceFailure) -> DiscretionStandard {
        try DiscretionStandard.publish(
            .init(rows: rows, source: source, effectiveOn: Fixture.day(day)), county: Fixture.county, item: item,
            previous: previous, issuer: G.issuer, by: principal, at: Fixture.t0)
    }

    static func refusal(_ rows: [DiscretionRow]) -> GuidanceFailure? {
        G.failure { () throws(GuidanceFailure) in try publish(rows) }
    }

    @Test("a standard for a penalty item is published with its rows normalised")
    func publishStandard() throws {
        // setup
        var given = Self.rows
        given[1].circumstance = " 一般情节 "
        given[3].penalty.kinds = [.suspension, .fine, .fine]
        given[3].articles = [G.article, G.article]
        // act
        let s = try Self.publish(given)
        // check
        #expect(s.version == 1 && s.itemCode == "CF-1" && s.itemName == G.penaltyItem.name)
        #expect(s.rows.map(\.circumstance) == ["轻微", "一般", "较重", "严重"])
        #expect(s.rows[3].penalty.kinds == [.fine, .suspension] && s.rows[3].articles == [G.article])
        #expect(s.rows.map(\.grade) == [.minor, .ordinary, .serious, .grave])
        #expect(s.source == "某应急〔2024〕6号" && s.publishedBy == "yingji")
    }

    @Test("only for 行政处罚 items, by the item's department, 编办 or 司法局")
    func publishRefusals() throws {
        #expect(
            G.failure { () throws(GuidanceFailure) in try Self.publish(item: G.licenceItem) }
                == .notAPenaltyItem(item: G.licenceItem.name, category: "行政许可"))
        #expect(
            G.failure { () throws(GuidanceFailure) in try Self.publish(item: G.otherItem) }
                == .notCompetent(item: G.otherItem.name, department: "区农业农村局"))
        #expect(G.failure { () throws(GuidanceFailure) in try Self.publish(by: G.township) } == .wrongRole(role: "镇街"))
        #expect(G.failure { () throws(GuidanceFailure) in try Self.publish(source: " ") } == .emptySource)
        #expect(try Self.publish(item: G.otherItem, by: G.sifa).issuer == G.issuer)
        #expect(try Self.publish(item: G.otherItem, by: G.nongye).version == 1)
    }

    @Test("every row needs a circumstance, facts, a penalty kind and an article; at most 12 rows")
    func rowRefusals() {
        #expect(Self.refusal([]) == .noRows)
        #expect(Self.refusal((1...13).map { Self.row("情形\($0)", min: nil, max: nil, note: "倍数") }) == .tooManyRows(12))
        #expect(Self.refusal([Self.row(" ")]) == .emptyCircumstance(row: 1))
        #expect(
            Self.refusal([Self.row("一般"), Self.row(String(repeating: "情", count: 31))])
                == .tooLong(field: "违法情节", limit: 30))
        #expect(Self.refusal([Self.row("一般", facts: " ")]) == .emptyFacts(row: 1))
        #expect(
            Self.refusal([Self.row("一般", facts: String(repeating: "字", count: 501))])
                == .tooLong(field: "适用情形", limit: 500))
        #expect(Self.refusal([Self.row("一般", articles: [])]) == .noArticle(row: 1))
        #expect(Self.refusal([Self.row("一般", kinds: [])]) == .noPenaltyKind(row: 1))
        #expect(
            Self.refusal([Self.row("一般", kinds: [.noPenalty, .warning], min: nil, max: nil)])
                == .noPenaltyWithOthers(row: 1))
        #expect(
            Self.refusal([Self.row("一般", note: String(repeating: "字", count: 201))])
                == .tooLong(field: "处罚说明", limit: 200))
    }

    @Test("a fine has both bounds (non-negative, min ≤ max) or a note; amounts only with a fine")
    func fines() throws {
        #expect(Self.refusal([Self.row("一般", min: nil, max: nil)]) == .fineWithoutAmount(row: 1))
        #expect(Self.refusal([Self.row("一般", min: 5000, max: nil)]) == .fineIncomplete(row: 1))
        #expect(Self.refusal([Self.row("一般", min: nil, max: 5000)]) == .fineIncomplete(row: 1))
        #expect(Self.refusal([Self.row("一般", min: -1, max: 5000)]) == .negativeFine(row: 1))
        #expect(
            Self.refusal([Self.row("一般", min: 20001, max: 20000)]) == .fineRangeInverted(row: 1, min: 20001, max: 20000)
        )
        #expect(Self.refusal([Self.row("一般", kinds: [.warning])]) == .amountWithoutFine(row: 1))
        #expect(Self.refusal([Self.row("一般", kinds: [.warning], min: 1, max: nil)]) == .amountWithoutFine(row: 1))
        #expect(
            GuidanceFailure.fineRangeInverted(row: 1, min: 20001, max: 20000).message
                == "第 1 档：罚款下限 20,001 元高于上限 20,000 元")
        #expect(GuidanceFailure.fineRangeInverted(row: 2, min: 9000, max: 500).message == "第 2 档：罚款下限 9000 元高于上限 500 元")
        // a fine as a multiple, a single amount, a warning alone are all coherent
        let ok = try Self.publish([
            Self.row("一般", kinds: [.fine, .confiscation], min: nil, max: nil, note: "违法所得一倍以上二倍以下罚款"),
            Self.row("较重", min: 50000, max: 50000), Self.row("首次违法", kinds: [.warning], min: nil, max: nil),
        ])
        #expect(ok.rows.count == 3 && ok.rows[2].grade == nil)
    }

    @Test("circumstances are unique (a grade by key or label is the same grade); graded ranges do not cross")
    func togetherRules() throws {
        #expect(
            Self.refusal([Self.row("一般"), Self.row("ordinary", min: 20000, max: 30000)]) == .duplicateCircumstance("一般")
        )
        #expect(Self.refusal([Self.row("首次"), Self.row(" 首次 ")]) == .duplicateCircumstance("首次"))
        #expect(
            Self.refusal([Self.row("较重", min: 20000, max: 50000), Self.row("一般", min: 0, max: 20001)])
                == .overlappingRanges(lower: "一般", higher: "较重"))
        #expect(
            Self.refusal([Self.row("轻微", min: 0, max: 3000), Self.row("严重", min: 2999, max: 9000)])
                == .overlappingRanges(lower: "轻微", higher: "严重"))
        // adjacent grades may share a bound; a row without amounts or a free-text row is not compared
        let ok = try Self.publish([
            Self.row("一般", min: 0, max: 20000), Self.row("较重", min: 20000, max: 50000),
            Self.row("严重", min: nil, max: nil, note: "按货值金额计算"), Self.row("其他", min: 0, max: 999_999),
        ])
        #expect(ok.rows.count == 4)
    }

    @Test("a new version follows the previous one's day; the grades read their keys and labels")
    func versionsAndGrades() throws {
        // setup
        let v1 = try Self.publish()
        // act
        let v2 = try Self.publish(previous: v1, on: "2024-03-01")
        // check
        #expect(v2.version == 2)
        #expect(
            G.failure { () throws(GuidanceFailure) in try Self.publish(previous: v2, on: "2024-01-01") }
                == .dayBeforePrevious(day: Fixture.day("2024-01-01"), previous: Fixture.day("2024-03-01"), version: 2))
        #expect(CircumstanceGrade(text: "违法情节严重") == .grave && CircumstanceGrade(text: "minor") == .minor)
        #expect(CircumstanceGrade(text: "特别严重") == nil)
        #expect(
            PenaltyKind(text: "没收") == .confiscation && PenaltyKind(text: "罚款") == .fine
                && PenaltyKind(text: "拘留") == nil)
    }

    @Test("the penalty in words; search over item, circumstance, facts and penalty")
    func summaryAndSearch() throws {
        // setup
        let s = try Self.publish()
        let grouped: (Int) -> String = { $0 >= 10000 ? "\($0 / 1000),000" : String($0) }
        // act, check
        #expect(s.rows[3].penalty.summary(count: grouped) == "罚款 50,000–200,000 元，责令停产停业")
        #expect(s.rows[0].penalty.summary(count: grouped) == "不予处罚")
        #expect(
            PenaltyRange(kinds: [.fine], fineMin: 50000, fineMax: 50000, note: "并责令改正").summary(count: String.init)
                == "罚款 50000 元（并责令改正）")
        #expect(s.rows.filter { s.matches($0, query: "逾期") }.map(\.circumstance) == ["较重", "严重"])
        #expect(s.rows.filter { s.matches($0, query: "200000") }.map(\.circumstance) == ["严重"])
        #expect(s.rows.filter { s.matches($0, query: "安全设备") }.count == 4)
        #expect(s.rows.filter { s.matches($0, query: "cf-1") }.count == 4)
        #expect(s.rows.filter { s.matches($0, query: "轻微") }.map(\.circumstance) == ["轻微"])
        #expect(s.rows.filter { s.matches($0, query: "吊销") }.isEmpty)
        #expect(s.rows.filter { s.matches($0, query: " ") }.count == 4)
    }
}
