import Foundation

/// A finding of the adjustment engine (DESIGN §5): which rule, where, the evidence (numbers and period), how
/// serious, and what to do. Its `fingerprint` changes when the evidence changes, so a dismissed suggestion comes
/// back only then.
public struct Suggestion: Codable, Hashable, Sendable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case info, warning, serious

        public var label: String {
            switch self {
            case .info: "提示"
            case .warning: "关注"
            case .serious: "严重"
            }
        }

        /// The order of seriousness; the engine sorts a province county's thousands of findings by it.
        var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .serious: 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// What accepting the suggestion starts.
    public enum Action: String, Codable, Sendable {
        case recall, training, equipment, evaluation, renewal, amendment

        public var label: String {
            switch self {
            case .recall: "提出收回"
            case .training: "安排培训"
            case .equipment: "配备装备"
            case .evaluation: "组织评估"
            case .renewal: "续签或终止委托"
            case .amendment: "以决定修改法律依据"
            }
        }
    }

    public var rule: String
    public var township: String
    public var itemCode: String
    public var severity: Severity
    public var action: Action
    public var from: Day
    public var to: Day
    /// The numbers behind the finding, by name (e.g. "cases": 0, "departmentShare": 0.8).
    public var numbers: [String: Double]
    /// The evidence in Chinese, naming the numbers and the period.
    public var evidence: String

    public init(
        rule: String, township: String, itemCode: String, severity: Severity, action: Action, from: Day, to: Day,
        numbers: [String: Double], evidence: String
    ) {
        self.rule = rule
        self.township = township
        self.itemCode = itemCode
        self.severity = severity
        self.action = action
        self.from = from
        self.to = to
        self.numbers = numbers
        self.evidence = evidence
    }

    /// Identity of the finding: rule and place.
    public var key: String { "\(rule)|\(township)|\(itemCode)" }

    /// Identity of the evidence: a dismissal holds while this stays the same. Made of the numbers only, not of the
    /// period: the period moves with the day the engine runs (the page runs it as of today), and a dismissal must
    /// not lapse overnight while nothing changed. Rules therefore keep day-relative counts (days left) out of
    /// `numbers` and state fixed dates (a term's end) as day ordinals.
    public var fingerprint: String {
        let numbers = self.numbers.keys.sorted().map { "\($0)=\(String(format: "%.4f", self.numbers[$0]!))" }
        return ([key] + numbers).joined(separator: ";")
    }
}
