/// A certificate held by one member of staff: a 行政执法证, a 法律职业资格 or a professional certificate of a field
/// (畜牧, 地质 …). Valid from its issue day through its expiry day, both inclusive (有效期至 names the last valid
/// day); a certificate without an expiry day (法律职业资格) stays valid.
public struct Certificate: Hashable, Sendable, Codable {
    /// Deterministic (`staff|kind|number`), so that importing the same file twice changes nothing.
    public var id: String
    public var staffId: String
    public var kind: Kind
    public var number: String
    public var issuedOn: Day
    public var expiresOn: Day?

    public init(staffId: String, kind: Kind, number: String, issuedOn: Day, expiresOn: Day?) {
        self.id = Certificate.id(staffId: staffId, kind: kind, number: number)
        self.staffId = staffId
        self.kind = kind
        self.number = number
        self.issuedOn = issuedOn
        self.expiresOn = expiresOn
    }

    public static func id(staffId: String, kind: Kind, number: String) -> String {
        "\(staffId)|\(kind.code)|\(number)"
    }

    /// Valid on `day`: issued on or before it and expiring on or after it (the expiry day itself still counts).
    public func isValid(on day: Day) -> Bool {
        issuedOn <= day && (expiresOn.map { day <= $0 } ?? true)
    }

    /// Valid on `day` and expiring within `days` days of it (the as-of day itself included).
    public func expires(within days: Int, of day: Day) -> Bool {
        guard isValid(on: day), let expiresOn else { return false }
        return expiresOn <= day.adding(days: days)
    }

    public var auditText: String {
        [id, staffId, kind.code, number, issuedOn.iso, expiresOn?.iso ?? ""].joined(separator: "|")
    }

    /// What the certificate proves. `enforcement` and `legalProfession` are the built-in `CertificateKind`s an
    /// item may require; `professional` names a field of the vocabulary; `other` a certificate kind the county added.
    /// Names come from the county's `RequirementVocabulary`.
    public enum Kind: Hashable, Sendable, Codable, CustomStringConvertible {
        case enforcement
        case legalProfession
        case professional(ProfessionalField)
        case other(CertificateKind)

        /// `enforcement`, `legal`, `field:livestock`, `cert:special-equipment`: the requirement codes (the built-in
        /// certificates without their `cert:` prefix, as stored since the beginning).
        public var code: String {
            switch self {
            case .enforcement: CertificateKind.enforcement.rawValue
            case .legalProfession: CertificateKind.legal.rawValue
            case .professional(let f): "field:\(f.rawValue)"
            case .other(let c): "cert:\(c.rawValue)"
            }
        }

        public var description: String { code }

        /// The requirement kind this certificate satisfies, if it is one an item may require as `cert:`.
        public var requirementKind: CertificateKind? {
            switch self {
            case .enforcement: .enforcement
            case .legalProfession: .legal
            case .professional: nil
            case .other(let c): c
            }
        }

        public init(_ kind: CertificateKind) {
            switch kind {
            case .enforcement: self = .enforcement
            case .legal: self = .legalProfession
            default: self = .other(kind)
            }
        }

        /// Reads a stored `code`.
        public init?(code: String) {
            if let builtIn = Kind(builtInText: code) {
                self = builtIn
            } else if code.hasPrefix("field:"), let f = ProfessionalField(rawValue: String(code.dropFirst(6))) {
                self = .professional(f)
            } else if code.hasPrefix("cert:"), let c = CertificateKind(rawValue: String(code.dropFirst(5))) {
                self.init(c)
            } else {
                return nil
            }
        }

        /// The spellings of the two built-in certificates (执法证, 行政执法证, 法律职业资格(证书), their codes).
        init?(builtInText t: String) {
            switch t {
            case "enforcement", "cert:enforcement", "执法证", "行政执法证", "执法资格证": self = .enforcement
            case "legal", "cert:legal", "legalProfession", "法律职业资格", "法律职业资格证", "法律职业资格证书":
                self = .legalProfession
            default: return nil
            }
        }
    }
}
