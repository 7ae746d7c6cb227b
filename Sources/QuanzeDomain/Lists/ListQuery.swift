import Foundation

/// Reading lists as of a day (valid time) and as known at an instant (record time).
public enum ListQuery {
    /// The versions in force on `day` as the system knew them at `knownAt` (nil: as it knows them now).
    public static func inForce(_ versions: [Assignment], on day: Day, knownAt: Date? = nil) -> [Assignment] {
        versions.filter { v in
            v.isInForce(on: day) && (knownAt.map { v.isKnown(at: $0) } ?? v.isCurrent)
        }
    }

    /// Counts per list kind (every kind present, zero when empty).
    public static func counts(_ entries: [Assignment]) -> [ListKind: Int] {
        var counts = Dictionary(uniqueKeysWithValues: ListKind.allCases.map { ($0, 0) })
        for e in entries { counts[e.list, default: 0] += 1 }
        return counts
    }
}

/// The difference between a township's lists on two days.
public struct ListDiff: Hashable, Sendable {
    /// An entry whose terms differ between the two days.
    public struct Change: Hashable, Sendable {
        public var before: Assignment
        public var after: Assignment
    }

    public var from: Day
    public var to: Day
    /// In force on `to` but not on `from`; each carries the decision that added it.
    public var added: [Assignment]
    /// In force on `from` but not on `to`; each carries the decision that ended it (`endDecision`).
    public var removed: [Assignment]
    public var changed: [Change]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// Compares the entries in force on two days, keyed by list and item.
    public static func between(
        _ versions: [Assignment], from: Day, to: Day, knownAt: Date? = nil
    ) -> ListDiff {
        struct Key: Hashable {
            let list: ListKind
            let item: String
        }
        func index(_ day: Day) -> [Key: Assignment] {
            var map: [Key: Assignment] = [:]
            for v in ListQuery.inForce(versions, on: day, knownAt: knownAt) {
                map[Key(list: v.list, item: v.itemCode)] = v
            }
            return map
        }
        let before = index(from)
        let after = index(to)
        let order: (Assignment, Assignment) -> Bool = {
            ($0.list.rawValue, $0.itemCode) < ($1.list.rawValue, $1.itemCode)
        }
        var added: [Assignment] = []
        var removed: [Assignment] = []
        var changed: [Change] = []
        for (key, a) in after {
            if let b = before[key] {
                if a.terms != b.terms { changed.append(Change(before: b, after: a)) }
            } else {
                added.append(a)
            }
        }
        for (key, b) in before where after[key] == nil {
            // The version in force on `from` may have been closed by a later version of the same entry; the
            // ending decision is on the last version of that entry that starts before `to`.
            let closing =
                versions
                .filter { v in v.entryId == b.entryId && (knownAt.map { v.isKnown(at: $0) } ?? v.isCurrent) }
                .filter { $0.validFrom < to }
                .max { $0.validFrom < $1.validFrom }
            removed.append(closing ?? b)
        }
        return ListDiff(
            from: from, to: to, added: added.sorted(by: order), removed: removed.sorted(by: order),
            changed: changed.sorted { order($0.after, $1.after) })
    }
}
