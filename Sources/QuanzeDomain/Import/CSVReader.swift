import Foundation

/// Reads CSV as Chinese offices save it: UTF-8 (with or without BOM) or GB18030 (Excel's default on Chinese
/// Windows), RFC 4180 quoting, CRLF or LF.
public enum CSVReader {
    public enum Failure: Error, Equatable {
        case undecodable
        case unterminatedQuote(line: Int)
        case empty
        case missingColumns([String])
        /// A cell with a control character or over `InputText.maximumFieldLength` (line as the spreadsheet shows).
        case badCell(line: Int, problem: InputText.Problem)

        public var message: String {
            switch self {
            case .undecodable: "文件编码无法识别：请保存为 UTF-8 或 GB18030（GBK）编码的 CSV"
            case .unterminatedQuote(let line): "第 \(line) 行起的引号没有闭合"
            case .empty: "文件为空或没有表头"
            case .missingColumns(let cols): "缺少必需的列：\(cols.joined(separator: "、"))"
            case .badCell(let line, let problem): "第 \(line) 行：\(problem.message)"
            }
        }
    }

    /// GB18030 as Foundation on Linux names it (kCFStringEncodingGB_18030_2000).
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes bytes as UTF-8 when valid, else as GB18030.
    public static func decode(_ data: Data) throws(Failure) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        if let text = String(data: bytes, encoding: gb18030) { return text }
        throw .undecodable
    }

    /// Splits text into records of fields; blank lines are dropped.
    public static func records(_ text: String) throws(Failure) -> [[String]] {
        let all = try allRecords(text)
        for (offset, fields) in all.enumerated() {
            for (i, field) in fields.enumerated() { try screen(field, line: offset + 1, column: "第 \(i + 1) 列") }
        }
        return all.filter { !isBlank($0) }
    }

    /// One cell against `InputText`: no control characters, not overlong.
    static func screen(_ value: String, line: Int, column: String) throws(Failure) {
        do throws(InputText.Problem) {
            try InputText.check(value, field: column)
        } catch {
            throw .badCell(line: line, problem: error)
        }
    }

    /// Every record, blank lines included, so that a record's index is its spreadsheet row.
    static func allRecords(_ text: String) throws(Failure) -> [[String]] {
        var records: [[String]] = []
        var field = ""
        var record: [String] = []
        var inQuotes = false
        var quoteLine = 1
        var line = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = n
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case ",":
                record.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                line += 1
            default:
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    static func isBlank(_ record: [String]) -> Bool { record.count == 1 && record[0].trimmingSpaces().isEmpty }

    /// A table: header names (trimmed, lower-cased) and rows as dictionaries. Rows carry the line number a
    /// spreadsheet user sees (the header is line 1, the first data row line 2).
    public static func table(_ text: String, required: [String]) throws(Failure) -> [CSVRow] {
        // Number rows before dropping blank lines: a blank line is a row in the spreadsheet too.
        let recs = try allRecords(text).enumerated().filter { !isBlank($0.element) }
        guard let header = recs.first?.element else { throw .empty }
        let names = header.map { $0.trimmingSpaces().lowercased() }
        let missing = required.filter { !names.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        for (offset, fields) in recs {
            for (i, field) in fields.enumerated() {
                try screen(field, line: offset + 1, column: i < names.count ? names[i] : "第 \(i + 1) 列")
            }
        }
        return recs.dropFirst().map { offset, fields in
            var values: [String: String] = [:]
            for (i, name) in names.enumerated() where i < fields.count { values[name] = fields[i].trimmingSpaces() }
            return CSVRow(line: offset + 1, values: values)
        }
    }
}

/// One data row with its line number in the file (header = line 1).
public struct CSVRow: Sendable, Hashable {
    public var line: Int
    public var values: [String: String]

    public init(line: Int, values: [String: String]) {
        self.line = line
        self.values = values
    }

    /// The value, or nil when absent or blank.
    public subscript(_ column: String) -> String? {
        guard let v = values[column], !v.isEmpty else { return nil }
        return v
    }
}

/// A problem found in one row: errors stop the import, warnings are reported and the row is kept.
public struct ImportIssue: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String

    public init(line: Int, column: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if let column { return "第 \(line) 行（\(column)）：\(message)" }
        return "第 \(line) 行：\(message)"
    }
}
