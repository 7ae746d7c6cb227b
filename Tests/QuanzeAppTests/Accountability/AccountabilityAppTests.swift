import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Accountability over HTTP (追责、免予问责、容错纠错): the demo's exact figures on the pristine demo, the workflow
/// and its refusals on this suite's own copy, who sees a person's record, and each role's page.
@Suite("Accountability through HTTP")
struct AccountabilityAppTests {
    static let databases = DemoDatabases()

    @Test(
        "the demo: 2 追责, 2 免予问责, 1 容错纠错 decided in 2023 and 1 open, 6 situations with their source",
        arguments: Engine.available)
    func demoFigures(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let sifa = try await StaffClient.login(client, "sifa")
            // act
            let cases = try await sifa.get(client, "/api/v1/accountability/cases")
            let situations = try await sifa.get(client, "/api/v1/accountability/situations")
            let itemPage = try await client.execute(uri: "/items/DA-CF-0125", method: .get)
            let otherItem = try await client.execute(uri: "/items/DA-CF-0064", method: .get)
            // check
            let answer = try JSONCalls.object(cases)
            let totals = try #require(answer["totals"] as? [String: Any])
            #expect(totals["imposed"] as? Int == 2)
            #expect(totals["exempted"] as? Int == 2)
            #expect(totals["tolerated"] as? Int == 1)
            #expect(totals["open"] as? Int == 1)
            let rows = try #require(answer["counts"] as? [[String: Any]])
            #expect(
                rows.map {
                    "\($0["townshipName"] as? String ?? "") \($0["year"] as? Int ?? 0) \($0["imposed"] as? Int ?? -1)/\($0["exempted"] as? Int ?? -1)/\($0["tolerated"] as? Int ?? -1)"
                }
                    == ["大山铺镇 2023 0/0/1", "团结镇 2023 1/0/0", "新店镇 2023 1/0/0", "牛佛镇 2023 0/1/0", "庙坝镇 2023 0/1/0"])
            let list = try #require(answer["cases"] as? [[String: Any]])
            #expect(
                list.compactMap { $0["number"] as? String }.sorted() == [
                    "大安纪发〔2023〕12号", "大安纪发〔2023〕17号", "大安纪发〔2023〕19号", "大安纪发〔2023〕23号", "大安纪发〔2023〕31号",
                ])
            let tolerated = try #require(list.first { $0["kind"] as? String == "tolerated" })
            #expect(tolerated["staffId"] as? String == "ZF-510304100-002")
            #expect(tolerated["correctedOn"] as? String == "2023-11-20")
            let cited = try #require(tolerated["situations"] as? [[String: Any]])
            #expect(cited.first?["citation"] as? String == "《大安区基层行政执法追责免责和容错纠错办法(试行)》（大安委办发〔2023〕8号）第十二条第（一）项")
            let imposed = list.filter { $0["kind"] as? String == "imposed" }
            #expect(
                Set(imposed.flatMap { $0["articles"] as? [String] ?? [] }) == [
                    "行政处罚法(2021-01-22)第76条", "行政处罚法(2021-01-22)第83条",
                ])
            let listed = try #require(try JSONCalls.object(situations)["situations"] as? [[String: Any]])
            #expect(
                listed.compactMap { $0["code"] as? String } == ["MY-01", "MY-02", "ZZ-01", "ZZ-02", "RC-01", "RC-02"])
            // The public item page: counts per kind, no person.
            #expect(itemPage.status == .ok)
            #expect(itemPage.text.contains("问责情况"))
            #expect(
                itemPage.text.contains(
                    #"<td data-label="追责">0</td><td data-label="免予问责">0</td><td data-label="容错纠错">1</td>"#))
            let name = try #require(tolerated["personName"] as? String)
            #expect(!itemPage.text.contains(name) && !itemPage.text.contains("ZF-510304100-002"))
            #expect(
                otherItem.text.contains(
                    #"<td data-label="追责">1</td><td data-label="免予问责">0</td><td data-label="容错纠错">0</td>"#))
        }
    }

    @Test(
        "a person's record is for 编办, 司法局, supervisors and the person's own township; others get 404",
        arguments: Engine.available)
    func personRecord(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            let jiandu = try await StaffClient.login(client, "jiandu")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let heping = try await StaffClient.login(client, "heping")
            let shichang = try await StaffClient.login(client, "shichang")
            let foreign = try await StaffClient.login(client, "yt-bianban")
            let uri = "/api/v1/accountability/people/ZF-510304100-002"
            // act
            let byEstablishment = try await bianban.get(client, uri)
            let bySupervisor = try await jiandu.get(client, uri)
            let byOwn = try await dashanpu.get(client, uri)
            let byOther = try await heping.get(client, uri)
            let byOtherPage = try await heping.get(client, "/accountability?person=ZF-510304100-002")
            let byDepartment = try await shichang.get(client, uri)
            let byForeign = try await foreign.get(client, uri)
            let ownCases = try await dashanpu.get(client, "/api/v1/accountability/cases")
            let otherCases = try await heping.get(client, "/api/v1/accountability/cases")
            let foreignCases = try await foreign.get(client, "/api/v1/accountability/cases")
            // check
            for response in [byEstablishment, bySupervisor, byOwn] {
                #expect(response.status == .ok)
                let list = try #require(try JSONCalls.object(response)["cases"] as? [[String: Any]])
                #expect(list.compactMap { $0["kind"] as? String } == ["tolerated"])
            }
            #expect(byOther.status == .notFound && byOtherPage.status == .notFound && byForeign.status == .notFound)
            #expect(try JSONCalls.message(byOther) == "没有人员编号为“ZF-510304100-002”的问责记录")
            #expect(byDepartment.status == .forbidden)
            let own = try #require(try JSONCalls.object(ownCases)["cases"] as? [[String: Any]])
            #expect(own.compactMap { $0["township"] as? String } == ["510304100000"])
            #expect((try JSONCalls.object(otherCases)["cases"] as? [[String: Any]])?.count == 0)
            #expect((try JSONCalls.object(foreignCases)["cases"] as? [[String: Any]])?.count == 0)
            #expect(!foreignCases.text.contains("大安"))
        }
    }

    @Test(
        "立案 → 决定 over HTTP with every refusal in Chinese; situations recorded with their source; audited",
        arguments: Engine.available)
    func workflow(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let sifa = try await StaffClient.login(client, "sifa")
            let bianban = try await StaffClient.login(client, "bianban")
            let opening: [String: Any] = [
                "item": "DA-CF-0125", "township": "510304100000", "person": "ZF-510304100-003", "matter": "测试事由",
                "facts": "测试事实", "occurredOn": "2023-10-01", "openedOn": "2023-10-08",
            ]
            var wrongTownship = opening
            wrongTownship["person"] = "ZF-510304102-002"
            var unknownItem = opening
            unknownItem["item"] = "NO-SUCH-ITEM"
            // act
            let situation = try await JSONCalls.post(
                client, bianban, "/api/v1/accountability/situations",
                ["kind": "tolerated", "code": "RC-09", "document": "《测试办法》", "wording": "测试情形"])
            let duplicate = try await JSONCalls.post(
                client, bianban, "/api/v1/accountability/situations",
                ["kind": "tolerated", "code": "RC-09", "document": "《测试办法》", "wording": "测试情形"])
            let noDocument = try await JSONCalls.post(
                client, bianban, "/api/v1/accountability/situations",
                ["kind": "exempted", "code": "MY-09", "document": "", "wording": "测试情形"])
            let notStaff = try await JSONCalls.post(client, sifa, "/api/v1/accountability/cases", wrongTownship)
            let noItem = try await JSONCalls.post(client, sifa, "/api/v1/accountability/cases", unknownItem)
            let opened = try await JSONCalls.post(client, sifa, "/api/v1/accountability/cases", opening)
            let made = try #require(try JSONCalls.object(opened)["case"] as? [String: Any])
            let id = try #require(made["id"] as? String)
            let decision = "/api/v1/accountability/cases/\(id)/decision"
            let base: [String: Any] = ["number": "大安纪发〔2023〕40号", "on": "2023-12-01", "body": "大安区纪委监委"]
            let future = try await JSONCalls.post(
                client, sifa, decision,
                base.merging(["kind": "exempted", "situations": ["MY-01"], "on": "2024-01-02"]) { $1 })
            let noCorrection = try await JSONCalls.post(
                client, sifa, decision, base.merging(["kind": "tolerated", "situations": ["RC-09"]]) { $1 })
            let badArticle = try await JSONCalls.post(
                client, sifa, decision,
                base.merging(["kind": "imposed", "measure": "诫勉", "articles": ["行政处罚法(2021-01-22)第99条"]]) { $1 })
            let exemptByStatute = try await JSONCalls.post(
                client, sifa, decision,
                base.merging(["kind": "exempted", "articles": "行政处罚法(2021-01-22)第83条"]) { $1 })
            let decided = try await JSONCalls.post(
                client, sifa, decision,
                base.merging([
                    "kind": "tolerated", "situations": "RC-09；RC-01", "correction": "补正案卷", "correctedOn": "2023-11-30",
                ]) { $1 })
            let again = try await JSONCalls.post(
                client, sifa, decision, base.merging(["kind": "exempted", "situations": ["MY-01"]]) { $1 })
            // check
            #expect(situation.status == .created)
            #expect(duplicate.status == .conflict)
            #expect(noDocument.status == .unprocessableContent)
            #expect(try JSONCalls.message(noDocument) == "情形必须写明依据文件（如《……容错纠错办法》），否则不能登记")
            #expect(notStaff.status == .unprocessableContent)
            #expect(try JSONCalls.message(notStaff) == "人员编号“ZF-510304102-002”不在大山铺镇的人员名册中")
            #expect(noItem.status == .unprocessableContent)
            #expect(opened.status == .created)
            #expect(made["state"] as? String == "open")
            #expect(future.status == .unprocessableContent)
            #expect(try JSONCalls.message(future) == "决定日期 2024-01-02 晚于今天（2023-12-31）")
            #expect(try JSONCalls.message(noCorrection) == "容错纠错决定必须登记纠错情况（采取的纠正措施和完成日期）")
            #expect(try JSONCalls.message(badArticle) == "法规库中没有“行政处罚法(2021-01-22)第99条”，请先导入该法规版本或改正条文")
            #expect(try JSONCalls.message(exemptByStatute) == "免予问责决定必须援引本区县登记的免予问责情形")
            #expect(decided.status == .ok)
            let final = try #require(try JSONCalls.object(decided)["case"] as? [String: Any])
            #expect(final["kind"] as? String == "tolerated")
            #expect(
                (final["situations"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["RC-09", "RC-01"])
            #expect(again.status == .conflict)
            let database = try await Self.databases.database(engine)
            let audited = try await AuditStore(database).search(
                AuditFilter(county: "510304", action: "accountability.case.decide", limit: 100))
            #expect(audited.entries.filter { $0.subject == id && $0.actor == "sifa" }.count == 1)
        }
    }

    @Test(
        "each role's page: 编办 and 司法局 record and decide, the township sees its own, the supervisor reads",
        arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let jiandu = try await StaffClient.login(client, "jiandu")
            // act
            let establishment = try await bianban.get(client, "/accountability")
            let township = try await dashanpu.get(client, "/accountability")
            let supervisor = try await jiandu.get(client, "/accountability")
            let person = try await bianban.get(client, "/accountability?person=ZF-510304105-001")
            // check
            #expect(establishment.status == .ok && township.status == .ok && supervisor.status == .ok)
            #expect(establishment.text.contains("问责立案") && establishment.text.contains("登记情形"))
            #expect(establishment.text.contains("/decision\""), "the open case offers its decision form")
            #expect(establishment.text.contains("合计：追责 2 件，免予问责 2 件，容错纠错 1 件；已立案待决定 1 件。"))
            #expect(!township.text.contains("问责立案") && !township.text.contains("/decision\""))
            #expect(township.text.contains("剧毒化学品") && !township.text.contains("团结镇"))
            #expect(!supervisor.text.contains("问责立案") && supervisor.text.contains("团结镇"))
            #expect(person.status == .ok && person.text.contains("人员问责记录"))
            #expect(person.text.contains("大安纪发〔2023〕12号") && !person.text.contains("大安纪发〔2023〕19号"))
        }
    }
}
