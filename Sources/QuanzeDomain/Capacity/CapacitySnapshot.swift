/// Everything recorded about the capacity of one township-level unit — its own staff and those of its squad and
/// approval office, their certificates, secondments and training, the equipment and standardisation status — from
/// which figures and fit are computed for any as-of day. A value: the store loads it, pure functions read it.
public struct CapacitySnapshot: Hashable, Sendable, Codable {
    public var county: String
    /// The township-level unit's 12-digit code.
    public var unit: String
    public var unitName: String
    /// Code → name of the unit and its squad and office.
    public var organizations: [String: String]
    public var staff: [Staff]
    public var certificates: [Certificate]
    public var secondments: [Secondment]
    /// The courses the unit's staff attended.
    public var courses: [TrainingCourse]
    public var attendance: [Attendance]
    public var equipment: [Equipment]
    public var standardisation: [Standardisation]

    public init(
        county: String, unit: String, unitName: String, organizations: [String: String] = [:], staff: [Staff] = [],
        certificates: [Certificate] = [], secondments: [Secondment] = [], courses: [TrainingCourse] = [],
        attendance: [Attendance] = [], equipment: [Equipment] = [], standardisation: [Standardisation] = []
    ) {
        self.county = county
        self.unit = unit
        self.unitName = unitName
        self.organizations = organizations
        self.staff = staff
        self.certificates = certificates
        self.secondments = secondments
        self.courses = courses
        self.attendance = attendance
        self.equipment = equipment
        self.standardisation = standardisation
    }

    /// The name of one of the unit's organisations.
    public func organizationName(_ code: String) -> String { organizations[code] ?? code }

    /// Staff hired on or before `day`, in id order.
    public func onRoll(on day: Day) -> [Staff] {
        staff.filter { $0.isOnRoll(on: day) }.sorted { $0.id < $1.id }
    }

    /// The secondment a person is away on, on `day`.
    public func secondment(of staffId: String, on day: Day) -> Secondment? {
        secondments.first { $0.staffId == staffId && $0.isActive(on: day) }
    }

    /// On the roll and not seconded away: counts for capacity.
    public func isInPost(_ person: Staff, on day: Day) -> Bool {
        person.isOnRoll(on: day) && secondment(of: person.id, on: day) == nil
    }

    public func certificates(of staffId: String) -> [Certificate] {
        certificates.filter { $0.staffId == staffId }.sorted { ($0.kind.code, $0.number) < ($1.kind.code, $1.number) }
    }

    /// A valid certificate of a kind held by the person on `day` (the one expiring last when there are several).
    public func validCertificate(of staffId: String, kind: Certificate.Kind, on day: Day) -> Certificate? {
        certificates.filter { $0.staffId == staffId && $0.kind == kind && $0.isValid(on: day) }
            .max { ($0.expiresOn ?? Day(ordinal: .max)) < ($1.expiresOn ?? Day(ordinal: .max)) }
    }

    /// Eligible enforcement staff (在编, 派驻) in post holding a valid 行政执法证 on `day`: the officers who may act.
    public func certifiedOfficers(on day: Day) -> [(staff: Staff, certificate: Certificate)] {
        onRoll(on: day).compactMap { person in
            guard person.isEligibleEnforcement, isInPost(person, on: day),
                let certificate = validCertificate(of: person.id, kind: .enforcement, on: day)
            else { return nil }
            return (person, certificate)
        }
    }

    /// The equipment records in force on `day`: per organisation and kind, the latest on or before it.
    public func equipment(on day: Day) -> [Equipment] {
        var latest: [String: Equipment] = [:]
        for record in equipment where record.since <= day {
            let key = "\(record.organization)|\(record.kind.rawValue)"
            if let current = latest[key], current.since >= record.since { continue }
            latest[key] = record
        }
        return latest.values.sorted { ($0.organization, $0.kind.rawValue) < ($1.organization, $1.kind.rawValue) }
    }

    /// How many of a kind the unit (with its squad and office) has on `day`.
    public func equipmentCount(_ kind: EquipmentKind, on day: Day) -> Int {
        equipment(on: day).filter { $0.kind == kind }.reduce(0) { $0 + $1.count }
    }

    /// The standardisation status in force on `day`, if any was recorded.
    public func standardisation(on day: Day) -> Standardisation? {
        standardisation.filter { $0.since <= day }.max { $0.since < $1.since }
    }

    /// Training hours per person in the calendar year of `day`, counting courses held on or before `day`.
    public func trainingHours(on day: Day) -> [String: Double] {
        let year = day.year
        let held = Dictionary(
            courses.filter { $0.day.year == year && $0.day <= day }.map { ($0.id, $0.hours) },
            uniquingKeysWith: { a, _ in a })
        var hours: [String: Double] = [:]
        for record in attendance {
            if let h = held[record.courseId] { hours[record.staffId, default: 0] += h }
        }
        return hours
    }
}
