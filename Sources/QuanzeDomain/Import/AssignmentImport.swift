/// Validates a district's existing lists (`quanze import assignments`): one row per entry.
public enum AssignmentImport {
    public static let columns = [
        "township", "item_code", "list", "mode", "role", "partner", "decision", "decision_title",
        "decision_issuer", "decision_date", "decision_kind", "valid_from", "valid_to", "correction_reason",
        "evaluation_months", "last_evaluated",
    ]
    public static let required = ["township", "item_code", "list", "mode", "valid_from"]

    /// One validated row: the change it asks for and what it cites.
    public struct Entry: Sendable, Hashable {
        public var line: Int
        public var change: ListChange
        public var decisionNumber: String?
        public var correctionReason: String?
        /// 赋权: the 定期评估 interval in months the entry came in with (`evaluation_months`; nil: the default).
        public var evaluationMonths: Int? = nil
        /// 赋权: the day of its last 定期评估 before adoption (`last_evaluated`; nil: the schedule counts from the
        /// day it is registered).
        public var lastEvaluated: Day? = nil
    }

    public struct Result: Sendable {
        public var entries: [Entry] = []
        /// Decisions named in the file that are not yet registered, built from the decision_* columns.
        public var newDecisions: [Decision] = []
        public var errors: [ImportIssue] = []
        public var warnings: [ImportIssue] = []
    }

    /// - Parameters:
    ///   - townships: code → (name, kind) of the county's units; a row may name a unit by 12- or 9-digit code or name.
    ///   - items: item codes of the catalogue. - departments: the county's active departments; `partner` names one
    ///     by code or exact name and the entry keeps its name (entries are history: they say whom they named).
    ///   - decisions: registered decisions by 文号.
    ///   - catalogued: items standing in a provincial grant catalogue registered for the county: only these may be
    ///     listed as 赋权 (the same rule a 赋权 proposal meets, so an import is no back door).
    public static func validate(
        rows: [CSVRow], county: String, townships: [RegionCode: String], items: Set<String>,
        departments: DepartmentDirectory, decisions: [String: Decision], catalogued: Set<String>
    ) -> Result {
        var result = Result()
        var byName: [String: RegionCode] = [:]
        for (code, name) in townships { byName[name] = code }
        var created: [String: Decision] = [:]
        for row in rows {
            var errs: [ImportIssue] = []
            func error(_ column: String?, _ message: String) {
                errs.append(ImportIssue(line: row.line, column: column, message: message))
            }
            for column in required where row[column] == nil { error(column, "必填项为空") }
            var township: RegionCode?
            if let text = row["township"] {
                let code = RegionCode(text) ?? (text.count == 9 ? RegionCode.padding(text) : nil)
                if let code, townships[code] != nil {
                    township = code
                } else if let code = byName[text] {
                    township = code
                } else {
                    error("township", "本区县没有镇街“\(text)”")
                }
            }
            if let item = row["item_code"], !items.contains(item) { error("item_code", "事项目录中没有事项“\(item)”") }
            let list = row["list"].flatMap { ListKind(text: $0) }
            if let text = row["list"], list == nil { error("list", "未知的清单类型“\(text)”") }
            let mode = row["mode"].flatMap { AssignmentMode(text: $0) }
            if let text = row["mode"], mode == nil { error("mode", "未知的方式“\(text)”（法定/赋权/委托）") }
            if mode == .granted, let item = row["item_code"], items.contains(item), !catalogued.contains(item) {
                error("mode", "事项“\(item)”不在本区县已登记的任何省级赋权目录中，不能以赋权方式列入清单（请先导入赋权目录）")
            }
            let role = row["role"].flatMap { TerritorialRole(text: $0) }
            if let text = row["role"], role == nil { error("role", "未知的责任类型“\(text)”（主体责任/配合责任）") }
            let partner = row["partner"].flatMap(departments.resolve)?.name
            if let text = row["partner"], partner == nil {
                error("partner", "未知的协同部门“\(text)”（填写本区县未撤销部门的代码或完整名称）")
            }
            let from = row["valid_from"].flatMap { Day(iso: $0) }
            if let text = row["valid_from"], from == nil { error("valid_from", "日期“\(text)”格式不正确，应为 YYYY-MM-DD") }
            let until = row["valid_to"].flatMap { Day(iso: $0) }
            if let text = row["valid_to"], until == nil { error("valid_to", "日期“\(text)”格式不正确，应为 YYYY-MM-DD") }
            var citation: Citation?
            if let number = row["decision"] {
                if let d = decisions[number] ?? created[number] {
                    citation = .decision(d)
                } else if !Decision.isValidNumber(number) {
                    error("decision", "文号“\(number)”格式不正确，应为“机关代字〔年份〕序号号”，如“川办发〔2020〕85号”")
                } else if let title = row["decision_title"], let issuer = row["decision_issuer"],
                    let date = row["decision_date"].flatMap({ Day(iso: $0) })
                {
                    let kind = row["decision_kind"].flatMap { Decision.Kind(text: $0) } ?? .listIssuance
                    let d = Decision(
                        county: county, number: number, title: title, issuer: issuer, date: date, kind: kind)
                    created[number] = d
                    result.newDecisions.append(d)
                    citation = .decision(d)
                } else {
                    error("decision", "文号“\(number)”尚未登记；请在 decision_title、decision_issuer、decision_date 列写明该文件")
                }
            } else if let reason = row["correction_reason"] {
                // The ledger's rules for a 勘误, reported on the row: a reason that says what was wrong, and never a
                // delegated entry (it needs a decision).
                do throws(ListFailure) {
                    _ = try ListLedger.check(.correction(reason: reason), county: county)
                    if let mode, let item = row["item_code"] {
                        try ListLedger.checkCorrection(
                            .correction(reason: reason), itemCode: item, result: mode, corrected: nil)
                    }
                    citation = .correction(reason: reason)
                } catch let failure {
                    error("correction_reason", failure.message)
                }
            } else {
                error("decision", "清单变更必须引用决定文号；勘误须在 correction_reason 列写明理由")
            }
            if let list, let mode {
                do throws(ListFailure) {
                    try ListLedger.validate(
                        terms: .init(mode: mode, role: role, partner: partner), list: list)
                } catch {
                    errs.append(ImportIssue(line: row.line, message: error.message))
                }
            }
            if let from, let until, until <= from { error("valid_to", "截止日期必须晚于生效日期") }
            var evaluationMonths: Int?
            if let text = row["evaluation_months"] {
                evaluationMonths = Int(text).flatMap { (1...60).contains($0) ? $0 : nil }
                if evaluationMonths == nil {
                    error("evaluation_months", "评估周期“\(text)”应为 1 至 60 的月数")
                } else if mode != nil && mode != .granted {
                    error("evaluation_months", "定期评估周期只适用于赋权条目")
                }
            }
            let lastEvaluated = row["last_evaluated"].flatMap { Day(iso: $0) }
            if let text = row["last_evaluated"] {
                if lastEvaluated == nil {
                    error("last_evaluated", "日期“\(text)”格式不正确，应为 YYYY-MM-DD")
                } else if mode != nil && mode != .granted {
                    error("last_evaluated", "定期评估只适用于赋权条目")
                } else if let from, let lastEvaluated, lastEvaluated < from {
                    error("last_evaluated", "上次评估日期早于生效日期")
                }
            }
            if case .decision(let d) = citation, let from, from < d.date {
                error("valid_from", "生效日期早于决定“\(d.number)”的成文日期\(d.date.chinese)")
            }
            guard errs.isEmpty, let township, let list, let mode, let from, let citation,
                let item = row["item_code"]
            else {
                result.errors += errs
                continue
            }
            result.entries.append(
                Entry(
                    line: row.line,
                    change: .add(
                        township: township, itemCode: item, list: list,
                        terms: .init(mode: mode, role: role, partner: partner), from: from, until: until),
                    decisionNumber: citation.decisionNumber,
                    correctionReason: {
                        if case .correction(let r) = citation { return r }
                        return nil
                    }(), evaluationMonths: evaluationMonths, lastEvaluated: lastEvaluated))
        }
        return result
    }
}

extension ListKind {
    /// Accepts the key or the Chinese name (full or short).
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let k = ListKind(rawValue: t) ?? ListKind.allCases.first(where: { $0.label == t || $0.shortLabel == t })
        else { return nil }
        self = k
    }
}

extension AssignmentMode {
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let m = AssignmentMode(rawValue: t) ?? AssignmentMode.allCases.first(where: { $0.label == t }) else {
            return nil
        }
        self = m
    }
}

extension TerritorialRole {
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard
            let r = TerritorialRole(rawValue: t)
                ?? TerritorialRole.allCases.first(where: { $0.label == t || $0.label.prefix(2) == t })
        else { return nil }
        self = r
    }
}

extension Decision.Kind {
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let k = Decision.Kind(rawValue: t) ?? Decision.Kind.allCases.first(where: { $0.label == t }) else {
            return nil
        }
        self = k
    }
}
