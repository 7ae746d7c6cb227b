import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The townships' governance rights over HTTP: the report's figures on the pristine demo, and the writes — a
/// department's acceptance without the township flagged until the township records its participation, the
/// refusals in Chinese, 编办's list — on a demo database of this suite's own.
@Suite("Governance rights through HTTP")
struct GovernanceAppTests {
    static let databases = DemoDatabases()

    @Test(
        "the demo reproduces the report: 5 rights (2 管人 of 2021, 3 管事 of 2022) exercised 28 times in 2023, one acceptance flagged",
        arguments: Engine.available)
    func demoFigures(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            let heping = try await StaffClient.login(client, "heping")
            // act
            let rights = try JSONCalls.object(try await bianban.get(client, "/api/v1/governance/rights"))
            let exercises = try JSONCalls.object(
                try await bianban.get(client, "/api/v1/governance/exercises?year=2023"))
            let matters = try JSONCalls.object(try await bianban.get(client, "/api/v1/governance/matters?year=2023"))
            let own = try JSONCalls.object(try await heping.get(client, "/api/v1/governance/matters?year=2023"))
            // check
            #expect(rights["recorded"] as? Bool == true)
            let list = try #require(rights["rights"] as? [[String: Any]])
            #expect(list.compactMap { $0["groupLabel"] as? String } == ["管人", "管人", "管事", "管事", "管事"])
            #expect(list.compactMap { $0["grantedIn"] as? Int } == [2021, 2021, 2022, 2022, 2022])
            #expect(
                list.compactMap { $0["name"] as? String } == ["人事考核权", "任免建议/征得同意权", "规划参与权", "项目验收参与权", "重大事项建议权"])
            #expect(list[0]["printed"] as? String == "赋予镇街对县级部门派驻机构工作考核权（依据：《大安区派驻(出)机构管理办法(试行)》）")
            #expect(list[2]["printed"] as? String == "赋予镇街规划编制参与权（依据：《大安区落实赋予镇(街道)相关职权的实施方案》）")
            let counts = try #require(exercises["counts"] as? [[String: Any]])
            #expect(counts.count == 16, "15 units and the district")
            let district = try #require(counts.last)
            #expect(district["townshipName"] as? String == "合计")
            #expect(
                district["byRight"] as? [String: Int]
                    == [
                        "personnel-assessment": 9, "appointment-consent": 9, "planning": 3, "acceptance": 4,
                        "major-matters": 3,
                    ])
            #expect(district["total"] as? Int == 28)
            let totals = Dictionary(
                uniqueKeysWithValues: counts.map { ($0["townshipName"] as? String ?? "", $0["total"] as? Int ?? -1) })
            #expect(totals["大山铺镇"] == 4 && totals["牛佛镇"] == 4 && totals["三多寨镇"] == 3 && totals["何市镇"] == 2)
            #expect(totals["和平街道"] == 0 && totals["凉高山街道"] == 0 && totals["凤凰街道"] == 1)
            let rows = try #require(exercises["exercises"] as? [[String: Any]])
            #expect(rows.count == 28)
            #expect(rows.filter { $0["origin"] as? String == "head-appointment" }.count == 9)
            #expect(rows.filter { $0["origin"] as? String == "agency-assessment" }.count == 9)
            let all = try #require(matters["matters"] as? [[String: Any]])
            #expect(all.count == 8)
            #expect(matters["flagged"] as? Int == 1)
            let flagged = try #require(all.first { $0["flagged"] as? Bool == true })
            #expect(flagged["title"] as? String == "和平街道老旧小区改造项目（二期）竣工验收")
            #expect(flagged["participationLabel"] as? String == "未经镇街参与")
            #expect(all.filter { $0["participation"] as? String == "participated" }.count == 7)
            let mine = try #require(own["matters"] as? [[String: Any]])
            #expect(
                mine.map { $0["id"] as? String } == [flagged["id"] as? String], "the township sees its flagged matter")
        }
    }

    @Test(
        "an acceptance without the township is flagged until it records its participation; refusals in Chinese",
        arguments: Engine.available)
    func workflow(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let shichang = try await StaffClient.login(client, "shichang")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let heping = try await StaffClient.login(client, "heping")
            let bianban = try await StaffClient.login(client, "bianban")
            // act
            let made = try await JSONCalls.post(
                client, shichang, "/api/v1/governance/matters",
                [
                    "kind": "acceptance", "township": "510304100000", "title": "大山铺镇农贸市场改造工程验收", "on": "2023-12-20",
                    "participated": false,
                ])
            let matter = try #require(try JSONCalls.object(made)["matter"] as? [String: Any])
            let id = try #require(matter["id"] as? String)
            let future = try await JSONCalls.post(
                client, shichang, "/api/v1/governance/matters",
                ["kind": "plan", "township": "510304100000", "title": "规划", "on": "2024-01-02"])
            let foreignTownship = try await JSONCalls.post(
                client, dashanpu, "/api/v1/governance/exercises",
                ["township": "510304005000", "right": "major-matters", "matter": "建议"])
            let derived = try await JSONCalls.post(
                client, dashanpu, "/api/v1/governance/exercises",
                ["right": "appointment-consent", "matter": "任免建议"])
            let notMine = try await JSONCalls.post(
                client, heping, "/api/v1/governance/exercises", ["right": "acceptance", "matterId": id])
            let recorded = try await JSONCalls.post(
                client, dashanpu, "/api/v1/governance/exercises",
                [
                    "right": "acceptance", "matterId": id, "on": "2023-12-20", "outcome": "参加验收，同意通过",
                    "documents": "验收意见书", "concerned": "510304-D03",
                ])
            let after = try JSONCalls.object(try await shichang.get(client, "/api/v1/governance/matters?year=2023"))
            let undocumented = try await JSONCalls.post(
                client, bianban, "/api/v1/governance/rights",
                [
                    "rights": [
                        [
                            "code": "planning", "name": "规划参与权", "group": "affairs", "scope": "plan",
                            "source": ["wording": "参与规划"],
                        ]
                    ]
                ])
            // check
            #expect(made.status == .created)
            #expect(matter["flagged"] as? Bool == true && matter["participationLabel"] as? String == "未经镇街参与")
            #expect(future.status == .unprocessableContent)
            #expect(try JSONCalls.message(future) == "日期 2024年1月2日 晚于今天")
            #expect(foreignTownship.status == .forbidden)
            #expect(try JSONCalls.message(foreignTownship) == "镇街只能登记本单位的权力行使")
            #expect(derived.status == .unprocessableContent)
            #expect(
                try JSONCalls.message(derived)
                    == "“任免建议/征得同意权”的行使由派驻机构负责人任免的镇街意见自动统计，请在派驻机构页面办理，不在此重复登记")
            #expect(notMine.status == .unprocessableContent)
            #expect(try JSONCalls.message(notMine) == "“\(id)”不是本镇街的规划编制或项目验收")
            #expect(recorded.status == .created)
            let exercise = try #require(try JSONCalls.object(recorded)["exercise"] as? [String: Any])
            #expect(exercise["matter"] as? String == "大山铺镇农贸市场改造工程验收")
            #expect(exercise["concernedName"] as? String == "大安区市场监督管理局")
            let now = try #require((after["matters"] as? [[String: Any]])?.first { $0["id"] as? String == id })
            #expect(now["flagged"] as? Bool == false)
            #expect(now["exercises"] as? [String] == [exercise["id"] as? String ?? ""])
            #expect(undocumented.status == .unprocessableContent)
            #expect(try JSONCalls.message(undocumented) == "请写明权力“规划参与权”的依据文件（赋予镇街该项权力的本区县文件）")
            let database = try await Self.databases.database(engine)
            let audited = try await AuditStore(database).search(
                AuditFilter(county: "510304", action: "governance.exercise", limit: 100))
            #expect(audited.entries.contains { $0.subject == exercise["id"] as? String && $0.actor == "dashanpu" })
        }
    }

    @Test("each role's page shows its own sections", arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let shichang = try await StaffClient.login(client, "shichang")
            let heping = try await StaffClient.login(client, "heping")
            let jiandu = try await StaffClient.login(client, "jiandu")
            let bianban = try await StaffClient.login(client, "bianban")
            // act
            let department = try await shichang.get(client, "/governance?year=2023")
            let township = try await heping.get(client, "/governance?year=2023")
            let supervisor = try await jiandu.get(client, "/governance?year=2023")
            let establishment = try await bianban.get(client, "/governance")
            let badYear = try await bianban.get(client, "/governance?year=abc")
            // check
            #expect(department.status == .ok && township.status == .ok && supervisor.status == .ok)
            #expect(department.text.contains("登记规划编制或项目验收"))
            #expect(!department.text.contains("登记权力行使"))
            #expect(township.text.contains("登记权力行使"))
            #expect(township.text.contains("和平街道老旧小区改造项目（二期）竣工验收"), "its flagged acceptance")
            #expect(!township.text.contains("大山铺镇土地综合整治专项规划"), "another township's plan")
            #expect(supervisor.text.contains("未经镇街参与的规划编制和项目验收"))
            #expect(supervisor.text.contains("《大安区落实赋予镇(街道)相关职权的实施方案》"))
            #expect(!supervisor.text.contains("登记权力行使") && !supervisor.text.contains("保存清单"))
            #expect(establishment.text.contains("保存清单") && establishment.text.contains("登记权力行使"))
            #expect(badYear.status == .badRequest)
        }
    }
}
