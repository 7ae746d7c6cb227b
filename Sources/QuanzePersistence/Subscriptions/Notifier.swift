import Crypto
import Foundation
import Logging
import QuanzeDomain

/// Sends one notice over its channel (SMTP, an SMS or WeChat gateway, a webhook). Throwing means "not
/// delivered": the outbox tries again later by `DeliveryPolicy`. Delivery is at least once: a notifier that sent
/// and then lost its answer is tried again, and the receiver drops a repeated `eventID`.
public protocol Notifier: Sendable {
    func deliver(_ notice: Notice) async throws
}

/// A notifier that sends nothing and records what it would have sent (the demo, tests, a deployment without
/// gateways): each message is logged and kept in memory.
public actor LoggingNotifier: Notifier {
    public private(set) var sent: [Notice] = []
    let logger: Logger?

    public init(logger: Logger? = nil) { self.logger = logger }

    public func deliver(_ notice: Notice) async throws {
        sent.append(notice)
        logger?.info(
            "notice (not sent: logging notifier)",
            metadata: [
                "channel": .string(notice.channel.rawValue), "target": .string(notice.target),
                "event": .string(notice.eventID), "subject": .string(notice.subject),
            ])
    }
}

/// One notifier per channel behind the one interface: the outbox hands every message here.
public struct ChannelNotifier: Notifier {
    public var email: any Notifier
    public var sms: any Notifier
    public var wechat: any Notifier
    public var webhook: any Notifier

    public init(email: any Notifier, sms: any Notifier, wechat: any Notifier, webhook: any Notifier) {
        self.email = email
        self.sms = sms
        self.wechat = wechat
        self.webhook = webhook
    }

    /// Every channel to the same notifier (the logging one).
    public init(all: any Notifier) { self.init(email: all, sms: all, wechat: all, webhook: all) }

    public func deliver(_ notice: Notice) async throws {
        switch notice.channel {
        case .email: try await email.deliver(notice)
        case .sms: try await sms.deliver(notice)
        case .wechat: try await wechat.deliver(notice)
        case .webhook: try await webhook.deliver(notice)
        }
    }
}

/// The webhook signature: `sha256=` and the hex HMAC-SHA256 of the exact body with the subscription's secret. A
/// receiver recomputes it over the bytes it received and compares in constant time.
public enum WebhookSignature {
    public static func sign(_ body: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    public static func verify(_ body: String, secret: String, signature: String) -> Bool {
        Secrets.equal(sign(body, secret: secret), signature)
    }
}
