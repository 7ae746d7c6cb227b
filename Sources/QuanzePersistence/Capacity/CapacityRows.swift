import Foundation
import QuanzeDomain

/// A person, with the unit the organisation belongs to (the page and its index read by unit).
struct StaffRow: Codable, Sendable {
    var county: String
    var id: String
    var unit: String
    var organization: String
    var name: String
    var kind: String
    var position: String
    var education: String
    var hireDate: String
    var person: String?
    var updatedAt: Int64

    init(_ s: Staff, unit: String, at now: Date) {
        county = s.county
        id = s.id
        self.unit = unit
        organization = s.organization
        name = s.name
        kind = s.kind.rawValue
        position = s.position.rawValue
        education = s.education.rawValue
        hireDate = s.hireDate.iso
        person = s.person
        updatedAt = now.micros
    }

    var staff: Staff? {
        guard let kind = StaffKind(rawValue: kind), let position = Position(rawValue: position),
            let education = Education(rawValue: education), let hired = Day(iso: hireDate)
        else { return nil }
        return Staff(
            id: id, county: county, organization: organization, name: name, kind: kind, position: position,
            education: education, hireDate: hired, person: person)
    }
}

/// A certificate; `kind` is `Certificate.Kind.code` (`enforcement`, `legal`, `field:…`).
struct CertificateRow: Codable, Sendable {
    var county: String
    var id: String
    var staffId: String
    var unit: String
    var kind: String
    var number: String
    var issuedOn: String
    var expiresOn: String?

    init(_ c: Certificate, county: String, unit: String) {
        self.county = county
        id = c.id
        staffId = c.staffId
        self.unit = unit
        kind = c.kind.code
        number = c.number
        issuedOn = c.issuedOn.iso
        expiresOn = c.expiresOn?.iso
    }

    var certificate: Certificate? {
        guard let kind = Certificate.Kind(code: kind), let issued = Day(iso: issuedOn) else { return nil }
        return Certificate(
            staffId: staffId, kind: kind, number: number, issuedOn: issued, expiresOn: expiresOn.flatMap(Day.init(iso:))
        )
    }
}

/// A secondment, keyed by person and first day (`from`/`until` are SQL words, hence `_day`).
struct SecondmentRow: Codable, Sendable {
    var county: String
    var staffId: String
    var fromDay: String
    var unit: String
    var destination: String
    var untilDay: String?

    init(_ s: Secondment, county: String, unit: String) {
        self.county = county
        staffId = s.staffId
        fromDay = s.from.iso
        self.unit = unit
        destination = s.destination
        untilDay = s.until?.iso
    }

    var secondment: Secondment? {
        guard let from = Day(iso: fromDay) else { return nil }
        return Secondment(
            staffId: staffId, destination: destination, from: from, until: untilDay.flatMap(Day.init(iso:)))
    }
}

/// Hours are kept as whole minutes so both engines add them exactly.
struct CourseRow: Codable, Sendable {
    var county: String
    var id: String
    var provider: String
    var title: String
    var day: String
    var minutes: Int64
    var mode: String
    var kind: String

    init(_ c: TrainingCourse) {
        county = c.county
        id = c.id
        provider = c.provider
        title = c.title
        day = c.day.iso
        minutes = Int64((c.hours * 60).rounded())
        mode = c.mode.rawValue
        kind = c.kind.rawValue
    }

    var course: TrainingCourse? {
        guard let d = Day(iso: day), let mode = TrainingMode(rawValue: mode), let kind = TrainingKind(rawValue: kind)
        else { return nil }
        return TrainingCourse(
            id: id, county: county, provider: provider, title: title, day: d, hours: Double(minutes) / 60, mode: mode,
            kind: kind)
    }
}

/// One person at one course, with the person's unit.
struct AttendanceRow: Codable, Sendable {
    var county: String
    var courseId: String
    var staffId: String
    var unit: String
}

/// A count of one kind held by an organisation from a day on (`quantity`: `count` is an SQL function name).
struct EquipmentRow: Codable, Sendable {
    var county: String
    var organization: String
    var kind: String
    var since: String
    var unit: String
    var quantity: Int64

    init(_ e: Equipment, county: String, unit: String) {
        self.county = county
        organization = e.organization
        kind = e.kind.rawValue
        since = e.since.iso
        self.unit = unit
        quantity = Int64(e.count)
    }

    var equipment: Equipment? {
        guard let kind = EquipmentKind(rawValue: kind), let since = Day(iso: since) else { return nil }
        return Equipment(organization: organization, kind: kind, count: Int(quantity), since: since)
    }
}

/// A unit's standardisation status from a day on.
struct StandardisationRow: Codable, Sendable {
    var county: String
    var unit: String
    var since: String
    var state: String
    var note: String

    init(_ s: Standardisation, county: String) {
        self.county = county
        unit = s.unit
        since = s.since.iso
        state = s.state.rawValue
        note = s.note
    }

    var standardisation: Standardisation? {
        guard let state = Standardisation.State(rawValue: state), let since = Day(iso: since) else { return nil }
        return Standardisation(unit: unit, state: state, since: since, note: note)
    }
}
