/// Validates a unit's staff CSV (the capacity page's upload): one row per person, or one row per person and
/// certificate — a person with several certificates appears on several rows whose staff columns agree. Every row is
/// checked; any error means nothing is written. People and certificates are added or updated, never removed.
public enum StaffImport {
    public static let columns =
        CapacityInput.staffFields + ["certificate", "certificate_no", "issued_on", "expires_on"]
    public static let required = ["id", "name", "organization", "kind", "position", "education", "hire_date"]
    static let certificateColumns = ["certificate", "certificate_no", "issued_on", "expires_on"]

    /// The outcome: people and certificates to write (file order), errors and warnings.
    public struct Result: Sendable {
        public var staff: [Staff] = []
        public var certificates: [Certificate] = []
        public var errors: [ImportIssue] = []
        public var warnings: [ImportIssue] = []
    }

    /// - Parameters:
    ///   - unitOrganizations: code → name of the unit and its squad and office (a row may name either).
    ///   - otherUnitsStaff: staff ids already recorded for other units of the county (an id is unique in it).
    ///   - vocabulary: the county's requirement vocabulary (a `certificate` cell may name any of its kinds).
    public static func validate(
        rows: [CSVRow], county: String, unitOrganizations: [String: String], otherUnitsStaff: Set<String>,
        vocabulary: RequirementVocabulary
    ) -> Result {
        var result = Result()
        var people: [String: (line: Int, staff: Staff)] = [:]
        var certificates: [String: Int] = [:]
        for row in rows {
            var errs: [ImportIssue] = []
            func add(_ failures: [CapacityFailure]) {
                errs += failures.map { ImportIssue(line: row.line, column: $0.field, message: $0.message) }
            }
            let parsed = CapacityInput.staff(row.values, county: county, unitOrganizations: unitOrganizations)
            add(parsed.failures)
            if let id = row["id"], otherUnitsStaff.contains(id) { add([.staffOfOtherUnit(id)]) }
            if let staff = parsed.value {
                if let earlier = people[staff.id] {
                    if earlier.staff != staff {
                        errs.append(
                            ImportIssue(
                                line: row.line, column: "id",
                                message: "人员“\(staff.id)”的信息与第 \(earlier.line) 行不一致（同一人的多行须填写相同的人员信息）"))
                    }
                } else if errs.isEmpty {
                    people[staff.id] = (row.line, staff)
                    result.staff.append(staff)
                }
                if certificateColumns.contains(where: { row[$0] != nil }) {
                    let cert = CapacityInput.certificate(
                        row.values.merging(["staff_id": staff.id]) { _, new in new }, staff: [staff.id: staff],
                        vocabulary: vocabulary)
                    add(cert.failures.filter { $0.field != "staff_id" })
                    if let c = cert.value {
                        if let first = certificates[c.id] {
                            errs.append(
                                ImportIssue(line: row.line, column: "certificate_no", message: "证件与第 \(first) 行重复"))
                        } else if errs.isEmpty {
                            certificates[c.id] = row.line
                            result.certificates.append(c)
                        }
                    }
                }
            }
            result.errors += errs
        }
        if !result.errors.isEmpty {
            result.staff = []
            result.certificates = []
        }
        return result
    }
}
