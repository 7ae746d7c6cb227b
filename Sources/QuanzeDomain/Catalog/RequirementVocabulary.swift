/// A county's vocabulary of requirement terms: professional fields, certificate kinds and equipment, each a code
/// with a Chinese name. The built-in terms belong to every county; a county adds its own (特种设备, 卫生监督 …), and
/// every label of a requirement, certificate or equipment is read from here.
public struct RequirementVocabulary: Hashable, Sendable {
    /// One entry: `field` / `livestock` / 畜禽品种鉴定.
    public struct Term: Hashable, Sendable, Codable {
        /// The three kinds of terms, with the prefix their requirement codes take.
        public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
            case field, certificate, equipment

            /// The prefix of the requirement code (`field:`, `cert:`, `equip:`).
            public var prefix: String {
                switch self {
                case .field: "field"
                case .certificate: "cert"
                case .equipment: "equip"
                }
            }

            public var label: String {
                switch self {
                case .field: "专业能力"
                case .certificate: "持有证件"
                case .equipment: "装备"
                }
            }

            /// Accepts the key, the code prefix or the Chinese label.
            public init?(text: String) {
                let t = text.trimmingSpaces()
                guard let k = Kind.allCases.first(where: { $0.rawValue == t || $0.prefix == t || $0.label == t })
                else { return nil }
                self = k
            }
        }

        /// Identifies a term inside a vocabulary.
        public struct Key: Hashable, Sendable {
            public var kind: Kind
            public var code: String

            public init(kind: Kind, code: String) {
                self.kind = kind
                self.code = code
            }

            /// `field:livestock`.
            public var requirementCode: String { "\(kind.prefix):\(code)" }
        }

        public var kind: Kind
        public var code: String
        public var name: String

        public init(kind: Kind, code: String, name: String) {
            self.kind = kind
            self.code = code
            self.name = name
        }

        public var key: Key { Key(kind: kind, code: code) }
    }

    /// Why a term cannot be added.
    public enum Failure: Error, Equatable, Sendable {
        case invalidKind(String)
        case invalidCode(String)
        case invalidName(String)
        case duplicateCode(Term.Key)
        case duplicateName(Term.Kind, String)

        public var message: String {
            switch self {
            case .invalidKind(let kind): "未知的类别“\(kind)”，应为 field、certificate、equipment 或 专业能力、持有证件、装备"
            case .invalidCode(let code):
                "代码“\(code)”格式不正确（仅限小写字母、数字和连字符，以字母或数字开头，最长40位）"
            case .invalidName(let name): "名称“\(name)”不正确（须为1至30个字，不含分号、冒号和括号）"
            case .duplicateCode(let key): "代码“\(key.requirementCode)”已在词表中"
            case .duplicateName(let kind, let name): "\(kind.label)“\(name)”已在词表中"
            }
        }
    }

    /// The terms every county has, with the codes and names stored items and certificates already use.
    public static let builtInTerms: [Term] =
        [
            ("livestock", "畜禽品种鉴定"), ("geology", "地质灾害防治"), ("fishery", "渔业渔政"), ("publishing", "出版物市场管理"),
            ("food", "食品安全"), ("planning", "城乡规划"), ("construction", "建设工程"), ("environment", "生态环境"),
            ("culture", "文化市场"), ("transport", "交通运输"), ("water", "水务水利"), ("work-safety", "安全生产"),
            ("hazchem", "危险化学品"),
        ].map { Term(kind: .field, code: $0.0, name: $0.1) }
        + [("enforcement", "行政执法证"), ("legal", "法律职业资格证书")].map {
            Term(kind: .certificate, code: $0.0, name: $0.1)
        }
        + [("vehicle", "执法车辆"), ("bodycam", "执法记录仪"), ("scanner", "高拍仪"), ("network", "政务专网")].map {
            Term(kind: .equipment, code: $0.0, name: $0.1)
        }

    public static let builtIn = RequirementVocabulary(terms: builtInTerms)

    /// Every term in order: the built-in ones first, then the county's in the order they were added.
    public private(set) var terms: [Term]
    private var names: [Term.Key: String]

    init(terms: [Term]) {
        self.terms = terms
        self.names = Dictionary(terms.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The built-in terms plus a county's additions (as stored; a stored duplicate of a built-in code is ignored).
    public init(additions: [Term]) {
        self.init(terms: Self.builtInTerms)
        for term in additions where names[term.key] == nil {
            terms.append(term)
            names[term.key] = term.name
        }
    }

    public func isBuiltIn(_ key: Term.Key) -> Bool { Self.builtIn.names[key] != nil }

    public func terms(of kind: Term.Kind) -> [Term] { terms.filter { $0.kind == kind } }

    public func name(_ key: Term.Key) -> String? { names[key] }

    /// The vocabulary with one more term; the code must be well-formed and new, the name new within its kind.
    public func adding(_ term: Term) throws(Failure) -> RequirementVocabulary {
        let code = term.code.trimmingSpaces()
        let name = term.name.trimmingSpaces()
        guard Requirement.isValidTermCode(code) else { throw .invalidCode(code) }
        let forbidden: Set<Character> = [";", "；", ":", "：", "(", ")", "（", "）", "<", ">"]
        guard (1...30).contains(name.count), !name.contains(where: { forbidden.contains($0) }) else {
            throw .invalidName(name)
        }
        let clean = Term(kind: term.kind, code: code, name: name)
        guard names[clean.key] == nil else { throw .duplicateCode(clean.key) }
        guard !terms(of: term.kind).contains(where: { $0.name == name }) else { throw .duplicateName(term.kind, name) }
        var copy = self
        copy.terms.append(clean)
        copy.names[clean.key] = name
        return copy
    }

    /// The codes among `requirements` that this vocabulary does not have (in order, without repeats).
    public func unknown(_ requirements: [Requirement]) -> [String] {
        var out: [String] = []
        for r in requirements {
            if let key = r.term, names[key] == nil, !out.contains(r.code) { out.append(r.code) }
        }
        return out
    }

    /// The Chinese name of a requirement's term (`畜禽品种鉴定`); an unknown code shows as itself.
    public func name(of requirement: Requirement) -> String {
        guard let key = requirement.term else { return label(of: requirement) }
        return names[key] ?? requirement.code
    }

    /// How a requirement reads on a page: 专业能力：畜禽品种鉴定, 持证执法人员不少于2名.
    public func label(of requirement: Requirement) -> String {
        switch requirement {
        case .minimumCertifiedOfficers(let n): "持证执法人员不少于\(n)名"
        default: "\(requirement.term!.kind.label)：\(name(of: requirement))"
        }
    }

    public func name(of field: ProfessionalField) -> String { name(of: .field(field)) }
    public func name(of equipment: EquipmentKind) -> String { name(of: .equipment(equipment)) }

    /// The certificate a staff record holds: 行政执法证, 法律职业资格, 畜禽品种鉴定专业证书, or a county's kind by name.
    public func name(of kind: Certificate.Kind) -> String {
        switch kind {
        case .enforcement: "行政执法证"
        case .legalProfession: "法律职业资格"
        case .professional(let f): "\(name(of: f))专业证书"
        case .other(let c): name(of: .certificate(c))
        }
    }

    /// Every certificate kind a person may hold: the two built-in ones, one per field, and the county's own.
    public var certificateKinds: [Certificate.Kind] {
        [.enforcement, .legalProfession] + terms(of: .field).map { .professional(ProfessionalField(builtIn: $0.code)) }
            + terms(of: .certificate).filter { !isBuiltIn($0.key) }.map { .other(CertificateKind(builtIn: $0.code)) }
    }

    public var equipmentKinds: [EquipmentKind] { terms(of: .equipment).map { EquipmentKind(builtIn: $0.code) } }

    /// Reads a staff CSV's `certificate` cell: the built-in spellings (执法证 …), a field's code or name (with or
    /// without 专业证书), or a county certificate kind's code or name.
    public func certificateKind(text: String) -> Certificate.Kind? {
        let t = text.trimmingSpaces()
        if let builtIn = Certificate.Kind(builtInText: t) { return builtIn }
        let key = t.hasPrefix("field:") ? String(t.dropFirst(6)) : t
        let label = t.hasSuffix("专业证书") ? String(t.dropLast(4)) : t
        if let f = terms(of: .field).first(where: { $0.code == key || $0.name == label }) {
            return .professional(ProfessionalField(builtIn: f.code))
        }
        let cert = t.hasPrefix("cert:") ? String(t.dropFirst(5)) : t
        if let c = terms(of: .certificate).first(where: { $0.code == cert || $0.name == t }) {
            return Certificate.Kind(CertificateKind(builtIn: c.code))
        }
        return nil
    }

    /// Reads an equipment cell: a code, a name, or the built-in short forms (执法车, 记录仪, 专网).
    public func equipmentKind(text: String) -> EquipmentKind? {
        let t = text.trimmingSpaces()
        if let e = terms(of: .equipment).first(where: { $0.code == t || $0.name == t }) {
            return EquipmentKind(builtIn: e.code)
        }
        return EquipmentKind(builtInText: t)
    }
}
