import Foundation

/// Case records from a CSV file as Chinese Excel saves it (UTF-8, UTF-8 with BOM, or GB18030). Columns:
/// `source, external_id, source_version, item_code, township, handler, kind, received_on, due_on, closed_on,
/// satisfaction, officers, legal_review, full_record` (the last seven optional). Every row is checked; a row that
/// cannot be read is reported with its spreadsheet line number.
public enum CaseImport {
    public static let required = [
        "source", "external_id", "source_version", "item_code", "township", "received_on",
    ]

    public static func parse(_ data: Data, county: String) -> (
        records: [(line: Int, record: CaseRecord)], issues: [ImportIssue]
    ) {
        let rows: [CSVRow]
        do throws(CSVReader.Failure) {
            rows = try CSVReader.table(try CSVReader.decode(data), required: required)
        } catch {
            return ([], [ImportIssue(line: 1, message: error.message)])
        }
        var records: [(Int, CaseRecord)] = []
        var issues: [ImportIssue] = []
        let iso = ISO8601DateFormatter()
        for row in rows {
            func value(_ c: String) -> String { (row[c] ?? "").trimmingCharacters(in: .whitespaces) }
            func day(_ c: String) -> (Day?, Bool) {
                let text = value(c)
                if text.isEmpty { return (nil, true) }
                guard let d = Day(iso: text) else {
                    issues.append(
                        ImportIssue(
                            line: row.line, column: c, message: CaseRejection.badDate(field: c, value: text).message))
                    return (nil, false)
                }
                return (d, true)
            }
            func flag(_ c: String) -> Bool? {
                switch value(c) {
                case "是", "true", "1", "yes": true
                case "否", "false", "0", "no": false
                default: nil
                }
            }
            let versionText = value("source_version")
            let version =
                iso.date(from: versionText)
                ?? Day(iso: versionText).map { Date(timeIntervalSince1970: Double($0.ordinal) * 86400) }
            guard let version else {
                issues.append(
                    ImportIssue(
                        line: row.line, column: "source_version",
                        message: CaseRejection.badValue(field: "source_version", value: versionText).message))
                continue
            }
            guard let handler = CaseRecord.Handler(rawValue: value("handler").isEmpty ? "township" : value("handler"))
            else {
                issues.append(
                    ImportIssue(
                        line: row.line, column: "handler",
                        message: CaseRejection.badValue(field: "handler", value: value("handler")).message))
                continue
            }
            guard let kind = CaseRecord.Kind(rawValue: value("kind").isEmpty ? "application" : value("kind")) else {
                issues.append(
                    ImportIssue(
                        line: row.line, column: "kind",
                        message: CaseRejection.badValue(field: "kind", value: value("kind")).message))
                continue
            }
            let (received, ok1) = day("received_on")
            let (due, ok2) = day("due_on")
            let (closed, ok3) = day("closed_on")
            guard ok1, ok2, ok3, let received else {
                if ok1 && received == nil {
                    issues.append(
                        ImportIssue(
                            line: row.line, column: "received_on", message: CaseRejection.missing("received_on").message
                        ))
                }
                continue
            }
            let satisfaction = value("satisfaction").isEmpty ? nil : Int(value("satisfaction"))
            if !value("satisfaction").isEmpty && satisfaction == nil {
                issues.append(
                    ImportIssue(
                        line: row.line, column: "satisfaction",
                        message: CaseRejection.badValue(field: "satisfaction", value: value("satisfaction")).message))
                continue
            }
            records.append(
                (
                    row.line,
                    CaseRecord(
                        county: county, source: value("source"), externalId: value("external_id"),
                        sourceVersion: version,
                        itemCode: value("item_code"), township: value("township"), handler: handler, kind: kind,
                        receivedOn: received, dueOn: due, closedOn: closed, satisfaction: satisfaction,
                        officers: Int(value("officers")), legalReview: flag("legal_review"),
                        fullRecord: flag("full_record"))
                ))
        }
        return (records, issues)
    }
}
