import Foundation
import Testing

@testable import QuanzeDomain

/// The compliance fields of a case read by the one set of rules for JSON and CSV: named officers, 法制审核
/// triggers, 立案 day, extensions; a bad value is a Chinese problem naming the field, never a silent nil.
@Suite("Reading the compliance fields of case records")
struct CaseFieldsComplianceTests {
    @Test("CSV cells: officer ids, triggers by code or Chinese name, 立案 day, extensions")
    func csv() throws {
        // setup
        let f = CaseFieldsTests.fields([
            .officerIds: "ZF-1；ZF-2", .reviewTriggers: "疑难复杂;hearing", .filedOn: "2023/3/2",
            .extendedTo: "2023-06-30", .extensionApproved: "是", .kind: "案件",
        ])
        // act
        let r = try f.record(county: Fixture.county, naming: .csv).get()
        // check
        #expect(r.officerIds == ["ZF-1", "ZF-2"])
        #expect(r.reviewTriggers == [.hearing, .complex])
        #expect(r.filedOn == Fixture.day("2023-03-02") && r.extendedTo == Fixture.day("2023-06-30"))
        #expect(r.extensionDays == nil && r.extensionApproved == true)
        #expect(r.compliance == nil, "fixed at ingest, not read")
    }

    @Test("无 says no trigger applies; an absent column says nothing")
    func none() throws {
        let none = try CaseFieldsTests.fields([.reviewTriggers: "无"]).record(county: Fixture.county, naming: .csv).get()
        let absent = try CaseFieldsTests.fields([:]).record(county: Fixture.county, naming: .csv).get()
        #expect(none.reviewTriggers == [] && absent.reviewTriggers == nil)
    }

    @Test(
        "a compliance value that cannot be read is a problem naming the CSV column",
        arguments: [
            (CaseFields.Field.reviewTriggers, "重大", "legal_review_triggers"),
            (.reviewTriggers, "complex;;hearing", "legal_review_triggers"),
            (.officerIds, "ZF-1;", "officer_ids"), (.filedOn, "3月2日", "filed_on"),
            (.extendedTo, "2023-02-30", "extended_to"), (.extensionDays, "三十", "extension_days"),
            (.extensionApproved, "批准", "extension_approved"),
        ])
    func unreadable(field: CaseFields.Field, value: String, column: String) {
        // act
        let result = CaseFieldsTests.fields([field: value]).record(county: Fixture.county, naming: .csv)
        // check
        guard case .failure(let problems) = result else {
            Issue.record("\(field) = \(value) was accepted")
            return
        }
        #expect(problems.list.map(\.field) == [field])
        #expect(problems.message.contains(column) && problems.message.contains(value))
    }

    @Test("JSON: arrays of ids and triggers, numbers and booleans; a bad element is refused by name")
    func json() throws {
        // setup
        let body = """
            [{"source":"s","externalId":"1","sourceVersion":"2024-01-01T00:00:00Z","itemCode":"CF-001",
              "township":"510104100000","receivedOn":"2023-03-01","kind":"enforcement","officerIds":["ZF-1","ZF-2"],
              "legalReviewTriggers":["public-interest","其他法定情形"],"legalReview":true,"filedOn":"2023-03-02",
              "extensionDays":30},
             {"source":"s","externalId":"2","sourceVersion":"2024-01-01T00:00:00Z","itemCode":"XK-001",
              "township":"510104100000","receivedOn":"2023-03-01","extensionApproved":false,"legalReviewTriggers":[]},
             {"source":"s","externalId":"3","sourceVersion":"2024-01-01T00:00:00Z","itemCode":"CF-001",
              "township":"510104100000","receivedOn":"2023-03-01","legalReviewTriggers":["complex","紧急"]},
             {"source":"s","externalId":"4","sourceVersion":"2024-01-01T00:00:00Z","itemCode":"CF-001",
              "township":"510104100000","receivedOn":"2023-03-01","officerIds":[1,2],"extensionDays":2.5}]
            """
        // act
        let all = try JSONDecoder().decode([CaseFields].self, from: Data(body.utf8))
        let results = all.map { $0.record(county: Fixture.county, naming: .json) }
        // check
        let first = try results[0].get()
        #expect(first.officerIds == ["ZF-1", "ZF-2"] && first.reviewTriggers == [.publicInterest, .otherLaw])
        #expect(first.legalReview == true && first.filedOn == Fixture.day("2023-03-02") && first.extensionDays == 30)
        let second = try results[1].get()
        #expect(second.extensionApproved == false && second.reviewTriggers == [])
        guard case .failure(let third) = results[2], case .failure(let fourth) = results[3] else {
            Issue.record("a bad element was accepted: \(results)")
            return
        }
        #expect(third.list.map(\.rejection) == [.badValue(field: "legalReviewTriggers", value: "complex;紧急")])
        #expect(fourth.list.map(\.field) == [.officerIds, .extensionDays])
    }
}
