import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Rules R5 (legal basis changed) and R10 (evaluation overdue) through HTTP on a demo of their own (they write, so
/// not on the shared demo): found where the data says, shown on the item page, the workbench and `/delegation`,
/// and cleared by the documented path — an amendment by a decision, the evaluation recorded.
@Suite("Law changes and periodic evaluation on the demo")
struct LawChangeAndEvaluationTests {
    /// A demo of its own (a copy of the loaded demo) with "today" pinned to `today`, and the demo accounts.
    static func withOwnDemo(
        _ engine: Engine, today: Day,
        _ body: @escaping @Sendable (any TestClientProtocol, any Database) async throws -> Void
    ) async throws {
        let database = try await DemoTemplates.shared.copy(engine, prefix: "qz_law")
        do {
            let configuration = AppConfiguration(
                database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil,
                security: testSecurity)
            let app = try await buildApplication(
                configuration: configuration, database: database, logger: quietLogger, demoToday: today,
                clock: { Date() })
            try await app.test(.router) { client in try await body(client, database) }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    static func suggestions(_ client: any TestClientProtocol, _ staff: StaffClient, _ asOf: String) async throws
        -> [[String: Any]]
    {
        // Every page: an overdue evaluation at every unit is 1,245 findings, over a page's 500.
        try await staff.all(client, "/api/v1/suggestions?asOf=\(asOf)", key: "suggestions")
    }

    static func postJSON(
        _ client: any TestClientProtocol, _ staff: StaffClient, _ uri: String, _ fields: [String: Any]
    ) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post,
            headers: staff.headers([
                .contentType: "application/json", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
            ]), body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: fields)))
    }

    @Test(
        "R5 flags the 畜禽品种 penalty from 2023-03-01 until a decision amends its basis to 第81条",
        arguments: Engine.available)
    func legalBasis(engine: Engine) async throws {
        try await Self.withOwnDemo(engine, today: DemoBuilder.today) { client, database in
            // setup
            let bureau = try await StaffClient.login(client, "bianban")
            let department = try await StaffClient.login(client, "shichang")
            let uri = "/api/v1/items/DA-CF-0189/legal-basis"
            let amendment: [String: Any] = ["decision": "大安府办发〔2023〕19号", "legalBasis": "畜牧法(2022-10-30)第81条"]
            // act
            let beforeInForce = try await Self.suggestions(client, bureau, "2023-02-28").filter {
                $0["rule"] as? String == "R5"
            }
            let flagged = try await Self.suggestions(client, bureau, "2023-12-31").filter {
                $0["rule"] as? String == "R5"
            }
            let itemPage = try await client.execute(uri: "/items/DA-CF-0189", method: .get)
            let workbench = try await bureau.get(client, "/workbench")
            let changedPage = try await client.execute(uri: "/catalog/unverified", method: .get)
            let refused = try await Self.postJSON(client, department, uri, amendment)
            let unregistered = try await Self.postJSON(
                client, bureau, uri, ["decision": "大安府发〔2024〕99号", "legalBasis": "畜牧法(2022-10-30)第81条"])
            let notInLibrary = try await Self.postJSON(
                client, bureau, uri, ["decision": "大安府办发〔2023〕19号", "legalBasis": "畜牧法(2022-10-30)第300条"])
            let amended = try await Self.postJSON(client, bureau, uri, amendment)
            let after = try await Self.suggestions(client, bureau, "2023-12-31").filter {
                $0["rule"] as? String == "R5"
            }
            let itemAfter = try await client.execute(uri: "/items/DA-CF-0189", method: .get)
            let workbenchAfter = try await bureau.get(client, "/workbench")
            let audit = try await database.read { db in
                try await db.raw(
                    "SELECT detail FROM audit_entries WHERE county = '510304' AND action = 'item.legal-basis'"
                ).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            // check
            #expect(beforeInForce.isEmpty, "the 2022 revision is in force only from 2023-03-01")
            #expect(flagged.count == 1)
            #expect(flagged.first?["key"] as? String == "R5|*|DA-CF-0189")
            #expect(
                flagged.first?["evidence"] as? String
                    == "依据《畜牧法》（2015年4月24日版）第61条已被《畜牧法》（2022年10月30日版）取代（自2023年3月1日起施行），条文对照为《畜牧法》（2022年10月30日版）第81条")
            #expect(itemPage.text.contains("依据已变更"))
            #expect(itemPage.text.contains("《畜牧法》（2022年10月30日版）第81条：违反本法规定，销售、推广未经审定或者鉴定的畜禽品种、配套系的"))
            #expect(
                workbench.text.contains("<span class=\"n\">10</span>法律依据已变更的事项"),
                "the ten items citing 畜牧法(2015-04-24)")
            #expect(changedPage.text.contains("依据已变更 <small>截至 2023年12月31日，10 项事项</small>"))
            #expect(refused.status == .forbidden)
            #expect(unregistered.status == .unprocessableContent && unregistered.text.contains("尚未登记"))
            #expect(notInLibrary.status == .unprocessableContent && notInLibrary.text.contains("不在法规库中"))
            #expect(amended.status == .ok)
            let basis = (try amended.json() as? [String: Any])?["legalBasis"] as? [String]
            #expect(basis == ["畜牧法(2022-10-30)第81条"])
            #expect(after.isEmpty, "the amendment clears R5")
            #expect(!itemAfter.text.contains("依据已变更") && itemAfter.text.contains("《畜牧法》（2022年10月30日版）第81条"))
            #expect(workbenchAfter.text.contains("<span class=\"n\">9</span>法律依据已变更的事项"))
            #expect(audit == ["依据大安府办发〔2023〕19号修改法律依据：畜牧法(2022-10-30)第81条"])
        }
    }

    @Test(
        "an article map is imported by 编办 only, all rows or none, and names the new article",
        arguments: Engine.available)
    func articleMap(engine: Engine) async throws {
        try await Self.withOwnDemo(engine, today: DemoBuilder.today) { client, database in
            // setup
            let bureau = try await StaffClient.login(client, "bianban")
            let township = try await StaffClient.login(client, "dashanpu")
            func upload(_ staff: StaffClient, _ csv: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/law-maps", method: .post,
                    headers: staff.headers([
                        .contentType: "text/csv", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                    ]), body: ByteBuffer(string: csv))
            }
            let header = "law,old_version,old_article,new_version,new_article\n"
            // act
            let refused = try await upload(township, header + "畜牧法,2015-04-24,62,2022-10-30,82\n")
            let bad = try await upload(
                bureau, header + "畜牧法,2015-04-24,62,2022-10-30,82\n畜牧法,2015-04-24,64,2015-04-24,64\n")
            let afterBad = try await LawStore(database).mappings(county: "510304")
            let good = try await upload(bureau, header + "畜牧法,2015-04-24,62,2022-10-30,第八十二条\n")
            let page = try await client.execute(uri: "/items/DA-CF-0190", method: .get)
            // check
            #expect(refused.status == .forbidden)
            #expect(bad.status == .unprocessableContent && bad.text.contains("第 3 行（new_version）"))
            #expect(afterBad.count == 1, "nothing of the refused file was written: only the demo's row")
            let written = (try good.json() as? [String: Any])?["written"] as? Int
            #expect(good.status == .created && written == 1)
            #expect(page.text.contains("条文对照为《畜牧法》（2022年10月30日版）第82条"))
        }
    }

    @Test(
        "R10: a 赋权 not evaluated by its due day is a to-do and a finding until the evaluation is recorded",
        arguments: Engine.available)
    func evaluation(engine: Engine) async throws {
        // The demo's 赋权 were last evaluated on 2023-06-25 (every year on the due day): the next is due 2024-06-25.
        let today = Day(iso: "2024-06-26")!
        try await Self.withOwnDemo(engine, today: today) { client, database in
            // setup
            let bureau = try await StaffClient.login(client, "bianban")
            let running = try await DelegationStore(database).list(
                Delegation.self, county: "510304", states: [Delegation.State.active.rawValue]
            ).filter { $0.mode == .granted && $0.effectiveOn <= today }
            let target = try #require(running.first { $0.unit == "510304100000" })
            // act
            let onDemoDay = try await Self.suggestions(client, bureau, "2023-12-31").filter {
                $0["rule"] as? String == "R10"
            }
            let onDue = try await Self.suggestions(client, bureau, "2024-06-25").filter {
                $0["rule"] as? String == "R10"
            }
            let overdue = try await Self.suggestions(client, bureau, "2024-06-26").filter {
                $0["rule"] as? String == "R10"
            }
            let workbench = try await bureau.get(client, "/workbench")
            let work = try await bureau.get(client, "/delegation?unit=\(target.unit)&item=\(target.itemCode)")
            let recorded = try await Self.postJSON(
                client, bureau, "/api/v1/delegation/delegations/\(target.id)/events",
                ["event": "evaluate", "on": "2024-06-26", "conclusion": "keep", "findings": "办件正常，保留赋权"])
            let after = try await Self.suggestions(client, bureau, "2024-06-26").filter {
                $0["rule"] as? String == "R10"
            }
            let workbenchAfter = try await bureau.get(client, "/workbench")
            // check
            #expect(running.count == 83 * 15, "the 83 赋权 items of the report at every unit")
            #expect(onDemoDay.isEmpty && onDue.isEmpty, "the demo's history records the evaluations it claims")
            #expect(
                Set(overdue.compactMap { $0["key"] as? String }) == Set(running.map { "R10|\($0.unit)|\($0.itemCode)" })
            )
            let finding = try #require(
                overdue.first { $0["key"] as? String == "R10|\(target.unit)|\(target.itemCode)" })
            #expect(finding["evidence"] as? String == "定期评估应于2024年6月25日前完成，至2024年6月26日未记录（上次评估2023年6月25日）")
            #expect(workbench.text.contains("<span class=\"n\">1245</span>逾期未评估的赋权事项"))
            #expect(work.text.contains("评估逾期：每12个月评估，下次应于2024年6月25日前（上次2023年6月25日）"))
            #expect(recorded.status == .ok)
            #expect(after.count == overdue.count - 1)
            #expect(!after.contains { $0["key"] as? String == "R10|\(target.unit)|\(target.itemCode)" })
            #expect(workbenchAfter.text.contains("<span class=\"n\">1244</span>逾期未评估的赋权事项"))
        }
    }
}
