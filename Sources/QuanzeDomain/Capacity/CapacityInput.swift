/// Reads capacity records from named text fields — a web form or a CSV row, which use the same names — and checks
/// them with `CapacityRules`. Every problem is reported, each naming its field; a record comes back only when there
/// is none.
public enum CapacityInput {
    /// A record read from fields, or the problems that kept it from being read.
    public struct Parsed<Value: Sendable>: Sendable {
        public var value: Value?
        public var failures: [CapacityFailure]

        init(_ value: Value?, _ failures: [CapacityFailure]) {
            self.value = failures.isEmpty ? value : nil
            self.failures = failures
        }
    }

    /// Field names of each record, in the order forms and CSV files list them.
    public static let staffFields = [
        "id", "name", "organization", "kind", "position", "education", "hire_date", "person",
    ]
    public static let certificateFields = ["staff_id", "certificate", "certificate_no", "issued_on", "expires_on"]

    /// The unit's organisations are given as code → name; the field may hold either.
    public static func staff(
        _ fields: [String: String], county: String, unitOrganizations: [String: String]
    ) -> Parsed<Staff> {
        var failures: [CapacityFailure] = []
        let id = text(fields, "id", "人员编号", &failures)
        if let id, !CapacityRules.isValidStaffId(id) { failures.append(.invalidStaffId(id)) }
        let name = text(fields, "name", "姓名", &failures)
        var organization: String?
        if let org = text(fields, "organization", "所在机构", &failures) {
            organization =
                unitOrganizations[org] != nil ? org : unitOrganizations.first(where: { $0.value == org })?.key
            if organization == nil { failures.append(.organizationOutsideUnit(org)) }
        }
        let kind = choice(fields, "kind", "人员类别", StaffKind.init(text:), StaffKind.allCases.map(\.label), &failures)
        let position = choice(
            fields, "position", "岗位", Position.init(text:), Position.allCases.map(\.label), &failures)
        let education = choice(
            fields, "education", "学历", Education.init(text:), Education.allCases.map(\.label), &failures)
        let hired = day(fields, "hire_date", "入职日期", required: true, &failures)
        let person = value(fields, "person")
        if let person, person.count > 40 { failures.append(.tooLong(field: "person", label: "账号人员编号", maximum: 40)) }
        guard let id, let name, let organization, let kind, let position, let education, let hired else {
            return Parsed(nil, failures)
        }
        let staff = Staff(
            id: id, county: county, organization: organization, name: name, kind: kind, position: position,
            education: education, hireDate: hired, person: person)
        if failures.isEmpty {
            do throws(CapacityFailure) {
                try CapacityRules.validate(staff, unitOrganizations: Set(unitOrganizations.keys))
            } catch { failures.append(error) }
        }
        return Parsed(staff, failures)
    }

    /// `staff` are the unit's people by id (a certificate is recorded for one of them).
    /// `vocabulary` names the certificate kinds the county knows (fields and its own kinds by code or name).
    public static func certificate(
        _ fields: [String: String], staff: [String: Staff], vocabulary: RequirementVocabulary
    ) -> Parsed<Certificate> {
        var failures: [CapacityFailure] = []
        var holder: Staff?
        if let id = text(fields, "staff_id", "持证人员", &failures) {
            holder = staff[id]
            if holder == nil { failures.append(.unknownStaff(id)) }
        }
        let kind = choice(
            fields, "certificate", "证件类型", vocabulary.certificateKind(text:),
            vocabulary.certificateKinds.map { vocabulary.name(of: $0) }, &failures)
        let number = text(fields, "certificate_no", "证件编号", &failures)
        let issued = day(fields, "issued_on", "发证日期", required: true, &failures)
        let expires = day(fields, "expires_on", "有效期至", required: kind != .legalProfession, &failures)
        guard let holder, let kind, let number, let issued else { return Parsed(nil, failures) }
        if kind != .legalProfession && expires == nil { return Parsed(nil, failures) }
        let certificate = Certificate(
            staffId: holder.id, kind: kind, number: number, issuedOn: issued, expiresOn: expires)
        if failures.isEmpty {
            do throws(CapacityFailure) { try CapacityRules.validate(certificate, holder: holder) } catch {
                failures.append(error)
            }
        }
        return Parsed(certificate, failures)
    }

    public static func secondment(
        _ fields: [String: String], staff: [String: Staff], existing: [Secondment]
    ) -> Parsed<Secondment> {
        var failures: [CapacityFailure] = []
        var holder: Staff?
        if let id = text(fields, "staff_id", "借调人员", &failures) {
            holder = staff[id]
            if holder == nil { failures.append(.unknownStaff(id)) }
        }
        let destination = text(fields, "destination", "借调去向", &failures)
        let from = day(fields, "from", "借调开始日期", required: true, &failures)
        let until = day(fields, "until", "借调结束日期", required: false, &failures)
        guard let holder, let destination, let from else { return Parsed(nil, failures) }
        let secondment = Secondment(staffId: holder.id, destination: destination, from: from, until: until)
        if failures.isEmpty {
            do throws(CapacityFailure) {
                try CapacityRules.validate(secondment, holder: holder, existing: existing)
            } catch { failures.append(error) }
        }
        return Parsed(secondment, failures)
    }

    public static func equipment(
        _ fields: [String: String], unitOrganizations: [String: String], vocabulary: RequirementVocabulary
    ) -> Parsed<Equipment> {
        var failures: [CapacityFailure] = []
        var organization: String?
        if let org = text(fields, "organization", "配备机构", &failures) {
            organization =
                unitOrganizations[org] != nil ? org : unitOrganizations.first(where: { $0.value == org })?.key
            if organization == nil { failures.append(.organizationOutsideUnit(org)) }
        }
        let kind = choice(
            fields, "kind", "装备类型", vocabulary.equipmentKind(text:),
            vocabulary.equipmentKinds.map { vocabulary.name(of: $0) }, &failures)
        var count: Int?
        if let text = text(fields, "count", "数量", &failures) {
            count = Int(text).flatMap { (0...9999).contains($0) ? $0 : nil }
            if count == nil { failures.append(.invalidCount(text)) }
        }
        let since = day(fields, "since", "配备日期", required: true, &failures)
        guard let organization, let kind, let count, let since else { return Parsed(nil, failures) }
        return Parsed(Equipment(organization: organization, kind: kind, count: count, since: since), failures)
    }

    public static func standardisation(_ fields: [String: String], unit: String) -> Parsed<Standardisation> {
        var failures: [CapacityFailure] = []
        let state = choice(
            fields, "state", "标准化建设状态", Standardisation.State.init(text:),
            Standardisation.State.allCases.map(\.label), &failures)
        let since = day(fields, "since", "起始日期", required: true, &failures)
        let note = value(fields, "note") ?? ""
        guard let state, let since else { return Parsed(nil, failures) }
        let record = Standardisation(unit: unit, state: state, since: since, note: note)
        do throws(CapacityFailure) { try CapacityRules.validate(record) } catch { failures.append(error) }
        return Parsed(record, failures)
    }

    /// A new course; its id is given by the store (the domain has no sequence).
    public static func course(
        _ fields: [String: String], id: String, county: String, departments: Set<String>
    ) -> Parsed<TrainingCourse> {
        var failures: [CapacityFailure] = []
        let provider = text(fields, "provider", "培训部门", &failures)
        let title = text(fields, "title", "培训名称", &failures)
        let day = day(fields, "day", "培训日期", required: true, &failures)
        var hours: Double?
        if let text = text(fields, "hours", "学时", &failures) {
            hours = Double(text).flatMap { $0 > 0 && $0 <= TrainingCourse.maximumHours && $0.isFinite ? $0 : nil }
            if hours == nil { failures.append(.invalidHours(text)) }
        }
        let mode = choice(
            fields, "mode", "培训方式", TrainingMode.init(text:), TrainingMode.allCases.map(\.label), &failures)
        let kind = choice(
            fields, "kind", "培训类型", TrainingKind.init(text:), TrainingKind.allCases.map(\.label), &failures)
        guard let provider, let title, let day, let hours, let mode, let kind else { return Parsed(nil, failures) }
        let course = TrainingCourse(
            id: id, county: county, provider: provider, title: title, day: day, hours: hours, mode: mode, kind: kind)
        if failures.isEmpty {
            do throws(CapacityFailure) { try CapacityRules.validate(course, departments: departments) } catch {
                failures.append(error)
            }
        }
        return Parsed(course, failures)
    }

    /// One attendance: the course exists, the person is the unit's, and a given name matches the record.
    public static func attendance(
        _ fields: [String: String], staff: [String: Staff], courses: Set<String>
    ) -> Parsed<Attendance> {
        var failures: [CapacityFailure] = []
        let course = text(fields, "course_id", "培训编号", &failures)
        if let course, !courses.contains(course) { failures.append(.unknownCourse(course)) }
        let staffId = text(fields, "staff_id", "人员编号", &failures)
        if let staffId {
            if let person = staff[staffId] {
                if let name = value(fields, "name"), name != person.name {
                    failures.append(.nameMismatch(staffId: staffId, recorded: person.name))
                }
            } else {
                failures.append(.unknownStaff(staffId))
            }
        }
        guard let course, let staffId else { return Parsed(nil, failures) }
        return Parsed(Attendance(courseId: course, staffId: staffId), failures)
    }

    // MARK: - fields

    /// The trimmed value, nil when absent or blank.
    static func value(_ fields: [String: String], _ name: String) -> String? {
        guard let v = fields[name]?.trimmingSpaces(), !v.isEmpty else { return nil }
        return v
    }

    static func text(
        _ fields: [String: String], _ name: String, _ label: String, _ failures: inout [CapacityFailure]
    ) -> String? {
        guard let v = value(fields, name) else {
            failures.append(.required(field: name, label: label))
            return nil
        }
        return v
    }

    static func choice<T>(
        _ fields: [String: String], _ name: String, _ label: String, _ parse: (String) -> T?, _ expected: [String],
        _ failures: inout [CapacityFailure]
    ) -> T? {
        guard let v = text(fields, name, label, &failures) else { return nil }
        guard let parsed = parse(v) else {
            failures.append(
                .unknownValue(field: name, label: label, value: v, expected: expected.joined(separator: "、")))
            return nil
        }
        return parsed
    }

    static func day(
        _ fields: [String: String], _ name: String, _ label: String, required: Bool,
        _ failures: inout [CapacityFailure]
    ) -> Day? {
        guard let v = value(fields, name) else {
            if required { failures.append(.required(field: name, label: label)) }
            return nil
        }
        guard let d = Day(spreadsheet: v) else {
            failures.append(.invalidDay(field: name, value: v))
            return nil
        }
        return d
    }
}
