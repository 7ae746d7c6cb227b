import Crypto
import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the subscription service that are not domain rules.
public enum SubscriptionServiceFailure: Error, Equatable, Sendable {
    case notFound(String)
    case forbidden(String)

    public var message: String {
        switch self {
        case .notFound(let what), .forbidden(let what): what
        }
    }
}

struct SubscriptionRow: Codable, Sendable {
    var county: String
    var id: String
    var channel: String
    var target: String
    var scope: String
    var code: String
    var owner: String?
    var state: String
    var fromSeq: Int64
    var secret: String
    var confirmHash: String?
    var createdAt: Int64
    var updatedAt: Int64

    var value: Subscription {
        Subscription(
            county: county, id: id, channel: Subscription.Channel(rawValue: channel) ?? .email, target: target,
            scope: Subscription.ScopeKind(rawValue: scope) ?? .county, code: code, owner: owner,
            state: Subscription.State(rawValue: state) ?? .cancelled, fromSeq: fromSeq,
            createdAt: Date(micros: createdAt))
    }
}

/// A subscription just made: the webhook's secret is shown once, here, and never again.
public struct MadeSubscription: Sendable {
    public var subscription: Subscription
    /// The HMAC key of a webhook subscription (nil for the other channels).
    public var secret: String?
}

/// Subscriptions to the change feed (issue 16 point 2): who subscribes (staff on their page, a system's webhook by
/// its token, anyone by e-mail with a confirmation link), and the outbox their notifications go through
/// (`SubscriptionService+Outbox.swift`). Every write is one transaction with its audit entry.
public struct SubscriptionService: Sendable {
    let database: any Database
    /// Whether webhooks may point into private networks (`QUANZE_WEBHOOK_ALLOW_PRIVATE`).
    public var allowPrivateWebhooks = false

    public init(_ database: any Database, allowPrivateWebhooks: Bool = false) {
        self.database = database
        self.allowPrivateWebhooks = allowPrivateWebhooks
    }

    static func lock(_ county: String, on db: any SQLDatabase) async throws {
        try await db.lockForWrite("subscriptions:" + county)
    }

    static func rows(_ filter: SQLQueryString, on db: any SQLDatabase) async throws -> [SubscriptionRow] {
        try await db.rows("SELECT * FROM subscriptions WHERE \(filter) ORDER BY county, id", as: SubscriptionRow.self)
    }

    static func row(county: String, id: String, on db: any SQLDatabase) async throws -> SubscriptionRow {
        guard let row = try await rows("county = \(bind: county) AND id = \(bind: id)", on: db).first else {
            throw SubscriptionServiceFailure.notFound("没有编号为“\(id)”的订阅")
        }
        return row
    }

    static func setState(_ s: Subscription, confirmHash: String?, at now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE subscriptions SET state = \(bind: s.state.rawValue), from_seq = \(bind: s.fromSeq),
              confirm_hash = \(bind: confirmHash), updated_at = \(bind: now.micros)
            WHERE county = \(bind: s.county) AND id = \(bind: s.id)
            """
        ).run()
    }

    /// The county's last change number, read inside the caller's transaction.
    static func feedHead(county: String, on db: any SQLDatabase) async throws -> Int64 {
        try await db.raw("SELECT MAX(seq) AS s FROM change_events WHERE county = \(bind: county)").first()?
            .decode(column: "s", as: Int64?.self) ?? 0
    }

    // MARK: reads

    /// The county's subscriptions, or one owner's.
    public func subscriptions(county: String, owner: String? = nil) async throws -> [Subscription] {
        try await database.read { db in
            if let owner {
                return try await Self.rows("county = \(bind: county) AND owner = \(bind: owner)", on: db).map(\.value)
            }
            return try await Self.rows("county = \(bind: county)", on: db).map(\.value)
        }
    }

    // MARK: subscribing

    /// Checks the scope's code against the county's townships, items or departments.
    static func checkScope(
        county: String, scope: Subscription.ScopeKind, code: String, on db: any SQLDatabase
    ) async throws -> String {
        let code = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if scope == .county { return "" }
        guard !code.isEmpty else { throw SubscriptionFailure.missingCode(scope) }
        let query: SQLQueryString
        switch scope {
        case .county: return ""
        case .township:
            query =
                "SELECT code FROM regions WHERE county = \(bind: county) AND level = 'township' AND code = \(bind: code)"
        case .item: query = "SELECT code FROM power_items WHERE county = \(bind: county) AND code = \(bind: code)"
        case .department:
            query = "SELECT code FROM organizations WHERE county = \(bind: county) AND code = \(bind: code)"
        }
        guard try await db.raw(query).first() != nil else { throw SubscriptionFailure.unknownTarget(scope, code) }
        return code
    }

    static func insert(
        county: String, channel: Subscription.Channel, target: String, scope: Subscription.ScopeKind, code: String,
        owner: String?, state: Subscription.State, confirmHash: String?, at now: Date, on db: any SQLDatabase
    ) async throws -> (Subscription, String) {
        let n =
            try await db.raw("SELECT COUNT(*) AS n FROM subscriptions WHERE county = \(bind: county)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let head = try await Self.feedHead(county: county, on: db)
        let secret = Secrets.random()
        let s = Subscription(
            county: county, id: "DY-\(FeedbackService.number(n + 1))", channel: channel, target: target, scope: scope,
            code: code, owner: owner, state: state, fromSeq: head, createdAt: now)
        try await db.insertRows(
            into: "subscriptions",
            [
                SubscriptionRow(
                    county: county, id: s.id, channel: channel.rawValue, target: target, scope: scope.rawValue,
                    code: code, owner: owner, state: state.rawValue, fromSeq: head, secret: secret,
                    confirmHash: confirmHash, createdAt: now.micros, updatedAt: now.micros)
            ], columnsPerRow: 13)
        return (s, secret)
    }

    /// A signed-in account subscribes: staff by e-mail, SMS or WeChat (active at once, theirs to cancel), a system
    /// (API token) by webhook, whose secret is returned once.
    public func subscribe(
        channel: Subscription.Channel, target: String, scope: Subscription.ScopeKind, code: String,
        by principal: Principal, at now: Date
    ) async throws -> MadeSubscription {
        let allowed: Set<Subscription.Channel> =
            principal.role == .system ? [.webhook] : SubscriptionRules.staffChannels
        guard allowed.contains(channel) else { throw SubscriptionFailure.channelNotAllowed(channel) }
        let address: String
        do throws(SubscriptionFailure) {
            address = try SubscriptionRules.target(
                target, channel: channel, allowPrivateWebhooks: allowPrivateWebhooks)
        } catch { throw error }
        return try await database.transaction { db in
            let county = principal.county
            try await Self.lock(county, on: db)
            let checked = try await Self.checkScope(county: county, scope: scope, code: code, on: db)
            let (s, secret) = try await Self.insert(
                county: county, channel: channel, target: address, scope: scope, code: checked,
                owner: principal.username, state: .active, confirmHash: nil, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "subscription.create", subject: s.id,
                    detail: "订阅清单变更：\(s.scopeText)，\(channel.label)"), on: db)
            return MadeSubscription(subscription: s, secret: channel == .webhook ? secret : nil)
        }
    }

    /// Anyone subscribes an e-mail address: stored pending with the hash of a confirmation token, and the mail with
    /// the confirmation link goes through the outbox (so it is not lost either). Nothing else is sent before the
    /// link is followed. `origin` is the site's address the links start with.
    public func subscribePublic(
        county: String, email: String, scope: Subscription.ScopeKind, code: String, origin: String, at now: Date
    ) async throws -> Subscription {
        let target: String
        do throws(SubscriptionFailure) {
            target = try SubscriptionRules.target(email, channel: .email)
        } catch { throw error }
        let token = Secrets.random(bytes: 24)
        return try await database.transaction { db in
            try await Self.lock(county, on: db)
            let checked = try await Self.checkScope(county: county, scope: scope, code: code, on: db)
            let (s, _) = try await Self.insert(
                county: county, channel: .email, target: target, scope: scope, code: checked, owner: nil,
                state: .pending, confirmHash: Secrets.digest(token), at: now, on: db)
            let link = "\(origin)/subscriptions/confirm?token=\(token)"
            let mail = Notice(
                channel: .email, target: target, eventID: "urn:quanze:\(county):subscription:\(s.id):confirm",
                subject: "请确认订阅权责清单变更（\(s.scopeText)）",
                body: """
                    您（或他人以您的地址）在权责清单公开平台订阅了\(s.scopeText)的清单变更通知。
                    确认订阅请打开：\(link)
                    如非本人操作，请忽略本邮件，我们不会再向您发送任何邮件。
                    """)
            try await Self.enqueue(
                mail, subscription: s.id, eventSeq: 0, county: county, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: Actor(name: "public", role: "anonymous"), at: now,
                    action: "subscription.request", subject: s.id,
                    detail: "收到公众邮件订阅申请：\(s.scopeText)（待确认）"), on: db)
            return s
        }
    }

    /// The confirmation link followed: the pending subscription with this token becomes active, following the changes
    /// from now on. The token is forgotten, so the link followed again is answered like any unknown link.
    public func confirm(county: String, token: String, at now: Date) async throws -> Subscription {
        try await database.transaction { db in
            try await Self.lock(county, on: db)
            guard
                let row = try await Self.rows(
                    "county = \(bind: county) AND confirm_hash = \(bind: Secrets.digest(token))", on: db
                ).first
            else { throw SubscriptionFailure.badToken }
            var next: Subscription
            do throws(SubscriptionFailure) { next = try row.value.confirmed() } catch { throw error }
            // It follows the changes made after its confirmation: what changed while it waited is not sent (the
            // dispatcher may not have run meanwhile, its cursor being before those changes).
            next.fromSeq = try await Self.feedHead(county: county, on: db)
            try await Self.setState(next, confirmHash: nil, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: Actor(name: "public", role: "anonymous"), at: now,
                    action: "subscription.confirm", subject: next.id, detail: "公众确认邮件订阅：\(next.scopeText)"),
                on: db)
            return next
        }
    }

    /// The token of a subscription's unsubscribe link: derived from its secret, so every message can carry it and
    /// nothing more is stored.
    static func unsubscribeToken(id: String, secret: String) -> String {
        String(WebhookSignature.sign("unsubscribe:" + id, secret: secret).dropFirst(7).prefix(32))
    }

    /// The unsubscribe link of a message (each notice carries it).
    static func unsubscribeLink(origin: String, id: String, secret: String) -> String {
        "\(origin)/subscriptions/unsubscribe?id=\(id)&token=\(unsubscribeToken(id: id, secret: secret))"
    }

    /// The link in a message followed: the subscription ends (no account needed; the token proves the link).
    public func unsubscribe(county: String, id: String, token: String, at now: Date) async throws -> Subscription {
        try await database.transaction { db in
            try await Self.lock(county, on: db)
            guard let row = try await Self.rows("county = \(bind: county) AND id = \(bind: id)", on: db).first,
                Secrets.equal(Self.unsubscribeToken(id: id, secret: row.secret), token)
            else { throw SubscriptionFailure.badToken }
            let next: Subscription
            do throws(SubscriptionFailure) { next = try row.value.cancelledNow() } catch { throw error }
            try await Self.setState(next, confirmHash: nil, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: Actor(name: "public", role: "anonymous"), at: now,
                    action: "subscription.cancel", subject: id, detail: "通过退订链接退订：\(next.scopeText)",
                    before: row.state, after: next.state.rawValue), on: db)
            return next
        }
    }

    /// Its owner cancels a subscription; another account (also of another county) is told it does not exist.
    public func cancel(_ id: String, by principal: Principal, at now: Date) async throws -> Subscription {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let row = try await Self.row(county: principal.county, id: id, on: db)
            guard row.owner == principal.username else {
                throw SubscriptionServiceFailure.notFound("没有编号为“\(id)”的订阅")
            }
            let next: Subscription
            do throws(SubscriptionFailure) { next = try row.value.cancelledNow() } catch { throw error }
            try await Self.setState(next, confirmHash: nil, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "subscription.cancel",
                    subject: id, detail: "退订清单变更：\(next.scopeText)，\(next.channel.label)", before: row.state,
                    after: next.state.rawValue), on: db)
            return next
        }
    }
}
