import Foundation

/// A dispatched agency as the agency rules see it: its code and name, its parent department and the township it is
/// stationed at.
public struct AgencyRef: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var department: String
    public var departmentName: String
    public var township: String
    public var townshipName: String

    public init(
        code: String, name: String, department: String, departmentName: String, township: String,
        townshipName: String
    ) {
        self.code = code
        self.name = name
        self.department = department
        self.departmentName = departmentName
        self.township = township
        self.townshipName = townshipName
    }

    /// An organisation of kind 派驻机构, in service, with its department and township (names looked up by the
    /// caller: `names[code]`).
    public static func from(_ organization: Organization?, code: String, names: [String: String]) throws(AgencyFailure)
        -> AgencyRef
    {
        guard let organization, organization.kind == .dispatchedAgency else { throw .notAnAgency(code) }
        guard !organization.isRetired else { throw .agencyRetired(organization.name) }
        guard let department = organization.parent, let township = organization.stationedAt else {
            throw .agencyWithoutStation(organization.name)
        }
        return AgencyRef(
            code: organization.code, name: organization.name, department: department,
            departmentName: names[department] ?? department, township: township,
            townshipName: names[township] ?? township)
    }

    /// Who may act for which side: the agency's department (role 区级部门 of that organisation) and its township
    /// (role 镇街 of that unit).
    public func isDepartment(_ principal: Principal) -> Bool {
        principal.role == .department && principal.organization == department
    }

    public func isTownship(_ principal: Principal) -> Bool {
        principal.role == .township && principal.unit == township
    }
}

/// The appointment or removal of a dispatched agency's head (派驻机构主要负责人任免): the department proposes, the
/// township where the agency is stationed gives its opinion (同意 / 不同意 with reasons) within the county's
/// deadline, the department records its decision with the 文号. A decision without the township's opinion is
/// refused — or, where the county's rules allow it, recorded as an exception that the supervisor sees.
public struct HeadAppointment: Codable, Hashable, Sendable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case appoint, remove

        public var label: String { self == .appoint ? "任职" : "免职" }

        /// The key or the Chinese word (任职/任命/免职).
        public init?(text: String) {
            switch text.trimmingSpaces() {
            case "appoint", "任职", "任命": self = .appoint
            case "remove", "免职", "免去": self = .remove
            default: return nil
            }
        }
    }

    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for the township's opinion.
        case proposed
        /// The township has answered; the department may decide.
        case consulted
        /// Decided with the township's opinion.
        case decided
        /// Decided without the township's opinion, where the county allows it: an exception the supervisor sees.
        case exception
        case withdrawn

        public var label: String {
            switch self {
            case .proposed: "待镇街反馈意见"
            case .consulted: "镇街已反馈意见"
            case .decided: "已决定"
            case .exception: "已决定（未征求镇街意见，例外）"
            case .withdrawn: "已撤回"
            }
        }

        public var isFinal: Bool { self == .decided || self == .exception || self == .withdrawn }
    }

    /// The kinds of steps, as pages offer them.
    public enum EventKind: String, Codable, Sendable, CaseIterable {
        case giveOpinion = "opinion"
        case decide
        case decideWithoutOpinion = "decide-exception"
        case withdraw

        public var label: String {
            switch self {
            case .giveOpinion: "反馈意见"
            case .decide: "作出任免决定"
            case .decideWithoutOpinion: "未征求意见作出决定（例外）"
            case .withdraw: "撤回"
            }
        }
    }

    public enum Event: Hashable, Sendable {
        case giveOpinion(agrees: Bool, reasons: String, on: Day)
        case decide(number: String, on: Day)
        case decideWithoutOpinion(number: String, on: Day, reason: String)
        case withdraw

        public var kind: EventKind {
            switch self {
            case .giveOpinion: .giveOpinion
            case .decide: .decide
            case .decideWithoutOpinion: .decideWithoutOpinion
            case .withdraw: .withdraw
            }
        }
    }

    public struct Opinion: Codable, Hashable, Sendable {
        public var agrees: Bool
        public var reasons: String
        public var by: String
        public var on: Day
        /// Given after the deadline (still recorded: a late opinion is an opinion).
        public var late: Bool

        public var label: String { agrees ? "同意" : "不同意" }
    }

    public struct DecisionRecord: Codable, Hashable, Sendable {
        public var number: String
        public var on: Day
    }

    public var id: String
    public var county: String
    public var agency: AgencyRef
    public var action: Action
    public var person: String
    public var post: String
    public var reasons: String
    public var proposedOn: Day
    /// The last day for the township's opinion.
    public var deadline: Day
    public var state: State
    public var opinion: Opinion?
    public var decision: DecisionRecord?
    /// Why the department decided without the township's opinion (exceptions only).
    public var exceptionReason: String?
    public var history: [StepRecord]

    static let personLimit = 30
    static let postLimit = 30
    static let textLimit = 500

    /// The department's proposal for its own agency.
    public static func propose(
        id: String, county: String, agency: AgencyRef, action: Action, person: String, post: String, reasons: String,
        by principal: Principal, on day: Day, rules: AgencyRules, at now: Date
    ) throws(AgencyFailure) -> HeadAppointment {
        guard principal.role == .department else { throw .wrongRole(step: "提出任免", needed: "派驻机构的主管部门") }
        guard agency.isDepartment(principal) else { throw .wrongOrganization(step: "提出任免") }
        let person = person.trimmingSpaces()
        let post = post.trimmingSpaces()
        let reasons = reasons.trimmingSpaces()
        guard !person.isEmpty else { throw .emptyPerson }
        guard person.count <= personLimit else { throw .tooLong(field: "姓名", limit: personLimit) }
        guard !post.isEmpty else { throw .emptyPost }
        guard post.count <= postLimit else { throw .tooLong(field: "职务", limit: postLimit) }
        guard reasons.count <= textLimit else { throw .tooLong(field: "理由", limit: textLimit) }
        return HeadAppointment(
            id: id, county: county, agency: agency, action: action, person: person, post: post, reasons: reasons,
            proposedOn: day, deadline: day.adding(days: rules.opinionDeadlineDays), state: .proposed, opinion: nil,
            decision: nil, exceptionReason: nil,
            history: [
                StepRecord(step: "提出\(action.label)", by: principal.username, role: principal.role.rawValue, at: now)
            ]
        )
    }

    /// The steps a role may take in a state — what pages offer. The department decides only once the township has
    /// answered (or, where the county allows it, records an exception while the opinion is outstanding); the
    /// township answers only while its opinion is outstanding.
    public static func allowedEvents(_ state: State, _ role: Role, allowsException: Bool) -> [EventKind] {
        switch (state, role) {
        case (.proposed, .township): [.giveOpinion]
        case (.proposed, .department): allowsException ? [.decideWithoutOpinion, .withdraw] : [.withdraw]
        case (.consulted, .department): [.decide, .withdraw]
        default: []
        }
    }

    /// The steps this principal may take on this appointment: the role's steps, for its own agency only.
    public func allowedEvents(for principal: Principal, rules: AgencyRules) -> [EventKind] {
        let own =
            (principal.role == .department && agency.isDepartment(principal))
            || (principal.role == .township && agency.isTownship(principal))
        guard own else { return [] }
        return Self.allowedEvents(state, principal.role, allowsException: rules.allowsUnconsultedException)
    }

    /// The one transition function: the appointment after `event`, or why it is refused.
    public func applying(_ event: Event, by principal: Principal, rules: AgencyRules, at now: Date)
        throws(AgencyFailure) -> HeadAppointment
    {
        var next = self
        let refused = AgencyFailure.illegalTransition(from: state.label, event: event.kind.label)
        var note = ""
        switch event {
        case .giveOpinion(let agrees, let reasons, let day):
            guard principal.role == .township else { throw .wrongRole(step: event.kind.label, needed: "派驻机构所在镇街") }
            guard agency.isTownship(principal) else { throw .wrongOrganization(step: event.kind.label) }
            guard state == .proposed else { throw refused }
            let text = reasons.trimmingSpaces()
            guard agrees || !text.isEmpty else { throw .emptyOpinionReasons }
            guard text.count <= Self.textLimit else { throw .tooLong(field: "意见", limit: Self.textLimit) }
            next.opinion = Opinion(
                agrees: agrees, reasons: text, by: principal.username, on: day, late: day > deadline)
            next.state = .consulted
            note = agrees ? "同意" : "不同意：\(text)"
        case .decide(let number, let day):
            try requireDepartment(principal, event.kind)
            if state == .proposed { throw .opinionRequired(rule: rules.consultation.printed) }
            guard state == .consulted else { throw refused }
            next.decision = try Self.decisionRecord(number, day, proposedOn: proposedOn)
            next.state = .decided
            note = number
        case .decideWithoutOpinion(let number, let day, let reason):
            try requireDepartment(principal, event.kind)
            guard state == .proposed else { throw refused }
            guard rules.allowsUnconsultedException else { throw .opinionRequired(rule: rules.consultation.printed) }
            let text = reason.trimmingSpaces()
            guard !text.isEmpty else { throw .emptyExceptionReason }
            guard text.count <= Self.textLimit else { throw .tooLong(field: "理由", limit: Self.textLimit) }
            next.decision = try Self.decisionRecord(number, day, proposedOn: proposedOn)
            next.exceptionReason = text
            next.state = .exception
            note = "\(number)；\(text)"
        case .withdraw:
            try requireDepartment(principal, event.kind)
            guard state == .proposed || state == .consulted else { throw refused }
            next.state = .withdrawn
        }
        next.history.append(
            StepRecord(
                step: event.kind.label, by: principal.username, role: principal.role.rawValue, at: now, note: note))
        return next
    }

    private func requireDepartment(_ principal: Principal, _ kind: EventKind) throws(AgencyFailure) {
        guard principal.role == .department else { throw .wrongRole(step: kind.label, needed: "派驻机构的主管部门") }
        guard agency.isDepartment(principal) else { throw .wrongOrganization(step: kind.label) }
    }

    private static func decisionRecord(_ number: String, _ day: Day, proposedOn: Day) throws(AgencyFailure)
        -> DecisionRecord
    {
        let number = number.trimmingSpaces()
        guard Decision.isValidNumber(number) else { throw .invalidNumber(number) }
        guard day >= proposedOn else { throw .decisionBeforeProposal(decided: day, proposed: proposedOn) }
        return DecisionRecord(number: number, on: day)
    }

    /// Still waiting for the township after its deadline.
    public func isOverdue(on today: Day) -> Bool { state == .proposed && today > deadline }

    /// The year of the decision (nil while undecided).
    public var decisionYear: Int? { decision?.on.year }
}

/// Counts of head appointments and removals of one county in one year (by decision day; open ones as of `today`).
public struct AppointmentCounts: Codable, Hashable, Sendable {
    public var year: Int
    /// Decisions taken in the year (with or without the township's opinion).
    public var decided: Int
    /// Of those, decided after the township's opinion (征求镇街意见).
    public var consulted: Int
    public var agreed: Int
    public var disagreed: Int
    /// Decided without the township's opinion (exceptions).
    public var exceptions: Int
    /// Proposed in the year and still waiting for the township's opinion or the decision.
    public var open: Int
    /// Of the open ones, waiting for the township past its deadline.
    public var overdue: Int

    public init(
        year: Int, decided: Int, consulted: Int, agreed: Int, disagreed: Int, exceptions: Int, open: Int, overdue: Int
    ) {
        self.year = year
        self.decided = decided
        self.consulted = consulted
        self.agreed = agreed
        self.disagreed = disagreed
        self.exceptions = exceptions
        self.open = open
        self.overdue = overdue
    }

    public static func of(_ appointments: [HeadAppointment], year: Int, today: Day) -> AppointmentCounts {
        let decided = appointments.filter { $0.decisionYear == year }
        let consulted = decided.filter { $0.state == .decided }
        let open = appointments.filter {
            $0.proposedOn.year == year && ($0.state == .proposed || $0.state == .consulted)
        }
        return AppointmentCounts(
            year: year, decided: decided.count, consulted: consulted.count,
            agreed: consulted.filter { $0.opinion?.agrees == true }.count,
            disagreed: consulted.filter { $0.opinion?.agrees == false }.count,
            exceptions: decided.filter { $0.state == .exception }.count, open: open.count,
            overdue: open.filter { $0.isOverdue(on: today) }.count)
    }
}
