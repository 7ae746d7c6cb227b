import Foundation

extension Delegation {
    /// Work an accepted adjustment suggestion starts at one running delegation (DESIGN §5): an evaluation or a
    /// decision on the entrusted term for 编办, a training or equipment need for the competent department. It stays
    /// open until its addressee records what was done (an evaluation closes the evaluations asked for before it).
    public struct FollowUp: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case evaluation, training, equipment, renewal

            public var label: String {
                switch self {
                case .evaluation: "组织评估"
                case .training: "培训需求"
                case .equipment: "装备需求"
                case .renewal: "续签或终止委托"
                }
            }

            /// Who carries it out: the county's 编办, or the department that handed the item down.
            public var forDepartment: Bool { self == .training || self == .equipment }
        }

        /// 1, 2, … within the delegation.
        public var number: Int
        public var kind: Kind
        /// Why: the suggestion's rule and evidence.
        public var reason: String
        public var openedOn: Day
        public var openedBy: String
        public var closedOn: Day?
        public var closedBy: String?
        public var note: String?

        public var isOpen: Bool { closedOn == nil }
    }

    public var openFollowUps: [FollowUp] { (followUps ?? []).filter(\.isOpen) }

    /// Whether `principal` is the one to carry out a follow-up of this kind here.
    public func isAddressee(of kind: FollowUp.Kind, _ principal: Principal) -> Bool {
        if principal.role == .establishment { return true }
        return kind.forDepartment && principal.role == .department && principal.organization == department
    }

    /// Opens a follow-up (编办, on accepting a suggestion). One open follow-up of a kind at a time: asking again
    /// returns the delegation unchanged.
    public func requestingFollowUp(
        _ kind: FollowUp.Kind, reason: String, on day: Day, by principal: Principal, at now: Date
    ) throws(DelegationFailure) -> Delegation {
        guard principal.role == .establishment else { throw .wrongRole(step: "安排跟进事项", needed: "编办") }
        guard state == .active else { throw .notActive(id: id) }
        guard !openFollowUps.contains(where: { $0.kind == kind }) else { return self }
        var next = self
        let number = (followUps ?? []).count + 1
        next.followUps =
            (followUps ?? []) + [
                FollowUp(
                    number: number, kind: kind, reason: reason, openedOn: day, openedBy: principal.username)
            ]
        next.history.append(
            StepRecord(
                step: "安排跟进", by: principal.username, role: principal.role.rawValue, at: now,
                note: "\(kind.label)：\(reason)"))
        return next
    }

    /// Records what was done about a follow-up: 编办 for any, the competent department for training and equipment.
    public func closingFollowUp(
        _ number: Int, note: String, on day: Day, by principal: Principal, at now: Date
    ) throws(DelegationFailure) -> Delegation {
        guard let index = (followUps ?? []).firstIndex(where: { $0.number == number }) else {
            throw .unknownFollowUp(number)
        }
        var all = followUps ?? []
        guard all[index].isOpen else { throw .followUpClosed(number) }
        guard isAddressee(of: all[index].kind, principal) else {
            throw all[index].kind.forDepartment
                ? .wrongRole(step: "办结跟进事项", needed: "\(departmentName)或编办")
                : .wrongRole(step: "办结跟进事项", needed: "编办")
        }
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .emptyNote }
        all[index].closedOn = day
        all[index].closedBy = principal.username
        all[index].note = text
        var next = self
        next.followUps = all
        next.history.append(
            StepRecord(
                step: "办结跟进", by: principal.username, role: principal.role.rawValue, at: now,
                note: "\(all[index].kind.label)：\(text)"))
        return next
    }
}
