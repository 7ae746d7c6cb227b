import Foundation
import Hummingbird
import NIOCore
import QuanzeDomain

/// The request context of every route: who is asking (resolved once by `AuthMiddleware`) and from where.
struct AppContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The signed-in user or the system behind a token; nil for the public.
    var identity: Identity?
    /// The client's address, for rate limits (not for identity).
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    var principal: Principal? { identity?.principal }
}

/// A resolved identity: the principal the rules see plus what pages show and what the session needs.
struct Identity: Sendable {
    enum Via: Sendable {
        /// A web session: its cookie value (to end it) and its CSRF token (for forms).
        case session(token: String, csrf: String)
        /// An API token, by its public id.
        case token(id: String)
    }

    var principal: Principal
    var displayName: String
    var organizationName: String
    var via: Via
    /// The password must be changed before anything else (reset by an administrator, or expired under 等保).
    var mustChangePassword: Bool

    var csrf: String? {
        if case .session(_, let csrf) = via { return csrf }
        return nil
    }
}

/// The identity of the request being rendered, for the page frame only (name, menu, CSRF field of the logout
/// form). Authorization never reads it: handlers check `context.identity` through `Guard`.
enum CurrentViewer {
    @TaskLocal static var identity: Identity?
}

/// The body that issues the county's pages (the footer's name): its 编办, else its government. Read once per page
/// request by `IssuerMiddleware`, so a rename shows at once.
enum CurrentIssuer {
    @TaskLocal static var name: String?
    /// Whether this instance serves other counties too (a city or province deployment): the frame links `/counties`.
    @TaskLocal static var otherCounties = false
}
