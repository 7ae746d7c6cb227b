/// Validates a catalogue CSV (`quanze import items`). Every row is checked; any error means nothing is written.
public enum ItemImport {
    public static let columns = [
        "code", "name", "category", "parent_code", "department", "legal_basis", "duties", "accountability",
        "statutory_limit", "promised_limit", "requirements", "platform_code", "level", "level_basis",
    ]
    public static let required = ["code", "name", "category", "department", "legal_basis"]

    /// The outcome: items to write (in file order, parents first), errors and warnings.
    public struct Result: Sendable {
        public var items: [PowerItem] = []
        public var errors: [ImportIssue] = []
        public var warnings: [ImportIssue] = []
    }

    /// - Parameters:
    ///   - knownArticles: articles present in the law library. A citation of an article not in it is kept, marked
    ///     未核验 (it is verified once its law is imported), with a warning; only a malformed citation is an error.
    ///   - knownItems: item codes already in the catalogue (for parent references).
    ///   - departments: the county's active departments, named in the file by code or exact name; an unknown or
    ///     retired one is an error.
    ///   - vocabulary: the county's requirement vocabulary; a requirement outside it is an error.
    public static func validate(
        rows: [CSVRow], county: String, knownArticles: Set<ArticleRef>, knownItems: Set<String>,
        departments: DepartmentDirectory, vocabulary: RequirementVocabulary
    ) -> Result {
        var result = Result()
        var seen: [String: Int] = [:]
        for row in rows {
            var rowErrors: [ImportIssue] = []
            func error(_ column: String?, _ message: String) {
                rowErrors.append(ImportIssue(line: row.line, column: column, message: message))
            }
            for column in required where row[column] == nil { error(column, "必填项为空") }
            let code = row["code"] ?? ""
            if !code.isEmpty && !PowerItem.isValidCode(code) {
                error(
                    "code", "事项编码“\(code)”格式不正确（仅限字母、数字和连字符，最长\(PowerItem.maximumCodeLength)位）")
            }
            if let first = seen[code], !code.isEmpty { error("code", "事项编码“\(code)”与第 \(first) 行重复") }
            if !code.isEmpty { seen[code] = row.line }
            var category: ItemCategory?
            if let text = row["category"] {
                category = ItemCategory(text: text)
                if category == nil { error("category", "未知的事项类型“\(text)”") }
            }
            let department = row["department"].flatMap(departments.resolve)
            if let dept = row["department"], department == nil {
                error("department", "未知的实施部门“\(dept)”（填写本区县未撤销部门的代码或完整名称）")
            }
            if let parent = row["parent_code"], !knownItems.contains(parent), seen[parent] == nil || parent == code {
                error("parent_code", "上级事项“\(parent)”不存在（上级事项须已导入或在本文件中先出现）")
            }
            func citations(_ column: String, _ what: String) -> [ArticleRef] {
                var refs: [ArticleRef] = []
                for part in (row[column] ?? "").split(whereSeparator: { $0 == ";" || $0 == "；" }) {
                    let text = String(part).trimmingSpaces()
                    guard !text.isEmpty else { continue }
                    guard let ref = ArticleRef(parsing: text) else {
                        error(column, "\(what)“\(text)”格式不正确，应为“法规名称(YYYY-MM-DD)第N条”")
                        continue
                    }
                    if !knownArticles.contains(ref) {
                        result.warnings.append(
                            ImportIssue(
                                line: row.line, column: column,
                                message: "法规库中尚无“\(text)”，已作为未核验依据保存，导入该法规版本后自动核验"))
                    }
                    refs.append(ref)
                }
                return refs
            }
            let bases = citations("legal_basis", "设定依据")
            // The competent level: an absent cell is the county department (catalogues without the column).
            var level = CompetentLevel.county
            if let text = row["level"] {
                if let known = CompetentLevel(text: text) {
                    level = known
                } else {
                    error(
                        "level", "未知的实施层级“\(text)”（county/township/town/subdistrict，或 区县部门/乡镇人民政府和街道办事处/乡镇人民政府/街道办事处）")
                }
            }
            let levelBasis = citations("level_basis", "实施层级依据")
            if level != .county && levelBasis.isEmpty && row["level"] != nil {
                error(
                    "level_basis", "实施层级为\(level.label)的事项必须写明赋予该层级职权的法律条文（如“地方各级人民代表大会和地方各级人民政府组织法(2022-03-11)第76条”）")
            }
            if level == .county && !levelBasis.isEmpty {
                error("level_basis", "实施层级为区县部门的事项不填写实施层级依据（其设定依据已写在 legal_basis）")
            }
            let limits = ["statutory_limit", "promised_limit"].map { column -> TimeLimit? in
                guard let text = row[column] else { return nil }
                guard let limit = TimeLimit(parsing: text) else {
                    error(column, "时限“\(text)”格式不正确，应如“20工作日”或“90自然日”")
                    return nil
                }
                return limit
            }
            if let s = limits[0], let p = limits[1], s.unit == p.unit, p.amount > s.amount {
                error("promised_limit", "承诺时限不得长于法定时限")
            }
            let (requirements, unknownRequirements) = Requirement.parseList(row["requirements"] ?? "")
            for code in unknownRequirements { error("requirements", "承接要求代码“\(code)”格式不正确") }
            for code in vocabulary.unknown(requirements) {
                error("requirements", "承接要求“\(code)”不在本县词表中，请先在承接要求词表中添加")
            }
            if let platform = row["platform_code"], !PowerItem.isKnownPlatformCode(platform) {
                result.warnings.append(
                    ImportIssue(line: row.line, column: "platform_code", message: "平台实施编码“\(platform)”格式无法识别，已原样保留"))
            }
            guard rowErrors.isEmpty, let category else {
                result.errors += rowErrors
                continue
            }
            result.items.append(
                PowerItem(
                    county: county, code: code, name: row["name"] ?? "", category: category,
                    parentCode: row["parent_code"],
                    department: department?.name ?? "", legalBases: bases, duties: row["duties"] ?? "",
                    accountability: row["accountability"] ?? "", statutoryLimit: limits[0], promisedLimit: limits[1],
                    requirements: requirements, platformCode: row["platform_code"], departmentCode: department?.code,
                    competentLevel: level, levelBasis: levelBasis))
        }
        return result
    }
}
