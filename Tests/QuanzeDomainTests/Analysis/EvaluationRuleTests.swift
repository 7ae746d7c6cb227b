import Foundation
import Testing

@testable import QuanzeDomain

/// Rule R10 (评估逾期) and the 定期评估 schedule each 赋权 carries: due one interval after the last evaluation (or
/// the start); an evaluation not recorded by its due day is a finding until it is recorded.
@Suite("Rule R10: periodic evaluation overdue")
struct EvaluationRuleTests {
    static func input(_ d: Delegation, asOf: String) -> AnalysisInput {
        AnalysisInput(
            asOf: Fixture.day(asOf),
            delegations: [
                DelegatedItem(
                    township: d.unit, itemCode: d.itemCode, mode: d.mode, effectiveOn: d.effectiveOn,
                    evaluationDue: d.evaluationDue, lastEvaluation: d.lastEvaluation)
            ], cells: [], gaps: [:])
    }

    @Test("a 赋权 carries the schedule its document drew; a 委托 has none")
    func schedule() throws {
        // act
        let granted = try DelegationChangesTests.started(.granted)
        let entrusted = try DelegationChangesTests.started(.entrusted)
        // check
        #expect(granted.evaluationMonths == 12 && granted.evaluationInterval == 12)
        #expect(granted.evaluationDue == Fixture.day("2024-07-01") && granted.lastEvaluation == nil)
        #expect(entrusted.evaluationInterval == nil && entrusted.evaluationDue == nil)
        #expect(!entrusted.evaluationOverdue(on: Fixture.day("2030-01-01")))
    }

    @Test("found exactly after the due day, with the due day and the last evaluation as evidence")
    func overdue() throws {
        // setup
        let granted = try DelegationChangesTests.started(.granted)
        // act
        let onDue = SuggestionEngine().run(Self.input(granted, asOf: "2024-07-01")).filter { $0.rule == "R10" }
        let late = SuggestionEngine().run(Self.input(granted, asOf: "2024-07-02")).filter { $0.rule == "R10" }
        // check
        #expect(onDue.isEmpty, "the due day itself is in time")
        #expect(late.count == 1)
        let finding = try #require(late.first)
        #expect(finding.key == "R10|\(granted.unit)|\(granted.itemCode)")
        #expect(finding.action == .evaluation && finding.severity == .warning)
        #expect(finding.numbers == ["due": Double(Fixture.day("2024-07-01").ordinal), "lastEvaluation": 0])
        #expect(finding.evidence == "定期评估应于2024年7月1日前完成，至2024年7月2日未记录（自2023年7月1日实施以来未记录评估）")
    }

    @Test("recording the evaluation clears the finding and moves the due day one interval on")
    func clearedByEvaluation() throws {
        // setup
        let granted = try DelegationChangesTests.started(.granted)
        // act
        let evaluated = try granted.evaluating(
            on: Fixture.day("2024-07-20"), conclusion: .keep, findings: "办件正常", by: Cast.establishment,
            at: Fixture.t3)
        let after = SuggestionEngine().run(Self.input(evaluated, asOf: "2024-08-01")).filter { $0.rule == "R10" }
        let nextYear = SuggestionEngine().run(Self.input(evaluated, asOf: "2025-07-21")).filter { $0.rule == "R10" }
        // check
        #expect(evaluated.lastEvaluation == Fixture.day("2024-07-20"))
        #expect(evaluated.evaluationDue == Fixture.day("2025-07-20"))
        #expect(after.isEmpty)
        #expect(
            nextYear.map(\.numbers) == [
                [
                    "due": Double(Fixture.day("2025-07-20").ordinal),
                    "lastEvaluation": Double(Fixture.day("2024-07-20").ordinal),
                ]
            ])
        #expect(nextYear.first?.evidence == "定期评估应于2025年7月20日前完成，至2025年7月21日未记录（上次评估2024年7月20日）")
    }

    @Test("a 存量 赋权 has the interval it came in with, or the default, counted from the day given; never due recalled")
    func legacySchedule() throws {
        // act
        let withInterval = Delegation.legacy(
            id: "G-1", county: Fixture.county, decision: "大安府发〔2021〕11号", mode: .granted, item: Fixture.item(),
            department: ("D-AG", "区农业农村局"), unit: (Fixture.town.value, "白马镇"),
            effectiveOn: Fixture.day("2021-06-25"), until: nil, lists: [.empowerment], by: .system, at: Fixture.t0,
            evaluationMonths: 6)
        let byDefault = Delegation.legacy(
            id: "G-2", county: Fixture.county, decision: "大安府发〔2021〕11号", mode: .granted, item: Fixture.item(),
            department: ("D-AG", "区农业农村局"), unit: (Fixture.town.value, "白马镇"),
            effectiveOn: Fixture.day("2021-06-25"), until: nil, lists: [.empowerment], by: .system, at: Fixture.t0)
        let registered = Delegation.legacy(
            id: "G-3", county: Fixture.county, decision: "大安府发〔2021〕11号", mode: .granted, item: Fixture.item(),
            department: ("D-AG", "区农业农村局"), unit: (Fixture.town.value, "白马镇"),
            effectiveOn: Fixture.day("2021-06-25"), until: nil, lists: [.empowerment], by: .system, at: Fixture.t0,
            evaluationsFrom: Fixture.day("2023-11-14"))
        var recalled = byDefault
        recalled.state = .recalled
        // check
        #expect(withInterval.evaluationDue == Fixture.day("2021-12-25"))
        #expect(byDefault.evaluationMonths == Delegation.defaultEvaluationMonths)
        #expect(byDefault.evaluationDue == Fixture.day("2022-06-25"))
        #expect(byDefault.evaluationOverdue(on: Fixture.day("2022-06-26")))
        #expect(
            registered.evaluationDue == Fixture.day("2024-11-14"), "counted from registration, not presumed missing")
        #expect(recalled.evaluationDue == nil && !recalled.evaluationOverdue(on: Fixture.day("2030-01-01")))
    }

    @Test("a record written before schedules were kept is evaluated at the default interval")
    func recordWithoutSchedule() throws {
        // setup
        var old = try DelegationChangesTests.started(.granted)
        old.evaluationMonths = nil
        // act
        let decoded = try JSONDecoder().decode(Delegation.self, from: try JSONEncoder().encode(old))
        // check
        #expect(decoded.evaluationMonths == nil)
        #expect(decoded.evaluationDue == Fixture.day("2024-07-01"))
    }

    @Test("the terms the analysis decodes from a stored record say what the whole record says")
    func termsMatchRecord() throws {
        // setup: both modes, evaluated or not, 存量 with and without a schedule, recalled, a term's end, an old record
        let granted = try DelegationChangesTests.started(.granted)
        let evaluated = try granted.evaluating(
            on: Fixture.day("2024-07-20"), conclusion: .keep, findings: "办件正常", by: Cast.establishment,
            at: Fixture.t3)
        var recalled = evaluated
        recalled.state = .recalled
        var old = granted
        old.evaluationMonths = nil
        var ending = try DelegationChangesTests.started(.entrusted)
        ending.termEnds = Fixture.day("2026-06-30")
        let legacy = Delegation.legacy(
            id: "G-3", county: Fixture.county, decision: "大安府发〔2021〕11号", mode: .granted, item: Fixture.item(),
            department: ("D-AG", "区农业农村局"), unit: (Fixture.town.value, "白马镇"),
            effectiveOn: Fixture.day("2021-06-25"), until: nil, lists: [.empowerment], by: .system, at: Fixture.t0,
            evaluationMonths: 6, evaluationsFrom: Fixture.day("2023-11-14"))
        for record in [granted, evaluated, recalled, old, ending, legacy] {
            // act
            let terms = try JSONDecoder().decode(Delegation.Terms.self, from: try JSONEncoder().encode(record))
            // check
            #expect(terms.unit == record.unit && terms.itemCode == record.itemCode && terms.mode == record.mode)
            #expect(terms.state == record.state && terms.effectiveOn == record.effectiveOn)
            #expect(terms.transitionEnds == record.transitionEnds && terms.termEnds == record.termEnds)
            #expect(terms.lastEvaluation == record.lastEvaluation)
            #expect(terms.evaluationDue == record.evaluationDue, "\(record.id)")
        }
        #expect(
            Set([granted, evaluated, recalled, old, ending, legacy].map { $0.evaluationDue?.iso ?? "-" }).count == 4,
            "the records differ in what is checked")
    }
}
