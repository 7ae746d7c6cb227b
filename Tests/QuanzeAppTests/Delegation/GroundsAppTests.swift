import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The legal grounds of delegation over HTTP on the demo: seeded for the county, edited by 编办 (audited, refused
/// when a statute forbids or an article is missing), applied to proposals, shown to 司法局 in its review, printed
/// on documents and pages from data.
@Suite("Legal grounds of delegation through HTTP")
struct GroundsAppTests {
    static let county = "510304"

    /// Posts JSON with the session's CSRF header.
    static func postJSON(
        _ client: any TestClientProtocol, _ staff: StaffClient, _ uri: String, _ body: [String: Any]
    ) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post,
            headers: staff.headers([
                .contentType: "application/json", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
            ]), body: DelegationLifecycleTests.json(body))
    }

    @Test("the demo county is seeded with every row of the data file", arguments: Engine.available)
    func seeded(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let file = try LegalGroundsData.file()
        // act
        let table = try await LegalGroundStore(database).table(county: Self.county)
        // check
        #expect(table.rows.count == 26)
        for row in file.grounds where row.mode == .entrusted && row.category == .coercionMeasure {
            #expect(table.ground(row.mode, row.category)?.permitted == false)
            #expect(table.ground(row.mode, row.category)?.citation == "《行政强制法》第十七条")
        }
        #expect(Set(table.rows.map { "\($0.mode.rawValue)/\($0.category.rawValue)" }).count == 26)
        #expect(
            try await LegalGroundsData.seed(county: Self.county, database: database, actor: .system, at: Date()) == 0)
    }

    @Test(
        "编办 edits a row (audited); a statute-forbidden permission or a missing article is refused with 422",
        arguments: Engine.available)
    func editing(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let establishment = try await StaffClient.login(client, "bianban")
            let justice = try await StaffClient.login(client, "sifa")
            let original = try #require(
                try await LegalGroundStore(database).table(county: Self.county).ground(.granted, .award))
            let wording = "测试表述\(UUID().uuidString.prefix(6))"
            // act
            let forbidden = try await Self.postJSON(
                client, establishment, "/api/v1/delegation/grounds",
                [
                    "mode": "entrusted", "category": "行政强制措施", "permitted": true,
                    "references": ["行政强制法(2011-06-30)第17条"], "wording": "改为允许",
                ])
            let unknown = try await establishment.post(
                client, "/delegation/grounds",
                [
                    ("mode", "granted"), ("category", "award"), ("permitted", "true"),
                    ("references", "行政处罚法(2021-01-22)第999条"), ("wording", "未知条文"),
                ])
            let byJustice = try await Self.postJSON(
                client, justice, "/api/v1/delegation/grounds",
                ["mode": "granted", "category": "award", "permitted": true, "references": [], "wording": wording])
            let saved = try await establishment.post(
                client, "/delegation/grounds",
                [
                    ("mode", "granted"), ("category", "award"), ("permitted", "true"),
                    ("references", original.references.map(\.description).joined(separator: "；")),
                    ("wording", wording),
                ])
            let list = try await justice.get(client, "/api/v1/delegation/grounds")
            let page = try await justice.get(client, "/delegation/grounds")
            let audit = try await AuditStore(database).search(
                AuditFilter(county: Self.county, action: "legal-ground.update", limit: 500)
            ).entries
            let restored = try await Self.postJSON(
                client, establishment, "/api/v1/delegation/grounds",
                [
                    "mode": "granted", "category": "award", "permitted": true,
                    "references": original.references.map(\.description), "wording": original.wording,
                ])
            // check
            #expect(forbidden.status == .unprocessableContent)
            #expect(forbidden.text.contains("“委托·行政强制措施”由法律禁止，不能改为允许"))
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("法规库中没有条文“行政处罚法(2021-01-22)第999条”"))
            #expect(byJustice.status == .forbidden)
            #expect(saved.status == .seeOther)
            let rows = (try list.json() as? [String: Any])?["grounds"] as? [[String: Any]] ?? []
            let award = rows.first { $0["mode"] as? String == "granted" && $0["category"] as? String == "award" }
            #expect(award?["wording"] as? String == wording)
            #expect(rows.count == 26)
            #expect(
                page.status == .ok && page.text.contains(wording)
                    && !page.text.contains("action=\"/delegation/grounds\""))
            #expect(audit.filter { $0.subject == "赋权·行政奖励" && $0.detail.contains(wording) }.count == 1)
            #expect(restored.status == .ok)
            #expect(
                try await LegalGroundStore(database).table(county: Self.county).ground(.granted, .award) == original)
        }
    }

    @Test(
        "a forbidden combination is refused at proposal time naming the statute; 司法局 sees the ground in its review",
        arguments: Engine.available)
    func proposalsAndReview(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let items = try await ItemStore(database).search(
                county: Self.county,
                filter: ItemFilter(department: "大安区市场监督管理局", asOf: Day(iso: "2023-12-31")!, limit: 500)
            ).items
            let measure = try #require(items.first { $0.category == .coercionMeasure })
            let penalty = try #require(items.first { $0.category == .penalty })
            let department = try await StaffClient.login(client, "shichang")
            let establishment = try await StaffClient.login(client, "bianban")
            let justice = try await StaffClient.login(client, "sifa")
            // act
            let refused = try await Self.postJSON(
                client, department, "/api/v1/delegation/proposals",
                ["itemCode": measure.code, "mode": "entrusted", "reasons": "就近查封扣押", "expectedYearlyVolume": 3])
            let accepted = try await Self.postJSON(
                client, department, "/api/v1/delegation/proposals",
                ["itemCode": penalty.code, "mode": "entrusted", "reasons": "就近查处", "expectedYearlyVolume": 3])
            let id = try #require((try accepted.json() as? [String: Any])?["id"] as? String)
            let reviewed = try await Self.postJSON(
                client, establishment, "/api/v1/delegation/proposals/\(id)/events",
                ["event": "review", "passed": true, "opinion": "同意"])
            let work = try await justice.get(client, "/delegation")
            let withdrawn = try await Self.postJSON(
                client, department, "/api/v1/delegation/proposals/\(id)/events", ["event": "withdraw"])
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.text.contains(
                    "事项 \(measure.code)（行政强制措施）不得以委托方式下放：行政强制措施权不得委托（《行政强制法》第十七条）"))
            #expect(accepted.status == .created || accepted.status == .ok)
            #expect(reviewed.status == .ok)
            let ground = try #require(
                try LegalGroundsData.file().grounds.first { $0.mode == .entrusted && $0.category == .penalty })
            #expect(work.text.contains("适用依据"))
            #expect(work.text.contains("\(ground.wording)（《行政处罚法》第二十条、第二十一条）"))
            #expect(withdrawn.status == .ok)
        }
    }

    @Test(
        "documents and pages print the ground and responsibility from data: 赋权 never makes the department liable",
        arguments: Engine.available)
    func printed(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let agreements = try await DelegationStore(database).list(Agreement.self, county: Self.county)
            let grant = try #require(
                agreements.first { $0.mode == .granted && $0.lines.contains { $0.itemCode.hasPrefix("DA-CF") } })
            let letter = try #require(agreements.first { $0.mode == .entrusted })
            let establishment = try await StaffClient.login(client, "bianban")
            // act
            let grantPage = try await client.execute(uri: "/agreements/\(grant.id)", method: .get)
            let letterPage = try await client.execute(uri: "/agreements/\(letter.id)", method: .get)
            let work = try await establishment.get(client, "/delegation?item=\(grant.lines[0].itemCode)")
            // A 赋权决定 over several townships speaks of them together; one over one township names it.
            let takers = Set(grant.lines.map(\.unitName)).count == 1 ? grant.unitName : "各承接镇（街道）"
            // check
            #expect(grantPage.status == .ok)
            // the catalogue decision first, then every article the items' grounds cite (行政处罚法第二十四条 among them)
            #expect(grantPage.text.contains("根据川办发〔2020〕85号和《") && grantPage.text.contains("《行政处罚法》第二十四条"))
            #expect(grantPage.text.contains("法律责任：\(takers)以自己的名义行使赋予的权力"))
            #expect(!grantPage.text.contains("\(grant.departmentName)对") && !grantPage.text.contains("责任在部门）"))
            // Legal liability is stated once: one paragraph labelled 法律责任, one 承担法律责任 in the document.
            #expect(grantPage.text.components(separatedBy: "法律责任：").count - 1 == 1)
            #expect(grantPage.text.components(separatedBy: "承担法律责任").count - 1 == 1)
            // A 委托书 of several items cites every article its items' grounds name, each once.
            #expect(letterPage.text.contains("<p class=\"body\">根据《"))
            #expect(
                letterPage.text.contains("《行政处罚法》第二十条、第二十一条")
                    || letterPage.text.contains("《行政许可法》第二十四条")
                    || letterPage.text.contains("《地方各级人民代表大会和地方各级人民政府组织法》第七十六条、第八十六条"))
            #expect(letterPage.text.contains("法律责任：\(letter.unitName)在委托范围内以\(letter.departmentName)的名义实施"))
            #expect(work.text.contains("\(grant.unitName)以自己的名义行使赋予的权力，自施行之日起对其行为独立承担法律责任"))
        }
    }
}
