import Foundation

/// The graded circumstances (违法情节) most discretion standards use, mildest first; a standard may also name its
/// own (自拟情节, e.g. 首次违法且及时改正).
public enum CircumstanceGrade: Int, Codable, Sendable, CaseIterable, Comparable {
    case minor, ordinary, serious, grave

    public var label: String {
        switch self {
        case .minor: "轻微"
        case .ordinary: "一般"
        case .serious: "较重"
        case .grave: "严重"
        }
    }

    public static func < (a: CircumstanceGrade, b: CircumstanceGrade) -> Bool { a.rawValue < b.rawValue }

    /// Accepts the Chinese label (with or without 违法/情节) or the English key.
    public init?(text: String) {
        let t = text.trimmingSpaces().replacingOccurrences(of: "情节", with: "").replacingOccurrences(
            of: "违法", with: "")
        let keys: [String: CircumstanceGrade] = [
            "minor": .minor, "ordinary": .ordinary, "serious": .serious, "grave": .grave,
        ]
        guard let grade = keys[t] ?? Self.allCases.first(where: { $0.label == t }) else { return nil }
        self = grade
    }
}

/// The kinds of administrative penalty a discretion row may set (行政处罚法 第9条, as data in the standards' articles).
public enum PenaltyKind: String, Codable, Sendable, CaseIterable {
    case noPenalty = "no-penalty"
    case warning
    case fine
    case confiscation
    case suspension
    case revocation

    public var label: String {
        switch self {
        case .noPenalty: "不予处罚"
        case .warning: "警告"
        case .fine: "罚款"
        case .confiscation: "没收违法所得、没收非法财物"
        case .suspension: "责令停产停业"
        case .revocation: "暂扣或者吊销许可证件"
        }
    }

    /// Accepts the key or the Chinese label (没收 and 吊销 also in short).
    public init?(text: String) {
        let t = text.trimmingSpaces()
        let short: [String: PenaltyKind] = [
            "没收": .confiscation, "没收违法所得": .confiscation, "吊销": .revocation, "吊销许可证件": .revocation,
        ]
        guard let kind = Self(rawValue: t) ?? Self.allCases.first(where: { $0.label == t }) ?? short[t] else {
            return nil
        }
        self = kind
    }
}

/// The penalty a row sets: its kinds, the fine's range in whole yuan when the fine is an amount, and a note (the
/// fine as a multiple, 责令改正, further terms).
public struct PenaltyRange: Codable, Hashable, Sendable {
    public var kinds: [PenaltyKind]
    public var fineMin: Int?
    public var fineMax: Int?
    public var note: String

    public init(kinds: [PenaltyKind], fineMin: Int? = nil, fineMax: Int? = nil, note: String = "") {
        self.kinds = kinds
        self.fineMin = fineMin
        self.fineMax = fineMax
        self.note = note
    }

    /// The penalty in words, amounts printed by `count` (the pages' grouping of large numbers).
    public func summary(count: (Int) -> String) -> String {
        var parts: [String] = []
        for kind in kinds {
            if kind == .fine, let min = fineMin, let max = fineMax {
                parts.append(min == max ? "罚款 \(count(min)) 元" : "罚款 \(count(min))–\(count(max)) 元")
            } else {
                parts.append(kind.label)
            }
        }
        let head = parts.joined(separator: "，")
        return note.isEmpty ? head : "\(head)（\(note)）"
    }
}

/// One grade of a discretion standard: the circumstance, the facts that put a case in it, the penalty and the
/// statute articles it applies (resolved in the law library by the service).
public struct DiscretionRow: Codable, Hashable, Sendable {
    public var circumstance: String
    public var facts: String
    public var penalty: PenaltyRange
    public var articles: [ArticleRef]

    public init(circumstance: String, facts: String, penalty: PenaltyRange, articles: [ArticleRef]) {
        self.circumstance = circumstance
        self.facts = facts
        self.penalty = penalty
        self.articles = articles
    }

    /// The graded circumstance, when the row uses one of the four grades.
    public var grade: CircumstanceGrade? { CircumstanceGrade(text: circumstance) }
}

/// One version of the discretion standard (裁量基准) of a penalty item: for each circumstance, the range of the
/// penalty and the articles that set it, issued by the competent department (or 编办/司法局) under a 文号, in force
/// from its effective day until a later version takes effect. An item has one series of versions.
public struct DiscretionStandard: Codable, Hashable, Sendable, GuidanceVersioned {
    public struct Draft: Hashable, Sendable {
        public var rows: [DiscretionRow]
        public var source: String
        public var effectiveOn: Day

        public init(rows: [DiscretionRow], source: String, effectiveOn: Day) {
            self.rows = rows
            self.source = source
            self.effectiveOn = effectiveOn
        }
    }

    public var county: String
    public var itemCode: String
    public var itemName: String
    public var version: Int
    public var rows: [DiscretionRow]
    public var source: String
    public var issuer: GuidanceIssuer
    public var effectiveOn: Day
    public var publishedBy: String
    public var publishedAt: Date

    public static let rowLimit = 12
    public static let factsLimit = 500
    public static let noteLimit = 200
    public static let circumstanceLimit = 30

    /// Publishes the first or the next version of the item's standard.
    public static func publish(
        _ draft: Draft, county: String, item: GuidanceItem, previous: DiscretionStandard?, issuer: GuidanceIssuer,
        by principal: Principal, at now: Date
    ) throws(GuidanceFailure) -> DiscretionStandard {
        try GuidanceRules.checkPublisher(principal, items: [item])
        guard item.category == .penalty else {
            throw .notAPenaltyItem(item: item.name, category: item.category.label)
        }
        let source = try GuidanceRules.text(
            draft.source, limit: GuidanceDocument.sourceLimit, field: "制定依据", empty: .emptySource)
        let rows = try checked(draft.rows)
        let version = try GuidanceRules.nextVersion(after: previous, effectiveOn: draft.effectiveOn)
        return DiscretionStandard(
            county: county, itemCode: item.code, itemName: item.name, version: version, rows: rows, source: source,
            issuer: issuer, effectiveOn: draft.effectiveOn, publishedBy: principal.username, publishedAt: now)
    }

    /// The rows trimmed and checked: each complete, its fine coherent; circumstances unique; the fine ranges of
    /// the graded rows rising with the grade without crossing (adjacent grades may share a bound).
    public static func checked(_ given: [DiscretionRow]) throws(GuidanceFailure) -> [DiscretionRow] {
        guard !given.isEmpty else { throw .noRows }
        guard given.count <= rowLimit else { throw .tooManyRows(rowLimit) }
        var rows: [DiscretionRow] = []
        var labels: Set<String> = []
        for (index, raw) in given.enumerated() {
            let number = index + 1
            var row = raw
            let text = raw.circumstance.trimmingSpaces()
            guard !text.isEmpty else { throw .emptyCircumstance(row: number) }
            guard text.count <= circumstanceLimit else { throw .tooLong(field: "违法情节", limit: circumstanceLimit) }
            row.circumstance = CircumstanceGrade(text: text)?.label ?? text
            guard labels.insert(row.circumstance).inserted else { throw .duplicateCircumstance(row.circumstance) }
            row.facts = raw.facts.trimmingSpaces()
            guard !row.facts.isEmpty else { throw .emptyFacts(row: number) }
            guard row.facts.count <= factsLimit else { throw .tooLong(field: "适用情形", limit: factsLimit) }
            row.penalty = try checked(raw.penalty, row: number)
            guard !raw.articles.isEmpty else { throw .noArticle(row: number) }
            row.articles = raw.articles.reduce(into: [ArticleRef]()) { if !$0.contains($1) { $0.append($1) } }
            rows.append(row)
        }
        let graded = rows.compactMap { row in row.grade.map { ($0, row.penalty) } }.sorted { $0.0 < $1.0 }
        for (lower, higher) in zip(graded, graded.dropFirst()) {
            guard let top = lower.1.fineMax, let bottom = higher.1.fineMin else { continue }
            if top > bottom { throw .overlappingRanges(lower: lower.0.label, higher: higher.0.label) }
        }
        return rows
    }

    static func checked(_ given: PenaltyRange, row: Int) throws(GuidanceFailure) -> PenaltyRange {
        var penalty = given
        penalty.kinds = PenaltyKind.allCases.filter(given.kinds.contains)
        penalty.note = given.note.trimmingSpaces()
        guard penalty.note.count <= noteLimit else { throw .tooLong(field: "处罚说明", limit: noteLimit) }
        guard !penalty.kinds.isEmpty else { throw .noPenaltyKind(row: row) }
        if penalty.kinds.contains(.noPenalty), penalty.kinds.count > 1 { throw .noPenaltyWithOthers(row: row) }
        let hasFine = penalty.kinds.contains(.fine)
        switch (penalty.fineMin, penalty.fineMax) {
        case (nil, nil):
            if hasFine && penalty.note.isEmpty { throw .fineWithoutAmount(row: row) }
        case (let min?, let max?):
            guard hasFine else { throw .amountWithoutFine(row: row) }
            guard min >= 0, max >= 0 else { throw .negativeFine(row: row) }
            guard min <= max else { throw .fineRangeInverted(row: row, min: min, max: max) }
        default:
            guard hasFine else { throw .amountWithoutFine(row: row) }
            throw .fineIncomplete(row: row)
        }
        return penalty
    }

    /// Whether a row matches a search (Chinese substring, case-insensitive for letters) over the item's name and
    /// code, the circumstance, the facts and the penalty in words.
    public func matches(_ row: DiscretionRow, query: String) -> Bool {
        let q = query.trimmingSpaces().lowercased()
        guard !q.isEmpty else { return true }
        let plain = row.penalty.summary { String($0) }
        return [itemName, itemCode, row.circumstance, row.facts, plain, row.penalty.note].contains {
            $0.lowercased().contains(q)
        }
    }
}
