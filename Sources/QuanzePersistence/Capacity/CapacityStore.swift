import Foundation
import QuanzeDomain
import SQLKit

/// Capacity records of a county's township-level units (DESIGN §6): read as `CapacitySnapshot`s, written one
/// record or one import at a time, each write with its audit entry in the same transaction. Personal data: the
/// callers check `viewUnit`/`editUnit` before calling.
public struct CapacityStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Everything recorded for one unit (with its squad and office). An unknown unit gives an empty snapshot.
    public func snapshot(county: String, unit: String) async throws -> CapacitySnapshot {
        try await database.read { db in try await Self.snapshot(county: county, unit: unit, on: db) }
    }

    /// One snapshot per township-level unit of the county, in code order (units without records included).
    public func snapshots(county: String) async throws -> [CapacitySnapshot] {
        try await database.read { db in
            let units = try await db.raw(
                "SELECT code, name FROM regions WHERE county = \(bind: county) AND level = 'township' ORDER BY code"
            ).all().map {
                (try $0.decode(column: "code", as: String.self), try $0.decode(column: "name", as: String.self))
            }
            let orgs = try await OrganizationStore.all(county: county, on: db)
            let staff = try await db.rows(
                "SELECT * FROM capacity_staff WHERE county = \(bind: county)", as: StaffRow.self)
            let certificates = try await db.rows(
                "SELECT * FROM capacity_certificates WHERE county = \(bind: county)", as: CertificateRow.self)
            let secondments = try await db.rows(
                "SELECT * FROM capacity_secondments WHERE county = \(bind: county)", as: SecondmentRow.self)
            let attendance = try await db.rows(
                "SELECT * FROM capacity_attendance WHERE county = \(bind: county)", as: AttendanceRow.self)
            let equipment = try await db.rows(
                "SELECT * FROM capacity_equipment WHERE county = \(bind: county)", as: EquipmentRow.self)
            let standards = try await db.rows(
                "SELECT * FROM capacity_standardisation WHERE county = \(bind: county)", as: StandardisationRow.self)
            let courses = try await Self.courses(county: county, on: db)
            let byUnit = (
                staff: Dictionary(grouping: staff, by: \.unit),
                certificates: Dictionary(grouping: certificates, by: \.unit),
                secondments: Dictionary(grouping: secondments, by: \.unit),
                attendance: Dictionary(grouping: attendance, by: \.unit),
                equipment: Dictionary(grouping: equipment, by: \.unit),
                standards: Dictionary(grouping: standards, by: \.unit)
            )
            return units.map { code, name in
                let attended = byUnit.attendance[code] ?? []
                let courseIds = Set(attended.map(\.courseId))
                return CapacitySnapshot(
                    county: county, unit: code, unitName: name,
                    organizations: Self.unitOrganizations(orgs, unit: code, name: name),
                    staff: (byUnit.staff[code] ?? []).compactMap(\.staff),
                    certificates: (byUnit.certificates[code] ?? []).compactMap(\.certificate),
                    secondments: (byUnit.secondments[code] ?? []).compactMap(\.secondment),
                    courses: courses.filter { courseIds.contains($0.id) },
                    attendance: attended.map { Attendance(courseId: $0.courseId, staffId: $0.staffId) },
                    equipment: (byUnit.equipment[code] ?? []).compactMap(\.equipment),
                    standardisation: (byUnit.standards[code] ?? []).compactMap(\.standardisation))
            }
        }
    }

    /// The county's training courses, newest first.
    public func courses(county: String) async throws -> [TrainingCourse] {
        try await database.read { db in try await Self.courses(county: county, on: db) }
    }

    /// How many people attended each course (all units).
    public func attendanceCounts(county: String) async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw(
                "SELECT course_id, COUNT(*) AS n FROM capacity_attendance WHERE county = \(bind: county) GROUP BY course_id"
            ).all() {
                counts[try row.decode(column: "course_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    /// Capacity fit of one unit for items, as of a day (`fit(county:itemsByUnit:on:)`): the capacity API's answer.
    public func fit(county: String, unit: String, itemCodes: [String], on day: Day) async throws
        -> [String: [RequirementFit]]
    {
        try await fit(county: county, itemsByUnit: [unit: itemCodes], on: day)[unit] ?? [:]
    }

    /// Capacity fit of units for items, as of a day: unit → item code → one fit per requirement of the item (items
    /// with no requirement map to an empty list; unknown codes are left out). The analysis reads it (R3).
    public func fit(county: String, itemsByUnit: [String: [String]], on day: Day) async throws
        -> [String: [String: [RequirementFit]]]
    {
        let codes = Array(Set(itemsByUnit.values.joined())).sorted()
        guard !codes.isEmpty else { return [:] }
        return try await database.read { db in
            // Each item's requirements are read and parsed once, not once per unit that holds it.
            let requirements = try await ItemStore.requirements(county: county, codes: codes, on: db)
            let vocabulary = try await RequirementStore.vocabulary(county: county, on: db)
            // The county's organisations and courses once, not once per unit (a province county has dozens).
            let shared = try await Self.shared(county: county, on: db)
            var out: [String: [String: [RequirementFit]]] = [:]
            for (unit, items) in itemsByUnit where !items.isEmpty {
                let snapshot = try await Self.snapshot(county: county, unit: unit, on: db, shared: shared)
                var fits: [String: [RequirementFit]] = [:]
                // Each requirement is checked once per unit: its items share a handful of requirements.
                var checked: [Requirement: RequirementFit] = [:]
                for item in Set(items) {
                    guard let required = requirements[item] else { continue }
                    fits[item] = required.map { requirement in
                        if let fit = checked[requirement] { return fit }
                        let fit = CapacityFit.evaluate(
                            [requirement], snapshot: snapshot, on: day, vocabulary: vocabulary)[0]
                        checked[requirement] = fit
                        return fit
                    }
                }
                out[unit] = fits
            }
            return out
        }
    }

    // MARK: - reading inside a transaction

    /// What the snapshots of a county's units read alike: its organisations and its training courses.
    struct Shared {
        var organizations: [Organization]
        var courses: [TrainingCourse]
    }

    static func shared(county: String, on db: any SQLDatabase) async throws -> Shared {
        Shared(
            organizations: try await OrganizationStore.all(county: county, on: db),
            courses: try await Self.courses(county: county, on: db))
    }

    /// A unit's capacity as recorded; `shared`, when the caller reads several units of the county.
    static func snapshot(county: String, unit: String, on db: any SQLDatabase, shared: Shared? = nil) async throws
        -> CapacitySnapshot
    {
        let common: Shared
        if let shared { common = shared } else { common = try await Self.shared(county: county, on: db) }
        let orgs = common.organizations
        let regionName = try await db.raw(
            "SELECT name FROM regions WHERE code = \(bind: unit) AND level = 'township'"
        ).first()?.decode(column: "name", as: String.self)
        let name = regionName ?? orgs.first { $0.code == unit }?.name ?? unit
        let staff = try await db.rows(
            "SELECT * FROM capacity_staff WHERE county = \(bind: county) AND unit = \(bind: unit) ORDER BY id",
            as: StaffRow.self)
        let certificates = try await db.rows(
            "SELECT * FROM capacity_certificates WHERE county = \(bind: county) AND unit = \(bind: unit)",
            as: CertificateRow.self)
        let secondments = try await db.rows(
            "SELECT * FROM capacity_secondments WHERE county = \(bind: county) AND unit = \(bind: unit)",
            as: SecondmentRow.self)
        let attendance = try await db.rows(
            "SELECT * FROM capacity_attendance WHERE county = \(bind: county) AND unit = \(bind: unit)",
            as: AttendanceRow.self)
        let equipment = try await db.rows(
            "SELECT * FROM capacity_equipment WHERE county = \(bind: county) AND unit = \(bind: unit)",
            as: EquipmentRow.self)
        let standards = try await db.rows(
            "SELECT * FROM capacity_standardisation WHERE county = \(bind: county) AND unit = \(bind: unit)",
            as: StandardisationRow.self)
        let courseIds = Set(attendance.map(\.courseId))
        let courses = common.courses.filter { courseIds.contains($0.id) }
        return CapacitySnapshot(
            county: county, unit: unit, unitName: name,
            organizations: unitOrganizations(orgs, unit: unit, name: name),
            staff: staff.compactMap(\.staff), certificates: certificates.compactMap(\.certificate),
            secondments: secondments.compactMap(\.secondment), courses: courses,
            attendance: attendance.map { Attendance(courseId: $0.courseId, staffId: $0.staffId) },
            equipment: equipment.compactMap(\.equipment), standardisation: standards.compactMap(\.standardisation))
    }

    static func courses(county: String, on db: any SQLDatabase) async throws -> [TrainingCourse] {
        try await db.rows(
            "SELECT * FROM capacity_courses WHERE county = \(bind: county) ORDER BY day DESC, id DESC",
            as: CourseRow.self
        ).compactMap(\.course)
    }

    /// The unit itself (by its organisation name, else its region name) and its active squads and approval offices:
    /// staff and equipment are recorded only there, so a retired squad gets no new staff.
    static func unitOrganizations(_ orgs: [Organization], unit: String, name: String) -> [String: String] {
        var out = [unit: name]
        for org in orgs {
            if org.code == unit {
                out[unit] = org.name
            } else if org.parent == unit, !org.isRetired, org.kind == .enforcementSquad || org.kind == .approvalOffice {
                out[org.code] = org.name
            }
        }
        return out
    }
}
