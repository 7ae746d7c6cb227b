import Foundation

/// The period a third-party evaluation covers, as the CSV writes it: a year (`2023`), a half year (`2023-H1`,
/// `2023-H2`), a quarter (`2023-Q1` … `2023-Q4`), or two ISO days joined by `~` or `至` (`2023-03-01~2023-08-31`, both
/// days included, the first not after the second). Years 2000–2099.
public struct EvaluationPeriod: Codable, Hashable, Sendable {
    /// The text as normalised (`2023`, `2023-H1`, `2023-Q3`, `2023-03-01~2023-08-31`).
    public var text: String
    public var from: Day
    public var to: Day

    public init(text: String, from: Day, to: Day) {
        self.text = text
        self.from = from
        self.to = to
    }

    /// The year the period starts in (lists group by it).
    public var year: Int { from.year }

    /// The period as a reader reads it: 2023年, 2023年上半年, 2023年第三季度, 2023年3月1日至2023年8月31日.
    public var label: String {
        let parts = text.split(separator: "-")
        if parts.count == 1 { return "\(text)年" }
        if parts.count == 2, let y = Int(parts[0]) {
            switch parts[1] {
            case "H1": return "\(y)年上半年"
            case "H2": return "\(y)年下半年"
            case "Q1": return "\(y)年第一季度"
            case "Q2": return "\(y)年第二季度"
            case "Q3": return "\(y)年第三季度"
            case "Q4": return "\(y)年第四季度"
            default: break
            }
        }
        return "\(from.chinese)至\(to.chinese)"
    }

    /// Parses the period; nil when it is none of the forms above.
    public static func parse(_ raw: String) -> EvaluationPeriod? {
        let t = raw.trimmingSpaces().uppercased()
        for separator in ["~", "至", "～"] where t.contains(separator) {
            let parts = t.components(separatedBy: separator).map { $0.trimmingSpaces() }
            guard parts.count == 2, let from = Day(iso: parts[0]), let to = Day(iso: parts[1]), from <= to,
                (2000...2099).contains(from.year), (2000...2099).contains(to.year)
            else { return nil }
            return EvaluationPeriod(text: "\(from.iso)~\(to.iso)", from: from, to: to)
        }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.count == 4, first.allSatisfy(\.isASCII), let year = Int(first),
            (2000...2099).contains(year)
        else { return nil }
        func span(_ m1: Int, _ m2: Int) -> (Day, Day) {
            let from = Day(year: year, month: m1, day: 1)!
            let to = Day(year: year, month: m2, day: 1)!.addingMonths(1).adding(days: -1)
            return (from, to)
        }
        let range: (Day, Day)
        if parts.count == 1 {
            let whole = span(1, 12)
            return EvaluationPeriod(text: first, from: whole.0, to: whole.1)
        }
        guard parts.count == 2 else { return nil }
        switch parts[1] {
        case "H1": range = span(1, 6)
        case "H2": range = span(7, 12)
        case "Q1": range = span(1, 3)
        case "Q2": range = span(4, 6)
        case "Q3": range = span(7, 9)
        case "Q4": range = span(10, 12)
        default: return nil
        }
        return EvaluationPeriod(text: "\(first)-\(parts[1])", from: range.0, to: range.1)
    }
}

/// A score of 0–100 with at most one decimal, kept in tenths (never a binary floating-point number).
public struct EvaluationScore: Codable, Hashable, Sendable, Comparable {
    public var tenths: Int

    public init(tenths: Int) { self.tenths = tenths }

    /// `87`, `87.5`, `100`, `0.0`; nil for anything else (a sign, two decimals, over 100, not a number).
    public static func parse(_ raw: String) -> EvaluationScore? {
        let t = raw.trimmingSpaces()
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...3).contains(whole.count),
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), let w = Int(whole)
        else { return nil }
        var tenths = w * 10
        if parts.count == 2 {
            let d = parts[1]
            guard d.count == 1, let digit = d.first, digit.isASCII, let v = digit.wholeNumberValue else { return nil }
            tenths += v
        }
        guard tenths <= 1000 else { return nil }
        return EvaluationScore(tenths: tenths)
    }

    /// `87.5`, `90.0`.
    public var text: String { "\(tenths / 10).\(tenths % 10)" }

    public static func < (a: EvaluationScore, b: EvaluationScore) -> Bool { a.tenths < b.tenths }

    /// The mean of scores, in tenths rounded half up once (nil for none).
    public static func mean(_ scores: [EvaluationScore]) -> EvaluationScore? {
        guard !scores.isEmpty else { return nil }
        let sum = scores.reduce(0) { $0 + $1.tenths }
        return EvaluationScore(tenths: (2 * sum + scores.count) / (2 * scores.count))
    }
}

/// What a third-party evaluation is about: one item of the catalogue or one township of the county.
public enum EvaluationTarget: Codable, Hashable, Sendable {
    case item(code: String, name: String)
    case township(code: String, name: String)

    public var code: String {
        switch self {
        case .item(let code, _), .township(let code, _): code
        }
    }

    public var name: String {
        switch self {
        case .item(_, let name), .township(_, let name): name
        }
    }

    public var kind: String {
        switch self {
        case .item: "item"
        case .township: "township"
        }
    }

    public var kindLabel: String {
        switch self {
        case .item: "事项"
        case .township: "镇街"
        }
    }
}

/// One third-party evaluation (第三方评估) as imported: who evaluated, for which period, of which item or township,
/// the score and the findings.
public struct Evaluation: Codable, Hashable, Sendable {
    public var id: String
    public var county: String
    public var evaluator: String
    public var period: EvaluationPeriod
    public var target: EvaluationTarget
    public var score: EvaluationScore
    public var findings: String
    /// The import that brought it (one audit entry each).
    public var batch: String

    public init(
        id: String, county: String, evaluator: String, period: EvaluationPeriod, target: EvaluationTarget,
        score: EvaluationScore, findings: String, batch: String
    ) {
        self.id = id
        self.county = county
        self.evaluator = evaluator
        self.period = period
        self.target = target
        self.score = score
        self.findings = findings
        self.batch = batch
    }

    /// The same evaluator's evaluation of the same target for the same period exists once.
    public var identity: String { "\(evaluator)|\(period.text)|\(target.kind):\(target.code)" }
}

/// Reads a CSV of third-party evaluations (UTF-8, UTF-8 with BOM, or GB18030): columns `evaluator`, `period`,
/// `item` or `township` (exactly one filled per row), `score`, `findings`. Every row is checked; any problem means
/// nothing is imported, each problem with its line (the header is line 1).
public enum EvaluationImport {
    public static let required = ["evaluator", "period", "score", "findings"]
    static let evaluatorLimit = 100
    static let findingsLimit = 1000

    /// One checked row.
    public struct Row: Hashable, Sendable {
        public var line: Int
        public var evaluator: String
        public var period: EvaluationPeriod
        public var target: EvaluationTarget
        public var score: EvaluationScore
        public var findings: String
    }

    /// Who may import: 编办 and the supervisor (监督/第三方).
    public static func mayImport(_ principal: Principal) -> Bool {
        principal.role == .establishment || principal.role == .supervisor
    }

    /// Checks every row against the county's catalogue (`items`: code → name) and townships (code → name) and the
    /// evaluations already recorded (`existing`: their `identity`).
    public static func parse(
        _ data: Data, items: [String: String], townships: [String: String], existing: Set<String>
    ) -> (rows: [Row], issues: [ImportIssue]) {
        let table: [CSVRow]
        do throws(CSVReader.Failure) {
            table = try CSVReader.table(try CSVReader.decode(data), required: required)
        } catch {
            if case .badCell(let line, let problem) = error {
                return ([], [ImportIssue(line: line, column: problem.field, message: problem.message)])
            }
            return ([], [ImportIssue(line: 1, message: error.message)])
        }
        guard !table.isEmpty else { return ([], [ImportIssue(line: 1, message: "文件中没有评估数据")]) }
        var rows: [Row] = []
        var issues: [ImportIssue] = []
        var seen = existing
        for r in table {
            func issue(_ column: String?, _ message: String) {
                issues.append(ImportIssue(line: r.line, column: column, message: message))
            }
            let evaluator = r["evaluator"] ?? ""
            if evaluator.isEmpty { issue("evaluator", "请填写评估机构") }
            if evaluator.count > evaluatorLimit { issue("evaluator", "评估机构不能超过 \(evaluatorLimit) 个字") }
            let period = EvaluationPeriod.parse(r["period"] ?? "")
            if period == nil {
                issue(
                    "period",
                    "评估期间“\(r["period"] ?? "")”无效：应为年份（2023）、半年（2023-H1）、季度（2023-Q3）或起止日期（2023-03-01~2023-08-31）"
                )
            }
            var target: EvaluationTarget?
            switch (r["item"], r["township"]) {
            case (nil, nil): issue("item", "事项编码（item）和镇街代码（township）须填写其中一项")
            case (.some, .some): issue("item", "事项编码（item）和镇街代码（township）只能填写其中一项")
            case (let code?, nil):
                if let name = items[code] {
                    target = .item(code: code, name: name)
                } else {
                    issue("item", "事项目录中没有编码为 \(code) 的事项")
                }
            case (nil, let code?):
                if let name = townships[code] {
                    target = .township(code: code, name: name)
                } else {
                    issue("township", "“\(code)”不是本区县的镇街")
                }
            }
            let score = EvaluationScore.parse(r["score"] ?? "")
            if score == nil { issue("score", "评分“\(r["score"] ?? "")”无效：应为 0–100 的数，最多一位小数") }
            let findings = r["findings"] ?? ""
            if findings.isEmpty { issue("findings", "请填写评估发现") }
            if findings.count > findingsLimit { issue("findings", "评估发现不能超过 \(findingsLimit) 个字") }
            guard let period, let target, let score, !evaluator.isEmpty, evaluator.count <= evaluatorLimit,
                !findings.isEmpty, findings.count <= findingsLimit
            else { continue }
            let row = Row(
                line: r.line, evaluator: evaluator, period: period, target: target, score: score, findings: findings)
            let key = "\(evaluator)|\(period.text)|\(target.kind):\(target.code)"
            guard seen.insert(key).inserted else {
                issue(nil, "\(evaluator)对\(target.name)\(period.label)的评估已登记或在文件中重复")
                continue
            }
            rows.append(row)
        }
        return issues.isEmpty ? (rows, []) : ([], issues)
    }
}

/// Counts and mean score of evaluations per target (a township's or an item's staff view, the lists).
public struct EvaluationSummary: Codable, Hashable, Sendable {
    public var kind: String
    public var code: String
    public var name: String
    public var count: Int
    /// The mean score, tenths rounded half up once.
    public var mean: EvaluationScore

    /// One row per target, most evaluations first, then by code.
    public static func of(_ evaluations: [Evaluation]) -> [EvaluationSummary] {
        Dictionary(grouping: evaluations, by: { $0.target }).map { target, list in
            EvaluationSummary(
                kind: target.kind, code: target.code, name: target.name, count: list.count,
                mean: EvaluationScore.mean(list.map(\.score))!)
        }.sorted { ($0.kind, -$0.count, $0.code) < ($1.kind, -$1.count, $1.code) }
    }
}
