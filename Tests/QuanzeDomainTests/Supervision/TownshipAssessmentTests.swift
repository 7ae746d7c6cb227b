import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Supervision: yearly assessment of townships (镇街年度考核)")
struct TownshipAssessmentTests {
    static let bianban = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "BB")
    static let justice = InternalReviewTests.justice
    static let source = RuleSource(
        document: "《镇街年度考核办法》", number: "区委编办〔2023〕9号", provision: "第五条", wording: "各项指标权重如下")
    static let weights: [(indicator: String, weight: String)] = [
        ("依法合规", "30"), ("on-time", "20"), ("满意度", "10"), ("持证率", "15"), ("training", "15"), ("职责争议", "10"),
    ]

    static func make(
        _ weights: [(indicator: String, weight: String)] = weights, target: String = "60", deduction: String = "5",
        source: RuleSource = source, existing: [TownshipAssessment] = [], by: Principal = bianban
    ) throws -> TownshipAssessment {
        try TownshipAssessment.make(
            county: Fixture.county, year: 2023, weights: weights, trainingTarget: target, disputeDeduction: deduction,
            source: source, existing: existing, by: by, at: Fixture.t0)
    }

    static func inputs(_ code: String) -> AssessmentInputs {
        var i = AssessmentInputs(township: code, townshipName: "镇\(code)")
        i.complianceCases = 16
        i.nonCompliant = 2
        i.reviewed = 4
        i.reviewedWithProblems = 1
        i.closed = 40
        i.onTime = 37
        i.satisfactionSum = 180
        i.satisfactionCount = 40
        i.eligible = 12
        i.certified = 11
        i.trainingHundredths = 60_000
        i.disputes = 2
        return i
    }

    @Test("weights must sum to exactly 100 %: 99.99 % and 100.01 % are refused with the sum")
    func hundred() throws {
        var w = Self.weights
        w[5].weight = "9.99"
        #expect(InternalReviewTests.failure { try Self.make(w) } == .weightsNotHundred(total: "99.99%"))
        w[5].weight = "10.01"
        #expect(InternalReviewTests.failure { try Self.make(w) } == .weightsNotHundred(total: "100.01%"))
        w[5].weight = "10"
        let s = try Self.make(w)
        #expect(s.weights.map(\.weight) == [3000, 2000, 1000, 1500, 1500, 1000])
        #expect(s.weights.map(\.indicator) == AssessmentIndicator.allCases)
        // A subset of the indicators is a scheme too, when it sums to 100 %.
        let two = try Self.make([("持证率", "40"), ("依法合规", "60")])
        #expect(two.weights.map(\.indicator) == [.compliance, .certified])
    }

    @Test("unknown, repeated, zero or badly written weights, a missing document and other roles are refused")
    func refusals() throws {
        #expect(InternalReviewTests.failure { try Self.make([("群众评议", "100")]) } == .unknownIndicator("群众评议"))
        #expect(
            InternalReviewTests.failure { try Self.make([("持证率", "50"), ("certified", "50")]) }
                == .duplicateIndicator("持证率"))
        #expect(
            InternalReviewTests.failure { try Self.make([("持证率", "0"), ("依法合规", "100")]) }
                == .invalidWeight(indicator: "持证率", text: "0"))
        #expect(
            InternalReviewTests.failure { try Self.make([("持证率", "33.333"), ("依法合规", "66.667")]) }
                == .invalidWeight(indicator: "持证率", text: "33.333"))
        #expect(InternalReviewTests.failure { try Self.make([]) } == .noIndicators)
        #expect(
            InternalReviewTests.failure { try Self.make(source: RuleSource(document: " ", wording: "x")) }
                == .sourceRequired)
        #expect(InternalReviewTests.failure { try Self.make(target: "0") } == .invalidTrainingTarget("0"))
        #expect(InternalReviewTests.failure { try Self.make(deduction: "100.01") } == .invalidDeduction("100.01"))
        #expect(
            InternalReviewTests.failure { try Self.make(by: Self.justice) }
                == .wrongRole(step: "制定镇街考核方案", needed: "编办"))
        let first = try Self.make()
        #expect(InternalReviewTests.failure { try Self.make(existing: [first]) } == .schemeExists(year: 2023))
    }

    @Test("each indicator's score from its source numbers, exact and rounded once half up")
    func indicatorScores() throws {
        let s = try Self.make()
        let i = Self.inputs("T1")
        let scores = AssessmentIndicator.allCases.map { s.score($0, i) }
        // (20 − 3) / 20; 37 / 40; 180 / 200; 11 / 12 = 91.666…; 600 h / (60 × 12) = 83.333…; 100 − 2 × 5.
        #expect(scores.map(\.score) == [8500, 9250, 9000, 9167, 8333, 9000])
        #expect(scores.map(\.source) == ["17 / 20", "37 / 40", "180 / (5×40)", "11 / 12", "600学时 / (60×12)", "2件×5分"])
        let results = s.scores([i])
        // Σ weight × score = 88 250 000 → 88.25 points.
        #expect(results.map(\.total) == [8825])
        // Half up: 0.005 rounds to 0.01, 0.00125 to 0.
        #expect(TownshipAssessment.hundredths(1, 20_000) == 1)
        #expect(TownshipAssessment.hundredths(1, 80_000) == 0)
        #expect(TownshipAssessment.hundredths(2, 3) == 6667)
    }

    @Test("no data scores full marks and says so; training caps at the target; disputes do not go below 0")
    func edges() throws {
        let s = try Self.make()
        var i = AssessmentInputs(township: "T9", townshipName: "空镇")
        let empty = AssessmentIndicator.allCases.map { s.score($0, i) }
        #expect(empty.map(\.score) == [10000, 10000, 10000, 10000, 10000, 10000])
        #expect(empty.map(\.hasData) == [false, false, false, false, false, true])
        #expect(empty[0].source == "无数据，不扣分")
        i.eligible = 2
        i.trainingHundredths = 20_000  // 200 h for 2 officers, target 120 h
        #expect(s.score(.training, i).score == 10000)
        i.disputes = 21
        #expect(s.score(.disputes, i).score == 0)
    }

    @Test("ranking: by total, ties share the rank (1, 1, 3), equal totals listed by code; publication freezes it")
    func ranking() throws {
        let s = try Self.make()
        var low = Self.inputs("T0")
        low.onTime = 30  // 75 % → 7500: 20 % × (9250 − 7500) = 3.5 points less
        let rows = s.scores([Self.inputs("T3"), low, Self.inputs("T2")])
        #expect(rows.map(\.inputs.township) == ["T2", "T3", "T0"])
        #expect(rows.map(\.rank) == [1, 1, 3])
        #expect(rows.map(\.total) == [8825, 8825, 8475])
        #expect(
            InternalReviewTests.failure {
                try s.publishing([low], on: Fixture.day("2024-02-01"), by: Self.justice, at: Fixture.t1)
            }
                == .wrongRole(step: "公布镇街考核结果", needed: "编办"))
        #expect(
            InternalReviewTests.failure {
                try s.publishing([], on: Fixture.day("2024-02-01"), by: Self.bianban, at: Fixture.t1)
            }
                == .noTownships)
        let published = try s.publishing(
            [low, Self.inputs("T2")], on: Fixture.day("2024-02-01"), by: Self.bianban, at: Fixture.t1)
        #expect(published.state == .published)
        #expect(published.results.map(\.rank) == [1, 2])
        #expect(published.publishedOn == Fixture.day("2024-02-01"))
        #expect(
            InternalReviewTests.failure {
                try published.publishing([low], on: Fixture.day("2024-02-02"), by: Self.bianban, at: Fixture.t2)
            }
                == .alreadyPublished(year: 2023))
    }
}

@Suite("Supervision: the disputes indicator's input (DisputeTally)")
struct DisputeTallyTests {
    @Test("per township: disputes of the year it is a party to, withdrawn ones left out, each dispute once")
    func tally() throws {
        let a = try DisputeTests.raised(id: "ZY-0001", on: Fixture.day("2023-03-01"))
        let b = try DisputeTests.raised(id: "ZY-0002", on: Fixture.day("2023-11-30"))
        var withdrawn = try DisputeTests.raised(id: "ZY-0003", on: Fixture.day("2023-05-01"))
        withdrawn.state = .withdrawn
        let lastYear = try DisputeTests.raised(id: "ZY-0004", on: Fixture.day("2022-12-31"))
        var between = try DisputeTests.raised(id: "ZY-0005", on: Fixture.day("2023-06-01"))
        between.respondent = DisputeParty(kind: .township, code: "510104200000", name: "乙镇")
        var self_ = try DisputeTests.raised(id: "ZY-0006", on: Fixture.day("2023-06-02"))
        self_.respondent = DisputeTests.township
        let counts = DisputeTally.perTownship([a, b, withdrawn, lastYear, between, self_], year: 2023)
        #expect(counts == ["510104100000": 4, "510104200000": 1])
    }
}
