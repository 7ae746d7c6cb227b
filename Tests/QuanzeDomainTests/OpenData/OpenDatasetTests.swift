import Foundation
import Testing

@testable import QuanzeDomain

/// The open-data files written in pieces: the same bytes whatever the pages, a ZIP whose directory is right for an
/// entry streamed with a data descriptor, and the metadata every format carries.
@Suite("Open data files")
struct OpenDatasetTests {
    /// The entries of a ZIP by its central directory: name → data (stored entries).
    static func unzip(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let end = bytes.count - 22
        try #require(u32(end) == 0x0605_4b50)
        var at = u32(end + 16)
        var out: [String: [UInt8]] = [:]
        for _ in 0..<u16(end + 10) {
            try #require(u32(at) == 0x0201_4b50)
            let crc = UInt32(u32(at + 16))
            let size = u32(at + 20)
            let nameLength = u16(at + 28)
            let offset = u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            try #require(u32(offset) == 0x0403_4b50)
            let start = offset + 30 + u16(offset + 26) + u16(offset + 28)
            let data = Array(bytes[start..<(start + size)])
            #expect(CRC32.checksum(data) == crc, "CRC of \(name)")
            out[name] = data
            at += 46 + nameLength
        }
        return out
    }

    static let entries: [Assignment] = (1...5).map { i in
        Fixture.version(
            id: "v\(i)", item: "XM-00\(i)", list: i == 5 ? .territorial : .enforcement,
            mode: i == 5 ? .statutory : .granted,
            role: i == 5 ? .cooperating : nil, partner: i == 5 ? "区应急管理局,执法大队" : nil, from: "2021-07-01")
    }

    static let records = entries.map {
        OpenDataset.Record(entry: $0, item: Fixture.item($0.itemCode), townshipName: "白马镇")
    }

    static let meta = OpenDataset.Meta(
        title: "白马镇镇街权责清单", scopeCode: "510104100000", scopeName: "白马镇", asOf: Fixture.day("2023-12-31"),
        recordedAt: Date(timeIntervalSince1970: 1_704_000_000), entryCount: 5,
        decisions: [Fixture.decision(), Fixture.decision("大安府发〔2021〕11号", date: "2021-06-25")])

    /// A whole file written with the rows split into pages of `page`.
    static func file(_ format: OpenDataset.Format, page: Int) -> [UInt8] {
        var writer = OpenDataset.Writer(format: format)
        var out = writer.head(meta)
        for start in stride(from: 0, to: records.count, by: page) {
            out += writer.rows(Array(records[start..<min(start + page, records.count)]))
        }
        return out + writer.tail()
    }

    @Test("an entry streamed in pieces has a data descriptor and the right CRC and size in the directory")
    func zipStream() throws {
        // setup
        let data = Array("权责清单开放数据".utf8) + Array(repeating: 7, count: 1000)
        var zip = ZipStream()
        // act
        var bytes = zip.file("a.txt", "whole")
        bytes += zip.begin("b.txt")
        for start in stride(from: 0, to: data.count, by: 97) {
            bytes += zip.write(Array(data[start..<min(start + 97, data.count)]))
        }
        bytes += zip.end()
        bytes += zip.finish()
        // check
        let files = try Self.unzip(bytes)
        #expect(files["a.txt"] == Array("whole".utf8))
        #expect(files["b.txt"] == data)
        let descriptor = bytes.firstRange(of: [0x50, 0x4b, 0x07, 0x08])
        #expect(descriptor != nil)
    }

    @Test("the same file whatever the page size, in every format", arguments: OpenDataset.Format.allCases)
    func pagesDoNotMatter(format: OpenDataset.Format) {
        // act
        let whole = Self.file(format, page: 5)
        let paged = Self.file(format, page: 2)
        let single = Self.file(format, page: 1)
        // check
        #expect(whole == paged)
        #expect(whole == single)
    }

    @Test("CSV: a BOM, the metadata and decisions as # rows, the column names, one quoted-safe row per entry")
    func csv() throws {
        // act
        let text = String(decoding: Self.file(.csv, page: 2), as: UTF8.self)
        // check
        #expect(text.hasPrefix("\u{FEFF}#数据集,白马镇镇街权责清单\r\n"))
        let lines = text.dropFirst().components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == 7 + 1 + 2 + 1 + 5)
        #expect(lines.contains("#清单日期,2023-12-31"))
        #expect(lines.contains("#记录时点,2023-12-31T13:20:00+08:00"))
        #expect(lines.contains("#条目数,5"))
        #expect(lines.contains("#引用决定,文号,标题,发文机关,成文日期,类型代码,类型"))
        #expect(lines.contains("#引用决定,大安编发〔2023〕5号,关于赋权的决定,大安区委编办,2023-06-01,grant-decision,赋权决定"))
        #expect(lines[10] == OpenDataset.fields.map(\.name).joined(separator: ","))
        #expect(
            lines[11].hasPrefix(
                "510104100000,白马镇,enforcement,执法清单,XM-001,对畜禽品种违法行为的处罚,行政处罚,区农业农村局,granted,,,白马镇,白马镇,大安编发〔2023〕5号,,2021-07-01,,v1"
            ))
        #expect(lines[15].contains(",\"区应急管理局,执法大队\","))
    }

    @Test("JSON: meta with the as-of day and the decisions, the field order, one object per entry")
    func json() throws {
        // act
        let bytes = Self.file(.json, page: 2)
        // check
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let meta = try #require(object["meta"] as? [String: Any])
        #expect(meta["as_of"] as? String == "2023-12-31")
        #expect(meta["entry_count"] as? Int == 5)
        #expect(meta["scope_code"] as? String == "510104100000")
        let decisions = try #require(meta["decisions"] as? [[String: Any]])
        #expect(decisions.map { $0["number"] as? String } == ["大安编发〔2023〕5号", "大安府发〔2021〕11号"])
        #expect(object["fields"] as? [String] == OpenDataset.fields.map(\.key))
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.map { $0["item_code"] as? String } == ["XM-001", "XM-002", "XM-003", "XM-004", "XM-005"])
        #expect(entries[4]["role"] as? String == "cooperating")
        #expect(entries[0]["valid_to"] is NSNull)
        #expect(entries[0]["valid_from"] as? String == "2021-07-01")
    }

    @Test("XLSX: a 说明 sheet with the metadata and decisions, then the entries sheet with its header row")
    func xlsx() throws {
        // act
        let files = try Self.unzip(Self.file(.xlsx, page: 2))
        // check
        #expect(
            Set(files.keys) == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
            ])
        let workbook = String(decoding: try #require(files["xl/workbook.xml"]), as: UTF8.self)
        #expect(
            workbook.contains(
                "<sheet name=\"说明\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"清单条目\" sheetId=\"2\" r:id=\"rId2\"/>"))
        let info = String(decoding: try #require(files["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        #expect(
            info.contains("清单日期</t></is></c><c r=\"B4\" s=\"1\"><v>\(Fixture.day("2023-12-31").ordinal + 25569)</v>"))
        #expect(info.contains("大安府发〔2021〕11号"))
        let sheet = String(decoding: try #require(files["xl/worksheets/sheet2.xml"]), as: UTF8.self)
        #expect(sheet.matches(of: /<row r="/).count == 6)
        #expect(sheet.hasSuffix("</sheetData></worksheet>"))
        #expect(sheet.contains("<row r=\"6\">"))
    }

    @Test("a streamed sheet holds exactly the XML the in-memory export writes for the same rows")
    func sameRowsAsExport() throws {
        // setup
        let rows: [[TableValue]] = [[.text("=1+1"), .number(3), .day(Fixture.day("2023-12-31")), .empty]]
        let export = TableExport(sheetName: "表", header: ["甲", "乙", "丙", "丁"], rows: rows)
        var book = StreamingWorkbook(sheetNames: ["表"])
        // act
        var bytes = book.start() + book.beginSheet()
        bytes += book.rows([export.header.map(TableValue.text)], header: true)
        bytes += book.rows(rows)
        bytes += book.endSheet() + book.finish()
        // check
        let files = try Self.unzip(bytes)
        #expect(String(decoding: try #require(files["xl/worksheets/sheet1.xml"]), as: UTF8.self) == export.sheet)
        #expect(try Self.unzip(export.xlsx)["xl/worksheets/sheet1.xml"] == files["xl/worksheets/sheet1.xml"])
    }

    @Test("every field has a name, a meaning, a type and an example; the code lists cover the domain's codes")
    func dictionary() {
        // act
        let keys = OpenDataset.fields.map(\.key)
        // check
        #expect(Set(keys).count == keys.count)
        #expect(
            OpenDataset.fields.allSatisfy {
                !$0.name.isEmpty && !$0.meaning.isEmpty && !$0.type.isEmpty && !$0.example.isEmpty
            })
        #expect(OpenDataset.row(Self.records[0]).count == keys.count)
        #expect(
            OpenDataset.codeLists.map { $0.codes.map(\.code) } == [
                ListKind.allCases.map(\.rawValue), AssignmentMode.allCases.map(\.rawValue),
                TerritorialRole.allCases.map(\.rawValue),
            ])
        #expect(Set(OpenDataset.fields.compactMap(\.codeList)) == Set(OpenDataset.codeLists.map(\.key)))
    }
}
