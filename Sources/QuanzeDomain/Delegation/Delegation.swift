import Foundation

/// One item running at one township under an agreement: its transition period ("工作在镇街、责任在部门"), its
/// evaluations (定期评估) and, if it comes to that, its recall.
public struct Delegation: Codable, Hashable, Sendable {
    public enum State: String, Codable, Sendable {
        case active, recalled

        public var label: String { self == .active ? "实施中" : "已收回" }
    }

    public enum Conclusion: String, Codable, Sendable, CaseIterable {
        case keep, support, recall

        public var label: String {
            switch self {
            case .keep: "保留"
            case .support: "加强支持"
            case .recall: "收回"
            }
        }
    }

    public struct Evaluation: Codable, Hashable, Sendable {
        public var on: Day
        public var conclusion: Conclusion
        public var findings: String
        public var by: String
        public var role: String
    }

    public var id: String
    public var county: String
    public var agreementId: String
    public var decision: String
    public var mode: DelegationMode
    public var itemCode: String
    public var itemName: String
    public var department: String
    public var departmentName: String
    public var unit: String
    public var unitName: String
    public var actingName: String
    public var effectiveOn: Day
    public var transitionEnds: Day
    public var termEnds: Day?
    public var state: State
    public var evaluations: [Evaluation]
    public var recallProposalId: String?
    public var recallDecision: String?
    public var endedOn: Day?
    public var history: [StepRecord]
    /// Work an accepted adjustment suggestion asked for (nil in records written before follow-ups existed).
    public var followUps: [FollowUp]? = nil
    /// Where the record comes from: nil (or `.lifecycle`) for one started from an agreement, `.legacy` (存量) for one
    /// that was in force when the county adopted Quanze and came in with its lists.
    public var origin: Origin? = nil
    /// The lists its entries stand on, when they do not follow from the item's category (a 存量 record keeps the
    /// lists the county had it on, so a recall ends exactly those).
    public var lists: [ListKind]? = nil
    /// 赋权: months between 定期评估 (the 赋权 document's schedule, or the interval a 存量 entry came in with). Nil
    /// in a 赋权 record written before schedules were kept: it has the default.
    public var evaluationMonths: Int? = nil
    /// The day the 定期评估 schedule counts from while no evaluation is recorded, when it is not the start: a 存量
    /// record's last evaluation before the county adopted Quanze, or the day it was registered (evaluations before
    /// adoption are not in Quanze, so they are not presumed missing).
    public var evaluationsFrom: Day? = nil

    /// The interval a 赋权 lacking one is evaluated at (the one the documents print by default).
    public static let defaultEvaluationMonths = 12

    /// The evaluation schedule in months: 赋权 only (a 委托 runs for its term and is renewed or left to lapse).
    public var evaluationInterval: Int? { Self.evaluationInterval(mode: mode, months: evaluationMonths) }

    /// The rule of `evaluationInterval`, shared with `Terms`.
    static func evaluationInterval(mode: DelegationMode, months: Int?) -> Int? {
        mode == .granted ? (months ?? defaultEvaluationMonths) : nil
    }

    /// The day of the last evaluation recorded.
    public var lastEvaluation: Day? { evaluations.map(\.on).max() }

    /// The day the next evaluation is due: one interval after the last evaluation, or after the day the schedule
    /// counts from (the start, unless `evaluationsFrom`). Nil for a 委托 or a delegation no longer running.
    public var evaluationDue: Day? {
        Self.evaluationDue(
            state: state, interval: evaluationInterval, last: lastEvaluation, from: evaluationsFrom ?? effectiveOn)
    }

    /// The schedule rule of `evaluationDue`, shared with `Terms`.
    static func evaluationDue(state: State, interval: Int?, last: Day?, from: Day) -> Day? {
        guard state == .active, let months = interval else { return nil }
        return (last ?? from).addingMonths(months)
    }

    /// What the adjustment engine reads of a delegation: a province's analysis reads half a million records. The
    /// store reads it from the terms' own columns (M052); decoding it from a record's JSON, without the rest (its
    /// documents' names, history and evaluations' findings), is what the domain tests check it against.
    public struct Terms: Decodable, Sendable {
        struct EvaluationDay: Decodable, Sendable { var on: Day }
        public var unit: String
        public var itemCode: String
        public var mode: DelegationMode
        public var state: State
        public var effectiveOn: Day
        public var transitionEnds: Day
        public var termEnds: Day?
        var evaluations: [EvaluationDay]
        var evaluationMonths: Int?
        var evaluationsFrom: Day?

        /// The terms as their own columns hold them (`delegation_records`, migration M052): the analysis reads them
        /// without the record's JSON.
        public init(
            unit: String, itemCode: String, mode: DelegationMode, state: State, effectiveOn: Day, transitionEnds: Day,
            termEnds: Day?, evaluationMonths: Int?, evaluationsFrom: Day?, lastEvaluation: Day?
        ) {
            self.unit = unit
            self.itemCode = itemCode
            self.mode = mode
            self.state = state
            self.effectiveOn = effectiveOn
            self.transitionEnds = transitionEnds
            self.termEnds = termEnds
            self.evaluations = lastEvaluation.map { [EvaluationDay(on: $0)] } ?? []
            self.evaluationMonths = evaluationMonths
            self.evaluationsFrom = evaluationsFrom
        }

        public var lastEvaluation: Day? { evaluations.map(\.on).max() }
        public var evaluationDue: Day? {
            Delegation.evaluationDue(
                state: state, interval: Delegation.evaluationInterval(mode: mode, months: evaluationMonths),
                last: lastEvaluation, from: evaluationsFrom ?? effectiveOn)
        }
    }

    /// The evaluation due was not recorded by its day.
    public func evaluationOverdue(on day: Day) -> Bool { evaluationDue.map { $0 < day } ?? false }

    /// During the transition period the department remains responsible.
    public func inTransition(on day: Day) -> Bool {
        state == .active && day >= effectiveOn && day < transitionEnds
    }

    /// Who answers for the item on a day: the department during transition or under 委托, the township otherwise.
    public func responsible(on day: Day) -> String {
        if mode == .entrusted || inTransition(on: day) { return departmentName }
        return unitName
    }

    /// An entrusted term ends within `days` (default 60): time to renew or let it lapse.
    public func termEndsSoon(on day: Day, within days: Int = 60) -> Bool {
        guard state == .active, let termEnds else { return false }
        return termEnds >= day && termEnds <= day.adding(days: days)
    }

    /// Records an evaluation (编办 runs them; supervisors and third parties record theirs).
    public func evaluating(
        on day: Day, conclusion: Conclusion, findings: String, by principal: Principal, at now: Date
    ) throws(DelegationFailure) -> Delegation {
        guard principal.role == .establishment || principal.role == .supervisor else {
            throw .wrongRole(step: "定期评估", needed: "编办或监督评估人员")
        }
        guard state == .active else { throw .notActive(id: id) }
        guard !findings.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyOpinion }
        guard !evaluations.contains(where: { $0.on == day }) else { throw .evaluationAlreadyRecorded(on: day) }
        var next = self
        // An evaluation carries out the evaluations asked for before it.
        next.followUps = followUps?.map { f in
            guard f.isOpen, f.kind == .evaluation else { return f }
            var done = f
            done.closedOn = day
            done.closedBy = principal.username
            done.note = "已评估：\(conclusion.label)"
            return done
        }
        next.evaluations.append(
            Evaluation(
                on: day, conclusion: conclusion, findings: findings, by: principal.username,
                role: principal.role.rawValue))
        next.history.append(
            StepRecord(
                step: "定期评估", by: principal.username, role: principal.role.rawValue, at: now, note: conclusion.label))
        return next
    }

    /// Opens a recall (its proposal goes through both reviews).
    public func openingRecall(proposalId: String, by principal: Principal, at now: Date) throws(DelegationFailure)
        -> Delegation
    {
        guard state == .active else { throw .notActive(id: id) }
        guard recallProposalId == nil else { throw .recallAlreadyOpen(id: id) }
        var next = self
        next.recallProposalId = proposalId
        next.history.append(StepRecord(step: "提出收回", by: principal.username, role: principal.role.rawValue, at: now))
        return next
    }

    /// Ends the delegation with the recall decision, from `day`.
    public func recalled(by proposal: Proposal, on day: Day, principal: Principal, at now: Date)
        throws(DelegationFailure) -> Delegation
    {
        guard state == .active else { throw .notActive(id: id) }
        guard proposal.purpose == .recall, proposal.delegationId == id, proposal.state == .executed,
            let decision = proposal.decision
        else { throw .illegalTransition(from: state.label, event: "收回") }
        guard day > effectiveOn else { throw .illegalTransition(from: state.label, event: "收回（早于生效日）") }
        var next = self
        next.state = .recalled
        next.recallDecision = decision
        next.endedOn = day
        next.history.append(
            StepRecord(step: "收回", by: principal.username, role: principal.role.rawValue, at: now, note: decision))
        return next
    }

    /// The lists a delegation's start can write to: an item already in force on any of them at a township is held
    /// there and cannot be ordered again (the start would overlap it).
    public static let startLists: [ListKind] = [.empowerment, .approval, .enforcement]

    /// The list changes that start this delegation: the empowerment list always, and the approval or enforcement
    /// list where the item is such a power. A 委托 entry names the department in whose name the township acts
    /// (as the import format's `partner` does); a 赋权 entry names none (the township acts in its own name).
    public func startChanges(township: RegionCode, category: ItemCategory) -> [ListChange] {
        let terms = Assignment.Terms(mode: mode.assignmentMode, partner: mode == .entrusted ? departmentName : nil)
        var lists: [ListKind] = [.empowerment]
        if category.isApproval { lists.append(.approval) }
        if category.isEnforcement { lists.append(.enforcement) }
        return lists.map {
            .add(township: township, itemCode: itemCode, list: $0, terms: terms, from: effectiveOn, until: termEnds)
        }
    }

    /// The list changes a recall makes: the item leaves every list it was put on.
    public func recallChanges(township: RegionCode, category: ItemCategory, on day: Day) -> [ListChange] {
        var derived: [ListKind] = [.empowerment]
        if category.isApproval { derived.append(.approval) }
        if category.isEnforcement { derived.append(.enforcement) }
        return (lists ?? derived).map { .withdraw(township: township, itemCode: itemCode, list: $0, on: day) }
    }
}
