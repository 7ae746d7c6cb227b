import Foundation
import QuanzeDomain
import SQLKit

/// Writes of single records. Each reads what its rules need, checks them with `CapacityRules` and writes the record
/// and one audit entry in one transaction; a refused record (`CapacityFailure`) writes nothing. Audit details name
/// ids, never people: the digests prove the change without copying personal data.
extension CapacityStore {
    /// Adds or updates a person of the unit.
    public func saveStaff(_ staff: Staff, unit: String, by actor: Actor, at now: Date) async throws {
        try await database.transaction { db in
            let snapshot = try await Self.snapshot(county: staff.county, unit: unit, on: db)
            try CapacityRules.validate(staff, unitOrganizations: Set(snapshot.organizations.keys))
            if let other = try await Self.unitOfStaff(staff.id, county: staff.county, on: db), other != unit {
                throw CapacityFailure.staffOfOtherUnit(staff.id)
            }
            if !staff.kind.mayHoldEnforcementCertificate,
                snapshot.certificates.contains(where: { $0.staffId == staff.id && $0.kind == .enforcement })
            {
                throw CapacityFailure.auxiliaryCannotHoldEnforcement(staffId: staff.id)
            }
            let before = snapshot.staff.first { $0.id == staff.id }
            try await db.insertRows(
                into: "capacity_staff", [StaffRow(staff, unit: unit, at: now)], upsertKeys: ["county", "id"],
                columnsPerRow: 11)
            try await AuditStore.append(
                AuditEvent(
                    county: staff.county, actor: actor, at: now, action: "capacity.staff", subject: unit,
                    detail: before == nil ? "登记人员 \(staff.id)" : "更新人员 \(staff.id)", before: before?.auditText,
                    after: staff.auditText), on: db)
        }
    }

    /// Adds or updates a certificate of one of the unit's people.
    public func saveCertificate(
        _ certificate: Certificate, county: String, unit: String, by actor: Actor, at now: Date
    ) async throws {
        try await database.transaction { db in
            let snapshot = try await Self.snapshot(county: county, unit: unit, on: db)
            guard let holder = snapshot.staff.first(where: { $0.id == certificate.staffId }) else {
                throw CapacityFailure.unknownStaff(certificate.staffId)
            }
            try CapacityRules.validate(certificate, holder: holder)
            let before = snapshot.certificates.first { $0.id == certificate.id }
            let vocabulary = try await RequirementStore.vocabulary(county: county, on: db)
            try await db.insertRows(
                into: "capacity_certificates", [CertificateRow(certificate, county: county, unit: unit)],
                upsertKeys: ["county", "id"], columnsPerRow: 8)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "capacity.certificate", subject: unit,
                    detail: "登记人员 \(holder.id) 的\(vocabulary.name(of: certificate.kind))", before: before?.auditText,
                    after: certificate.auditText), on: db)
        }
    }

    /// Adds a secondment, or replaces the one of the same person starting the same day (to record its end).
    public func saveSecondment(
        _ secondment: Secondment, county: String, unit: String, by actor: Actor, at now: Date
    ) async throws {
        try await database.transaction { db in
            let snapshot = try await Self.snapshot(county: county, unit: unit, on: db)
            guard let holder = snapshot.staff.first(where: { $0.id == secondment.staffId }) else {
                throw CapacityFailure.unknownStaff(secondment.staffId)
            }
            try CapacityRules.validate(secondment, holder: holder, existing: snapshot.secondments)
            let before = snapshot.secondments.first { $0.staffId == secondment.staffId && $0.from == secondment.from }
            try await db.insertRows(
                into: "capacity_secondments", [SecondmentRow(secondment, county: county, unit: unit)],
                upsertKeys: ["county", "staff_id", "from_day"], columnsPerRow: 6)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "capacity.secondment", subject: unit,
                    detail: "登记人员 \(holder.id) 的借调（\(secondment.from.chinese)起）", before: before?.auditText,
                    after: secondment.auditText), on: db)
        }
    }

    /// Records how many of a kind an organisation of the unit has from a day on.
    public func saveEquipment(_ equipment: Equipment, county: String, unit: String, by actor: Actor, at now: Date)
        async throws
    {
        try await database.transaction { db in
            let snapshot = try await Self.snapshot(county: county, unit: unit, on: db)
            try CapacityRules.validate(equipment, unitOrganizations: Set(snapshot.organizations.keys))
            let before = snapshot.equipment.first {
                $0.organization == equipment.organization && $0.kind == equipment.kind && $0.since == equipment.since
            }
            let name = try await RequirementStore.vocabulary(county: county, on: db).name(of: equipment.kind)
            try await db.insertRows(
                into: "capacity_equipment", [EquipmentRow(equipment, county: county, unit: unit)],
                upsertKeys: ["county", "organization", "kind", "since"], columnsPerRow: 6)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "capacity.equipment", subject: unit,
                    detail:
                        "登记\(name) \(equipment.count) \(equipment.kind.unitWord)（\(equipment.since.chinese)起）",
                    before: before?.auditText, after: equipment.auditText), on: db)
        }
    }

    /// Records the unit's standardisation status from a day on.
    public func saveStandardisation(
        _ record: Standardisation, county: String, by actor: Actor, at now: Date
    ) async throws {
        try CapacityRules.validate(record)
        try await database.transaction { db in
            let before = try await db.rows(
                """
                SELECT * FROM capacity_standardisation WHERE county = \(bind: county) AND unit = \(bind: record.unit)
                AND since = \(bind: record.since.iso)
                """, as: StandardisationRow.self
            ).first?.standardisation
            try await db.insertRows(
                into: "capacity_standardisation", [StandardisationRow(record, county: county)],
                upsertKeys: ["county", "unit", "since"], columnsPerRow: 5)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "capacity.standardisation", subject: record.unit,
                    detail: "执法中队标准化建设：\(record.state.label)（\(record.since.chinese)起）", before: before?.auditText,
                    after: record.auditText), on: db)
        }
    }

    /// Creates a course and gives it its id (`PX-YYYYMMDD-NN`, the day's next number); returns it as stored. The
    /// same course (provider, title, day) twice — a double submission — is refused (`DuplicateSubmission`); course
    /// creations of a county take turns on PostgreSQL so that two of them never count the same next number.
    @discardableResult
    public func createCourse(_ course: TrainingCourse, by actor: Actor, at now: Date) async throws -> TrainingCourse {
        try await database.transaction { db in
            try await db.lockForWrite("course:" + course.county)
            let repeated = try await db.raw(
                """
                SELECT id FROM capacity_courses WHERE county = \(bind: course.county) AND day = \(bind: course.day.iso)
                AND provider = \(bind: course.provider) AND title = \(bind: course.title)
                """
            ).first()?.decode(column: "id", as: String.self)
            if let repeated {
                throw DuplicateSubmission(
                    "同一培训（\(course.provider)“\(course.title)”，\(course.day.chinese)）已登记为 \(repeated)，未重复登记")
            }
            let departments = try await OrganizationStore.departmentNames(county: course.county, on: db)
            try CapacityRules.validate(course, departments: departments)
            let prefix = "PX-" + course.day.iso.replacingOccurrences(of: "-", with: "") + "-"
            let taken = try await db.raw(
                "SELECT id FROM capacity_courses WHERE county = \(bind: course.county) AND day = \(bind: course.day.iso)"
            ).all().map { try $0.decode(column: "id", as: String.self) }
            let next = (taken.compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0) + 1
            var stored = course
            stored.id = prefix + String(format: "%02d", next)
            try await db.insertRows(into: "capacity_courses", [CourseRow(stored)], columnsPerRow: 8)
            try await AuditStore.append(
                AuditEvent(
                    county: course.county, actor: actor, at: now, action: "capacity.course", subject: stored.id,
                    detail: "登记培训（\(course.provider)，\(course.day.chinese)）", after: stored.auditText), on: db)
            return stored
        }
    }

    /// The unit a staff id is recorded for, if any.
    static func unitOfStaff(_ id: String, county: String, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT unit FROM capacity_staff WHERE county = \(bind: county) AND id = \(bind: id)")
            .first()?.decode(column: "unit", as: String.self)
    }
}
