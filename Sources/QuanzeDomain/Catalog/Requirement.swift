/// A typed requirement for exercising an item (not free text), so capacity fit can be computed from data.
///
/// Fields, certificate kinds and equipment are codes of the county's vocabulary (`RequirementVocabulary`): parsing
/// checks only the syntax, so a county's own codes (`field:special-equipment`) parse like the built-in ones;
/// whether a code is in the county's vocabulary is a separate check (`RequirementVocabulary.unknown(_:)`), and
/// every Chinese name comes from the vocabulary.
public enum Requirement: Hashable, Sendable, Codable, CustomStringConvertible {
    case field(ProfessionalField)
    case certificate(CertificateKind)
    case equipment(EquipmentKind)
    case minimumCertifiedOfficers(Int)

    /// Parses `field:livestock`, `cert:enforcement`, `equip:vehicle`, `min-certified:2`.
    public init?(code: String) {
        let parts = code.trimmingSpaces().split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "field":
            guard let f = ProfessionalField(rawValue: parts[1]) else { return nil }
            self = .field(f)
        case "cert":
            guard let c = CertificateKind(rawValue: parts[1]) else { return nil }
            self = .certificate(c)
        case "equip":
            guard let e = EquipmentKind(rawValue: parts[1]) else { return nil }
            self = .equipment(e)
        case "min-certified":
            guard let n = Int(parts[1]), (1...20).contains(n) else { return nil }
            self = .minimumCertifiedOfficers(n)
        default:
            return nil
        }
    }

    public var code: String {
        switch self {
        case .field(let f): "field:\(f.rawValue)"
        case .certificate(let c): "cert:\(c.rawValue)"
        case .equipment(let e): "equip:\(e.rawValue)"
        case .minimumCertifiedOfficers(let n): "min-certified:\(n)"
        }
    }

    public var description: String { code }

    /// The vocabulary entry this requirement names, if it names one (`min-certified:N` does not).
    public var term: RequirementVocabulary.Term.Key? {
        switch self {
        case .field(let f): .init(kind: .field, code: f.rawValue)
        case .certificate(let c): .init(kind: .certificate, code: c.rawValue)
        case .equipment(let e): .init(kind: .equipment, code: e.rawValue)
        case .minimumCertifiedOfficers: nil
        }
    }

    /// Parses a `;`-separated list; returns the codes that are not well-formed separately.
    public static func parseList(_ text: String) -> (known: [Requirement], unknown: [String]) {
        var known: [Requirement] = []
        var unknown: [String] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "；" }) {
            let code = String(part).trimmingSpaces()
            guard !code.isEmpty else { continue }
            if let r = Requirement(code: code) { known.append(r) } else { unknown.append(code) }
        }
        return (known, unknown)
    }

    /// A vocabulary code: 1–40 lower-case ASCII letters, digits and `-`, starting with a letter or digit, so it is
    /// safe in URLs, forms and the `;`-separated CSV column.
    public static func isValidTermCode(_ code: String) -> Bool {
        guard let first = code.utf8.first, first != 45, code.utf8.count <= 40 else { return false }
        return code.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) || $0 == 45 }
    }
}

/// A professional field (专业领域) a township's staff may hold, by its vocabulary code (`livestock`).
public struct ProfessionalField: RawRepresentable, Hashable, Sendable, Codable {
    public let rawValue: String

    public init?(rawValue: String) {
        guard Requirement.isValidTermCode(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    init(builtIn code: String) { rawValue = code }

    public static let livestock = Self(builtIn: "livestock")
    public static let geology = Self(builtIn: "geology")
    public static let fishery = Self(builtIn: "fishery")
    public static let publishing = Self(builtIn: "publishing")
    public static let food = Self(builtIn: "food")
    public static let planning = Self(builtIn: "planning")
    public static let construction = Self(builtIn: "construction")
    public static let environment = Self(builtIn: "environment")
    public static let culture = Self(builtIn: "culture")
    public static let transport = Self(builtIn: "transport")
    public static let water = Self(builtIn: "water")
    public static let workSafety = Self(builtIn: "work-safety")
    public static let hazchem = Self(builtIn: "hazchem")
}

/// A kind of certificate an item may require, by its vocabulary code (`enforcement`, `legal`, or a county's own).
public struct CertificateKind: RawRepresentable, Hashable, Sendable, Codable {
    public let rawValue: String

    public init?(rawValue: String) {
        guard Requirement.isValidTermCode(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    init(builtIn code: String) { rawValue = code }

    public static let enforcement = Self(builtIn: "enforcement")
    public static let legal = Self(builtIn: "legal")
}

/// A kind of equipment that counts for capacity, by its vocabulary code (`vehicle`, or a county's own).
public struct EquipmentKind: RawRepresentable, Hashable, Sendable, Codable {
    public let rawValue: String

    public init?(rawValue: String) {
        guard Requirement.isValidTermCode(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    init(builtIn code: String) { rawValue = code }

    public static let vehicle = Self(builtIn: "vehicle")
    public static let bodycam = Self(builtIn: "bodycam")
    public static let scanner = Self(builtIn: "scanner")
    public static let network = Self(builtIn: "network")
}
