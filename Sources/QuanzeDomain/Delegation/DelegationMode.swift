import Foundation

/// How a county power is handed down: 赋权 (the township acts in its own name, 行政处罚法 第24条) or 委托 (the
/// township acts in the department's name, which stays responsible, 行政处罚法 第20条).
public enum DelegationMode: String, Codable, Sendable, CaseIterable, Hashable {
    case granted, entrusted

    public var label: String { self == .granted ? "赋权" : "委托" }
    public var assignmentMode: AssignmentMode { self == .granted ? .granted : .entrusted }

    /// The delegation mode of a list entry's mode (nil for 法定).
    public init?(_ mode: AssignmentMode) {
        switch mode {
        case .granted: self = .granted
        case .entrusted: self = .entrusted
        case .statutory: return nil
        }
    }
}

/// One step taken in a workflow: who, in which role, when, what, and a note. Kept forever with the record.
public struct StepRecord: Codable, Hashable, Sendable {
    public var step: String
    public var by: String
    public var role: String
    public var at: Date
    public var note: String

    public init(step: String, by: String, role: String, at: Date, note: String = "") {
        self.step = step
        self.by = by
        self.role = role
        self.at = at
        self.note = note
    }
}

/// A reviewer's opinion (编办 review or 司法局 legal review); both are kept and shown.
public struct ReviewOpinion: Codable, Hashable, Sendable {
    public enum Stage: String, Codable, Sendable { case establishment, legal }

    public var stage: Stage
    public var passed: Bool
    public var text: String
    public var by: String
    public var at: Date

    public var stageLabel: String { stage == .establishment ? "编办审核" : "司法局合法性审查" }
}

/// The items a province allows counties to grant (赋权目录), recorded as a decision of the province.
public struct ProvincialCatalogue: Hashable, Sendable {
    public var decision: String
    public var itemCodes: Set<String>

    public init(decision: String, itemCodes: Set<String>) {
        self.decision = decision
        self.itemCodes = itemCodes
    }
}

/// Whether an organisation is an administrative body (行政机关) that licensing may be entrusted to: a 镇 or 乡
/// government, or a 街道办事处 (a 派出机关 exercising administrative power); not a development-zone committee, a
/// squad or an office.
public enum AdministrativeBody {
    public static func isAdministrativeBody(_ kind: OrganizationKind) -> Bool {
        switch kind {
        case .township(let t): t != .other
        case .countyGovernment, .department: true
        case .dispatchedAgency, .enforcementSquad, .approvalOffice: false
        }
    }
}
