import Foundation

/// The three outcomes of an accountability matter against a person for an item at a township: 追责 (accountability
/// imposed), 免予问责 (exempted), 容错纠错 (an error tolerated and corrected).
public enum AccountabilityKind: String, Codable, Sendable, CaseIterable {
    case imposed, exempted, tolerated

    public var label: String {
        switch self {
        case .imposed: "追责"
        case .exempted: "免予问责"
        case .tolerated: "容错纠错"
        }
    }

    /// The key or the Chinese name.
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let kind = AccountabilityKind(rawValue: t) ?? Self.allCases.first(where: { $0.label == t }) else {
            return nil
        }
        self = kind
    }
}

/// One situation (情形) of a county's list: a situation in which a person is held accountable, exempted, or in which
/// an error is tolerated and corrected, as the county's document states it. Data with its source (`RuleSource`:
/// the document, its 文号, the provision and the wording), recorded by 编办 or 司法局 — never a sentence of code.
public struct AccountabilitySituation: Codable, Hashable, Sendable {
    /// The county's own code of the situation, e.g. `MY-01`.
    public var code: String
    public var kind: AccountabilityKind
    /// The document, 文号, provision and the situation's wording.
    public var source: RuleSource

    public init(code: String, kind: AccountabilityKind, source: RuleSource) {
        self.code = code
        self.kind = kind
        self.source = source
    }

    static let wordingLimit = 500
    static let documentLimit = 100

    /// A situation a county may record: 编办 or 司法局; a code of 1–20 letters, digits and `-`; a source document
    /// (a situation without one cannot be signed); a wording; a 文号 of the GB/T 9704-2012 form when given; a code
    /// not yet used in the county.
    public static func record(
        code: String, kind: AccountabilityKind, source: RuleSource, by principal: Principal,
        existing: [AccountabilitySituation]
    ) throws(AccountabilityFailure) -> AccountabilitySituation {
        guard principal.role == .establishment || principal.role == .justice else {
            throw .wrongRole(step: "登记问责情形")
        }
        let code = code.trimmingSpaces()
        guard (1...20).contains(code.count),
            code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { throw .invalidSituationCode(code) }
        var source = source
        source.document = source.document.trimmingSpaces()
        source.wording = source.wording.trimmingSpaces()
        source.number = source.number?.trimmingSpaces()
        source.provision = source.provision?.trimmingSpaces()
        if source.number?.isEmpty == true { source.number = nil }
        if source.provision?.isEmpty == true { source.provision = nil }
        guard !source.document.isEmpty else { throw .situationWithoutDocument }
        guard source.document.count <= documentLimit else { throw .tooLong(field: "依据文件", limit: documentLimit) }
        guard !source.wording.isEmpty else { throw .empty(field: "情形表述") }
        guard source.wording.count <= wordingLimit else { throw .tooLong(field: "情形表述", limit: wordingLimit) }
        if let number = source.number, !Decision.isValidNumber(number) { throw .invalidNumber(number) }
        guard (source.provision ?? "").count <= 50 else { throw .tooLong(field: "条款", limit: 50) }
        guard !existing.contains(where: { $0.code == code }) else { throw .duplicateSituation(code) }
        return AccountabilitySituation(code: code, kind: kind, source: source)
    }
}

/// A staff member of a township's capacity records as a case names them.
public struct AccountablePerson: Codable, Hashable, Sendable {
    public var staffId: String
    public var name: String

    public init(staffId: String, name: String) {
        self.staffId = staffId
        self.name = name
    }

    /// The person must be on the township's staff roll (its capacity records: the unit, its squad, its office) on
    /// the day the facts occurred.
    public static func find(
        _ staffId: String, in staff: [Staff], townshipName: String, on day: Day
    ) throws(AccountabilityFailure) -> AccountablePerson {
        let id = staffId.trimmingSpaces()
        guard !id.isEmpty else { throw .empty(field: "人员编号") }
        guard let member = staff.first(where: { $0.id == id }) else {
            throw .personNotInTownship(person: id, township: townshipName)
        }
        guard member.isOnRoll(on: day) else {
            throw .personNotOnRoll(person: member.name, hired: member.hireDate, occurred: day)
        }
        return AccountablePerson(staffId: member.id, name: member.name)
    }
}

/// An accountability case (问责案件): opened (立案) by 编办 or 司法局 against a person of a township for an item, with
/// the matter and the facts; then decided once — 追责, 免予问责 or 容错纠错 — with the decision's 文号, date and
/// deciding body and its grounds (the county's situations and statute articles of the law library, both data).
public struct AccountabilityCase: Codable, Hashable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case open, decided

        public var label: String { self == .open ? "已立案，待决定" : "已决定" }
    }

    /// What was corrected (纠错) in a 容错纠错 case, and when the correction was completed.
    public struct Correction: Codable, Hashable, Sendable {
        public var measures: String
        public var on: Day

        public init(measures: String, on: Day) {
            self.measures = measures
            self.on = on
        }
    }

    public struct DecisionRecord: Codable, Hashable, Sendable {
        public var kind: AccountabilityKind
        public var number: String
        public var on: Day
        /// The deciding body (作出决定的机关).
        public var body: String
        /// How the person is held accountable (问责方式), for 追责.
        public var measure: String?
        public var correction: Correction?
        /// The situations cited, as recorded when the decision was taken.
        public var situations: [AccountabilitySituation]
        public var articles: [ArticleRef]
    }

    public var id: String
    public var county: String
    public var itemCode: String
    public var itemName: String
    public var township: String
    public var townshipName: String
    public var person: AccountablePerson
    public var matter: String
    public var facts: String
    public var occurredOn: Day
    public var openedOn: Day
    public var state: State
    public var decision: DecisionRecord?
    public var history: [StepRecord]

    static let matterLimit = 200
    static let factsLimit = 2000
    static let textLimit = 500

    static func mayRecord(_ principal: Principal) -> Bool {
        principal.role == .establishment || principal.role == .justice
    }

    /// 立案: the matter and the facts against a person of the township's staff (on its roll on the day the facts
    /// occurred), for an item of the county's catalogue; no day after today, the opening not before the facts.
    public static func open(
        id: String, county: String, itemCode: String, itemName: String, township: String, townshipName: String,
        person: AccountablePerson, matter: String, facts: String, occurredOn: Day, openedOn: Day, today: Day,
        by principal: Principal, at now: Date
    ) throws(AccountabilityFailure) -> AccountabilityCase {
        guard mayRecord(principal) else { throw .wrongRole(step: "问责立案") }
        let matter = matter.trimmingSpaces()
        let facts = facts.trimmingSpaces()
        guard !matter.isEmpty else { throw .empty(field: "问责事由") }
        guard matter.count <= matterLimit else { throw .tooLong(field: "问责事由", limit: matterLimit) }
        guard !facts.isEmpty else { throw .empty(field: "基本事实") }
        guard facts.count <= factsLimit else { throw .tooLong(field: "基本事实", limit: factsLimit) }
        guard occurredOn <= today else { throw .futureDay(field: "事实发生日期", day: occurredOn, today: today) }
        guard openedOn <= today else { throw .futureDay(field: "立案日期", day: openedOn, today: today) }
        guard occurredOn <= openedOn else { throw .openedBeforeFacts(opened: openedOn, occurred: occurredOn) }
        return AccountabilityCase(
            id: id, county: county, itemCode: itemCode, itemName: itemName, township: township,
            townshipName: townshipName, person: person, matter: matter, facts: facts, occurredOn: occurredOn,
            openedOn: openedOn, state: .open, decision: nil,
            history: [StepRecord(step: "立案", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// What a decision states: its kind, 文号, day, deciding body, the 问责方式 (追责), the correction (容错纠错),
    /// and the grounds cited — situation codes of the county's list and statute articles (`法规名(YYYY-MM-DD)第N条`).
    public struct DecisionInput: Hashable, Sendable {
        public var kind: AccountabilityKind
        public var number: String
        public var on: Day
        public var body: String
        public var measure: String
        public var correction: Correction?
        public var situations: [String]
        public var articles: [String]

        public init(
            kind: AccountabilityKind, number: String, on: Day, body: String, measure: String = "",
            correction: Correction? = nil, situations: [String] = [], articles: [String] = []
        ) {
            self.kind = kind
            self.number = number
            self.on = on
            self.body = body
            self.measure = measure
            self.correction = correction
            self.situations = situations
            self.articles = articles
        }
    }

    /// 决定: once, by 编办 or 司法局. The 文号 in its GB/T 9704-2012 form, a day neither after today nor before the
    /// opening, the deciding body; at least one ground; every situation cited of the county's list and of the
    /// decision's kind, every article in the law library (`knownArticles`); 追责 names its 问责方式; 免予问责 and
    /// 容错纠错 cite a situation of their kind (a statute alone exempts nobody); 容错纠错 records the correction.
    public func deciding(
        _ input: DecisionInput, situations list: [AccountabilitySituation], knownArticles: Set<ArticleRef>,
        today: Day, by principal: Principal, at now: Date
    ) throws(AccountabilityFailure) -> AccountabilityCase {
        guard Self.mayRecord(principal) else { throw .wrongRole(step: "作出问责决定") }
        guard state == .open else { throw .alreadyDecided(id: id) }
        let number = input.number.trimmingSpaces()
        guard !number.isEmpty else { throw .empty(field: "决定文号") }
        guard Decision.isValidNumber(number) else { throw .invalidNumber(number) }
        guard input.on <= today else { throw .futureDay(field: "决定日期", day: input.on, today: today) }
        guard input.on >= openedOn else { throw .decisionBeforeOpening(decided: input.on, opened: openedOn) }
        let body = input.body.trimmingSpaces()
        guard !body.isEmpty else { throw .empty(field: "作出决定的机关") }
        guard body.count <= 50 else { throw .tooLong(field: "作出决定的机关", limit: 50) }
        let codes = input.situations.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        let texts = input.articles.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !codes.isEmpty || !texts.isEmpty else { throw .noGrounds }
        var cited: [AccountabilitySituation] = []
        for code in codes where !cited.contains(where: { $0.code == code }) {
            guard let situation = list.first(where: { $0.code == code }) else { throw .unknownSituation(code) }
            guard situation.kind == input.kind else {
                throw .situationOfOtherKind(
                    code: code, situationKind: situation.kind.label, caseKind: input.kind.label)
            }
            cited.append(situation)
        }
        var articles: [ArticleRef] = []
        for text in texts {
            guard let ref = ArticleRef(parsing: text) else { throw .invalidArticle(text) }
            guard knownArticles.contains(ref) else { throw .unknownArticle(ref.description) }
            if !articles.contains(ref) { articles.append(ref) }
        }
        var measure: String?
        var correction: Correction?
        switch input.kind {
        case .imposed:
            let m = input.measure.trimmingSpaces()
            guard !m.isEmpty else { throw .measureRequired }
            guard m.count <= 100 else { throw .tooLong(field: "问责方式", limit: 100) }
            measure = m
        case .exempted:
            guard !cited.isEmpty else { throw .situationRequired(kind: input.kind.label) }
        case .tolerated:
            guard !cited.isEmpty else { throw .situationRequired(kind: input.kind.label) }
            guard let given = input.correction, !given.measures.trimmingSpaces().isEmpty else {
                throw .correctionRequired
            }
            let measures = given.measures.trimmingSpaces()
            guard measures.count <= Self.textLimit else { throw .tooLong(field: "纠错情况", limit: Self.textLimit) }
            guard given.on <= today else { throw .futureDay(field: "纠错完成日期", day: given.on, today: today) }
            guard given.on >= occurredOn else {
                throw .correctionBeforeFacts(corrected: given.on, occurred: occurredOn)
            }
            correction = Correction(measures: measures, on: given.on)
        }
        var next = self
        next.state = .decided
        next.decision = DecisionRecord(
            kind: input.kind, number: number, on: input.on, body: body, measure: measure, correction: correction,
            situations: cited, articles: articles)
        next.history.append(
            StepRecord(
                step: "作出\(input.kind.label)决定", by: principal.username, role: principal.role.rawValue, at: now,
                note: number))
        return next
    }

    /// The year a decided case counts in: its decision's.
    public var year: Int? { decision?.on.year }
    public var kind: AccountabilityKind? { decision?.kind }
}

/// Counts of decided cases per kind, and per township × kind × year (what the pages and the API print). An open
/// case is counted apart: it has no outcome yet.
public struct AccountabilityCounts: Codable, Hashable, Sendable {
    public var imposed: Int
    public var exempted: Int
    public var tolerated: Int
    public var open: Int

    public init(imposed: Int = 0, exempted: Int = 0, tolerated: Int = 0, open: Int = 0) {
        self.imposed = imposed
        self.exempted = exempted
        self.tolerated = tolerated
        self.open = open
    }

    public var decided: Int { imposed + exempted + tolerated }

    public static func of(_ cases: [AccountabilityCase]) -> AccountabilityCounts {
        var counts = AccountabilityCounts()
        for c in cases {
            switch c.kind {
            case .imposed: counts.imposed += 1
            case .exempted: counts.exempted += 1
            case .tolerated: counts.tolerated += 1
            case nil: counts.open += 1
            }
        }
        return counts
    }

    public struct Row: Codable, Hashable, Sendable {
        public var township: String
        public var townshipName: String
        public var year: Int
        public var counts: AccountabilityCounts
    }

    /// Decided cases per township × year (township code, then year), each with its counts per kind.
    public static func table(_ cases: [AccountabilityCase]) -> [Row] {
        var groups: [String: [Int: [AccountabilityCase]]] = [:]
        var names: [String: String] = [:]
        for c in cases {
            guard let year = c.year else { continue }
            groups[c.township, default: [:]][year, default: []].append(c)
            names[c.township] = c.townshipName
        }
        return groups.keys.sorted().flatMap { township in
            groups[township]!.keys.sorted().map { year in
                Row(
                    township: township, townshipName: names[township] ?? township, year: year,
                    counts: of(groups[township]![year]!))
            }
        }
    }
}
