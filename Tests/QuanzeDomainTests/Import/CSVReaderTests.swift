import Foundation
import Testing

@testable import QuanzeDomain

@Suite("CSVReader")
struct CSVReaderTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    @Test("decodes plain UTF-8")
    func decodesUTF8() throws {
        // setup
        let data = Data("名称,类型\n白马镇,镇\n".utf8)
        // act
        let text = try CSVReader.decode(data)
        // check
        #expect(text == "名称,类型\n白马镇,镇\n")
    }

    @Test("drops the UTF-8 byte order mark Excel writes")
    func decodesUTF8WithBOM() throws {
        // setup
        let data = Data([0xEF, 0xBB, 0xBF] + Array("code,name\n".utf8))
        // act
        let text = try CSVReader.decode(data)
        // check
        #expect(text == "code,name\n")
        #expect(text.unicodeScalars.first == "c")
    }

    @Test("decodes GB18030 bytes, as Excel saves CSV on Chinese Windows")
    func decodesGB18030() throws {
        // setup
        let original = "名称,类型\n白马镇,镇\n城关街道,街道\n"
        let data = try #require(original.data(using: Self.gb18030))
        // act
        let text = try CSVReader.decode(data)
        // check
        #expect(String(data: data, encoding: .utf8) == nil)
        #expect(Array(data.prefix(4)) == [0xC3, 0xFB, 0xB3, 0xC6])
        #expect(text == original)
    }

    @Test("decodes hand-written GBK bytes for 白马镇,街道")
    func decodesKnownGBKBytes() throws {
        // setup
        let data = Data([0xB0, 0xD7, 0xC2, 0xED, 0xD5, 0xF2, 0x2C, 0xBD, 0xD6, 0xB5, 0xC0])
        // act
        let text = try CSVReader.decode(data)
        // check
        #expect(text == "白马镇,街道")
    }

    @Test(
        "bytes that are neither UTF-8 nor GB18030 are refused",
        arguments: [[0xFF], [0x81, 0x20], [0x41, 0xFF, 0xFF]] as [[UInt8]])
    func undecodable(bytes: [UInt8]) {
        // setup
        let data = Data(bytes)
        // act
        let result = Result { () throws(CSVReader.Failure) in try CSVReader.decode(data) }
        // check
        #expect(throws: CSVReader.Failure.undecodable) { try result.get() }
    }

    @Test("the library's GB18030 constant is the one Foundation on Linux uses")
    func gb18030Constant() {
        // setup
        let expected = Self.gb18030
        // act
        let constant = CSVReader.gb18030
        // check
        #expect(constant == expected)
    }

    @Test("splits simple records on LF")
    func simpleRecords() throws {
        // setup
        let text = "a,b,c\n1,2,3\n"
        // act
        let records = try CSVReader.records(text)
        // check
        #expect(records == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test("CRLF line ends leave no carriage returns in fields")
    func crlfRecords() throws {
        // setup
        let text = "a,b\r\n1,2\r\n3,4"
        // act
        let records = try CSVReader.records(text)
        // check
        #expect(records == [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks")
    func quotedFields() throws {
        // setup
        let text = "name,note\n\"白马镇,东区\",\"他说\"\"好\"\"\"\n\"两行\n内容\",x\n"
        // act
        let records = try CSVReader.records(text)
        // check
        #expect(records == [["name", "note"], ["白马镇,东区", "他说\"好\""], ["两行\n内容", "x"]])
    }

    @Test("a quoted last field at the end of the text is closed")
    func quotedFieldAtEnd() throws {
        // setup
        let text = "a,\"b\""
        // act
        let records = try CSVReader.records(text)
        // check
        #expect(records == [["a", "b"]])
    }

    @Test("empty fields are kept, blank lines are dropped")
    func emptyFieldsAndBlankLines() throws {
        // setup
        let text = "a,,c\n\n   \n,,\n"
        // act
        let records = try CSVReader.records(text)
        // check
        #expect(records == [["a", "", "c"], ["", "", ""]])
    }

    @Test("an unterminated quote is reported at the line where it opens")
    func unterminatedQuote() {
        // setup
        let text = "a,b\n1,2\n3,\"never closed\n4,5\n"
        // act
        let result = Result { () throws(CSVReader.Failure) in try CSVReader.records(text) }
        // check
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 3)) { try result.get() }
    }

    @Test("an unterminated quote after a quoted line break counts the lines before it")
    func unterminatedQuoteAfterMultilineField() {
        // setup
        let text = "a,b\r\n\"x\r\ny\",2\r\n3,\"open"
        // act
        let result = Result { () throws(CSVReader.Failure) in try CSVReader.records(text) }
        // check
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 4)) { try result.get() }
    }

    @Test("a table lower-cases and trims headers, trims values and numbers rows from line 2")
    func table() throws {
        // setup
        let text = " Code ,NAME\u{3000}\nXM-001, 对畜禽品种违法行为的处罚 \nXM-002\n"
        // act
        let rows = try CSVReader.table(text, required: ["code", "name"])
        // check
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows[0]["code"] == "XM-001")
        #expect(rows[0]["name"] == "对畜禽品种违法行为的处罚")
        #expect(rows[1]["code"] == "XM-002")
        #expect(rows[1]["name"] == nil)
    }

    @Test("row numbers stay those of the spreadsheet when blank lines sit between rows")
    func tableLineNumbersWithBlankLines() throws {
        // setup
        let text = "code,name\nXM-001,甲\n\nXM-002,乙\n,,\nXM-003,丙\n"
        // act
        let rows = try CSVReader.table(text, required: ["code"])
        // check
        #expect(rows.map { $0["code"] } == ["XM-001", "XM-002", nil, "XM-003"])
        #expect(rows.map(\.line) == [2, 4, 5, 6])
    }

    @Test("a quoted line break keeps the row on one spreadsheet row")
    func tableLineNumbersWithMultilineCell() throws {
        // setup
        let text = "code,duties\nXM-001,\"第一行\n第二行\"\nXM-002,x\n"
        // act
        let rows = try CSVReader.table(text, required: ["code"])
        // check
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows[0]["duties"] == "第一行\n第二行")
    }

    @Test("a table names every missing required column, in the order asked")
    func missingColumns() {
        // setup
        let text = "code,remark\nXM-001,x\n"
        // act
        let result = Result { () throws(CSVReader.Failure) in
            try CSVReader.table(text, required: ["name", "code", "category"])
        }
        // check
        #expect(throws: CSVReader.Failure.missingColumns(["name", "category"])) { try result.get() }
    }

    @Test("an empty or blank text has no header", arguments: ["", "\n\n", "  \r\n"])
    func emptyTable(text: String) {
        // setup
        let input = text
        // act
        let result = Result { () throws(CSVReader.Failure) in try CSVReader.table(input, required: []) }
        // check
        #expect(throws: CSVReader.Failure.empty) { try result.get() }
    }

    @Test("a row's blank value reads as absent")
    func blankValueIsAbsent() {
        // setup
        let row = CSVRow(line: 2, values: ["code": "XM-001", "name": ""])
        // act
        let values = [row["code"], row["name"], row["missing"]]
        // check
        #expect(values == ["XM-001", nil, nil])
    }

    @Test("an issue names its line and, when known, its column")
    func issueDescription() {
        // setup
        let withColumn = ImportIssue(line: 3, column: "township", message: "本区县没有镇街“青山乡”")
        let withoutColumn = ImportIssue(line: 5, message: "属地事项必须注明主体责任或配合责任")
        // act
        let texts = [withColumn.description, withoutColumn.description]
        // check
        #expect(texts == ["第 3 行（township）：本区县没有镇街“青山乡”", "第 5 行：属地事项必须注明主体责任或配合责任"])
    }

    @Test("failure messages name the problem")
    func failureMessages() {
        // setup
        let failures: [CSVReader.Failure] = [
            .undecodable, .unterminatedQuote(line: 7), .empty, .missingColumns(["code", "name"]),
        ]
        // act
        let messages = failures.map(\.message)
        // check
        #expect(Set(messages).count == 4)
        #expect(messages[1].contains("第 7 行"))
        #expect(messages[3].hasSuffix("code、name"))
    }
}
