import Foundation

/// A staff account: one person (or one integrating system) bound to one organisation of one county.
/// The password hash is bcrypt; the plain password never leaves the request that carries it.
public struct Account: Hashable, Sendable {
    public var username: String
    public var county: String
    public var displayName: String
    public var role: Role
    public var organization: String
    public var person: String?
    public var passwordHash: String
    public var disabled: Bool
    /// Set by a reset: the next login must choose a new password.
    public var mustChange: Bool
    /// Opened by the system administrator and not yet given its role by the security administrator (三员分立):
    /// it can neither sign in nor hold a token.
    public var awaitingGrant: Bool
    public var passwordChangedAt: Date
    public var createdAt: Date

    public init(
        username: String, county: String, displayName: String, role: Role, organization: String,
        person: String? = nil, passwordHash: String, disabled: Bool = false, mustChange: Bool = false,
        awaitingGrant: Bool = false, passwordChangedAt: Date, createdAt: Date
    ) {
        self.username = username
        self.county = county
        self.displayName = displayName
        self.role = role
        self.organization = organization
        self.person = person
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.mustChange = mustChange
        self.awaitingGrant = awaitingGrant
        self.passwordChangedAt = passwordChangedAt
        self.createdAt = createdAt
    }

    /// Whether the account may be used at all: enabled and its role granted.
    public var isUsable: Bool { !disabled && !awaitingGrant }

    /// The audited state of an account: everything but the password hash.
    public var auditText: String {
        [
            username, county, displayName, role.rawValue, organization, person ?? "",
            disabled ? "disabled" : awaitingGrant ? "awaiting-grant" : "active",
        ]
        .joined(separator: "|")
    }
}

/// An API token of a `system` account as listed (the secret itself is shown once, at creation, and never stored).
public struct APIToken: Hashable, Sendable {
    public var id: String
    public var username: String
    public var name: String
    public var scope: [String]
    /// The areas of the API the token may use (`cases:write` …).
    public var permissions: [TokenScope]
    public var createdBy: String
    public var createdAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(
        id: String, username: String, name: String, scope: [String], permissions: [TokenScope] = [],
        createdBy: String, createdAt: Date, revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.username = username
        self.name = name
        self.scope = scope
        self.permissions = permissions
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}
