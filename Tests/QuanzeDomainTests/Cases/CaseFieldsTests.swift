import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Reading case records: one set of rules for the JSON API and the CSV upload")
struct CaseFieldsTests {
    static func fields(_ values: [CaseFields.Field: String]) -> CaseFields {
        var f = CaseFields()
        let base: [CaseFields.Field: String] = [
            .source: "一体化平台", .externalId: "A-1", .sourceVersion: "2024-01-01T08:00:00+08:00", .itemCode: "XM-001",
            .township: "510104100000", .receivedOn: "2023-03-01",
        ]
        for (field, value) in base.merging(values, uniquingKeysWith: { _, new in new }) { f[field] = value }
        return f
    }

    @Test("a complete record is read with every field")
    func complete() throws {
        // setup
        let f = Self.fields([
            .handler: "department", .kind: "enforcement", .dueOn: "2023-03-20", .closedOn: "2023-03-10",
            .satisfaction: "5", .officers: "2", .legalReview: "是", .fullRecord: "false",
        ])
        // act
        let record = try f.record(county: Fixture.county, naming: .json).get()
        // check
        #expect(record.handler == .department && record.kind == .enforcement)
        #expect(record.dueOn == Fixture.day("2023-03-20") && record.closedOn == Fixture.day("2023-03-10"))
        #expect(record.satisfaction == 5 && record.officers == 2 && record.legalReview == true)
        #expect(record.fullRecord == false)
        #expect(record.sourceVersion == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(record.county == Fixture.county)
    }

    @Test("every missing required field is named, in the sender's naming")
    func missing() {
        // setup
        var f = CaseFields()
        f[.source] = "一体化平台"
        f[.itemCode] = "   "  // blank counts as missing
        // act
        let json = f.record(county: Fixture.county, naming: .json)
        let csv = f.record(county: Fixture.county, naming: .csv)
        // check
        guard case .failure(let j) = json, case .failure(let c) = csv else {
            Issue.record("an incomplete record was read")
            return
        }
        #expect(
            j.list.map(\.rejection) == [
                .missing("externalId"), .missing("sourceVersion"), .missing("itemCode"), .missing("township"),
                .missing("receivedOn"),
            ])
        #expect(c.list.map(\.rejection).first == .missing("external_id"))
        #expect(c.list.map(\.field) == [.externalId, .sourceVersion, .itemCode, .township, .receivedOn])
        #expect(j.message.contains("缺少必填字段 externalId；缺少必填字段 sourceVersion"))
    }

    @Test(
        "a value that cannot be read is a problem, never silently dropped",
        arguments: [
            (CaseFields.Field.satisfaction, "很满意"), (.satisfaction, "4.5"), (.officers, "两人"),
            (.legalReview, "也许"), (.fullRecord, "2"), (.handler, "街道办"), (.kind, "投诉"),
            (.sourceVersion, "2024-01-01 08:00"), (.dueOn, "2023-02-30"), (.closedOn, "3月5日"),
            (.receivedOn, "2023-13-01"),
        ])
    func unreadable(field: CaseFields.Field, value: String) {
        // act
        let result = Self.fields([field: value]).record(county: Fixture.county, naming: .csv)
        // check
        guard case .failure(let problems) = result else {
            Issue.record("\(field) = \(value) was accepted")
            return
        }
        #expect(problems.list.map(\.field) == [field])
        #expect(problems.message.contains(value))
    }

    @Test("what Chinese Excel writes is read: slashed dates, 是/否, Chinese labels, full-width spaces")
    func excelForms() throws {
        // setup
        let f = Self.fields([
            .receivedOn: "2023/3/1", .closedOn: "2023-3-9", .handler: "区级部门", .kind: "案件", .legalReview: "否",
            .externalId: "\u{3000}A-1 ", .sourceVersion: "2024-01-01",
        ])
        // act
        let record = try f.record(county: Fixture.county, naming: .csv).get()
        // check
        #expect(record.receivedOn == Fixture.day("2023-03-01") && record.closedOn == Fixture.day("2023-03-09"))
        #expect(record.handler == .department && record.kind == .enforcement && record.legalReview == false)
        #expect(record.externalId == "A-1")
        #expect(record.sourceVersion == Date(timeIntervalSince1970: 1_704_067_200))
    }

    @Test("JSON: strings, numbers and booleans are read as text; objects and non-objects are refused")
    func json() throws {
        // setup
        let body = """
            [{"source":"s","externalId":"1","sourceVersion":"2024-01-01T00:00:00Z","itemCode":"XM-001",
              "township":"510104100000","receivedOn":"2023-03-01","satisfaction":"5","officers":2,"legalReview":true,
              "fullRecord":"是","dueOn":null},
             {"source":"s","externalId":2,"sourceVersion":"2024-01-01T00:00:00Z","itemCode":"XM-001",
              "township":"510104100000","receivedOn":"2023-03-01","satisfaction":4.5},
             {"source":"s","externalId":"3","sourceVersion":"2024-01-01T00:00:00Z","itemCode":{"code":"x"},
              "township":"510104100000","receivedOn":"2023-03-01"},
             17, "text",
             {"source":"s","externalId":12345678901234567890,"sourceVersion":"2024-01-01T00:00:00Z",
              "itemCode":"XM-001","township":"510104100000","receivedOn":"2023-03-01"}]
            """
        // act
        let all = try JSONDecoder().decode([CaseFields].self, from: Data(body.utf8))
        let results = all.map { $0.record(county: Fixture.county, naming: .json) }
        // check
        #expect(all.count == 6)
        let first = try results[0].get()
        #expect(first.satisfaction == 5 && first.officers == 2 && first.legalReview == true && first.fullRecord == true)
        #expect(first.dueOn == nil)
        guard case .failure(let second) = results[1], case .failure(let third) = results[2],
            case .failure(let fourth) = results[3], case .failure(let fifth) = results[4]
        else {
            Issue.record("a bad element was accepted: \(results)")
            return
        }
        #expect(all[1][.externalId] == "2", "a numeric id is read as its text")
        #expect(second.list.map(\.rejection) == [.badValue(field: "satisfaction", value: "4.5")])
        #expect(third.list.map(\.field) == [.itemCode])
        #expect(fourth.list.map(\.rejection) == [.badValue(field: "record", value: "非 JSON 对象")])
        #expect(fifth.list.count == 1 && all[4].notAnObject)
        guard case .failure(let sixth) = results[5] else {
            Issue.record("an id JSON cannot carry exactly was accepted as \(all[5][.externalId] ?? "")")
            return
        }
        #expect(sixth.list.map(\.field) == [.externalId], "a mangled id is refused, not stored")
    }
}
