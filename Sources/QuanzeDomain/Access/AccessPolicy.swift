/// What a request wants to do, named by the rule that guards it. Public reads need no capability at all.
public enum Capability: Hashable, Sendable {
    /// A staff page of one's own: the workbench, one's own password.
    case staffSession
    /// Accounts: create, disable, reset passwords (系统管理员).
    case manageAccounts
    /// The county's organisations: add, rename, retire departments, squads, offices, agencies (系统管理员).
    case manageOrganizations
    /// Roles of accounts and API tokens (安全管理员).
    case manageSecurity
    /// The audit log (审计管理员 alone).
    case readAudit
    /// Staff-only data of one township-level unit (its contacts, its accounts, its staff and cases) of a county.
    case viewUnit(county: String, unit: String)
    /// Changes to one unit's own data.
    case editUnit(county: String, unit: String)
    /// Staff-only data of every unit of a county at once (district figures of capacity).
    case viewCounty(String)
    /// Disabling, enabling or resetting the password of one account (系统管理员 of the account's county; never an
    /// administrator account, which only the command line manages).
    case manageAccount(county: String, role: Role)
    /// Changing the role of one account (安全管理员 of the account's county; never an administrator account).
    case changeRole(county: String, role: Role)
    /// A system pushing records for an organisation with its token.
    case writeFor(String)
    /// A request made with an API token: the token's scopes must cover the area (web sessions need none).
    case apiScope(TokenScope)
    /// Adding terms to the county's requirement vocabulary (编办, which keeps the catalogue).
    case manageRequirementVocabulary
    /// The county's article maps between law versions and amendments of items' legal bases by a decision (编办,
    /// which keeps the catalogue).
    case manageLegalBases
    /// Subscribing to the county's published changes and managing one's own subscriptions (any staff account or
    /// system; administrators manage the system, not subscriptions).
    case subscribe
    /// The notifications' outbox of a county: its state, its dead letters, sending one again (系统管理员).
    case operateOutbox(String)
}

/// Why a request is refused: not signed in (401, or the login page) or signed in without the right (403).
public enum AccessFailure: Error, Equatable, Sendable {
    case notSignedIn
    case forbidden(String)

    public var message: String {
        switch self {
        case .notSignedIn: "请先登录"
        case .forbidden(let why): why
        }
    }
}

/// The one place that decides who may do what (DESIGN §8). Pure: the principal comes from the session or token.
public enum AccessPolicy {
    public static func check(_ principal: Principal?, _ capability: Capability) throws(AccessFailure) {
        guard let principal else { throw .notSignedIn }
        let role = principal.role
        switch capability {
        case .staffSession:
            guard role.mayUseWebLogin else { throw .forbidden("对接系统账号只能使用 API 令牌") }
        case .manageAccounts:
            guard role == .systemAdmin else { throw .forbidden("只有系统管理员可以管理账号") }
        case .manageOrganizations:
            guard role == .systemAdmin else { throw .forbidden("只有系统管理员可以维护单位") }
        case .manageSecurity:
            guard role == .securityAdmin else { throw .forbidden("只有安全管理员可以管理角色和令牌") }
        case .readAudit:
            guard role == .auditAdmin else { throw .forbidden("只有审计管理员可以查看审计日志") }
        case .viewUnit(let county, let unit):
            try sameCounty(principal, county)
            if role.seesAllOrganizations { return }
            guard (role == .township || role == .officer) && principal.unit == unit else {
                throw .forbidden("无权查看其他单位的内部数据")
            }
        case .viewCounty(let county):
            try sameCounty(principal, county)
            guard role.seesAllOrganizations else { throw .forbidden("无权查看全区各单位的内部数据") }
        case .editUnit(let county, let unit):
            try sameCounty(principal, county)
            if role == .establishment { return }
            guard role == .township && principal.unit == unit else { throw .forbidden("无权修改其他单位的数据") }
        case .manageAccount(let county, let target):
            guard role == .systemAdmin else { throw .forbidden("只有系统管理员可以管理账号") }
            try sameCounty(principal, county)
            guard !target.isAdministrator else { throw .forbidden("管理员账号只能在命令行中停用、启用或重置密码") }
        case .changeRole(let county, let target):
            guard role == .securityAdmin else { throw .forbidden("只有安全管理员可以管理角色和令牌") }
            try sameCounty(principal, county)
            guard !target.isAdministrator else { throw .forbidden("管理员账号的角色只能在命令行中调整") }
        case .apiScope(let needed):
            guard let granted = principal.tokenScopes else { return }
            guard granted.contains(where: { $0.covers(needed) }) else {
                throw .forbidden("令牌没有“\(needed)”权限范围（\(needed.label)），请安全管理员发放包含该范围的令牌")
            }
        case .manageRequirementVocabulary:
            guard role == .establishment else { throw .forbidden("只有编办可以维护承接要求词表") }
        case .manageLegalBases:
            guard role == .establishment else { throw .forbidden("只有编办可以导入条文对照、修改事项法律依据") }
        case .subscribe:
            guard !role.isAdministrator else { throw .forbidden("管理员账号不订阅清单变更") }
        case .operateOutbox(let county):
            guard role == .systemAdmin else { throw .forbidden("只有系统管理员可以查看和处理通知发送队列") }
            try sameCounty(principal, county)
        case .writeFor(let organization):
            guard role == .system else { throw .forbidden("只有对接系统可以推送数据") }
            guard principal.tokenScope.contains(organization) else {
                throw .forbidden("令牌无权为“\(organization)”推送数据")
            }
        }
    }

    /// Counties are isolated: an account acts only on the data of its own county.
    static func sameCounty(_ principal: Principal, _ county: String) throws(AccessFailure) {
        guard principal.county == county else { throw .forbidden("无权访问其他区县的数据") }
    }

    /// Convenience for views: whether the check passes.
    public static func allows(_ principal: Principal?, _ capability: Capability) -> Bool {
        do { try check(principal, capability) } catch { return false }
        return true
    }
}
