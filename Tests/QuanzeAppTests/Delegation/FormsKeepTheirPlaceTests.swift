import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Forms keep their place (issue 13): a refused form comes back as the page it was posted from — status, message at
/// the top and next to its field, typed values, signed-in frame, never the error page — a done form says what was
/// done with a link; the pages offer only the steps the state machines allow; a department decides several of its
/// proposals at once.
@Suite("Staff forms: refusals in place, confirmations, allowed actions, the department's batch")
struct FormsKeepTheirPlaceTests {
    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The signed-in frame and not the error page.
    static func signedIn(_ page: TestResponse) -> Bool {
        page.text.contains("<span class=\"who\">") && page.text.contains(">退出</button>")
            && !page.text.contains("工作人员登录") && !page.text.contains("error-card")
    }

    static func proposals(_ client: any TestClientProtocol, _ staff: StaffClient) async throws -> [[String: Any]] {
        let answer = try await staff.get(client, "/api/v1/delegation/proposals")
        return (try answer.json() as? [String: Any])?["proposals"] as? [[String: Any]] ?? []
    }

    @Test(
        "a refused proposal comes back as the work page with the message, the field marked and the typed values; a done one redirects and says what was done with a link",
        arguments: Engine.available)
    func proposeInPlace(engine: Engine) async throws {
        try await LawChangeAndEvaluationTests.withOwnDemo(engine, today: DemoBuilder.today) { client, _ in
            // setup: one of the department's published offers, offered again for a later batch
            let department = try await StaffClient.login(client, "shichang")
            let before = try await Self.proposals(client, department)
            let offered = try #require(before.first { $0["state"] as? String == "published" })
            let item = try #require(offered["itemCode"] as? String)
            let mode = try #require(offered["mode"] as? String)
            // act
            let refused = try await department.post(
                client, "/api/v1/delegation/proposals",
                [
                    ("_form", "propose"), ("itemCode", ""), ("mode", "granted"), ("reasons", "镇街就近监管更及时"),
                    ("expectedYearlyVolume", "120"),
                ])
            let json = try await client.execute(
                uri: "/api/v1/delegation/proposals", method: .post,
                headers: department.headers([
                    .contentType: "application/json", .origin: testOrigin,
                    .init("X-CSRF-Token")!: department.csrf ?? "",
                ]),
                body: DelegationLifecycleTests.json(["mode": "granted", "reasons": "镇街就近监管更及时"]))
            let countAfterRefusal = try await Self.proposals(client, department).count
            let done = try await department.post(
                client, "/api/v1/delegation/proposals",
                [
                    ("_form", "propose"), ("itemCode", item), ("mode", mode), ("reasons", "第二批下放：镇街就近监管更及时"),
                    ("expectedYearlyVolume", "120"),
                ])
            let after = try await Self.proposals(client, department)
            let created = try #require(
                after.first { p in !before.contains { $0["id"] as? String == p["id"] as? String } })
            let id = try #require(created["id"] as? String)
            let name = try #require(created["itemName"] as? String)
            let location = done.headers[.location] ?? ""
            let confirmation = try await department.get(client, location)
            // the suggestion confirmation page: a dismissal without its reason
            let bureau = try await StaffClient.login(client, "bianban")
            let finding = try #require(
                try await LawChangeAndEvaluationTests.suggestions(client, bureau, "2023-12-31").first {
                    $0["open"] as? Bool == true
                })
            let group = ["rule", "itemCode", "action", "key", "fingerprint"].map { finding[$0] as? String ?? "" }
            let dismissed = try await bureau.post(
                client, "/api/v1/suggestions/decisions",
                [
                    ("_form", "dismiss"), ("asOf", "2023-12-31"), ("rule", group[0]), ("item", group[1]),
                    ("action", group[2]), ("decisions", "\(group[3])#\(group[4])"), ("accept", "false"),
                    ("reason", ""),
                ])
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(Self.signedIn(refused), "the signed-in frame, not the API's error page")
            #expect(refused.text.contains("<h1>赋权下放</h1>"))
            #expect(refused.text.contains("<p class=\"alert\" role=\"alert\">请填写事项代码</p>"))
            #expect(refused.text.contains("<span class=\"error\">请填写事项代码</span>"), "next to the item code")
            #expect(refused.text.contains("<label class=\"field invalid\"><span>事项代码"))
            #expect(refused.text.contains("name=\"reasons\" required value=\"镇街就近监管更及时\""))
            #expect(refused.text.contains("name=\"expectedYearlyVolume\" inputmode=\"numeric\" value=\"120\""))
            #expect(refused.text.contains("<option value=\"granted\" selected>"))
            #expect(json.status == .unprocessableContent)
            #expect(
                json.text == #"{"error":{"code":"invalid","message":"请填写事项代码","status":422}}"#,
                "API clients get the JSON error as before")
            #expect(countAfterRefusal == before.count, "nothing written")
            #expect(done.status == .seeOther)
            #expect(location == "/delegation?done=proposed&ref=\(id)")
            #expect(confirmation.status == .ok && Self.signedIn(confirmation))
            #expect(
                confirmation.text.contains(
                    "<p class=\"notice\" role=\"status\">已提交下放申请 \(id)（\(name)），待编办审核。 <a href=\"#proposal-\(id)\">查看本部门的申请</a></p>"
                ))
            #expect(confirmation.text.contains("<tr id=\"proposal-\(id)\">"))
            #expect(dismissed.status == .unprocessableContent && Self.signedIn(dismissed))
            #expect(dismissed.text.contains("<h1>确认处理调整建议</h1>"), "the confirmation page it came from")
            #expect(
                dismissed.text.contains(
                    "<label class=\"field invalid\"><span>不采纳理由</span><input name=\"reason\" required value=\"\"><span class=\"error\">不采纳时请写明理由</span>"
                ))
            #expect(dismissed.text.contains("<input type=\"hidden\" name=\"rule\" value=\"\(group[0])\">"))
        }
    }

    @Test(
        "the department's page offers only the steps each proposal allows; several are resubmitted or withdrawn at once, all or nothing, each audited, a refusal naming the row",
        arguments: Engine.available)
    func departmentBatch(engine: Engine) async throws {
        try await LawChangeAndEvaluationTests.withOwnDemo(engine, today: DemoBuilder.today) { client, database in
            // setup: two published offers offered again, then returned by the 编办
            let department = try await StaffClient.login(client, "shichang")
            let bureau = try await StaffClient.login(client, "bianban")
            let published = try await Self.proposals(client, department).filter {
                $0["state"] as? String == "published"
            }
            var seen = Set<String>()
            let offers = published.filter { seen.insert($0["itemCode"] as? String ?? "").inserted }.prefix(2)
            let pageBefore = try await department.get(client, "/delegation")
            for offer in offers {
                _ = try await department.post(
                    client, "/api/v1/delegation/proposals",
                    [
                        ("itemCode", offer["itemCode"] as? String ?? ""), ("mode", offer["mode"] as? String ?? ""),
                        ("reasons", "第二批下放"),
                    ])
            }
            let ids = try await Self.proposals(client, department).filter { $0["state"] as? String == "submitted" }
                .compactMap { $0["id"] as? String }.sorted()
            let first = try #require(ids.first)
            let firstName =
                try await Self.proposals(client, department).first { $0["id"] as? String == first }?["itemName"]
                as? String ?? ""
            let bureauQueue = try await bureau.get(client, "/delegation")
            let noOpinion = try await bureau.post(
                client, "/api/v1/delegation/proposals/\(first)/events",
                [("_form", "review:\(first)"), ("event", "review"), ("passed", "false"), ("opinion", "")])
            let returned = try await bureau.post(
                client, "/api/v1/delegation/reviews",
                [("_form", "batch-review"), ("event", "review"), ("passed", "false"), ("opinion", "请补充承接条件")]
                    + ids.map { ("rows", $0) })
            // act
            let offeredWhenReturned = try await department.get(client, "/delegation")
            let refused = try await department.post(
                client, "/api/v1/delegation/reviews",
                [("_form", "batch-mine"), ("event", "resubmit"), ("reasons", "")] + ids.map { ("rows", $0) })
            let statesAfterRefusal = Set(
                try await Self.proposals(client, department).filter { ids.contains($0["id"] as? String ?? "") }
                    .compactMap { $0["state"] as? String })
            let resubmitted = try await department.post(
                client, "/api/v1/delegation/reviews",
                [("_form", "batch-mine"), ("event", "resubmit"), ("reasons", "已补充承接条件")] + ids.map { ("rows", $0) })
            let confirmation = try await department.get(client, resubmitted.headers[.location] ?? "")
            let wrongStep = try await department.post(
                client, "/api/v1/delegation/proposals/\(first)/events",
                [("_form", "review:\(first)"), ("event", "review")])
            let withdrawn = try await department.post(
                client, "/api/v1/delegation/reviews",
                [("_form", "batch-mine"), ("event", "withdraw")] + ids.map { ("rows", $0) })
            let offeredWhenWithdrawn = try await department.get(client, "/delegation")
            let states = Set(
                try await Self.proposals(client, department).filter { ids.contains($0["id"] as? String ?? "") }
                    .compactMap { $0["state"] as? String })
            let audited = try await database.read { db in
                try await db.raw(
                    "SELECT subject FROM audit_entries WHERE county = '510304' AND action = 'delegation.proposal'"
                ).all().map { try $0.decode(column: "subject", as: String.self) }
            }
            // check
            #expect(ids.count == 2)
            #expect(pageBefore.status == .ok)
            #expect(
                Self.count(pageBefore.text, ">重新提交</button>") == 0,
                "published offers cannot be resubmitted: no button (there were 87 that could only give 409)")
            #expect(
                Self.count(pageBefore.text, "form=\"batch-mine\"") == 0
                    && !pageBefore.text.contains("id=\"batch-mine\""))
            #expect(Self.count(bureauQueue.text, "form=\"batch-review\"") == 2, "the 编办's queue: the two submitted")
            #expect(noOpinion.status == .unprocessableContent && Self.signedIn(noOpinion))
            #expect(noOpinion.text.contains("<span class=\"error\">退回时必须写明意见</span>"))
            #expect(
                noOpinion.text.contains("<option value=\"false\" selected>退回</option>"), "the chosen conclusion kept")
            #expect(returned.status == .seeOther)
            #expect(returned.headers[.location] == "/delegation?done=batch&ref=review&count=2")
            #expect(Self.count(offeredWhenReturned.text, ">重新提交</button>") == 2, "exactly the two returned")
            #expect(Self.count(offeredWhenReturned.text, ">撤回</button>") == 2)
            #expect(Self.count(offeredWhenReturned.text, "form=\"batch-mine\"") == 2)
            #expect(refused.status == .unprocessableContent && Self.signedIn(refused))
            #expect(
                refused.text.contains(
                    "<p class=\"alert\" role=\"alert\">第 1 项（\(first) \(firstName)）未能办理：请填写申请下放的理由。全部未保存，请修改后重新提交。</p>"
                ))
            #expect(
                refused.text.contains("<span class=\"error\">第 1 项（\(first) \(firstName)）未能办理"), "next to the reasons")
            #expect(
                ids.allSatisfy {
                    refused.text.contains("value=\"\($0)\" form=\"batch-mine\" aria-label=\"选择 \($0)\" checked")
                },
                "the ticked rows stay ticked")
            #expect(statesAfterRefusal == ["returned"], "all or nothing")
            #expect(resubmitted.status == .seeOther)
            #expect(resubmitted.headers[.location] == "/delegation?done=batch&ref=resubmit&count=2")
            #expect(
                confirmation.text.contains(
                    "已重新提交 2 项申请，逐项记入审计日志。 <a href=\"#my-proposals\">查看本部门的申请</a>"))
            #expect(wrongStep.status == .forbidden)
            #expect(
                wrongStep.text.contains("error-card") && wrongStep.text.contains("<span class=\"who\">")
                    && wrongStep.text.contains(">退出</button>"),
                "a 403 keeps the error page, in the signed-in frame")
            #expect(withdrawn.status == .seeOther)
            #expect(states == ["withdrawn"])
            #expect(Self.count(offeredWhenWithdrawn.text, ">撤回</button>") == 0)
            #expect(Self.count(offeredWhenWithdrawn.text, "form=\"batch-mine\"") == 0)
            #expect(
                ids.map { id in audited.filter { $0 == id }.count } == [3, 3],
                "each row audited at each step: returned, resubmitted, withdrawn")
        }
    }
}
