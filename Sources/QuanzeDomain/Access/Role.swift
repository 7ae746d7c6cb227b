/// Who a staff account is (DESIGN §1) plus the three separated administrators of 等保 2.0 (三员分立).
/// The public has no role: it never logs in.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case establishment, justice, department, township, officer, supervisor, system
    case systemAdmin = "sysadmin"
    case securityAdmin = "secadmin"
    case auditAdmin = "auditadmin"

    public var label: String {
        switch self {
        case .establishment: "编办"
        case .justice: "司法局"
        case .department: "区级部门"
        case .township: "镇街"
        case .officer: "执法/审批人员"
        case .supervisor: "监督/第三方"
        case .system: "对接系统"
        case .systemAdmin: "系统管理员"
        case .securityAdmin: "安全管理员"
        case .auditAdmin: "审计管理员"
        }
    }

    /// The three administrators manage the system, never its business data.
    public var isAdministrator: Bool { self == .systemAdmin || self == .securityAdmin || self == .auditAdmin }

    /// Roles that see every organisation's staff-only data (DESIGN §8).
    public var seesAllOrganizations: Bool { self == .establishment || self == .justice || self == .supervisor }

    /// `system` accounts act for other government systems and use API tokens only, never the web login.
    public var mayUseWebLogin: Bool { self != .system }

    /// Business roles the security administrator may grant on the web; administrator roles are granted only on
    /// the command line by whoever runs the server, so no administrator can make themselves another one.
    public static let grantable: [Role] = [
        .establishment, .justice, .department, .township, .officer, .supervisor, .system,
    ]
}

/// Why an account cannot have the role or organisation asked for.
public enum AccountFailure: Error, Equatable, Sendable {
    case invalidUsername(String)
    case emptyDisplayName
    case organizationMismatch(role: Role, organization: String)
    case officerNeedsPerson
    case personOnlyForOfficers
    case organizationRetired(String)
    /// A city or province account may be 编办 or supervisor only (`CountyScope`).
    case crossCountyRole(role: Role, level: CountyScope.Level)

    public var message: String {
        switch self {
        case .invalidUsername(let name):
            "用户名“\(name)”无效：应为 3–32 位小写字母、数字、点、下划线或连字符，以字母开头"
        case .emptyDisplayName: "请填写姓名或名称"
        case .organizationMismatch(let role, let org): "角色“\(role.label)”不能绑定到“\(org)”：单位类型不符"
        case .officerNeedsPerson: "执法/审批人员账号必须绑定到本人（填写人员编号）"
        case .personOnlyForOfficers: "只有执法/审批人员账号绑定到个人"
        case .organizationRetired(let org): "“\(org)”已撤销，不能再为其开设账号或分配角色"
        case .crossCountyRole(let role, let level):
            "\(level.label)账号只能是编办或监督/第三方角色（跨区县查阅），不能是“\(role.label)”"
        }
    }
}

/// The rules an account must follow when it is created or its role changes.
public enum AccountRules {
    public static func validateUsername(_ name: String) throws(AccountFailure) {
        let chars = Array(name.utf8)
        let allowed = chars.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F || c == 0x2D
        }
        guard (3...32).contains(chars.count), allowed, let first = chars.first, first >= 0x61, first <= 0x7A else {
            throw .invalidUsername(name)
        }
    }

    /// A role fits an organisation of the right kind: 编办 and 司法局 by their flags, departments, township-level
    /// units (or their squads and offices) for township staff; supervisors, systems and administrators anywhere.
    public static func validate(role: Role, organization: Organization, person: String?) throws(AccountFailure) {
        guard !organization.isRetired else { throw .organizationRetired(organization.name) }
        let fits: Bool
        switch role {
        case .establishment: fits = organization.isEstablishmentOffice
        case .justice: fits = organization.isJusticeBureau
        case .department: fits = organization.kind == .department
        case .township, .officer:
            switch organization.kind {
            case .township, .enforcementSquad, .approvalOffice: fits = true
            case .department, .dispatchedAgency: fits = role == .officer
            case .countyGovernment: fits = false
            }
        case .supervisor, .system, .systemAdmin, .securityAdmin, .auditAdmin: fits = true
        }
        guard fits else { throw .organizationMismatch(role: role, organization: organization.name) }
        let hasPerson = !(person ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        if role == .officer && !hasPerson { throw .officerNeedsPerson }
        if role != .officer && hasPerson { throw .personOnlyForOfficers }
    }
}
