import Hummingbird
import QuanzeDomain

/// Looks up the county's issuing body for the page frame, and whether other counties are served here (the frame then
/// offers the county chooser): two small reads per page; API, assets and health checks skip them.
struct IssuerMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: AppServices

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        guard request.method == .get || request.method == .post, !path.hasPrefix("/api/"),
            !path.hasPrefix("/assets/"), path != "/healthz", path != "/openapi.json"
        else { return try await next(request, context) }
        let name = Self.issuer(try await services.organizations.issuers(county: services.county))
        let others = try await CountyChoice.servesOthers(than: services.county, services)
        return try await CurrentIssuer.$name.withValue(name) {
            try await CurrentIssuer.$otherCounties.withValue(others) { try await next(request, context) }
        }
    }

    /// The active 编办 of the county, else its government.
    static func issuer(_ orgs: [Organization]) -> String? {
        let active = orgs.filter { !$0.isRetired }
        return (active.first { $0.isEstablishmentOffice } ?? active.first { $0.kind == .countyGovernment })?.name
    }
}
