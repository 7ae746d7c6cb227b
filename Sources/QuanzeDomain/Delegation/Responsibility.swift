import Foundation

/// One statement printed about a delegation, with the articles it rests on when it is a legal statement. The text
/// may name `{部门}` (the department), `{镇街}` (the township) and `{过渡期}` (the transition period), filled in
/// when printed.
public struct LegalStatement: Codable, Hashable, Sendable {
    public var text: String
    public var references: [ArticleRef]

    public init(text: String, references: [ArticleRef] = []) {
        self.text = text
        self.references = references
    }

    /// The text with the names filled in and its statutes cited after it.
    public func printed(department: String, township: String, transition: String = "") -> String {
        let filled = text.replacingOccurrences(of: "{部门}", with: department)
            .replacingOccurrences(of: "{镇街}", with: township)
            .replacingOccurrences(of: "{过渡期}", with: transition)
        let cited = StatuteCitation.text(references)
        return cited.isEmpty ? filled : "\(filled)（\(cited)）"
    }
}

/// Who answers for a delegation, stated once per mode: who bears legal responsibility for the whole term and in
/// whose name the township acts (a legal statement with its statute), what the department and the township owe,
/// and — apart from legal liability — the transition arrangement (过渡期"工作在镇街、责任在部门") as the
/// department's duty to guide and support. Documents, the delegation pages, the list and item pages and the API
/// all print these statements; nothing else states responsibility.
public struct Responsibility: Codable, Hashable, Sendable {
    public enum Party: String, Codable, Sendable {
        case township, department

        public var placeholder: String { self == .township ? "{镇街}" : "{部门}" }
    }

    public var mode: DelegationMode
    /// Who bears legal responsibility for acts under the delegation, for its whole term.
    public var liable: Party
    /// In whose name the township acts.
    public var actingName: Party
    public var liability: LegalStatement
    public var departmentDuties: LegalStatement
    public var townshipDuties: LegalStatement
    /// The transition period: the department's duty to guide and support, never a statement of legal liability.
    public var transition: LegalStatement

    public init(
        mode: DelegationMode, liable: Party, actingName: Party, liability: LegalStatement,
        departmentDuties: LegalStatement, townshipDuties: LegalStatement, transition: LegalStatement
    ) {
        self.mode = mode
        self.liable = liable
        self.actingName = actingName
        self.liability = liability
        self.departmentDuties = departmentDuties
        self.townshipDuties = townshipDuties
        self.transition = transition
    }

    /// Who answers in law under each mode: the township for 赋权 (it acts in its own name, 行政处罚法 第24条), the
    /// department for 委托 (行政处罚法 第20条第3款, 行政许可法 第24条第2款).
    public static func liableParty(_ mode: DelegationMode) -> Party { mode == .granted ? .township : .department }

    /// The words that state legal liability; only the liability statement may use them.
    static let liabilityWords = ["法律责任", "承担责任", "责任主体"]

    /// The statements of one mode do not contradict each other or the law: the party liable in law and the party
    /// in whose name the township acts are the law's, the liability statement names that party (and for 赋权 not
    /// the department) and cites its statute, and no other statement — the transition least of all — speaks of
    /// legal liability.
    public func validate(known: Set<ArticleRef>? = nil) throws(ResponsibilityFailure) {
        let law = Self.liableParty(mode)
        guard liable == law else { throw .wrongLiableParty(mode: mode.label) }
        guard actingName == law else { throw .wrongActingName(mode: mode.label) }
        guard liability.text.contains(law.placeholder) else { throw .liabilityOmitsParty(mode: mode.label) }
        if mode == .granted && liability.text.contains(Party.department.placeholder) {
            throw .liabilityNamesDepartment
        }
        guard !liability.references.isEmpty else { throw .liabilityWithoutStatute(mode: mode.label) }
        let others: [(String, LegalStatement)] = [
            ("主管部门职责", departmentDuties), ("承接单位职责", townshipDuties), ("过渡期安排", transition),
        ]
        for (name, statement) in others where Self.liabilityWords.contains(where: { statement.text.contains($0) }) {
            throw .liabilityOutsideItsStatement(mode: mode.label, statement: name)
        }
        guard transition.text.contains(Party.department.placeholder) else {
            throw .transitionOmitsDepartment(mode: mode.label)
        }
        for statement in [liability, departmentDuties, townshipDuties, transition] {
            guard !statement.text.trimmingSpaces().isEmpty else { throw .emptyStatement(mode: mode.label) }
            if let known {
                for ref in statement.references where !known.contains(ref) {
                    throw .unknownArticle(ref.description)
                }
            }
        }
    }

    /// The statements filled in for one delegation.
    /// `transition` fills `{过渡期}`: "至2024年6月30日" on a page, "（12个月）" in a document drawn before the
    /// delegation starts.
    public func filled(department: String, township: String, transition transitionText: String) -> Filled {
        Filled(
            liability: liability.printed(department: department, township: township),
            departmentDuties: departmentDuties.printed(department: department, township: township),
            townshipDuties: townshipDuties.printed(department: department, township: township),
            transition: transition.printed(department: department, township: township, transition: transitionText),
            actingName: actingName == .township ? township : department)
    }

    /// The statements filled in for a running delegation (its transition period ends on a known day).
    public func filled(delegation d: Delegation) -> Filled {
        filled(department: d.departmentName, township: d.unitName, transition: "至\(d.transitionEnds.chinese)")
    }

    /// The statements of one delegation as printed.
    public struct Filled: Codable, Hashable, Sendable {
        public var liability: String
        public var departmentDuties: String
        public var townshipDuties: String
        public var transition: String
        public var actingName: String
    }
}

/// What a responsibility table is refused for.
public enum ResponsibilityFailure: Error, Equatable, Sendable {
    case wrongLiableParty(mode: String)
    case wrongActingName(mode: String)
    case liabilityOmitsParty(mode: String)
    case liabilityNamesDepartment
    case liabilityWithoutStatute(mode: String)
    case liabilityOutsideItsStatement(mode: String, statement: String)
    case transitionOmitsDepartment(mode: String)
    case emptyStatement(mode: String)
    case unknownArticle(String)
    case missingMode(String)

    public var message: String {
        switch self {
        case .wrongLiableParty(let m): "\(m)的法律责任主体与法律规定不符"
        case .wrongActingName(let m): "\(m)的实施名义与法律责任主体不一致"
        case .liabilityOmitsParty(let m): "\(m)的法律责任表述没有写明责任主体"
        case .liabilityNamesDepartment: "赋权的法律责任表述不得写成由主管部门承担法律责任"
        case .liabilityWithoutStatute(let m): "\(m)的法律责任表述必须引用法律条文"
        case .liabilityOutsideItsStatement(let m, let s): "\(m)的“\(s)”不得另行表述法律责任，法律责任只在一处写明"
        case .transitionOmitsDepartment(let m): "\(m)的过渡期安排必须写明主管部门的指导支持职责"
        case .emptyStatement(let m): "\(m)的责任表述不能为空"
        case .unknownArticle(let t): "法规库中没有条文“\(t)”"
        case .missingMode(let m): "责任表述缺少“\(m)”"
        }
    }
}

/// The data file of legal grounds and responsibilities (`Resources/legal-grounds.json`): what every county's table
/// is seeded from, and the one source of the responsibility statements.
public struct LegalGroundsFile: Sendable {
    public var grounds: [LegalGround]
    public var responsibilities: [DelegationMode: Responsibility]

    struct StatementDTO: Decodable {
        var text: String
        var references: [String]?
    }

    struct GroundDTO: Decodable {
        var mode: String
        var category: String
        var permitted: Bool
        var references: [String]
        var wording: String
        var administrativeBodyOnly: Bool?
    }

    struct ResponsibilityDTO: Decodable {
        var mode: String
        var liable: String
        var actingName: String
        var liability: StatementDTO
        var departmentDuties: StatementDTO
        var townshipDuties: StatementDTO
        var transition: StatementDTO
    }

    struct FileDTO: Decodable {
        var grounds: [GroundDTO]
        var responsibilities: [ResponsibilityDTO]
    }

    /// Reads the file; every reference must parse, every mode and category be known, both modes have their
    /// responsibility statements and these be consistent (`Responsibility.validate`).
    public static func decode(_ data: Data) throws(LegalGroundFailure) -> LegalGroundsFile {
        let file: FileDTO
        do { file = try JSONDecoder().decode(FileDTO.self, from: data) } catch {
            throw .malformedFile(String(describing: error))
        }
        func refs(_ texts: [String]?) throws(LegalGroundFailure) -> [ArticleRef] {
            var out: [ArticleRef] = []
            for text in texts ?? [] {
                guard let ref = ArticleRef(parsing: text) else { throw .malformedReference(text) }
                out.append(ref)
            }
            return out
        }
        func mode(_ text: String) throws(LegalGroundFailure) -> DelegationMode {
            guard let m = DelegationMode(text: text) else { throw .unknownMode(text) }
            return m
        }
        var grounds: [LegalGround] = []
        for g in file.grounds {
            guard let category = ItemCategory(text: g.category) else { throw .unknownCategory(g.category) }
            grounds.append(
                LegalGround(
                    mode: try mode(g.mode), category: category, permitted: g.permitted,
                    references: try refs(g.references), wording: g.wording,
                    administrativeBodyOnly: g.administrativeBodyOnly ?? false))
        }
        var responsibilities: [DelegationMode: Responsibility] = [:]
        for r in file.responsibilities {
            guard let liable = Responsibility.Party(rawValue: r.liable),
                let acting = Responsibility.Party(rawValue: r.actingName)
            else { throw .malformedFile("责任主体应为 township 或 department") }
            func statement(_ s: StatementDTO) throws(LegalGroundFailure) -> LegalStatement {
                LegalStatement(text: s.text, references: try refs(s.references))
            }
            let m = try mode(r.mode)
            let responsibility = Responsibility(
                mode: m, liable: liable, actingName: acting, liability: try statement(r.liability),
                departmentDuties: try statement(r.departmentDuties), townshipDuties: try statement(r.townshipDuties),
                transition: try statement(r.transition))
            do throws(ResponsibilityFailure) { try responsibility.validate() } catch {
                throw .malformedFile(error.message)
            }
            responsibilities[m] = responsibility
        }
        for m in DelegationMode.allCases where responsibilities[m] == nil {
            throw .malformedFile(ResponsibilityFailure.missingMode(m.label).message)
        }
        return LegalGroundsFile(grounds: grounds, responsibilities: responsibilities)
    }

    public init(grounds: [LegalGround], responsibilities: [DelegationMode: Responsibility]) {
        self.grounds = grounds
        self.responsibilities = responsibilities
    }

    /// Every article the file cites (what the law library must hold).
    public var references: Set<ArticleRef> {
        Set(
            grounds.flatMap(\.references)
                + responsibilities.values.flatMap {
                    $0.liability.references + $0.departmentDuties.references + $0.townshipDuties.references
                        + $0.transition.references
                })
    }
}
