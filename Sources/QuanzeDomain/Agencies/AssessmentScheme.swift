import Foundation

/// The yearly assessment of one dispatched agency (派驻机构年度考核): weighted indicators, each scored by one side —
/// the township where the agency is stationed or its department. The township's indicators must carry at least the
/// county's minimum share of the weight (default 30 %), all weights sum to exactly 100 %; each side enters the scores
/// of its own indicators (0–100, two decimals), and the total is published to the agency and the department.
///
/// Arithmetic is exact: weights are basis points (0.01 %), scores hundredths of a point, and the total
/// Σ weight × score / 100 % is computed in integers and rounded once, half up, to two decimals.
public struct AssessmentScheme: Codable, Hashable, Sendable {
    public enum Side: String, Codable, Sendable, CaseIterable {
        case township, department

        public var label: String { self == .township ? "镇街" : "主管部门" }

        public init?(text: String) {
            switch text.trimmingSpaces() {
            case "township", "镇街", "镇街评价": self = .township
            case "department", "部门", "主管部门", "部门评价": self = .department
            default: return nil
            }
        }
    }

    public enum State: String, Codable, Sendable, CaseIterable {
        case scoring, published

        public var label: String { self == .scoring ? "评分中" : "已公布" }
    }

    public struct Indicator: Codable, Hashable, Sendable {
        public var name: String
        public var side: Side
        /// Basis points: 3000 = 30 %.
        public var weight: Int
        /// Hundredths of a point, 0–10000; nil until its side scores it.
        public var score: Int?

        public init(name: String, side: Side, weight: Int, score: Int? = nil) {
            self.name = name
            self.side = side
            self.weight = weight
            self.score = score
        }
    }

    public var id: String
    public var county: String
    public var year: Int
    public var agency: AgencyRef
    public var indicators: [Indicator]
    public var state: State
    /// The minimum share in force when the scheme was made, and its rule (kept so the page prints what was checked).
    public var minimumTownshipWeight: Int
    public var publishedOn: Day?
    public var history: [StepRecord]

    /// An indicator as typed: name, side and weight text (`30`, `12.5`).
    public struct IndicatorInput: Hashable, Sendable {
        public var name: String
        public var side: Side
        public var weight: String

        public init(name: String, side: Side, weight: String) {
            self.name = name
            self.side = side
            self.weight = weight
        }
    }

    static let nameLimit = 40

    /// A scheme for one agency and year, checked against the county's minimum township weight. Made by the agency's
    /// department or by 编办.
    public static func make(
        id: String, county: String, year: Int, agency: AgencyRef, indicators input: [IndicatorInput],
        by principal: Principal, rules: AgencyRules, existing: [AssessmentScheme], at now: Date
    ) throws(AgencyFailure) -> AssessmentScheme {
        guard principal.role == .department || principal.role == .establishment else {
            throw .wrongRole(step: "制定考核方案", needed: "派驻机构的主管部门或编办")
        }
        if principal.role == .department {
            guard agency.isDepartment(principal) else { throw .wrongOrganization(step: "制定考核方案") }
        }
        guard (2000...2100).contains(year) else { throw .yearOutOfRange(year) }
        if let other = existing.first(where: { $0.agency.code == agency.code && $0.year == year }) {
            throw .schemeExists(agency: agency.name, year: year, id: other.id)
        }
        let indicators = try validate(input, rules: rules)
        return AssessmentScheme(
            id: id, county: county, year: year, agency: agency, indicators: indicators, state: .scoring,
            minimumTownshipWeight: rules.minimumTownshipWeight, publishedOn: nil,
            history: [StepRecord(step: "制定考核方案", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// The rules of a scheme's indicators: at least one, names given and unique, each weight above 0 with at most two
    /// decimals, all weights summing to 100 %, the township's share at least the county's minimum.
    public static func validate(_ input: [IndicatorInput], rules: AgencyRules) throws(AgencyFailure) -> [Indicator] {
        guard !input.isEmpty else { throw .noIndicators }
        var seen = Set<String>()
        var indicators: [Indicator] = []
        for row in input {
            let name = row.name.trimmingSpaces()
            guard !name.isEmpty else { throw .emptyIndicatorName }
            guard name.count <= nameLimit else { throw .tooLong(field: "指标名称", limit: nameLimit) }
            guard seen.insert(name).inserted else { throw .duplicateIndicator(name) }
            guard let weight = Percent(parsing: row.weight), weight.basisPoints > 0 else {
                throw .invalidWeight(indicator: name, text: row.weight)
            }
            indicators.append(Indicator(name: name, side: row.side, weight: weight.basisPoints))
        }
        let total = indicators.reduce(0) { $0 + $1.weight }
        guard total == 10000 else { throw .weightsNotHundred(total: Percent(basisPoints: total).text) }
        let township = share(of: .township, in: indicators)
        guard township >= rules.minimumTownshipWeight else {
            throw .townshipWeightBelowMinimum(
                share: Percent(basisPoints: township).text,
                minimum: Percent(basisPoints: rules.minimumTownshipWeight).text, rule: rules.townshipWeight.printed)
        }
        return indicators
    }

    static func share(of side: Side, in indicators: [Indicator]) -> Int {
        indicators.filter { $0.side == side }.reduce(0) { $0 + $1.weight }
    }

    /// The township's share of the weight, in basis points.
    public var townshipWeight: Int { Self.share(of: .township, in: indicators) }

    /// The side a principal scores for on this scheme: the agency's township or its department; nil for anyone else.
    public func side(of principal: Principal) -> Side? {
        if agency.isTownship(principal) { return .township }
        if agency.isDepartment(principal) { return .department }
        return nil
    }

    /// One side enters (or corrects, before publication) the scores of all its indicators: `scores[name]` as typed.
    public func scoring(_ scores: [String: String], by principal: Principal, at now: Date) throws(AgencyFailure)
        -> AssessmentScheme
    {
        guard principal.role == .township || principal.role == .department else {
            throw .wrongRole(step: "评分", needed: "派驻机构所在镇街或主管部门")
        }
        guard let side = side(of: principal) else { throw .wrongOrganization(step: "评分") }
        guard state == .scoring else { throw .illegalTransition(from: state.label, event: "评分") }
        for name in scores.keys.sorted() {
            guard let indicator = indicators.first(where: { $0.name == name }) else { throw .unknownIndicator(name) }
            guard indicator.side == side else { throw .notThisSide(indicator: name, side: indicator.side.label) }
        }
        var next = self
        for index in next.indicators.indices where next.indicators[index].side == side {
            let name = next.indicators[index].name
            guard let text = scores[name], !text.trimmingSpaces().isEmpty else { throw .missingScore(indicator: name) }
            guard let value = Hundredths.parse(text), value <= 10000 else {
                throw .invalidScore(indicator: name, text: text)
            }
            next.indicators[index].score = value
        }
        next.history.append(
            StepRecord(step: "\(side.label)评分", by: principal.username, role: principal.role.rawValue, at: now))
        return next
    }

    /// Publishes the result once every indicator is scored: the department or 编办.
    public func publishing(on day: Day, by principal: Principal, at now: Date) throws(AgencyFailure)
        -> AssessmentScheme
    {
        guard principal.role == .department || principal.role == .establishment else {
            throw .wrongRole(step: "公布考核结果", needed: "派驻机构的主管部门或编办")
        }
        if principal.role == .department {
            guard agency.isDepartment(principal) else { throw .wrongOrganization(step: "公布考核结果") }
        }
        guard state == .scoring else { throw .illegalTransition(from: state.label, event: "公布考核结果") }
        let missing = indicators.filter { $0.score == nil }.map(\.name)
        guard missing.isEmpty else { throw .scoresIncomplete(missing: missing) }
        var next = self
        next.state = .published
        next.publishedOn = day
        next.history.append(
            StepRecord(step: "公布考核结果", by: principal.username, role: principal.role.rawValue, at: now))
        return next
    }

    /// The weighted total in hundredths of a point, rounded half up once from the exact sum; nil until every
    /// indicator is scored.
    public var total: Int? {
        guard indicators.allSatisfy({ $0.score != nil }) else { return nil }
        return Self.weighted(indicators)
    }

    /// The weighted points of one side (rounded the same way), nil until its indicators are scored.
    public func subtotal(_ side: Side) -> Int? {
        let mine = indicators.filter { $0.side == side }
        guard mine.allSatisfy({ $0.score != nil }) else { return nil }
        return Self.weighted(mine)
    }

    /// Σ weight(bp) × score(hundredths) / 10000, half up: exact integers, one rounding.
    static func weighted(_ indicators: [Indicator]) -> Int {
        let exact = indicators.reduce(0) { $0 + $1.weight * ($1.score ?? 0) }
        return (exact + 5000) / 10000
    }
}
