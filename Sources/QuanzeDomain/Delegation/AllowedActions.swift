import Foundation

// What each state machine of the lifecycle lets a principal do now: pure functions over the state and the
// principal, so pages offer only the steps the transition functions accept (the state machines decide, the
// template asks). Each is tested against its transition function: every action offered is accepted (given
// well-formed input), every action not offered is refused.

extension Proposal {
    /// The steps of a proposal, without their input.
    public enum Action: String, CaseIterable, Sendable {
        case review
        case legalReview = "legal-review"
        case resubmit, withdraw, publish, execute
    }

    /// The action an event takes.
    public static func action(of event: Event) -> Action {
        switch event {
        case .review: .review
        case .legalReview: .legalReview
        case .resubmit: .resubmit
        case .withdraw: .withdraw
        case .publish: .publish
        case .execute: .execute
        }
    }

    /// The actions `applying` accepts from the current state for `principal` (with well-formed input: an opinion
    /// when returning, reasons when resubmitting, a valid 文号 when executing), in the order of `Action`.
    public func allowedActions(for principal: Principal) -> [Action] {
        Action.allCases.filter { action in
            switch action {
            case .review: state == .submitted && principal.role == .establishment
            case .legalReview: state == .legalReview && principal.role == .justice
            case .resubmit: state == .returned && isOwner(principal)
            case .withdraw: [.submitted, .returned, .legalReview].contains(state) && isOwner(principal)
            case .publish: state == .approved && purpose == .delegate && principal.role == .establishment
            case .execute: state == .approved && purpose == .recall && principal.role == .establishment
            }
        }
    }

    /// The proposing department, or the establishment office for a recall (it may raise recalls itself).
    func isOwner(_ principal: Principal) -> Bool {
        (principal.role == .department && principal.organization == department)
            || (principal.role == .establishment && purpose == .recall)
    }
}

extension Order {
    /// Whether `principal` may approve or return line `index` now (the 编办, a pending line).
    public func canDecide(line index: Int, by principal: Principal) -> Bool {
        principal.role == .establishment && lines.indices.contains(index) && lines[index].state == .pending
    }
}

extension Agreement {
    /// The steps of a 委托书 or 赋权决定 (sealed scans aside: any party may attach one in any state).
    public enum Action: String, CaseIterable, Sendable {
        case sign, publish, start
    }

    /// The actions the agreement accepts from `principal` now: its party signs while it has not, publishes once
    /// every party has signed and it has not published, and the 编办 starts it once every party has published
    /// (on a day not before the publication, and before a 委托 term ends).
    public func allowedActions(for principal: Principal) -> [Action] {
        let party = party(of: principal)
        return Action.allCases.filter { action in
            switch action {
            case .sign:
                guard let party, state == .drafted || state == .signed else { return false }
                return signers.contains(party) && !signed(party)
            case .publish:
                guard let party, state == .signed || state == .published else { return false }
                return publishers.contains(party) && !published(party)
            case .start:
                return principal.role == .establishment && state == .published
            }
        }
    }
}

extension Delegation {
    /// The steps of a running delegation.
    public enum Action: String, CaseIterable, Sendable {
        case evaluate, recall
    }

    /// What `principal` may do now: the 编办 and supervisors record evaluations of a running delegation; the 编办
    /// and the competent department propose its recall while none is open.
    public func allowedActions(for principal: Principal) -> [Action] {
        Action.allCases.filter { action in
            switch action {
            case .evaluate: state == .active && (principal.role == .establishment || principal.role == .supervisor)
            case .recall:
                state == .active && recallProposalId == nil
                    && (principal.role == .establishment
                        || (principal.role == .department && principal.organization == department))
            }
        }
    }
}
