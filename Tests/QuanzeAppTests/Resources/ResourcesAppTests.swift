import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Resources (经费, 编制, 每编工作量, 保险) over HTTP: the demo's exact figures on the pristine demo, writes on a demo
/// database of this suite's own, each role's page and the township's to-do line.
@Suite("Resources through HTTP")
struct ResourcesAppTests {
    static let databases = DemoDatabases()

    @Test(
        "the demo: 2023 budgets of the 15 units disbursed in full, establishment against 在编 staff, the ranking, cover",
        arguments: Engine.available)
    func demoFigures(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            // act
            let budgets = try JSONCalls.object(try await bianban.get(client, "/api/v1/resources/budgets?year=2023"))
            let establishment = try JSONCalls.object(
                try await bianban.get(client, "/api/v1/resources/establishment?year=2023"))
            let workload = try JSONCalls.object(try await bianban.get(client, "/api/v1/resources/workload?year=2023"))
            let insurance = try JSONCalls.object(try await bianban.get(client, "/api/v1/resources/insurance"))
            let rules = try JSONCalls.object(try await bianban.get(client, "/api/v1/resources/rules"))
            // check: budgets
            let list = try #require(budgets["budgets"] as? [[String: Any]])
            #expect(list.count == 15)
            #expect(Set(list.compactMap { $0["disbursementRate"] as? String }) == ["100%"])
            let total = try #require(budgets["total"] as? [String: Any])
            #expect(total["budgeted"] as? String == "4,010,000.00")
            #expect(total["disbursed"] as? String == "4,010,000.00")
            #expect(total["budgetedFen"] as? Int == 401_000_000)
            #expect(total["disbursementRate"] as? String == "100%")
            // establishment: 15 approval offices and 12 squads
            let offices = try #require(establishment["offices"] as? [[String: Any]])
            #expect(offices.count == 27)
            #expect(offices.reduce(0) { $0 + ($1["posts"] as? Int ?? 0) } == 113)
            #expect(offices.reduce(0) { $0 + ($1["inPost"] as? Int ?? 0) } == 105)
            let squad = try #require(offices.first { $0["office"] as? String == "510304100000-ZF" })
            #expect(squad["posts"] as? Int == 8)
            #expect(squad["inPost"] as? Int == 8)
            #expect(squad["label"] as? String == "满编")
            let over = try #require(offices.first { $0["office"] as? String == "510304106000-ZF" })
            #expect(over["label"] as? String == "超编 1")
            // the ranking
            let ranking = try #require(workload["ranking"] as? [[String: Any]])
            #expect(ranking.count == 15)
            #expect(
                ranking.map {
                    "\($0["rank"]!) \($0["name"]!) \($0["items"]!)×\($0["cases"]!)÷\($0["posts"]!)=\($0["perPost"]!)"
                }
                    == [
                        "1 凉高山街道 354×770÷2=136290.00", "2 马冲口街道 354×766÷3=90388.00", "3 龙井街道 354×746÷3=88028.00",
                        "4 新民镇 354×757÷6=44663.00", "5 新店镇 354×761÷7=38484.86", "6 三多寨镇 354×757÷7=38282.57",
                        "7 庙坝镇 354×753÷7=38080.29", "8 回龙镇 354×761÷8=33674.25", "9 团结镇 354×757÷9=29775.33",
                        "10 和平街道 354×753÷9=29618.00", "10 凤凰街道 354×753÷9=29618.00", "12 何市镇 354×769÷10=27222.60",
                        "13 大安街道 354×766÷10=27116.40", "14 牛佛镇 354×768÷11=24715.64", "15 大山铺镇 354×772÷12=22774.00",
                    ],
                "354 = 108 审批服务 + 246 执法 entries per unit; subdistricts without a squad have only approval posts")
            // insurance: 3 covers end within 90 days, one officer hired in September is not insured
            let staff = try #require(insurance["staff"] as? [[String: Any]])
            let expiring = staff.filter { $0["status"] as? String == "expiring" }.compactMap {
                $0["staffId"] as? String
            }
            let uncovered = staff.filter { $0["status"] as? String == "uncovered" }.compactMap {
                $0["staffId"] as? String
            }
            #expect(staff.count == 128)
            #expect(expiring.sorted() == ["ZF-510304100-011", "ZF-510304100-012", "ZF-510304107-001"])
            #expect(uncovered == ["ZF-510304005-006"])
            let printed = try #require(rules["rules"] as? [String: Any])
            #expect(
                printed["insurancePrinted"] as? String
                    == "依法为基层一线行政执法人员办理保险（依据：《大安区镇街权责清单化工作调研报告》（区委编办，2023年）第三部分（三）之三）"
            )
        }
    }
}

extension ResourcesAppTests {
    @Test(
        "编办 records budgets and establishment, the township its staff's insurance; bad input refused in Chinese",
        arguments: Engine.available)
    func writes(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            // act
            let budget = try await JSONCalls.post(
                client, bianban, "/api/v1/resources/budgets",
                [
                    "township": "510304102000", "year": 2024, "budgeted": "330000.50", "disbursed": "110000.17",
                    "document": "大安财预〔2024〕3号",
                ])
            let badAmount = try await JSONCalls.post(
                client, bianban, "/api/v1/resources/budgets",
                ["township": "510304102000", "year": 2024, "budgeted": "三十万", "disbursed": "0"])
            let notTownship = try await JSONCalls.post(
                client, bianban, "/api/v1/resources/budgets",
                ["township": "510304999000", "year": 2024, "budgeted": "1", "disbursed": "0"])
            let byTownship = try await JSONCalls.post(
                client, dashanpu, "/api/v1/resources/budgets",
                ["township": "510304100000", "year": 2024, "budgeted": "1", "disbursed": "0"])
            let posts = try await JSONCalls.post(
                client, bianban, "/api/v1/resources/establishment",
                ["office": "510304102000-ZF", "year": 2024, "posts": 9, "document": "大安编发〔2024〕2号"])
            let department = try await JSONCalls.post(
                client, bianban, "/api/v1/resources/establishment",
                ["office": "510304-D03", "year": 2024, "posts": 9])
            let policy = try await JSONCalls.post(
                client, dashanpu, "/api/v1/resources/insurance",
                [
                    "staff": "ZF-510304100-011", "insurer": "某保险公司", "number": "RENEW-011", "kind": "意外险",
                    "from": "2024-02-01", "until": "2025-01-31", "cover": "300000",
                ])
            let approvalStaff = try await JSONCalls.post(
                client, dashanpu, "/api/v1/resources/insurance",
                [
                    "staff": "SP-510304100-001", "insurer": "某保险公司", "number": "X", "kind": "accident",
                    "from": "2024-01-01", "until": "2024-12-31", "cover": "1",
                ])
            let otherUnit = try await JSONCalls.post(
                client, dashanpu, "/api/v1/resources/insurance",
                [
                    "staff": "ZF-510304005-006", "insurer": "某保险公司", "number": "X", "kind": "accident",
                    "from": "2024-01-01", "until": "2024-12-31", "cover": "1",
                ])
            let read = try JSONCalls.object(try await bianban.get(client, "/api/v1/resources/budgets?year=2024"))
            let own = try JSONCalls.object(try await dashanpu.get(client, "/api/v1/resources/budgets?year=2024"))
            let cover = try JSONCalls.object(try await dashanpu.get(client, "/api/v1/resources/insurance"))
            let standing = try JSONCalls.object(
                try await bianban.get(client, "/api/v1/resources/establishment?year=2024&asOf=2024-01-15"))
            let badAsOf = try await bianban.get(client, "/api/v1/resources/establishment?year=2024&asOf=2023-12-31")
            // check
            #expect(budget.status == .ok)
            let saved = try #require(try JSONCalls.object(budget)["budget"] as? [String: Any])
            #expect(saved["budgetedFen"] as? Int == 33_000_050)
            #expect(saved["disbursed"] as? String == "110,000.17")
            #expect(saved["disbursementRate"] as? String == "33.33%")
            #expect(saved["fullyDisbursed"] as? Bool == false)
            #expect(badAmount.status == .unprocessableContent)
            #expect(
                try JSONCalls.message(badAmount) == "预算金额“三十万”无效：应为不小于 0、最多两位小数的金额（元），如 120000 或 3500.50")
            #expect(notTownship.status == .notFound)
            #expect(try JSONCalls.message(notTownship) == "“510304999000”不是本区县的镇街")
            #expect(byTownship.status == .forbidden)
            #expect(posts.status == .ok)
            #expect(department.status == .unprocessableContent)
            #expect(try JSONCalls.message(department) == "“510304-D03”不是本区县镇街的行政审批办公室或综合行政执法中队")
            #expect(policy.status == .created)
            #expect(approvalStaff.status == .unprocessableContent)
            #expect(try JSONCalls.message(approvalStaff).hasSuffix("不在执法岗位，不属于一线执法人员"))
            #expect(otherUnit.status == .notFound)
            #expect(try JSONCalls.message(otherUnit) == "本单位没有人员编号为“ZF-510304005-006”的人员")
            let all = try #require(read["budgets"] as? [[String: Any]])
            #expect(all.map { $0["township"] as? String } == ["510304102000"])
            #expect((own["budgets"] as? [[String: Any]])?.isEmpty == true, "大山铺镇 sees its own budgets only")
            let staff = try #require(cover["staff"] as? [[String: Any]])
            #expect(Set(staff.compactMap { $0["township"] as? String }) == ["510304100000"])
            let renewed = try #require(staff.first { $0["staffId"] as? String == "ZF-510304100-011" })
            #expect(renewed["status"] as? String == "covered", "the renewal follows the policy ending 2024-01-31")
            #expect(renewed["coveredUntil"] as? String == "2025-01-31")
            let offices = try #require(standing["offices"] as? [[String: Any]])
            let squad = try #require(offices.first { $0["office"] as? String == "510304102000-ZF" })
            #expect(squad["posts"] as? Int == 9)
            #expect(squad["inPost"] as? Int == 6)
            #expect(squad["label"] as? String == "空编 3")
            #expect(badAsOf.status == .badRequest)
            let database = try await Self.databases.database(engine)
            let audited = try await AuditStore(database).search(
                AuditFilter(county: "510304", action: "resource.budget", limit: 100))
            #expect(audited.entries.contains { $0.subject == "510304102000|2024" && $0.actor == "bianban" })
            let insured = try await AuditStore(database).search(
                AuditFilter(county: "510304", action: "resource.insurance", limit: 500))
            #expect(insured.entries.contains { $0.actor == "dashanpu" && $0.detail.contains("RENEW-011") })
        }
    }

    @Test("each role's page, the ranking's export and the township's to-do line", arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let jiandu = try await StaffClient.login(client, "jiandu")
            // act
            let establishment = try await bianban.get(client, "/resources")
            let township = try await dashanpu.get(client, "/resources")
            let supervisor = try await jiandu.get(client, "/resources?year=2023")
            let csv = try await bianban.get(client, "/resources?format=csv")
            let apiCSV = try await bianban.get(client, "/api/v1/resources/workload?year=2023&format=csv")
            let home = try await dashanpu.get(client, "/workbench")
            let badYear = try await bianban.get(client, "/resources?year=abc")
            // check
            #expect(establishment.status == .ok && township.status == .ok && supervisor.status == .ok)
            #expect(establishment.text.contains("登记或更正经费"))
            #expect(establishment.text.contains("核定编制数"))
            #expect(establishment.text.contains("每编工作量排名（编制激励依据）"))
            #expect(establishment.text.contains("牛佛镇"))
            #expect(!township.text.contains("登记或更正经费"))
            #expect(township.text.contains("登记保单"))
            #expect(township.text.contains("ZF-510304100-011"))
            #expect(!township.text.contains("牛佛镇"), "a township sees its own figures only")
            #expect(!supervisor.text.contains("登记保单") && !supervisor.text.contains("登记或更正经费"))
            #expect(supervisor.text.contains("ZF-510304005-006"), "the uninsured officer is listed for the supervisor")
            let lines = csv.text.split(separator: "\n")
            #expect(lines.count == 16)
            #expect(lines.first?.contains("排名,镇街代码,镇街,承接事项数,办件量,核定编制数,工作量（事项×办件）,每编工作量") == true)
            #expect(apiCSV.text.split(separator: "\n").count == 16)
            #expect(home.text.contains("<span class=\"n\">2</span>一线执法人员保险即将到期或未参保"), "ZF-…-011 and -012")
            #expect(badYear.status == .badRequest)
        }
    }
}
