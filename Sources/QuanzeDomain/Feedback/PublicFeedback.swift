import Foundation

/// What the public may write on an item page: a question, a suggestion or a complaint.
public enum FeedbackKind: String, Codable, Sendable, CaseIterable {
    case question, suggestion, complaint

    public var label: String {
        switch self {
        case .question: "咨询"
        case .suggestion: "建议"
        case .complaint: "投诉"
        }
    }

    /// The key or the Chinese name.
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let kind = FeedbackKind(rawValue: t) ?? Self.allCases.first(where: { $0.label == t }) else { return nil }
        self = kind
    }
}

/// Why public feedback or its moderation is refused, in Chinese.
public enum FeedbackFailure: Error, Equatable, Sendable {
    case unknownKind
    case empty(field: String)
    case tooShort(minimum: Int)
    case tooLong(field: String, limit: Int)
    case wrongRole
    case notPending(state: String)
    case reasonRequired
    case unknownItem(String)

    public var message: String {
        switch self {
        case .unknownKind: "请选择类别：咨询、建议或投诉"
        case .empty(let field): "请填写\(field)"
        case .tooShort(let minimum): "内容至少 \(minimum) 个字"
        case .tooLong(let field, let limit): "\(field)不能超过 \(limit) 个字"
        case .wrongRole: "群众意见须由编办审核"
        case .notPending(let state): "该意见\(state)，不能再次审核"
        case .reasonRequired: "不予公开须写明理由"
        case .unknownItem(let code): "事项目录中没有编码为 \(code) 的事项"
        }
    }

    /// The form field the message belongs next to.
    public var field: String? {
        switch self {
        case .unknownKind: "kind"
        case .empty(let f), .tooLong(let f, _):
            f == "联系方式" ? "contact" : f == "理由" ? "reason" : "text"
        case .tooShort: "text"
        case .reasonRequired: "reason"
        default: nil
        }
    }
}

/// Public feedback on an item (群众意见): written without an account, shown only once 编办 approved it. The contact
/// is personal data: staff see it, the public never does.
public struct PublicFeedback: Codable, Hashable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case pending, approved, rejected

        public var label: String {
            switch self {
            case .pending: "待审核"
            case .approved: "已公开"
            case .rejected: "不予公开"
            }
        }
    }

    public struct Moderation: Codable, Hashable, Sendable {
        public var by: String
        public var on: Day
        public var reason: String?
    }

    public var id: String
    public var county: String
    public var itemCode: String
    public var itemName: String
    public var kind: FeedbackKind
    public var text: String
    public var contact: String?
    public var submittedOn: Day
    public var state: State
    public var moderation: Moderation?

    public static let textMinimum = 5
    public static let textLimit = 500
    public static let contactLimit = 60
    public static let reasonLimit = 200

    /// A submission: a kind, a text of 5–500 characters, an optional contact of at most 60.
    public static func submit(
        id: String, county: String, itemCode: String, itemName: String, kind: String, text: String, contact: String,
        on day: Day
    ) throws(FeedbackFailure) -> PublicFeedback {
        guard let kind = FeedbackKind(text: kind) else { throw .unknownKind }
        let text = text.trimmingSpaces()
        guard !text.isEmpty else { throw .empty(field: "内容") }
        guard text.count >= textMinimum else { throw .tooShort(minimum: textMinimum) }
        guard text.count <= textLimit else { throw .tooLong(field: "内容", limit: textLimit) }
        let contact = contact.trimmingSpaces()
        guard contact.count <= contactLimit else { throw .tooLong(field: "联系方式", limit: contactLimit) }
        return PublicFeedback(
            id: id, county: county, itemCode: itemCode, itemName: itemName, kind: kind, text: text,
            contact: contact.isEmpty ? nil : contact, submittedOn: day, state: .pending, moderation: nil)
    }

    /// 编办 approves (公开) or rejects (不予公开, with its reason) a pending submission, once.
    public func moderated(approve: Bool, reason: String, by principal: Principal, on day: Day)
        throws(FeedbackFailure) -> PublicFeedback
    {
        guard principal.role == .establishment else { throw .wrongRole }
        guard state == .pending else { throw .notPending(state: state.label) }
        let reason = reason.trimmingSpaces()
        if !approve && reason.isEmpty { throw .reasonRequired }
        guard reason.count <= Self.reasonLimit else { throw .tooLong(field: "理由", limit: Self.reasonLimit) }
        var next = self
        next.state = approve ? .approved : .rejected
        next.moderation = Moderation(by: principal.username, on: day, reason: reason.isEmpty ? nil : reason)
        return next
    }
}

/// Counts of feedback per state (an item's public page shows `approved`; staff see all three).
public struct FeedbackCounts: Codable, Hashable, Sendable {
    public var pending = 0
    public var approved = 0
    public var rejected = 0

    public init() {}

    public var total: Int { pending + approved + rejected }

    public static func of(_ list: [PublicFeedback]) -> FeedbackCounts {
        var c = FeedbackCounts()
        for f in list {
            switch f.state {
            case .pending: c.pending += 1
            case .approved: c.approved += 1
            case .rejected: c.rejected += 1
            }
        }
        return c
    }
}
