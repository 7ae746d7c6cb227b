/// Where a county rule about dispatched agencies comes from: the document that states it (its title and, when the
/// county has recorded it, its 文号 and provision) and the rule as the document states it. Data, never Swift text:
/// a county records its own document; a county that has recorded none prints the product's default wording and
/// says that its source is not recorded.
public struct RuleSource: Codable, Hashable, Sendable {
    /// The document's title with its book-title marks: 《某区派驻(出)机构管理办法(试行)》.
    public var document: String
    /// Its 文号, when known (nil: not recorded).
    public var number: String?
    /// The provision (条款) within it, when known.
    public var provision: String?
    /// The rule as printed.
    public var wording: String

    public init(document: String, number: String? = nil, provision: String? = nil, wording: String) {
        self.document = document
        self.number = number
        self.provision = provision
        self.wording = wording
    }

    /// What a message prints after the rule: 《…》（文号）第N条, or that the source is not recorded.
    public var citation: String {
        guard !document.isEmpty else { return "本区县尚未登记依据文件" }
        var text = document
        if let number, !number.isEmpty { text += "（\(number)）" }
        if let provision, !provision.isEmpty { text += provision }
        return text
    }

    /// The rule and its source, as refusals print them: 规则（依据：文件）.
    public var printed: String { "\(wording)（依据：\(citation)）" }
}

/// A county's settings for dispatched agencies (派驻机构): how long a township has to give its opinion on a head's
/// appointment or removal, whether a decision taken without that opinion may be recorded as an exception (instead
/// of being refused), and the township's minimum share of the weight in an agency's yearly assessment — each rule
/// with its source.
public struct AgencyRules: Codable, Hashable, Sendable {
    /// Calendar days the township has to answer, counted from the proposal day.
    public var opinionDeadlineDays: Int
    /// Whether a head may be appointed or removed without the township's opinion, recorded as an exception that
    /// the supervisor sees; when false such a decision is refused.
    public var allowsUnconsultedException: Bool
    /// The township's minimum share of an assessment scheme's weight, in basis points (3000 = 30 %).
    public var minimumTownshipWeight: Int
    /// Source of the consultation requirement (征求镇街意见).
    public var consultation: RuleSource
    /// Source of the township's minimum weight.
    public var townshipWeight: RuleSource

    public init(
        opinionDeadlineDays: Int, allowsUnconsultedException: Bool, minimumTownshipWeight: Int,
        consultation: RuleSource, townshipWeight: RuleSource
    ) {
        self.opinionDeadlineDays = opinionDeadlineDays
        self.allowsUnconsultedException = allowsUnconsultedException
        self.minimumTownshipWeight = minimumTownshipWeight
        self.consultation = consultation
        self.townshipWeight = townshipWeight
    }

    /// Settings a county may keep: a deadline of 1–90 days, a minimum of 0–100 %, a wording for each rule, and a
    /// 文号 (when given) in the form of GB/T 9704-2012.
    public func validate() throws(AgencyFailure) {
        guard (1...90).contains(opinionDeadlineDays) else { throw .deadlineOutOfRange(opinionDeadlineDays) }
        guard (0...10000).contains(minimumTownshipWeight) else {
            throw .minimumOutOfRange(Percent(basisPoints: minimumTownshipWeight).text)
        }
        for source in [consultation, townshipWeight] {
            guard !source.wording.trimmingSpaces().isEmpty else { throw .emptyRuleWording }
            if let number = source.number, !number.isEmpty, !Decision.isValidNumber(number) {
                throw .invalidNumber(number)
            }
        }
    }
}

/// A share in basis points (1 = 0.01 %), read and printed exactly: `30`, `30.5`, `30.25` (%) — never through a
/// binary floating-point number.
public struct Percent: Hashable, Sendable, Comparable, Codable {
    public var basisPoints: Int

    public init(basisPoints: Int) { self.basisPoints = basisPoints }

    /// Parses a non-negative number with at most two decimals (a trailing % is allowed): `30`, `30.5`, `30.25%`.
    public init?(parsing text: String) {
        var t = text.trimmingSpaces()
        if t.hasSuffix("%") || t.hasSuffix("％") { t = String(t.dropLast()).trimmingSpaces() }
        guard let hundredths = Hundredths.parse(t) else { return nil }
        self.basisPoints = hundredths
    }

    /// `30 %`, `30.5 %`, `30.25 %`.
    public var text: String { Hundredths.text(basisPoints) + "%" }

    public static func < (a: Percent, b: Percent) -> Bool { a.basisPoints < b.basisPoints }
}

/// Fixed-point numbers with two decimals kept as integers (hundredths).
public enum Hundredths {
    /// `90` → 9000, `89.5` → 8950, `89.25` → 8925; nil for anything else (signs, exponents, three decimals).
    public static func parse(_ text: String) -> Int? {
        let t = text.trimmingSpaces()
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 9,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if parts.count == 2 && fraction.isEmpty { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let w = Int(whole), let f = Int(fraction) else { return nil }
        return w * 100 + f
    }

    /// 9000 → `90`, 8950 → `89.5`, 8925 → `89.25`.
    public static func text(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let v = abs(value)
        let whole = v / 100
        let fraction = v % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// 9000 → `90.00`: always two decimals (totals are printed this way).
    public static func fixed(_ value: Int) -> String {
        let v = abs(value)
        return "\(value < 0 ? "-" : "")\(v / 100).\(v % 100 < 10 ? "0" : "")\(v % 100)"
    }
}
