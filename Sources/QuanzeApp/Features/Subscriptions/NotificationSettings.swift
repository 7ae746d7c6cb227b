import Foundation
import Logging
import QuanzeDomain
import QuanzePersistence

/// How notifications are sent (issue 16 point 2), from the environment:
/// - `QUANZE_NOTIFIER`: `log` (default: nothing leaves the machine, every message is logged) or `live`;
/// - live e-mail: `SMTP_HOST`, `SMTP_PORT` (25, or 465 with `SMTP_TLS=implicit`), `SMTP_FROM`, `SMTP_USER`,
///   `SMTP_PASSWORD`;
/// - live SMS / WeChat: `QUANZE_SMS_GATEWAY_URL`, `QUANZE_WECHAT_GATEWAY_URL`, `QUANZE_GATEWAY_TOKEN` (a channel
///   without its gateway fails its messages, which end as dead letters the administrator sees);
/// - `QUANZE_NOTIFY_INTERVAL`: seconds between the server's dispatch and delivery rounds (default 30; 0: the server
///   runs none, `quanze notify run-once` does the work);
/// - `QUANZE_WEBHOOK_ALLOW_PRIVATE=1`: webhooks may point at private addresses (an intranet deployment).
public struct NotificationSettings: Sendable, Equatable {
    public enum Mode: String, Sendable { case log, live }

    public var mode: Mode = .log
    public var smtpHost: String?
    public var smtpPort = 25
    public var smtpTLS = false
    public var smtpFrom: String?
    public var smtpUser: String?
    public var smtpPassword: String?
    public var smsGateway: String?
    public var wechatGateway: String?
    public var gatewayToken: String?
    public var interval = 30
    public var allowPrivateWebhooks = false

    public init() {}

    public static let standard = NotificationSettings()

    static func fromEnvironment(_ env: [String: String], problems: inout [String]) -> NotificationSettings {
        var s = NotificationSettings()
        if let text = env["QUANZE_NOTIFIER"] {
            if let mode = Mode(rawValue: text) {
                s.mode = mode
            } else {
                problems.append("配置项 QUANZE_NOTIFIER=\(text) 无效：应为 log（只记录，不发送）或 live（实际发送）")
            }
        }
        if let text = env["QUANZE_NOTIFY_INTERVAL"] {
            if let n = Int(text), (0...3600).contains(n) {
                s.interval = n
            } else {
                problems.append("配置项 QUANZE_NOTIFY_INTERVAL=\(text) 无效：应为 0–3600 的整数（秒，0 表示服务内不发送）")
            }
        }
        if let text = env["SMTP_TLS"] {
            guard text == "implicit" || text == "none" else {
                problems.append("配置项 SMTP_TLS=\(text) 无效：应为 implicit 或 none")
                return s
            }
            s.smtpTLS = text == "implicit"
            if s.smtpTLS { s.smtpPort = 465 }
        }
        if let text = env["SMTP_PORT"] {
            if let p = Int(text), (1...65535).contains(p) {
                s.smtpPort = p
            } else {
                problems.append("配置项 SMTP_PORT=\(text) 无效：应为 1–65535 的整数")
            }
        }
        s.smtpHost = env["SMTP_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        s.smtpFrom = env["SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 }
        s.smtpUser = env["SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 }
        s.smtpPassword = env["SMTP_PASSWORD"]
        s.gatewayToken = env["QUANZE_GATEWAY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        for (name, keyPath) in [
            ("QUANZE_SMS_GATEWAY_URL", \NotificationSettings.smsGateway),
            ("QUANZE_WECHAT_GATEWAY_URL", \NotificationSettings.wechatGateway),
        ] {
            guard let text = env[name], !text.isEmpty else { continue }
            if let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil {
                s[keyPath: keyPath] = text
            } else {
                problems.append("配置项 \(name)=\(text) 无效：应为 http:// 或 https:// 开头的网址")
            }
        }
        if s.mode == .live && (s.smtpHost == nil || s.smtpFrom == nil) {
            problems.append("QUANZE_NOTIFIER=live 需要 SMTP_HOST 和 SMTP_FROM（发送邮件的服务器与发件地址）")
        }
        if s.smtpUser != nil && s.smtpPassword == nil {
            problems.append("配置了 SMTP_USER 但缺少 SMTP_PASSWORD")
        }
        s.allowPrivateWebhooks = env["QUANZE_WEBHOOK_ALLOW_PRIVATE"] == "1"
        return s
    }

    /// The notifier these settings describe: the logging one, or each channel's live sender.
    func notifier(logger: Logger) -> any Notifier {
        guard mode == .live else { return ChannelNotifier(all: LoggingNotifier(logger: logger)) }
        let email: any Notifier =
            smtpHost.map {
                SMTPNotifier(
                    host: $0, port: smtpPort, tls: smtpTLS, from: smtpFrom ?? "", user: smtpUser,
                    password: smtpPassword)
            } ?? UnconfiguredNotifier(reason: "未配置邮件服务器（SMTP_HOST）")
        let sms: any Notifier =
            smsGateway.map { GatewayNotifier(url: $0, token: gatewayToken) }
            ?? UnconfiguredNotifier(reason: "未配置短信网关（QUANZE_SMS_GATEWAY_URL）")
        let wechat: any Notifier =
            wechatGateway.map { GatewayNotifier(url: $0, token: gatewayToken) }
            ?? UnconfiguredNotifier(reason: "未配置微信网关（QUANZE_WECHAT_GATEWAY_URL）")
        return ChannelNotifier(email: email, sms: sms, wechat: wechat, webhook: WebhookNotifier())
    }
}
