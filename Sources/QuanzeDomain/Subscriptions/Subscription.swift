import Foundation

/// A standing request to be told of the county's published changes (issue 16 point 2): who is told (a channel and
/// its address), of what (a township, an item, a department or the whole county) and since when (the change feed's
/// position when it was made: a new subscriber is told of later changes, never of the county's history).
public struct Subscription: Hashable, Sendable, Codable {
    /// How a notice travels.
    public enum Channel: String, Sendable, Codable, CaseIterable {
        case email, sms, wechat, webhook

        public var label: String {
            switch self {
            case .email: "电子邮件"
            case .sms: "短信"
            case .wechat: "微信"
            case .webhook: "接口推送（Webhook）"
            }
        }
    }

    /// What a subscription follows.
    public enum ScopeKind: String, Sendable, Codable, CaseIterable {
        case county, township, item, department

        public var label: String {
            switch self {
            case .county: "全区县"
            case .township: "镇街"
            case .item: "事项"
            case .department: "主管部门"
            }
        }
    }

    /// A subscription's life: an anonymous e-mail waits for its confirmation; nothing is sent before it is active.
    public enum State: String, Sendable, Codable, CaseIterable {
        case pending = "pending-confirmation"
        case active, cancelled

        public var label: String {
            switch self {
            case .pending: "待确认"
            case .active: "有效"
            case .cancelled: "已退订"
            }
        }
    }

    public var county: String
    public var id: String
    public var channel: Channel
    /// The e-mail address, the mobile number, the WeChat openid or the webhook's URL.
    public var target: String
    public var scope: ScopeKind
    /// The township, item or department code; empty for the county.
    public var code: String
    /// The account that made it; nil for a member of the public (e-mail only).
    public var owner: String?
    public var state: State
    /// Changes with a running number above this are the subscription's (the feed's head when it was made).
    public var fromSeq: Int64
    public var createdAt: Date

    public init(
        county: String, id: String, channel: Channel, target: String, scope: ScopeKind, code: String,
        owner: String?, state: State, fromSeq: Int64, createdAt: Date
    ) {
        self.county = county
        self.id = id
        self.channel = channel
        self.target = target
        self.scope = scope
        self.code = code
        self.owner = owner
        self.state = state
        self.fromSeq = fromSeq
        self.createdAt = createdAt
    }

    /// Whether a change of this county about a township, an item and a department (as the feed records them) is
    /// this subscription's to be told of.
    public func follows(seq: Int64, township: String?, item: String?, department: String?) -> Bool {
        guard state == .active, seq > fromSeq else { return false }
        switch scope {
        case .county: return true
        case .township: return township == code
        case .item: return item == code
        case .department: return department == code
        }
    }

    /// What the subscription follows, as a page names it (“镇街 110101001”).
    public var scopeText: String { scope == .county ? scope.label : "\(scope.label) \(code)" }

    /// Confirmation (of an anonymous e-mail subscription, by the link sent to that address).
    public func confirmed() throws(SubscriptionFailure) -> Subscription {
        switch state {
        case .pending:
            var next = self
            next.state = .active
            return next
        case .active: throw .alreadyConfirmed
        case .cancelled: throw .cancelled
        }
    }

    /// Cancellation, by its owner or through the link in each message.
    public func cancelledNow() throws(SubscriptionFailure) -> Subscription {
        guard state != .cancelled else { throw .cancelled }
        var next = self
        next.state = .cancelled
        return next
    }
}

/// Why a subscription is refused or cannot change, in the words its user reads.
public enum SubscriptionFailure: Error, Equatable, Sendable {
    case badEmail(String)
    case badPhone(String)
    case badOpenID(String)
    case badWebhook(String)
    case internalWebhook(String)
    case channelNotAllowed(Subscription.Channel)
    case missingCode(Subscription.ScopeKind)
    case unknownTarget(Subscription.ScopeKind, String)
    case alreadyConfirmed
    case cancelled
    case badToken
    case notDead

    public var message: String {
        switch self {
        case .badEmail(let t): "电子邮件地址“\(t)”格式不正确"
        case .badPhone(let t): "手机号码“\(t)”格式不正确：应为 11 位数字，以 1 开头"
        case .badOpenID(let t): "微信 openid“\(t)”格式不正确：应为 6–64 位字母、数字、下划线或连字符"
        case .badWebhook(let t): "推送地址“\(t)”无效：应为 http:// 或 https:// 开头的完整网址"
        case .internalWebhook(let t): "推送地址“\(t)”指向本机或内网地址，不予推送（如确需推送到内网，请由系统管理员配置 QUANZE_WEBHOOK_ALLOW_PRIVATE）"
        case .channelNotAllowed(let c): "此处不能订阅“\(c.label)”渠道"
        case .missingCode(let k): "请填写要订阅的\(k.label)代码"
        case .unknownTarget(let k, let code): "没有代码为 \(code) 的\(k.label)"
        case .alreadyConfirmed: "该订阅已确认，无需重复确认"
        case .cancelled: "该订阅已退订"
        case .badToken: "链接无效或已过期"
        case .notDead: "只有发送失败（死信）的消息可以重新发送"
        }
    }
}

/// The checks of a subscription's address, one per channel.
public enum SubscriptionRules {
    /// Checks and normalises the address of a channel (trimmed; an e-mail address lower-cased).
    /// `allowPrivateWebhooks`: a deployment may allow webhooks into its own network (a government intranet).
    public static func target(_ text: String, channel: Subscription.Channel, allowPrivateWebhooks: Bool = false)
        throws(SubscriptionFailure) -> String
    {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch channel {
        case .email:
            let parts = t.split(separator: "@", omittingEmptySubsequences: false)
            guard t.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
                t.unicodeScalars.allSatisfy({
                    $0.isASCII && $0.value > 32 && !"<>()[],;:\"\\".unicodeScalars.contains($0)
                })
            else { throw .badEmail(t) }
            return t.lowercased()
        case .sms:
            guard t.count == 11, t.hasPrefix("1"), t.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .badPhone(t)
            }
            return t
        case .wechat:
            guard (6...64).contains(t.count),
                t.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else { throw .badOpenID(t) }
            return t
        case .webhook:
            guard t.count <= 500, let url = URL(string: t), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty, url.user == nil
            else { throw .badWebhook(t) }
            if !allowPrivateWebhooks && isPrivateHost(host) { throw .internalWebhook(t) }
            return t
        }
    }

    /// Whether a host names this machine or a private network by its literal form: localhost, loopback, private,
    /// link-local and unique-local addresses. A name that resolves to such an address is not caught here (the
    /// deployment's egress rules are the defence for that); the literal forms are what a careless or probing
    /// subscriber types.
    public static func isPrivateHost(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h.hasSuffix(".localhost") || h.hasSuffix(".local") || h.hasSuffix(".internal") {
            return true
        }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        if octets.count == 4, octets.allSatisfy({ $0 != nil && (0...255).contains($0!) }) {
            let o = octets.map { $0! }
            return o[0] == 10 || o[0] == 127 || o[0] == 0 || (o[0] == 169 && o[1] == 254)
                || (o[0] == 172 && (16...31).contains(o[1])) || (o[0] == 192 && o[1] == 168)
                || (o[0] == 100 && (64...127).contains(o[1]))
        }
        if h.contains(":") {
            return h == "::1" || h == "::" || h.hasPrefix("fe80:") || h.hasPrefix("fc") || h.hasPrefix("fd")
                || h.hasPrefix("::ffff:")
        }
        return false
    }

    /// Which channels a member of the public may use without an account: e-mail only, confirmed by its link (an
    /// SMS costs the county money and a mobile number cannot be confirmed by a link).
    public static let publicChannels: Set<Subscription.Channel> = [.email]
    /// Which channels a signed-in staff member may use on the page; a webhook is a system's, through its token.
    public static let staffChannels: Set<Subscription.Channel> = [.email, .sms, .wechat]
}
