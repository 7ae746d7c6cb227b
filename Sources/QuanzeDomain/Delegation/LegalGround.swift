import Foundation

/// The legal ground of handing down one category of items in one mode (赋权 or 委托): whether the law permits it,
/// the articles it rests on and the short wording printed with them. A county's table is data (seeded from the
/// statutes, edited by 编办); the lifecycle refuses what a row forbids and prints what a row says.
public struct LegalGround: Codable, Hashable, Sendable {
    public var mode: DelegationMode
    public var category: ItemCategory
    public var permitted: Bool
    /// The articles the ground rests on (they must resolve in the law library).
    public var references: [ArticleRef]
    /// The short Chinese wording printed with the references.
    public var wording: String
    /// The receiving township must be an administrative body (行政机关): a row of data, e.g. 委托 of a licence.
    public var administrativeBodyOnly: Bool

    public init(
        mode: DelegationMode, category: ItemCategory, permitted: Bool, references: [ArticleRef], wording: String,
        administrativeBodyOnly: Bool = false
    ) {
        self.mode = mode
        self.category = category
        self.permitted = permitted
        self.references = references
        self.wording = wording
        self.administrativeBodyOnly = administrativeBodyOnly
    }

    /// The references as printed: 《行政处罚法》第二十条、第二十一条.
    public var citation: String { StatuteCitation.text(references) }

    /// What a document cites after 根据: the provincial catalogue decision of a 赋权 first, then the articles —
    /// 川办发〔2020〕85号和《行政处罚法》第二十四条.
    public func basis(catalogue: String?) -> String {
        var parts: [String] = []
        if mode == .granted, let catalogue, !catalogue.isEmpty { parts.append(catalogue) }
        if !citation.isEmpty { parts.append(citation) }
        return parts.joined(separator: "和")
    }

    /// What a page prints for a proposal or document under this ground; a 赋权 also names the provincial catalogue
    /// decision it stands in.
    public func printed(catalogue: String?) -> String {
        var parts: [String] = []
        if mode == .granted, let catalogue, !catalogue.isEmpty { parts.append("依据\(catalogue)") }
        parts.append(wording)
        let cited = citation
        return parts.joined(separator: "；") + (cited.isEmpty ? "" : "（\(cited)）")
    }
}

/// Prints article references the way a 司法局 reviewer reads them: 《行政处罚法》第二十条、第二十一条；《行政强制法》第十七条.
public enum StatuteCitation {
    public static func text(_ refs: [ArticleRef]) -> String {
        var order: [String] = []
        var articles: [String: [Int]] = [:]
        for ref in refs {
            if articles[ref.law] == nil { order.append(ref.law) }
            articles[ref.law, default: []].append(ref.article)
        }
        return order.map { law in
            "《\(law)》" + (articles[law] ?? []).map { "第\(chinese($0))条" }.joined(separator: "、")
        }.joined(separator: "；")
    }

    /// 1 … 9999 in Chinese numerals as statutes write them: 二十, 二十四, 一百零一, 一百二十.
    public static func chinese(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0, n < 10000 else { return String(n) }
        let units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
        var out = ""
        var rest = n
        var pendingZero = false
        for (value, name) in units {
            let d = rest / value
            rest %= value
            if d == 0 {
                if !out.isEmpty { pendingZero = true }
                continue
            }
            if pendingZero { out += "零" }
            pendingZero = false
            // 十 alone for 10–19 at the start (十二, not 一十二).
            if !(value == 10 && d == 1 && out.isEmpty) { out += digits[d] }
            out += name
        }
        return out
    }
}

/// What a legal-ground table or an edit of it is refused for.
public enum LegalGroundFailure: Error, Equatable, Sendable {
    case malformedReference(String)
    case unknownArticle(String)
    case emptyWording(mode: String, category: String)
    case forbiddenNeedsReference(mode: String, category: String)
    case missingRow(mode: String, category: String)
    case duplicateRow(mode: String, category: String)
    /// A combination the statutes forbid may not be made permitted by editing the table.
    case forbiddenByStatute(mode: String, category: String)
    case unknownMode(String)
    case unknownCategory(String)
    case malformedFile(String)

    public var message: String {
        switch self {
        case .malformedReference(let t): "条文引用“\(t)”格式不正确，应为“法规名(YYYY-MM-DD)第N条”"
        case .unknownArticle(let t): "法规库中没有条文“\(t)”，请先导入该法规版本"
        case .emptyWording(let m, let c): "“\(m)·\(c)”的依据表述不能为空"
        case .forbiddenNeedsReference(let m, let c): "“\(m)·\(c)”为禁止下放，必须写明禁止的法律条文"
        case .missingRow(let m, let c): "法律依据表缺少“\(m)·\(c)”一行"
        case .duplicateRow(let m, let c): "法律依据表中“\(m)·\(c)”重复"
        case .forbiddenByStatute(let m, let c): "“\(m)·\(c)”由法律禁止，不能改为允许"
        case .unknownMode(let t): "下放方式“\(t)”无法识别，应为 赋权 或 委托"
        case .unknownCategory(let t): "事项类型“\(t)”无法识别"
        case .malformedFile(let why): "法律依据数据文件格式不正确：\(why)"
        }
    }
}

/// A county's table of legal grounds: one row per mode × category.
public struct LegalGroundTable: Hashable, Sendable {
    public var rows: [LegalGround]

    public init(rows: [LegalGround]) { self.rows = rows }

    public func ground(_ mode: DelegationMode, _ category: ItemCategory) -> LegalGround? {
        rows.first { $0.mode == mode && $0.category == category }
    }

    /// Combinations no county decision can make lawful, whatever a table says: 行政强制措施 may not be entrusted
    /// (行政强制法 第17条), 行政强制执行 is set by law only and is neither entrusted nor conferred (第13条). An item
    /// whose kind of 行政强制 is not recorded is treated as both.
    public static func isForbiddenByStatute(_ mode: DelegationMode, _ category: ItemCategory) -> Bool {
        switch category {
        case .coercionExecution, .coercion: true
        case .coercionMeasure: mode == .entrusted
        default: false
        }
    }

    /// A table is complete (every mode × category once), every reference is in the library (`known`), every row
    /// has wording, a forbidden row names its statute, and no row permits what the statutes forbid.
    public static func validate(_ rows: [LegalGround], known: Set<ArticleRef>) throws(LegalGroundFailure) {
        var seen = Set<String>()
        for row in rows {
            try validate(row, known: known)
            guard seen.insert("\(row.mode.rawValue)/\(row.category.rawValue)").inserted else {
                throw .duplicateRow(mode: row.mode.label, category: row.category.label)
            }
        }
        for mode in DelegationMode.allCases {
            for category in ItemCategory.allCases where !seen.contains("\(mode.rawValue)/\(category.rawValue)") {
                throw .missingRow(mode: mode.label, category: category.label)
            }
        }
    }

    /// The rules for one row (an edit by 编办 is checked the same way).
    public static func validate(_ row: LegalGround, known: Set<ArticleRef>) throws(LegalGroundFailure) {
        guard !row.wording.trimmingSpaces().isEmpty else {
            throw .emptyWording(mode: row.mode.label, category: row.category.label)
        }
        if !row.permitted && row.references.isEmpty {
            throw .forbiddenNeedsReference(mode: row.mode.label, category: row.category.label)
        }
        if row.permitted && isForbiddenByStatute(row.mode, row.category) {
            throw .forbiddenByStatute(mode: row.mode.label, category: row.category.label)
        }
        for ref in row.references where !known.contains(ref) { throw .unknownArticle(ref.description) }
    }

    /// Parses a reference list as typed: `行政处罚法(2021-01-22)第20条;行政处罚法(2021-01-22)第21条` (also `；`,
    /// `、` or line breaks between them).
    public static func references(parsing text: String) throws(LegalGroundFailure) -> [ArticleRef] {
        let parts = text.split(whereSeparator: { ";；、\n,，".contains($0) }).map { String($0).trimmingSpaces() }
            .filter { !$0.isEmpty }
        var refs: [ArticleRef] = []
        for part in parts {
            guard let ref = ArticleRef(parsing: part) else { throw .malformedReference(part) }
            if !refs.contains(ref) { refs.append(ref) }
        }
        return refs
    }
}

extension DelegationMode {
    /// Accepts the key or the Chinese name (赋权/委托).
    public init?(text: String) {
        let t = text.trimmingSpaces()
        if let m = DelegationMode(rawValue: t) {
            self = m
        } else if let m = DelegationMode.allCases.first(where: { $0.label == t }) {
            self = m
        } else {
            return nil
        }
    }
}
