import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Subscriptions to the change feed (issue 16 point 2) over the API and the forms: staff subscribe by e-mail, SMS
/// or WeChat on `/subscriptions`, a system subscribes a webhook with its token (`POST /api/v1/subscriptions`,
/// the secret answered once), anyone subscribes an e-mail address on `/subscribe` and confirms it by the link
/// mailed to it; the system administrator sees the outbox and sends a dead letter again (`/admin/outbox`).
enum SubscriptionsController {
    /// Public subscription requests accepted per client address and minute (the login limiter's mechanism).
    static let requestsPerMinute = 3

    /// The public forms (no session; CSRF by the form cookie and Origin in `AuthMiddleware`).
    static func isPublicForm(_ path: String) -> Bool {
        path == "/subscribe" || path == "/subscriptions/confirm" || path == "/subscriptions/unsubscribe"
    }

    static func service(_ services: AppServices) -> SubscriptionService {
        SubscriptionService(services.database, allowPrivateWebhooks: services.notifications.allowPrivateWebhooks)
    }

    /// Every time a page or an answer prints: China's time, minutes (tables and JSON only).
    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    struct SubscriptionDTO: Encodable {
        var id: String
        var channel: String
        var channelLabel: String
        var target: String
        var scope: String
        var scopeLabel: String
        var code: String
        var scopeText: String
        var state: String
        var stateLabel: String
        var createdAt: String
        var isActive: Bool

        init(_ s: Subscription) {
            id = s.id
            channel = s.channel.rawValue
            channelLabel = s.channel.label
            target = s.target
            scope = s.scope.rawValue
            scopeLabel = s.scope.label
            code = s.code
            scopeText = s.scopeText
            state = s.state.rawValue
            stateLabel = s.state.label
            createdAt = stamp(s.createdAt)
            isActive = s.state == .active
        }
    }

    struct OutboxDTO: Encodable {
        var id: String
        var subscription: String
        var eventSeq: Int64
        var eventID: String
        var channel: String
        var channelLabel: String
        var target: String
        var subject: String
        var state: String
        var stateLabel: String
        var attempts: Int
        var nextAttemptAt: String?
        var lastError: String?
        var deliveredAt: String?
        var createdAt: String
        var isDead: Bool

        init(_ m: OutboxMessage) {
            id = m.id
            subscription = m.subscription
            eventSeq = m.eventSeq
            eventID = m.notice.eventID
            channel = m.channel.rawValue
            channelLabel = m.channel.label
            target = m.target
            subject = m.notice.subject
            state = m.state.rawValue
            stateLabel = m.state.label
            attempts = m.attempts
            nextAttemptAt = m.state == .pending ? stamp(m.nextAttemptAt) : nil
            lastError = m.lastError
            deliveredAt = m.deliveredAt.map(stamp)
            createdAt = stamp(m.createdAt)
            isDead = m.state == .dead
        }
    }

    static func scope(_ text: String) throws -> Subscription.ScopeKind {
        guard let scope = Subscription.ScopeKind(rawValue: text.isEmpty ? "county" : text) else {
            throw AppError.unprocessable("订阅范围应为 county、township、item 或 department", field: "scope")
        }
        return scope
    }

    // MARK: staff and systems

    @Sendable static func list(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.subscribe, request, context, services)
        let list = try await service(services).subscriptions(county: principal.county, owner: principal.username)
        let page = try Listing.page(request, list.map(SubscriptionDTO.init))
        return JSONBody.response(["subscriptions": page.items], page: page.headers)
    }

    @Sendable static func create(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.subscribe, request, context, services)
        let input = try await DelegationInput.read(request)
        guard let channel = Subscription.Channel(rawValue: input["channel"]) else {
            throw AppError.unprocessable("渠道应为 email、sms、wechat 或 webhook", field: "channel")
        }
        let made = try await service(services).subscribe(
            channel: channel, target: input["target"], scope: try scope(input["scope"]), code: input["code"],
            by: principal, at: services.now)
        if input.isForm {
            return Response(status: .seeOther, headers: [.location: "/subscriptions?made=\(made.subscription.id)"])
        }
        struct Answer: Encodable {
            var subscription: SubscriptionDTO
            /// A webhook's HMAC key, shown this once.
            var secret: String?
        }
        return JSONBody.response(
            Answer(subscription: SubscriptionDTO(made.subscription), secret: made.secret), status: .created)
    }

    @Sendable static func cancel(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.subscribe, request, context, services)
        let input = try await DelegationInput.read(request)
        let done = try await service(services).cancel(
            context.parameters.get("id") ?? "", by: principal, at: services.now)
        if input.isForm {
            return Response(status: .seeOther, headers: [.location: "/subscriptions?cancelled=\(done.id)"])
        }
        return JSONBody.response(["subscription": SubscriptionDTO(done)])
    }

    // MARK: the system administrator's outbox

    @Sendable static func outbox(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.operateOutbox(county(of: context)), request, context, services)
        let text = try Query.text(request, "state", max: 20) ?? ""
        let state = OutboxMessage.State(rawValue: text)
        if !text.isEmpty && state == nil { throw AppError.badRequest("state 应为 pending、delivered 或 dead") }
        let s = service(services)
        struct Answer: Encodable {
            var counts: OutboxCounts
            var messages: [OutboxDTO]
        }
        let page = try Listing.page(request, try await s.outbox(county: principal.county, state: state))
        return JSONBody.response(
            Answer(
                counts: try await s.outboxCounts(county: principal.county), messages: page.items.map(OutboxDTO.init)),
            page: page.headers)
    }

    /// The county a capability of one's own county names (the check is then the role's).
    static func county(of context: AppContext) -> String { context.principal?.county ?? "" }

    @Sendable static func retry(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.operateOutbox(county(of: context)), request, context, services)
        let input = try await DelegationInput.read(request)
        let next = try await service(services).revive(
            context.parameters.get("id") ?? "", by: principal, at: services.now)
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/admin/outbox?retried=\(next.id)"]) }
        return JSONBody.response(["message": OutboxDTO(next)])
    }

    // MARK: the public

    /// `POST /subscribe`: an e-mail address asks for a subscription; the confirmation goes to it. A filled hidden
    /// field is refused; a valid request counts against the client's limit before it is stored. A refused form
    /// comes back as the page with its values and a 4xx.
    @Sendable static func request(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let input = try await DelegationInput.read(request)
        do {
            guard input["website"].isEmpty else { throw AppError.badRequest("提交未被接受，请刷新页面后重试") }
            let kind = try scope(input["scope"])
            do throws(SubscriptionFailure) {
                _ = try SubscriptionRules.target(input["email"], channel: .email)
            } catch { throw error }
            try await Guard.rateLimit("subscribe", context, services, limit: requestsPerMinute)
            let made = try await service(services).subscribePublic(
                county: services.county, email: input["email"], scope: kind, code: input["code"],
                origin: services.origin, at: services.now)
            if input.isForm {
                return Response(
                    status: .seeOther,
                    headers: [.location: "/subscribe?scope=\(made.scope.rawValue)&code=\(made.code)&sent=1"])
            }
            return JSONBody.response(["subscription": SubscriptionDTO(made)], status: .accepted)
        } catch {
            let failure = AppError.from(error)
            guard input.isForm, failure.status.code >= 400, failure.status.code < 500 else { throw error }
            var form = FormState(values: input.fields, all: input.lists)
            form.errors[failure.field ?? "form"] = failure.message
            form.refused = true
            var response = try await SubscriptionPages.subscribe(
                request, context: context, services: services, form: form, status: failure.status)
            if let wait = failure.retryAfter { response.headers[.retryAfter] = String(wait) }
            return response
        }
    }

    /// `POST /subscriptions/confirm` and `/subscriptions/unsubscribe`: the buttons of the pages the mailed links
    /// open (a link only shows the page, so a mail scanner that follows links confirms nothing).
    @Sendable static func confirm(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let input = try await DelegationInput.read(request)
        let done = try await service(services).confirm(county: services.county, token: input["token"], at: services.now)
        if input.isForm { return try await SubscriptionPages.done(done, confirmed: true, services: services) }
        return JSONBody.response(["subscription": SubscriptionDTO(done)])
    }

    @Sendable static func unsubscribe(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let input = try await DelegationInput.read(request)
        let done = try await service(services).unsubscribe(
            county: services.county, id: input["id"], token: input["token"], at: services.now)
        if input.isForm { return try await SubscriptionPages.done(done, confirmed: false, services: services) }
        return JSONBody.response(["subscription": SubscriptionDTO(done)])
    }
}

func addSubscriptionRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = SubscriptionsController
    typealias P = SubscriptionPages
    router.get("/subscriptions") { r, c in try await P.mine(r, context: c, services: s) }
    router.get("/admin/outbox") { r, c in try await P.outbox(r, context: c, services: s) }
    router.get("/subscribe") { r, c in try await P.subscribe(r, context: c, services: s) }
    router.post("/subscribe") { r, c in try await C.request(r, context: c, services: s) }
    router.get("/subscriptions/confirm") { r, c in try await P.link(r, context: c, services: s, confirm: true) }
    router.post("/subscriptions/confirm") { r, c in try await C.confirm(r, context: c, services: s) }
    router.get("/subscriptions/unsubscribe") { r, c in try await P.link(r, context: c, services: s, confirm: false) }
    router.post("/subscriptions/unsubscribe") { r, c in try await C.unsubscribe(r, context: c, services: s) }
    let api = router.group("api/v1")
    let minePage = FormReturn { r, c, refusal in try await P.mine(r, context: c, services: s, refusal: refusal) }
    api.get("subscriptions") { r, c in try await C.list(r, context: c, services: s) }
    api.post("subscriptions") { r, c in
        try await minePage.run(r, c) { r, c in try await C.create(r, context: c, services: s) }
    }
    api.post("subscriptions/:id/cancel") { r, c in
        try await minePage.run(r, c) { r, c in try await C.cancel(r, context: c, services: s) }
    }
    let outboxPage = FormReturn { r, c, refusal in try await P.outbox(r, context: c, services: s, refusal: refusal) }
    api.get("outbox") { r, c in try await C.outbox(r, context: c, services: s) }
    api.post("outbox/:id/retry") { r, c in
        try await outboxPage.run(r, c) { r, c in try await C.retry(r, context: c, services: s) }
    }
}
