extension DelegatedItem {
    /// The delegated items that list entries in force show but no running delegation record covers: a county whose
    /// lists hold 赋权 or 委托 entries must never get an empty analysis because of how those entries were loaded.
    /// Each township × item counts once, from the first day of its entries, with the lifecycle's transition period
    /// and, for 委托, the latest end of its entries as its term.
    ///
    /// - Parameter covered: `township|item` keys of the running delegation records.
    public static func uncovered(
        by covered: Set<String>, entries: [Assignment],
        transitionMonths: Int = Delegation.defaultTransitionMonths
    ) -> [DelegatedItem] {
        var found: [String: DelegatedItem] = [:]
        for entry in entries {
            guard let mode = DelegationMode(entry.mode) else { continue }
            let key = entry.township.value + "|" + entry.itemCode
            guard !covered.contains(key) else { continue }
            if var known = found[key] {
                if entry.validFrom < known.effectiveOn {
                    known.effectiveOn = entry.validFrom
                    known.transitionEnds = entry.validFrom.addingMonths(transitionMonths)
                }
                if known.mode == .entrusted, let end = entry.validTo, known.termEnds.map({ end > $0 }) ?? false {
                    known.termEnds = end
                }
                found[key] = known
            } else {
                found[key] = DelegatedItem(
                    township: entry.township.value, itemCode: entry.itemCode, mode: mode, effectiveOn: entry.validFrom,
                    transitionEnds: entry.validFrom.addingMonths(transitionMonths),
                    termEnds: mode == .entrusted ? entry.validTo : nil)
            }
        }
        return found.values.sorted { ($0.township, $0.itemCode) < ($1.township, $1.itemCode) }
    }
}
