/// The two groups the townships' governance rights fall in: 管人 (over the people of the county's dispatched
/// agencies) and 管事 (over the county's plans, projects and major matters in the township).
public enum RightGroup: String, Codable, Sendable, CaseIterable {
    case people
    case affairs

    public var label: String { self == .people ? "管人" : "管事" }

    /// The key or the Chinese word.
    public init?(text: String) {
        switch text.trimmingSpaces() {
        case "people", "管人": self = .people
        case "affairs", "管事": self = .affairs
        default: return nil
        }
    }
}

/// Which records of the product are exercises of a right, or require it. Two rights are exercised in the dispatched
/// agencies' workflows and counted from them (the township's opinion on a head appointment, its scores in an
/// agency's yearly assessment); two are the township's participation in a department's plan or project acceptance
/// — such a matter without the township's participation on record is flagged. A right without a scope is recorded
/// by the township as it is exercised.
public enum RightScope: String, Codable, Sendable, CaseIterable {
    case headAppointment = "head-appointment"
    case agencyAssessment = "agency-assessment"
    case plan
    case acceptance

    public var label: String {
        switch self {
        case .headAppointment: "派驻机构负责人任免的镇街意见"
        case .agencyAssessment: "派驻机构年度考核的镇街评分"
        case .plan: "规划编制"
        case .acceptance: "项目验收"
        }
    }

    /// Exercises counted from the agencies' records, never recorded by hand.
    public var isDerived: Bool { self == .headAppointment || self == .agencyAssessment }

    /// The kind of department matter the right is the township's participation in.
    public var matterKind: MatterKind? {
        switch self {
        case .plan: .plan
        case .acceptance: .acceptance
        default: nil
        }
    }
}

/// One right of a county's list (镇街治理权力): its name, group and the county document that handed it to the
/// townships (`RuleSource`: document, 文号, provision, wording) — data, never Swift text.
public struct GovernanceRight: Codable, Hashable, Sendable {
    /// A short key the API and the stored exercises use (`planning`).
    public var code: String
    /// 规划参与权.
    public var name: String
    public var group: RightGroup
    /// The records of the product that are exercises of it (nil: recorded by hand).
    public var scope: RightScope?
    /// The year the county handed it to the townships, when recorded.
    public var grantedIn: Int?
    public var source: RuleSource

    public init(
        code: String, name: String, group: RightGroup, scope: RightScope? = nil, grantedIn: Int? = nil,
        source: RuleSource
    ) {
        self.code = code
        self.name = name
        self.group = group
        self.scope = scope
        self.grantedIn = grantedIn
        self.source = source
    }
}

/// A county's list of governance rights. The product's default list names the five rights with a wording and no
/// source document ("本区县尚未登记依据文件"); a county's own list, recorded by 编办, names the document of every right.
public struct GovernanceRightList: Codable, Hashable, Sendable {
    public var rights: [GovernanceRight]

    public init(rights: [GovernanceRight]) { self.rights = rights }

    static let maximum = 20
    static let nameLimit = 20
    static let textLimit = 500

    /// A list a county may keep: 1–20 rights, codes and names unique, each with its wording, a 文号 (when given) in
    /// the form of GB/T 9704-2012, a year 2000–2100, and at most one right per scope (a plan or an acceptance is
    /// checked against one right). A county's own list (`requireDocuments`) names each right's document.
    public func validate(requireDocuments: Bool) throws(GovernanceFailure) {
        guard !rights.isEmpty else { throw .emptyList }
        guard rights.count <= Self.maximum else { throw .tooManyRights(rights.count) }
        var codes = Set<String>()
        var names = Set<String>()
        var scopes: [RightScope: String] = [:]
        for right in rights {
            guard Self.isValidCode(right.code) else { throw .invalidCode(right.code) }
            guard codes.insert(right.code).inserted else { throw .duplicateCode(right.code) }
            let name = right.name.trimmingSpaces()
            guard !name.isEmpty else { throw .emptyName }
            guard name.count <= Self.nameLimit else { throw .tooLong(field: "权力名称", limit: Self.nameLimit) }
            guard names.insert(name).inserted else { throw .duplicateName(name) }
            guard !right.source.wording.trimmingSpaces().isEmpty else { throw .emptyWording(name) }
            for text in [right.source.wording, right.source.document, right.source.provision ?? ""]
            where text.count > Self.textLimit {
                throw .tooLong(field: "依据", limit: Self.textLimit)
            }
            if requireDocuments && right.source.document.trimmingSpaces().isEmpty { throw .missingDocument(name) }
            if let number = right.source.number, !number.isEmpty, !Decision.isValidNumber(number) {
                throw .invalidNumber(number)
            }
            if let year = right.grantedIn, !(2000...2100).contains(year) { throw .yearOutOfRange(year) }
            if let scope = right.scope {
                if let first = scopes[scope] { throw .scopeTwice(scope: scope.label, first: first, second: name) }
                scopes[scope] = name
            }
        }
    }

    /// 1–40 lower-case ASCII letters, digits and `-`, not starting with `-`.
    public static func isValidCode(_ code: String) -> Bool {
        (1...40).contains(code.count) && !code.hasPrefix("-")
            && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public func right(_ code: String) -> GovernanceRight? { rights.first { $0.code == code } }

    public func right(for scope: RightScope) -> GovernanceRight? { rights.first { $0.scope == scope } }

    /// The rights of a group, in the list's order.
    public func group(_ group: RightGroup) -> [GovernanceRight] { rights.filter { $0.group == group } }
}
