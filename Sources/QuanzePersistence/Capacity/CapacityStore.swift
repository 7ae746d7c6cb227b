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
            try await Self.snapshots(
                county: county, units: nil, on: db, shared: try await Self.shared(county: county, on: db)
            )
            .sorted { $0.key < $1.key }.map(\.value)
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
            // The county's organisations and courses once, and each table once for all the units.
            let snapshots = try await Self.snapshots(
                county: county, units: itemsByUnit.filter { !$0.value.isEmpty }.map(\.key), on: db,
                shared: try await Self.shared(county: county, on: db))
            var out: [String: [String: [RequirementFit]]] = [:]
            for (unit, items) in itemsByUnit where !items.isEmpty {
                guard let snapshot = snapshots[unit] else { continue }
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

    /// A unit's capacity as recorded.
    static func snapshot(county: String, unit: String, on db: any SQLDatabase) async throws -> CapacitySnapshot {
        try await snapshots(
            county: county, units: [unit], on: db, shared: try await Self.shared(county: county, on: db))[
                unit]!
    }

    /// The capacity of several units of the county as recorded (nil: every township-level unit of the county), by
    /// unit: each table is read once for all of them (a province county's analysis reads dozens of units; a query
    /// per unit and table was some 22,000 queries for all of Sichuan).
    static func snapshots(county: String, units wanted: [String]?, on db: any SQLDatabase, shared common: Shared)
        async throws -> [String: CapacitySnapshot]
    {
        let orgs = common.organizations
        var which: SQLQueryString = "county = \(bind: county)"
        var regions: SQLQueryString = "county = \(bind: county)"
        let listed = wanted.map { Array(Set($0)).sorted() }
        if let listed {
            guard !listed.isEmpty else { return [:] }
            which = "\(which) AND unit IN (\(binds: listed))"
            regions = "code IN (\(binds: listed))"
        }
        let regionNames = try await db.raw(
            "SELECT code, name FROM regions WHERE " + regions + " AND level = 'township'"
        ).all().reduce(into: [String: String]()) {
            $0[try $1.decode(column: "code", as: String.self)] = try $1.decode(column: "name", as: String.self)
        }
        let units = listed ?? Array(regionNames.keys)
        func rows<Row: Decodable>(_ table: String, _ type: Row.Type, order: String = "") async throws -> [Row] {
            try await db.rows("SELECT * FROM \(unsafeRaw: table) WHERE " + which + " \(unsafeRaw: order)", as: type)
        }
        let staff = Dictionary(
            grouping: try await rows("capacity_staff", StaffRow.self, order: "ORDER BY unit, id"), by: \.unit)
        let certificates = Dictionary(
            grouping: try await rows("capacity_certificates", CertificateRow.self), by: \.unit)
        let secondments = Dictionary(grouping: try await rows("capacity_secondments", SecondmentRow.self), by: \.unit)
        let attendance = Dictionary(grouping: try await rows("capacity_attendance", AttendanceRow.self), by: \.unit)
        let equipment = Dictionary(grouping: try await rows("capacity_equipment", EquipmentRow.self), by: \.unit)
        let standards = Dictionary(
            grouping: try await rows("capacity_standardisation", StandardisationRow.self), by: \.unit)
        var out: [String: CapacitySnapshot] = [:]
        for unit in units {
            let name = regionNames[unit] ?? orgs.first { $0.code == unit }?.name ?? unit
            let attended = attendance[unit] ?? []
            let courseIds = Set(attended.map(\.courseId))
            out[unit] = CapacitySnapshot(
                county: county, unit: unit, unitName: name,
                organizations: unitOrganizations(orgs, unit: unit, name: name),
                staff: (staff[unit] ?? []).compactMap(\.staff),
                certificates: (certificates[unit] ?? []).compactMap(\.certificate),
                secondments: (secondments[unit] ?? []).compactMap(\.secondment),
                courses: common.courses.filter { courseIds.contains($0.id) },
                attendance: attended.map { Attendance(courseId: $0.courseId, staffId: $0.staffId) },
                equipment: (equipment[unit] ?? []).compactMap(\.equipment),
                standardisation: (standards[unit] ?? []).compactMap(\.standardisation))
        }
        return out
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
