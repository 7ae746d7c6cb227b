/// The rules a capacity record must follow on its own and against the records it refers to. Pure; the stores call
/// them before writing and the input parsers call them after reading fields.
public enum CapacityRules {
    /// Letters, digits and `-`, at most 40 characters (工号 such as `ZF-100-001`).
    public static func isValidStaffId(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return (1...40).contains(bytes.count)
            && bytes.allSatisfy {
                ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45
            }
    }

    /// A person belongs to one of the unit's organisations (the unit, its squad or its approval office).
    public static func validate(_ staff: Staff, unitOrganizations: Set<String>) throws(CapacityFailure) {
        guard isValidStaffId(staff.id) else { throw .invalidStaffId(staff.id) }
        guard !staff.name.trimmingSpaces().isEmpty else { throw .required(field: "name", label: "姓名") }
        guard staff.name.count <= 30 else { throw .tooLong(field: "name", label: "姓名", maximum: 30) }
        guard unitOrganizations.contains(staff.organization) else {
            throw .organizationOutsideUnit(staff.organization)
        }
    }

    /// Expiry after issue; a 行政执法证 only for staff who may hold one (not 编外辅助).
    public static func validate(_ certificate: Certificate, holder: Staff) throws(CapacityFailure) {
        guard !certificate.number.trimmingSpaces().isEmpty else {
            throw .required(field: "certificate_no", label: "证件编号")
        }
        guard certificate.number.count <= 40 else {
            throw .tooLong(field: "certificate_no", label: "证件编号", maximum: 40)
        }
        if let expires = certificate.expiresOn, expires <= certificate.issuedOn {
            throw .expiryNotAfterIssue(issued: certificate.issuedOn, expires: expires)
        }
        if certificate.kind == .enforcement && !holder.kind.mayHoldEnforcementCertificate {
            throw .auxiliaryCannotHoldEnforcement(staffId: holder.id)
        }
    }

    /// Ends on or after its start, starts on or after the hire day, and shares no day with another secondment of
    /// the same person (`existing` may include the record itself, matched by its start day, which it replaces).
    public static func validate(_ secondment: Secondment, holder: Staff, existing: [Secondment]) throws(CapacityFailure)
    {
        let destination = secondment.destination.trimmingSpaces()
        guard !destination.isEmpty else { throw .required(field: "destination", label: "借调去向") }
        guard destination.count <= 60 else { throw .tooLong(field: "destination", label: "借调去向", maximum: 60) }
        if let until = secondment.until, until < secondment.from {
            throw .secondmentEndsBeforeStart(from: secondment.from, until: until)
        }
        guard secondment.from >= holder.hireDate else {
            throw .secondmentBeforeHire(from: secondment.from, hired: holder.hireDate)
        }
        for other in existing where other.staffId == secondment.staffId && other.from != secondment.from {
            if other.overlaps(secondment) { throw .secondmentOverlaps(staffId: holder.id, existingFrom: other.from) }
        }
    }

    public static func validate(_ equipment: Equipment, unitOrganizations: Set<String>) throws(CapacityFailure) {
        guard unitOrganizations.contains(equipment.organization) else {
            throw .organizationOutsideUnit(equipment.organization)
        }
        guard (0...9999).contains(equipment.count) else { throw .invalidCount(String(equipment.count)) }
    }

    public static func validate(_ standardisation: Standardisation) throws(CapacityFailure) {
        guard standardisation.note.count <= 200 else { throw .tooLong(field: "note", label: "说明", maximum: 200) }
    }

    /// Hours positive and at most 200; a title; a provider among the county's departments.
    public static func validate(_ course: TrainingCourse, departments: Set<String>) throws(CapacityFailure) {
        guard !course.title.trimmingSpaces().isEmpty else { throw .required(field: "title", label: "培训名称") }
        guard course.title.count <= 100 else { throw .tooLong(field: "title", label: "培训名称", maximum: 100) }
        guard departments.contains(course.provider) else { throw .unknownDepartment(course.provider) }
        guard course.hours > 0, course.hours <= TrainingCourse.maximumHours, course.hours.isFinite else {
            throw .invalidHours(String(course.hours))
        }
    }

    /// The yearly training target in hours (default 60): 1–500.
    public static func trainingTarget(_ text: String?) throws(CapacityFailure) -> Double {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return CapacityFigures.defaultTrainingTarget }
        guard let value = Double(text), value.isFinite, value >= 1, value <= 500 else { throw .invalidTarget(text) }
        return value
    }
}
