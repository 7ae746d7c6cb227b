import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Roles and API tokens for the security administrator (安全管理员).
enum SecurityController {
    struct TokenRow {
        var id: String
        var name: String
        var username: String
        var scope: String
        var permissions: String
        var createdBy: String
        var createdAt: String
        var lastUsed: String
        var revoked: Bool
        var revokedAt: String
    }

    struct SecurityPage {
        var accounts: [AccountsController.Option]
        var roles: [AccountsController.Option]
        var organizations: [AccountsController.Option]
        var systemAccounts: [AccountsController.Option]
        var permissionOptions: [AccountsController.Option]
        var scopeOptions: [AccountsController.Option]
        var tokens: [TokenRow]
        var errors: [String: String]
        var notice: String?
        var secret: String?
        var tokenName: String
        var person: String
        var refusedToday: Int
        /// Accounts whose sign-in is being delayed from an address after repeated failures (who, from where, until).
        var lockouts: [Lockout]
        var hasLockouts: Bool
        var lockoutRule: String
        /// Accounts the system administrator opened that wait for their role (三员分立).
        var pending: [PendingAccount]
        var hasPending: Bool
        var pendingCount: Int
    }

    struct PendingAccount {
        var username: String
        var displayName: String
        var roleLabel: String
        var role: String
        var organizationName: String
        var organization: String
        var person: String
    }

    struct Lockout {
        var username: String
        var client: String
        var failures: Int
        var until: String
    }

    @Sendable static func index(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await Guard.require(.manageSecurity, request, context, services)
        return try await page(
            county: principal.county, services: services, form: Form(""), errors: [:], notice: nil, status: .ok)
    }

    static func page(
        county: String, services: AppServices, form: Form, errors: [String: String], notice: String?,
        secret: String? = nil,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let accounts = try await services.accounts.list(county: county)
        let orgs = try await services.organizations.all(county: county)
        let tokens = try await services.tokens.list(county: county)
        let chosenScope = Set(form.all("scope"))
        let lockout = services.security.lockout
        let now = services.now
        var lockouts: [Lockout] = []
        for (username, clients) in try await services.accounts.failures(
            county: county, since: lockout.relevantSince(now))
        {
            for (client, times) in clients {
                guard let until = lockout.lockedUntil(failures: times, now: now) else { continue }
                lockouts.append(
                    Lockout(username: username, client: client, failures: times.count, until: Stamp.text(until)))
            }
        }
        lockouts.sort { ($0.username, $0.client) < ($1.username, $1.client) }
        let refused = try await services.audit.count(
            AuditFilter(county: county, outcome: .refused, from: services.now.addingTimeInterval(-86400)))
        let orgNames = Dictionary(orgs.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let pending = accounts.filter(\.awaitingGrant).map {
            PendingAccount(
                username: $0.username, displayName: $0.displayName, roleLabel: $0.role.label, role: $0.role.rawValue,
                organizationName: orgNames[$0.organization] ?? $0.organization, organization: $0.organization,
                person: $0.person ?? "")
        }
        let model = SecurityPage(
            accounts: accounts.filter { !$0.role.isAdministrator }.map {
                .init(
                    value: $0.username, label: "\($0.displayName)（\($0.username)，\($0.role.label)）",
                    selected: form["username"] == $0.username)
            },
            roles: Role.grantable.map {
                .init(value: $0.rawValue, label: $0.label, selected: form["role"] == $0.rawValue)
            },
            organizations: orgs.map {
                .init(value: $0.code, label: $0.name, selected: form["organization"] == $0.code)
            },
            systemAccounts: accounts.filter { $0.role == .system }.map {
                .init(
                    value: $0.username, label: "\($0.displayName)（\($0.username)）",
                    selected: form["account"] == $0.username)
            },
            permissionOptions: TokenScope.all.map {
                .init(
                    value: $0.description, label: $0.label,
                    selected: form.all("permission").isEmpty
                        ? $0.description == "cases:write" : form.all("permission").contains($0.description))
            },
            scopeOptions: orgs.filter { !$0.isRetired && (Principal.unit(of: $0) != nil || $0.kind == .department) }.map
            {
                .init(value: $0.code, label: $0.name, selected: chosenScope.contains($0.code))
            },
            tokens: tokens.map {
                TokenRow(
                    id: $0.id, name: $0.name, username: $0.username, scope: "\($0.scope.count) 个单位",
                    permissions: $0.permissions.map(\.label).joined(separator: "、"),
                    createdBy: Self.actorName($0.createdBy, accounts: accounts), createdAt: Stamp.text($0.createdAt),
                    lastUsed: $0.lastUsedAt.map(Stamp.text) ?? "从未使用", revoked: $0.revokedAt != nil,
                    revokedAt: $0.revokedAt.map(Stamp.text) ?? "")
            },
            errors: errors, notice: notice, secret: secret, tokenName: form["name"], person: form["person"],
            refusedToday: refused, lockouts: lockouts, hasLockouts: !lockouts.isEmpty,
            lockoutRule: Self.rule(lockout), pending: pending, hasPending: !pending.isEmpty,
            pendingCount: pending.count)
        return try Page.render(
            model, template: "security/index", title: "角色与令牌", section: "security", services: services,
            status: status)
    }

    /// The lockout rule in words, from the setting the rule uses.
    static func rule(_ g: LoginGuard) -> String {
        "同一地址在 \(Int(g.window / 60)) 分钟内登录失败 \(g.maxFailures) 次后须等待 \(Int(g.firstDelay / 60)) 分钟才能再试，"
            + "此后每失败一次等待加倍（最长 \(Int(g.maxDelay / 60)) 分钟）；只限制该地址，账号本人在其他地址照常登录。"
    }

    @Sendable static func setRole(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageSecurity, request, context, services)
        let form = try await Form.read(request)
        let username = form["username"]
        guard !username.isEmpty else {
            return try await page(
                county: principal.county, services: services, form: form, errors: ["role": "请选择账号"], notice: nil,
                status: .unprocessableContent)
        }
        guard let role = Role(rawValue: form["role"]), Role.grantable.contains(role) else {
            return try await page(
                county: principal.county, services: services, form: form, errors: ["role": "请选择可授予的业务角色"], notice: nil,
                status: .unprocessableContent)
        }
        var granting = false
        if let target = try await services.accounts.find(username) {
            try await Guard.require(.changeRole(county: target.county, role: target.role), request, context, services)
            granting = target.awaitingGrant
        }
        do {
            try await services.accounts.setRole(
                username, role: role, organization: form["organization"],
                person: form["person"].isEmpty ? nil : form["person"], by: principal.actor, at: services.now)
        } catch let failure as AccountStoreFailure {
            if case .notFound = failure { throw failure }
            return try await page(
                county: principal.county, services: services, form: form, errors: ["role": failure.message],
                notice: nil,
                status: .unprocessableContent)
        }
        return try await page(
            county: principal.county, services: services, form: Form(""), errors: [:],
            notice: granting
                ? "已授予 \(username) 角色“\(role.label)”，该账号现在可以登录。" : "已将 \(username) 的角色设为\(role.label)，其登录会话已结束。",
            status: .ok)
    }

    @Sendable static func createToken(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageSecurity, request, context, services)
        try await Guard.rateLimit("token", context, services)
        let form = try await Form.read(request)
        do {
            let (token, secret) = try await services.tokens.create(
                for: form["account"], name: form["name"], scope: form.all("scope"),
                permissions: TokenScope.parseList(form.all("permission")).scopes, county: principal.county,
                by: principal.actor, at: services.now)
            return try await page(
                county: principal.county, services: services, form: Form(""), errors: [:],
                notice: "已发放令牌“\(token.name)”（编号 \(token.id)）。",
                secret: secret, status: .created)
        } catch let failure as TokenFailure {
            return try await page(
                county: principal.county, services: services, form: form, errors: ["token": failure.message],
                notice: nil,
                status: .unprocessableContent)
        }
    }

    @Sendable static func revokeToken(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageSecurity, request, context, services)
        let id = context.parameters.get("id") ?? ""
        guard id.count == 12, id.allSatisfy(\.isHexDigit) else { throw AppError.notFound("没有编号为“\(id)”的令牌") }
        try await services.tokens.revoke(id, county: principal.county, by: principal.actor, at: services.now)
        return try await page(
            county: principal.county, services: services, form: Form(""), errors: [:],
            notice: "已吊销令牌 \(id)，使用它的请求将被拒绝。", status: .ok)
    }
}

extension SecurityController {
    /// Who issued a token, by name: an account's display name, or 系统 for the command line and the demo.
    static func actorName(_ username: String, accounts: [Account]) -> String {
        if let a = accounts.first(where: { $0.username == username }) { return a.displayName }
        return ["system", "cli"].contains(username) ? "系统（命令行或演示）" : "已删除的账号"
    }
}

/// Instants as staff read them: Beijing time, 2023-12-31 09:30.
enum Stamp {
    /// Beijing time as tables print it: 2023-12-31 08:30:00.
    static func text(_ date: Date) -> String {
        let (day, inDay) = beijing(date)
        return day.iso + String(format: " %02d:%02d:%02d", inDay / 3600, inDay % 3600 / 60, inDay % 60)
    }

    /// Beijing time as running text prints it: 2023年12月31日 08:30.
    static func prose(_ date: Date) -> String {
        let (day, inDay) = beijing(date)
        return day.chinese + String(format: " %02d:%02d", inDay / 3600, inDay % 3600 / 60)
    }

    private static func beijing(_ date: Date) -> (day: Day, seconds: Int) {
        let seconds = Int(date.timeIntervalSince1970) + 8 * 3600
        let day = Day(ordinal: Int((Double(seconds) / 86400).rounded(.down)))
        return (day, ((seconds % 86400) + 86400) % 86400)
    }
}
