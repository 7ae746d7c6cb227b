import Foundation

/// One published change, as the change feed and the subscriptions carry it: an entry put on a list, ended, amended
/// or corrected, a decision published, or a document published. Events are written in the same transaction as the
/// change itself and numbered per county (`seq`, strictly increasing in commit order), so a reader that remembers
/// the last number it saw never misses one and never sees one twice.
public struct ChangeEvent: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case entryAdded = "entry.added"
        case entryEnded = "entry.ended"
        case entryAmended = "entry.amended"
        case entryCorrected = "entry.corrected"
        case decisionPublished = "decision.published"
        case documentPublished = "document.published"

        public var label: String {
            switch self {
            case .entryAdded: "清单新增"
            case .entryEnded: "清单终止"
            case .entryAmended: "清单变更"
            case .entryCorrected: "清单勘误"
            case .decisionPublished: "决定公布"
            case .documentPublished: "文件公布"
            }
        }

        public var isEntry: Bool { rawValue.hasPrefix("entry.") }
    }

    /// What an entry event says about the entry (the version that shows the change).
    public struct Entry: Hashable, Sendable, Codable {
        public var entryId: String
        public var list: ListKind
        public var mode: AssignmentMode
        public var role: TerritorialRole?
        public var partner: String?
        public var validFrom: Day
        public var validTo: Day?
        /// For an amendment: the terms before it.
        public var previous: Assignment.Terms?
        /// For a correction: its written reason.
        public var correctionReason: String?

        public init(
            entryId: String, list: ListKind, mode: AssignmentMode, role: TerritorialRole?, partner: String?,
            validFrom: Day, validTo: Day?, previous: Assignment.Terms? = nil, correctionReason: String? = nil
        ) {
            self.entryId = entryId
            self.list = list
            self.mode = mode
            self.role = role
            self.partner = partner
            self.validFrom = validFrom
            self.validTo = validTo
            self.previous = previous
            self.correctionReason = correctionReason
        }
    }

    public var county: String
    /// The county's running number of the event; 0 until the store assigns it.
    public var seq: Int64
    /// When the change was recorded.
    public var at: Date
    public var kind: Kind
    /// The township an entry event concerns; nil for a county-wide event.
    public var township: String?
    public var townshipName: String?
    public var itemCode: String?
    public var itemName: String?
    /// The item's competent department (organisation code), so a department's subscribers receive its items.
    public var department: String?
    /// The 文号 the change cites (nil for a correction).
    public var decision: String?
    /// The day the change takes effect (an entry's start or end; a decision's publication day).
    public var day: Day
    /// One Chinese sentence saying what changed.
    public var summary: String
    public var entry: Entry?

    public init(
        county: String, seq: Int64 = 0, at: Date, kind: Kind, township: String? = nil, townshipName: String? = nil,
        itemCode: String? = nil, itemName: String? = nil, department: String? = nil, decision: String?, day: Day,
        summary: String, entry: Entry? = nil
    ) {
        self.county = county
        self.seq = seq
        self.at = at
        self.kind = kind
        self.township = township
        self.townshipName = townshipName
        self.itemCode = itemCode
        self.itemName = itemName
        self.department = department
        self.decision = decision
        self.day = day
        self.summary = summary
        self.entry = entry
    }

    /// A stable, globally unique id (Atom `<id>`, webhook `id`): the county and its running number never change.
    public var id: String { "urn:quanze:\(county):change:\(seq)" }
}

extension ChangeEvent {
    /// The event one list change makes, from the versions the ledger inserted for it (nil when it inserted none).
    /// - Parameters:
    ///   - inserted: the versions `ListLedger.apply` recorded for `change`.
    ///   - names: the township's and the item's names, as the register knows them.
    public static func of(
        _ change: ListChange, inserted: [Assignment], citation: Citation, townshipName: String, itemName: String?,
        department: String?, at: Date
    ) -> ChangeEvent? {
        let kind: Kind
        let shown: Assignment
        var previous: Assignment.Terms?
        switch change {
        case .add(_, _, _, _, let from, _):
            guard let v = inserted.first(where: { $0.validFrom == from }) ?? inserted.last else { return nil }
            kind = .entryAdded
            shown = v
        case .end(_, let day), .withdraw(_, _, _, let day):
            guard let v = inserted.first(where: { $0.validTo == day }) ?? inserted.last else { return nil }
            kind = .entryEnded
            shown = v
        case .amend(_, _, let from):
            guard let v = inserted.first(where: { $0.validFrom == from }) ?? inserted.last else { return nil }
            kind = .entryAmended
            shown = v
            previous = inserted.first(where: { $0.validTo == from })?.terms
        case .rewrite:
            guard let v = inserted.last else { return nil }
            kind = .entryCorrected
            shown = v
        }
        let day = kind == .entryEnded ? (shown.validTo ?? shown.validFrom) : shown.validFrom
        let itemText = itemName.map { "“\($0)”（\(shown.itemCode)）" } ?? shown.itemCode
        let listText = "\(shown.list.label)"
        var summary: String
        switch kind {
        case .entryAdded:
            summary = "\(townshipName)\(listText)新增\(itemText)，\(day.chinese)起施行"
        case .entryEnded:
            summary = "\(townshipName)\(listText)的\(itemText)自\(day.chinese)起终止"
        case .entryAmended:
            summary = "\(townshipName)\(listText)的\(itemText)自\(day.chinese)起变更"
        default:
            summary = "\(townshipName)\(listText)的\(itemText)勘误"
        }
        switch citation {
        case .decision(let d): summary += "（依据\(d.number)）"
        case .correction(let reason): summary += "（勘误：\(reason)）"
        }
        return ChangeEvent(
            county: shown.county, at: at, kind: kind, township: shown.township.value, townshipName: townshipName,
            itemCode: shown.itemCode, itemName: itemName, department: department, decision: citation.decisionNumber,
            day: day, summary: summary,
            entry: Entry(
                entryId: shown.entryId, list: shown.list, mode: shown.mode, role: shown.role, partner: shown.partner,
                validFrom: shown.validFrom, validTo: shown.validTo, previous: previous,
                correctionReason: shown.correctionReason))
    }

    /// The event of a decision's publication: 委托书 and 赋权决定 are published documents, the rest decisions.
    public static func published(_ decision: Decision, at: Date) -> ChangeEvent? {
        guard let day = decision.publishedOn else { return nil }
        let document = decision.kind == .entrustment || decision.kind == .grantDecision
        return ChangeEvent(
            county: decision.county, at: at, kind: document ? .documentPublished : .decisionPublished,
            decision: decision.number, day: day,
            summary: "\(decision.issuer)公布\(decision.kind.label)《\(decision.title)》（\(decision.number)），\(day.chinese)")
    }

    /// Another published document that cites no list change of its own (a delegation menu, an annual report).
    public static func document(county: String, title: String, reference: String?, day: Day, at: Date) -> ChangeEvent {
        ChangeEvent(
            county: county, at: at, kind: .documentPublished, decision: reference, day: day,
            summary: "公布《\(title)》，\(day.chinese)")
    }
}
