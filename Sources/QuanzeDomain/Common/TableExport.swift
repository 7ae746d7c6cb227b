import Foundation

/// A table as exported: a header row and rows of typed cells, written as CSV (UTF-8 with BOM, so Excel and WPS
/// open Chinese intact) or as an XLSX workbook (dates as real dates, a bold header row).
public struct TableExport: Hashable, Sendable {
    public var sheetName: String
    public var header: [String]
    public var rows: [[TableValue]]

    public init(sheetName: String, header: [String], rows: [[TableValue]]) {
        self.sheetName = sheetName
        self.header = header
        self.rows = rows
    }

    // MARK: CSV

    /// The CSV text with a UTF-8 byte order mark; every cell neutralised and quoted as `csvField` does.
    public var csv: String {
        var out = "\u{FEFF}" + header.map(Self.csvField).joined(separator: ",") + "\n"
        for row in rows { out += row.map { Self.csvField($0.display) }.joined(separator: ",") + "\n" }
        return out
    }

    /// A text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return) gets a leading apostrophe, so an export never executes anything.
    public static func neutralised(_ text: String) -> String {
        text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
    }

    /// One CSV cell: neutralised, then quoted when it holds a comma, a quote or a line break.
    public static func csvField(_ text: String) -> String {
        let s = neutralised(text)
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    // MARK: XLSX

    /// Excel's serial number of 1970-01-01 (serials count days from 1899-12-30).
    public static let excelSerialOf1970 = 25569

    /// The workbook: one sheet, a bold header row, text as inline strings (neutralised like the CSV), whole
    /// numbers as numbers, days as date serials formatted `yyyy-mm-dd`.
    public var xlsx: [UInt8] {
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", Self.contentTypes)
        zip.add("_rels/.rels", Self.rootRels)
        zip.add("xl/workbook.xml", workbook)
        zip.add("xl/_rels/workbook.xml.rels", Self.workbookRels)
        zip.add("xl/styles.xml", Self.styles)
        zip.add("xl/worksheets/sheet1.xml", sheet)
        return zip.finish()
    }

    static let xmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"

    static let contentTypes =
        xmlHead
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        + "</Types>"

    static let rootRels =
        xmlHead + "<Relationships xmlns=\"\(pkgRel)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

    static let workbookRels =
        xmlHead + "<Relationships xmlns=\"\(pkgRel)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>"

    /// Style 0 plain, 1 a date (`yyyy-mm-dd`, custom format 164), 2 the bold header.
    static let styles =
        xmlHead + "<styleSheet xmlns=\"\(main)\">"
        + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"等线\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"常规\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
    public static func safeSheetName(_ name: String) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    var workbook: String {
        Self.xmlHead + "<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.rel)\"><sheets>"
            + "<sheet name=\"\(Self.xmlEscaped(Self.safeSheetName(sheetName)))\" sheetId=\"1\" r:id=\"rId1\"/>"
            + "</sheets></workbook>"
    }

    var sheet: String {
        var out = Self.xmlHead + "<worksheet xmlns=\"\(Self.main)\"><sheetData>"
        func cell(_ ref: String, _ value: TableValue, header: Bool = false) -> String {
            switch value {
            case .empty: return ""
            case .number(let n): return "<c r=\"\(ref)\"><v>\(n)</v></c>"
            case .day(let d): return "<c r=\"\(ref)\" s=\"1\"><v>\(d.ordinal + Self.excelSerialOf1970)</v></c>"
            case .text(let s):
                let text = Self.xmlEscaped(Self.neutralised(s))
                return "<c r=\"\(ref)\" t=\"inlineStr\"\(header ? " s=\"2\"" : "")><is><t xml:space=\"preserve\">"
                    + text + "</t></is></c>"
            }
        }
        out += "<row r=\"1\">"
        for (c, h) in header.enumerated() { out += cell(Self.column(c) + "1", .text(h), header: true) }
        out += "</row>"
        for (r, row) in rows.enumerated() {
            out += "<row r=\"\(r + 2)\">"
            for (c, v) in row.enumerated() { out += cell(Self.column(c) + String(r + 2), v) }
            out += "</row>"
        }
        return out + "</sheetData></worksheet>"
    }

    /// The column letters of a zero-based column index: 0 → A, 25 → Z, 26 → AA.
    public static func column(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// Escapes XML's special characters and drops the control characters XML 1.0 cannot carry.
    public static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A minimal ZIP writer: stored (uncompressed) entries with CRC-32, UTF-8 names, a fixed timestamp
/// (1980-01-01 00:00, so the same table gives the same bytes), and the central directory.
public struct ZipWriter: Sendable {
    struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    var bytes: [UInt8] = []
    var entries: [Entry] = []

    public init() {}

    public mutating func add(_ name: String, _ text: String) { add(name, Array(text.utf8)) }

    public mutating func add(_ name: String, _ data: [UInt8]) {
        let entry = Entry(
            name: Array(name.utf8), crc: CRC32.checksum(data), size: UInt32(data.count), offset: UInt32(bytes.count))
        put32(0x0403_4b50)
        put16(20)  // version needed
        put16(0x0800)  // UTF-8 names
        put16(0)  // stored
        put16(0)  // time 00:00
        put16(0x0021)  // date 1980-01-01
        put32(entry.crc)
        put32(entry.size)
        put32(entry.size)
        put16(UInt16(entry.name.count))
        put16(0)
        bytes += entry.name
        bytes += data
        entries.append(entry)
    }

    public mutating func finish() -> [UInt8] {
        let start = UInt32(bytes.count)
        for e in entries {
            put32(0x0201_4b50)
            put16(20)  // made by
            put16(20)
            put16(0x0800)
            put16(0)
            put16(0)
            put16(0x0021)
            put32(e.crc)
            put32(e.size)
            put32(e.size)
            put16(UInt16(e.name.count))
            put16(0)  // extra
            put16(0)  // comment
            put16(0)  // disk
            put16(0)  // internal attributes
            put32(0)  // external attributes
            put32(e.offset)
            bytes += e.name
        }
        let size = UInt32(bytes.count) - start
        put32(0x0605_4b50)
        put16(0)
        put16(0)
        put16(UInt16(entries.count))
        put16(UInt16(entries.count))
        put32(size)
        put32(start)
        put16(0)
        return bytes
    }

    mutating func put16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func put32(_ v: UInt32) {
        bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP uses it.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
