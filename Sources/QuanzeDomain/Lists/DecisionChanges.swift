/// What one decision (one 文号) changed on the lists, however many townships and items it covers: each entry it
/// put in force, ended, or amended (an amendment ends the old terms and starts new ones on the same day, both
/// citing the decision).
public struct DecisionChange: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case added, ended, amended

        public var label: String {
            switch self {
            case .added: "新增"
            case .ended: "终止"
            case .amended: "变更"
            }
        }
    }

    public var kind: Kind
    /// The version that shows the change: the new one for an addition or amendment, the ended one for an end.
    public var entry: Assignment
    /// For an amendment: the terms before it.
    public var previous: Assignment?

    /// Sorts the current versions that cite `number` (as their decision or their end decision) into the changes it
    /// made, ordered by township, list and item.
    public static func of(_ number: String, versions: [Assignment]) -> [DecisionChange] {
        var out: [DecisionChange] = []
        for (_, entry) in Dictionary(grouping: versions.filter { $0.supersededAt == nil }, by: \.entryId) {
            let started = entry.filter { $0.decision == number }
            let ended = entry.filter { $0.endDecision == number }
            for version in started {
                if let before = ended.first(where: { $0.validTo == version.validFrom }) {
                    out.append(DecisionChange(kind: .amended, entry: version, previous: before))
                } else {
                    out.append(DecisionChange(kind: .added, entry: version, previous: nil))
                }
            }
            for version in ended where !started.contains(where: { $0.validFrom == version.validTo }) {
                out.append(DecisionChange(kind: .ended, entry: version, previous: nil))
            }
        }
        return out.sorted {
            ($0.entry.township.value, ListKind.allCases.firstIndex(of: $0.entry.list) ?? 0, $0.entry.itemCode)
                < ($1.entry.township.value, ListKind.allCases.firstIndex(of: $1.entry.list) ?? 0, $1.entry.itemCode)
        }
    }
}
