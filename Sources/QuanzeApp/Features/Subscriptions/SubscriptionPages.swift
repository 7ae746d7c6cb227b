import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The pages of subscriptions: a staff member's own (`/subscriptions`), the public e-mail form (`/subscribe`), the
/// pages the mailed links open, and the system administrator's outbox (`/admin/outbox`).
enum SubscriptionPages {
    struct MinePage {
        var made: String?
        var cancelled: String?
        var rows: [SubscriptionsController.SubscriptionDTO]
        var hasRows: Bool
        var channels: [FormOption]
        var scopes: [FormOption]
        var form: FormState
        var cancelForm: FormState
    }

    static func options<T: RawRepresentable<String>>(_ all: [T], label: (T) -> String, chosen: String) -> [FormOption] {
        all.map { FormOption(value: $0.rawValue, label: label($0), selected: $0.rawValue == chosen) }
    }

    @Sendable static func mine(
        _ request: Request, context: AppContext, services: AppServices, refusal: FormRefusal? = nil
    ) async throws -> Response {
        let principal = try await Guard.require(.staffSession, request, context, services)
        try await Guard.require(.subscribe, request, context, services)
        let list = try await SubscriptionsController.service(services).subscriptions(
            county: principal.county, owner: principal.username)
        let form = refusal?.state("subscribe") ?? FormState()
        let channels = SubscriptionRules.staffChannels
        return try Page.render(
            MinePage(
                made: request.uri.queryParameters.get("made").map { String($0) },
                cancelled: request.uri.queryParameters.get("cancelled").map { String($0) },
                rows: list.reversed().map(SubscriptionsController.SubscriptionDTO.init), hasRows: !list.isEmpty,
                channels: options(
                    Subscription.Channel.allCases.filter { channels.contains($0) }, label: \.label,
                    chosen: form.values["channel"] ?? "email"),
                scopes: options(Subscription.ScopeKind.allCases, label: \.label, chosen: form.values["scope"] ?? ""),
                form: form, cancelForm: refusal?.state("cancel") ?? FormState()),
            template: "subscriptions/mine", title: "变更订阅", section: "subscriptions", services: services,
            status: refusal?.status ?? .ok)
    }

    struct SubscribePage {
        var scope: String
        var scopeLabel: String
        var code: String
        var name: String
        var token: String
        var form: FormState
        var sent: Bool
        var perMinute = SubscriptionsController.requestsPerMinute
        var feed: String
    }

    /// What a scope and code name on the county's register (“镇街 新华街道”); nil when nothing by that code exists.
    static func name(scope: Subscription.ScopeKind, code: String, services: AppServices) async throws -> String? {
        switch scope {
        case .county: return "全区县"
        case .township:
            return try await services.townships(county: services.county).first { $0.0.code.value == code }?.0.name
        case .item: return try await services.items.item(county: services.county, code: code)?.name
        case .department: return try await services.organizations.find(county: services.county, code: code)?.name
        }
    }

    /// `/subscribe?scope=item&code=…`: the public form of an e-mail subscription (the item, township and changes
    /// pages link here).
    @Sendable static func subscribe(
        _ request: Request, context: AppContext, services: AppServices, form: FormState = FormState(),
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let scopeText = form.values["scope"] ?? request.uri.queryParameters.get("scope").map { String($0) } ?? ""
        let code = form.values["code"] ?? request.uri.queryParameters.get("code").map { String($0) } ?? ""
        let scope = try SubscriptionsController.scope(String(scopeText.prefix(20)))
        guard let name = try await name(scope: scope, code: String(code.prefix(64)), services: services) else {
            throw AppError.notFound("没有代码为 \(code) 的\(scope.label)")
        }
        let (token, headers) = ItemFeedbackView.formToken(request, services: services)
        let feed: String
        switch scope {
        case .county: feed = "/feeds/changes"
        case .township: feed = "/feeds/townships/\(code)"
        case .item: feed = "/feeds/items/\(code)"
        case .department: feed = "/feeds/departments/\(code)"
        }
        return try Page.render(
            SubscribePage(
                scope: scope.rawValue, scopeLabel: scope.label, code: scope == .county ? "" : code, name: name,
                token: token, form: form, sent: request.uri.queryParameters.get("sent") == "1", feed: feed),
            template: "subscriptions/subscribe", title: "订阅清单变更", section: "changes", services: services,
            status: status, headers: headers)
    }

    struct LinkPage {
        var confirm: Bool
        var token: String
        var id: String
        var csrf: String
        var done: Bool
        var scopeText: String
    }

    /// The page a mailed link opens: one button that confirms or cancels (a link alone changes nothing).
    @Sendable static func link(_ request: Request, context: AppContext, services: AppServices, confirm: Bool)
        async throws -> Response
    {
        let token = String((request.uri.queryParameters.get("token").map { String($0) } ?? "").prefix(100))
        let id = String((request.uri.queryParameters.get("id").map { String($0) } ?? "").prefix(20))
        let (csrf, headers) = ItemFeedbackView.formToken(request, services: services)
        return try Page.render(
            LinkPage(confirm: confirm, token: token, id: id, csrf: csrf, done: false, scopeText: ""),
            template: "subscriptions/link", title: confirm ? "确认订阅" : "退订", section: "changes",
            services: services, headers: headers)
    }

    static func done(_ s: Subscription, confirmed: Bool, services: AppServices) async throws -> Response {
        try Page.render(
            LinkPage(confirm: confirmed, token: "", id: s.id, csrf: "", done: true, scopeText: s.scopeText),
            template: "subscriptions/link", title: confirmed ? "确认订阅" : "退订", section: "changes",
            services: services)
    }

    struct OutboxPage {
        var retried: String?
        var counts: OutboxCounts
        var dead: [SubscriptionsController.OutboxDTO]
        var hasDead: Bool
        var recent: [SubscriptionsController.OutboxDTO]
        var hasRecent: Bool
        var form: FormState
    }

    @Sendable static func outbox(
        _ request: Request, context: AppContext, services: AppServices, refusal: FormRefusal? = nil
    ) async throws -> Response {
        let principal = try await Guard.require(
            .operateOutbox(SubscriptionsController.county(of: context)), request, context, services)
        let s = SubscriptionsController.service(services)
        let dead = try await s.outbox(county: principal.county, state: .dead)
        let recent = try await s.outbox(county: principal.county, limit: 50).filter { $0.state != .dead }
        return try Page.render(
            OutboxPage(
                retried: request.uri.queryParameters.get("retried").map { String($0) },
                counts: try await s.outboxCounts(county: principal.county),
                dead: dead.map(SubscriptionsController.OutboxDTO.init), hasDead: !dead.isEmpty,
                recent: recent.map(SubscriptionsController.OutboxDTO.init), hasRecent: !recent.isEmpty,
                form: refusal?.state("retry") ?? FormState()),
            template: "subscriptions/outbox", title: "通知发送队列", section: "outbox", services: services,
            status: refusal?.status ?? .ok)
    }
}
