import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Sign-in, sign-out and one's own password.
enum LoginController {
    struct LoginPage {
        var username: String
        var next: String
        var csrf: String
        var error: String?
        var expired: Bool
    }

    /// Only a local path may follow a login (no open redirect to other sites).
    /// Where to go after signing in: a path of this site only. No scheme or host, no `//` or `\\` that a browser
    /// reads as another host, and no control character or space at all (a browser drops a tab or newline, so
    /// `/\t/evil.example` would become `//evil.example`).
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"), !text.hasPrefix("/login"),
            text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) })
        else { return "/workbench" }
        return text
    }

    @Sendable static func form(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        if context.identity != nil { return Response(status: .seeOther, headers: [.location: "/workbench"]) }
        let next = safeNext(request.uri.queryParameters.get("next"))
        return try loginPage(
            LoginPage(
                username: "", next: next, csrf: "", error: nil,
                expired: request.uri.queryParameters.get("expired") != nil),
            request: request, services: services, status: .ok)
    }

    /// Renders the form with a fresh double-submit token in the login cookie.
    static func loginPage(
        _ page: LoginPage, request: Request, services: AppServices, status: HTTPResponse.Status
    ) throws -> Response {
        var page = page
        page.csrf = Secrets.random()
        return try Page.render(
            page, template: "access/login", title: "工作人员登录", section: "login", services: services, status: status,
            headers: [.setCookie: SessionCookie.set(SessionCookie.loginName, page.csrf, request, services.security)])
    }

    @Sendable static func login(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        try await Guard.rateLimit("login", context, services)
        let form = try await Form.read(request)
        let username = form["username"].lowercased()
        let password = form.fields["password"]?.first ?? ""
        var page = LoginPage(username: username, next: safeNext(form["next"]), csrf: "", error: nil, expired: false)
        func refuse(_ message: String, _ status: HTTPResponse.Status) throws -> Response {
            context.logger.notice("login refused", metadata: ["username": "\(username)", "reason": "\(message)"])
            page.error = message
            return try loginPage(page, request: request, services: services, status: status)
        }
        guard !username.isEmpty, !password.isEmpty else { return try refuse("请输入用户名和密码", .badRequest) }
        let now = services.now
        let account = try await services.accounts.find(username)
        let lockout = services.security.lockout
        let failures = try await services.accounts.failures(username, since: lockout.relevantSince(now))[
            context.peer, default: []]
        if let until = lockout.lockedUntil(failures: failures, now: now) {
            try await services.accounts.recordLoginFailure(
                username, client: context.peer, county: account?.county ?? services.county, outcome: .refused,
                reason: "登录失败次数过多，等待期间再次尝试", counts: false, at: now)
            return try refuse("登录失败次数过多，请于 \(clock(until)) 后再试", .forbidden)
        }
        guard let account else {
            try await Passwords.verifyDecoy(password, cost: services.security.bcryptCost)
            try await services.accounts.recordLoginFailure(
                username, client: context.peer, county: services.county, outcome: .failed, reason: "用户名不存在",
                counts: true, at: now)
            return try refuse("用户名或密码错误", .unauthorized)
        }
        guard try await Passwords.verify(password, hash: account.passwordHash) else {
            try await services.accounts.recordLoginFailure(
                username, client: context.peer, county: account.county, outcome: .failed, reason: "密码错误",
                counts: true, at: now)
            let wait = lockout.lockedUntil(failures: failures + [now], now: now)
            return try refuse(
                wait.map { "用户名或密码错误。登录失败次数过多，请于 \(clock($0)) 后再试" } ?? "用户名或密码错误", .unauthorized)
        }
        if !account.isUsable || !account.role.mayUseWebLogin {
            let why =
                account.disabled
                ? "账号已停用，请联系系统管理员"
                : account.awaitingGrant
                    ? "账号尚待安全管理员授予角色，暂不能登录" : "对接系统账号只能使用 API 令牌，不能登录网页"
            try await services.accounts.recordLoginFailure(
                username, client: context.peer, county: account.county, outcome: .refused, reason: why, counts: false,
                at: now)
            return try refuse(why, .forbidden)
        }
        // A new session id at every login; any session the browser still carried ends here.
        if let old = request.cookies[SessionCookie.name]?.value, !old.isEmpty {
            try await services.sessions.end(token: old, at: now, audit: nil)
        }
        let (token, _) = try await services.sessions.start(for: account, at: now)
        context.logger.info("login", metadata: ["username": "\(username)", "role": "\(account.role.rawValue)"])
        let mustChange =
            account.mustChange
            || services.security.passwordPolicy.isExpired(changedAt: account.passwordChangedAt, now: now)
        var headers = HTTPFields()
        headers[.location] = mustChange ? "/account/password" : page.next
        headers.append(
            .init(name: .setCookie, value: SessionCookie.set(SessionCookie.name, token, request, services.security)))
        headers.append(
            .init(name: .setCookie, value: SessionCookie.clear(SessionCookie.loginName, request, services.security)))
        return Response(status: .seeOther, headers: headers)
    }

    @Sendable static func logout(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        if let identity = context.identity, case .session(let token, _) = identity.via {
            try await services.sessions.end(
                token: token, at: services.now,
                audit: AuditEvent(
                    county: identity.principal.county, actor: identity.principal.actor, at: services.now,
                    action: "logout", subject: identity.principal.username, detail: "退出登录"))
        }
        return Response(
            status: .seeOther,
            headers: [
                .location: "/", .setCookie: SessionCookie.clear(SessionCookie.name, request, services.security),
            ])
    }

    static func clock(_ date: Date) -> String { String(Stamp.text(date).dropFirst(11).prefix(5)) }

    // MARK: own password

    struct PasswordPage {
        var errors: [String]
        var forced: Bool
        var policy: String
        var done: Bool
    }

    static func policyText(_ policy: PasswordPolicy) -> String {
        var parts = ["至少 \(policy.minimumLength) 位"]
        if policy.requiredClasses > 0 { parts.append("包含大写字母、小写字母、数字、符号中的至少 \(policy.requiredClasses) 类") }
        parts.append("不含用户名")
        if let days = policy.expiryDays { parts.append("每 \(days) 天须更换") }
        return parts.joined(separator: "，")
    }

    @Sendable static func passwordForm(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        try await Guard.require(.staffSession, request, context, services)
        let page = PasswordPage(
            errors: [], forced: context.identity?.mustChangePassword == true,
            policy: policyText(services.security.passwordPolicy), done: request.uri.queryParameters.get("done") != nil)
        return try Page.render(
            page, template: "access/password", title: "修改密码", section: "password", services: services)
    }

    @Sendable static func changePassword(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        let form = try await Form.read(request)
        let current = form.fields["current"]?.first ?? ""
        let new = form.fields["password"]?.first ?? ""
        let confirm = form.fields["confirm"]?.first ?? ""
        guard let account = try await services.accounts.find(principal.username) else {
            throw AppError.notFound("账号不存在")
        }
        var errors: [String] = []
        if !(try await Passwords.verify(current, hash: account.passwordHash)) { errors.append("当前密码不正确") }
        errors += services.security.passwordPolicy.problems(new, username: account.username)
        if new != confirm { errors.append("两次输入的新密码不一致") }
        if !new.isEmpty, try await Passwords.verify(new, hash: account.passwordHash) { errors.append("新密码不能与当前密码相同") }
        guard errors.isEmpty else {
            let page = PasswordPage(
                errors: errors, forced: context.identity?.mustChangePassword == true,
                policy: policyText(services.security.passwordPolicy), done: false)
            return try Page.render(
                page, template: "access/password", title: "修改密码", section: "password", services: services,
                status: .unprocessableContent)
        }
        let hash = try await Passwords.hash(new, cost: services.security.bcryptCost)
        var thisSession: String?
        if case .session(let token, _) = context.identity?.via { thisSession = token }
        try await services.accounts.setPassword(
            account.username, hash: hash, mustChange: false, action: "account.password", by: principal.actor,
            at: services.now, keepingSession: thisSession)
        return Response(status: .seeOther, headers: [.location: "/account/password?done=1"])
    }
}

extension LoginController.PasswordPage: ComputedView {
    var computed: [String: Any] { ["hasErrors": !errors.isEmpty] }
}
