import Foundation
import QuanzeDomain
import SQLKit

/// The capacity page's CSV uploads: every row validated against the unit's records, then everything written in one
/// transaction with one audit entry — or, on any error, nothing (`ImportFailure` lists every problem by line).
extension CapacityStore {
    /// Staff (and their certificates) of one unit; see `StaffImport` for the format.
    public func importStaff(_ data: Data, county: String, unit: String, by actor: Actor, at now: Date) async throws
        -> ImportReport
    {
        let rows = try CatalogImporter.table(data, required: StaffImport.required)
        return try await database.transaction { db in
            let snapshot = try await Self.snapshot(county: county, unit: unit, on: db)
            let others = Set(
                try await db.raw(
                    "SELECT id FROM capacity_staff WHERE county = \(bind: county) AND unit <> \(bind: unit)"
                ).all().map { try $0.decode(column: "id", as: String.self) })
            var result = StaffImport.validate(
                rows: rows, county: county, unitOrganizations: snapshot.organizations, otherUnitsStaff: others,
                vocabulary: try await RequirementStore.vocabulary(county: county, on: db))
            // A person recorded with a 执法证 cannot become 编外辅助 by an import that leaves the certificate.
            let lines = Dictionary(
                rows.compactMap { r in r["id"].map { ($0, r.line) } }, uniquingKeysWith: { a, _ in a })
            for person in result.staff where !person.kind.mayHoldEnforcementCertificate {
                if snapshot.certificates.contains(where: { $0.staffId == person.id && $0.kind == .enforcement }) {
                    let failure = CapacityFailure.auxiliaryCannotHoldEnforcement(staffId: person.id)
                    result.errors.append(
                        ImportIssue(line: lines[person.id] ?? 0, column: "kind", message: failure.message))
                }
            }
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            guard !result.staff.isEmpty else { throw ImportFailure(message: "文件中没有人员数据") }
            let before = snapshot.staff.map(\.auditText).sorted().joined(separator: "\n")
            try await db.insertRows(
                into: "capacity_staff", result.staff.map { StaffRow($0, unit: unit, at: now) },
                upsertKeys: ["county", "id"], columnsPerRow: 11)
            try await db.insertRows(
                into: "capacity_certificates",
                result.certificates.map { CertificateRow($0, county: county, unit: unit) },
                upsertKeys: ["county", "id"],
                columnsPerRow: 8)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "capacity.import.staff", subject: unit,
                    detail:
                        "导入人员 \(result.staff.count) 名、证件 \(result.certificates.count) 个，警告 \(result.warnings.count) 条",
                    before: before,
                    after: (result.staff.map(\.auditText) + result.certificates.map(\.auditText)).joined(
                        separator: "\n")),
                on: db)
            return ImportReport(written: result.staff.count + result.certificates.count, warnings: result.warnings)
        }
    }

    /// Training attendance of one unit's people; see `AttendanceImport` for the format.
    public func importAttendance(_ data: Data, county: String, unit: String, by actor: Actor, at now: Date)
        async throws -> ImportReport
    {
        let rows = try CatalogImporter.table(data, required: AttendanceImport.required)
        return try await database.transaction { db in
            let snapshot = try await Self.snapshot(county: county, unit: unit, on: db)
            let courses = Set(try await Self.courses(county: county, on: db).map(\.id))
            let result = AttendanceImport.validate(
                rows: rows, staff: Dictionary(snapshot.staff.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                courses: courses)
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            guard !result.attendance.isEmpty else { throw ImportFailure(message: "文件中没有参训记录") }
            try await db.insertRows(
                into: "capacity_attendance",
                result.attendance.map {
                    AttendanceRow(county: county, courseId: $0.courseId, staffId: $0.staffId, unit: unit)
                }, upsertKeys: ["county", "course_id", "staff_id"], columnsPerRow: 4)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "capacity.import.attendance", subject: unit,
                    detail: "导入参训记录 \(result.attendance.count) 条，警告 \(result.warnings.count) 条",
                    after: result.attendance.map(\.auditText).joined(separator: "\n")), on: db)
            return ImportReport(written: result.attendance.count, warnings: result.warnings)
        }
    }

    /// Writes prepared records of many units at once with one audit entry (the demo's load). The records are
    /// checked with the same rules as single saves; any refusal writes nothing.
    public func load(_ snapshots: [CapacitySnapshot], courses: [TrainingCourse], by actor: Actor, at now: Date)
        async throws
    {
        guard let county = snapshots.first?.county else { return }
        try await database.transaction { db in
            let departments = try await OrganizationStore.departmentNames(county: county, on: db)
            for course in courses { try CapacityRules.validate(course, departments: departments) }
            try await db.insertRows(
                into: "capacity_courses", courses.map(CourseRow.init), upsertKeys: ["county", "id"], columnsPerRow: 8)
            var staffRows: [StaffRow] = []
            var certificateRows: [CertificateRow] = []
            var secondmentRows: [SecondmentRow] = []
            var attendanceRows: [AttendanceRow] = []
            var equipmentRows: [EquipmentRow] = []
            var standardRows: [StandardisationRow] = []
            for s in snapshots {
                let orgs = Set(s.organizations.keys)
                let people = Dictionary(s.staff.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                for person in s.staff { try CapacityRules.validate(person, unitOrganizations: orgs) }
                for c in s.certificates {
                    guard let holder = people[c.staffId] else { throw CapacityFailure.unknownStaff(c.staffId) }
                    try CapacityRules.validate(c, holder: holder)
                }
                for m in s.secondments {
                    guard let holder = people[m.staffId] else { throw CapacityFailure.unknownStaff(m.staffId) }
                    try CapacityRules.validate(m, holder: holder, existing: s.secondments)
                }
                for e in s.equipment { try CapacityRules.validate(e, unitOrganizations: orgs) }
                staffRows += s.staff.map { StaffRow($0, unit: s.unit, at: now) }
                certificateRows += s.certificates.map { CertificateRow($0, county: county, unit: s.unit) }
                secondmentRows += s.secondments.map { SecondmentRow($0, county: county, unit: s.unit) }
                attendanceRows += s.attendance.map {
                    AttendanceRow(county: county, courseId: $0.courseId, staffId: $0.staffId, unit: s.unit)
                }
                equipmentRows += s.equipment.map { EquipmentRow($0, county: county, unit: s.unit) }
                standardRows += s.standardisation.map { StandardisationRow($0, county: county) }
            }
            try await db.insertRows(
                into: "capacity_staff", staffRows, upsertKeys: ["county", "id"], columnsPerRow: 11)
            try await db.insertRows(
                into: "capacity_certificates", certificateRows, upsertKeys: ["county", "id"], columnsPerRow: 8)
            try await db.insertRows(
                into: "capacity_secondments", secondmentRows, upsertKeys: ["county", "staff_id", "from_day"],
                columnsPerRow: 6)
            try await db.insertRows(
                into: "capacity_attendance", attendanceRows, upsertKeys: ["county", "course_id", "staff_id"],
                columnsPerRow: 4)
            try await db.insertRows(
                into: "capacity_equipment", equipmentRows, upsertKeys: ["county", "organization", "kind", "since"],
                columnsPerRow: 6)
            try await db.insertRows(
                into: "capacity_standardisation", standardRows, upsertKeys: ["county", "unit", "since"],
                columnsPerRow: 5)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "capacity.load", subject: county,
                    detail:
                        "载入 \(snapshots.count) 个单位的人员 \(staffRows.count) 名、证件 \(certificateRows.count) 个、培训 \(courses.count) 次"
                ),
                on: db)
        }
    }
}
