/// One member of staff of a township-level unit, its enforcement squad (`-ZF`) or its approval office (`-SP`):
/// personal data, staff-only and scoped to the unit (DESIGN §8).
public struct Staff: Hashable, Sendable, Codable {
    /// The unit's own staff number (工号 / 人员编号), unique in the county.
    public var id: String
    public var county: String
    /// The organisation the person works in: the unit itself, its squad or its approval office.
    public var organization: String
    public var name: String
    public var kind: StaffKind
    public var position: Position
    public var education: Education
    public var hireDate: Day
    /// The person id an officer's account is bound to (`accounts.person`), when the person has an account.
    public var person: String?

    public init(
        id: String, county: String, organization: String, name: String, kind: StaffKind, position: Position,
        education: Education, hireDate: Day, person: String? = nil
    ) {
        self.id = id
        self.county = county
        self.organization = organization
        self.name = name
        self.kind = kind
        self.position = position
        self.education = education
        self.hireDate = hireDate
        self.person = person
    }

    /// Whether the person is on the unit's roll on a day (hired on or before it).
    public func isOnRoll(on day: Day) -> Bool { hireDate <= day }

    /// Enforcement staff who may hold a 行政执法证: 在编 and 派驻 in an enforcement post. The denominator of 持证率.
    public var isEligibleEnforcement: Bool { position == .enforcement && kind.mayHoldEnforcementCertificate }

    /// Canonical text for audit digests (never shown, never logged in clear).
    public var auditText: String {
        [id, organization, name, kind.rawValue, position.rawValue, education.rawValue, hireDate.iso, person ?? ""]
            .joined(separator: "|")
    }
}

/// How a person is employed: 在编 (on the establishment), 编外辅助 (auxiliary, outside it), 派驻 (sent by a
/// county department and working in the unit).
public enum StaffKind: String, Sendable, Codable, CaseIterable {
    case establishment, auxiliary, dispatched

    public var label: String {
        switch self {
        case .establishment: "在编"
        case .auxiliary: "编外辅助"
        case .dispatched: "派驻"
        }
    }

    /// Auxiliary staff cannot hold a 行政执法证 (行政处罚法 第42条: enforcement by certified officials).
    public var mayHoldEnforcementCertificate: Bool { self != .auxiliary }

    /// Accepts the key or the Chinese label (also 编外 and 辅助).
    public init?(text: String) {
        let t = text.trimmingSpaces()
        if let k = StaffKind(rawValue: t) ?? StaffKind.allCases.first(where: { $0.label == t }) {
            self = k
        } else if t == "编外" || t == "辅助" || t == "编外人员" {
            self = .auxiliary
        } else if t == "编制内" || t == "在编人员" {
            self = .establishment
        } else {
            return nil
        }
    }
}

/// The post a person holds: 审批 (approval office) or 执法 (enforcement).
public enum Position: String, Sendable, Codable, CaseIterable {
    case approval, enforcement

    public var label: String { self == .approval ? "审批" : "执法" }

    /// Accepts the key or the Chinese label (also 审批岗, 执法岗).
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard
            let p = Position(rawValue: t)
                ?? Position.allCases.first(where: { $0.label == t || $0.label + "岗" == t || $0.label + "人员" == t })
        else { return nil }
        self = p
    }
}

/// Highest education completed (学历), as Chinese personnel forms record it.
public enum Education: String, Sendable, Codable, CaseIterable {
    case postgraduate, bachelor, associate, secondary, primary

    public var label: String {
        switch self {
        case .postgraduate: "研究生"
        case .bachelor: "大学本科"
        case .associate: "大学专科"
        case .secondary: "高中（中专）"
        case .primary: "初中及以下"
        }
    }

    /// 大专以上 (the report's threshold for staff on the establishment).
    public var isCollege: Bool { self == .postgraduate || self == .bachelor || self == .associate }

    /// Accepts the key, the label and the usual short forms (本科, 大专, 高中, 中专, 初中).
    public init?(text: String) {
        let t = text.trimmingSpaces()
        if let e = Education(rawValue: t) ?? Education.allCases.first(where: { $0.label == t }) {
            self = e
            return
        }
        switch t {
        case "硕士", "博士", "硕士研究生", "博士研究生": self = .postgraduate
        case "本科": self = .bachelor
        case "大专", "专科": self = .associate
        case "高中", "中专", "高中/中专", "高中(中专)", "技校": self = .secondary
        case "初中", "小学", "初中及以下学历": self = .primary
        default: return nil
        }
    }
}
