import Foundation

/// The 履行职责事项清单 of one township on one day, in the three parts of the national form (2024–2025): 基本履职事项,
/// 配合履职事项 and 上级部门收回事项. It is derived from the five lists, never typed again: every entry in force lands in
/// exactly one line of 基本 or 配合, and the recalled part is read from the entries that a decision took back.
public struct DutyList: Hashable, Sendable {
    /// The three parts of the national form.
    public enum Part: String, Sendable, Codable, CaseIterable {
        case basic, cooperating, recalled

        public var label: String {
            switch self {
            case .basic: "基本履职事项"
            case .cooperating: "配合履职事项"
            case .recalled: "上级部门收回事项"
            }
        }

        /// What the part holds, in the words of the form.
        public var summary: String {
            switch self {
            case .basic: "镇街依法履行的本级职权和经赋权、委托承接的县级职权，以及属地管理中承担主体责任的事项"
            case .cooperating: "属地管理中由县级部门牵头、镇街承担配合责任的事项，列明牵头部门"
            case .recalled: "曾赋予或委托镇街、已由县级部门以决定收回的事项，列明收回决定"
            }
        }
    }

    /// One item of one part: the entries of the township that put it there (one item may stand on several lists,
    /// e.g. a delegated licence on the 扩权赋能 and the 审批服务 list).
    public struct Line: Hashable, Sendable {
        public var part: Part
        public var itemCode: String
        /// For 基本 and 配合: the entries in force on the day, in the canonical list order. For 收回: the versions the
        /// recall ended (the last version of each entry).
        public var entries: [Assignment]
        /// The decision that took the item back and the day it left the lists (收回 only).
        public var recallDecision: String?
        public var recalledOn: Day?

        public init(
            part: Part, itemCode: String, entries: [Assignment], recallDecision: String? = nil,
            recalledOn: Day? = nil
        ) {
            self.part = part
            self.itemCode = itemCode
            self.entries = entries
            self.recallDecision = recallDecision
            self.recalledOn = recalledOn
        }

        /// The lists the item stands on (or stood on), in the canonical order.
        public var lists: [ListKind] { ListKind.allCases.filter { k in entries.contains { $0.list == k } } }
        /// How the township holds (or held) it: 法定, 赋权, 委托, each once.
        public var modes: [AssignmentMode] { AssignmentMode.allCases.filter { m in entries.contains { $0.mode == m } } }
        /// The departments the entries name (the lead department of a 配合 duty, the entrusting one of a 委托).
        public var partners: [String] { Self.unique(entries.compactMap(\.partner)) }
        /// The decisions that put the entries in force (勘误 entries cite none).
        public var decisions: [String] { Self.unique(entries.compactMap(\.decision)) }
        /// The earliest day an entry of the line came into force.
        public var since: Day? { entries.map(\.validFrom).min() }

        /// The texts in their first order, each once, empty ones dropped.
        public static func unique(_ texts: [String]) -> [String] {
            var seen = Set<String>()
            return texts.filter { !$0.isEmpty && seen.insert($0).inserted }
        }
    }

    public var day: Day
    public var basic: [Line]
    public var cooperating: [Line]
    public var recalled: [Line]

    public init(day: Day, basic: [Line], cooperating: [Line], recalled: [Line]) {
        self.day = day
        self.basic = basic
        self.cooperating = cooperating
        self.recalled = recalled
    }

    /// The lines of one part.
    public func lines(_ part: Part) -> [Line] {
        switch part {
        case .basic: basic
        case .cooperating: cooperating
        case .recalled: recalled
        }
    }

    /// How many entries in force the lines of 基本 and 配合 hold (each entry in force once).
    public var inForceCount: Int { (basic + cooperating).reduce(0) { $0 + $1.entries.count } }

    /// The part an entry in force belongs to: a territorial duty the township only cooperates in is 配合; every
    /// other entry (its own powers, the powers given or entrusted to it, the territorial duties it leads) is 基本.
    public static func part(of entry: Assignment) -> Part {
        entry.list == .territorial && entry.role == .cooperating ? .cooperating : .basic
    }

    /// The decision kinds that take a power back from a township: a recall (收回决定) or an adjustment (调整决定).
    public static let recallKinds: Set<Decision.Kind> = [.recall, .adjustment]

    /// Derives the three parts.
    /// - Parameters:
    ///   - versions: every version recorded for the township (`ListStore.history`): the entries in force on `day` and
    ///     the ended ones are both read from them.
    ///   - decisionKinds: the kind of each registered decision, by 文号 (a decision not in it takes nothing back).
    ///   - knownAt: as the system knew it then (nil: as it knows it now).
    public static func derive(
        _ versions: [Assignment], decisionKinds: [String: Decision.Kind], on day: Day, knownAt: Date? = nil
    ) -> DutyList {
        let inForce = ListQuery.inForce(versions, on: day, knownAt: knownAt)
        func lines(_ part: Part) -> [Line] {
            let entries = inForce.filter { Self.part(of: $0) == part }
            return Dictionary(grouping: entries, by: \.itemCode).map { code, entries in
                Line(part: part, itemCode: code, entries: entries.sorted(by: canonical))
            }.sorted { $0.itemCode < $1.itemCode }
        }
        let basic = lines(.basic)
        let held = Set(inForce.filter { $0.mode != .statutory }.map(\.itemCode))
        let known = versions.filter { v in knownAt.map { v.isKnown(at: $0) } ?? v.isCurrent }
        // The ended versions: a delegated entry whose validity a take-back decision ended on or before the day, and
        // that no version of the same entry continues (an amendment ends the old terms citing its decision too).
        let ended = known.filter { v in
            guard v.mode != .statutory, let end = v.validTo, end <= day, let number = v.endDecision,
                let kind = decisionKinds[number], recallKinds.contains(kind)
            else { return false }
            return !known.contains { $0.entryId == v.entryId && $0.validFrom == end }
        }
        struct Key: Hashable {
            var item: String
            var decision: String
            var day: Day
        }
        let recalled = Dictionary(grouping: ended) {
            Key(item: $0.itemCode, decision: $0.endDecision ?? "", day: $0.validTo ?? day)
        }
        .filter { !held.contains($0.key.item) }
        .map { key, entries in
            Line(
                part: .recalled, itemCode: key.item, entries: entries.sorted(by: canonical),
                recallDecision: key.decision, recalledOn: key.day)
        }
        .sorted { ($0.recalledOn ?? day, $0.itemCode) < ($1.recalledOn ?? day, $1.itemCode) }
        return DutyList(day: day, basic: basic, cooperating: lines(.cooperating), recalled: recalled)
    }

    /// Entries in the order of the five lists, then by item.
    static func canonical(_ a: Assignment, _ b: Assignment) -> Bool {
        let ia = ListKind.allCases.firstIndex(of: a.list) ?? 0
        let ib = ListKind.allCases.firstIndex(of: b.list) ?? 0
        return (ia, a.itemCode, a.validFrom) < (ib, b.itemCode, b.validFrom)
    }
}
