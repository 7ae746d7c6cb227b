import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The session cookie: `HttpOnly`, `SameSite=Strict`, `Secure` over TLS; no expiry attribute (the server enforces
/// the idle and absolute timeouts and ends the session on logout).
enum SessionCookie {
    static let name = "qz_session"
    /// The double-submit cookie that protects the login form itself (no session exists yet).
    static let loginName = "qz_login"

    static func isTLS(_ request: Request, _ settings: SecuritySettings) -> Bool {
        switch settings.secureCookies {
        case .always: return true
        case .never: return false
        case .auto:
            return request.uri.scheme == .https || request.headers[.init("X-Forwarded-Proto")!] == "https"
                || settings.publicOrigin?.hasPrefix("https://") == true
        }
    }

    static func set(_ name: String, _ value: String, _ request: Request, _ settings: SecuritySettings) -> String {
        "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict" + (isTLS(request, settings) ? "; Secure" : "")
    }

    static func clear(_ name: String, _ request: Request, _ settings: SecuritySettings) -> String {
        set(name, "", request, settings) + "; Max-Age=0"
    }
}

/// Resolves who is asking (a session cookie, or a bearer token under /api/ — elsewhere a token is ignored and the
/// caller sees what the public sees), enforces session timeouts, and checks CSRF (token and Origin) on every
/// state-changing request that is not authenticated by a bearer token.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: AppServices

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        var clearCookie = false
        if let bearer = Self.bearer(request), request.uri.path.hasPrefix("/api/") {
            context.identity = try await tokenIdentity(bearer, context: context)
        } else if let token = request.cookies[SessionCookie.name]?.value, !token.isEmpty {
            context.identity = try await sessionIdentity(token)
            clearCookie = context.identity == nil
        }
        // The county the request is about; a city- or province-level account reads the one it chose and changes
        // nothing there.
        var principal = context.identity?.principal
        let (county, countyCookie) = try await CountyChoice.resolve(request, principal: &principal, services: services)
        if let principal, let scope = principal.scope {
            context.identity?.principal = principal
            if Self.changesState(request.method) && !CountyChoice.scopedMayChange(request.uri.path) {
                throw AppError(
                    status: .forbidden, code: "forbidden",
                    message: CountyScopeFailure.readOnly(level: CountyScope.level(of: scope)).message)
            }
        }
        if Self.changesState(request.method), case .token = context.identity?.via {
            // Bearer requests carry no ambient credentials, so CSRF cannot forge them.
        } else if Self.changesState(request.method), context.identity == nil, request.uri.path.hasPrefix("/api/"),
            request.cookies[SessionCookie.name] == nil
        {
            // No credential at all: nothing to forge, the client just has to authenticate.
            throw AppError(status: .unauthorized, code: "unauthorized", message: "请提供有效的 API 令牌或先登录")
        } else if Self.changesState(request.method) {
            try await checkCSRF(request, context: context)
        }
        let identity = context.identity
        let clear = SessionCookie.clear(SessionCookie.name, request, services.security)
        var response: Response
        do {
            response = try await SelectedCounty.$code.withValue(county) {
                try await CurrentViewer.$identity.withValue(identity) { try await next(request, context) }
            }
        } catch var error as AppError where clearCookie {
            error.setCookie = clear
            throw error
        } catch {
            // A signed-in browser's error page keeps the signed-in frame (the error page is rendered outside).
            if let identity, identity.csrf != nil { throw SignedInFailure(error: error, identity: identity) }
            throw error
        }
        // A timed-out cookie is cleared, unless the answer sets a new session (a login).
        let setsSession = response.headers[values: .setCookie].contains { $0.hasPrefix(SessionCookie.name + "=") }
        if clearCookie && !setsSession { response.headers.append(.init(name: .setCookie, value: clear)) }
        if let countyCookie { response.headers.append(.init(name: .setCookie, value: countyCookie)) }
        return response
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        method == .post || method == .put || method == .patch || method == .delete
    }

    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    func tokenIdentity(_ secret: String, context: AppContext) async throws -> Identity {
        let now = services.now
        if let (token, account) = try await services.tokens.authenticate(secret, at: now), account.isUsable,
            !account.role.isAdministrator
        {
            let org = try await organization(account)
            return Identity(
                principal: Principal(
                    username: account.username, role: account.role, county: account.county,
                    organization: account.organization, unit: org.flatMap(Principal.unit(of:)), person: account.person,
                    tokenScope: Set(token.scope), tokenScopes: Set(token.permissions)),
                displayName: account.displayName, organizationName: org?.name ?? account.organization,
                via: .token(id: token.id), mustChangePassword: false)
        }
        // Failed token attempts are limited per client and audited, counted per client and window (without the token
        // itself).
        try await Guard.rateLimit("bearer", context, services)
        try await services.recordAnonymousRefusal(
            AuditEvent(
                county: services.county, actor: Actor(name: "anonymous:\(context.peer)", role: "anonymous"), at: now,
                action: "token.invalid", subject: "API", detail: "无效或已吊销的 API 令牌", outcome: .refused),
            client: context.peer)
        throw AppError(status: .unauthorized, code: "unauthorized", message: "API 令牌无效或已吊销")
    }

    /// The identity of an active session, or nil (and the session ended) when it timed out or the account changed.
    func sessionIdentity(_ token: String) async throws -> Identity? {
        let now = services.now
        guard let session = try await services.sessions.find(token: token) else { return nil }
        let state = services.security.session.state(
            createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, endedAt: session.endedAt, now: now)
        guard state == .active else {
            if state != .ended { try await services.sessions.end(token: token, at: now, audit: nil) }
            return nil
        }
        guard let account = try await services.accounts.find(session.username), account.isUsable,
            account.role.mayUseWebLogin
        else {
            try await services.sessions.end(token: token, at: now, audit: nil)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= 60 { try await services.sessions.touch(token: token, at: now) }
        let org = try await organization(account)
        return Identity(
            principal: Principal(
                username: account.username, role: account.role, county: account.county,
                organization: account.organization, unit: org.flatMap(Principal.unit(of:)), person: account.person),
            displayName: account.displayName, organizationName: org?.name ?? account.organization,
            via: .session(token: token, csrf: session.csrf),
            mustChangePassword: account.mustChange
                || services.security.passwordPolicy.isExpired(changedAt: account.passwordChangedAt, now: now))
    }

    func organization(_ account: Account) async throws -> Organization? {
        try await services.organizations.find(county: account.county, code: account.organization)
    }

    func organizationName(_ account: Account) async throws -> String {
        try await organization(account)?.name ?? account.organization
    }

    /// Origin (or Referer) must be this site, and the form field `_csrf` or header `X-CSRF-Token` must match the
    /// session's token (or, on the login form, the login cookie). A failure is 403 and is audited.
    func checkCSRF(_ request: Request, context: AppContext) async throws {
        let expected =
            services.security.publicOrigin
            ?? request.head.authority.map { host in
                (SessionCookie.isTLS(request, services.security) ? "https://" : "http://") + host
            }
        let origin = request.headers[.origin] ?? request.headers[.referer].flatMap(Self.origin(ofURL:))
        var problem: String?
        if origin == nil || expected == nil || origin != expected {
            problem = "请求来源校验失败（Origin）"
        } else {
            let secret: String?
            if request.uri.path == "/login" {
                // The login form carries the login cookie's token, also when a session cookie is still present.
                secret = request.cookies[SessionCookie.loginName]?.value
            } else if let csrf = context.identity?.csrf {
                secret = csrf
            } else if context.identity == nil,
                FeedbackController.isPublicForm(request.uri.path)
                    || SubscriptionsController.isPublicForm(request.uri.path)
            {
                // The public feedback form (no session): the form cookie's token, set by the item page.
                secret = request.cookies[FeedbackController.formCookie]?.value
            } else {
                secret = nil
            }
            var presented = request.headers[.init("X-CSRF-Token")!]
            if presented == nil, (request.headers[.contentType] ?? "").hasPrefix("application/x-www-form-urlencoded") {
                presented = try await Form.read(request)["_csrf"]
            }
            if secret == nil {
                problem =
                    request.uri.path == "/login"
                    ? "登录页已过期，请刷新后重试"
                    : FeedbackController.isPublicForm(request.uri.path)
                        ? "页面已过期，请刷新事项页后重新提交"
                        : SubscriptionsController.isPublicForm(request.uri.path) ? "页面已过期，请刷新页面后重新提交" : "请先登录"
            } else if presented == nil || !Secrets.equal(presented!, secret!) {
                problem = "表单校验失败（CSRF），请刷新页面后重试"
            }
        }
        guard let problem else { return }
        try await Guard.recordRefusal(problem, request, context, services)
        throw AppError(status: .forbidden, code: "csrf", message: problem)
    }

    static func origin(ofURL text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme, let host = url.host else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
}
