import Foundation
import Hummingbird
import Logging
import Mustache
import QuanzeDomain
import QuanzePersistence
import ServiceLifecycle

/// Registers every route. Public reads need no login; every staff page and every write checks its capability
/// through `Guard` as its first step, and `AuthMiddleware` checks CSRF on every state-changing request.
func buildRouter(services: AppServices) -> Router<AppContext> {
    // HEAD is answered wherever GET is (the GET handler's headers, no body).
    let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
    let table = RouteTable()
    // The access log: method, path and status only — never headers (tokens, cookies) or bodies (passwords).
    router.add(middleware: LogRequestsMiddleware(.info, includeHeaders: .none))
    router.add(middleware: ErrorAndHeadersMiddleware(templates: services.templates))
    router.add(middleware: MethodMiddleware(table: table))
    router.add(middleware: BodyLimitMiddleware(limit: 1 << 20))
    router.add(middleware: AuthMiddleware(services: services))
    router.add(middleware: IssuerMiddleware(services: services))
    router.add(
        middleware: FileMiddleware(
            Bundle.quanzeResources.appendingPathComponent("Public").path, urlBasePath: "/assets",
            cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])])))
    let s = services
    router.get("/healthz") { _, _ in JSONBody.response(["status": "ok"]) }
    router.get("/favicon.ico") { _, _ in
        Response(status: .movedPermanently, headers: [.location: "/assets/favicon.svg"])
    }
    router.get("/") { request, _ in try await ListsController.overview(request, services: s) }
    router.get("/counties") { request, _ in try await CountiesController.page(request, services: s) }
    router.get("/townships/:code") { request, context in
        try await ListsController.township(request, context: context, services: s)
    }
    router.get("/townships/:code/diff") { request, context in
        try await ListsController.diff(request, context: context, services: s)
    }
    router.get("/items") { request, _ in try await CatalogController.catalogue(request, services: s) }
    router.get("/items/:code") { request, context in
        try await CatalogController.item(request, context: context, services: s)
    }
    router.get("/decisions") { request, _ in try await DecisionsController.register(request, services: s) }
    router.get("/catalog/unverified") { request, _ in try await UnverifiedController.page(request, services: s) }
    router.get("/catalog/requirements") { r, c in try await RequirementsController.show(r, context: c, services: s) }
    router.post("/catalog/requirements") { r, c in try await RequirementsController.add(r, context: c, services: s) }
    router.get("/decisions/:number") { r, c in try await DecisionsController.decision(r, context: c, services: s) }
    router.get("/openapi.json") { _, _ in try OpenAPIDocument.response() }
    router.get("/indicators") { r, c in try await CasesController.dashboard(r, context: c, services: s) }
    router.get("/indicators/townships/:code") { r, c in
        try await CasesController.townshipDashboard(r, context: c, services: s)
    }
    router.get("/indicators/items/:code") { r, c in try await CasesController.itemDashboard(r, context: c, services: s)
    }
    router.get("/suggestions") { r, c in try await SuggestionsController.page(r, context: c, services: s) }
    router.get("/suggestions/confirm") { r, c in try await SuggestionsController.confirm(r, context: c, services: s) }
    addStaffRoutes(router, services: s)
    addCapacityRoutes(router, services: s)
    addDelegationRoutes(router, services: s)
    addAgencyRoutes(router, services: s)
    addResourceRoutes(router, services: s)
    addAccountabilityRoutes(router, services: s)
    addGovernanceRoutes(router, services: s)
    addDisputeRoutes(router, services: s)
    addFeedbackRoutes(router, services: s)
    addReportRoutes(router, services: s)
    addSupervisionRoutes(router, services: s)
    addSubscriptionRoutes(router, services: s)
    addFeedRoutes(router, services: s)
    addGuidanceRoutes(router, services: s)
    addOpenDataRoutes(router, services: s)
    addDutyListRoutes(router, services: s)
    let api = router.group("api/v1")
    api.get("townships") { request, _ in try await APIController.townships(request, services: s) }
    api.get("townships/:code/lists") { request, context in
        try await APIController.lists(request, context: context, services: s)
    }
    api.get("townships/:code/lists/diff") { request, context in
        try await APIController.diff(request, context: context, services: s)
    }
    api.get("summary") { request, _ in try await APIController.summary(request, services: s) }
    api.get("items") { request, _ in try await APIController.items(request, services: s) }
    api.get("items/:code") { request, context in try await APIController.item(request, context: context, services: s) }
    api.get("decisions") { request, _ in try await APIController.decisions(request, services: s) }
    api.get("requirements") { r, c in try await RequirementsController.api(r, context: c, services: s) }
    api.post("requirements") { r, c in try await RequirementsController.apiAdd(r, context: c, services: s) }
    api.post("law-maps") { r, c in try await LegalBasisController.importMap(r, context: c, services: s) }
    api.post("items/:code/legal-basis") { r, c in try await LegalBasisController.amend(r, context: c, services: s) }
    api.get("me") { request, context in try await APIController.me(request, context: context, services: s) }
    api.get("organizations") { r, c in try await OrganizationsController.api(r, context: c, services: s) }
    api.post("organizations") { r, c in try await OrganizationsController.create(r, context: c, services: s) }
    api.post("organizations/:code") { r, c in try await OrganizationsController.rename(r, context: c, services: s) }
    api.post("organizations/:code/retire") { r, c in
        try await OrganizationsController.retire(r, context: c, services: s)
    }
    api.post("organizations/:code/prefix") { r, c in
        try await OrganizationsController.setPrefix(r, context: c, services: s)
    }
    api.get("audit") { request, context in try await AuditController.api(request, context: context, services: s) }
    api.post("cases") { request, context in try await CasesController.ingest(request, context: context, services: s) }
    api.post("cases/import") { request, context in
        try await CasesController.importCSV(request, context: context, services: s)
    }
    api.get("suggestions") { r, c in try await SuggestionsController.api(r, context: c, services: s) }
    let confirmPage = FormReturn { r, c, refusal in
        try await SuggestionsController.confirmAgain(r, context: c, services: s, refusal: refusal)
    }
    api.post("suggestions/decisions") { r, c in
        try await confirmPage.run(r, c) { r, c in try await SuggestionsController.decide(r, context: c, services: s) }
    }
    api.get("indicators") { request, context in
        try await CasesController.indicators(request, context: context, services: s)
    }
    table.fill(router.routes.map { ($0.method, "\($0.path)") })
    return router
}

/// Sign-in, workbench, administration, audit and unit pages. Each handler starts with `Guard.require`.
func addStaffRoutes(_ router: Router<AppContext>, services s: AppServices) {
    router.get("/login") { r, c in try await LoginController.form(r, context: c, services: s) }
    router.post("/login") { r, c in try await LoginController.login(r, context: c, services: s) }
    router.post("/logout") { r, c in try await LoginController.logout(r, context: c, services: s) }
    router.get("/account/password") { r, c in try await LoginController.passwordForm(r, context: c, services: s) }
    router.post("/account/password") { r, c in try await LoginController.changePassword(r, context: c, services: s) }
    router.get("/workbench") { r, c in try await WorkbenchController.index(r, context: c, services: s) }
    router.get("/admin/accounts") { r, c in try await AccountsController.list(r, context: c, services: s) }
    router.post("/admin/accounts") { r, c in try await AccountsController.create(r, context: c, services: s) }
    router.post("/admin/accounts/:username/disable") { r, c in
        try await AccountsController.disable(r, context: c, services: s)
    }
    router.post("/admin/accounts/:username/enable") { r, c in
        try await AccountsController.enable(r, context: c, services: s)
    }
    router.post("/admin/accounts/:username/reset-password") { r, c in
        try await AccountsController.resetPassword(r, context: c, services: s)
    }
    router.get("/admin/organizations") { r, c in try await OrganizationsController.list(r, context: c, services: s) }
    router.post("/admin/organizations") { r, c in try await OrganizationsController.create(r, context: c, services: s) }
    router.post("/admin/organizations/:code/rename") { r, c in
        try await OrganizationsController.rename(r, context: c, services: s)
    }
    router.post("/admin/organizations/:code/retire") { r, c in
        try await OrganizationsController.retire(r, context: c, services: s)
    }
    router.post("/admin/organizations/:code/prefix") { r, c in
        try await OrganizationsController.setPrefix(r, context: c, services: s)
    }
    router.get("/security") { r, c in try await SecurityController.index(r, context: c, services: s) }
    router.post("/security/accounts/role") { r, c in try await SecurityController.setRole(r, context: c, services: s) }
    router.post("/security/tokens") { r, c in try await SecurityController.createToken(r, context: c, services: s) }
    router.post("/security/tokens/:id/revoke") { r, c in
        try await SecurityController.revokeToken(r, context: c, services: s)
    }
    router.get("/audit") { r, c in try await AuditController.index(r, context: c, services: s) }
    router.get("/units") { r, c in try await UnitsController.list(r, context: c, services: s) }
    router.get("/units/:code") { r, c in try await UnitsController.show(r, context: c, services: s) }
    router.post("/units/:code/contact") { r, c in try await UnitsController.saveContact(r, context: c, services: s) }
}

/// Builds the application on an opened, migrated database. `onServerRunning` runs once the server listens, with the
/// port it bound (also when PORT asked the system for a free one).
public func buildApplication(
    configuration: AppConfiguration, database: any Database, logger: Logger, demoToday: Day? = nil,
    clock: @escaping @Sendable () -> Date = { Date() },
    onServerRunning: @escaping @Sendable (_ port: Int?) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let templates = try await MustacheLibrary(
        directory: Bundle.quanzeResources.appendingPathComponent("Templates").path)
    var services = AppServices(
        database: database, templates: templates, deploymentCounty: configuration.county,
        pinnedToday: configuration.today ?? demoToday, security: configuration.security, clock: clock,
        auditCheckpointFile: configuration.auditCheckpointFile, isDemo: demoToday != nil)
    let window = TimeInterval(configuration.security.refusalWindowSeconds)
    services.refusals = RefusalAggregator(window: window)
    services.clockSkewDays = configuration.clockSkewDays
    services.notifications = configuration.notifications
    services.origin = configuration.security.publicOrigin ?? "http://\(configuration.host):\(configuration.port)"
    services.analysisRefresh = configuration.analysisInterval > 0 ? .scheduled : .onRead
    var background: [any Service] = [RefusalFlushService(services: services, window: window)]
    if configuration.analysisInterval > 0 {
        background.append(
            AnalysisWorker(services: services, interval: .seconds(configuration.analysisInterval), logger: logger))
    }
    if configuration.notifications.interval > 0 {
        background.append(
            NotificationWorker(
                services: services, notifier: configuration.notifications.notifier(logger: logger),
                interval: .seconds(configuration.notifications.interval), logger: logger))
    }
    return Application(
        router: buildRouter(services: services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quanze"),
        services: background,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port) }, logger: logger)
}

/// The edge of every request: refuses bodies over the limit (413) before any handler reads them, non-UTF-8
/// bodies on JSON and form requests (400), and control characters or overlong values in the path, the query, a
/// form or a JSON body (400, `InputScreen`), with Chinese messages.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let defaultLimit: Int
    /// Sealed scans of agreements may be up to 20 MiB; every other body up to `defaultLimit`.
    static var scanLimit: Int { 20 << 20 }

    init(limit: Int) { defaultLimit = limit }

    func limit(for path: String) -> Int {
        path.hasPrefix("/api/v1/delegation/agreements/") && path.hasSuffix("/scans") ? Self.scanLimit : defaultLimit
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let limit = limit(for: request.uri.path)
        try InputScreen.parameters(request)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw AppError(status: .contentTooLarge, code: "too-large", message: "请求内容超过 \(limit / 1024) KB 的上限")
        }
        guard request.method == .post || request.method == .put || request.method == .patch else {
            return try await next(request, context)
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw AppError(status: .contentTooLarge, code: "too-large", message: "请求内容超过 \(limit / 1024) KB 的上限")
        }
        let type = request.headers[.contentType] ?? ""
        if type.contains("json") || type.contains("x-www-form-urlencoded") || type.hasPrefix("text/") {
            let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw AppError.badRequest("请求内容不是有效的 UTF-8 文本")
            }
            try InputScreen.body(bytes, contentType: type, path: request.uri.path)
        }
        return try await next(request, context)
    }
}
