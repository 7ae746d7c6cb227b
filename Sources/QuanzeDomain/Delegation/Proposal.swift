import Foundation

/// A department's offer of one item for the menu (下放目录), or — with `purpose == .recall` — a proposal to take a
/// delegated item back. Both go through the same two reviews: 编办 (establishment), then 司法局 (legal).
public struct Proposal: Codable, Hashable, Sendable {
    public enum Purpose: String, Codable, Sendable { case delegate, recall }

    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for the establishment office.
        case submitted
        /// Passed by the establishment office, waiting for the justice bureau's legal review.
        case legalReview = "legal-review"
        /// Passed both reviews: ready for a menu batch (or, for a recall, to be decided).
        case approved
        /// Returned by a reviewer with reasons; the department may revise and resubmit.
        case returned
        /// On a published menu batch.
        case published
        /// A recall carried out: the delegation's assignments ended.
        case executed
        case withdrawn

        /// The states of a proposal still in its reviews (a published one is done: it stands on the menu, and the
        /// department may offer the item again for a later batch).
        public static let open: [State] = [.submitted, .legalReview, .approved, .returned]

        public var label: String {
            switch self {
            case .submitted: "待编办审核"
            case .legalReview: "待合法性审查"
            case .approved: "已通过"
            case .returned: "已退回"
            case .published: "已发布"
            case .executed: "已收回"
            case .withdrawn: "已撤回"
            }
        }
    }

    public enum Event: Hashable, Sendable {
        case review(passed: Bool, opinion: String)
        case legalReview(passed: Bool, opinion: String)
        case resubmit(reasons: String)
        case withdraw
        case publish(batch: String)
        case execute(decision: String)

        public var label: String {
            switch self {
            case .review: "编办审核"
            case .legalReview: "合法性审查"
            case .resubmit: "修改后重新提交"
            case .withdraw: "撤回"
            case .publish: "发布下放目录"
            case .execute: "执行收回"
            }
        }
    }

    public var id: String
    public var county: String
    public var purpose: Purpose
    public var itemCode: String
    public var itemName: String
    public var department: String
    public var departmentName: String
    public var mode: DelegationMode
    public var reasons: String
    public var requirements: [Requirement]
    public var expectedYearlyVolume: Int
    /// The provincial catalogue (文号) a 赋权 item stands in.
    public var catalogue: String?
    /// For a recall: the delegation it takes back.
    public var delegationId: String?
    public var state: State
    public var opinions: [ReviewOpinion]
    public var batch: String?
    public var decision: String?
    public var history: [StepRecord]

    /// A department's proposal, checked against the rules of DESIGN §4 and the county's legal grounds: the row of
    /// `grounds` for the mode and the item's category must exist and permit it (a forbidden combination is refused
    /// with the statute the row names), and a 赋权 item must stand in the provincial catalogue.
    public static func propose(
        id: String, county: String, item: PowerItem, by principal: Principal, departmentName: String,
        mode: DelegationMode, reasons: String, requirements: [Requirement]? = nil, expectedYearlyVolume: Int,
        catalogue: ProvincialCatalogue?, grounds: LegalGroundTable, at now: Date
    ) throws(DelegationFailure) -> Proposal {
        let ground = grounds.ground(mode, item.category)
        let citation = ground?.citation ?? ""
        guard principal.role == .department || principal.role == .establishment else {
            if principal.role == .township || principal.role == .officer {
                throw .reDelegation(itemCode: item.code, proposer: departmentName, citation: citation)
            }
            throw .wrongRole(step: "提出下放申请", needed: "区级部门")
        }
        // Only the competent department (by code; by name for an item whose department was never registered).
        let competent = item.departmentCode.map { $0 == principal.organization } ?? (item.department == departmentName)
        guard competent else {
            throw .reDelegation(itemCode: item.code, proposer: departmentName, citation: citation)
        }
        guard let ground else {
            throw .noLegalGround(itemCode: item.code, mode: mode.label, category: item.category.label)
        }
        guard ground.permitted else {
            throw .forbiddenCombination(
                itemCode: item.code, mode: mode.label, category: item.category.label, wording: ground.wording,
                citation: ground.citation)
        }
        do throws(ListFailure) {
            try Competence.checkDelegable(mode: mode.assignmentMode, item: item)
        } catch { throw .competence(error) }
        guard !reasons.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyReasons }
        guard expectedYearlyVolume >= 0 else { throw .negativeVolume }
        if mode == .granted {
            guard let catalogue, catalogue.itemCodes.contains(item.code) else {
                throw .notInProvincialCatalogue(itemCode: item.code, citation: ground.citation)
            }
        }
        return Proposal(
            id: id, county: county, purpose: .delegate, itemCode: item.code, itemName: item.name,
            department: principal.organization, departmentName: departmentName, mode: mode, reasons: reasons,
            requirements: requirements ?? item.requirements, expectedYearlyVolume: expectedYearlyVolume,
            catalogue: mode == .granted ? catalogue?.decision : nil, delegationId: nil, state: .submitted,
            opinions: [], batch: nil, decision: nil,
            history: [StepRecord(step: "提出下放申请", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// One open offer per item and mode: a second (a double click, a retry) is refused while the first is under
    /// review, returned for revision or approved and not yet published.
    public static func requireNoOpenProposal(itemCode: String, mode: DelegationMode, among proposals: [Proposal])
        throws(DelegationFailure)
    {
        if let open = proposals.first(where: {
            $0.purpose == .delegate && $0.itemCode == itemCode && $0.mode == mode && State.open.contains($0.state)
        }) {
            throw .openProposalExists(itemCode: itemCode, id: open.id)
        }
    }

    /// A recall proposal for a running delegation (after an evaluation concluded "recall").
    public static func recall(
        id: String, delegation: Delegation, by principal: Principal, reasons: String, at now: Date
    ) throws(DelegationFailure) -> Proposal {
        guard principal.role == .establishment || principal.role == .department else {
            throw .wrongRole(step: "提出收回", needed: "编办或主管部门")
        }
        // A department proposes recalling only its own items (as it alone offered them).
        if principal.role == .department && principal.organization != delegation.department {
            throw .wrongOrganization(step: "提出收回")
        }
        guard !reasons.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyReasons }
        guard delegation.state == .active else { throw .notActive(id: delegation.id) }
        return Proposal(
            id: id, county: delegation.county, purpose: .recall, itemCode: delegation.itemCode,
            itemName: delegation.itemName, department: delegation.department, departmentName: delegation.departmentName,
            mode: delegation.mode, reasons: reasons, requirements: [], expectedYearlyVolume: 0, catalogue: nil,
            delegationId: delegation.id, state: .submitted, opinions: [], batch: nil, decision: nil,
            history: [StepRecord(step: "提出收回", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// The one transition function: the state after `event`, or why it is refused.
    public func applying(_ event: Event, by principal: Principal, at now: Date) throws(DelegationFailure) -> Proposal {
        var next = self
        let refused = DelegationFailure.illegalTransition(from: state.label, event: event.label)
        switch event {
        case .review(let passed, let opinion), .legalReview(let passed, let opinion):
            let legal: Bool
            if case .legalReview = event { legal = true } else { legal = false }
            guard state == (legal ? .legalReview : .submitted) else { throw refused }
            guard principal.role == (legal ? .justice : .establishment) else {
                throw .wrongRole(step: event.label, needed: legal ? "司法局" : "编办")
            }
            let text = opinion.trimmingCharacters(in: .whitespacesAndNewlines)
            guard passed || !text.isEmpty else { throw .emptyOpinion }
            next.opinions.append(
                ReviewOpinion(
                    stage: legal ? .legal : .establishment, passed: passed, text: text.isEmpty ? "同意" : text,
                    by: principal.username, at: now))
            next.state = passed ? (legal ? .approved : .legalReview) : .returned
        case .resubmit(let reasons):
            guard state == .returned else { throw refused }
            try requireOwner(principal, step: event.label)
            guard !reasons.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyReasons }
            next.reasons = reasons
            next.state = .submitted
        case .withdraw:
            guard state == .submitted || state == .returned || state == .legalReview else { throw refused }
            try requireOwner(principal, step: event.label)
            next.state = .withdrawn
        case .publish(let batch):
            guard state == .approved, purpose == .delegate else { throw refused }
            guard principal.role == .establishment else { throw .wrongRole(step: event.label, needed: "编办") }
            next.batch = batch
            next.state = .published
        case .execute(let decision):
            guard state == .approved, purpose == .recall else { throw refused }
            guard principal.role == .establishment else { throw .wrongRole(step: event.label, needed: "编办") }
            guard Decision.isValidNumber(decision) else { throw .invalidNumber(decision) }
            next.decision = decision
            next.state = .executed
        }
        next.history.append(
            StepRecord(step: event.label, by: principal.username, role: principal.role.rawValue, at: now))
        return next
    }

    /// Resubmitting and withdrawing belong to the proposing department (or the establishment office for recalls
    /// it raised itself).
    private func requireOwner(_ principal: Principal, step: String) throws(DelegationFailure) {
        if principal.role == .department && principal.organization == department { return }
        if principal.role == .establishment && purpose == .recall { return }
        if principal.role == .department { throw .wrongOrganization(step: step) }
        throw .wrongRole(step: step, needed: "提出申请的部门")
    }
}
