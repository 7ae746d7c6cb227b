/// Validates a unit's training attendance CSV: one row per person and course (`course_id`, `staff_id`, and
/// optionally `name`, checked against the record). Any error means nothing is written; a row repeated in the file
/// is kept once with a warning; attendance already recorded is left as it is.
public enum AttendanceImport {
    public static let columns = ["course_id", "staff_id", "name"]
    public static let required = ["course_id", "staff_id"]

    /// The outcome: attendance to write, errors and warnings.
    public struct Result: Sendable {
        public var attendance: [Attendance] = []
        public var errors: [ImportIssue] = []
        public var warnings: [ImportIssue] = []
    }

    /// - Parameters:
    ///   - staff: the unit's people by id. - courses: the ids of the county's courses.
    public static func validate(rows: [CSVRow], staff: [String: Staff], courses: Set<String>) -> Result {
        var result = Result()
        var seen: [Attendance: Int] = [:]
        for row in rows {
            let parsed = CapacityInput.attendance(row.values, staff: staff, courses: courses)
            result.errors += parsed.failures.map {
                ImportIssue(line: row.line, column: $0.field, message: $0.message)
            }
            guard let record = parsed.value else { continue }
            if let first = seen[record] {
                result.warnings.append(ImportIssue(line: row.line, message: "与第 \(first) 行重复，只记录一次"))
                continue
            }
            seen[record] = row.line
            result.attendance.append(record)
        }
        if !result.errors.isEmpty { result.attendance = [] }
        return result
    }
}
