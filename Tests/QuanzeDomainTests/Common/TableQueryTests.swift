import Foundation
import Testing

@testable import QuanzeDomain

@Suite("TableQuery")
struct TableQueryTests {
    struct Row: Hashable {
        var code: String
        var name: String
        var mode: String
        var count: Int?
        var from: Day?
    }

    static let spec = TableSpec(
        sortable: [.init("code", "事项编码"), .init("name", "事项名称"), .init("count", "件数"), .init("from", "生效日期")],
        filters: [.init("mode", "方式", options: [.init("statutory", "法定"), .init("granted", "赋权")])],
        defaultSort: "code")

    static let rows = [
        Row(code: "C3", name: "食品经营许可", mode: "granted", count: 12, from: Day(iso: "2022-01-01")),
        Row(code: "C1", name: "燃气经营检查", mode: "statutory", count: 3, from: Day(iso: "2021-06-30")),
        Row(code: "C2", name: "食品安全抽检", mode: "statutory", count: nil, from: Day(iso: "2023-03-15")),
        Row(code: "C4", name: "宅基地审批", mode: "granted", count: 100, from: nil),
    ]

    static func record(_ r: Row) -> TableRecord {
        TableRecord(
            values: [
                "code": .text(r.code), "name": .text(r.name), "mode": .text(r.mode),
                "count": r.count.map(TableValue.number) ?? .empty, "from": r.from.map(TableValue.day) ?? .empty,
            ], searchText: r.code + " " + r.name)
    }

    static func codes(_ parameters: [String: String]) throws -> [String] {
        try TableQuery.parse(parameters, spec: spec).apply(rows, record: record).rows.map(\.code)
    }

    @Test("no parameters: the default sort, page 1 of the default size, every row")
    func defaults() throws {
        let query = try TableQuery.parse([:], spec: Self.spec)
        #expect(query == TableQuery(sort: "code", descending: false, page: 1, pageSize: 50))
        let page = query.apply(Self.rows, record: Self.record)
        #expect(page.rows.map(\.code) == ["C1", "C2", "C3", "C4"])
        #expect(page.total == 4 && page.filteredCount == 4 && page.page == 1 && page.pageCount == 1)
    }

    @Test("a keyword of two or one Chinese characters matches as a substring of the searched text")
    func keyword() throws {
        #expect(try Self.codes(["q": "食品"]) == ["C2", "C3"])
        #expect(try Self.codes(["q": "燃"]) == ["C1"])
        #expect(try Self.codes(["q": " 审批 "]) == ["C4"], "trimmed")
        #expect(try Self.codes(["q": "c4"]) == ["C4"], "letters match regardless of case")
        #expect(try Self.codes(["q": "水利"]) == [])
        #expect(try Self.codes(["q": ""]) == ["C1", "C2", "C3", "C4"], "empty is no keyword")
    }

    @Test("a filter keeps the rows whose value equals the chosen option; with a keyword both apply")
    func filters() throws {
        #expect(try Self.codes(["mode": "granted"]) == ["C3", "C4"])
        #expect(try Self.codes(["mode": "statutory", "q": "食品"]) == ["C2"])
        let page = try TableQuery.parse(["mode": "granted"], spec: Self.spec).apply(Self.rows, record: Self.record)
        #expect(page.total == 4 && page.filteredCount == 2)
    }

    @Test("sorting: text by code point, numbers by value, days by date, empty cells last either way")
    func sorting() throws {
        #expect(try Self.codes(["sort": "code", "dir": "desc"]) == ["C4", "C3", "C2", "C1"])
        #expect(try Self.codes(["sort": "count"]) == ["C1", "C3", "C4", "C2"], "3 < 12 < 100, not as text")
        #expect(try Self.codes(["sort": "count", "dir": "desc"]) == ["C4", "C3", "C1", "C2"])
        #expect(try Self.codes(["sort": "from"]) == ["C1", "C3", "C2", "C4"])
        #expect(try Self.codes(["sort": "from", "dir": "desc"]) == ["C2", "C3", "C1", "C4"])
        #expect(try Self.codes(["sort": "name"]) == ["C4", "C1", "C2", "C3"], "宅 < 燃 < 食品安 < 食品经 by code point")
    }

    @Test("ties keep the table's own order")
    func stableTies() throws {
        let rows = [
            Row(code: "B", name: "x", mode: "granted"), Row(code: "A", name: "x", mode: "granted"),
            Row(code: "C", name: "w", mode: "granted"),
        ]
        let page = try TableQuery.parse(["sort": "name"], spec: Self.spec).apply(rows, record: Self.record)
        #expect(page.rows.map(\.code) == ["C", "B", "A"])
    }

    @Test("paging: size rows a page, the last page short, a page past the last is clamped to the last")
    func paging() throws {
        let second = try TableQuery.parse(["size": "3", "page": "2"], spec: Self.spec)
            .apply(Self.rows, record: Self.record)
        #expect(second.rows.map(\.code) == ["C4"] && second.page == 2 && second.pageCount == 2)
        #expect(second.filtered.map(\.code) == ["C1", "C2", "C3", "C4"], "the export takes every filtered row")
        let past = try TableQuery.parse(["size": "3", "page": "9"], spec: Self.spec)
            .apply(Self.rows, record: Self.record)
        #expect(past.page == 2 && past.rows.map(\.code) == ["C4"])
        let none = try TableQuery.parse(["q": "水利", "page": "3"], spec: Self.spec)
            .apply(Self.rows, record: Self.record)
        #expect(none.page == 1 && none.pageCount == 1 && none.rows.isEmpty && none.filteredCount == 0)
        let max = try TableQuery.parse(["size": "200"], spec: Self.spec)
        #expect(max.pageSize == TableQuery.maxPageSize)
    }

    @Test(
        "bad values are refused with a Chinese message naming the value",
        arguments: [
            (["sort": "secret"], "不能按“secret”排序，可排序的列：事项编码、事项名称、件数、生效日期"),
            (["dir": "up"], "排序方向“up”不正确，应为升序（asc）或降序（desc）"),
            (["page": "0"], "页码“0”不正确，应为正整数"),
            (["page": "-1"], "页码“-1”不正确，应为正整数"),
            (["page": "二"], "页码“二”不正确，应为正整数"),
            (["size": "201"], "每页条数“201”不正确，应为 1–200 的整数"),
            (["size": "0"], "每页条数“0”不正确，应为 1–200 的整数"),
            (["mode": "entrusted"], "方式“entrusted”不在可选范围内（可选：法定、赋权）"),
            (["q": String(repeating: "食", count: 51)], "关键词过长（最多 50 个字）"),
        ])
    func refused(parameters: [String: String], message: String) {
        #expect(throws: TableQueryFailure(message: message)) { try TableQuery.parse(parameters, spec: Self.spec) }
    }

    @Test("the query's own parameters: defaults left out, in a fixed order")
    func parameters() throws {
        let query = try TableQuery.parse(
            ["page": "2", "sort": "name", "dir": "desc", "mode": "granted", "q": "食品", "size": "20"], spec: Self.spec)
        #expect(
            query.parameters(spec: Self.spec).map { "\($0.0)=\($0.1)" } == [
                "q=食品", "mode=granted", "sort=name", "dir=desc", "size=20", "page=2",
            ])
        #expect(try TableQuery.parse([:], spec: Self.spec).parameters(spec: Self.spec).isEmpty)
    }
}

@Suite("TableExport")
struct TableExportTests {
    static let table = TableExport(
        sheetName: "大山铺镇/执法清单",
        header: ["事项编码", "事项名称", "件数", "生效日期"],
        rows: [
            [.text("DA-CF-0001"), .text("食品经营\"许可\", 含<分支>&"), .number(12), .day(Day(iso: "2023-12-31")!)],
            [.text("=1+2"), .text("-燃气"), .empty, .day(Day(iso: "1970-01-01")!)],
        ])

    @Test("CSV: a BOM, the header, neutralised and quoted cells, days as YYYY-MM-DD")
    func csv() {
        #expect(
            Self.table.csv
                == "\u{FEFF}事项编码,事项名称,件数,生效日期\n"
                + "DA-CF-0001,\"食品经营\"\"许可\"\", 含<分支>&\",12,2023-12-31\n"
                + "'=1+2,'-燃气,,1970-01-01\n")
    }

    @Test("CRC-32 of known inputs")
    func crc() {
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("权责".utf8)) == CRC32.checksum([0xE6, 0x9D, 0x83, 0xE8, 0xB4, 0xA3]))
    }

    @Test("column letters")
    func columns() {
        #expect(
            [0, 1, 25, 26, 27, 51, 52, 701, 702].map(TableExport.column) == [
                "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
            ])
    }

    /// Reads a ZIP archive back through its central directory (stored entries), checking each local header and
    /// CRC: the way a spreadsheet program opens the file.
    static func unzip(_ bytes: [UInt8]) throws -> [(String, String)] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let end = bytes.count - 22
        try #require(u32(end) == 0x0605_4b50, "end of central directory record")
        let count = u16(end + 10)
        var at = u32(end + 16)
        try #require(at + u32(end + 12) == end, "the directory ends where the end record starts")
        var out: [(String, String)] = []
        for _ in 0..<count {
            try #require(u32(at) == 0x0201_4b50)
            #expect(u16(at + 10) == 0, "stored")
            let crc = u32(at + 16)
            let size = u32(at + 20)
            let nameLength = u16(at + 28)
            let offset = u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            try #require(u32(offset) == 0x0403_4b50)
            #expect(u32(offset + 14) == crc && u32(offset + 18) == size && u16(offset + 26) == nameLength)
            let start = offset + 30 + nameLength
            let data = Array(bytes[start..<(start + size)])
            #expect(Int(CRC32.checksum(data)) == crc, "CRC of \(name)")
            out.append((name, String(decoding: data, as: UTF8.self)))
            at += 46 + nameLength
        }
        return out
    }

    @Test("XLSX: the six parts, a bold header, inline Chinese strings, numbers, dates as serials in a date format")
    func xlsx() throws {
        let parts = try Self.unzip(Self.table.xlsx)
        #expect(
            parts.map(\.0) == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "xl/worksheets/sheet1.xml",
            ])
        let part = Dictionary(uniqueKeysWithValues: parts)
        #expect(part["xl/workbook.xml"]?.contains("<sheet name=\"大山铺镇执法清单\" sheetId=\"1\" r:id=\"rId1\"/>") == true)
        #expect(part["xl/styles.xml"]?.contains("<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>") == true)
        let sheet = try #require(part["xl/worksheets/sheet1.xml"])
        let t = "t=\"inlineStr\""
        let p = "<is><t xml:space=\"preserve\">"
        var expected: [String] = ["<sheetData><row r=\"1\">"]
        expected.append("<c r=\"A1\" \(t) s=\"2\">\(p)事项编码</t></is></c><c r=\"B1\" \(t) s=\"2\">\(p)事项名称</t></is></c>")
        expected.append(
            "<c r=\"C1\" \(t) s=\"2\">\(p)件数</t></is></c><c r=\"D1\" \(t) s=\"2\">\(p)生效日期</t></is></c></row>")
        expected.append("<row r=\"2\"><c r=\"A2\" \(t)>\(p)DA-CF-0001</t></is></c>")
        expected.append("<c r=\"B2\" \(t)>\(p)食品经营&quot;许可&quot;, 含&lt;分支&gt;&amp;</t></is></c>")
        expected.append("<c r=\"C2\"><v>12</v></c><c r=\"D2\" s=\"1\"><v>45291</v></c></row>")
        expected.append("<row r=\"3\"><c r=\"A3\" \(t)>\(p)'=1+2</t></is></c><c r=\"B3\" \(t)>\(p)'-燃气</t></is></c>")
        expected.append("<c r=\"D3\" s=\"1\"><v>25569</v></c></row></sheetData></worksheet>")
        let tail = expected.joined()
        #expect(sheet.hasSuffix(tail))
        #expect(Self.table.xlsx == Self.table.xlsx, "the same table gives the same bytes")
    }

    @Test("XML escaping drops control characters XML cannot carry; sheet names lose Excel's forbidden characters")
    func escaping() {
        #expect(TableExport.xmlEscaped("a\u{01}b\u{0B}c\td") == "abc\td")
        #expect(TableExport.safeSheetName("[a]:*?/\\") == "a")
        #expect(TableExport.safeSheetName("") == "Sheet1")
        #expect(TableExport.safeSheetName(String(repeating: "清", count: 40)).count == 31)
    }
}
