/// The three file formats of an open-data download, each written in pieces (head, rows page by page, tail) so that a
/// county of any size streams: nothing here holds more than one page of rows.
///
/// - CSV: UTF-8 with a byte order mark; first the metadata as comment rows whose first cell starts with `#`
///   (`#清单日期,2023-12-31`; one `#引用决定` row per decision cited), then the header row of column names, then
///   one row per entry.
/// - JSON: one object `{"meta": {…, "decisions": […]}, "fields": […], "entries": [{…}, …]}`.
/// - XLSX: a first sheet 说明 with the metadata and the decisions cited, a second sheet 清单条目 with the header row
///   and one row per entry.
extension OpenDataset {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json, xlsx

        public var mediaType: String {
            switch self {
            case .csv: "text/csv; charset=utf-8"
            case .json: "application/json; charset=utf-8"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }

        public var label: String { rawValue.uppercased() }
    }

    /// The first cell of a comment row of the CSV.
    public static let csvCommentPrefix = "#"
    /// The label of a decision's comment row in the CSV.
    public static let csvDecisionLabel = "引用决定"
    public static let metaSheetName = "说明"
    public static let entriesSheetName = "清单条目"

    /// Writes one download: `head` once, `rows` for each page, `tail` once.
    public struct Writer: Sendable {
        public let format: Format
        var workbook = StreamingWorkbook(sheetNames: [OpenDataset.metaSheetName, OpenDataset.entriesSheetName])
        var first = true

        public init(format: Format) { self.format = format }

        public mutating func head(_ meta: Meta) -> [UInt8] {
            switch format {
            case .csv:
                var lines = meta.pairs.map { [OpenDataset.csvCommentPrefix + $0.label, $0.value.display] }
                lines.append([OpenDataset.csvCommentPrefix + OpenDataset.csvDecisionLabel] + Meta.decisionHeader)
                lines += meta.decisions.map {
                    [OpenDataset.csvCommentPrefix + OpenDataset.csvDecisionLabel] + Meta.decisionRow($0).map(\.display)
                }
                lines.append(OpenDataset.fields.map(\.name))
                return Array(("\u{FEFF}" + lines.map(Self.csvLine).joined()).utf8)
            case .json:
                let decisions = meta.decisions.map { d in
                    "{"
                        + zip(Meta.decisionKeys, Meta.decisionRow(d)).map { "\(Self.json($0)):\(Self.json($1))" }
                        .joined(separator: ",") + "}"
                }
                let pairs =
                    meta.pairs.map { "\(Self.json($0.key)):\(Self.json($0.value))" }
                    + ["\"decisions\":[" + decisions.joined(separator: ",") + "]"]
                let keys = OpenDataset.fields.map { Self.json($0.key) }
                return Array(
                    ("{\"meta\":{" + pairs.joined(separator: ",") + "},\"fields\":[" + keys.joined(separator: ",")
                        + "],\"entries\":[").utf8)
            case .xlsx:
                var out = workbook.start() + workbook.beginSheet()
                out += workbook.rows(meta.pairs.map { [.text($0.label), $0.value] })
                out += workbook.rows([[]])
                out += workbook.rows([Meta.decisionHeader.map(TableValue.text)], header: true)
                out += workbook.rows(meta.decisions.map(Meta.decisionRow))
                out += workbook.endSheet() + workbook.beginSheet()
                out += workbook.rows([OpenDataset.fields.map { .text($0.name) }], header: true)
                return out
            }
        }

        public mutating func rows(_ records: [Record]) -> [UInt8] {
            let rows = records.map(OpenDataset.row)
            switch format {
            case .csv:
                return Array(rows.map { Self.csvLine($0.map(\.display)) }.joined().utf8)
            case .json:
                var out = ""
                for row in rows {
                    out += first ? "" : ","
                    first = false
                    out +=
                        "{"
                        + zip(OpenDataset.fields, row).map { "\(Self.json($0.key)):\(Self.json($1))" }.joined(
                            separator: ",") + "}"
                }
                return Array(out.utf8)
            case .xlsx:
                return workbook.rows(rows)
            }
        }

        public mutating func tail() -> [UInt8] {
            switch format {
            case .csv: []
            case .json: Array("]}\n".utf8)
            case .xlsx: workbook.endSheet() + workbook.finish()
            }
        }

        static func csvLine(_ cells: [String]) -> String {
            cells.map(TableExport.csvField).joined(separator: ",") + "\r\n"
        }

        /// A JSON value: text as a string, a whole number as a number, a day as `YYYY-MM-DD`, empty as null.
        static func json(_ value: TableValue) -> String {
            switch value {
            case .text(let s): json(s)
            case .number(let n): String(n)
            case .day(let d): json(d.iso)
            case .empty: "null"
            }
        }

        /// A JSON string literal.
        static func json(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
    }
}
