import Foundation

/// Case records from a CSV file as Chinese Excel saves it (UTF-8, UTF-8 with BOM, or GB18030). Columns:
/// `source, external_id, source_version, item_code, township, handler, kind, received_on, due_on, closed_on,
/// satisfaction, officers, legal_review, full_record` (the last seven optional), read by the same rules as the JSON
/// API (`CaseFields`). Every row is checked; every problem of a row is reported with its spreadsheet line number.
public enum CaseImport {
    public static let required = CaseFields.Field.required.map(\.csv)

    public static func parse(_ data: Data, county: String) -> (
        records: [(line: Int, record: CaseRecord)], issues: [ImportIssue]
    ) {
        let rows: [CSVRow]
        do throws(CSVReader.Failure) {
            rows = try CSVReader.table(try CSVReader.decode(data), required: required)
        } catch {
            if case .badCell(let line, let problem) = error {
                return ([], [ImportIssue(line: line, column: problem.field, message: problem.message)])
            }
            return ([], [ImportIssue(line: 1, message: error.message)])
        }
        var records: [(Int, CaseRecord)] = []
        var issues: [ImportIssue] = []
        for row in rows {
            var fields = CaseFields()
            for field in CaseFields.Field.allCases { fields[field] = row[field.csv] }
            switch fields.record(county: county, naming: .csv) {
            case .success(let record): records.append((row.line, record))
            case .failure(let problems):
                issues += problems.list.map {
                    ImportIssue(line: row.line, column: $0.field?.csv, message: $0.rejection.message)
                }
            }
        }
        return (records, issues)
    }
}
