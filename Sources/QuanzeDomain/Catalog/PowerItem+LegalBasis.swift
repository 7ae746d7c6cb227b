/// Why an amendment of an item's legal basis is refused.
public enum LegalBasisFailure: Error, Equatable, Sendable {
    case noDecision
    case unknownDecision(String)
    case empty
    case malformed(String)
    case notInLibrary(String)
    case unchanged

    public var message: String {
        switch self {
        case .noDecision: "修改法律依据必须引用决定文号"
        case .unknownDecision(let n): "文号“\(n)”尚未登记，请先登记该决定"
        case .empty: "法律依据不能为空"
        case .malformed(let t): "依据“\(t)”格式不正确，应为“法规名(YYYY-MM-DD)第N条”，多条以“;”分隔"
        case .notInLibrary(let t): "\(t)不在法规库中，请先导入该法规版本"
        case .unchanged: "新的法律依据与现有依据相同"
        }
    }
}

extension PowerItem {
    /// Parses `;`-separated citations (`畜牧法(2022-10-30)第81条;…`), refusing a malformed one.
    public static func legalBases(parsing text: String) throws(LegalBasisFailure) -> [ArticleRef] {
        let parts = text.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { String($0).trimmingSpaces() }
            .filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw .empty }
        var refs: [ArticleRef] = []
        for part in parts {
            guard let ref = ArticleRef(parsing: part) else { throw .malformed(part) }
            if !refs.contains(ref) { refs.append(ref) }
        }
        return refs
    }

    /// The item with its legal basis amended by a registered decision (rule R5 clears once no citation points at a
    /// superseded or repealed version): every new citation must resolve to an article of the law library, and the
    /// item's version goes up by one.
    public func amendingLegalBasis(
        _ bases: [ArticleRef], decision: Decision?, number: String, known: Set<ArticleRef>
    ) throws(LegalBasisFailure) -> PowerItem {
        guard !number.trimmingSpaces().isEmpty else { throw .noDecision }
        guard decision != nil else { throw .unknownDecision(number) }
        guard !bases.isEmpty else { throw .empty }
        if let missing = bases.first(where: { !known.contains($0) }) { throw .notInLibrary(missing.display) }
        guard bases != legalBases else { throw .unchanged }
        var next = self
        next.legalBases = bases
        next.version += 1
        return next
    }
}
