import Foundation

/// Who acts: a user with a role in an organisation, or `system` for imports and the demo.
public struct Actor: Hashable, Sendable, Codable {
    public var name: String
    public var role: String
    public var organization: String?

    public init(name: String, role: String, organization: String? = nil) {
        self.name = name
        self.role = role
        self.organization = organization
    }

    public static let system = Actor(name: "system", role: "system")
}

/// One thing to write to the audit log: one per transaction (one per ingest batch, not per record).
/// `before` and `after` are canonical texts of the changed state; the log keeps only their SHA-256 digests, so it
/// proves what changed without copying personal data. Never put a password or a token in any field.
public struct AuditEvent: Hashable, Sendable {
    public var county: String
    public var actor: Actor
    public var at: Date
    public var action: String
    public var subject: String
    public var detail: String
    public var outcome: AuditOutcome
    public var before: String?
    public var after: String?

    public init(
        county: String, actor: Actor, at: Date, action: String, subject: String, detail: String,
        outcome: AuditOutcome = .ok, before: String? = nil, after: String? = nil
    ) {
        self.county = county
        self.actor = actor
        self.at = at
        self.action = action
        self.subject = subject
        self.detail = detail
        self.outcome = outcome
        self.before = before
        self.after = after
    }
}

/// How the audited request ended: done, refused by a rule (403, CSRF, lockout), or failed (a wrong password).
public enum AuditOutcome: String, Sendable, Codable, CaseIterable {
    case ok, refused, failed

    public var label: String {
        switch self {
        case .ok: "成功"
        case .refused: "拒绝"
        case .failed: "失败"
        }
    }
}
