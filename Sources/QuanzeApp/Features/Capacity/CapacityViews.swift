import Foundation
import QuanzeDomain
import QuanzePersistence

/// How capacity numbers read on pages: rates as percentages with one decimal, hours with at most one.
enum CapacityFormat {
    static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f%%", value * 100)
    }

    static func hours(_ value: Double?) -> String {
        guard let value else { return "—" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}

/// One row of figures as tables show them (a unit, or the district in the table's foot).
struct FiguresRow {
    var code: String
    var name: String
    var staff: Int
    var establishment: Int
    var auxiliary: Int
    var dispatched: Int
    var enforcementEligible: Int
    var certified: Int
    var certifiedRate: String
    var certifiedInPost: Int
    var auxiliaryEnforcement: Int
    var hoursPerOfficer: String
    var target: String
    var belowTarget: Int
    var expiringCertificates: Int
    var seconded: Int
    var secondedShare: String
    var underTwoYears: Int
    var standardisation: String
    var standardisationClass: String
    /// 持证率 below 85 % (the report's district level) is flagged.
    var rateLow: Bool

    init(code: String, name: String, _ f: CapacityFigures, standardisation: Standardisation? = nil) {
        self.code = code
        self.name = name
        staff = f.staff
        establishment = f.establishment
        auxiliary = f.auxiliary
        dispatched = f.dispatched
        enforcementEligible = f.enforcementEligible
        certified = f.certified
        certifiedRate = CapacityFormat.percent(f.certifiedRate)
        certifiedInPost = f.certifiedInPost
        auxiliaryEnforcement = f.auxiliaryEnforcement
        hoursPerOfficer = f.hoursPerOfficer.map { String(format: "%.1f", $0) } ?? "—"
        target = CapacityFormat.hours(f.trainingTarget)
        belowTarget = f.belowTarget
        expiringCertificates = f.expiringCertificates
        seconded = f.seconded
        secondedShare = CapacityFormat.percent(f.secondedShare)
        underTwoYears = f.underTwoYears
        self.standardisation = standardisation?.state.label ?? "未登记"
        switch standardisation?.state {
        case .completed: standardisationClass = "ok"
        case .underway: standardisationClass = "warn"
        default: standardisationClass = "bad"
        }
        rateLow = (f.certifiedRate ?? 1) < 0.85
    }
}

/// A choice in a form's select, with whether it is the chosen one.
struct CapacityOption {
    var value: String
    var label: String
    var selected: Bool

    static func list(_ pairs: [(String, String)], selected: String) -> [CapacityOption] {
        pairs.map { CapacityOption(value: $0.0, label: $0.1, selected: $0.0 == selected || $0.1 == selected) }
    }
}

/// One form of a page: the values entered (kept when it comes back with errors) and the errors by field
/// (`form` for the record as a whole).
struct CapacityForm {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    /// Row problems of a CSV upload, each with its line.
    var issues: [String] = []
    var hasErrors: Bool { !errors.isEmpty }
    var hasIssues: Bool { !issues.isEmpty }

    init(values: [String: String] = [:], failures: [CapacityFailure] = [], issues: [String] = []) {
        self.values = values
        self.issues = issues
        for failure in failures where errors[failure.field ?? "form"] == nil {
            errors[failure.field ?? "form"] = failure.message
        }
    }
}

extension CapacityForm: ComputedView {
    var computed: [String: Any] { ["hasErrors": hasErrors, "hasIssues": hasIssues] }
}

/// A certificate in the staff table: what, which, until when, and whether it counts on the as-of day.
struct CertificateView {
    var kind: String
    var number: String
    var expires: String
    var status: String
    var statusClass: String

    init(_ c: Certificate, on day: Day, vocabulary: RequirementVocabulary) {
        kind = vocabulary.name(of: c.kind)
        number = c.number
        expires = c.expiresOn?.iso ?? "长期"
        if !c.isValid(on: day) {
            (status, statusClass) = c.issuedOn > day ? ("未生效", "warn") : ("已过期", "bad")
        } else if c.expires(within: CapacityFigures.expiryWindowDays, of: day) {
            (status, statusClass) = ("即将到期", "warn")
        } else {
            (status, statusClass) = ("有效", "ok")
        }
    }
}

/// A person in the staff table.
struct StaffView {
    var id: String
    var name: String
    var organization: String
    var kind: String
    var position: String
    var education: String
    var hireDate: String
    var certificates: [CertificateView]
    var hours: String
    var status: String
    var statusClass: String
    var onRoll: Bool
    /// Keys and values the staff table filters and sorts by (`CapacityTables`).
    var kindKey: String
    var positionKey: String
    var statusKey: String
    var hireDay: Day
    var hoursValue: Double

    init(
        _ s: Staff, snapshot: CapacitySnapshot, hours: [String: Double], on day: Day, vocabulary: RequirementVocabulary
    ) {
        id = s.id
        name = s.name
        organization = snapshot.organizationName(s.organization)
        kind = s.kind.label
        kindKey = s.kind.rawValue
        positionKey = s.position.rawValue
        hireDay = s.hireDate
        hoursValue = hours[s.id] ?? 0
        position = s.position.label
        education = s.education.label
        hireDate = s.hireDate.iso
        certificates = snapshot.certificates(of: s.id).map { CertificateView($0, on: day, vocabulary: vocabulary) }
        self.hours = CapacityFormat.hours(hours[s.id] ?? 0)
        onRoll = s.isOnRoll(on: day)
        if !onRoll {
            (status, statusClass, statusKey) = ("未入职", "warn", "pending")
        } else if let away = snapshot.secondment(of: s.id, on: day) {
            (status, statusClass, statusKey) = ("借调至\(away.destination)", "bad", "seconded")
        } else {
            (status, statusClass, statusKey) = ("在岗", "ok", "in-post")
        }
    }
}

/// A requirement's fit as the fit table and the API show it.
struct FitView: Encodable {
    var requirement: String
    var label: String
    var held: Bool
    var evidence: String

    init(_ f: RequirementFit) {
        requirement = f.requirement.code
        label = f.label
        held = f.held
        evidence = f.evidence
    }
}
