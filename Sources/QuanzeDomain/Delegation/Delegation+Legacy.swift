import Foundation

extension Delegation {
    /// Where a running delegation comes from.
    public enum Origin: String, Codable, Sendable {
        /// Started from a signed and published agreement (the lifecycle of DESIGN §4).
        case lifecycle
        /// In force when the county adopted Quanze, loaded with its lists (存量): no agreement was drawn here.
        case legacy

        public var label: String { self == .legacy ? "存量" : "新办" }
    }

    /// The transition period an agreement draws unless told otherwise ("工作在镇街、责任在部门"), in months.
    public static let defaultTransitionMonths = 12

    /// Whether the record came in with the county's existing lists (存量).
    public var isLegacy: Bool { origin == .legacy }

    /// A delegation that was already in force when the county's lists were loaded (存量): it cites the decision the
    /// list entries cite, runs from their first day, has the lifecycle's transition period counted from that day,
    /// and for 委托 the entries' end as its term. It names no agreement and no signatures (none were drawn here);
    /// from then on evaluation, recall and the engine treat it as any other delegation.
    ///
    /// - Parameters:
    ///   - department: the organisation that handed the item down (the competent department; for 委托 the one in
    ///     whose name the township acts) and its name.
    ///   - lists: the lists the entries stand on.
    ///   - evaluationMonths: 赋权: the 定期评估 interval the entry came in with (default `defaultEvaluationMonths`).
    ///   - evaluationsFrom: 赋权: the day its schedule counts from — its last evaluation before adoption, else the day
    ///     it is registered (nil: its first day).
    public static func legacy(
        id: String, county: String, decision: String, mode: DelegationMode, item: PowerItem,
        department: (code: String, name: String), unit: (code: String, name: String), effectiveOn: Day, until: Day?,
        lists: [ListKind], by actor: Actor, at now: Date, transitionMonths: Int = defaultTransitionMonths,
        evaluationMonths: Int? = nil, evaluationsFrom: Day? = nil
    ) -> Delegation {
        Delegation(
            id: id, county: county, agreementId: "", decision: decision, mode: mode, itemCode: item.code,
            itemName: item.name, department: department.code, departmentName: department.name, unit: unit.code,
            unitName: unit.name, actingName: mode == .entrusted ? department.name : unit.name,
            effectiveOn: effectiveOn, transitionEnds: effectiveOn.addingMonths(transitionMonths),
            termEnds: mode == .entrusted ? until : nil, state: .active, evaluations: [], recallProposalId: nil,
            recallDecision: nil, endedOn: nil,
            history: [
                StepRecord(
                    step: "存量登记", by: actor.name, role: actor.role, at: now, note: "依据\(decision)，随现有清单导入")
            ],
            origin: .legacy, lists: ListKind.allCases.filter(lists.contains),
            evaluationMonths: mode == .granted ? (evaluationMonths ?? defaultEvaluationMonths) : nil,
            evaluationsFrom: mode == .granted ? evaluationsFrom : nil)
    }
}
