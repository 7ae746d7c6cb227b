import Foundation

/// One delegated item at one township as the engine sees it.
public struct DelegatedItem: Hashable, Sendable {
    public var township: String
    public var itemCode: String
    public var mode: DelegationMode
    public var effectiveOn: Day
    public var transitionEnds: Day?
    public var termEnds: Day?
    /// 赋权: the day the next 定期评估 is due (`Delegation.evaluationDue`) and the last one recorded.
    public var evaluationDue: Day?
    public var lastEvaluation: Day?

    public init(
        township: String, itemCode: String, mode: DelegationMode, effectiveOn: Day, transitionEnds: Day? = nil,
        termEnds: Day? = nil, evaluationDue: Day? = nil, lastEvaluation: Day? = nil
    ) {
        self.township = township
        self.itemCode = itemCode
        self.mode = mode
        self.effectiveOn = effectiveOn
        self.transitionEnds = transitionEnds
        self.termEnds = termEnds
        self.evaluationDue = evaluationDue
        self.lastEvaluation = lastEvaluation
    }
}

/// A span of whole months of one township's item whose indicator cells a rule adds up (`AnalysisInput.totals`):
/// months as `YYYY-MM`, both included.
public struct CellWindow: Hashable, Sendable {
    public var township: String
    public var itemCode: String
    public var first: String
    public var last: String

    /// The months of the days `from` and `to`.
    public init(township: String, itemCode: String, from: Day, to: Day) {
        self.init(township: township, itemCode: itemCode, first: from.isoMonth, last: to.isoMonth)
    }

    /// Months as `YYYY-MM`.
    init(township: String, itemCode: String, first: String, last: String) {
        self.township = township
        self.itemCode = itemCode
        self.first = first
        self.last = last
    }
}

/// Everything the rules read, as of one day: the delegated items, their case figures and the capacity gaps
/// (township|item → the requirements not held, with their evidence).
///
/// The case figures come one of two ways, and a rule reads them the same way (`totals`): as indicator cells (at
/// least the 12 months before the day), which the rules' look-ups add up, or as the sums of exactly the windows the
/// rules read (`SuggestionEngine.windows`), which the database adds up — a province county has tens of thousands of
/// cells and a few thousand windows.
public struct AnalysisInput: Sendable {
    public var asOf: Day
    public var delegations: [DelegatedItem]
    public var cells: [IndicatorCell] { didSet { cellsByPair = Self.index(cells) } }
    /// The cells by township and item, so a rule's look-up reads one pair's months instead of every cell.
    private var cellsByPair: [Pair: [IndicatorCell]]
    /// The windows' sums, when the figures come that way (nil: `totals` adds up `cells`): each the counts the rules
    /// read only (`IndicatorCell.analysed`), as the database adds them up (`CaseStore.sums`).
    public var sums: [CellWindow: IndicatorCell]?
    public var gaps: [String: [RequirementFit]]
    /// The legal bases of the delegated items (item code → citations) and the law versions and article maps (R5).
    public var citations: [String: [ArticleRef]]
    public var laws: LawTimeline
    /// The county's boundary disputes and its dispute settings (R8 reads them).
    public var disputes: [Dispute]
    public var disputeRules: DisputeRules?

    public init(
        asOf: Day, delegations: [DelegatedItem], cells: [IndicatorCell] = [],
        sums: [CellWindow: IndicatorCell]? = nil, gaps: [String: [RequirementFit]],
        citations: [String: [ArticleRef]] = [:], laws: LawTimeline = LawTimeline(), disputes: [Dispute] = [],
        disputeRules: DisputeRules? = nil
    ) {
        self.asOf = asOf
        self.delegations = delegations
        self.cells = cells
        self.cellsByPair = Self.index(cells)
        self.sums = sums
        self.gaps = gaps
        self.citations = citations
        self.laws = laws
        self.disputes = disputes
        self.disputeRules = disputeRules
    }

    /// Sum of the window's cells: the counts the rules read (`IndicatorCell.analysed`). With `sums`, a window the
    /// rules did not declare is a defect of the rule (its `windows` and its `evaluate` disagree): the tests stop on
    /// it; a release build answers no cases.
    public func totals(_ window: CellWindow) -> IndicatorCell {
        if let sums {
            guard let sum = sums[window] else {
                assertionFailure("window not declared by any rule: \(window)")
                return IndicatorCell(county: "", township: "", itemCode: "", month: "")
            }
            return sum
        }
        return IndicatorCell.total(
            (cellsByPair[Pair(township: window.township, item: window.itemCode)] ?? []).filter {
                $0.month >= window.first && $0.month <= window.last
            }, county: "", label: ""
        ).analysed
    }

    struct Pair: Hashable, Sendable {
        var township: String
        var item: String
    }

    static func index(_ cells: [IndicatorCell]) -> [Pair: [IndicatorCell]] {
        Dictionary(grouping: cells) { Pair(township: $0.township, item: $0.itemCode) }
    }
}

/// Thresholds and minimum volumes of the rules (DESIGN §5), configurable per deployment.
public struct RuleThresholds: Codable, Hashable, Sendable {
    public var unusedMonths = 12
    public var departmentShare = 0.5
    public var departmentMinimumCases = 5
    public var overdueShare = 0.1
    public var overdueMinimumCases = 10
    public var transitionWarningDays = 30
    public var termWarningDays = 60
    /// R9: the share of checked cases that break a statutory requirement, and the checked cases it needs.
    public var nonCompliantShare = 0.2
    public var complianceMinimumCases = 5

    public init() {}
}

/// A pluggable rule: each of R1–R5 and R7–R10 is one conformance.
public protocol SuggestionRule: Sendable {
    var id: String { get }
    /// The rule's Chinese name as pages print it (DESIGN §5), e.g. 无实际办件.
    var name: String { get }
    /// The windows of case figures the rule reads for these delegations as of the day (`AnalysisInput.totals`);
    /// none for a rule that reads no case figures.
    func windows(_ delegations: [DelegatedItem], asOf: Day, _ t: RuleThresholds) -> [CellWindow]
    func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion]
}

extension SuggestionRule {
    public func windows(_ delegations: [DelegatedItem], asOf: Day, _ t: RuleThresholds) -> [CellWindow] { [] }
}

/// The window R2, R4 and R9 read: the 12 months before the day, from the day the delegation took effect if later.
/// The months of the day and of the year's first day are worked out once for all the delegations.
struct LastYear {
    let start: Day
    let first: String
    let last: String

    init(asOf: Day) {
        start = asOf.addingMonths(-12).adding(days: 1)
        first = start.isoMonth
        last = asOf.isoMonth
    }

    func callAsFunction(_ d: DelegatedItem) -> (from: Day, window: CellWindow) {
        let from = max(start, d.effectiveOn)
        return (
            from,
            CellWindow(
                township: d.township, itemCode: d.itemCode, first: from == start ? first : from.isoMonth, last: last)
        )
    }
}

/// A rule that reads each delegation's case figures of `LastYear` (R2, R4, R9).
public protocol LastYearRule: SuggestionRule {}

extension LastYearRule {
    public func windows(_ delegations: [DelegatedItem], asOf: Day, _ t: RuleThresholds) -> [CellWindow] {
        let lastYear = LastYear(asOf: asOf)
        return delegations.map { lastYear($0).window }
    }
}

/// Runs the rules as of a day. R6 reads the findings of R1–R4, so it runs after them.
public struct SuggestionEngine: Sendable {
    public var rules: [any SuggestionRule]
    public var thresholds: RuleThresholds

    public static let standardRules: [any SuggestionRule] = [
        R1NoUse(), R2Department(), R3Capacity(), R4Late(), R5LegalBasis(), R7Term(), R8Disputes(),
        R9Compliance(), R10Evaluation(),
    ]

    public init(rules: [any SuggestionRule] = SuggestionEngine.standardRules, thresholds: RuleThresholds = .init()) {
        self.rules = rules
        self.thresholds = thresholds
    }

    /// Rule id → Chinese name, for every rule this engine runs (R6 included).
    public var ruleNames: [String: String] {
        Dictionary(
            rules.map { ($0.id, $0.name) } + [(R6Transition.id, R6Transition.name)], uniquingKeysWith: { a, _ in a })
    }

    /// Every window of case figures the rules read for these delegations as of the day, each once: what
    /// `AnalysisInput.sums` must hold.
    public func windows(_ delegations: [DelegatedItem], asOf: Day) -> Set<CellWindow> {
        var windows = Set<CellWindow>(minimumCapacity: delegations.count * 2)
        for rule in rules { windows.formUnion(rule.windows(delegations, asOf: asOf, thresholds)) }
        return windows
    }

    public func run(_ input: AnalysisInput) -> [Suggestion] {
        var found = rules.flatMap { $0.evaluate(input, thresholds) }
        found += R6Transition.evaluate(input, thresholds, open: found)
        // Most serious first, then by rule, township and item; in the rules' order where all are equal. The
        // positions are sorted, not the findings: a province county has thousands, and moving one moves its texts.
        let rank = found.map(\.severity.rank)
        let order = found.indices.sorted { a, b in
            if rank[a] != rank[b] { return rank[a] > rank[b] }
            if found[a].rule != found[b].rule { return found[a].rule < found[b].rule }
            if found[a].township != found[b].township { return found[a].township < found[b].township }
            if found[a].itemCode != found[b].itemCode { return found[a].itemCode < found[b].itemCode }
            return a < b
        }
        return order.map { found[$0] }
    }
}

/// A share as a whole percentage, as `String(format: "%.0f%%", x * 100)` prints it (halves to even), without
/// Foundation's formatter: the rules print one for each of thousands of findings.
func percent(_ x: Double) -> String {
    let value = (x * 100).rounded(.toNearestOrEven)
    guard value.isFinite, abs(value) < 1e15 else { return String(format: "%.0f%%", x * 100) }
    return value == 0 && value.sign == .minus ? "-0%" : "\(Int64(value))%"
}

/// R1 无实际办件: a delegated item without a single case at a township for the last 12 months since it took effect;
/// and an item without a case at any township that holds it.
public struct R1NoUse: SuggestionRule {
    public let id = "R1"
    public let name = "无实际办件"
    public init() {}

    /// The last `unusedMonths` months, for each delegation in effect since before they began.
    func window(asOf: Day, _ t: RuleThresholds) -> (start: Day, of: (DelegatedItem) -> CellWindow?) {
        let start = asOf.addingMonths(-t.unusedMonths).adding(days: 1)
        let (first, last) = (start.isoMonth, asOf.isoMonth)
        return (
            start,
            { d in
                d.effectiveOn <= start
                    ? CellWindow(township: d.township, itemCode: d.itemCode, first: first, last: last) : nil
            }
        )
    }

    public func windows(_ delegations: [DelegatedItem], asOf: Day, _ t: RuleThresholds) -> [CellWindow] {
        delegations.compactMap(window(asOf: asOf, t).of)
    }

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        let (windowStart, window) = window(asOf: input.asOf, t)
        var out: [Suggestion] = []
        var byItem: [String: [(DelegatedItem, Int)]] = [:]
        for d in input.delegations {
            guard let span = window(d) else { continue }
            let cases = input.totals(span).volume
            byItem[d.itemCode, default: []].append((d, cases))
            guard cases == 0 else { continue }
            out.append(
                Suggestion(
                    rule: id, township: d.township, itemCode: d.itemCode, severity: .warning, action: .evaluation,
                    from: windowStart, to: input.asOf, numbers: ["cases": 0],
                    evidence:
                        "\(windowStart.chinese)至\(input.asOf.chinese)的 \(t.unusedMonths) 个月内无一件办件（自\(d.effectiveOn.chinese)起下放）"
                ))
        }
        for (item, holders) in byItem where holders.allSatisfy({ $0.1 == 0 }) && holders.count > 1 {
            out.append(
                Suggestion(
                    rule: id, township: "*", itemCode: item, severity: .serious, action: .recall, from: windowStart,
                    to: input.asOf, numbers: ["cases": 0, "townships": Double(holders.count)],
                    evidence: "承接该事项的全部 \(holders.count) 个镇街在\(windowStart.chinese)至\(input.asOf.chinese)均无办件，建议评估是否收回")
            )
        }
        return out
    }
}

/// R2 承接困难: at least half of the cases handled by the department, over at least 5 cases, in the last 12 months.
public struct R2Department: LastYearRule {
    public let id = "R2"
    public let name = "承接困难"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        let lastYear = LastYear(asOf: input.asOf)
        return input.delegations.compactMap { d in
            let (from, window) = lastYear(d)
            let c = input.totals(window)
            guard c.volume >= t.departmentMinimumCases, let share = c.departmentShare, share >= t.departmentShare
            else { return nil }
            return Suggestion(
                rule: id, township: d.township, itemCode: d.itemCode, severity: share >= 0.9 ? .serious : .warning,
                action: .training, from: from, to: input.asOf,
                numbers: ["cases": Double(c.volume), "byDepartment": Double(c.byDepartment), "departmentShare": share],
                evidence: "\(c.volume) 件中 \(c.byDepartment) 件（\(percent(share))）仍由区级部门办理，镇街承接困难")
        }
    }
}

/// R3 承接能力不足: the township lacks a requirement of the item (field, certificate, equipment, certified officers).
public struct R3Capacity: SuggestionRule {
    public let id = "R3"
    public let name = "承接能力不足"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        let asOf = "截至\(input.asOf.chinese)缺少："
        // A township lacks the same requirements for many items: the numbers and evidence of one list of missing
        // requirements are made once and shared (a province county has thousands of these findings, and Chinese
        // names are slow to hash as `String`s).
        var made: [MissingKey: (numbers: [String: Double], evidence: String)] = [:]
        return input.delegations.compactMap { d in
            guard let gaps = input.gaps["\(d.township)|\(d.itemCode)"], !gaps.isEmpty else { return nil }
            let missing = MissingKey(texts: gaps.map { "\($0.label)（\($0.evidence)）" })
            let (numbers, evidence) =
                made[missing]
                ?? {
                    var numbers = ["missing": Double(missing.texts.count)]
                    for m in missing.texts { numbers["missing:" + m] = 1 }
                    let result = (numbers, asOf + missing.texts.joined(separator: "；"))
                    made[missing] = result
                    return result
                }()
            // Only equipment missing: an equipment need; any person-bound requirement: training (or staffing).
            let onlyEquipment = gaps.allSatisfy {
                if case .equipment = $0.requirement { true } else { false }
            }
            return Suggestion(
                rule: id, township: d.township, itemCode: d.itemCode, severity: .serious,
                action: onlyEquipment ? .equipment : .training,
                from: input.asOf, to: input.asOf,
                numbers: numbers, evidence: evidence)
        }
    }

    /// Texts as a dictionary key, compared and hashed by their UTF-8 bytes.
    struct MissingKey: Hashable {
        var texts: [String]

        func hash(into hasher: inout Hasher) {
            for text in texts {
                var text = text
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                hasher.combine(UInt8(0xFF))  // never in UTF-8: the texts' bounds are part of the key
            }
        }

        static func == (a: MissingKey, b: MissingKey) -> Bool {
            a.texts.count == b.texts.count
                && zip(a.texts, b.texts).allSatisfy { x, y in
                    var (x, y) = (x, y)
                    return x.withUTF8 { x in y.withUTF8 { y in x.elementsEqual(y) } }
                }
        }
    }
}

/// R4 限时办结率低: overdue share at least 10 %, over at least 10 cases, in the last 12 months.
public struct R4Late: LastYearRule {
    public let id = "R4"
    public let name = "限时办结率低"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        let lastYear = LastYear(asOf: input.asOf)
        return input.delegations.compactMap { d in
            let (from, window) = lastYear(d)
            let c = input.totals(window)
            guard c.volume >= t.overdueMinimumCases, let share = c.overdueShare, share >= t.overdueShare else {
                return nil
            }
            return Suggestion(
                rule: id, township: d.township, itemCode: d.itemCode, severity: share >= 0.3 ? .serious : .warning,
                action: .evaluation, from: from, to: input.asOf,
                numbers: ["cases": Double(c.volume), "overdue": Double(c.overdue), "overdueShare": share],
                evidence: "\(c.volume) 件中 \(c.overdue) 件超期（\(percent(share))）")
        }
    }
}

/// R6: the transition period ends within 30 days while any of R1–R4 is open for the item there.
public enum R6Transition {
    public static let id = "R6"
    public static let name = "过渡期将满"

    public static func evaluate(_ input: AnalysisInput, _ t: RuleThresholds, open: [Suggestion]) -> [Suggestion] {
        // The open R1–R4 rules by item and township ("*" for the district), looked up per delegation: a province
        // county has thousands of findings and of delegations.
        var rules: [String: [String]] = [:]
        for s in open where ["R1", "R2", "R3", "R4"].contains(s.rule) {
            rules[s.itemCode + "|" + s.township, default: []].append(s.rule)
        }
        // The numbers and evidence of one day's end and open rules, made once: a county's transitions end on a few
        // days, and thousands of findings share them.
        var made: [String: (numbers: [String: Double], evidence: String)] = [:]
        return input.delegations.compactMap { d in
            guard let ends = d.transitionEnds, ends >= input.asOf,
                ends <= input.asOf.adding(days: t.transitionWarningDays)
            else { return nil }
            let issues = ((rules[d.itemCode + "|" + d.township] ?? []) + (rules[d.itemCode + "|*"] ?? [])).sorted()
            guard !issues.isEmpty else { return nil }
            let key = "\(ends.ordinal)|" + issues.joined(separator: ",")
            let (numbers, evidence) =
                made[key]
                ?? {
                    let result = (
                        ["openIssues": Double(issues.count), "transitionEnds": Double(ends.ordinal)],
                        "过渡期将于\(ends.chinese)结束，仍有未解决的问题：" + issues.joined(separator: "、")
                    )
                    made[key] = result
                    return result
                }()
            return Suggestion(
                rule: "R6", township: d.township, itemCode: d.itemCode, severity: .serious, action: .evaluation,
                from: input.asOf, to: ends, numbers: numbers, evidence: evidence)
        }
    }
}

/// R7: an entrusted term ends within 60 days.
public struct R7Term: SuggestionRule {
    public let id = "R7"
    public let name = "委托期限将满"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        input.delegations.compactMap { d in
            guard d.mode == .entrusted, let ends = d.termEnds, ends >= input.asOf,
                ends <= input.asOf.adding(days: t.termWarningDays)
            else { return nil }
            return Suggestion(
                rule: id, township: d.township, itemCode: d.itemCode, severity: .warning, action: .renewal,
                from: input.asOf, to: ends, numbers: ["termEnds": Double(ends.ordinal)],
                evidence: "委托期限将于\(ends.chinese)届满（剩 \(ends.ordinal - input.asOf.ordinal) 天）")
        }
    }
}

/// R5 依据变更: a delegated item cites an article of a law version that a newer version in force has replaced, or that
/// was repealed (the law library's days in force and repeal, the county's article map). One finding per item for the
/// district; it holds until a decision amends the item's legal basis.
public struct R5LegalBasis: SuggestionRule {
    public let id = "R5"
    public let name = "法律依据变更"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        Set(input.delegations.map(\.itemCode)).sorted().compactMap { item in
            let changes = input.laws.changes(of: input.citations[item] ?? [], on: input.asOf)
            guard let since = changes.map(\.since).min() else { return nil }
            var numbers: [String: Double] = ["changed": Double(changes.count), "since": Double(since.ordinal)]
            for change in changes {
                numbers["new:\(change.cited)"] = change.newArticle.map { Double($0.article) } ?? 0
            }
            return Suggestion(
                rule: id, township: "*", itemCode: item, severity: .serious, action: .amendment, from: since,
                to: input.asOf, numbers: numbers, evidence: changes.map(\.evidence).joined(separator: "；"))
        }
    }
}

/// R8 反复争议: `repeatedCount` or more boundary disputes (职责边界争议) raised on one item within `repeatedMonths`
/// months (the county's `DisputeRules`; DESIGN §5: 3 in 12). A finding of the whole county (township `*`): the
/// item's boundary needs to be settled, so accepting it asks for an evaluation of the item where it is delegated.
public struct R8Disputes: SuggestionRule {
    public let id = "R8"
    public let name = "反复争议"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        guard let rules = input.disputeRules else { return [] }
        return RepeatedDisputes.find(input.disputes, asOf: input.asOf, rules: rules).map { f in
            Suggestion(
                rule: id, township: "*", itemCode: f.itemCode, severity: .warning, action: .evaluation, from: f.from,
                to: f.to,
                numbers: [
                    "disputes": Double(f.disputeIds.count),
                    "first": Double(input.disputes.first { $0.id == f.disputeIds.first }?.raisedOn.ordinal ?? 0),
                ],
                evidence: f.evidence + "，建议明确职责边界")
        }
    }
}

/// R10 评估逾期: the 定期评估 a 赋权 schedules was not recorded by its due day.
public struct R10Evaluation: SuggestionRule {
    public let id = "R10"
    public let name = "评估逾期"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        input.delegations.compactMap { d in
            guard let due = d.evaluationDue, due < input.asOf else { return nil }
            let last = d.lastEvaluation.map { "上次评估\($0.chinese)" } ?? "自\(d.effectiveOn.chinese)实施以来未记录评估"
            return Suggestion(
                rule: id, township: d.township, itemCode: d.itemCode, severity: .warning, action: .evaluation,
                from: due, to: input.asOf,
                numbers: ["due": Double(due.ordinal), "lastEvaluation": Double(d.lastEvaluation?.ordinal ?? 0)],
                evidence: "定期评估应于\(due.chinese)前完成，至\(input.asOf.chinese)未记录（\(last)）")
        }
    }
}

/// R9 合规风险: at least 20 % of the cases checked against the statutes (`CaseCompliance`) broke a requirement, over at
/// least 5 checked cases, in the last 12 months. The evidence counts each broken check with the article it
/// implements (data: `ComplianceCheck.article`).
public struct R9Compliance: LastYearRule {
    public let id = "R9"
    public let name = "合规风险"
    public init() {}

    public func evaluate(_ input: AnalysisInput, _ t: RuleThresholds) -> [Suggestion] {
        let lastYear = LastYear(asOf: input.asOf)
        let checks = ComplianceCheck.allCases
        let (yearStart, asOf) = (lastYear.start.chinese, input.asOf.chinese)
        return input.delegations.compactMap { d in
            let (start, window) = lastYear(d)
            let c = input.totals(window).compliance
            guard c.cases >= t.complianceMinimumCases, let share = c.nonCompliantShare, share >= t.nonCompliantShare
            else { return nil }
            // The checks broken, with their counts (`c.broken` is in the order of `allCases`).
            let broken = zip(checks, c.broken).filter { $0.1 > 0 }
            var numbers: [String: Double] = [
                "cases": Double(c.cases), "nonCompliant": Double(c.nonCompliant), "nonCompliantShare": share,
            ]
            for (check, count) in broken { numbers["broken:" + check.rawValue] = Double(count) }
            let detail = broken.map { check, count in
                "\(check.brokenLabel) \(count) 件（\(check.article.display)）"
            }
            return Suggestion(
                rule: id, township: d.township, itemCode: d.itemCode, severity: share >= 0.5 ? .serious : .warning,
                action: .training, from: start, to: input.asOf, numbers: numbers,
                evidence:
                    "\(start == lastYear.start ? yearStart : start.chinese)至\(asOf)经合规检查的 \(c.cases) 件中 \(c.nonCompliant) 件（\(percent(share))）不符合法定要求："
                    + detail.joined(separator: "；"))
        }
    }
}
