import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Input text: no control characters, bounded length, plausible dates")
struct InputTextTests {
    @Test("every C0 control, DEL and every C1 control is forbidden; tab, line feed and carriage return are not")
    func controls() {
        // setup
        let allowed: Set<UInt32> = [0x09, 0x0A, 0x0D]
        // act
        let forbidden = (UInt32(0)...0x00A0).filter { InputText.isForbidden(Unicode.Scalar($0)!) }
        // check
        let expected = Array(UInt32(0)...0x1F).filter { !allowed.contains($0) } + Array(UInt32(0x7F)...0x9F)
        #expect(forbidden == expected)
        #expect(!InputText.isForbidden("中") && !InputText.isForbidden("\u{3000}") && !InputText.isForbidden("\u{A0}"))
    }

    @Test("the first forbidden character is named as U+XXXX, with the field, in Chinese")
    func naming() {
        // act
        let nul = Result { () throws(InputText.Problem) in try InputText.check("白马\u{0}镇", field: "name") }
        let c1 = Result { () throws(InputText.Problem) in try InputText.check("a\u{85}b\u{1}", field: "q") }
        let clean = Result { () throws(InputText.Problem) in try InputText.check("第一行\r\n第二行\t", field: "note") }
        // check
        #expect(nul.failure == .controlCharacter(field: "name", scalar: "U+0000"))
        #expect(c1.failure == .controlCharacter(field: "q", scalar: "U+0085"))
        #expect(clean.failure == nil)
        #expect(nul.failure?.message == "“name”含有不允许的控制字符（U+0000），请删除后重新提交")
    }

    @Test("a value longer than its limit is refused; one at the limit is not")
    func length() {
        // act
        let atLimit = Result { () throws(InputText.Problem) in
            try InputText.check(String(repeating: "字", count: 200), field: "q", limit: 200)
        }
        let over = Result { () throws(InputText.Problem) in
            try InputText.check(String(repeating: "字", count: 201), field: "q", limit: 200)
        }
        // check
        #expect(atLimit.failure == nil)
        #expect(over.failure == .tooLong(field: "q", limit: 200))
        #expect(over.failure?.message == "“q”超过 200 个字符的长度上限")
    }

    @Test("date bounds: from 1949-10-01 to today in China plus the skew")
    func bounds() {
        // setup: 2026-12-05 20:00 UTC is already 2026-12-06 in China
        let now = Date(timeIntervalSince1970: 1_796_500_800)
        // act
        let bounds = DateBounds(now: now, skewDays: 1)
        let strict = DateBounds(now: now, skewDays: 0)
        // check
        #expect(DateBounds.chinaDay(of: now).iso == "2026-12-06")
        #expect(bounds.latest.iso == "2026-12-07" && strict.latest.iso == "2026-12-06")
        #expect(bounds.contains(Fixture.day("1949-10-01")) && !bounds.contains(Fixture.day("1949-09-30")))
        #expect(bounds.contains(Fixture.day("2026-12-07")) && !bounds.contains(Fixture.day("2026-12-08")))
        #expect(bounds.contains(now.addingTimeInterval(86_000)) && !bounds.contains(now.addingTimeInterval(86_500)))
        #expect(!bounds.contains(Date(timeIntervalSince1970: -800_000_000)), "1944 is before the bounds")
        #expect(DateBounds.unbounded.contains(Fixture.day("9999-12-31")))
    }

    @Test(
        "a case dated in the far future or before 1949 is rejected with the range named",
        arguments: [
            ("receivedOn", "9999-12-31", nil as String?, "2024-01-01T00:00:00Z"),
            ("receivedOn", "1900-01-01", nil, "2024-01-01T00:00:00Z"),
            ("closedOn", "2023-03-01", "2099-01-01", "2024-01-01T00:00:00Z"),
            ("sourceVersion", "2023-03-01", nil, "9999-12-31T00:00:00Z"),
        ])
    func implausible(field: String, received: String, closed: String?, version: String) throws {
        // setup
        let now = Date(timeIntervalSince1970: 1_796_500_800)  // 2026-12-06 in China
        let record = CaseRecord(
            county: Fixture.county, source: "一体化平台", externalId: "X-1",
            sourceVersion: try #require(Timestamp.parse(version)), itemCode: "XM-001", township: "510104100000",
            handler: .township, kind: .application, receivedOn: Fixture.day(received),
            closedOn: closed.map(Fixture.day))
        // act
        let why = CaseValidation.check(
            record, knownItems: ["XM-001"], knownTownships: ["510104100000"], scope: nil,
            bounds: DateBounds(now: now))
        let unbounded = CaseValidation.check(
            record, knownItems: ["XM-001"], knownTownships: ["510104100000"], scope: nil)
        // check
        guard case .implausibleDate(let named, _, let latest) = why else {
            Issue.record("\(field) was not refused: \(String(describing: why))")
            return
        }
        #expect(named == field && latest.iso == "2026-12-07")
        #expect(why?.message.contains("不在可信范围内（1949年10月1日至2026年12月7日）") == true)
        #expect((unbounded != nil) == (received == "1900-01-01"), "without bounds only the 1949 floor applies")
    }

    @Test("a case field with a control character rejects that record, naming the field as the sender named it")
    func caseField() {
        // setup
        var f = CaseFieldsTests.fields([.township: "5101041\u{0}00000"])
        f[.source] = "一体化平台"
        // act
        let json = f.record(county: Fixture.county, naming: .json)
        let csv = f.record(county: Fixture.county, naming: .csv)
        // check
        #expect(
            json.failure?.list.map(\.rejection) == [.badText(.controlCharacter(field: "township", scalar: "U+0000"))])
        #expect(csv.failure?.message == "“township”含有不允许的控制字符（U+0000），请删除后重新提交")
    }

    @Test("a CSV cell with a control character or over the length limit stops the file at its line and column")
    func csvCell() {
        // act
        let table = Result { () throws(CSVReader.Failure) in
            try CSVReader.table("code,name\nA,白马镇\nB,白\u{7}马\n", required: ["code"])
        }
        let records = Result { () throws(CSVReader.Failure) in
            try CSVReader.records("a,b\n\nc,\(String(repeating: "x", count: InputText.maximumFieldLength + 1))\n")
        }
        // check
        #expect(table.failure == .badCell(line: 3, problem: .controlCharacter(field: "name", scalar: "U+0007")))
        #expect(table.failure?.message == "第 3 行：“name”含有不允许的控制字符（U+0007），请删除后重新提交")
        #expect(
            records.failure
                == .badCell(line: 3, problem: .tooLong(field: "第 2 列", limit: InputText.maximumFieldLength)))
    }
}

extension Result {
    /// The error of a failed result, nil for a success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
