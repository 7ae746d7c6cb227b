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
        out += Self.row(1, header.map(TableValue.text), header: true)
        for (r, row) in rows.enumerated() { out += Self.row(r + 2, row) }
        return out + "</sheetData></worksheet>"
    }

    /// One `<row>` of a sheet (1-based `number`): text as inline strings (bold in a header row), numbers, days.
    public static func row(_ number: Int, _ values: [TableValue], header: Bool = false) -> String {
        var out = "<row r=\"\(number)\">"
        for (c, value) in values.enumerated() {
            let ref = column(c) + String(number)
            switch value {
            case .empty: continue
            case .number(let n): out += "<c r=\"\(ref)\"><v>\(n)</v></c>"
            case .day(let d): out += "<c r=\"\(ref)\" s=\"1\"><v>\(d.ordinal + excelSerialOf1970)</v></c>"
            case .text(let s):
                out +=
                    "<c r=\"\(ref)\" t=\"inlineStr\"\(header ? " s=\"2\"" : "")><is><t xml:space=\"preserve\">"
                    + xmlEscaped(neutralised(s)) + "</t></is></c>"
            }
        }
        return out + "</row>"
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
/// (1980-01-01 00:00, so the same table gives the same bytes), and the central directory. The bytes are those of
/// `ZipStream`, gathered in memory.
public struct ZipWriter: Sendable {
    var stream = ZipStream()
    var bytes: [UInt8] = []

    public init() {}

    public mutating func add(_ name: String, _ text: String) { add(name, Array(text.utf8)) }

    public mutating func add(_ name: String, _ data: [UInt8]) { bytes += stream.file(name, data) }

    public mutating func finish() -> [UInt8] { bytes + stream.finish() }
}

/// The same ZIP written as it goes, for a file too big to hold: each call returns the bytes to send next. A whole
/// entry (`file`) carries its CRC and sizes in its header; an entry written in pieces (`begin`, `write`, `end`)
/// carries zeros there and a data descriptor after its data (general purpose flag bit 3), as ZIP allows when the
/// size is not known in advance; the central directory at the end names every entry with its real CRC and sizes.
public struct ZipStream: Sendable {
    struct Entry: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
        var flags: UInt16
    }

    /// UTF-8 names; with the descriptor bit for entries written in pieces.
    static let utf8Flag: UInt16 = 0x0800
    static let descriptorFlag: UInt16 = 0x0008

    var written: UInt32 = 0
    var entries: [Entry] = []
    var open: Entry?
    /// The running CRC register of the open entry (before the final inversion).
    var register: UInt32 = 0xFFFF_FFFF

    public init() {}

    public mutating func file(_ name: String, _ text: String) -> [UInt8] { file(name, Array(text.utf8)) }

    /// A whole entry, header and data.
    public mutating func file(_ name: String, _ data: [UInt8]) -> [UInt8] {
        let entry = Entry(
            name: Array(name.utf8), crc: CRC32.checksum(data), size: UInt32(data.count), offset: written,
            flags: Self.utf8Flag)
        entries.append(entry)
        return emit(Self.localHeader(entry) + data)
    }

    /// Starts an entry whose data follows in pieces.
    public mutating func begin(_ name: String) -> [UInt8] {
        let entry = Entry(
            name: Array(name.utf8), crc: 0, size: 0, offset: written, flags: Self.utf8Flag | Self.descriptorFlag)
        open = entry
        register = 0xFFFF_FFFF
        return emit(Self.localHeader(entry))
    }

    /// A piece of the open entry's data.
    public mutating func write(_ data: [UInt8]) -> [UInt8] {
        register = CRC32.update(register, data)
        open?.size += UInt32(data.count)
        return emit(data)
    }

    /// Ends the open entry with its data descriptor.
    public mutating func end() -> [UInt8] {
        guard var entry = open else { return [] }
        entry.crc = register ^ 0xFFFF_FFFF
        entries.append(entry)
        open = nil
        var out = Bytes()
        out.put32(0x0807_4b50)
        out.put32(entry.crc)
        out.put32(entry.size)
        out.put32(entry.size)
        return emit(out.bytes)
    }

    /// The central directory and its end record.
    public mutating func finish() -> [UInt8] {
        let start = written
        var out = Bytes()
        for e in entries {
            out.put32(0x0201_4b50)
            out.put16(20)  // made by
            out.put16(20)
            out.put16(e.flags)
            out.put16(0)
            out.put16(0)
            out.put16(0x0021)
            out.put32(e.crc)
            out.put32(e.size)
            out.put32(e.size)
            out.put16(UInt16(e.name.count))
            out.put16(0)  // extra
            out.put16(0)  // comment
            out.put16(0)  // disk
            out.put16(0)  // internal attributes
            out.put32(0)  // external attributes
            out.put32(e.offset)
            out.bytes += e.name
        }
        let size = UInt32(out.bytes.count)
        out.put32(0x0605_4b50)
        out.put16(0)
        out.put16(0)
        out.put16(UInt16(entries.count))
        out.put16(UInt16(entries.count))
        out.put32(size)
        out.put32(start)
        out.put16(0)
        return emit(out.bytes)
    }

    mutating func emit(_ bytes: [UInt8]) -> [UInt8] {
        written += UInt32(bytes.count)
        return bytes
    }

    static func localHeader(_ entry: Entry) -> [UInt8] {
        var out = Bytes()
        out.put32(0x0403_4b50)
        out.put16(20)  // version needed
        out.put16(entry.flags)
        out.put16(0)  // stored
        out.put16(0)  // time 00:00
        out.put16(0x0021)  // date 1980-01-01
        out.put32(entry.crc)
        out.put32(entry.size)
        out.put32(entry.size)
        out.put16(UInt16(entry.name.count))
        out.put16(0)
        out.bytes += entry.name
        return out.bytes
    }

    /// Little-endian integers into a byte array.
    struct Bytes {
        var bytes: [UInt8] = []
        mutating func put16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        mutating func put32(_ v: UInt32) {
            bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP uses it.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: [UInt8]) -> UInt32 { update(0xFFFF_FFFF, data) ^ 0xFFFF_FFFF }

    /// Feeds `data` through the register (start at 0xFFFFFFFF, invert at the end): a CRC computed piece by piece.
    public static func update(_ register: UInt32, _ data: [UInt8]) -> UInt32 {
        var c = register
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c
    }
}
