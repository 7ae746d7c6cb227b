/// One administrative power or public service (权责事项) of a county's catalogue.
public struct PowerItem: Hashable, Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case active, suspended, repealed

        public var label: String {
            switch self {
            case .active: "有效"
            case .suspended: "暂停"
            case .repealed: "已废止"
            }
        }
    }

    public var county: String
    public var code: String
    public var name: String
    public var category: ItemCategory
    public var parentCode: String?
    /// The competent department's name as of now, for display and for the rules that compare names.
    public var department: String
    /// The competent department's code: what is stored, so a rename orphans nothing. Nil when the item was built
    /// from a name only (the store then looks the code up by that name).
    public var departmentCode: String?
    public var legalBases: [ArticleRef]
    public var duties: String
    public var accountability: String
    public var statutoryLimit: TimeLimit?
    public var promisedLimit: TimeLimit?
    public var requirements: [Requirement]
    /// The platform's implementation code (实施编码), kept as given even when its format is unknown.
    public var platformCode: String?
    public var status: Status
    public var version: Int
    public var validFrom: Day?
    public var validTo: Day?

    public init(
        county: String, code: String, name: String, category: ItemCategory, parentCode: String? = nil,
        department: String, legalBases: [ArticleRef], duties: String = "", accountability: String = "",
        statutoryLimit: TimeLimit? = nil, promisedLimit: TimeLimit? = nil, requirements: [Requirement] = [],
        platformCode: String? = nil, status: Status = .active, version: Int = 1, validFrom: Day? = nil,
        validTo: Day? = nil, departmentCode: String? = nil
    ) {
        self.departmentCode = departmentCode
        self.county = county
        self.code = code
        self.name = name
        self.category = category
        self.parentCode = parentCode
        self.department = department
        self.legalBases = legalBases
        self.duties = duties
        self.accountability = accountability
        self.statutoryLimit = statutoryLimit
        self.promisedLimit = promisedLimit
        self.requirements = requirements
        self.platformCode = platformCode
        self.status = status
        self.version = version
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Item codes: 1–40 characters of ASCII letters, digits and `-`, so they are safe in URLs and files.
    public static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= 40
            && code.utf8.allSatisfy {
                ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45
            }
    }

    /// The Sichuan platform's implementation code: basic code, 12-digit region, `000`, 18-char credit code, versions.
    public static func isKnownPlatformCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return false }
        return parts[0].count == 14 && parts[1].count == 12 && parts[1].allSatisfy(\.isNumber) && parts[2] == "000"
            && (17...18).contains(parts[3].count) && parts[4].allSatisfy(\.isNumber) && parts[5].allSatisfy(\.isNumber)
    }
}
