import Foundation

/// The findings of one rule on one item, read together (issue 13): a rule that fires at fifteen townships for the
/// same item is one problem, so the page shows its townships and its evidence once.
public struct SuggestionGroup: Hashable, Sendable {
    /// One evidence text with the townships it was found at ("*" for the district as a whole).
    public struct Evidence: Hashable, Sendable {
        public var text: String
        public var townships: [String]
    }

    public var rule: String
    public var ruleName: String
    public var itemCode: String
    /// The most serious of the members.
    public var severity: Suggestion.Severity
    /// The findings, most serious first, then by action and township.
    public var members: [Suggestion]

    /// The townships concerned, each once, in the members' order ("*" — the district — included as found).
    public var townships: [String] { unique(members.map(\.township)) }

    /// Each distinct evidence text once, with the townships it was found at.
    public var evidence: [Evidence] {
        // One pass: a province's group can have hundreds of members.
        var order: [String] = []
        var places: [String: [String]] = [:]
        for member in members {
            if places[member.evidence] == nil { order.append(member.evidence) }
            if !places[member.evidence, default: []].contains(member.township) {
                places[member.evidence, default: []].append(member.township)
            }
        }
        return order.map { Evidence(text: $0, townships: places[$0] ?? []) }
    }

    /// The actions accepting the members would start, each once, most serious first.
    public var actions: [Suggestion.Action] { unique(members.map(\.action)) }

    /// The members that ask for one action.
    public func members(for action: Suggestion.Action) -> [Suggestion] { members.filter { $0.action == action } }

    /// Groups findings by rule and item. `names` gives each rule's Chinese name (`SuggestionEngine.ruleNames`); a
    /// rule without one keeps its id. Groups come most serious first, then by rule and item.
    public static func grouping(_ suggestions: [Suggestion], names: [String: String]) -> [SuggestionGroup] {
        let byKey = Dictionary(grouping: suggestions) { "\($0.rule)|\($0.itemCode)" }
        return byKey.values.map { found in
            let members = found.sorted {
                ($1.severity, $0.action.rawValue, $0.township) < ($0.severity, $1.action.rawValue, $1.township)
            }
            let first = members[0]
            return SuggestionGroup(
                rule: first.rule, ruleName: names[first.rule] ?? first.rule, itemCode: first.itemCode,
                severity: members.map(\.severity).max() ?? first.severity, members: members)
        }
        .sorted { ($1.severity, $0.rule, $0.itemCode) < ($0.severity, $1.rule, $1.itemCode) }
    }
}

private func unique<T: Hashable>(_ values: [T]) -> [T] {
    var seen = Set<T>()
    return values.filter { seen.insert($0).inserted }
}

/// What accepting a set of findings starts, worked out before anything is written: the confirmation page prints it
/// and the service carries out exactly this plan, so the two cannot differ.
public struct SuggestionPlan: Hashable, Sendable {
    /// A running delegation as the plan sees it.
    public struct Running: Hashable, Sendable {
        public var id: String
        public var township: String
        public var townshipName: String
        public var itemCode: String
        /// A recall proposal is already open for it.
        public var recallPending: Bool

        public init(id: String, township: String, townshipName: String, itemCode: String, recallPending: Bool) {
            self.id = id
            self.township = township
            self.townshipName = townshipName
            self.itemCode = itemCode
            self.recallPending = recallPending
        }
    }

    /// One workflow to start: the action at one running delegation.
    public struct Start: Hashable, Sendable {
        public var action: Suggestion.Action
        public var delegation: Running
    }

    public var starts: [Start]
    /// Delegations the findings name where nothing starts because a recall is already under way.
    public var alreadyRecalling: [Running]
    /// Findings that start nothing at the delegations (R5: the item's legal basis is amended by a decision).
    public var amendments: [Suggestion]

    /// The plan for accepting `suggestions`: each finding's action at every running delegation of its item at its
    /// township (all that hold the item when it names the district, "*"); one start per action and delegation
    /// however many findings name it; no second recall where one is pending; nothing at delegations for an
    /// amendment.
    public static func accepting(_ suggestions: [Suggestion], running: [Running]) -> SuggestionPlan {
        var plan = SuggestionPlan(starts: [], alreadyRecalling: [], amendments: [])
        var seen = Set<String>()
        for s in suggestions {
            guard s.action != .amendment else {
                plan.amendments.append(s)
                continue
            }
            let targets = running.filter {
                $0.itemCode == s.itemCode && (s.township == "*" || $0.township == s.township)
            }
            .sorted { ($0.township, $0.id) < ($1.township, $1.id) }
            for d in targets where seen.insert("\(s.action.rawValue)|\(d.id)").inserted {
                if s.action == .recall && d.recallPending {
                    plan.alreadyRecalling.append(d)
                } else {
                    plan.starts.append(Start(action: s.action, delegation: d))
                }
            }
        }
        return plan
    }

    /// The plan in one sentence per action, naming every township, e.g. "将对以下 2 个镇街提出收回：大山铺镇、和平街道".
    public var sentences: [String] {
        unique(starts.map(\.action)).map { action in
            let names = unique(starts.filter { $0.action == action }.map(\.delegation.townshipName))
            return "将对以下 \(names.count) 个镇街\(action.label)：\(names.joined(separator: "、"))"
        }
    }
}
