import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Dispatched agencies over HTTP on a demo database of this suite's own (it writes): the report's figures, the
/// appointment workflow with the township's opinion, the assessment rule, and each role's page.
@Suite("Dispatched agencies through HTTP")
struct AgenciesAppTests {
    static let databases = DemoDatabases()

    @Test(
        "the demo reproduces the report: 9 heads appointed after the townships' opinion in 2023, schemes at 30 %",
        arguments: Engine.available)
    func demoFigures(engine: Engine) async throws {
        // The pristine demo: the other tests of this suite add appointments of their own to this suite's copy.
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            // act
            let appointments = try await bianban.get(client, "/api/v1/agencies/appointments?year=2023")
            let schemes = try await bianban.get(client, "/api/v1/agencies/schemes")
            let rules = try await bianban.get(client, "/api/v1/agencies/rules")
            // check
            let counts = try #require(try JSONCalls.object(appointments)["counts"] as? [String: Any])
            #expect(counts["decided"] as? Int == 9)
            #expect(counts["consulted"] as? Int == 9)
            #expect(counts["agreed"] as? Int == 9)
            #expect(counts["exceptions"] as? Int == 0)
            let list = try #require(try JSONCalls.object(schemes)["schemes"] as? [[String: Any]])
            let demo = list.filter { ($0["year"] as? Int) == 2023 && ($0["state"] as? String) == "published" }
            #expect(demo.count == 9)
            #expect(Set(demo.compactMap { $0["townshipWeight"] as? String }) == ["30%"])
            #expect(demo.first?["total"] as? String == "85.25", "大山铺: 20%×88 + 10%×86.5 + 50%×84 + 20%×85 = 85.25")
            let printed = try #require(try JSONCalls.object(rules)["rules"] as? [String: Any])
            #expect(
                printed["townshipWeightPrinted"] as? String
                    == "赋予镇街对县级部门派驻机构工作考核权，年度考核镇街评价结果不低于考核权重的30%（依据：《大安区派驻(出)机构管理办法(试行)》）")
        }
    }

    @Test(
        "propose → opinion → decision over HTTP; unconsulted decisions and other organisations refused in Chinese",
        arguments: Engine.available)
    func workflow(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let shichang = try await StaffClient.login(client, "shichang")
            let yingji = try await StaffClient.login(client, "yingji")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let heping = try await StaffClient.login(client, "heping")
            let proposal: [String: Any] = [
                "agency": "510304-D03-100", "action": "appoint", "person": "测试人员", "post": "副所长", "on": "2023-12-01",
            ]
            // act
            let proposed = try await JSONCalls.post(client, shichang, "/api/v1/agencies/appointments", proposal)
            let appointment = try #require(try JSONCalls.object(proposed)["appointment"] as? [String: Any])
            let id = try #require(appointment["id"] as? String)
            let events = "/api/v1/agencies/appointments/\(id)/events"
            let early = try await JSONCalls.post(
                client, shichang, events, ["event": "decide", "number": "大安市监党〔2023〕99号", "on": "2023-12-05"])
            let foreignDept = try await JSONCalls.post(client, yingji, "/api/v1/agencies/appointments", proposal)
            let otherTownship = try await JSONCalls.post(
                client, heping, events, ["event": "opinion", "opinion": "agree"])
            let noReason = try await JSONCalls.post(
                client, dashanpu, events, ["event": "opinion", "opinion": "disagree"])
            let answered = try await JSONCalls.post(
                client, dashanpu, events,
                ["event": "opinion", "opinion": "disagree", "reasons": "建议先行试用", "on": "2023-12-05"])
            let decided = try await JSONCalls.post(
                client, shichang, events, ["event": "decide", "number": "大安市监党〔2023〕99号", "on": "2023-12-08"])
            let again = try await JSONCalls.post(
                client, dashanpu, events, ["event": "opinion", "opinion": "agree", "on": "2023-12-09"])
            // check
            #expect(proposed.status == .created)
            #expect(appointment["deadline"] as? String == "2023-12-16")
            #expect(appointment["allowedEvents"] as? [String] == ["withdraw"])
            #expect(early.status == .unprocessableContent)
            #expect(
                try JSONCalls.message(early)
                    == "镇街尚未反馈意见，不能作出任免决定：赋予镇街对县级部门派驻机构主要负责人任免建议权，派驻机构负责人调整须征求镇街意见（依据：《大安区派驻(出)机构管理办法(试行)》）")
            #expect(foreignDept.status == .forbidden)
            #expect(try JSONCalls.message(foreignDept) == "“提出任免”只能由该派驻机构的主管部门或所在镇街办理")
            #expect(otherTownship.status == .notFound)
            #expect(noReason.status == .unprocessableContent)
            #expect(try JSONCalls.message(noReason) == "不同意时必须写明理由")
            #expect(answered.status == .ok)
            #expect(decided.status == .ok)
            let final = try #require(try JSONCalls.object(decided)["appointment"] as? [String: Any])
            #expect(final["state"] as? String == "decided")
            #expect(final["opinion"] as? String == "不同意")
            #expect(final["decision"] as? String == "大安市监党〔2023〕99号")
            #expect(again.status == .conflict)
            let database = try await Self.databases.database(engine)
            let audited = try await AuditStore(database).search(
                AuditFilter(county: "510304", action: "agency.appointment.decide", limit: 100))
            #expect(audited.entries.contains { $0.subject == id && $0.actor == "shichang" })
        }
    }

    @Test(
        "a scheme below the county's minimum township weight is refused with the rule; scores are exact",
        arguments: Engine.available)
    func scheme(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let shichang = try await StaffClient.login(client, "shichang")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            func indicators(_ township: Any, _ department: Any) -> [[String: Any]] {
                [
                    ["name": "服务镇街", "side": "township", "weight": township],
                    ["name": "业务工作", "side": "department", "weight": department],
                ]
            }
            // act
            let below = try await JSONCalls.post(
                client, shichang, "/api/v1/agencies/schemes",
                ["agency": "510304-D03-100", "year": 2024, "indicators": indicators("29.5", "70.5")])
            let notHundred = try await JSONCalls.post(
                client, shichang, "/api/v1/agencies/schemes",
                ["agency": "510304-D03-100", "year": 2024, "indicators": indicators(30, 60)])
            let made = try await JSONCalls.post(
                client, shichang, "/api/v1/agencies/schemes",
                ["agency": "510304-D03-100", "year": 2024, "indicators": indicators(35.5, "64.5")])
            let scheme = try #require(try JSONCalls.object(made)["scheme"] as? [String: Any])
            let id = try #require(scheme["id"] as? String)
            let wrongSide = try await JSONCalls.post(
                client, dashanpu, "/api/v1/agencies/schemes/\(id)/scores", ["scores": ["业务工作": 90]])
            let early = try await JSONCalls.post(client, shichang, "/api/v1/agencies/schemes/\(id)/publish", [:])
            _ = try await JSONCalls.post(
                client, dashanpu, "/api/v1/agencies/schemes/\(id)/scores", ["scores": ["服务镇街": 91.25]])
            _ = try await JSONCalls.post(
                client, shichang, "/api/v1/agencies/schemes/\(id)/scores", ["scores": ["业务工作": "87"]])
            let published = try await JSONCalls.post(
                client, shichang, "/api/v1/agencies/schemes/\(id)/publish", ["on": "2024-01-10"])
            // check
            #expect(below.status == .unprocessableContent)
            #expect(
                try JSONCalls.message(below)
                    == "镇街评价指标的权重合计为 29.5%，低于本区县规定的最低 30%：赋予镇街对县级部门派驻机构工作考核权，年度考核镇街评价结果不低于考核权重的30%（依据：《大安区派驻(出)机构管理办法(试行)》）"
            )
            #expect(notHundred.status == .unprocessableContent)
            #expect(try JSONCalls.message(notHundred) == "各项指标权重合计应为 100%，现为 90%")
            #expect(made.status == .created)
            #expect(scheme["townshipWeight"] as? String == "35.5%")
            #expect(wrongSide.status == .unprocessableContent)
            #expect(try JSONCalls.message(wrongSide) == "指标“业务工作”由主管部门评分")
            #expect(early.status == .unprocessableContent)
            let result = try #require(try JSONCalls.object(published)["scheme"] as? [String: Any])
            // 35.5% × 91.25 + 64.5% × 87 = 32.39375 + 56.115 = 88.50875 → 88.51
            #expect(result["total"] as? String == "88.51")
            #expect(result["state"] as? String == "published")
        }
    }

    @Test("each role's page offers its own steps", arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let shichang = try await StaffClient.login(client, "shichang")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let jiandu = try await StaffClient.login(client, "jiandu")
            let bianban = try await StaffClient.login(client, "bianban")
            _ = try await JSONCalls.post(
                client, shichang, "/api/v1/agencies/appointments",
                ["agency": "510304-D03-100", "action": "remove", "person": "页面测试", "post": "所长", "on": "2023-11-01"])
            // act
            let department = try await shichang.get(client, "/agencies?year=2023")
            let township = try await dashanpu.get(client, "/agencies?year=2023")
            let supervisor = try await jiandu.get(client, "/agencies?year=2023")
            let establishment = try await bianban.get(client, "/agencies")
            let badYear = try await bianban.get(client, "/agencies?year=abc")
            // check
            #expect(department.status == .ok && township.status == .ok && supervisor.status == .ok)
            #expect(department.text.contains("提出负责人任免"))
            #expect(department.text.contains("大安区市场监督管理局大山铺镇市场监督管理所"))
            #expect(!department.text.contains("自然资源所"), "a department sees its own agencies only")
            #expect(township.text.contains("value=\"opinion\""), "the township answers the open proposal")
            #expect(!township.text.contains("提出负责人任免"))
            #expect(!township.text.contains("团结镇市场监督管理所"), "a township sees the agencies stationed with it")
            #expect(supervisor.text.contains("例外与逾期"))
            #expect(supervisor.text.contains("逾期未反馈"), "proposed 2023-11-01, deadline 11-16, today 12-31")
            #expect(!supervisor.text.contains("value=\"opinion\""))
            #expect(establishment.text.contains("修改规则"))
            #expect(establishment.text.contains("制定年度考核方案"))
            #expect(badYear.status == .badRequest)
        }
    }
}
