import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// One instance serves many counties (issue 17 point 4): the county a request is about. The public choose it with
/// `?county=` (remembered in a cookie for the pages that follow) or get the deployment's; a city- or
/// province-level account reads the county it chose within its division. The handlers read it as
/// `services.county` — set here for the whole request, so no handler picks a county of its own.
enum SelectedCounty {
    @TaskLocal static var code: String?
}

enum CountyChoice {
    static let cookie = "qz_county"

    /// Whether a county is served here: set up with its organisations (`quanze county init`).
    static func isServed(_ county: String, _ services: AppServices) async throws -> Bool {
        guard isCountyCode(county), CountyScope.level(of: county) == .county else { return false }
        return try await services.database.read { db in
            try await db.raw("SELECT 1 AS one FROM organizations WHERE county = \(bind: county) LIMIT 1").first() != nil
        }
    }

    /// Whether a county other than this one is served here.
    static func servesOthers(than county: String, _ services: AppServices) async throws -> Bool {
        try await services.database.read { db in
            try await db.raw("SELECT 1 AS one FROM organizations WHERE county <> \(bind: county) LIMIT 1").first()
                != nil
        }
    }

    /// The counties served here, by code, with their names (the chooser page and a scoped account's fallback).
    static func served(_ services: AppServices) async throws -> [(code: String, name: String)] {
        try await services.database.read { db in
            try await db.raw(
                """
                SELECT o.county AS code, MIN(r.name) AS name FROM organizations o
                LEFT JOIN regions r ON r.code = o.county || '000000'
                GROUP BY o.county ORDER BY o.county
                """
            ).all().compactMap { row in
                let code = try row.decode(column: "code", as: String.self)
                guard isCountyCode(code), CountyScope.level(of: code) == .county else { return nil }
                return (code, try row.decode(column: "name", as: String?.self) ?? code)
            }
        }
    }

    /// The request's county and the cookie to set (a page asked with `?county=` of a served county). A scoped
    /// principal gets `county` set to it (or refused when it asked for one outside its division).
    static func resolve(_ request: Request, principal: inout Principal?, services: AppServices) async throws -> (
        county: String, cookie: String?
    ) {
        let asked: String? = request.uri.queryParameters.get("county").map { String($0) }
        var chosen = services.deploymentCounty
        var setCookie: String?
        if let asked, asked != services.deploymentCounty || request.cookies[cookie] != nil,
            try await isServed(asked, services)
        {
            chosen = asked
            if !request.uri.path.hasPrefix("/api/"), request.cookies[cookie]?.value != asked {
                setCookie =
                    "\(cookie)=\(asked); Path=/; SameSite=Lax"
                    + (SessionCookie.isTLS(request, services.security) ? "; Secure" : "")
            }
        } else if asked == nil, let remembered = request.cookies[cookie]?.value, remembered != chosen,
            try await isServed(remembered, services)
        {
            chosen = remembered
        }
        guard var scoped = principal, CountyScope.level(of: scoped.county) != .county || scoped.scope != nil else {
            return (chosen, setCookie)
        }
        let scope = scoped.scope ?? scoped.county
        if let asked, isCountyCode(asked), !CountyScope.covers(scope, asked) {
            // Asked by name for a county outside its division (served here or not): refused, never replaced.
            throw AppError(
                status: .forbidden, code: "forbidden",
                message: CountyScopeFailure.outside(county: asked, scope: scope).message)
        }
        if !CountyScope.covers(scope, chosen) {
            // The first county of its division served here; none: it stays in its own division's code, where
            // nothing is recorded, so it reads nothing (and may still sign in, out, and change its password).
            chosen = try await served(services).first(where: { CountyScope.covers(scope, $0.code) })?.code ?? scope
        }
        scoped.scope = scope
        scoped.county = chosen
        principal = scoped
        return (chosen, setCookie)
    }

    /// What a city- or province-level account may post: its own session and password, nothing in a county.
    static func scopedMayChange(_ path: String) -> Bool {
        path == "/logout" || path == "/account/password" || path == "/login"
    }
}
