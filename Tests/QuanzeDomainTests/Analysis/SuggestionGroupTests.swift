import Foundation
import Testing

@testable import QuanzeDomain

/// Grouping the findings by rule and item, and the plan a confirmation prints before anything is written.
@Suite("Suggestion groups and the acceptance plan")
struct SuggestionGroupTests {
    static func finding(
        _ rule: String, _ township: String, _ item: String, _ severity: Suggestion.Severity = .warning,
        _ action: Suggestion.Action = .evaluation, evidence: String = "12 个月内无一件办件"
    ) -> Suggestion {
        Suggestion(
            rule: rule, township: township, itemCode: item, severity: severity, action: action,
            from: Fixture.day("2023-01-01"), to: Fixture.day("2023-12-31"), numbers: ["cases": 0], evidence: evidence)
    }

    static func running(_ id: String, _ township: String, _ name: String, _ item: String, recall: Bool = false)
        -> SuggestionPlan.Running
    {
        SuggestionPlan.Running(id: id, township: township, townshipName: name, itemCode: item, recallPending: recall)
    }

    @Test("one group per rule and item, named by the rule's Chinese name, townships and evidence each once")
    func grouping() {
        // setup
        let found = [
            Self.finding("R1", "T2", "A"), Self.finding("R1", "T1", "A"),
            Self.finding("R1", "*", "A", .serious, .recall, evidence: "全部 2 个镇街均无办件"),
            Self.finding("R3", "T1", "B", .serious, .training, evidence: "缺少 行政执法证"),
            Self.finding("R1", "T1", "B"),
        ]
        let names = SuggestionEngine().ruleNames
        // act
        let groups = SuggestionGroup.grouping(found, names: names)
        // check
        #expect(groups.map { "\($0.rule)|\($0.itemCode)" } == ["R1|A", "R3|B", "R1|B"], "most serious first")
        #expect(groups.map(\.ruleName) == ["无实际办件", "承接能力不足", "无实际办件"])
        #expect(groups[0].severity == .serious)
        #expect(groups[0].townships == ["*", "T1", "T2"])
        #expect(
            groups[0].evidence == [
                .init(text: "全部 2 个镇街均无办件", townships: ["*"]),
                .init(text: "12 个月内无一件办件", townships: ["T1", "T2"]),
            ])
        #expect(groups[0].actions == [.recall, .evaluation])
        #expect(groups[0].members(for: .evaluation).map(\.township) == ["T1", "T2"])
        #expect(SuggestionGroup.grouping(found, names: [:]).map(\.ruleName) == ["R1", "R3", "R1"])
    }

    @Test("every rule the engine runs has a Chinese name, R6 included")
    func names() {
        // act
        let names = SuggestionEngine().ruleNames
        // check
        #expect(
            names == [
                "R1": "无实际办件", "R2": "承接困难", "R3": "承接能力不足", "R4": "限时办结率低", "R5": "法律依据变更",
                "R6": "过渡期将满", "R7": "委托期限将满", "R8": "反复争议", "R9": "合规风险", "R10": "评估逾期",
            ])
    }

    @Test("a district-wide recall starts at every township that holds the item, names them, and skips a pending recall")
    func recallPlan() {
        // setup
        let running = [
            Self.running("D2", "T2", "和平街道", "A"), Self.running("D1", "T1", "大山铺镇", "A"),
            Self.running("D3", "T3", "江姐镇", "A", recall: true), Self.running("D4", "T1", "大山铺镇", "B"),
        ]
        let recall = Self.finding("R1", "*", "A", .serious, .recall)
        // act
        let plan = SuggestionPlan.accepting([recall], running: running)
        // check
        #expect(plan.starts.map(\.delegation.id) == ["D1", "D2"])
        #expect(plan.starts.allSatisfy { $0.action == .recall })
        #expect(plan.alreadyRecalling.map(\.id) == ["D3"])
        #expect(plan.sentences == ["将对以下 2 个镇街提出收回：大山铺镇、和平街道"])
        #expect(plan.amendments.isEmpty)
    }

    @Test("per-township findings start only at their township, once per delegation; an amendment starts nothing")
    func followUpPlan() {
        // setup
        let running = [
            Self.running("D1", "T1", "大山铺镇", "A"), Self.running("D2", "T2", "和平街道", "A"),
            Self.running("D3", "T2", "和平街道", "C"),
        ]
        let found = [
            Self.finding("R1", "T2", "A"), Self.finding("R8", "T2", "A"),
            Self.finding("R5", "*", "C", .serious, .amendment),
            Self.finding("R1", "T9", "A"),
        ]
        // act
        let plan = SuggestionPlan.accepting(found, running: running)
        // check
        #expect(plan.starts == [.init(action: .evaluation, delegation: running[1])], "one evaluation, not two")
        #expect(plan.amendments.map(\.rule) == ["R5"])
        #expect(plan.sentences == ["将对以下 1 个镇街组织评估：和平街道"])
        #expect(SuggestionPlan.accepting([], running: running).sentences.isEmpty)
    }
}
