import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Checks a capability for the request with `AccessPolicy` and turns a refusal into the right answer: the login
/// page (or 401 under /api) for the public, 403 with an audit entry for a signed-in user without the right.
enum Guard {
    @discardableResult
    static func require(
        _ capability: Capability, _ request: Request, _ context: AppContext, _ services: AppServices
    ) async throws -> Principal {
        do throws(AccessFailure) {
            // A token works only within its scopes: every staff capability over the API also needs the scope of
            // the request's area (public reads never get here).
            if context.principal?.tokenScopes != nil,
                let needed = TokenScope.required(method: request.method.rawValue, path: request.uri.path)
            {
                try AccessPolicy.check(context.principal, .apiScope(needed))
            }
            try AccessPolicy.check(context.principal, capability)
        } catch {
            throw try await refusal(error, request, context, services)
        }
        if let identity = context.identity, identity.mustChangePassword,
            !request.uri.path.hasPrefix("/account/password")
        {
            throw AppError(
                status: .seeOther, code: "password-change", message: "请先修改密码", location: "/account/password")
        }
        return context.principal!
    }

    /// The error for a refused request; a refusal of a signed-in user is written to the audit log.
    static func refusal(
        _ failure: AccessFailure, _ request: Request, _ context: AppContext, _ services: AppServices
    ) async throws -> AppError {
        switch failure {
        case .notSignedIn:
            if request.uri.path.hasPrefix("/api/") {
                return AppError(status: .unauthorized, code: "unauthorized", message: "请先登录或提供有效的 API 令牌")
            }
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return AppError(
                status: .seeOther, code: "login-required", message: "请先登录",
                location: "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        case .forbidden(let why):
            try await recordRefusal(why, request, context, services)
            return AppError(status: .forbidden, code: "forbidden", message: why)
        }
    }

    /// Writes a refused request to the audit log (who, what path, why): one entry per event for a signed-in user,
    /// counted per client and window for the anonymous (`RefusalTally`).
    static func recordRefusal(_ why: String, _ request: Request, _ context: AppContext, _ services: AppServices)
        async throws
    {
        let actor = context.principal?.actor ?? Actor(name: "anonymous:\(context.peer)", role: "anonymous")
        let event = AuditEvent(
            county: context.principal?.county ?? services.county, actor: actor, at: services.now,
            action: "access.refused", subject: "\(request.method.rawValue) \(request.uri.path)", detail: why,
            outcome: .refused)
        if context.principal == nil {
            try await services.recordAnonymousRefusal(event, client: context.peer)
        } else {
            try await services.audit.record(event)
        }
    }

    /// Applies a per-client rate limit (`limit` per minute, by default the login rate); 429 with `Retry-After` when
    /// exceeded.
    static func rateLimit(_ bucket: String, _ context: AppContext, _ services: AppServices, limit: Int? = nil)
        async throws
    {
        if let wait = await services.limiter.hit(
            bucket, key: context.peer, limit: limit ?? services.security.loginRatePerMinute, now: services.now)
        {
            throw AppError(
                status: .tooManyRequests, code: "rate-limited", message: "请求过于频繁，请 \(wait) 秒后再试",
                retryAfter: wait)
        }
    }
}
