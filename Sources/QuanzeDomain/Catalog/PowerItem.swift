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
    /// Who the law makes competent (实施层级): the county department, or the township-level unit by law.
    public var competentLevel: CompetentLevel
    /// The statute articles that give the item to that level; empty for a county department's item (its own
    /// `legalBases` say what the department does), required for every other level.
    public var levelBasis: [ArticleRef]

    public init(
        county: String, code: String, name: String, category: ItemCategory, parentCode: String? = nil,
        department: String, legalBases: [ArticleRef], duties: String = "", accountability: String = "",
        statutoryLimit: TimeLimit? = nil, promisedLimit: TimeLimit? = nil, requirements: [Requirement] = [],
        platformCode: String? = nil, status: Status = .active, version: Int = 1, validFrom: Day? = nil,
        validTo: Day? = nil, departmentCode: String? = nil, competentLevel: CompetentLevel = .county,
        levelBasis: [ArticleRef] = []
    ) {
        self.departmentCode = departmentCode
        self.competentLevel = competentLevel
        self.levelBasis = levelBasis
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

    /// The longest item code: the Sichuan platform's 实施编码 run to 55 characters; 64 leaves room.
    public static let maximumCodeLength = 64

    /// Item codes: 1–64 characters of ASCII letters, digits and `-` (a 12- or 14-character 基本编码, a 实施编码 or a
    /// county's own code), so they are safe in URLs and files.
    public static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= maximumCodeLength
            && code.utf8.allSatisfy {
                ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45
            }
    }

    /// The Sichuan platform's implementation code (实施编码), in every shape the platform issues:
    /// `<basic>-<12-digit region>-000-<body>-<version>` where `<basic>` is a 12- or 14-character 基本编码
    /// (`511A0138000000`) or a catalogue code (`E-000010-001`, `1J-5100-00027`, `A-005818-5818`), `<body>` the
    /// implementing body's code (8–18 letters and digits: a credit code, an organisation code, which may carry its
    /// check character after a hyphen, `76726532-X`) and `<version>` two numeric parts, the last of two digits
    /// (`1-00`); or, without a region, `<catalogue code>-<body>`.
    public static func isKnownPlatformCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if let region = parts.indices.dropLast().first(where: {
            $0 > 0 && parts[$0].count == 12 && isDigits(parts[$0]) && parts[$0 + 1] == "000"
        }) {
            let basic = Array(parts[..<region])
            let rest = Array(parts[(region + 2)...])
            guard basic.count == 1 ? isBasicCode(basic[0]) : isCatalogueCode(basic) else { return false }
            guard let body = rest.first, isBodyCode(body) else { return false }
            var version = rest.dropFirst()
            if body.count == 8, version.count == 3, version.first!.count == 1, isUpperAlphanumeric(version.first!) {
                version = version.dropFirst()
            }
            return version.count == 2 && version.last!.count == 2
                && version.allSatisfy { (1...2).contains($0.count) && isDigits($0) }
        }
        return parts.count == 4 && isCatalogueCode(Array(parts[..<3])) && isBodyCode(parts[3])
    }

    /// A 基本编码: 12 or 14 upper-case letters and digits (`511A09001023`, `511A0138000000`).
    public static func isBasicCode(_ text: String) -> Bool {
        (text.count == 12 || text.count == 14) && isUpperAlphanumeric(text)
    }

    /// A catalogue code of three parts: 1–2 letters or digits, then two groups of 3–6 digits.
    static func isCatalogueCode(_ parts: [String]) -> Bool {
        parts.count == 3 && (1...2).contains(parts[0].count) && isUpperAlphanumeric(parts[0])
            && parts[1...].allSatisfy { (3...6).contains($0.count) && isDigits($0) }
    }

    static func isBodyCode(_ text: String) -> Bool { (8...18).contains(text.count) && isUpperAlphanumeric(text) }

    static func isDigits(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

    static func isUpperAlphanumeric(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }
    }
}
