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

    /// What the certificate proves. `enforcement` and `legalProfession` are the `CertificateKind`s an item may
    /// require; `professional` names a `ProfessionalField`.
    public enum Kind: Hashable, Sendable, Codable, CustomStringConvertible {
        case enforcement
        case legalProfession
        case professional(ProfessionalField)

        public static var allCases: [Kind] {
            [.enforcement, .legalProfession] + ProfessionalField.allCases.map { .professional($0) }
        }

        /// `enforcement`, `legal`, `field:livestock`: the requirement codes without their `cert:` prefix.
        public var code: String {
            switch self {
            case .enforcement: CertificateKind.enforcement.rawValue
            case .legalProfession: CertificateKind.legal.rawValue
            case .professional(let f): "field:\(f.rawValue)"
            }
        }

        public var description: String { code }

        public var label: String {
            switch self {
            case .enforcement: "行政执法证"
            case .legalProfession: "法律职业资格"
            case .professional(let f): "\(f.label)专业证书"
            }
        }

        /// The requirement kind this certificate satisfies, if it is one an item may require.
        public var requirementKind: CertificateKind? {
            switch self {
            case .enforcement: .enforcement
            case .legalProfession: .legal
            case .professional: nil
            }
        }

        public init(_ kind: CertificateKind) {
            self = kind == .enforcement ? .enforcement : .legalProfession
        }

        /// Accepts the code, the Chinese names (执法证, 行政执法证, 法律职业资格(证书)), a field key (`livestock`,
        /// `field:livestock`) or a field's label (畜禽品种鉴定, optionally followed by 专业证书).
        public init?(text: String) {
            let t = text.trimmingSpaces()
            switch t {
            case "enforcement", "执法证", "行政执法证", "执法资格证": self = .enforcement
            case "legal", "legalProfession", "法律职业资格", "法律职业资格证", "法律职业资格证书": self = .legalProfession
            default:
                let key = t.hasPrefix("field:") ? String(t.dropFirst(6)) : t
                let label = t.hasSuffix("专业证书") ? String(t.dropLast(4)) : t
                guard
                    let f = ProfessionalField(rawValue: key)
                        ?? ProfessionalField.allCases.first(where: { $0.label == label })
                else { return nil }
                self = .professional(f)
            }
        }
    }
}
