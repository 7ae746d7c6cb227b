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
public struct AuditEvent: Hashable, Sendable {
    public var county: String
    public var actor: Actor
    public var at: Date
    public var action: String
    public var subject: String
    public var detail: String
    public var outcome: String

    public init(
        county: String, actor: Actor, at: Date, action: String, subject: String, detail: String,
        outcome: String = "ok"
    ) {
        self.county = county
        self.actor = actor
        self.at = at
        self.action = action
        self.subject = subject
        self.detail = detail
        self.outcome = outcome
    }
}
