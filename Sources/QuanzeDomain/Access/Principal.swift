/// The signed-in user (or the system behind a token) as the rules see it: role, county, organisation and, for
/// township staff, the township-level unit the organisation belongs to.
public struct Principal: Hashable, Sendable {
    public var username: String
    public var role: Role
    public var county: String
    public var organization: String
    /// The township-level unit this principal works for (its own code, or the parent of a squad or office).
    public var unit: String?
    public var person: String?
    /// For API tokens: the organisations the token may write for (empty for web sessions).
    public var tokenScope: Set<String>
    /// For API tokens: the areas of the API the token may read or write; nil for web sessions.
    public var tokenScopes: Set<TokenScope>?
    /// A city- or province-level account reading one county of its division: the account's own division code
    /// (`county` is then the county it reads). Such a principal changes nothing (`CountyScope`).
    public var scope: String? = nil

    public init(
        username: String, role: Role, county: String, organization: String, unit: String? = nil,
        person: String? = nil, tokenScope: Set<String> = [], tokenScopes: Set<TokenScope>? = nil
    ) {
        self.username = username
        self.role = role
        self.county = county
        self.organization = organization
        self.unit = unit
        self.person = person
        self.tokenScope = tokenScope
        self.tokenScopes = tokenScopes
    }

    /// The unit a principal's organisation belongs to: itself for a township-level unit, its parent for a squad
    /// or an approval office, none otherwise.
    public static func unit(of organization: Organization) -> String? {
        switch organization.kind {
        case .township: organization.code
        case .enforcementSquad, .approvalOffice: organization.parent
        default: nil
        }
    }

    /// The actor written to the audit log.
    public var actor: Actor { Actor(name: username, role: role.rawValue, organization: organization) }
}
