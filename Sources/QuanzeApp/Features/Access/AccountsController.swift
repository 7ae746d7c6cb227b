import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Account management for the system administrator (系统管理员): create, disable, enable, reset passwords.
/// An account it opens carries the role asked for but waits for the security administrator to grant it (三员分立:
/// no administrator both sets a password and grants a business role); administrator roles are granted only on the
/// command line (`quanze user add`).
enum AccountsController {
    struct AccountRow {
        var username: String
        var displayName: String
        var role: String
        var organization: String
        var person: String
        var statusLabel: String
        var statusClass: String
        var disabled: Bool
    }

    typealias Option = FormOption

    struct AccountsPage {
        var rows: [AccountRow]
        var total: Int
        var roles: [Option]
        var organizations: [Option]
        var username: String
        var displayName: String
        var person: String
        var errors: [String: String]
        var notice: String?
        var secret: String?
        var secretFor: String?
    }

    @Sendable static func list(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await Guard.require(.manageAccounts, request, context, services)
        return try await page(
            county: principal.county, services: services, form: Form(""), errors: [:], notice: nil, status: .ok)
    }

    static func page(
        county: String, services: AppServices, form: Form, errors: [String: String], notice: String?,
        secret: String? = nil,
        secretFor: String? = nil, status: HTTPResponse.Status
    ) async throws -> Response {
        let now = services.now
        let accounts = try await services.accounts.list(county: county)
        let orgs = try await services.organizations.all(county: county)
        let names = Dictionary(orgs.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows: [AccountRow] = []
        for account in accounts {
            let (label, css) = try await Self.status(of: account, services: services, now: now)
            rows.append(
                AccountRow(
                    username: account.username, displayName: account.displayName, role: account.role.label,
                    organization: names[account.organization] ?? account.organization, person: account.person ?? "",
                    statusLabel: label, statusClass: css, disabled: account.disabled))
        }
        let model = AccountsPage(
            rows: rows, total: rows.count,
            roles: Role.grantable.map {
                Option(value: $0.rawValue, label: $0.label, selected: form["role"] == $0.rawValue)
            },
            organizations: orgs.filter { !$0.isRetired }.map {
                Option(value: $0.code, label: $0.name, selected: form["organization"] == $0.code)
            },
            username: form["username"], displayName: form["displayName"], person: form["person"], errors: errors,
            notice: notice, secret: secret, secretFor: secretFor)
        return try Page.render(
            model, template: "admin/accounts", title: "账号管理", section: "accounts", services: services, status: status)
    }

    /// The account's state as the administrator needs it: disabled, locked, must change, expired, active.
    static func status(of account: Account, services: AppServices, now: Date) async throws -> (String, String) {
        if account.disabled { return ("已停用", "bad") }
        if account.awaitingGrant { return ("待安全管理员授予角色", "warn") }
        let failures = try await services.accounts.failures(
            account.username, since: services.security.lockout.relevantSince(now))
        let waiting = failures.values.filter { services.security.lockout.lockedUntil(failures: $0, now: now) != nil }
        if !waiting.isEmpty { return ("登录受限（\(waiting.count) 个地址）", "warn") }
        if account.mustChange { return ("待修改密码", "warn") }
        if services.security.passwordPolicy.isExpired(changedAt: account.passwordChangedAt, now: now) {
            return ("密码已过期", "warn")
        }
        return ("正常", "ok")
    }

    @Sendable static func create(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageAccounts, request, context, services)
        let form = try await Form.read(request)
        var errors: [String: String] = [:]
        let username = form["username"].lowercased()
        do throws(AccountFailure) { try AccountRules.validateUsername(username) } catch {
            errors["username"] = error.message
        }
        if form["displayName"].isEmpty { errors["displayName"] = AccountFailure.emptyDisplayName.message }
        let role = Role(rawValue: form["role"])
        if role == nil || !Role.grantable.contains(role!) { errors["role"] = "请选择角色" }
        if form["organization"].isEmpty { errors["organization"] = "请选择所属单位" }
        guard errors.isEmpty, let role else {
            return try await page(
                county: principal.county, services: services, form: form, errors: errors, notice: nil,
                status: .unprocessableContent)
        }
        let temporary = Passwords.temporary()
        let now = services.now
        let account = Account(
            username: username, county: principal.county, displayName: form["displayName"], role: role,
            organization: form["organization"], person: form["person"].isEmpty ? nil : form["person"],
            passwordHash: try await Passwords.hash(temporary, cost: services.security.bcryptCost), mustChange: true,
            awaitingGrant: true, passwordChangedAt: now, createdAt: now)
        do {
            try await services.accounts.create(account, by: principal.actor, at: now)
        } catch let failure as AccountStoreFailure {
            // A name already taken — most often the same form sent twice — is a conflict, nothing written.
            var status = HTTPResponse.Status.unprocessableContent
            if case .duplicate = failure { status = .conflict }
            return try await page(
                county: principal.county, services: services, form: form, errors: ["form": failure.message],
                notice: nil, status: status)
        }
        return try await page(
            county: principal.county, services: services, form: Form(""), errors: [:],
            notice: "已创建账号 \(username)，待安全管理员授予角色（\(role.label)）后方可登录。",
            secret: temporary,
            secretFor: username, status: .created)
    }

    @Sendable static func disable(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        try await setDisabled(true, request, context, services)
    }

    @Sendable static func enable(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        try await setDisabled(false, request, context, services)
    }

    static func setDisabled(_ disabled: Bool, _ request: Request, _ context: AppContext, _ services: AppServices)
        async throws -> Response
    {
        let principal = try await Guard.require(.manageAccounts, request, context, services)
        let username = try await target(request, context, services)
        guard username != principal.username else {
            throw AppError.unprocessable("不能停用自己的账号")
        }
        try await services.accounts.setDisabled(username.self, disabled, by: principal.actor, at: services.now)
        return try await page(
            county: principal.county, services: services, form: Form(""), errors: [:],
            notice: disabled ? "已停用 \(username)，其登录会话已结束。" : "已启用 \(username)。",
            status: .ok)
    }

    @Sendable static func resetPassword(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageAccounts, request, context, services)
        let username = try await target(request, context, services)
        let temporary = Passwords.temporary()
        try await services.accounts.setPassword(
            username, hash: try await Passwords.hash(temporary, cost: services.security.bcryptCost), mustChange: true,
            action: "account.reset-password", by: principal.actor, at: services.now)
        return try await page(
            county: principal.county, services: services, form: Form(""), errors: [:],
            notice: "已重置 \(username) 的密码，其登录会话已结束。", secret: temporary,
            secretFor: username, status: .ok)
    }

    /// The account a request names, once the policy allows the signed-in administrator to manage it (same county,
    /// not an administrator account).
    static func target(_ request: Request, _ context: AppContext, _ services: AppServices) async throws -> String {
        let username = try account(context, services)
        guard let target = try await services.accounts.find(username) else {
            throw AppError.notFound("没有用户名为“\(username)”的账号")
        }
        try await Guard.require(.manageAccount(county: target.county, role: target.role), request, context, services)
        return username
    }

    static func account(_ context: AppContext, _ services: AppServices) throws -> String {
        let username = context.parameters.get("username") ?? ""
        do throws(AccountFailure) { try AccountRules.validateUsername(username) } catch {
            throw AppError.notFound("没有用户名为“\(username)”的账号")
        }
        return username
    }
}
