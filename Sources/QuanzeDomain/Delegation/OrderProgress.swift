import Foundation

/// Where one ordered item stands for the township that ordered it (issue 13: a township follows each order to its
/// document and its start): the order line's state, then the document drawn for it, then the delegation it started.
public struct OrderProgress: Hashable, Sendable {
    public enum Stage: String, Hashable, Sendable {
        case pending, returned, approved, drawn, started, ended

        public var label: String {
            switch self {
            case .pending: "待编办审批"
            case .returned: "已退回"
            case .approved: "已批准，待拟定文书"
            case .drawn: "文书办理中"
            case .started: "已生效"
            case .ended: "已终止"
            }
        }
    }

    public var stage: Stage
    /// The document drawn for the line (委托书 or 赋权决定), once drawn.
    public var agreementId: String?
    public var documentNumber: String?
    /// The document's own state (待签署, 已公布…) while it is being signed and published.
    public var documentState: String?
    /// The delegation the document started at the township for the item, once in force.
    public var delegationId: String?
    public var startedOn: Day?

    /// The progress of `line` of an order placed by `unit`: the agreement is the one the line names; the delegation
    /// is the one that agreement started for the unit and the line's item.
    public static func of(
        _ line: Order.Line, unit: String, agreements: [String: Agreement], delegations: [Delegation]
    ) -> OrderProgress {
        switch line.state {
        case .pending: return OrderProgress(stage: .pending)
        case .returned: return OrderProgress(stage: .returned)
        case .approved: break
        }
        guard let id = line.agreementId, let agreement = agreements[id] else {
            return OrderProgress(stage: .approved)
        }
        let started = delegations.first {
            $0.agreementId == id && $0.unit == unit && $0.itemCode == line.itemCode
        }
        guard agreement.state == .effective, let started else {
            return OrderProgress(
                stage: .drawn, agreementId: id, documentNumber: agreement.number, documentState: agreement.state.label)
        }
        return OrderProgress(
            stage: started.state == .active ? .started : .ended, agreementId: id, documentNumber: agreement.number,
            documentState: agreement.state.label, delegationId: started.id, startedOn: started.effectiveOn)
    }

    init(
        stage: Stage, agreementId: String? = nil, documentNumber: String? = nil, documentState: String? = nil,
        delegationId: String? = nil, startedOn: Day? = nil
    ) {
        self.stage = stage
        self.agreementId = agreementId
        self.documentNumber = documentNumber
        self.documentState = documentState
        self.delegationId = delegationId
        self.startedOn = startedOn
    }
}
