import Foundation

/// Which counties an account reaches (issue 17 point 4). An account belongs to one division: a county (the usual
/// case: it reads and writes that county only), or a city or a province — a city- or province-level 编办 or
/// supervisor, who reads every county of its division and writes none. The level is the code's own (GB/T 2260): a
/// province ends in 0000, a city (prefecture) in 00, a county in neither.
public enum CountyScope {
    public enum Level: String, Sendable, Equatable {
        case county, city, province

        public var label: String {
            switch self {
            case .county: "区县级"
            case .city: "市级"
            case .province: "省级"
            }
        }
    }

    /// The roles an account of a city or a province may have: they read across counties and decide nothing there.
    public static let crossCountyRoles: Set<Role> = [.establishment, .supervisor]

    /// The level of a six-digit division code.
    public static func level(of code: String) -> Level {
        if code.hasSuffix("0000") { return .province }
        if code.hasSuffix("00") { return .city }
        return .county
    }

    /// Whether an account of `scope` may read `county`: its own county, or a county of its city or province.
    public static func covers(_ scope: String, _ county: String) -> Bool {
        guard scope.utf8.count == 6, county.utf8.count == 6, level(of: county) == .county else { return false }
        switch level(of: scope) {
        case .county: return scope == county
        case .city: return county.hasPrefix(scope.prefix(4))
        case .province: return county.hasPrefix(scope.prefix(2))
        }
    }

    /// A role an account of `scope` may hold (`AccountRules.validate`).
    public static func validate(role: Role, scope: String) throws(AccountFailure) {
        let level = level(of: scope)
        guard level == .county || crossCountyRoles.contains(role) else {
            throw .crossCountyRole(role: role, level: level)
        }
    }
}

/// Why a request of a city- or province-level account is refused.
public enum CountyScopeFailure: Error, Equatable, Sendable {
    /// The county asked for lies outside the account's division.
    case outside(county: String, scope: String)
    /// A city or province account changes nothing in a county.
    case readOnly(level: CountyScope.Level)

    public var message: String {
        switch self {
        case .outside(let county, let scope): "本账号（\(scope)）只能查阅所辖区县的数据，\(county) 不在其中"
        case .readOnly(let level): "\(level.label)账号只能查阅所辖区县的数据，不能在区县办理或修改"
        }
    }
}
