/// The kinds of insurance a county takes out for front-line enforcement staff.
public enum InsuranceKind: String, Codable, Hashable, Sendable, CaseIterable {
    case accident, liability, medical, other

    public var label: String {
        switch self {
        case .accident: "人身意外伤害保险"
        case .liability: "执法责任保险"
        case .medical: "补充医疗保险"
        case .other: "其他"
        }
    }

    /// Accepts the key or the Chinese label (also 意外险, 责任险, 意外伤害险).
    public init?(text: String) {
        let t = text.trimmingSpaces()
        if let k = InsuranceKind(rawValue: t) ?? InsuranceKind.allCases.first(where: { $0.label == t }) {
            self = k
            return
        }
        switch t {
        case "意外险", "意外伤害险", "人身意外险": self = .accident
        case "责任险", "职业责任险": self = .liability
        case "医疗险": self = .medical
        default: return nil
        }
    }
}

/// One insurance policy covering one member of a township's front-line enforcement staff (依法办理保险): the
/// insurer, the policy's number and kind, the period of cover (both days included) and the amount insured.
public struct InsurancePolicy: Codable, Hashable, Sendable {
    public var id: String
    public var county: String
    /// The township-level unit whose staff member is insured.
    public var township: String
    public var staffId: String
    public var staffName: String
    public var insurer: String
    public var number: String
    public var kind: InsuranceKind
    public var from: Day
    public var until: Day
    public var cover: Fen

    public init(
        id: String, county: String, township: String, staffId: String, staffName: String, insurer: String,
        number: String, kind: InsuranceKind, from: Day, until: Day, cover: Fen
    ) {
        self.id = id
        self.county = county
        self.township = township
        self.staffId = staffId
        self.staffName = staffName
        self.insurer = insurer
        self.number = number
        self.kind = kind
        self.from = from
        self.until = until
        self.cover = cover
    }

    /// Builds a policy for a staff member of the unit's capacity records, checked: the person must be on the unit's
    /// records in an enforcement post (front-line enforcement staff, of any kind — 在编, 派驻 or 编外辅助), insurer
    /// and number given (at most 60 and 40 characters), the period not reversed, the cover a valid amount, and the
    /// same policy number not already recorded for the person.
    public static func make(
        id: String, snapshot: CapacitySnapshot, staffId: String, insurer: String, number: String, kind: String,
        from: Day, until: Day, cover: String, existing: [InsurancePolicy]
    ) throws(ResourceFailure) -> InsurancePolicy {
        guard let person = snapshot.staff.first(where: { $0.id == staffId.trimmingSpaces() }) else {
            throw .unknownStaff(staffId)
        }
        guard person.position == .enforcement else { throw .notFrontLine(person.name) }
        let insurer = insurer.trimmingSpaces()
        let number = number.trimmingSpaces()
        guard !insurer.isEmpty else { throw .emptyField("保险公司") }
        guard insurer.count <= 60 else { throw .tooLong(field: "保险公司", limit: 60) }
        guard !number.isEmpty else { throw .emptyField("保单号") }
        guard number.count <= 40 else { throw .tooLong(field: "保单号", limit: 40) }
        guard let kind = InsuranceKind(text: kind) else { throw .unknownKind(kind) }
        guard from <= until else { throw .periodReversed(from: from, until: until) }
        guard let amount = Fen(yuan: cover), amount.value > 0 else { throw .invalidAmount(field: "保险金额", text: cover) }
        guard !existing.contains(where: { $0.staffId == person.id && $0.number == number }) else {
            throw .duplicatePolicy(number)
        }
        return InsurancePolicy(
            id: id, county: snapshot.county, township: snapshot.unit, staffId: person.id, staffName: person.name,
            insurer: insurer, number: number, kind: kind, from: from, until: until, cover: amount)
    }

    public func covers(_ day: Day) -> Bool { from <= day && day <= until }
}

/// Where a front-line enforcement officer's cover stands on a day.
public enum CoverStatus: String, Codable, Hashable, Sendable {
    /// Covered, and still covered past the warning window.
    case covered
    /// Covered today, but every policy covering today ends within the warning window and none takes over.
    case expiring
    /// No policy covers the day (never insured, lapsed, or only a future policy).
    case uncovered

    public var label: String {
        switch self {
        case .covered: "已参保"
        case .expiring: "即将到期"
        case .uncovered: "未参保"
        }
    }
}

/// One front-line enforcement officer's cover on a day.
public struct StaffCover: Codable, Hashable, Sendable {
    public var staffId: String
    public var name: String
    public var organization: String
    public var kind: StaffKind
    public var status: CoverStatus
    /// The last day of continuous cover from the as-of day (nil when uncovered).
    public var coveredUntil: Day?
    public var policies: [InsurancePolicy]

    /// The front-line enforcement staff of a unit on `day` (on the roll, in an enforcement post — seconded-away
    /// staff included: they remain the unit's staff) with their cover. Cover is continuous across policies that
    /// overlap or follow one another without a gap day, so a renewal already recorded ends the warning. `window`:
    /// the warning days (90 by default, the county's setting) — a cover ending on day + window or earlier warns.
    public static func of(_ snapshot: CapacitySnapshot, policies: [InsurancePolicy], on day: Day, window: Int)
        -> [StaffCover]
    {
        snapshot.onRoll(on: day).filter { $0.position == .enforcement }.map { person in
            let own = policies.filter { $0.staffId == person.id }.sorted { ($0.from, $0.until) < ($1.from, $1.until) }
            var until: Day?
            if own.contains(where: { $0.covers(day) }) {
                var end = day.adding(days: -1)
                var extended = true
                while extended {
                    extended = false
                    for p in own where p.from <= end.adding(days: 1) && p.until > end {
                        end = p.until
                        extended = true
                    }
                }
                until = end
            }
            let status: CoverStatus =
                until == nil ? .uncovered : until! <= day.adding(days: window) ? .expiring : .covered
            return StaffCover(
                staffId: person.id, name: person.name, organization: person.organization, kind: person.kind,
                status: status, coveredUntil: until, policies: own)
        }
    }
}

/// A county's settings for resources: why front-line enforcement staff are insured (a rule with its source —
/// data, never Swift text) and how many days ahead an expiring cover shows on the to-do list.
public struct ResourceRules: Codable, Hashable, Sendable {
    public var insurance: RuleSource
    public var expiryWarningDays: Int

    public init(insurance: RuleSource, expiryWarningDays: Int) {
        self.insurance = insurance
        self.expiryWarningDays = expiryWarningDays
    }

    /// A wording, 1–365 warning days, a 文号 (when given) in the form of GB/T 9704-2012.
    public func validate() throws(ResourceFailure) {
        guard (1...365).contains(expiryWarningDays) else { throw .warningDaysOutOfRange(expiryWarningDays) }
        guard !insurance.wording.trimmingSpaces().isEmpty else { throw .emptyRuleWording }
        if let number = insurance.number, !number.isEmpty, !Decision.isValidNumber(number) {
            throw .invalidNumber(number)
        }
    }
}
