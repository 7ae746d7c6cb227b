import Foundation

/// A side of a boundary dispute (职责边界争议): a township-level unit or a county department, by code and name.
public struct DisputeParty: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case township, department

        public var label: String { self == .township ? "镇街" : "区县部门" }
    }

    public var kind: Kind
    public var code: String
    public var name: String

    public init(kind: Kind, code: String, name: String) {
        self.kind = kind
        self.code = code
        self.name = name
    }

    /// Whether the principal acts for this side: the township's own account (role 镇街 of that unit) or the
    /// department's (role 区级部门 of that organisation).
    public func isActing(_ principal: Principal) -> Bool {
        switch kind {
        case .township: principal.role == .township && principal.unit == code
        case .department: principal.role == .department && principal.organization == code
        }
    }
}

/// A county's settings for disputes: how many calendar days the other side has to answer, and when disputes on one
/// item count as repeated (rule R8: `repeatedCount` or more raised within `repeatedMonths`) — each with the
/// document it comes from (data, see `RuleSource`).
public struct DisputeRules: Codable, Hashable, Sendable {
    public var answerDeadlineDays: Int
    public var repeatedCount: Int
    public var repeatedMonths: Int
    /// Source of the answer deadline and of 编办's ruling power.
    public var source: RuleSource

    public init(answerDeadlineDays: Int, repeatedCount: Int, repeatedMonths: Int, source: RuleSource) {
        self.answerDeadlineDays = answerDeadlineDays
        self.repeatedCount = repeatedCount
        self.repeatedMonths = repeatedMonths
        self.source = source
    }

    /// Checks a county's settings before they are stored.
    public func validated() throws(DisputeFailure) -> DisputeRules {
        guard (1...60).contains(answerDeadlineDays) else { throw .deadlineOutOfRange(answerDeadlineDays) }
        guard (2...20).contains(repeatedCount) else { throw .repeatedCountOutOfRange(repeatedCount) }
        guard (1...36).contains(repeatedMonths) else { throw .repeatedMonthsOutOfRange(repeatedMonths) }
        guard !source.document.trimmingSpaces().isEmpty else { throw .emptyRuleDocument }
        guard !source.wording.trimmingSpaces().isEmpty else { throw .emptyRuleWording }
        return self
    }
}

/// A boundary dispute or a case of 推诿 (passing the buck): raised by a township or a department about an item or a
/// concrete matter, with the facts and documents; the other side answers within the county's deadline (an
/// outstanding answer past the deadline escalates to 编办 and shows on both sides' to-do lists); 编办 rules who is
/// primary and who cooperates, on what basis, under a decision's 文号 — the ruling is the decision that then
/// updates the territorial list. "已下放" alone is not an answer (`isBareDelegationClaim`).
public struct Dispute: Codable, Hashable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for the other side's answer.
        case raised
        /// Answered; waiting for 编办's ruling (or the raiser's withdrawal, if the answer settles it).
        case answered
        case ruled
        case withdrawn

        public var label: String {
            switch self {
            case .raised: "待对方答复"
            case .answered: "已答复，待编办裁定"
            case .ruled: "已裁定"
            case .withdrawn: "已撤回"
            }
        }

        public var isFinal: Bool { self == .ruled || self == .withdrawn }
    }

    /// What the answering side says of its part.
    public enum Position: String, Codable, Sendable, CaseIterable {
        /// 本方负责: the answering side takes the matter on.
        case accepts
        /// 共同负责: both sides share it (who does what is in the reasons).
        case shares
        /// 对方负责: the answering side holds that the raiser is responsible.
        case declines

        public var label: String {
            switch self {
            case .accepts: "本方负责"
            case .shares: "双方共同负责"
            case .declines: "应由对方负责"
            }
        }

        public init?(text: String) {
            switch text.trimmingSpaces() {
            case "accepts", "本方负责": self = .accepts
            case "shares", "双方共同负责", "共同负责": self = .shares
            case "declines", "应由对方负责", "对方负责": self = .declines
            default: return nil
            }
        }
    }

    public struct Answer: Codable, Hashable, Sendable {
        public var position: Position
        public var reasons: String
        public var by: String
        public var on: Day
        /// Given after the deadline (still recorded: a late answer is an answer).
        public var late: Bool
    }

    /// 编办's ruling: the primary side, the cooperating sides, the basis (the reasons as 编办 wrote them, and the
    /// statute articles it rests on, resolved in the law library) and the decision that records it.
    public struct Ruling: Codable, Hashable, Sendable {
        public var primary: DisputeParty
        public var cooperating: [DisputeParty]
        public var basis: String
        public var articles: [ArticleRef]
        public var decision: String
        public var on: Day
        /// What the ruling changed on the territorial list, as the pages print it (empty when nothing changed).
        public var listChanges: [String]

        public init(
            primary: DisputeParty, cooperating: [DisputeParty], basis: String, articles: [ArticleRef] = [],
            decision: String, on: Day, listChanges: [String] = []
        ) {
            self.primary = primary
            self.cooperating = cooperating
            self.basis = basis
            self.articles = articles
            self.decision = decision
            self.on = on
            self.listChanges = listChanges
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            primary = try c.decode(DisputeParty.self, forKey: .primary)
            cooperating = try c.decode([DisputeParty].self, forKey: .cooperating)
            basis = try c.decode(String.self, forKey: .basis)
            articles = try c.decodeIfPresent([ArticleRef].self, forKey: .articles) ?? []
            decision = try c.decode(String.self, forKey: .decision)
            on = try c.decode(Day.self, forKey: .on)
            listChanges = try c.decodeIfPresent([String].self, forKey: .listChanges) ?? []
        }

        /// The side's part in the ruling: 主办 (primary), 配合 (cooperating) or none.
        public func role(of code: String) -> TerritorialRole? {
            if primary.code == code { return .primary }
            return cooperating.contains { $0.code == code } ? .cooperating : nil
        }
    }

    public var id: String
    public var county: String
    /// The catalogue item the dispute is about, when it is about one.
    public var itemCode: String?
    public var itemName: String?
    /// The concrete matter (事由): what happened, where.
    public var matter: String
    public var facts: String
    /// Documents the raiser cites (文号, file names): text, one per entry.
    public var documents: [String]
    public var raisedBy: DisputeParty
    public var respondent: DisputeParty
    public var raisedOn: Day
    /// The last day for the answer.
    public var deadline: Day
    public var state: State
    public var answer: Answer?
    public var ruling: Ruling?
    public var history: [StepRecord]

    static let matterLimit = 100
    static let textLimit = 2000
    static let documentLimit = 20

    /// The township or department raises a dispute against another side.
    public static func raise(
        id: String, county: String, item: (code: String, name: String)?, matter: String, facts: String,
        documents: [String], raisedBy: DisputeParty, respondent: DisputeParty, by principal: Principal, on day: Day,
        rules: DisputeRules, at now: Date
    ) throws(DisputeFailure) -> Dispute {
        guard principal.role == .township || principal.role == .department else {
            throw .wrongRole(step: "提出争议", needed: "镇街或区县部门")
        }
        guard raisedBy.isActing(principal) else { throw .notYourSide(step: "提出争议") }
        guard raisedBy.code != respondent.code else { throw .sameSide }
        let matter = matter.trimmingSpaces()
        let facts = facts.trimmingSpaces()
        let documents = documents.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !matter.isEmpty else { throw .emptyMatter }
        guard matter.count <= matterLimit else { throw .tooLong(field: "争议事由", limit: matterLimit) }
        guard !facts.isEmpty else { throw .emptyFacts }
        guard facts.count <= textLimit else { throw .tooLong(field: "事实经过", limit: textLimit) }
        guard documents.count <= documentLimit else { throw .tooManyDocuments(documentLimit) }
        return Dispute(
            id: id, county: county, itemCode: item?.code, itemName: item?.name, matter: matter, facts: facts,
            documents: documents, raisedBy: raisedBy, respondent: respondent, raisedOn: day,
            deadline: day.adding(days: rules.answerDeadlineDays), state: .raised, answer: nil, ruling: nil,
            history: [StepRecord(step: "提出争议", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// Past its deadline without an answer: escalated to 编办 (on both sides' to-do lists and 编办's).
    public func isOverdue(on day: Day) -> Bool { state == .raised && day > deadline }

    /// The kinds of steps, as pages offer them.
    public enum EventKind: String, Codable, Sendable, CaseIterable {
        case answer, rule, withdraw

        public var label: String {
            switch self {
            case .answer: "答复"
            case .rule: "裁定"
            case .withdraw: "撤回"
            }
        }
    }

    /// The steps a principal may take now: the respondent answers while the answer is outstanding; 编办 rules once
    /// answered or once the answer is overdue; the raiser withdraws until the ruling.
    public func allowedEvents(for principal: Principal, on day: Day) -> [EventKind] {
        var events: [EventKind] = []
        if state == .raised, respondent.isActing(principal) { events.append(.answer) }
        if principal.role == .establishment, state == .answered || isOverdue(on: day) { events.append(.rule) }
        if !state.isFinal, raisedBy.isActing(principal) { events.append(.withdraw) }
        return events
    }

    /// The other side's answer: a position and its reasons. A bare "已下放" is refused: an answer that relies on a
    /// delegation must say what each side does in this matter.
    public func answering(
        position: Position, reasons: String, by principal: Principal, on day: Day, at now: Date
    ) throws(DisputeFailure) -> Dispute {
        guard state == .raised else { throw .illegalTransition(from: state.label, event: EventKind.answer.label) }
        guard respondent.isActing(principal) else { throw .notYourSide(step: EventKind.answer.label) }
        let reasons = reasons.trimmingSpaces()
        guard !reasons.isEmpty else { throw .emptyReasons }
        guard reasons.count <= Self.textLimit else { throw .tooLong(field: "答复理由", limit: Self.textLimit) }
        guard !Self.isBareDelegationClaim(reasons) else { throw .bareDelegationClaim }
        guard day >= raisedOn else { throw .dayBeforeRaised(day: day, raised: raisedOn) }
        var next = self
        next.state = .answered
        next.answer = Answer(
            position: position, reasons: reasons, by: principal.username, on: day, late: day > deadline)
        next.history.append(
            StepRecord(
                step: EventKind.answer.label, by: principal.username, role: principal.role.rawValue, at: now,
                note: position.label))
        return next
    }

    /// 编办 rules: one side primary, the others cooperating, with the basis and the 文号 of the decision.
    public func ruling(
        primary: String, cooperating: [String], basis: String, articles: [ArticleRef] = [], decision: String,
        by principal: Principal, on day: Day, at now: Date
    ) throws(DisputeFailure) -> Dispute {
        guard principal.role == .establishment else { throw .wrongRole(step: EventKind.rule.label, needed: "编办") }
        guard state == .answered || isOverdue(on: day) else {
            if state == .raised { throw .answerOutstanding(deadline: deadline) }
            throw .illegalTransition(from: state.label, event: EventKind.rule.label)
        }
        let sides = [raisedBy, respondent]
        guard let first = sides.first(where: { $0.code == primary }) else { throw .notAParty(primary) }
        var helpers: [DisputeParty] = []
        for code in cooperating where code != primary {
            guard let side = sides.first(where: { $0.code == code }) else { throw .notAParty(code) }
            if !helpers.contains(side) { helpers.append(side) }
        }
        let basis = basis.trimmingSpaces()
        guard !basis.isEmpty else { throw .emptyBasis }
        guard basis.count <= Self.textLimit else { throw .tooLong(field: "裁定依据", limit: Self.textLimit) }
        let decision = decision.trimmingSpaces()
        guard Decision.isValidNumber(decision) else { throw .invalidNumber(decision) }
        guard day >= raisedOn else { throw .dayBeforeRaised(day: day, raised: raisedOn) }
        var next = self
        next.state = .ruled
        next.ruling = Ruling(
            primary: first, cooperating: helpers, basis: basis, articles: articles, decision: decision, on: day)
        next.history.append(
            StepRecord(
                step: EventKind.rule.label, by: principal.username, role: principal.role.rawValue, at: now,
                note: decision))
        return next
    }

    /// The raiser withdraws (the answer settled it, or it was raised in error).
    public func withdrawing(by principal: Principal, at now: Date) throws(DisputeFailure) -> Dispute {
        guard !state.isFinal else { throw .illegalTransition(from: state.label, event: EventKind.withdraw.label) }
        guard raisedBy.isActing(principal) else { throw .notYourSide(step: EventKind.withdraw.label) }
        var next = self
        next.state = .withdrawn
        next.history.append(
            StepRecord(step: EventKind.withdraw.label, by: principal.username, role: principal.role.rawValue, at: now))
        return next
    }

    /// Whether an answer says no more than that the power was handed down (已下放、已赋权给镇街、该事项已委托): once the
    /// delegation words, the words naming the matter or the township and the punctuation are taken away, fewer
    /// than `substance` characters remain.
    public static func isBareDelegationClaim(_ reasons: String) -> Bool {
        let delegation = ["下放", "赋权", "委托"]
        guard delegation.contains(where: reasons.contains) else { return false }
        var rest = reasons.filter { !($0.isPunctuation || $0.isWhitespace || $0.isSymbol) }
        for word in Self.claimWords { rest = rest.replacingOccurrences(of: word, with: "") }
        return rest.count < substance
    }

    /// Characters an answer that relies on a delegation must have besides the claim itself.
    static let substance = 8
    /// Words a bare claim is made of, longest first so that 已经 goes before 已.
    static let claimWords = [
        "该事项", "此事项", "本事项", "该职权", "该权力", "相关事项", "街道办事处", "镇人民政府", "贵单位", "你单位", "镇街", "街道",
        "乡镇", "已经", "均已", "早已", "下放", "赋权", "委托", "事项", "给", "至", "到", "予", "了", "的", "已", "镇",
    ]
}
