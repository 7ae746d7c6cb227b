import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// One item from proposal to recall through HTTP, with the right role at each step — and the wrong one refused
/// at each step first.
@Suite("Delegation lifecycle end to end")
struct DelegationLifecycleTests {
    /// The demo departments with an account: 市场监管局 (shichang) and 应急管理局 (yingji).
    static let accounts = ["大安区市场监督管理局": "shichang", "大安区应急管理局": "yingji"]

    /// An item of the provincial catalogue, of a department with a demo account, that 大山铺镇 does not hold in 2024
    /// and that no proposal under review offers yet.
    static func candidate(_ database: any Database) async throws -> PowerItem {
        let catalogue = try await DelegationStore(database).catalogue(
            county: "510304", decision: DemoBuilder.provincialCatalogue)
        // Free on every list: a catalogue item conferred by the 综合行政执法 decisions stands on the enforcement list
        // without an empowerment entry.
        let held = Set(
            try await ListStore(database).inForce(
                county: "510304", township: RegionCode("510304100000")!, on: Day(iso: "2024-01-01")!
            ).map(\.itemCode))
        // Not one under review already (another test's): a second open offer of an item in the same mode is refused.
        let offered = Set(
            try await DelegationStore(database).list(
                Proposal.self, county: "510304", states: Proposal.State.open.map(\.rawValue)
            ).map(\.itemCode))
        let items = try await ItemStore(database).items(county: "510304", codes: catalogue.itemCodes.sorted())
        guard
            let item = items.filter({
                accounts[$0.department] != nil && !held.contains($0.code) && !offered.contains($0.code)
            }).first
        else { throw TestFailure("no catalogue item of 市场监管局 or 应急管理局 free at 大山铺镇") }
        return item
    }

    static func json(_ fields: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: fields)) ?? Data())
    }

    @Test(
        "proposal → two reviews → menu → order → approval → 赋权 decision → start → evaluation → recall",
        arguments: Engine.available)
    func lifecycle(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let item = try await Self.candidate(database)
            var sessions: [String: StaffClient] = [:]
            let department = Self.accounts[item.department]!
            for name in Set([department, "shichang", "bianban", "sifa", "dashanpu", "heping"]) {
                sessions[name] = try await StaffClient.login(client, name)
            }
            let who = sessions
            /// Posts JSON with the session's CSRF header; returns status and decoded body.
            func post(_ name: String, _ uri: String, _ body: [String: Any]) async throws
                -> (HTTPResponse.Status, [String: Any])
            {
                let staff = who[name]!
                let response = try await client.execute(
                    uri: uri, method: .post,
                    headers: staff.headers([
                        .contentType: "application/json", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                    ]), body: Self.json(body))
                return (response.status, (try? response.json() as? [String: Any]) ?? [:])
            }
            var refusals: [String] = []
            /// The wrong role first (must be refused), then the right one (must succeed).
            func step(
                _ label: String, wrong: String, right: String, _ uri: String, _ body: [String: Any],
                expect: HTTPResponse.Status = .ok
            ) async throws -> [String: Any] {
                let (bad, _) = try await post(wrong, uri, body)
                if bad != .forbidden { refusals.append("\(label) by \(wrong): \(bad.code)") }
                let (status, answer) = try await post(right, uri, body)
                #expect(status == expect, "\(label) by \(right): \(status.code) \(answer)")
                return answer
            }

            // act + check, step by step
            let proposal = try await step(
                "propose", wrong: "sifa", right: department, "/api/v1/delegation/proposals",
                ["itemCode": item.code, "mode": "granted", "reasons": "镇街就近监管，案件多发于集镇", "expectedYearlyVolume": 20],
                expect: .created)
            let pid = proposal["id"] as? String ?? ""
            #expect(proposal["catalogue"] as? String == "川办发〔2020〕85号")
            let todo = try await who["bianban"]!.get(client, "/workbench")
            #expect(
                !todo.text.contains("<span class=\"n\">0</span>待我审核的下放申请"),
                "编办's to-do panel counts the submitted proposal")
            let work = try await who["bianban"]!.get(client, "/delegation")
            #expect(work.status == .ok && work.text.contains(pid), "the proposal waits on 编办's work page")
            _ = try await step(
                "review", wrong: "sifa", right: "bianban", "/api/v1/delegation/proposals/\(pid)/events",
                ["event": "review", "passed": true, "opinion": "符合承接条件"])
            let legal = try await step(
                "legal review", wrong: "bianban", right: "sifa", "/api/v1/delegation/proposals/\(pid)/events",
                ["event": "legal-review", "passed": true, "opinion": "设定依据合法"])
            #expect((legal["opinions"] as? [[String: Any]])?.count == 2, "both opinions kept")
            _ = try await step(
                "publish menu", wrong: "shichang", right: "bianban", "/api/v1/delegation/menus",
                ["batch": "2024年第1批", "proposals": [pid]], expect: .created)
            let menu = try await client.execute(uri: "/api/v1/delegation/menu", method: .get)
            #expect(menu.text.contains(item.code), "the published menu is public")
            let order = try await step(
                "order", wrong: "shichang", right: "dashanpu", "/api/v1/delegation/orders", ["proposals": [pid]],
                expect: .created)
            let oid = order["id"] as? String ?? ""
            _ = try await step(
                "approve line", wrong: "sifa", right: "bianban", "/api/v1/delegation/orders/\(oid)/lines/1",
                ["approve": true])
            // The 文号 rules: the issuer's 代字, a 文号 used once, a registered decision of the same kind and issuer.
            for (number, why) in [
                ("大安编发〔2021〕3号", "the 编委's territorial-list notice: another issuer's 代字"),
                ("大安府发〔2021〕5号", "the government's statutory-list notice: not a 赋权决定"),
                ("大安府发〔2021〕11号", "already the 文号 of another document"),
            ] {
                let (status, body) = try await post(
                    "bianban", "/api/v1/delegation/agreements",
                    ["lines": ["\(oid)/1"], "number": number, "termFrom": "2024-02-01", "evaluationMonths": 12])
                #expect(status == .unprocessableContent, "\(number) refused (\(why)): \(body)")
            }
            let agreement = try await step(
                "draw decision", wrong: "shichang", right: "bianban", "/api/v1/delegation/agreements",
                [
                    "lines": ["\(oid)/1"], "number": "大安府发〔2024〕2号", "termFrom": "2024-02-01", "evaluationMonths": 12,
                    "scope": "立案、调查取证、处罚决定",
                ],
                expect: .created)
            let aid = agreement["id"] as? String ?? ""
            #expect(agreement["issuerName"] as? String == "自贡市大安区人民政府", "赋权: issued by the county government")
            #expect((agreement["lines"] as? [[String: Any]])?.first?["unitName"] as? String == "大山铺镇")
            let drafted = try await client.execute(uri: "/agreements/\(aid)", method: .get)
            let draftListed = try await client.execute(uri: "/townships/510304100000", method: .get)
            #expect(drafted.status != .ok, "an unpublished document is not public")
            #expect(!draftListed.text.contains("href=\"/agreements/\(aid)\""), "nor linked from the township page")
            _ = try await step(
                "department signs", wrong: "heping", right: department, "/api/v1/delegation/agreements/\(aid)/events",
                ["event": "sign"])
            _ = try await step(
                "township signs", wrong: "heping", right: "dashanpu", "/api/v1/delegation/agreements/\(aid)/events",
                ["event": "sign"])
            // The sealed scan: its bytes are checked and hashed by the server.
            let pdf = Data("%PDF-1.4\n% 盖章委托书扫描件\n".utf8)
            let fake = Data("not a pdf".utf8)
            func upload(_ data: Data) async throws -> TestResponse {
                let staff = who[department]!
                return try await client.execute(
                    uri: "/api/v1/delegation/agreements/\(aid)/scans", method: .post,
                    headers: staff.headers([
                        .contentType: "application/pdf", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                        .init("X-File-Name")!: "%E7%9B%96%E7%AB%A0%E4%BB%B6.pdf",
                    ]), body: ByteBuffer(bytes: data))
            }
            let refusedScan = try await upload(fake)
            let scan = try await upload(pdf)
            let digest = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
            #expect(refusedScan.status == .unprocessableContent, "a text file declared as PDF is refused")
            #expect(scan.status == .created && scan.text.contains(digest) && scan.text.contains("盖章件.pdf"))
            let (early, earlyBody) = try await post(
                "bianban", "/api/v1/delegation/agreements/\(aid)/events",
                ["event": "start", "effectiveOn": "2024-02-01"])
            #expect(early == .unprocessableContent, "not before publication: \(earlyBody)")
            _ = try await step(
                "county publishes", wrong: "shichang", right: "bianban", "/api/v1/delegation/agreements/\(aid)/events",
                ["event": "publish", "on": "2024-01-20", "place": "大安区人民政府网站"])
            let started = try await step(
                "start", wrong: "dashanpu", right: "bianban", "/api/v1/delegation/agreements/\(aid)/events",
                ["event": "start", "effectiveOn": "2024-02-01"], expect: .created)
            let delegation = (started["delegations"] as? [[String: Any]])?.first ?? [:]
            let gid = delegation["id"] as? String ?? ""
            #expect(delegation["transitionEnds"] as? String == "2025-02-01")
            let during = try await client.execute(
                uri: "/api/v1/townships/510304100000/lists?asOf=2024-03-01", method: .get)
            let before = try await client.execute(
                uri: "/api/v1/townships/510304100000/lists?asOf=2023-12-31", method: .get)
            #expect(during.text.contains(item.code) && during.text.contains("大安府发〔2024〕2号"))
            #expect(!before.text.contains(item.code), "nothing before the effective date")
            let townshipPage = try await client.execute(
                uri: "/townships/510304100000?asOf=2024-03-01&list=empowerment&q=\(item.code)", method: .get)
            let itemPage = try await client.execute(uri: "/items/\(item.code)?asOf=2024-03-01", method: .get)
            let document = try await client.execute(uri: "/agreements/\(aid)", method: .get)
            // the transition arrangement from the responsibility data, to the end of the twelve months
            #expect(townshipPage.text.contains("至2025年2月1日") && itemPage.text.contains("工作在镇街、责任在部门"))
            let download = try await client.execute(
                uri: "/api/v1/delegation/agreements/\(aid)/scans/\(digest)", method: .get)
            #expect(
                download.status == .ok && Data(buffer: download.body) == pdf, "the published scan is public, intact")
            #expect(document.status == .ok && document.text.contains("大安府发〔2024〕2号") && document.text.contains("第二十四条"))
            #expect(document.text.contains("自贡市大安区人民政府"), "the issuing government is the county's")
            let decisionPage = try await client.execute(uri: DecisionsController.link("大安府发〔2024〕2号"), method: .get)
            for (page, label) in [(townshipPage, "township"), (itemPage, "item"), (decisionPage, "decision")] {
                #expect(
                    page.text.contains("href=\"/agreements/\(aid)\""),
                    "the published document is linked from the \(label) page")
            }
            _ = try await step(
                "evaluate", wrong: "dashanpu", right: "bianban", "/api/v1/delegation/delegations/\(gid)/events",
                ["event": "evaluate", "on": "2024-08-01", "conclusion": "recall", "findings": "半年无办件，且缺持证人员"])
            let recall = try await step(
                "open recall", wrong: "heping", right: "bianban", "/api/v1/delegation/delegations/\(gid)/events",
                ["event": "recall", "reasons": "评估结论为收回"], expect: .created)
            let rid = recall["id"] as? String ?? ""
            _ = try await step(
                "recall review", wrong: "shichang", right: "bianban", "/api/v1/delegation/proposals/\(rid)/events",
                ["event": "review", "passed": true, "opinion": "同意收回"])
            _ = try await step(
                "recall legal review", wrong: "bianban", right: "sifa", "/api/v1/delegation/proposals/\(rid)/events",
                ["event": "legal-review", "passed": true, "opinion": "收回程序合法"])
            let recalled = try await step(
                "execute recall", wrong: "sifa", right: "bianban", "/api/v1/delegation/proposals/\(rid)/events",
                ["event": "execute", "decision": "大安府办发〔2024〕5号", "on": "2024-09-01"])
            let after = try await client.execute(
                uri: "/api/v1/townships/510304100000/lists?asOf=2024-10-01", method: .get)
            let audit = try await AuditStore(database).search(
                AuditFilter(county: "510304", from: Date.distantPast, limit: 500))
            // check
            #expect(refusals.isEmpty, "wrong roles not refused: \(refusals)")
            #expect(
                recalled["state"] as? String == "recalled" && recalled["recallDecision"] as? String == "大安府办发〔2024〕5号")
            #expect(!after.text.contains(item.code), "recalled: off the lists from the recall day")
            let recalledPage = try await client.execute(uri: "/townships/510304100000?asOf=2024-10-01", method: .get)
            let section = recalledPage.text.components(separatedBy: "上级部门收回").last ?? ""
            #expect(section.contains(item.code) && section.contains("大安府办发〔2024〕5号"), "listed under 上级部门收回")
            let steps = audit.entries.filter {
                $0.action.hasPrefix("delegation.")
                    && ($0.subject == pid || $0.subject == oid || $0.subject == aid || $0.subject == gid
                        || $0.subject == rid)
            }
            #expect(steps.count >= 15, "every transition wrote an audit entry (\(steps.count))")
        }
    }
}
