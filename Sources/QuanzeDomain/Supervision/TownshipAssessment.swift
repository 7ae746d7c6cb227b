import Foundation

/// The indicators of the yearly assessment of townships (镇街年度考核), each computed from the data. Every score is
/// in hundredths of a point (0–10000 = 0–100 分), computed exactly from integers and rounded once, half up:
///
/// - 依法合规 `compliance`: 100 × (1 − (不合规案件 + 内审发现问题案件) ÷ (经合规检查案件 + 内审已审查案件)).
/// - 限时办结 `onTime`: 100 × 按时办结 ÷ 办结.
/// - 满意度 `satisfaction`: 100 × 满意度评分之和 ÷ (5 × 评价件数) (the 1–5 scale; an average of 5 scores 100).
/// - 持证率 `certified`: 100 × 持有有效执法证人数 ÷ 执法岗位在编和派驻人数 (the capacity figures on 31 December).
/// - 培训学时 `training`: 100 × 年度培训学时 ÷ (年度目标学时 × 执法人员数), at most 100.
/// - 职责争议 `disputes`: 100 − 每件扣分 × 涉及本镇街的争议件数, not below 0 (no rounding: the deduction has two decimals).
///
/// A ratio whose denominator is 0 (the township has no such data in the year) scores full marks and is shown as
/// “无数据，不扣分”: a township is not marked down for work it had none of.
public enum AssessmentIndicator: String, CaseIterable, Codable, Sendable {
    case compliance
    case onTime = "on-time"
    case satisfaction
    case certified
    case training
    case disputes

    public var label: String {
        switch self {
        case .compliance: "依法合规"
        case .onTime: "限时办结"
        case .satisfaction: "满意度"
        case .certified: "持证率"
        case .training: "培训学时"
        case .disputes: "职责争议"
        }
    }

    /// How the score is computed, as the pages print it.
    public var formula: String {
        switch self {
        case .compliance: "100×(1−(不合规案件+内审发现问题案件)÷(经合规检查案件+内审已审查案件))"
        case .onTime: "100×按时办结÷办结"
        case .satisfaction: "100×满意度评分之和÷(5×评价件数)"
        case .certified: "100×持证人数÷执法岗位人数"
        case .training: "100×年度培训学时÷(目标学时×执法人员数)，超过100分按100分计"
        case .disputes: "100−每件扣分×争议件数（不低于0）"
        }
    }

    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let found = Self.allCases.first(where: { $0.rawValue == t || $0.label == t }) else { return nil }
        self = found
    }
}

/// The source numbers of one township for one year, read from the data (cases, internal review, capacity, disputes).
public struct AssessmentInputs: Codable, Hashable, Sendable {
    public var township: String
    public var townshipName: String
    public var complianceCases = 0
    public var nonCompliant = 0
    public var reviewed = 0
    public var reviewedWithProblems = 0
    public var closed = 0
    public var onTime = 0
    public var satisfactionSum = 0
    public var satisfactionCount = 0
    public var eligible = 0
    public var certified = 0
    /// Training hours of the year in hundredths of an hour.
    public var trainingHundredths = 0
    public var disputes = 0

    public init(township: String, townshipName: String) {
        self.township = township
        self.townshipName = townshipName
    }
}

/// One indicator's score of a township with the numbers it was computed from.
public struct IndicatorScore: Codable, Hashable, Sendable {
    public var indicator: AssessmentIndicator
    /// Basis points.
    public var weight: Int
    /// Hundredths of a point.
    public var score: Int
    /// The numbers, as printed: “14 / 16”.
    public var source: String
    /// False when the denominator is 0 (full marks, “无数据，不扣分”).
    public var hasData: Bool
}

/// A township's result: its inputs, indicator scores, weighted total (hundredths) and rank (ties share a rank).
public struct TownshipScore: Codable, Hashable, Sendable {
    public var inputs: AssessmentInputs
    public var indicators: [IndicatorScore]
    public var total: Int
    public var rank: Int
}

/// The yearly assessment of a county's townships: 编办 sets the weighted indicators (weights as county data with the
/// document that sets them, summing to exactly 100 %), and publishes the scores computed from the data as a ranking.
/// The published results are frozen: later data does not move a published rank.
public struct TownshipAssessment: Codable, Hashable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case draft, published

        public var label: String { self == .draft ? "待公布" : "已公布" }
    }

    public struct Weight: Codable, Hashable, Sendable {
        public var indicator: AssessmentIndicator
        /// Basis points: 2500 = 25 %.
        public var weight: Int

        public init(indicator: AssessmentIndicator, weight: Int) {
            self.indicator = indicator
            self.weight = weight
        }
    }

    public var county: String
    public var year: Int
    public var weights: [Weight]
    /// Hours per enforcement officer per year (the training indicator's target).
    public var trainingTarget: Int
    /// Hundredths of a point deducted per dispute.
    public var disputeDeduction: Int
    /// The document that sets the weights (data, printed with them).
    public var source: RuleSource
    public var state: State
    public var publishedOn: Day?
    public var results: [TownshipScore]
    /// Whether the disputes counted at publication came from the disputes records (false: not yet connected, 0 each).
    public var disputesRecorded: Bool
    public var history: [StepRecord]

    /// The statute the assessment implements (行政执法评议、考核): an article of the law library.
    public static let article = ReviewSample.article

    public func weight(_ indicator: AssessmentIndicator) -> Int? {
        weights.first { $0.indicator == indicator }?.weight
    }

    /// 编办 sets a year's scheme: `weights` as typed (indicator code or name, percent text), the training target in
    /// hours, the deduction per dispute (points, two decimals) and the source document.
    public static func make(
        county: String, year: Int, weights input: [(indicator: String, weight: String)], trainingTarget: String,
        disputeDeduction: String, source: RuleSource, existing: [TownshipAssessment], by principal: Principal,
        at now: Date
    ) throws(SupervisionFailure) -> TownshipAssessment {
        guard principal.role == .establishment else { throw .wrongRole(step: "制定镇街考核方案", needed: "编办") }
        guard (2000...2100).contains(year) else { throw .yearOutOfRange(year) }
        guard !existing.contains(where: { $0.year == year }) else { throw .schemeExists(year: year) }
        let weights = try validate(input)
        let t = trainingTarget.trimmingSpaces()
        guard t.count <= 4, t.allSatisfy({ $0.isASCII && $0.isNumber }), let target = Int(t),
            (1...1000).contains(target)
        else { throw .invalidTrainingTarget(trainingTarget) }
        guard let deduction = Hundredths.parse(disputeDeduction), deduction > 0, deduction <= 10000 else {
            throw .invalidDeduction(disputeDeduction)
        }
        var source = source
        source.document = source.document.trimmingSpaces()
        source.wording = source.wording.trimmingSpaces()
        guard !source.document.isEmpty else { throw .sourceRequired }
        guard source.document.count <= 100 else { throw .tooLong(field: "文件名称", limit: 100) }
        guard source.wording.count <= 500 else { throw .tooLong(field: "规定原文", limit: 500) }
        guard (source.number ?? "").count <= 50 else { throw .tooLong(field: "文号", limit: 50) }
        guard (source.provision ?? "").count <= 50 else { throw .tooLong(field: "条款", limit: 50) }
        return TownshipAssessment(
            county: county, year: year, weights: weights, trainingTarget: target, disputeDeduction: deduction,
            source: source, state: .draft, publishedOn: nil, results: [], disputesRecorded: false,
            history: [StepRecord(step: "制定镇街考核方案", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// The weights: at least one indicator, each known and once, each above 0 with at most two decimals, summing to
    /// exactly 100 %.
    public static func validate(_ input: [(indicator: String, weight: String)]) throws(SupervisionFailure) -> [Weight] {
        guard !input.isEmpty else { throw .noIndicators }
        var weights: [Weight] = []
        for row in input {
            guard let indicator = AssessmentIndicator(text: row.indicator) else {
                throw .unknownIndicator(row.indicator)
            }
            guard !weights.contains(where: { $0.indicator == indicator }) else {
                throw .duplicateIndicator(indicator.label)
            }
            guard let w = Percent(parsing: row.weight), w.basisPoints > 0 else {
                throw .invalidWeight(indicator: indicator.label, text: row.weight)
            }
            weights.append(Weight(indicator: indicator, weight: w.basisPoints))
        }
        let total = weights.reduce(0) { $0 + $1.weight }
        guard total == 10000 else { throw .weightsNotHundred(total: Percent(basisPoints: total).text) }
        return weights.sorted {
            AssessmentIndicator.allCases.firstIndex(of: $0.indicator)! < AssessmentIndicator.allCases.firstIndex(
                of: $1.indicator)!
        }
    }

    /// 10000 × part ÷ whole, rounded half up (non-negative integers, whole > 0).
    static func hundredths(_ part: Int, _ whole: Int) -> Int { (20000 * part + whole) / (2 * whole) }

    /// One indicator's score of a township (pure).
    public func score(_ indicator: AssessmentIndicator, _ i: AssessmentInputs) -> IndicatorScore {
        let w = weight(indicator) ?? 0
        func ratio(_ part: Int, _ whole: Int) -> IndicatorScore {
            guard whole > 0 else {
                return IndicatorScore(indicator: indicator, weight: w, score: 10000, source: "无数据，不扣分", hasData: false)
            }
            return IndicatorScore(
                indicator: indicator, weight: w, score: Self.hundredths(min(part, whole), whole),
                source: "\(part) / \(whole)", hasData: true)
        }
        switch indicator {
        case .compliance:
            let whole = i.complianceCases + i.reviewed
            return ratio(whole - i.nonCompliant - i.reviewedWithProblems, whole)
        case .onTime: return ratio(i.onTime, i.closed)
        case .satisfaction:
            var s = ratio(i.satisfactionSum, 5 * i.satisfactionCount)
            if s.hasData { s.source = "\(i.satisfactionSum) / (5×\(i.satisfactionCount))" }
            return s
        case .certified: return ratio(i.certified, i.eligible)
        case .training:
            let whole = trainingTarget * 100 * i.eligible
            var s = ratio(min(i.trainingHundredths, whole), whole)
            if s.hasData {
                s.source = "\(Hundredths.text(i.trainingHundredths))学时 / (\(trainingTarget)×\(i.eligible))"
            }
            return s
        case .disputes:
            return IndicatorScore(
                indicator: indicator, weight: w, score: max(0, 10000 - disputeDeduction * i.disputes),
                source: "\(i.disputes)件×\(Hundredths.text(disputeDeduction))分", hasData: true)
        }
    }

    /// The scores and ranking of the townships (pure): each indicator of the scheme scored, the total
    /// Σ weight(bp) × score(hundredths) ÷ 10000 rounded once half up; ranked by total, ties share the rank
    /// (1, 1, 3), equal totals listed by township code.
    public func scores(_ inputs: [AssessmentInputs]) -> [TownshipScore] {
        var rows = inputs.map { i in
            let indicators = weights.map { score($0.indicator, i) }
            let exact = indicators.reduce(0) { $0 + $1.weight * $1.score }
            return TownshipScore(inputs: i, indicators: indicators, total: (exact + 5000) / 10000, rank: 0)
        }
        rows.sort { $0.total != $1.total ? $0.total > $1.total : $0.inputs.township < $1.inputs.township }
        for index in rows.indices {
            rows[index].rank =
                index > 0 && rows[index].total == rows[index - 1].total ? rows[index - 1].rank : index + 1
        }
        return rows
    }

    /// 编办 publishes the ranking computed from the inputs; the results are kept as published.
    public func publishing(
        _ inputs: [AssessmentInputs], disputesRecorded: Bool = true, on day: Day, by principal: Principal, at now: Date
    ) throws(SupervisionFailure) -> TownshipAssessment {
        guard principal.role == .establishment else { throw .wrongRole(step: "公布镇街考核结果", needed: "编办") }
        guard state == .draft else { throw .alreadyPublished(year: year) }
        guard !inputs.isEmpty else { throw .noTownships }
        var next = self
        next.results = scores(inputs)
        next.disputesRecorded = disputesRecorded
        next.state = .published
        next.publishedOn = day
        next.history.append(
            StepRecord(step: "公布镇街考核结果", by: principal.username, role: principal.role.rawValue, at: now))
        return next
    }
}

/// The disputes indicator's input: per township code, the disputes raised in the year in which the township is a
/// party (it raised the dispute or answers it), withdrawn disputes left out. Pure; the app reads the county's
/// disputes and passes them here (`DisputeCounts` in the app).
public enum DisputeTally {
    public static func perTownship(_ disputes: [Dispute], year: Int) -> [String: Int] {
        var counts: [String: Int] = [:]
        for d in disputes where d.raisedOn.year == year && d.state != .withdrawn {
            var codes = Set<String>()
            for party in [d.raisedBy, d.respondent] where party.kind == .township { codes.insert(party.code) }
            for code in codes { counts[code, default: 0] += 1 }
        }
        return counts
    }
}
