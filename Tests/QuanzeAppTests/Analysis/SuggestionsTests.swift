import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The engine on the demo's own data, through HTTP: capacity gaps are found where the data has them, and a
/// dismissed suggestion stays dismissed while its evidence is unchanged.
@Suite("Adjustment suggestions on the demo")
struct SuggestionsTests {
    @Test(
        "R3 finds exactly the items whose requirements the units lack; dismissing needs a reason and holds",
        arguments: Engine.available)
    func demo(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let establishment = try await StaffClient.login(client, "bianban")
            let township = try await StaffClient.login(client, "dashanpu")
            // act
            let answer = try await establishment.get(client, "/api/v1/suggestions?asOf=2023-12-31")
            let body = try answer.json() as? [String: Any] ?? [:]
            let rows = body["suggestions"] as? [[String: Any]] ?? []
            let capacity = rows.filter { $0["rule"] as? String == "R3" }
            let items = Set(capacity.compactMap { $0["itemCode"] as? String })
            let target = rows.first { $0["rule"] as? String == "R1" && $0["township"] as? String == "510304100000" }
            func decide(_ fields: [String: Any]) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/suggestions/decisions", method: .post,
                    headers: establishment.headers([
                        .contentType: "application/json", .origin: testOrigin,
                        .init("X-CSRF-Token")!: establishment.csrf ?? "",
                    ]), body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: fields)))
            }
            let base: [String: Any] = [
                "key": target?["key"] as? String ?? "", "fingerprint": target?["fingerprint"] as? String ?? "",
                "asOf": "2023-12-31",
            ]
            let noReason = try await decide(base.merging(["accept": false]) { $1 })
            let dismissed = try await decide(base.merging(["accept": false, "reason": "该事项季节性强，年底前集中办理"]) { $1 })
            let again = try await establishment.get(client, "/api/v1/suggestions?asOf=2023-12-31")
            let forbidden = try await township.get(client, "/api/v1/suggestions")
            let page = try await establishment.get(client, "/suggestions?rule=R3")
            // check
            #expect(answer.status == .ok)
            #expect(items == ["DA-CF-0189", "DA-CF-0200"], "only the 畜禽品种 and 地质灾害 penalties lack capacity: \(items)")
            #expect(capacity.allSatisfy { ($0["evidence"] as? String ?? "").contains("缺少") })
            #expect(target != nil)
            #expect(noReason.status == .unprocessableContent)
            #expect(dismissed.status == .ok)
            #expect(!again.text.contains(base["fingerprint"] as! String), "a dismissed suggestion does not come back")
            #expect(forbidden.status == .forbidden, "suggestions are staff-only for the offices that see all units")
            #expect(page.status == .ok && page.text.contains("DA-CF-0189"))
        }
    }

    @Test(
        "on the demo's case data the engine finds exactly the report's six problems, the 畜禽品种 penalty's renumbered basis and the one non-compliant pair",
        arguments: Engine.available)
    func reportProblems(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let establishment = try await StaffClient.login(client, "bianban")
            // act
            let answer = try await establishment.get(client, "/api/v1/suggestions?asOf=2023-12-31")
            let rows = (try answer.json() as? [String: Any])?["suggestions"] as? [[String: Any]] ?? []
            func items(_ rule: String) -> Set<String> {
                Set(rows.filter { $0["rule"] as? String == rule }.compactMap { $0["itemCode"] as? String })
            }
            let districtWide = Set(
                rows.filter { $0["rule"] as? String == "R1" && $0["township"] as? String == "*" }.compactMap {
                    $0["itemCode"] as? String
                })
            let dashboard = try await client.execute(
                uri: "/api/v1/indicators?item=511A0074300005&from=2023-01&to=2023-12", method: .get)
            let total = (try dashboard.json() as? [String: Any])?["total"] as? [String: Any] ?? [:]
            // check
            #expect(districtWide == ["DA-CF-0213", "511A0000800001"], "no real use: 渔港水域, 出版物零售")
            #expect(items("R1").isSubset(of: ["DA-CF-0213", "511A0000800001"]))
            #expect(items("R2") == ["DA-CF-0064", "DA-CF-0125"], "handled by the department: 安全设备, 剧毒化学品")
            #expect(items("R3") == ["DA-CF-0189", "DA-CF-0200"], "capacity gaps: 畜禽品种, 地质灾害")
            #expect(items("R4").isEmpty && items("R6").isEmpty && items("R7").isEmpty)
            #expect(
                rows.filter { $0["rule"] as? String == "R5" }.compactMap { $0["key"] as? String } == [
                    "R5|*|DA-CF-0189"
                ],
                "畜牧法(2015-04-24)第61条 → 畜牧法(2022-10-30)第81条, in force since 2023-03-01")
            #expect(items("R10").isEmpty, "the demo records the evaluations its 赋权 promise")
            #expect(Set(rows.compactMap { $0["rule"] as? String }) == ["R1", "R2", "R3", "R5", "R9"])
            let compliance = rows.filter { $0["rule"] as? String == "R9" }
            #expect(
                compliance.compactMap { $0["key"] as? String } == ["R9|510304100000|DA-CF-0125"],
                "合规风险: the 剧毒化学品 penalties at 大山铺镇, one officer and no recording")
            #expect(
                (compliance.first?["evidence"] as? String)?.contains("持证执法人员不足两人 8 件（《行政处罚法》（2021年1月22日版）第42条）")
                    == true)
            #expect((total["volume"] as? Int ?? 0) >= 4917, "the report's 4,917 individual business registrations")
            #expect(total["satisfaction"] as? Double == 5.0)
        }
    }
}
