import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp

/// Compliance through the app on both engines: non-compliant cases pushed as JSON and uploaded as CSV are accepted
/// and counted, `GET /api/v1/indicators` answers the counts per check with their articles, a bad value is a
/// Chinese problem, and the township dashboard prints the checks with the articles' text.
@Suite("Case compliance through the API and the dashboards")
struct CaseComplianceAppTests {
    static let township = "510304102000"

    static func record(_ id: String, day: String, _ extra: [String: Any]) -> [String: Any] {
        [
            "source": "掌上执法", "externalId": id, "sourceVersion": "\(day)T08:00:00Z", "itemCode": "DA-CF-0001",
            "township": township, "kind": "enforcement", "receivedOn": day, "filedOn": day, "closedOn": day,
            "officers": 2, "fullRecord": true,
        ].merging(extra) { _, new in new }
    }

    static func compliance(_ response: TestResponse) throws -> [String: Any] {
        let total = (try response.json() as? [String: Any])?["total"] as? [String: Any] ?? [:]
        return total["compliance"] as? [String: Any] ?? [:]
    }

    static func check(_ compliance: [String: Any], _ name: String) -> [String: Any] {
        (compliance["checks"] as? [[String: Any]] ?? []).first { $0["check"] as? String == name } ?? [:]
    }

    @Test(
        "non-compliant cases are accepted, counted per check with its article, and shown", arguments: Engine.available)
    func compliance(engine: Engine) async throws {
        let tag = "\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup: a token for 团结镇; a year no other test writes
            let database = try await DemoDatabases.shared.database(engine)
            let (_, secret) = try await TokenStore(database).create(
                for: "xitong", name: "合规测试\(tag)", scope: [Self.township], county: "510304", by: .system, at: Date())
            let records = [
                Self.record("H\(tag)-1", day: "2015-05-10", ["officers": 1]),
                Self.record("H\(tag)-2", day: "2015-05-11", ["legalReviewTriggers": ["疑难复杂"], "legalReview": false]),
                Self.record("H\(tag)-3", day: "2015-05-12", ["legalReviewTriggers": ["hearing"], "legalReview": true]),
            ]
            let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["records": records]))
            let staff = try await StaffClient.login(client, "bianban")
            func upload(_ csv: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/cases/import", method: .post,
                    headers: staff.headers([
                        .contentType: "text/csv", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                    ]), body: ByteBuffer(string: csv))
            }
            let header =
                "source,external_id,source_version,item_code,township,kind,received_on,filed_on,closed_on,officers,full_record,legal_review_triggers,extension_days"
            let row = "执法平台,H\(tag)-4,2015-09-01,DA-CF-0001,\(Self.township),案件,2015-06-01,2015-06-01,2015-09-01,2,否,无,"
            let badRow =
                "执法平台,H\(tag)-5,2015-09-01,DA-CF-0001,\(Self.township),案件,2015-06-01,2015-06-01,2015-06-02,2,是,紧急,"
            // act
            let pushed = try await client.execute(
                uri: "/api/v1/cases", method: .post,
                headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"], body: body)
            let may = try await client.execute(
                uri: "/api/v1/indicators?township=\(Self.township)&item=DA-CF-0001&from=2015-05&to=2015-05",
                method: .get)
            let refused = try await upload([header, badRow].joined(separator: "\n"))
            let written = try await upload([header, row].joined(separator: "\n"))
            let june = try await client.execute(
                uri: "/api/v1/indicators?township=\(Self.township)&item=DA-CF-0001&from=2015-06&to=2015-06",
                method: .get)
            let page = try await client.execute(
                uri: "/indicators/townships/\(Self.township)?from=2015-05&to=2015-06", method: .get)
            // check: every case accepted, none rejected for breaking a requirement
            let answer = try pushed.json() as? [String: Any] ?? [:]
            #expect(pushed.status == .ok)
            #expect((answer["accepted"] as? [Any])?.count == 3 && (answer["rejected"] as? [Any])?.count == 0)
            // check: May — one officer (第42条), one review not done (第58条), one compliant
            let c = try Self.compliance(may)
            #expect(c["checkedCases"] as? Int == 3 && c["nonCompliant"] as? Int == 2)
            let officers = Self.check(c, "officers")
            #expect(officers["checked"] as? Int == 3 && officers["broken"] as? Int == 1)
            #expect(officers["article"] as? String == "行政处罚法(2021-01-22)第42条")
            let review = Self.check(c, "legal-review")
            #expect(review["checked"] as? Int == 2 && review["broken"] as? Int == 1)
            #expect(review["article"] as? String == "行政处罚法(2021-01-22)第58条")
            #expect(Self.check(c, "decision-limit")["broken"] as? Int == 0)
            // check: the CSV row decided 92 days after 立案 without recording is written and counted; a bad trigger
            // refuses the file with the column named
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("legal_review_triggers") && refused.text.contains("紧急"))
            #expect(written.status == .created)
            let j = try Self.compliance(june)
            #expect(j["checkedCases"] as? Int == 1 && j["nonCompliant"] as? Int == 1)
            #expect(Self.check(j, "decision-limit")["broken"] as? Int == 1)
            #expect(Self.check(j, "full-record")["broken"] as? Int == 1)
            #expect(Self.check(j, "legal-review")["checked"] as? Int == 0, "无: no trigger, no review required")
            // check: the dashboard prints the checks with the articles from the law library
            #expect(page.status == .ok)
            #expect(page.text.contains("合规情况") && page.text.contains("经合规检查的 4 件中 3 件（75.0%）"))
            #expect(page.text.contains("《行政处罚法》（2021年1月22日版）第42条"))
            #expect(page.text.contains("执法人员不得少于两人"), "the article's text, from the law library")
            #expect(!page.text.contains("法规库中尚无该条文"), "every check's article resolves in the law library")
        }
    }
}
