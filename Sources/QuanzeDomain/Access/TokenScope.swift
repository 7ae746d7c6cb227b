/// What an API token may do, on top of what its account may do: one area of the API, read or write
/// (`cases:write`, `delegation:read`). An integrating system or a migration script gets a token with the scopes it
/// needs instead of a role's password; a request outside the token's scopes is refused, naming the scope it lacks.
///
/// One rule maps every request to the scope it needs (`required(method:path:)`): the area is the first path segment
/// after `/api/v1/`; reading needs `area:read` (or `area:write`), anything else `area:write`. The rule is asked
/// only where a handler requires a staff capability, so public reads need no scope: the public reads them without
/// any credential.
public struct TokenScope: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Access: String, Sendable, CaseIterable {
        case read, write

        public var label: String { self == .read ? "读取" : "写入" }
    }

    public var area: String
    public var access: Access

    public init(area: String, access: Access) {
        self.area = area
        self.access = access
    }

    /// Parses `area:read` or `area:write` for a known area.
    public init?(_ text: String) {
        let parts = text.trimmingSpaces().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, Self.areas[parts[0]] != nil, let access = Access(rawValue: parts[1]) else {
            return nil
        }
        self.init(area: parts[0], access: access)
    }

    /// The API's areas a token can be scoped to, with the words a user reads.
    public static let areas: [String: String] = [
        "cases": "办件数据", "delegation": "赋权流程", "units": "单位内部数据", "capacity": "承接能力",
        "suggestions": "调整建议", "organizations": "组织机构", "requirements": "承接要求词表", "catalogues": "省级赋权目录",
        "law-maps": "条文对照", "agencies": "派驻机构", "governance": "镇街治理权力",
        "subscriptions": "变更订阅",
    ]

    /// Every scope there is, in a stable order (for help texts and forms).
    public static var all: [TokenScope] {
        areas.keys.sorted().flatMap { area in Access.allCases.map { TokenScope(area: area, access: $0) } }
    }

    public var description: String { "\(area):\(access.rawValue)" }

    public var label: String { "\(Self.areas[area] ?? area)（\(access.label)）" }

    public static func < (a: TokenScope, b: TokenScope) -> Bool { a.description < b.description }

    /// Whether holding this scope allows what `needed` asks: the same area, and writing includes reading.
    public func covers(_ needed: TokenScope) -> Bool {
        area == needed.area && (access == .write || needed.access == .read)
    }

    /// The scope a staff request needs (nil outside the API, where tokens are not accepted).
    public static func required(method: String, path: String) -> TokenScope? {
        let prefix = "/api/v1/"
        guard path.hasPrefix(prefix) else { return nil }
        let area = String(path.dropFirst(prefix.count).prefix { $0 != "/" })
        return TokenScope(area: area, access: method == "GET" || method == "HEAD" ? .read : .write)
    }

    /// Parses a list of scopes; the texts that are not scopes come back apart.
    public static func parseList(_ texts: [String]) -> (scopes: [TokenScope], unknown: [String]) {
        var scopes: [TokenScope] = []
        var unknown: [String] = []
        for text in texts.flatMap({ $0.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) }) {
            if let scope = TokenScope(String(text)) { scopes.append(scope) } else { unknown.append(String(text)) }
        }
        return (Array(Set(scopes)).sorted(), unknown)
    }
}
