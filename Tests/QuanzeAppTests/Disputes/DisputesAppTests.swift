import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Boundary disputes over HTTP (职责边界争议): the demo's disputes, rules and public ruling on the pristine demo; the
/// workflow from raising to the ruling that changes the territorial list, its refusals, who sees what, and R8, on
/// this suite's own copy of the demo.
@Suite("Boundary disputes through HTTP")
struct DisputesAppTests {
    static let databases = DemoDatabases()

    @Test(
        "the demo: five disputes in their states, the county's rules with their document, one public ruling, the to-dos",
        arguments: Engine.available)
    func demo(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            let shichang = try await StaffClient.login(client, "shichang")
            let yingji = try await StaffClient.login(client, "yingji")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            // act
            let all = try JSONCalls.object(try await bianban.get(client, "/api/v1/disputes"))
            let rules = try JSONCalls.object(try await bianban.get(client, "/api/v1/disputes/rules"))
            let own = try JSONCalls.object(try await dashanpu.get(client, "/api/v1/disputes"))
            let rulings = try JSONCalls.object(try await client.execute(uri: "/api/v1/rulings", method: .get))
            let publicPage = try await client.execute(uri: "/rulings", method: .get)
            let workbenches = [
                try await bianban.get(client, "/workbench"), try await shichang.get(client, "/workbench"),
                try await yingji.get(client, "/workbench"),
            ]
            // check
            let list = try #require(all["disputes"] as? [[String: Any]])
            #expect(
                list.map {
                    "\($0["id"] as? String ?? "") \($0["state"] as? String ?? "") \($0["overdue"] as? Bool ?? false)"
                }
                    == [
                        "ZY-0001 ruled false", "ZY-0002 answered false", "ZY-0003 raised true", "ZY-0004 raised false",
                        "ZY-0005 withdrawn false",
                    ])
            let ruling = try #require(list.first?["ruling"] as? [String: Any])
            #expect(ruling["decision"] as? String == "大安编发〔2023〕9号")
            #expect((ruling["primary"] as? [String: Any])?["name"] as? String == "何市镇")
            #expect(ruling["articles"] as? [String] == ["地方各级人民代表大会和地方各级人民政府组织法(2022-03-11)第76条"])
            #expect(ruling["listChanges"] as? [String] == [])
            let settings = try #require(rules["rules"] as? [String: Any])
            #expect(settings["answerDeadlineDays"] as? Int == 10 && settings["registered"] as? Bool == true)
            #expect(
                settings["citation"] as? String
                    == "《大安区镇（街道）与区级部门职责边界争议协调处理办法（试行）》（演示数据）（大安编发〔2022〕5号）第六条、第九条")
            #expect((own["disputes"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["ZY-0004"])
            let published = try #require(rulings["rulings"] as? [[String: Any]])
            #expect(published.compactMap { $0["id"] as? String } == ["ZY-0001"])
            #expect(published.first?["facts"] == nil && published.first?["history"] == nil)
            #expect(publicPage.status == .ok)
            #expect(publicPage.text.contains("2023年5月12日") && publicPage.text.contains("大安编发〔2023〕9号"))
            #expect(!publicPage.text.contains("群众多次反映"))
            #expect(workbenches[0].text.contains(Self.todo("待裁定的职责边界争议", 1)))
            #expect(workbenches[0].text.contains(Self.todo("逾期未答复、已上报编办的争议", 1)))
            #expect(workbenches[1].text.contains(Self.todo("逾期未答复的争议（已上报编办）", 1)))
            #expect(workbenches[2].text.contains(Self.todo("待本单位答复的争议", 1)))
            #expect(workbenches[2].text.contains(Self.todo("逾期未答复的争议（已上报编办）", 0)))
        }
    }

    /// A to-do card's count and label as the workbench prints them.
    static func todo(_ label: String, _ count: Int) -> String {
        "<a href=\"/disputes\"><span class=\"n\">\(count)</span>\(label)</a>"
    }

    @Test(
        "raise → bare “已下放” refused → answer → 编办 rules under a new decision that changes the territorial list",
        arguments: Engine.available)
    func workflow(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let yingji = try await StaffClient.login(client, "yingji")
            let bianban = try await StaffClient.login(client, "bianban")
            let heping = try await StaffClient.login(client, "heping")
            let foreign = try await StaffClient.login(client, "yt-bianban")
            // act: raise
            let raised = try await JSONCalls.post(
                client, dashanpu, "/api/v1/disputes",
                [
                    "respondent": "510304-D04", "item": "DA-QT-0120", "matter": "工贸企业生产安全事故调查的牵头",
                    "facts": "辖区一家工贸企业发生一般生产安全事故，镇与区应急管理局对由谁牵头调查意见不一", "documents": ["大安府发〔2021〕9号"],
                    "raisedOn": "2023-12-01",
                ])
            let id = try #require((try JSONCalls.object(raised)["dispute"] as? [String: Any])?["id"] as? String)
            let early = try await JSONCalls.post(
                client, bianban, "/api/v1/disputes/\(id)/ruling",
                ["primary": "510304100000", "basis": "依据", "decision": "大安编发〔2023〕21号", "on": "2023-12-05"])
            let bare = try await JSONCalls.post(
                client, yingji, "/api/v1/disputes/\(id)/answer", ["position": "declines", "reasons": "该事项已下放镇街。"])
            let byOtherTownship = try await JSONCalls.post(
                client, heping, "/api/v1/disputes/\(id)/answer", ["position": "accepts", "reasons": "本镇负责调查工作"])
            let answered = try await JSONCalls.post(
                client, yingji, "/api/v1/disputes/\(id)/answer",
                [
                    "position": "shares", "reasons": "一般事故由区政府授权镇人民政府组织调查，本局派员参加并提供技术支持",
                    "on": "2023-12-08",
                ])
            let unknownArticle = try await JSONCalls.post(
                client, bianban, "/api/v1/disputes/\(id)/ruling",
                [
                    "primary": "510304100000", "basis": "依据", "articles": "安全生产法(2021-06-10)第999条",
                    "decision": "大安编发〔2023〕21号", "on": "2023-12-15",
                ])
            let takenNumber = try await JSONCalls.post(
                client, bianban, "/api/v1/disputes/\(id)/ruling",
                ["primary": "510304100000", "basis": "依据", "decision": "大安编发〔2021〕3号", "on": "2023-12-15"])
            let ruled = try await JSONCalls.post(
                client, bianban, "/api/v1/disputes/\(id)/ruling",
                [
                    "primary": "510304100000", "cooperating": ["510304-D04"],
                    "basis": "一般生产安全事故由镇人民政府牵头组织调查，区应急管理局派员参加", "articles": "安全生产法(2021-06-10)第86条",
                    "decision": "大安编发〔2023〕21号", "on": "2023-12-15",
                ])
            let before = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/townships/510304100000/lists?asOf=2023-12-14", method: .get))
            let after = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/townships/510304100000/lists?asOf=2023-12-15", method: .get))
            let decision = try await client.execute(
                uri: DecisionsController.link("大安编发〔2023〕21号"), method: .get)
            let seenByOther = try await heping.get(client, "/api/v1/disputes/\(id)")
            let seenByForeign = try await foreign.get(client, "/api/v1/disputes/\(id)")
            let page = try await dashanpu.get(client, "/disputes/\(id)")
            let rulings = try await client.execute(uri: "/rulings", method: .get)
            // check
            #expect(raised.status == .created)
            #expect(early.status == .conflict)
            #expect(try JSONCalls.message(early) == "对方答复期限至2023年12月11日，期满未答复或已答复后方可裁定")
            #expect(bare.status == .unprocessableContent)
            #expect(try JSONCalls.message(bare).hasPrefix("答复不能只说“已下放”"))
            #expect(byOtherTownship.status == .forbidden)
            #expect(answered.status == .ok)
            #expect(unknownArticle.status == .unprocessableContent)
            #expect(takenNumber.status == .conflict)
            #expect(ruled.status == .ok)
            let ruling = try #require(
                (try JSONCalls.object(ruled)["dispute"] as? [String: Any])?["ruling"] as? [String: Any])
            #expect(ruling["listChanges"] as? [String] == ["大山铺镇：主体责任（协同：大安区应急管理局）"])
            func entry(_ lists: [String: Any]) -> [String: Any]? {
                (((lists["lists"] as? [String: Any])?["territorial"] as? [String: Any])?["entries"] as? [[String: Any]])?
                    .first {
                        $0["itemCode"] as? String == "DA-QT-0120"
                    }
            }
            #expect(entry(before)?["role"] as? String == "cooperating")
            #expect(entry(after)?["role"] as? String == "primary")
            #expect(entry(after)?["decision"] as? String == "大安编发〔2023〕21号")
            #expect(decision.status == .ok && decision.text.contains("争议裁定"))
            #expect(seenByOther.status == .notFound && seenByForeign.status == .notFound)
            #expect(page.text.contains("大山铺镇：主体责任（协同：大安区应急管理局）"))
            #expect(page.text.contains("《安全生产法》（2021年6月10日版）第86条"))
            #expect(rulings.text.contains("大安编发〔2023〕21号"))
            #expect(!rulings.text.contains("辖区一家工贸企业"))
        }
    }

    @Test(
        "R8: a third dispute on one item within twelve months is a county-wide finding for 编办",
        arguments: Engine.available)
    func repeated(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup: the demo has one dispute on DA-QT-0121 (raised 2023-12-26)
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let bianban = try await StaffClient.login(client, "bianban")
            func findings() async throws -> [String] {
                let answer = try JSONCalls.object(try await bianban.get(client, "/api/v1/suggestions?asOf=2023-12-31"))
                return (answer["suggestions"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }.filter {
                    $0.hasPrefix("R8|")
                }
            }
            let none = try await findings()
            // act
            var statuses: [HTTPResponse.Status] = []
            for day in ["2023-03-02", "2023-09-14"] {
                let response = try await JSONCalls.post(
                    client, dashanpu, "/api/v1/disputes",
                    [
                        "respondent": "510304-D04", "item": "DA-QT-0121", "matter": "危险化学品门店检查分工",
                        "facts": "检查由谁组织认识不一", "raisedOn": day,
                    ])
                statuses.append(response.status)
            }
            let found = try await findings()
            let page = try await bianban.get(client, "/disputes")
            // check
            #expect(none == [])
            #expect(statuses == [.created, .created])
            #expect(found == ["R8|*|DA-QT-0121"])
            #expect(page.text.contains("危险化学品企业安全监管配合"))
            #expect(page.text.contains("提出职责边界争议 3 件"))
        }
    }

    @Test(
        "bad input: unknown side or item, a role that is not a side, a day after today, settings without their document"
    )
    func refusals() async throws {
        try await withDemoApp(.sqlite, databases: Self.databases) { client in
            // setup
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let bianban = try await StaffClient.login(client, "bianban")
            // act
            let unknownSide = try await JSONCalls.post(
                client, dashanpu, "/api/v1/disputes", ["respondent": "510304-D99", "matter": "事由", "facts": "经过"])
            let unknownItem = try await JSONCalls.post(
                client, dashanpu, "/api/v1/disputes",
                ["respondent": "510304-D04", "item": "NO-SUCH", "matter": "事由", "facts": "经过"])
            let byOffice = try await JSONCalls.post(
                client, bianban, "/api/v1/disputes", ["respondent": "510304-D04", "matter": "事由", "facts": "经过"])
            let future = try await JSONCalls.post(
                client, dashanpu, "/api/v1/disputes",
                ["respondent": "510304-D04", "matter": "事由", "facts": "经过", "raisedOn": "2024-06-01"])
            let noDocument = try await JSONCalls.post(
                client, bianban, "/api/v1/disputes/rules",
                ["answerDeadlineDays": 15, "repeatedCount": 3, "repeatedMonths": 12, "wording": "15日内答复"])
            let rules = try JSONCalls.object(try await bianban.get(client, "/api/v1/disputes/rules"))
            // check
            #expect(unknownSide.status == .unprocessableContent)
            #expect(try JSONCalls.message(unknownSide) == "本区县没有在用的镇街或区县部门“510304-D99”")
            #expect(unknownItem.status == .unprocessableContent)
            #expect(try JSONCalls.message(unknownItem) == "事项目录中没有事项“NO-SUCH”")
            #expect(byOffice.status == .forbidden)
            #expect(future.status == .unprocessableContent)
            #expect(try JSONCalls.message(future) == "提出日期2024年6月1日晚于今天（2023年12月31日）")
            #expect(noDocument.status == .unprocessableContent)
            #expect(try JSONCalls.message(noDocument) == "请填写规则所依据的文件名称")
            #expect((rules["rules"] as? [String: Any])?["answerDeadlineDays"] as? Int == 10)
        }
    }
}
