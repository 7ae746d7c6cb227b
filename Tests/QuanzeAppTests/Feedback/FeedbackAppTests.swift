import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Third-party evaluations and public feedback over HTTP: the demo's figures on the pristine demo; the import (one
/// audit entry, all or nothing, GB18030), the public form (cookie, honeypot, limits, values kept) and moderation on
/// this suite's own copy; each role's page.
@Suite("Evaluations and feedback through HTTP")
struct FeedbackAppTests {
    static let databases = DemoDatabases()

    @Test(
        "the demo: 6 evaluations (3 townships, 3 items), feedback 3 approved, 1 pending, 1 rejected",
        arguments: Engine.available)
    func demoFigures(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let jiandu = try await StaffClient.login(client, "jiandu")
            let bianban = try await StaffClient.login(client, "bianban")
            // act
            let evaluations = try await jiandu.get(client, "/api/v1/evaluations")
            let ofTownship = try await jiandu.get(client, "/api/v1/evaluations?township=510304100000")
            let feedback = try await bianban.get(client, "/api/v1/feedback")
            let publicPage = try await client.execute(uri: "/items/DA-XK-0001", method: .get)
            let staffPage = try await bianban.get(client, "/items/DA-XK-0001")
            let workbench = try await bianban.get(client, "/workbench")
            // check
            let answer = try JSONCalls.object(evaluations)
            #expect(answer["count"] as? Int == 6)
            let summaries = try #require(answer["summaries"] as? [[String: Any]])
            #expect(
                summaries.map {
                    "\($0["code"] as? String ?? "") \($0["count"] as? Int ?? 0) \($0["mean"] as? String ?? "")"
                }
                    == [
                        "DA-CF-0189 1 78.5", "DA-GG-0001 1 95.0", "DA-XK-0001 1 90.0", "510304100000 1 92.5",
                        "510304102000 1 88.0", "510304105000 1 85.5",
                    ])
            let own = try #require(try JSONCalls.object(ofTownship)["evaluations"] as? [[String: Any]])
            #expect(own.compactMap { $0["targetName"] as? String } == ["大山铺镇"])
            #expect(own.compactMap { $0["score"] as? String } == ["92.5"])
            let counts = try #require(try JSONCalls.object(feedback)["counts"] as? [String: Any])
            let expected: [Int?] = [1, 3, 1]
            #expect([counts["pending"] as? Int, counts["approved"] as? Int, counts["rejected"] as? Int] == expected)
            // The public page: the approved two of the item, the count, never the contact nor the rejected text.
            #expect(publicPage.status == .ok)
            #expect(publicPage.text.contains("群众意见 <small>已公开 2 条</small>"))
            #expect(publicPage.text.contains("在镇上申请宅基地需要准备哪些材料"))
            #expect(!publicPage.text.contains("138****0001"))
            #expect(!publicPage.text.contains("我要投诉他本人"))
            #expect(!publicPage.text.contains("第三方评估 <small>"))
            #expect(setCookieHeader(publicPage, "qz_form")?.contains("HttpOnly; SameSite=Strict") == true)
            // 编办's view of the item: the evaluation and the counts per state.
            #expect(staffPage.text.contains("第三方评估 <small>工作人员可见·1 条，平均分 90.0</small>"))
            #expect(staffPage.text.contains("待审核 0 条，已公开 2 条，不予公开 1 条"))
            #expect(workbench.text.contains("待审核的群众意见"))
            // The township's staff page: its evaluations counted.
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let unit = try await dashanpu.get(client, "/units/510304100000")
            #expect(unit.text.contains("共 1 条，平均分 92.5。"))
        }
    }

    @Test(
        "the public form: cookie and Origin, honeypot, values kept on refusal, 3 a minute, then moderation",
        arguments: Engine.available)
    func publicForm(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let page = try await client.execute(uri: "/items/DA-GG-0002", method: .get)
            let cookie = try #require(cookieValue(page, "qz_form"))
            let token = try #require(hiddenCSRF(page.text))
            #expect(token == cookie)
            let visitor = StaffClient(cookie: "qz_form=\(cookie)", csrf: token)
            let text = "请问就业援助需要本人到场吗？（测试）"
            // act
            let forged = try await visitor.post(
                client, "/items/DA-GG-0002/feedback", [("kind", "question"), ("text", text)], csrf: "x")
            let otherSite = try await visitor.post(
                client, "/items/DA-GG-0002/feedback", [("kind", "question"), ("text", text)],
                origin: "https://evil.example")
            let robot = try await visitor.post(
                client, "/items/DA-GG-0002/feedback",
                [("kind", "question"), ("text", text), ("website", "http://spam")])
            let short = try await visitor.post(
                client, "/items/DA-GG-0002/feedback",
                [("kind", "suggestion"), ("text", "太慢"), ("contact", "13800000000")])
            let noItem = try await visitor.post(
                client, "/items/NO-SUCH/feedback", [("kind", "question"), ("text", text)])
            var accepted: [TestResponse] = []
            for n in 1...3 {
                accepted.append(
                    try await visitor.post(
                        client, "/items/DA-GG-0002/feedback",
                        [("kind", "question"), ("text", "\(text)\(n)"), ("contact", "电话13800000000")]))
            }
            let limited = try await visitor.post(
                client, "/items/DA-GG-0002/feedback", [("kind", "question"), ("text", text)])
            // check
            #expect(forged.status == .forbidden)
            #expect(otherSite.status == .forbidden)
            #expect(robot.status == .badRequest)
            #expect(robot.text.contains("提交未被接受，请刷新页面后重试"))
            #expect(short.status == .unprocessableContent)
            #expect(short.text.contains("内容至少 5 个字"))
            #expect(short.text.contains(">太慢</textarea>"))
            #expect(short.text.contains(#"value="13800000000""#))
            #expect(short.text.contains(#"<option value="suggestion" selected>建议</option>"#))
            #expect(noItem.status == .notFound)
            #expect(accepted.map(\.status) == [.seeOther, .seeOther, .seeOther])
            #expect(accepted.first?.headers[.location] == "/items/DA-GG-0002?feedback=sent#feedback")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.contains("请求过于频繁，请"))
            #expect(limited.text.contains(">\(text)</textarea>"))
            #expect(limited.headers[.retryAfter] != nil)

            // Nothing shows before moderation; 编办 approves one, rejects one (a reason is required), 司法局 may not.
            let bianban = try await StaffClient.login(client, "bianban")
            let sifa = try await StaffClient.login(client, "sifa")
            let listed = try #require(
                try JSONCalls.object(try await bianban.get(client, "/api/v1/feedback?state=pending&item=DA-GG-0002"))[
                    "feedback"] as? [[String: Any]])
            #expect(listed.count == 3)
            #expect(
                listed.compactMap { $0["contact"] as? String } == ["电话13800000000", "电话13800000000", "电话13800000000"])
            let ids = listed.compactMap { $0["id"] as? String }
            let before = try await client.execute(uri: "/items/DA-GG-0002", method: .get)
            #expect(before.text.contains("群众意见 <small>已公开 0 条</small>"))
            let noReason = try await bianban.post(
                client, "/api/v1/feedback/\(ids[1])/moderation",
                [("_form", "moderate-\(ids[1])"), ("decision", "reject")])
            let byJustice = try await JSONCalls.post(
                client, sifa, "/api/v1/feedback/\(ids[0])/moderation", ["decision": "approve"])
            let approve = try await JSONCalls.post(
                client, bianban, "/api/v1/feedback/\(ids[0])/moderation", ["decision": "approve"])
            let again = try await JSONCalls.post(
                client, bianban, "/api/v1/feedback/\(ids[0])/moderation", ["decision": "reject", "reason": "重复"])
            let reject = try await bianban.post(
                client, "/api/v1/feedback/\(ids[1])/moderation", [("decision", "reject"), ("reason", "测试不予公开")])
            let missing = try await JSONCalls.post(
                client, bianban, "/api/v1/feedback/YJ-9999/moderation", ["decision": "approve"])
            let after = try await client.execute(uri: "/items/DA-GG-0002", method: .get)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("不予公开须写明理由"))
            #expect(byJustice.status == .forbidden)
            #expect(approve.status == .ok)
            #expect(again.status == .conflict)
            #expect(try JSONCalls.message(again) == "该意见已公开，不能再次审核")
            #expect(reject.status == .seeOther)
            #expect(missing.status == .notFound)
            #expect(after.text.contains("群众意见 <small>已公开 1 条</small>"))
            #expect(after.text.contains("\(text)1"))
            #expect(!after.text.contains("\(text)2"))
            #expect(!after.text.contains("电话13800000000"))
        }
    }

    @Test(
        "an import: all rows or none with the lines named, one audit entry, GB18030, only 编办 and the supervisor",
        arguments: Engine.available)
    func importing(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let jiandu = try await StaffClient.login(client, "jiandu")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let auditor = try await StaffClient.login(client, "auditadmin")
            let good =
                "evaluator,period,item,township,score,findings\n测试评估所,2024-Q1,,510304106000,81.5,测试发现甲\n测试评估所,2024-Q1,DA-GG-0002,,77,测试发现乙\n"
            let bad =
                "evaluator,period,item,township,score,findings\n测试评估所,2024-Q2,,510304106000,81.5,好\n测试评估所,2024,,510304106000,101,坏\n"
            let gbk = try #require(
                "evaluator,period,township,score,findings\r\n测试评估所,2024-H2,510304106000,66.0,国标编码\r\n".data(
                    using: CSVReader.gb18030))
            func upload(_ staff: StaffClient, _ body: Data, _ type: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/evaluations", method: .post,
                    headers: staff.headers([
                        .contentType: type, .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                    ]),
                    body: ByteBuffer(bytes: body))
            }
            // act
            let refused = try await upload(jiandu, Data(bad.utf8), "text/csv")
            let done = try await upload(jiandu, Data(good.utf8), "text/csv")
            let twice = try await upload(jiandu, Data(good.utf8), "text/csv")
            let gb = try await upload(jiandu, gbk, "application/octet-stream")
            let township = try await upload(dashanpu, Data(good.utf8), "text/csv")
            let pageRefused = try await jiandu.post(client, "/api/v1/evaluations", [("_form", "import"), ("csv", bad)])
            let of = try await jiandu.get(client, "/api/v1/evaluations?township=510304106000")
            let audit = try await auditor.get(client, "/api/v1/audit?action=evaluation.import")
            // check
            #expect(refused.status == .unprocessableContent)
            let problems = try #require(try JSONCalls.object(refused)["problems"] as? [[String: Any]])
            #expect(
                problems.map { "\($0["line"] as? Int ?? 0) \($0["message"] as? String ?? "")" } == [
                    "3 评分“101”无效：应为 0–100 的数，最多一位小数"
                ])
            #expect(done.status == .created)
            #expect((try JSONCalls.object(done)["imported"] as? [[String: Any]])?.count == 2)
            #expect(twice.status == .unprocessableContent)
            #expect(gb.status == .created)
            #expect(township.status == .forbidden)
            #expect(pageRefused.status == .unprocessableContent)
            #expect(pageRefused.text.contains("第 3 行（score）：评分“101”无效"))
            #expect(pageRefused.text.contains("测试评估所,2024,,510304106000,101,坏"))
            let listed = try #require(try JSONCalls.object(of)["evaluations"] as? [[String: Any]])
            #expect(listed.compactMap { $0["findings"] as? String } == ["测试发现甲", "国标编码"])
            let entries = try #require(try JSONCalls.object(audit)["entries"] as? [[String: Any]])
            let details = entries.compactMap { $0["detail"] as? String }.filter { $0.contains("测试评估所") }
            #expect(details.sorted() == ["导入第三方评估 1 条（测试评估所）", "导入第三方评估 2 条（测试评估所）"])
        }
    }

    @Test("each role's pages", arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            for (name, evaluations, feedback) in [
                ("bianban", 200, 200), ("jiandu", 200, 200), ("sifa", 200, 200), ("shichang", 200, 200),
                ("dashanpu", 200, 403), ("zhifa", 403, 403),
            ] {
                let staff = try await StaffClient.login(client, name)
                let e = try await staff.get(client, "/evaluations")
                let f = try await staff.get(client, "/feedback")
                #expect(Int(e.status.code) == evaluations, "\(name)")
                #expect(Int(f.status.code) == feedback, "\(name)")
                if e.status == .ok {
                    #expect(e.text.contains("四川某某第三方评估中心（演示）"))
                    #expect(e.text.contains("导入第三方评估（CSV）") == (name == "bianban" || name == "jiandu"), "\(name)")
                }
                if f.status == .ok {
                    #expect(f.text.contains("附近集市有人销售来源不明的种畜禽"))
                    #expect(f.text.contains(#"name="decision" value="approve""#) == (name == "bianban"), "\(name)")
                }
            }
            let bianban = try await StaffClient.login(client, "bianban")
            let filtered = try await bianban.get(client, "/evaluations?item=DA-CF-0189")
            #expect(filtered.text.contains("评估明细：对销售、推广未经审定或者鉴定的畜禽品种的处罚"))
            let csv = try await bianban.get(client, "/evaluations?format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.split(separator: "\n").count == 7)
        }
    }
}
