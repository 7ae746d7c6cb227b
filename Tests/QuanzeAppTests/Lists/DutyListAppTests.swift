import Foundation
import HummingbirdTesting
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzeApp
@testable import QuanzePersistence

/// The 履行职责事项清单 page, API and workbook: derived from the lists, every entry in force accounted for once.
@Suite("履行职责事项清单: page, API and XLSX")
struct DutyListAppTests {
    static let township = "510304100000"

    /// The entry ids of the API's 基本 and 配合 lines, and the recalled items.
    static func parts(_ json: Any) throws -> (
        basic: [String], cooperating: [String], recalled: [[String: Any]], total: Int
    ) {
        let object = try #require(json as? [String: Any])
        let parts = try #require(object["parts"] as? [[String: Any]])
        func lines(_ part: String) throws -> [[String: Any]] {
            try #require(parts.first { $0["part"] as? String == part }?["lines"] as? [[String: Any]])
        }
        let ids = { (lines: [[String: Any]]) in lines.flatMap { $0["entryIds"] as? [String] ?? [] } }
        return (
            ids(try lines("basic")), ids(try lines("cooperating")), try lines("recalled"),
            try #require(object["entriesInForce"] as? Int)
        )
    }

    @Test(
        "大山铺镇: every entry in force is in exactly one line of 基本 or 配合; 收回 holds the recalled delegations and the adjusted-away entrusted services",
        arguments: Engine.available)
    func demo(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.pristine.database(engine)
        let town = RegionCode(Self.township)!
        let day = Day(iso: "2023-12-31")!
        let inForce = try await ListStore(database).inForce(county: "510304", township: town, on: day)
        let delegations = try await DelegationStore(database).list(Delegation.self, county: "510304", unit: town.value)
        let taken = Set(
            delegations.filter { $0.state == .recalled && ($0.endedOn.map { $0 <= day } ?? false) }.map(\.itemCode))
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let response = try await client.execute(
                uri: "/api/v1/townships/\(Self.township)/duties?asOf=2023-12-31", method: .get)
            // check
            #expect(response.status == .ok)
            let (basic, cooperating, recalled, total) = try Self.parts(try response.json())
            let all = basic + cooperating
            #expect(all.count == inForce.count)
            #expect(Set(all).count == all.count, "no entry in two lines")
            #expect(Set(all) == Set(inForce.map(\.entryId)))
            #expect(total == inForce.count)
            #expect(inForce.count == 702)
            #expect(cooperating.count == inForce.filter { $0.list == .territorial && $0.role == .cooperating }.count)
            #expect(basic.count == 655)
            #expect(cooperating.count == 47)
            // The 14 delegations the lifecycle recalled, and the two entrusted 交通运输局 public services the approval
            // list's adjustment of 2023 took off the township's lists (no delegation record: they came in with
            // the 2021 lists).
            let codes = Set(recalled.compactMap { $0["itemCode"] as? String })
            #expect(taken.count == 14)
            #expect(codes == taken.union(["51201828500003", "51201828500004"]))
            #expect(recalled.count == 16)
            #expect(
                recalled.filter { !taken.contains($0["itemCode"] as? String ?? "") }.map {
                    $0["recallDecision"] as? String
                }
                    == ["大安府办发〔2023〕19号", "大安府办发〔2023〕19号"])
            #expect(recalled.allSatisfy { ($0["recallDecision"] as? String)?.isEmpty == false })
        }
    }

    @Test(
        "the page shows the three parts with their counts and a workbook in the national layout",
        arguments: Engine.available)
    func pageAndWorkbook(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let page = try await client.execute(uri: "/townships/\(Self.township)/duties?asOf=2023-12-31", method: .get)
            let xlsx = try await client.execute(
                uri: "/townships/\(Self.township)/duties?asOf=2023-12-31&format=xlsx", method: .get)
            let api = try await client.execute(
                uri: "/api/v1/townships/\(Self.township)/duties?asOf=2023-12-31&format=xlsx", method: .get)
            let bad = try await client.execute(
                uri: "/townships/\(Self.township)/duties?format=pdf", method: .get)
            let township = try await client.execute(uri: "/townships/\(Self.township)", method: .get)
            // check
            #expect(page.status == .ok)
            for label in ["基本履职事项", "配合履职事项", "上级部门收回事项"] { #expect(page.text.contains(label)) }
            #expect(page.text.contains("截至 2023年12月31日 的履行职责事项清单"))
            #expect(PageText.isoDates(in: page.text) == [])
            #expect(township.text.contains("href=\"/townships/\(Self.township)/duties?asOf=2023-12-31\""))
            #expect(bad.status == .badRequest)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(buffer: xlsx.body) == Array(buffer: api.body))
            let files = try OpenDataFiles.unzip(Array(buffer: xlsx.body))
            #expect(
                files["xl/workbook.xml"]?.contains("<sheet name=\"上级部门收回事项\" sheetId=\"3\" r:id=\"rId3\"/>") == true)
            let basic = OpenDataFiles.rows(try #require(files["xl/worksheets/sheet1.xml"]))
            #expect(basic[0] == ["大山铺镇履行职责事项清单——基本履职事项"])
            #expect(basic[1].first == "清单日期")
            #expect(basic[2] == ["序号", "事项名称", "事项编码", "事项类型", "履职方式", "所在清单", "履职依据", "依据文件", "生效日期"])
            let recalled = OpenDataFiles.rows(try #require(files["xl/worksheets/sheet3.xml"]))
            #expect(recalled[2] == ["序号", "事项名称", "事项编码", "事项类型", "原履职方式", "原所在清单", "收回部门", "收回决定", "收回日期"])
        }
    }

    /// A town of one county of its own: a statutory power on two lists, a territorial duty it leads, two it
    /// cooperates in, a granted power on two lists that a recall takes back, and an entrusted one.
    static func smallCounty(_ engine: Engine) async throws -> any Database {
        let database = try await engine.openScratch(prefix: "qz_duty")
        let county = "510398"
        let countyCode = RegionCode("510398000000")!
        let town = RegionCode("510398100000")!
        let now = Date()
        let issuance = Decision(
            county: county, number: "小县府发〔2021〕1号", title: "关于印发镇权责清单的通知", issuer: "小县人民政府",
            date: Day(iso: "2021-03-01")!, kind: .listIssuance)
        let grant = Decision(
            county: county, number: "小县府发〔2021〕2号", title: "关于赋予镇部分县级权力的决定", issuer: "小县人民政府",
            date: Day(iso: "2021-06-01")!, kind: .grantDecision)
        let recall = Decision(
            county: county, number: "小县府办发〔2023〕3号", title: "关于收回部分县级权力事项的通知", issuer: "小县人民政府办公室",
            date: Day(iso: "2023-08-01")!, kind: .recall)
        func item(_ code: String, _ name: String, _ category: ItemCategory, level: CompetentLevel = .county)
            -> PowerItem
        {
            var item = PowerItem(
                county: county, code: code, name: name, category: category, department: "小县农业农村局",
                legalBases: [])
            item.competentLevel = level
            return item
        }
        let items = [
            item("XX-FD-1", "镇本级法定许可", .licensing, level: .township),
            item("XX-SD-1", "森林防火", .other), item("XX-SD-2", "地质灾害巡查", .other),
            item("XX-SD-3", "河道保洁", .other), item("XX-FQ-1", "对违法捕捞的处罚", .penalty),
            item("XX-WT-1", "农机登记", .licensing),
        ]
        try await database.transaction { db in
            try await RegionStore(database).upsert(
                [
                    Region(code: countyCode, name: "小县", parent: nil),
                    Region(code: town, name: "小河镇", parent: countyCode),
                ],
                on: db)
            try await ItemStore(database).save(items, on: db)
            try await DecisionStore(database).save([issuance, grant, recall], on: db)
        }
        let service = ListService(database)
        let from = Day(iso: "2021-07-01")!
        func add(_ item: String, _ list: ListKind, _ terms: Assignment.Terms) -> ListChange {
            .add(township: town, itemCode: item, list: list, terms: terms, from: from, until: nil)
        }
        try await service.apply(
            [
                add("XX-FD-1", .statutory, .init(mode: .statutory)), add("XX-FD-1", .approval, .init(mode: .statutory)),
                add("XX-SD-1", .territorial, .init(mode: .statutory, role: .primary, partner: "小县应急管理局")),
                add("XX-SD-2", .territorial, .init(mode: .statutory, role: .cooperating, partner: "小县自然资源局")),
                add("XX-SD-3", .territorial, .init(mode: .statutory, role: .cooperating, partner: "小县水务局")),
            ], county: county, citation: .decision(issuance.number), actor: .system, at: now)
        try await service.apply(
            [
                add("XX-FQ-1", .empowerment, .init(mode: .granted)),
                add("XX-FQ-1", .enforcement, .init(mode: .granted)),
                add("XX-WT-1", .empowerment, .init(mode: .entrusted, partner: "小县农业农村局")),
                add("XX-WT-1", .approval, .init(mode: .entrusted, partner: "小县农业农村局")),
            ], county: county, citation: .decision(grant.number), actor: .system, at: now)
        let day = Day(iso: "2023-09-01")!
        try await service.apply(
            [
                .withdraw(township: town, itemCode: "XX-FQ-1", list: .empowerment, on: day),
                .withdraw(township: town, itemCode: "XX-FQ-1", list: .enforcement, on: day),
            ], county: county, citation: .decision(recall.number), actor: .system, at: now)
        return database
    }

    @Test("a small town of its own: exact lines in each part, before and after the recall", arguments: Engine.available)
    func small(engine: Engine) async throws {
        // setup
        let database = try await Self.smallCounty(engine)
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510398",
            today: Day(iso: "2023-12-31"), security: testSecurity)
        let app = try await buildApplication(configuration: configuration, database: database, logger: quietLogger)
        try await app.test(.router) { client in
            // act
            let before = try await client.execute(
                uri: "/api/v1/townships/510398100000/duties?asOf=2023-08-31", method: .get)
            let after = try await client.execute(uri: "/api/v1/townships/510398100000/duties", method: .get)
            // check
            func lines(_ response: TestResponse, _ part: String) throws -> [[String: Any]] {
                let object = try #require(try response.json() as? [String: Any])
                let parts = try #require(object["parts"] as? [[String: Any]])
                return try #require(parts.first { $0["part"] as? String == part }?["lines"] as? [[String: Any]])
            }
            func codes(_ lines: [[String: Any]]) -> [String] { lines.compactMap { $0["itemCode"] as? String } }
            #expect(codes(try lines(before, "basic")) == ["XX-FD-1", "XX-FQ-1", "XX-SD-1", "XX-WT-1"])
            #expect(codes(try lines(before, "cooperating")) == ["XX-SD-2", "XX-SD-3"])
            #expect(codes(try lines(before, "recalled")) == [])
            let (b, c, _, total) = try Self.parts(try before.json())
            #expect(b.count == 7)
            #expect(c.count == 2)
            #expect(total == 9)
            #expect(codes(try lines(after, "basic")) == ["XX-FD-1", "XX-SD-1", "XX-WT-1"])
            #expect(codes(try lines(after, "cooperating")) == ["XX-SD-2", "XX-SD-3"])
            let recalled = try lines(after, "recalled")
            #expect(codes(recalled) == ["XX-FQ-1"])
            #expect(recalled.first?["recallDecision"] as? String == "小县府办发〔2023〕3号")
            #expect(recalled.first?["recalledOn"] as? String == "2023-09-01")
            #expect(recalled.first?["lists"] as? [String] == ["empowerment", "enforcement"])
            #expect(recalled.first?["department"] as? String == "小县农业农村局")
            let cooperating = try lines(after, "cooperating")
            #expect(cooperating.map { $0["partnerText"] as? String } == ["小县自然资源局", "小县水务局"])
            let wt = try lines(after, "basic").first { $0["itemCode"] as? String == "XX-WT-1" }
            #expect(wt?["duty"] as? String == "委托（以小县农业农村局名义）")
            let (ab, ac, _, afterTotal) = try Self.parts(try after.json())
            #expect(ab.count == 5)
            #expect(ac.count == 2)
            #expect(afterTotal == 7)
        }
        try await database.shutdown()
    }
}
