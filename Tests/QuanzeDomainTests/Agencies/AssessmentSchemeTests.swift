import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Dispatched agencies: yearly assessment schemes (镇街评价权重)")
struct AssessmentSchemeTests {
    typealias Input = AssessmentScheme.IndicatorInput

    static let indicators = [
        Input(name: "服务镇街中心工作", side: .township, weight: "20"),
        Input(name: "协同执法配合", side: .township, weight: "10"),
        Input(name: "业务工作完成", side: .department, weight: "45.5"),
        Input(name: "队伍建设", side: .department, weight: "24.5"),
    ]

    static func make(
        _ input: [Input] = indicators, rules: AgencyRules? = nil, by: Principal = AgencyFixture.department,
        existing: [AssessmentScheme] = []
    ) throws(AgencyFailure) -> AssessmentScheme {
        let rules = rules ?? (try! AgencyFixture.demoRules())
        return try AssessmentScheme.make(
            id: "AS-0001", county: Fixture.county, year: 2023, agency: AgencyFixture.agency, indicators: input,
            by: by, rules: rules, existing: existing, at: Fixture.t0)
    }

    /// The refusal of `body`, nil when it succeeds (another error would show as an unexpected failure).
    static func failure(_ body: () throws -> AssessmentScheme) -> AgencyFailure? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? AgencyFailure ?? .illegalTransition(from: "unexpected", event: "\(error)")
        }
    }

    @Test("a township weight of exactly the minimum passes; 0.01 % less is refused naming the rule and its source")
    func minimum() throws {
        // setup
        let below = [
            Input(name: "服务镇街中心工作", side: .township, weight: "29.99"),
            Input(name: "业务工作完成", side: .department, weight: "70.01"),
        ]
        // act
        let scheme = try Self.make()
        let refused = Self.failure { try Self.make(below) }
        // check
        #expect(scheme.townshipWeight == 3000)
        #expect(scheme.state == .scoring)
        #expect(scheme.minimumTownshipWeight == 3000)
        #expect(
            refused
                == .townshipWeightBelowMinimum(
                    share: "29.99%", minimum: "30%",
                    rule: "赋予镇街对县级部门派驻机构工作考核权，年度考核镇街评价结果不低于考核权重的30%（依据：《大安区派驻(出)机构管理办法(试行)》）"))
        #expect(
            refused?.message
                == "镇街评价指标的权重合计为 29.99%，低于本区县规定的最低 30%：赋予镇街对县级部门派驻机构工作考核权，年度考核镇街评价结果不低于考核权重的30%（依据：《大安区派驻(出)机构管理办法(试行)》）"
        )
    }

    @Test("the minimum is the county's setting, not a constant")
    func countyMinimum() throws {
        var rules = try AgencyFixture.rules()
        rules.minimumTownshipWeight = 4000
        let refused = Self.failure { try Self.make(rules: rules) }
        #expect(
            refused
                == .townshipWeightBelowMinimum(
                    share: "30%", minimum: "40%", rule: rules.townshipWeight.printed))
    }

    @Test("weights: each above 0 with at most two decimals, together exactly 100 %; names given and unique")
    func weights() {
        func with(_ rows: [Input]) -> AgencyFailure? { Self.failure { try Self.make(rows) } }
        let t = AssessmentScheme.Side.township
        let d = AssessmentScheme.Side.department
        #expect(with([]) == .noIndicators)
        #expect(
            with([Input(name: "甲", side: t, weight: "30"), Input(name: "乙", side: d, weight: "69.99")])
                == .weightsNotHundred(total: "99.99%"))
        #expect(
            with([Input(name: "甲", side: t, weight: "30.001"), Input(name: "乙", side: d, weight: "70")])
                == .invalidWeight(indicator: "甲", text: "30.001"))
        #expect(
            with([Input(name: "甲", side: t, weight: "0"), Input(name: "乙", side: d, weight: "100")])
                == .invalidWeight(indicator: "甲", text: "0"))
        #expect(
            with([Input(name: "甲", side: t, weight: "-30"), Input(name: "乙", side: d, weight: "130")])
                == .invalidWeight(indicator: "甲", text: "-30"))
        #expect(
            with([Input(name: "甲", side: t, weight: "3e1"), Input(name: "乙", side: d, weight: "70")])
                == .invalidWeight(indicator: "甲", text: "3e1"))
        #expect(
            with([Input(name: "甲", side: t, weight: "30"), Input(name: "甲", side: d, weight: "70")])
                == .duplicateIndicator("甲"))
        #expect(with([Input(name: " ", side: t, weight: "100")]) == .emptyIndicatorName)
        #expect(with([Input(name: "甲", side: t, weight: "30%"), Input(name: "乙", side: d, weight: "70％")]) == nil)
        #expect(with([Input(name: "甲", side: t, weight: "100")]) == nil, "a scheme scored by the township alone")
    }

    @Test("one scheme per agency and year; made by its department or 编办 only")
    func makers() throws {
        let first = try Self.make()
        #expect(
            Self.failure { try Self.make(existing: [first]) }
                == .schemeExists(agency: "大山铺市场监管所", year: 2023, id: "AS-0001"))
        #expect(Self.failure { try Self.make(by: AgencyFixture.otherDepartment) } == .wrongOrganization(step: "制定考核方案"))
        #expect(
            Self.failure { try Self.make(by: AgencyFixture.township) }
                == .wrongRole(step: "制定考核方案", needed: "派驻机构的主管部门或编办"))
        let bianban = Principal(username: "bianban", role: .establishment, county: Fixture.county, organization: "BB")
        #expect(Self.failure { try Self.make(by: bianban) } == nil)
    }

    @Test("each side scores its own indicators; the total is exact and rounded once, half up, to two decimals")
    func scoring() throws {
        // setup
        let scheme = try Self.make()
        // act
        let byTownship = try scheme.scoring(
            ["服务镇街中心工作": "95", "协同执法配合": "88.5"], by: AgencyFixture.township, at: Fixture.t1)
        let both = try byTownship.scoring(
            ["业务工作完成": "91.25", "队伍建设": "86"], by: AgencyFixture.department, at: Fixture.t2)
        let published = try both.publishing(on: Fixture.day("2024-01-15"), by: AgencyFixture.department, at: Fixture.t3)
        // check: 20%×95 + 10%×88.5 + 45.5%×91.25 + 24.5%×86 = 19 + 8.85 + 41.51875 + 21.07 = 90.43875 → 90.44
        #expect(byTownship.total == nil)
        #expect(byTownship.subtotal(.township) == 2785)
        #expect(both.total == 9044)
        #expect(both.subtotal(.department) == 6259, "41.51875 + 21.07 = 62.58875 → 62.59")
        #expect(Hundredths.fixed(both.total ?? 0) == "90.44")
        #expect(published.state == .published)
        #expect(published.publishedOn == Fixture.day("2024-01-15"))
        #expect(published.history.map(\.step) == ["制定考核方案", "镇街评分", "主管部门评分", "公布考核结果"])
    }

    @Test("half up at exactly half a hundredth: 0.005 becomes 0.01")
    func halfUp() throws {
        let rows = [
            Input(name: "甲", side: .township, weight: "30.5"),
            Input(name: "乙", side: .department, weight: "69.5"),
        ]
        // 30.5% × 0.01 = 0.00305; 69.5% × 0.01 = 0.00695; sum 0.01 exactly → 0.01. With 甲 = 0.01, 乙 = 0:
        // 0.00305 → 0.00.  With 甲 = 0.03 (0.00915) and 乙 = 0 → 0.01. 50% × 0.01 = 0.005 → 0.01.
        let scheme = try Self.make(rows)
        let a = try scheme.scoring(["甲": "0.01"], by: AgencyFixture.township, at: Fixture.t1)
            .scoring(["乙": "0"], by: AgencyFixture.department, at: Fixture.t1)
        #expect(a.total == 0)
        let half = try Self.make([
            Input(name: "甲", side: .township, weight: "50"), Input(name: "乙", side: .department, weight: "50"),
        ])
        .scoring(["甲": "0.01"], by: AgencyFixture.township, at: Fixture.t1)
        .scoring(["乙": "0"], by: AgencyFixture.department, at: Fixture.t1)
        #expect(half.total == 1)
        #expect(AssessmentScheme.weighted([.init(name: "x", side: .township, weight: 10000, score: 10000)]) == 10000)
    }

    @Test("scores: 0–100 with two decimals, every indicator of the side, none of the other side; publish when complete")
    func scoreRefusals() throws {
        let scheme = try Self.make()
        func score(_ scores: [String: String], by: Principal = AgencyFixture.township) -> AgencyFailure? {
            Self.failure { try scheme.scoring(scores, by: by, at: Fixture.t1) }
        }
        #expect(score(["服务镇街中心工作": "95"]) == .missingScore(indicator: "协同执法配合"))
        #expect(
            score(["服务镇街中心工作": "100.01", "协同执法配合": "90"]) == .invalidScore(indicator: "服务镇街中心工作", text: "100.01"))
        #expect(score(["服务镇街中心工作": "九十", "协同执法配合": "90"]) == .invalidScore(indicator: "服务镇街中心工作", text: "九十"))
        #expect(
            score(["服务镇街中心工作": "95", "协同执法配合": "90", "业务工作完成": "80"])
                == .notThisSide(indicator: "业务工作完成", side: "主管部门"))
        #expect(score(["不存在": "80"]) == .unknownIndicator("不存在"))
        #expect(score(["服务镇街中心工作": "95"], by: AgencyFixture.otherTownship) == .wrongOrganization(step: "评分"))
        let supervisor = Principal(username: "jiandu", role: .supervisor, county: Fixture.county, organization: "G")
        #expect(score([:], by: supervisor) == .wrongRole(step: "评分", needed: "派驻机构所在镇街或主管部门"))
        #expect(
            Self.failure {
                try scheme.publishing(on: Fixture.day("2024-01-15"), by: AgencyFixture.department, at: Fixture.t1)
            }
                == .scoresIncomplete(missing: ["服务镇街中心工作", "协同执法配合", "业务工作完成", "队伍建设"]))
        let published = try scheme.scoring(
            ["服务镇街中心工作": "95", "协同执法配合": "90"], by: AgencyFixture.township, at: Fixture.t1
        )
        .scoring(["业务工作完成": "80", "队伍建设": "80"], by: AgencyFixture.department, at: Fixture.t1)
        .publishing(on: Fixture.day("2024-01-15"), by: AgencyFixture.department, at: Fixture.t1)
        #expect(
            Self.failure {
                try published.scoring(["服务镇街中心工作": "60", "协同执法配合": "60"], by: AgencyFixture.township, at: Fixture.t2)
            }
                == .illegalTransition(from: "已公布", event: "评分"))
        #expect(
            Self.failure {
                try published.publishing(on: Fixture.day("2024-01-16"), by: AgencyFixture.department, at: Fixture.t2)
            }
                == .illegalTransition(from: "已公布", event: "公布考核结果"))
    }

    @Test("exact decimals: parsing and printing hundredths and percentages")
    func decimals() {
        #expect(Hundredths.parse("90") == 9000)
        #expect(Hundredths.parse("89.5") == 8950)
        #expect(Hundredths.parse("89.05") == 8905)
        #expect(Hundredths.parse("89.") == nil)
        #expect(Hundredths.parse(".5") == nil)
        #expect(Hundredths.parse("1.234") == nil)
        #expect(Hundredths.parse("+1") == nil)
        #expect(Hundredths.text(8905) == "89.05")
        #expect(Hundredths.text(8950) == "89.5")
        #expect(Hundredths.fixed(8950) == "89.50")
        #expect(Hundredths.fixed(5) == "0.05")
        #expect(Percent(parsing: "30 %")?.basisPoints == 3000)
        #expect(Percent(basisPoints: 2999).text == "29.99%")
    }
}
