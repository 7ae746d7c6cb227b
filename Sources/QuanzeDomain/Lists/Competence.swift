/// The level rule (实施层级): how an item may reach a township-level unit's lists depends on who the law makes
/// competent for it (`PowerItem.competentLevel`, with the statute in `levelBasis`).
///
/// - 法定: only an item the law gives to that kind of unit (乡镇人民政府 per 地方组织法 第76条, 街道办事处 per 第86条,
///   or a special statute naming both); a county department's power is never a township's own.
/// - 赋权 / 委托: only a county department's power — the county cannot confer or entrust a power the law gives to
///   the township itself (nor one the law gives to the other kind of unit).
///
/// The territorial list (属地事项清单) records the 属地 duties a unit bears beside the partner department; it
/// transfers no power, so the rule does not apply to it.
public enum Competence {
    public static func check(
        mode: AssignmentMode, list: ListKind, item: PowerItem, township kind: TownshipKind
    ) throws(ListFailure) {
        guard list != .territorial else { return }
        let own = item.competentLevel.isOwnPower(of: kind)
        switch mode {
        case .statutory:
            guard !own else { return }
            throw .notOwnPower(
                itemCode: item.code, itemName: item.name, holder: holder(of: item),
                basis: item.competentLevel == .county ? item.legalBases : item.levelBasis, kind: kind,
                delegable: item.competentLevel == .county)
        case .granted, .entrusted:
            guard item.competentLevel != .county else { return }
            throw .notCountyPower(
                itemCode: item.code, itemName: item.name, mode: mode, holder: holder(of: item),
                basis: item.levelBasis, kind: kind, own: own)
        }
    }

    /// Whether a county may hand the item down at all (a department's proposal, before any unit orders it): only a
    /// county department's power.
    public static func checkDelegable(mode: AssignmentMode, item: PowerItem) throws(ListFailure) {
        guard item.competentLevel != .county else { return }
        throw .notCountyPower(
            itemCode: item.code, itemName: item.name, mode: mode, holder: holder(of: item), basis: item.levelBasis,
            kind: nil, own: false)
    }

    /// Who holds the item by law: its department for a county item, else the level's bodies.
    static func holder(of item: PowerItem) -> String {
        item.competentLevel == .county ? "区县部门（\(item.department)）" : item.competentLevel.label
    }
}
