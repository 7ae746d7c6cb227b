import Foundation

/// The facts of a catalogue item the guidance rules need: its name, its category (裁量基准 only for 行政处罚) and
/// its competent department (who may publish for it).
public struct GuidanceItem: Hashable, Sendable {
    public var code: String
    public var name: String
    public var category: ItemCategory
    public var departmentCode: String?
    public var department: String

    public init(code: String, name: String, category: ItemCategory, departmentCode: String?, department: String) {
        self.code = code
        self.name = name
        self.category = category
        self.departmentCode = departmentCode
        self.department = department
    }

    public init(_ item: PowerItem) {
        self.init(
            code: item.code, name: item.name, category: item.category, departmentCode: item.departmentCode,
            department: item.department)
    }
}

/// The organisation that issues a guidance document or a discretion standard, by code and name.
public struct GuidanceIssuer: Codable, Hashable, Sendable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// Something kept in versions: each version has its number and the day it takes effect.
public protocol GuidanceVersioned {
    var version: Int { get }
    var effectiveOn: Day { get }
}

/// Where a version stands on a day: in force, replaced by a later version, or not yet in force.
public enum GuidanceStanding: Hashable, Sendable {
    case current
    case superseded(byVersion: Int, on: Day)
    case upcoming

    public var label: String {
        switch self {
        case .current: "现行有效"
        case .superseded(let version, let day): "已被第 \(version) 版替代（\(day.chinese)起）"
        case .upcoming: "尚未施行"
        }
    }
}

/// Who may publish, and how versions follow one another — one place for both kinds of guidance.
public enum GuidanceRules {
    /// Roles that publish guidance: the competent department for its own items; 编办 (keeper of the catalogue) and
    /// 司法局 (legal review of enforcement) for any item.
    public static let publishers: Set<Role> = [.department, .establishment, .justice]

    /// Whether the principal may publish for the item: 编办 and 司法局 always; a department for the items it is
    /// the competent department of.
    public static func mayPublish(_ principal: Principal, for item: GuidanceItem) -> Bool {
        switch principal.role {
        case .establishment, .justice: true
        case .department: item.departmentCode == principal.organization
        default: false
        }
    }

    /// Refuses a principal who may not publish for every one of the items.
    public static func checkPublisher(_ principal: Principal, items: [GuidanceItem]) throws(GuidanceFailure) {
        guard publishers.contains(principal.role) else { throw .wrongRole(role: principal.role.label) }
        for item in items where !mayPublish(principal, for: item) {
            throw .notCompetent(item: item.name, department: item.department)
        }
    }

    /// The number and the earliest effective day of the next version after `previous` (the first version has
    /// number 1 and no bound).
    public static func nextVersion(after previous: (some GuidanceVersioned)?, effectiveOn day: Day)
        throws(GuidanceFailure) -> Int
    {
        guard let previous else { return 1 }
        guard day >= previous.effectiveOn else {
            throw .dayBeforePrevious(day: day, previous: previous.effectiveOn, version: previous.version)
        }
        return previous.version + 1
    }

    /// The version in force on a day: the highest-numbered version that has taken effect.
    public static func current<T: GuidanceVersioned>(_ versions: [T], on day: Day) -> T? {
        versions.filter { $0.effectiveOn <= day }.max { $0.version < $1.version }
    }

    /// Where a version stands on a day among its series.
    public static func standing<T: GuidanceVersioned>(of version: T, among versions: [T], on day: Day)
        -> GuidanceStanding
    {
        guard version.effectiveOn <= day else { return .upcoming }
        let later = versions.filter { $0.version > version.version && $0.effectiveOn <= day }
        guard let next = later.min(by: { $0.version < $1.version }) else { return .current }
        return .superseded(byVersion: next.version, on: next.effectiveOn)
    }

    /// Trims a text and checks it is present and short enough.
    static func text(_ given: String, limit: Int, field: String, empty: GuidanceFailure) throws(GuidanceFailure)
        -> String
    {
        let text = given.trimmingSpaces()
        guard !text.isEmpty else { throw empty }
        guard text.count <= limit else { throw .tooLong(field: field, limit: limit) }
        return text
    }
}
