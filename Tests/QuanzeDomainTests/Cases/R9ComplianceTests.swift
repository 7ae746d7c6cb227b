import Foundation
import Testing

@testable import QuanzeDomain

/// R9 合规风险: found exactly at the threshold and the minimum volume, not below either; the evidence names the
/// broken checks with their articles and the period.
@Suite("R9 compliance risk")
struct R9ComplianceTests {
    static let asOf = Fixture.day("2023-12-31")

    /// One delegated item at one township with `cases` checked penalty cases in 2023, `broken` of them with one
    /// officer, plus a non-compliant case of 2022 outside the 12 months.
    static func input(cases: Int, broken: Int) -> AnalysisInput {
        var cell = IndicatorCell(county: "c", township: "T1", itemCode: "CF-001", month: "2023-06")
        for n in 0..<cases {
            var c = CaseCompliance(checked: [.officers, .fullRecord], broken: n < broken ? [.officers] : [])
            if n == 0 && broken > 0 {
                c = CaseCompliance(checked: [.officers, .fullRecord], broken: [.officers, .fullRecord])
            }
            cell.compliance.apply(c, sign: 1)
            cell.volume += 1
        }
        var old = IndicatorCell(county: "c", township: "T1", itemCode: "CF-001", month: "2022-06")
        old.compliance.apply(CaseCompliance(checked: [.officers], broken: [.officers]), sign: 1)
        old.volume = 1
        return AnalysisInput(
            asOf: asOf,
            delegations: [
                DelegatedItem(
                    township: "T1", itemCode: "CF-001", mode: .granted, effectiveOn: Fixture.day("2021-01-01"))
            ], cells: [cell, old], gaps: [:])
    }

    static func r9(_ input: AnalysisInput, _ t: RuleThresholds = .init()) -> [Suggestion] {
        SuggestionEngine(thresholds: t).run(input).filter { $0.rule == "R9" }
    }

    @Test("at the threshold (1 of 5 = 20 %) and the minimum volume (5) R9 finds the pair, with its evidence")
    func atThreshold() throws {
        // act
        let found = Self.r9(Self.input(cases: 5, broken: 1))
        // check
        #expect(found.count == 1)
        let s = try #require(found.first)
        #expect(s.key == "R9|T1|CF-001" && s.severity == .warning && s.action == .training)
        #expect(s.from == Fixture.day("2023-01-01") && s.to == Self.asOf)
        #expect(
            s.numbers == [
                "cases": 5, "nonCompliant": 1, "nonCompliantShare": 0.2, "broken:officers": 1, "broken:full-record": 1,
            ])
        #expect(
            s.evidence
                == "2023年1月1日至2023年12月31日经合规检查的 5 件中 1 件（20%）不符合法定要求：持证执法人员不足两人 1 件（《行政处罚法》（2021年1月22日版）第42条）；无全过程记录 1 件（《行政处罚法》（2021年1月22日版）第47条）"
        )
    }

    @Test("below the threshold (1 of 6) or the minimum volume (4 of 4 broken) R9 stays silent")
    func below() {
        #expect(Self.r9(Self.input(cases: 6, broken: 1)).isEmpty)
        #expect(Self.r9(Self.input(cases: 4, broken: 4)).isEmpty)
        #expect(Self.r9(Self.input(cases: 5, broken: 0)).isEmpty)
    }

    @Test("a clearly non-compliant pair is serious; thresholds are configurable")
    func configurable() {
        // setup
        var strict = RuleThresholds()
        strict.nonCompliantShare = 0.5
        var small = RuleThresholds()
        small.complianceMinimumCases = 4
        // act, check
        #expect(Self.r9(Self.input(cases: 8, broken: 8)).map(\.severity) == [.serious])
        #expect(Self.r9(Self.input(cases: 5, broken: 2), strict).isEmpty)
        #expect(Self.r9(Self.input(cases: 4, broken: 1), small).count == 1)
    }

    @Test("R9 is one of the engine's standard rules")
    func standard() {
        #expect(SuggestionEngine.standardRules.map(\.id).contains("R9"))
    }
}
