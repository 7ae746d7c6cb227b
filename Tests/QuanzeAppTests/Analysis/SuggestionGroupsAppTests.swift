import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The suggestions page a clerk can act on (issue 13): findings grouped by rule and item with names, filters that
/// work without script, a confirmation that names every township before anything is written, and review queues
/// decided several rows at a time.
@Suite("Suggestion groups, confirmation and batch review on the demo")
struct SuggestionGroupsAppTests {
    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The whole numbers printed between `before` and `after` (a button's "（15 条待处理）", a badge's "已采纳 2 条").
    static func numbers(_ text: String, after: String, before: String) -> [Int] {
        text.components(separatedBy: after).dropLast().compactMap { piece in
            guard let start = piece.range(of: before, options: .backwards) else { return nil }
            return Int(piece[start.upperBound...])
        }
    }

    @Test(
        "the page shows one group per rule and item with the rule's and item's names, and filters by GET",
        arguments: Engine.available)
    func groups(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let bureau = try await StaffClient.login(client, "bianban")
            let justice = try await StaffClient.login(client, "sifa")
            // act
            let page = try await bureau.get(client, "/suggestions?asOf=2023-12-31")
            let byRule = try await bureau.get(client, "/suggestions?asOf=2023-12-31&rule=R3")
            let serious = try await bureau.get(client, "/suggestions?asOf=2023-12-31&severity=serious")
            let atTown = try await bureau.get(client, "/suggestions?asOf=2023-12-31&township=510304100000&rule=R9")
            let readOnly = try await justice.get(client, "/suggestions?asOf=2023-12-31")
            let api = try await bureau.get(client, "/api/v1/suggestions?asOf=2023-12-31")
            let pages = [
                try await bureau.get(client, "/suggestions?asOf=2023-12-31&size=3"),
                try await bureau.get(client, "/suggestions?asOf=2023-12-31&size=3&page=3"),
            ]
            let byTownships = try await bureau.get(client, "/suggestions?asOf=2023-12-31&sort=townships&dir=desc")
            let byName = try await bureau.get(
                client, "/suggestions?asOf=2023-12-31&q=%E6%89%BF%E6%8E%A5%E8%83%BD%E5%8A%9B")
            let csv = try await bureau.get(client, "/suggestions?asOf=2023-12-31&sort=rule&dir=asc&format=csv")
            let csvOfRule = try await bureau.get(client, "/suggestions?asOf=2023-12-31&rule=R3&format=csv")
            let unknownRule = try await bureau.get(client, "/suggestions?asOf=2023-12-31&rule=R99")
            let rows = (try api.json() as? [String: Any])?["suggestions"] as? [[String: Any]] ?? []
            let seriousGroups = Set(
                rows.filter { $0["severity"] as? String == "serious" }.map {
                    "\($0["rule"] as? String ?? "")|\($0["itemCode"] as? String ?? "")"
                })
            // check
            #expect(page.status == .ok)
            #expect(page.text.contains("筛选出 8 组，共 8 组"), "R1×2, R2×2, R3×2, R5 and R9 (the day is a filter)")
            // the findings line adds up the page's own groups (other suites change the shared demo's decisions
            // meanwhile, so the API's count, read later, may differ by then)
            let perAction =
                Self.numbers(page.text, after: " 条待处理）", before: "（")
                + Self.numbers(page.text, after: " 条</span>", before: "已采纳 ")
            #expect(page.text.contains("符合条件的各组共含 \(Format.count(perAction.reduce(0, +))) 条发现。"))
            #expect(perAction.count >= 8, "every one of the 8 groups has an action: \(perAction)")
            #expect(Self.count(page.text, "<section class=\"card suggestion ") == 8)
            #expect(page.text.contains("无实际办件：<a href=\"/items/DA-CF-0213\">"))
            #expect(page.text.contains("承接能力不足：<a href=\"/items/DA-CF-0189\">"))
            #expect(page.text.contains("合规风险：<a href=\"/items/DA-CF-0125\">"))
            #expect(page.text.contains("<span class=\"status serious\">严重</span>"))
            #expect(page.text.contains("<span class=\"status warning\">关注</span>"))
            #expect(page.text.contains("<option value=\"R3\">R3 承接能力不足</option>"))
            #expect(
                byRule.text.contains("筛选出 2 组，共 8 组")
                    && Self.count(byRule.text, "<section class=\"card suggestion ") == 2)
            #expect(byRule.text.contains("<option value=\"R3\" selected>"))
            #expect(
                serious.text.contains("筛选出 \(seriousGroups.count) 组，共 8 组")
                    && Self.count(serious.text, "<section class=\"card suggestion serious") == seriousGroups.count)
            #expect(
                atTown.text.contains("筛选出 1 组，共 8 组") && atTown.text.contains("涉及镇街（1 个）：</strong>大山铺镇"))
            // paged by group: 3 + 3 + 2, the pager keeps the day and the size
            #expect(Self.count(pages[0].text, "<section class=\"card suggestion ") == 3)
            #expect(pages[0].text.contains("第 1 / 3 页"))
            #expect(pages[0].text.contains("href=\"/suggestions?asOf=2023-12-31&amp;size=3&amp;page=2\">下一页</a>"))
            #expect(Self.count(pages[1].text, "<section class=\"card suggestion ") == 2)
            #expect(pages[1].text.contains("第 3 / 3 页") && !pages[1].text.contains(">下一页</a>"))
            let headings = { (text: String) in
                text.components(separatedBy: "<h2><span class=\"status ").dropFirst().map {
                    String($0.prefix { $0 != "\n" })
                }
            }
            #expect(
                Set(headings(pages[0].text) + headings(pages[1].text)).count == 5
                    && Set(headings(page.text)).isSuperset(of: headings(pages[0].text) + headings(pages[1].text)))
            // sorted by the number of townships concerned, most first: the district-wide R1 recall's 15 lead
            let counts = byTownships.text.components(separatedBy: "涉及镇街（").dropFirst().compactMap {
                Int($0.prefix { $0.isNumber })
            }
            #expect(counts.first == 15 && counts == counts.sorted(by: >))
            // the keyword finds the rule's name
            #expect(byName.text.contains("筛选出 2 组，共 8 组"))
            // the export holds every filtered group, in the chosen order
            let table = TablePagesTests.csvRows(csv.text)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(
                table.first == ["严重程度", "规则", "规则名称", "事项编码", "事项名称", "涉及镇街", "镇街数", "证据", "统计期间", "待处理条数", "已采纳条数"])
            #expect(table.dropFirst().map { $0[1] } == ["R1", "R1", "R2", "R2", "R3", "R3", "R5", "R9"])
            #expect(TablePagesTests.csvRows(csvOfRule.text).dropFirst().map { $0[1] } == ["R3", "R3"])
            #expect(unknownRule.status == .badRequest && unknownRule.text.contains("规则“R99”不在可选范围内"))
            #expect(
                page.text.contains(
                    "/suggestions/confirm?asOf=2023-12-31&amp;rule=R1&amp;item=DA-CF-0213&amp;action=recall"))
            #expect(!readOnly.text.contains("/suggestions/confirm"), "only 编办 decides")
            #expect(rows.first?["ruleName"] as? String != nil)
            #expect(
                Set(rows.compactMap { $0["ruleName"] as? String }) == ["无实际办件", "承接困难", "承接能力不足", "法律依据变更", "合规风险"])
        }
    }

    @Test(
        "accepting the district-wide recall shows its townships first, writes nothing until confirmed with CSRF, then starts exactly those; a queue is decided several rows at once, all or nothing",
        arguments: Engine.available)
    func confirmAndBatch(engine: Engine) async throws {
        try await LawChangeAndEvaluationTests.withOwnDemo(engine, today: DemoBuilder.today) { client, database in
            // setup
            let bureau = try await StaffClient.login(client, "bianban")
            let justice = try await StaffClient.login(client, "sifa")
            func recalls() async throws -> [[String: Any]] {
                let answer = try await bureau.get(client, "/api/v1/delegation/proposals")
                return ((try answer.json() as? [String: Any])?["proposals"] as? [[String: Any]] ?? []).filter {
                    $0["purpose"] as? String == "recall"
                }
            }
            let rows = try await LawChangeAndEvaluationTests.suggestions(client, bureau, "2023-12-31")
            let target = rows.filter {
                $0["rule"] as? String == "R1" && $0["itemCode"] as? String == "DA-CF-0213"
                    && $0["action"] as? String == "recall"
            }
            let holders = try await bureau.get(client, "/api/v1/delegation/delegations?item=DA-CF-0213")
            let running = ((try holders.json() as? [String: Any])?["delegations"] as? [[String: Any]] ?? []).filter {
                $0["state"] as? String == "active" && $0["itemCode"] as? String == "DA-CF-0213"
            }
            let names = running.sorted { ($0["unit"] as? String ?? "") < ($1["unit"] as? String ?? "") }.compactMap {
                $0["unitName"] as? String
            }
            let recallsBefore = try await recalls()
            let decisions = target.map { "\($0["key"] as? String ?? "")#\($0["fingerprint"] as? String ?? "")" }
            // act
            let confirm = try await bureau.get(
                client, "/suggestions/confirm?asOf=2023-12-31&rule=R1&item=DA-CF-0213&action=recall")
            let recallsAfterLooking = try await recalls()
            let noCSRF = try await bureau.post(
                client, "/api/v1/suggestions/decisions",
                [("asOf", "2023-12-31"), ("accept", "true")] + decisions.map { ("decisions", $0) }, csrf: "wrong")
            let accepted = try await bureau.post(
                client, "/api/v1/suggestions/decisions",
                [("asOf", "2023-12-31"), ("accept", "true")] + decisions.map { ("decisions", $0) })
            let started = try await recalls().filter { p in
                !recallsBefore.contains { $0["id"] as? String == p["id"] as? String }
            }
            let ids = started.compactMap { $0["id"] as? String }.sorted()
            let workbench = try await bureau.get(client, "/delegation")
            let failed = try await bureau.post(
                client, "/api/v1/delegation/reviews",
                [("event", "review"), ("passed", "true"), ("opinion", "同意收回"), ("rows", ids[0]), ("rows", "P-9999")])
            let stillSubmitted = try await recalls().filter { $0["id"] as? String == ids[0] }.first?["state"] as? String
            let reviewed = try await bureau.post(
                client, "/api/v1/delegation/reviews",
                [("event", "review"), ("passed", "true"), ("opinion", "同意收回")] + ids.map { ("rows", $0) })
            let wrongRole = try await justice.post(
                client, "/api/v1/delegation/reviews", [("event", "review"), ("passed", "true"), ("rows", ids[0])])
            let legal = try await justice.post(
                client, "/api/v1/delegation/reviews",
                [("event", "legal-review"), ("passed", "true"), ("opinion", "程序合法")] + ids.map { ("rows", $0) })
            let states = Set(
                try await recalls().filter { ids.contains($0["id"] as? String ?? "") }.compactMap {
                    $0["state"] as? String
                })
            let audited = try await database.read { db in
                try await db.raw(
                    "SELECT subject FROM audit_entries WHERE county = '510304' AND action = 'delegation.proposal'"
                ).all().map { try $0.decode(column: "subject", as: String.self) }
            }
            // check
            #expect(target.count == 1 && running.count == 15, "the 渔港水域 penalty is held by 15 townships")
            #expect(confirm.status == .ok)
            #expect(confirm.text.contains("将对以下 15 个镇街提出收回：" + names.joined(separator: "、") + "</strong>"))
            #expect(confirm.text.contains("name=\"_csrf\""))
            #expect(recallsAfterLooking.count == recallsBefore.count, "looking at the confirmation writes nothing")
            #expect(noCSRF.status == .forbidden)
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "/suggestions?asOf=2023-12-31&accepted=15")
            #expect(ids.count == 15)
            #expect(Set(started.compactMap { $0["state"] as? String }) == ["submitted"])
            #expect(workbench.text.contains("name=\"rows\" value=\"\(ids[0])\" form=\"batch-review\""))
            #expect(failed.status == .notFound && failed.text.contains("第 2 项（P-9999）未能办理"))
            #expect(stillSubmitted == "submitted", "all or nothing: the first row is not decided either")
            #expect(
                reviewed.status == .seeOther
                    && reviewed.headers[.location] == "/delegation?done=batch&ref=review&count=15")
            #expect(
                wrongRole.status == .conflict && wrongRole.text.contains("第 1 项"),
                "the rows already passed 编办's review: the state refuses a second one, naming the row")
            #expect(legal.status == .seeOther)
            #expect(states == ["approved"])
            #expect(audited.filter { ids.contains($0) }.count == 30, "each row audited at each of its two reviews")
        }
    }

    @Test(
        "workbenches count the open suggestion groups and due evaluations; a township follows its orders to document and start; 文号 link to their decision",
        arguments: Engine.available)
    func workbenchAndLinks(engine: Engine) async throws {
        // The untouched demo: exact counts of orders and suggestions, whatever other suites order or decide.
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bureau = try await StaffClient.login(client, "bianban")
            let township = try await StaffClient.login(client, "dashanpu")
            let supervisor = try await StaffClient.login(client, "jiandu")
            let running = try await bureau.all(
                client, "/api/v1/delegation/delegations?state=active", key: "delegations")
            #expect(running.allSatisfy { $0["state"] as? String == "active" })
            let dueSoon = running.filter {
                guard let due = $0["evaluationDue"] as? String else { return false }
                return due >= "2023-12-31" && due <= "2024-01-30"
            }.count
            let ordersAnswer = try await township.get(client, "/api/v1/delegation/orders")
            let lines = ((try ordersAnswer.json() as? [String: Any])?["orders"] as? [[String: Any]] ?? []).flatMap {
                $0["lines"] as? [[String: Any]] ?? []
            }
            // act
            let bureauHome = try await bureau.get(client, "/workbench")
            let supervisorHome = try await supervisor.get(client, "/workbench")
            let townshipHome = try await township.get(client, "/workbench")
            let diff = try await client.execute(
                uri: "/townships/510304100000/diff?from=2021-12-31&to=2023-12-31", method: .get)
            let work = try await bureau.get(client, "/delegation")
            // check
            #expect(bureauHome.text.contains("<span class=\"n\">8</span>待处理的调整建议"))
            #expect(bureauHome.text.contains("<span class=\"n\">\(dueSoon)</span>30 天内到期的定期评估"))
            #expect(supervisorHome.text.contains("<span class=\"n\">8</span>待处理的调整建议"))
            #expect(!lines.isEmpty)
            #expect(townshipHome.text.contains("本镇街的点单 <small>共 \(lines.count) 项"))
            #expect(
                townshipHome.text.contains("<span class=\"n\">0</span>本镇街办理中的点单"), "the demo's orders all took effect")
            #expect(
                Self.count(townshipHome.text, "<span class=\"status ok\">已生效</span>")
                    + Self.count(townshipHome.text, "<span class=\"status warn\">已终止</span>") == min(20, lines.count),
                "the 20 shown took effect; some have since ended")
            #expect(townshipHome.text.contains("<a href=\"/agreements/A-"))
            #expect(townshipHome.text.contains("href=\"/decisions/"))
            #expect(townshipHome.text.contains("href=\"/delegation?unit=510304100000&amp;item="))
            #expect(diff.text.contains("<a class=\"nowrap\" href=\"/decisions/"))
            #expect(work.text.contains("<td data-label=\"决定\" class=\"nowrap\"><a href=\"/decisions/"))
        }
    }
}
