/// Validates a provincial grant catalogue (赋权目录, `quanze import catalogue`): which of the county's items the
/// province allows to be granted to townships. An entry names an item by its code, or by its name and legal basis
/// as the province prints them; either must match exactly one item of the county's catalogue. The catalogue's
/// decision (文号, title, issuer, date) comes from the columns of each row or, where a cell is empty, from the
/// defaults the caller gives (command-line options or the upload form); one file may hold several catalogues.
public enum CatalogueImport {
    public static let columns = [
        "decision", "decision_title", "decision_issuer", "decision_date", "item_code", "item_name", "legal_basis",
    ]

    /// The decision fields a caller gives for rows that leave them empty.
    public struct Defaults: Sendable, Hashable {
        public var number: String?
        public var title: String?
        public var issuer: String?
        public var date: Day?

        public init(number: String? = nil, title: String? = nil, issuer: String? = nil, date: Day? = nil) {
            self.number = number
            self.title = title
            self.issuer = issuer
            self.date = date
        }
    }

    /// One catalogue of the file: its decision (new or already registered) and the item codes it allows.
    public struct Catalogue: Sendable, Hashable {
        public var decision: Decision
        public var isNew: Bool
        public var itemCodes: [String]
    }

    public struct Result: Sendable {
        public var catalogues: [Catalogue] = []
        public var errors: [ImportIssue] = []
    }

    /// - Parameters:
    ///   - items: the county's item catalogue.
    ///   - decisions: registered decisions by 文号.
    public static func validate(
        rows: [CSVRow], county: String, defaults: Defaults, items: [PowerItem], decisions: [String: Decision]
    ) -> Result {
        var result = Result()
        let byCode = Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(grouping: items, by: \.name)
        var catalogues: [String: Catalogue] = [:]
        var order: [String] = []
        for row in rows {
            var errs: [ImportIssue] = []
            func error(_ column: String?, _ message: String) {
                errs.append(ImportIssue(line: row.line, column: column, message: message))
            }
            // The decision: a registered one must be a provincial catalogue; a new one needs issuer and date.
            var decision: Decision?
            let number = row["decision"] ?? defaults.number
            if let number, let known = catalogues[number]?.decision ?? decisions[number] {
                if known.kind == .provincialCatalogue {
                    decision = known
                } else {
                    error("decision", Messages.notACatalogue(number, kind: known.kind.label))
                }
            } else if let number {
                let issuer = row["decision_issuer"] ?? defaults.issuer
                let dateText = row["decision_date"]
                let date = dateText.map { Day(iso: $0) } ?? defaults.date
                if !Decision.isValidNumber(number) {
                    error("decision", Messages.badNumber(number))
                } else if issuer == nil {
                    error("decision_issuer", Messages.missingIssuer(number))
                } else if let dateText, date == nil {
                    error("decision_date", Messages.badDate(dateText))
                } else if date == nil {
                    error("decision_date", Messages.missingDate(number))
                }
                if let issuer, let date, errs.isEmpty {
                    decision = Decision(
                        county: county, number: number,
                        title: row["decision_title"] ?? defaults.title ?? Messages.defaultTitle(number),
                        issuer: issuer, date: date, kind: .provincialCatalogue)
                }
            } else {
                error("decision", Messages.missingNumber)
            }
            // The item: by code, else by name (and legal basis when the name is not enough).
            var item: PowerItem?
            if let code = row["item_code"] {
                if let found = byCode[code] {
                    if let name = row["item_name"], name != found.name {
                        error("item_name", Messages.nameMismatch(code: code, name: name, actual: found.name))
                    } else {
                        item = found
                    }
                } else {
                    error("item_code", Messages.unknownCode(code))
                }
            } else if let name = row["item_name"] {
                var candidates = byName[name] ?? []
                if let basis = row["legal_basis"] {
                    let cited = basis.split(whereSeparator: { $0 == ";" || $0 == "；" }).compactMap {
                        Citation(String($0))
                    }
                    if cited.isEmpty {
                        error("legal_basis", Messages.badBasis(basis))
                    } else {
                        candidates = candidates.filter { item in cited.allSatisfy { $0.matches(item.legalBases) } }
                    }
                }
                if errs.isEmpty {
                    switch candidates.count {
                    case 1: item = candidates[0]
                    case 0: error("item_name", Messages.unmatched(name: name, basis: row["legal_basis"]))
                    default: error("legal_basis", Messages.ambiguous(name: name, codes: candidates.map(\.code)))
                    }
                }
            } else {
                error("item_code", Messages.missingItem)
            }
            guard errs.isEmpty, let decision, let item else {
                result.errors += errs
                continue
            }
            if catalogues[decision.number] == nil {
                catalogues[decision.number] = Catalogue(
                    decision: decision, isNew: decisions[decision.number] == nil, itemCodes: [])
                order.append(decision.number)
            }
            if catalogues[decision.number]?.itemCodes.contains(item.code) == false {
                catalogues[decision.number]?.itemCodes.append(item.code)
            }
        }
        if rows.isEmpty { result.errors.append(ImportIssue(line: 1, message: Messages.empty)) }
        result.catalogues = order.compactMap { catalogues[$0] }
        return result
    }

    /// A legal basis as a province prints it in a catalogue: `法规名第N条` or `法规名(YYYY-MM-DD)第N条`, with or
    /// without 《》. Without a version it matches any version of the law the item cites.
    struct Citation {
        var law: String
        var version: Day?
        var article: Int

        init?(_ text: String) {
            if let ref = ArticleRef(parsing: text) {
                self.law = ref.law.replacingOccurrences(of: "《", with: "").replacingOccurrences(of: "》", with: "")
                self.version = ref.version
                self.article = ref.article
                return
            }
            let t = text.trimmingSpaces().replacingOccurrences(of: "《", with: "").replacingOccurrences(
                of: "》", with: "")
            guard let di = t.lastIndex(of: "第"), t.hasSuffix("条") else { return nil }
            let law = String(t[..<di]).trimmingSpaces()
            guard !law.isEmpty, let number = Int(t[t.index(after: di)..<t.index(before: t.endIndex)]), number > 0
            else { return nil }
            self.law = law
            self.version = nil
            self.article = number
        }

        func matches(_ bases: [ArticleRef]) -> Bool {
            bases.contains { ref in
                ref.article == article && (version.map { $0 == ref.version } ?? true)
                    && (ref.law == law || ref.law.hasSuffix(law) || law.hasSuffix(ref.law))
            }
        }
    }

    /// Every sentence this import shows a user.
    enum Messages {
        static let missingNumber = "缺少赋权目录文号：请在 decision 列填写，或在导入时指定（--decision）"
        static let missingItem = "请填写 item_code，或填写 item_name 与 legal_basis 以便与本区县事项目录匹配"
        static let empty = "文件中没有赋权目录条目"
        static func notACatalogue(_ n: String, kind: String) -> String { "文号“\(n)”已登记为“\(kind)”，不是省级赋权目录" }
        static func badNumber(_ n: String) -> String { "文号“\(n)”格式不正确，应如“川办发〔2020〕85号”" }
        static func missingIssuer(_ n: String) -> String {
            "文号“\(n)”尚未登记：请写明发文机关（decision_issuer 列或 --issuer）"
        }
        static func missingDate(_ n: String) -> String {
            "文号“\(n)”尚未登记：请写明成文日期（decision_date 列或 --date）"
        }
        static func badDate(_ t: String) -> String { "日期“\(t)”格式不正确，应为 YYYY-MM-DD" }
        static func defaultTitle(_ n: String) -> String { "省级赋权目录（\(n)）" }
        static func unknownCode(_ c: String) -> String { "本区县事项目录中没有代码为“\(c)”的事项" }
        static func nameMismatch(code: String, name: String, actual: String) -> String {
            "事项 \(code) 在本区县目录中名为“\(actual)”，与“\(name)”不符"
        }
        static func badBasis(_ t: String) -> String { "设定依据“\(t)”无法识别，应如“渔业法第48条”或“渔业法(2013-12-28)第48条”" }
        static func unmatched(name: String, basis: String?) -> String {
            basis.map { "本区县事项目录中没有名为“\(name)”且设定依据为“\($0)”的事项" } ?? "本区县事项目录中没有名为“\(name)”的事项"
        }
        static func ambiguous(name: String, codes: [String]) -> String {
            "名为“\(name)”的事项有 \(codes.count) 项（\(codes.joined(separator: "、"))），请写明 item_code 或设定依据"
        }
    }
}
