/// The capacity figures of a unit (or, summed, of a district) as of a day. Only counts and sums are stored; rates
/// are derived from them, so a district's rate is its summed numerator over its summed denominator — never an
/// average of the units' rates.
///
/// Definitions (DESIGN §6):
/// - 持证率 = `certified` ÷ `enforcementEligible`: staff in an enforcement post who may hold a 行政执法证 (在编 and
///   派驻) and are on the roll on the day, against those of them holding one valid on the day (the expiry day still
///   counts). Seconded officers stay in both (they belong to the unit; `seconded` shows them apart).
///   编外辅助 staff in enforcement posts cannot hold one and are counted apart in `auxiliaryEnforcement`.
/// - Training: hours of the courses attended in the calendar year of the day, up to the day, by the same officers;
///   `belowTarget` counts officers under the yearly target (default 60 hours, the report's 60 学时).
/// - `expiringCertificates`: certificates of staff on the roll, valid on the day and expiring within 90 days of it.
/// - `seconded`: staff on the roll seconded away on the day. `certifiedInPost`: certified officers not seconded,
///   who alone count for capacity fit.
public struct CapacityFigures: Hashable, Sendable, Codable {
    public static let defaultTrainingTarget = 60.0
    public static let expiryWindowDays = 90

    public var asOf: Day
    public var trainingTarget: Double
    /// How many units the figures cover (1 for a unit).
    public var units: Int
    public var staff: Int
    public var establishment: Int
    public var auxiliary: Int
    public var dispatched: Int
    public var enforcementEligible: Int
    public var certified: Int
    public var certifiedInPost: Int
    public var auxiliaryEnforcement: Int
    public var trainingHours: Double
    public var belowTarget: Int
    public var expiringCertificates: Int
    public var seconded: Int
    /// Staff on the roll with less than two years in the unit (the report: 工作经历普遍不足2年).
    public var underTwoYears: Int

    public init(asOf: Day, trainingTarget: Double = CapacityFigures.defaultTrainingTarget, units: Int = 0) {
        self.asOf = asOf
        self.trainingTarget = trainingTarget
        self.units = units
        staff = 0
        establishment = 0
        auxiliary = 0
        dispatched = 0
        enforcementEligible = 0
        certified = 0
        certifiedInPost = 0
        auxiliaryEnforcement = 0
        trainingHours = 0
        belowTarget = 0
        expiringCertificates = 0
        seconded = 0
        underTwoYears = 0
    }

    /// 持证率, nil when there is no eligible enforcement staff.
    public var certifiedRate: Double? { ratio(certified, enforcementEligible) }

    /// Hours per officer in the year, nil without officers.
    public var hoursPerOfficer: Double? {
        enforcementEligible == 0 ? nil : trainingHours / Double(enforcementEligible)
    }

    /// Share of the staff on the roll seconded away.
    public var secondedShare: Double? { ratio(seconded, staff) }

    func ratio(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// A district's figures: every count and sum added up.
    public static func total(_ parts: [CapacityFigures], asOf: Day, trainingTarget: Double = defaultTrainingTarget)
        -> CapacityFigures
    {
        var t = CapacityFigures(asOf: asOf, trainingTarget: trainingTarget)
        for p in parts {
            t.units += p.units
            t.staff += p.staff
            t.establishment += p.establishment
            t.auxiliary += p.auxiliary
            t.dispatched += p.dispatched
            t.enforcementEligible += p.enforcementEligible
            t.certified += p.certified
            t.certifiedInPost += p.certifiedInPost
            t.auxiliaryEnforcement += p.auxiliaryEnforcement
            t.trainingHours += p.trainingHours
            t.belowTarget += p.belowTarget
            t.expiringCertificates += p.expiringCertificates
            t.seconded += p.seconded
            t.underTwoYears += p.underTwoYears
        }
        return t
    }
}

extension CapacitySnapshot {
    /// The unit's figures as of `day` (see `CapacityFigures` for the definitions).
    public func figures(on day: Day, trainingTarget: Double = CapacityFigures.defaultTrainingTarget)
        -> CapacityFigures
    {
        var f = CapacityFigures(asOf: day, trainingTarget: trainingTarget, units: 1)
        let hours = trainingHours(on: day)
        for person in onRoll(on: day) {
            f.staff += 1
            switch person.kind {
            case .establishment: f.establishment += 1
            case .auxiliary: f.auxiliary += 1
            case .dispatched: f.dispatched += 1
            }
            let away = secondment(of: person.id, on: day) != nil
            if away { f.seconded += 1 }
            if !Self.hasServed(years: 2, hired: person.hireDate, on: day) { f.underTwoYears += 1 }
            f.expiringCertificates +=
                certificates.filter {
                    $0.staffId == person.id && $0.expires(within: CapacityFigures.expiryWindowDays, of: day)
                }.count
            guard person.position == .enforcement else { continue }
            guard person.isEligibleEnforcement else {
                f.auxiliaryEnforcement += 1
                continue
            }
            f.enforcementEligible += 1
            if validCertificate(of: person.id, kind: .enforcement, on: day) != nil {
                f.certified += 1
                if !away { f.certifiedInPost += 1 }
            }
            let h = hours[person.id] ?? 0
            f.trainingHours += h
            if h < trainingTarget { f.belowTarget += 1 }
        }
        return f
    }

    /// Whether `years` full years have passed since the hire day (a 29 February hire's anniversary is 1 March).
    static func hasServed(years: Int, hired: Day, on day: Day) -> Bool {
        let p = hired.parts
        let anniversary =
            Day(year: p.year + years, month: p.month, day: p.day)
            ?? Day(year: p.year + years, month: 3, day: 1)!
        return anniversary <= day
    }
}
