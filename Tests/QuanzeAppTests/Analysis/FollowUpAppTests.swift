import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@Suite("Accepting a suggestion starts its workflow: follow-ups through HTTP")
struct FollowUpAppTests {
    @Test(
        "an accepted R2 suggestion gives the department a training need; it closes it, another department cannot",
        arguments: Engine.available)
    func trainingNeed(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup: the R2 finding on the 安全设备 penalty at one township (the department still handles it)
            let establishment = try await StaffClient.login(client, "bianban")
            let emergency = try await StaffClient.login(client, "yingji")
            let market = try await StaffClient.login(client, "shichang")
            let township = try await StaffClient.login(client, "dashanpu")
            let found = try await establishment.get(client, "/api/v1/suggestions?asOf=2023-12-31")
            let rows = (try found.json() as? [String: Any])?["suggestions"] as? [[String: Any]] ?? []
            let target = try #require(
                rows.first { $0["rule"] as? String == "R2" && $0["itemCode"] as? String == "DA-CF-0064" })
            let unit = target["township"] as? String ?? ""
            func delegation() async throws -> [String: Any] {
                let list = try await establishment.all(
                    client, "/api/v1/delegation/delegations?item=DA-CF-0064&state=active", key: "delegations")
                return list.first {
                    $0["itemCode"] as? String == "DA-CF-0064" && $0["unit"] as? String == unit
                        && $0["state"] as? String == "active"
                } ?? [:]
            }
            func openNeeds(_ d: [String: Any]) -> [[String: Any]] {
                (d["followUps"] as? [[String: Any]] ?? []).filter { $0["closedOn"] == nil }
            }
            let before = try await delegation()
            let id = try #require(before["id"] as? String)
            func close(_ staff: StaffClient, note: String) async throws -> TestResponse {
                try await staff.post(
                    client, "/api/v1/delegation/delegations/\(id)/events",
                    [("event", "close-follow-up"), ("number", "1"), ("note", note)])
            }
            // act
            let accepted = try await establishment.post(
                client, "/api/v1/suggestions/decisions",
                [
                    ("key", target["key"] as? String ?? ""), ("fingerprint", target["fingerprint"] as? String ?? ""),
                    ("asOf", "2023-12-31"), ("accept", "true"),
                ])
            let opened = try await delegation()
            let todos = try await emergency.get(client, "/workbench")
            let page = try await emergency.get(client, "/delegation")
            let byOtherDepartment = try await close(market, note: "不是本部门的事项")
            let byTownship = try await close(township, note: "镇街自行办结")
            let withoutNote = try await close(emergency, note: " ")
            let closed = try await close(emergency, note: "已组织安全设备执法专题培训 16 学时")
            let after = try await delegation()
            let todosAfter = try await emergency.get(client, "/workbench")
            // check
            #expect(openNeeds(before).isEmpty)
            #expect(before["department"] as? String == "510304-D04", "the 安全设备 penalty is 应急管理局's")
            #expect(accepted.status == .seeOther)
            #expect(openNeeds(opened).map { $0["kind"] as? String } == ["training"])
            let reason = openNeeds(opened).first?["reason"] as? String
            #expect(reason?.contains("R2") == true, "the need names the rule that asked for it")
            #expect(todos.text.contains("<span class=\"n\">1</span>待落实的培训/装备需求"))
            #expect(todosAfter.text.contains("<span class=\"n\">0</span>待落实的培训/装备需求"))
            #expect(page.status == .ok && page.text.contains("培训需求") && page.text.contains("close-follow-up"))
            #expect(byOtherDepartment.status == .forbidden)
            #expect(byTownship.status == .forbidden)
            #expect(withoutNote.status == .unprocessableContent)
            #expect(closed.status == .seeOther)
            #expect(openNeeds(after).isEmpty)
            let done = (after["followUps"] as? [[String: Any]] ?? []).first
            #expect(done?["note"] as? String == "已组织安全设备执法专题培训 16 学时")
            #expect(done?["closedBy"] as? String == "yingji")
        }
    }
}
