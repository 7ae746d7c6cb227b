import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp

/// The guidance library over HTTP (issue 16 point 4): the demo's documents and discretion standards on the item
/// page, the document page, the public search and its API twin on the pristine demo; publishing, versions and
/// refusals (nothing half-written, every write audited) on this suite's own copy of the demo.
@Suite("Guidance library through HTTP")
struct GuidanceAppTests {
    static let databases = DemoDatabases()

    @Test(
        "the demo: the item page shows the standard in force and its history, the documents; search and API agree",
        arguments: Engine.available)
    func demo(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let item = try await client.execute(uri: "/items/DA-CF-0064", method: .get)
            let breeds = try await client.execute(uri: "/items/DA-CF-0189", method: .get)
            let licence = try await client.execute(uri: "/items/DA-XK-0001", method: .get)
            let document = try await client.execute(uri: "/guidance/documents/ZN-0001", method: .get)
            let older = try await client.execute(uri: "/guidance/documents/ZN-0001?version=1", method: .get)
            let search = try await client.execute(
                uri: "/guidance/discretion?q=\(percentEncode("没收"))", method: .get)
            let api = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/guidance/discretion?q=\(percentEncode("没收"))", method: .get))
            let all = try JSONCalls.object(try await client.execute(uri: "/api/v1/guidance/discretion", method: .get))
            let versions = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/guidance/discretion/DA-CF-0064", method: .get))
            let documents = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/guidance/documents?item=DA-CF-0065", method: .get))
            // check: the item page
            #expect(item.status == .ok)
            #expect(item.text.contains("行政处罚裁量基准"))
            #expect(item.text.contains("罚款 10,000–30,000 元（并责令限期改正）"))
            #expect(item.text.contains("罚款 50,000–200,000 元，责令停产停业"))
            #expect(!item.text.contains("罚款 10,000–40,000 元"))
            #expect(item.text.contains("大安应急发〔2023〕12号（演示数据）"))
            #expect(item.text.contains("已被第 2 版替代（2023年7月1日起）"))
            #expect(item.text.contains("《行政处罚法》（2021年1月22日版）第33条"))
            #expect(item.text.contains("<a href=\"/guidance/documents/ZN-0001\">安全设备现场检查工作指南</a>"))
            #expect(breeds.text.contains("没收违法所得、没收非法财物（没收畜禽和违法所得，并处违法所得一倍以上三倍以下罚款）"))
            #expect(breeds.text.contains("销售未经审定畜禽品种案件案例手册"))
            #expect(!licence.text.contains("行政处罚裁量基准") && !licence.text.contains("id=\"guidance\""))
            // the document page: the version in force, its history; an older version on request
            #expect(document.status == .ok && document.text.contains("第 2 版 · 现行有效"))
            #expect(document.text.contains("并在期限届满后3个工作日内复查"))
            #expect(older.text.contains("第 1 版 · 已被第 2 版替代（2023年9月1日起）"))
            #expect(!older.text.contains("并在期限届满后3个工作日内复查"))
            // search: the page and the API twin list the same items and rows
            let results = try #require(api["results"] as? [[String: Any]])
            #expect(results.compactMap { $0["itemCode"] as? String } == ["DA-CF-0125", "DA-CF-0189"])
            #expect(results.map { ($0["rows"] as? [Any])?.count ?? 0 } == [3, 3])
            #expect(search.status == .ok && search.text.contains("“没收”：2 个事项的 6 档情节。"))
            let every = try #require(all["results"] as? [[String: Any]])
            #expect(
                every.compactMap { $0["itemCode"] as? String } == [
                    "DA-CF-0064", "DA-CF-0125", "DA-CF-0189", "DA-CF-0200",
                ])
            let history = try #require(versions["versions"] as? [[String: Any]])
            #expect(history.compactMap { $0["standing"] as? String } == ["已被第 2 版替代（2023年7月1日起）", "现行有效"])
            let rows = try #require(history.last?["rows"] as? [[String: Any]])
            #expect(rows.compactMap { $0["circumstance"] as? String } == ["轻微", "一般", "较重", "严重"])
            #expect(rows[1]["articles"] as? [String] == ["安全生产法(2021-06-10)第99条"])
            #expect((rows[1]["penalty"] as? [String: Any])?["fineMax"] as? Int == 30000)
            let attached = try #require(documents["documents"] as? [[String: Any]])
            #expect(attached.compactMap { $0["id"] as? String } == ["ZN-0001"])
            #expect(attached.first?["version"] as? Int == 2)
        }
    }

    static func guidanceActions(_ engine: Engine) async throws -> [String] {
        let database = try await databases.database(engine)
        return try await database.read { db in
            try await db.raw(
                "SELECT action FROM audit_entries WHERE county = '510304' AND action LIKE 'guidance.%' ORDER BY seq"
            ).all().map { try $0.decode(column: "action", as: String.self) }
        }
    }

    static var row: [String: Any] {
        [
            "circumstance": "一般", "facts": "未按期检测1台（套）安全设备", "kinds": ["fine"], "fineMin": 5000, "fineMax": 20000,
            "note": "并责令限期改正", "articles": ["安全生产法(2021-06-10)第99条"],
        ]
    }

    @Test(
        "publish, version and refuse: competence, penalty items only, articles in the law library, dates in order",
        arguments: Engine.available)
    func workflow(engine: Engine) async throws {
        try await withDemoApp(engine, databases: Self.databases) { client in
            // setup
            let yingji = try await StaffClient.login(client, "yingji")
            let shichang = try await StaffClient.login(client, "shichang")
            let sifa = try await StaffClient.login(client, "sifa")
            let before = try await Self.guidanceActions(engine)
            // act: a document and its versions
            let made = try await JSONCalls.post(
                client, yingji, "/api/v1/guidance/documents",
                [
                    "kind": "handbook", "items": ["DA-CF-0065"], "title": "安全设备维护保养检查手册",
                    "body": "一、检查维护保养记录。\n二、核对检测报告。", "source": "大安应急发〔2023〕20号", "effectiveOn": "2023-10-01",
                ])
            let id = try #require((try JSONCalls.object(made)["document"] as? [String: Any])?["id"] as? String)
            let early = try await JSONCalls.post(
                client, yingji, "/api/v1/guidance/documents/\(id)/versions",
                [
                    "kind": "handbook", "items": "DA-CF-0065", "title": "第二版", "body": "正文", "source": "大安应急发〔2023〕21号",
                    "effectiveOn": "2023-09-30",
                ])
            let otherKind = try await JSONCalls.post(
                client, yingji, "/api/v1/guidance/documents/\(id)/versions",
                [
                    "kind": "工作指南", "items": "DA-CF-0065", "title": "第二版", "body": "正文", "source": "大安应急发〔2023〕21号",
                    "effectiveOn": "2023-12-01",
                ])
            let foreignItem = try await JSONCalls.post(
                client, shichang, "/api/v1/guidance/documents",
                ["kind": "工作指南", "items": "DA-CF-0065", "title": "标题", "body": "正文", "source": "某文"])
            let revised = try await JSONCalls.post(
                client, sifa, "/api/v1/guidance/documents/\(id)/versions",
                [
                    "kind": "handbook", "items": "DA-CF-0065；DA-CF-0064", "title": "安全设备维护保养检查手册",
                    "body": "一、检查维护保养记录。\n二、核对检测报告。\n三、复查整改情况。", "source": "大安司发〔2023〕4号",
                    "effectiveOn": "2023-12-01",
                ])
            // act: discretion standards
            let wrongDepartment = try await JSONCalls.post(
                client, shichang, "/api/v1/guidance/discretion/DA-CF-0065",
                ["source": "某文", "rows": [Self.row]])
            let unknownArticle = try await JSONCalls.post(
                client, yingji, "/api/v1/guidance/discretion/DA-CF-0065",
                [
                    "source": "大安应急发〔2023〕22号",
                    "rows": [Self.row.merging(["articles": ["安全生产法(2021-06-10)第999条"]]) { $1 }],
                ])
            let inverted = try await JSONCalls.post(
                client, yingji, "/api/v1/guidance/discretion/DA-CF-0065",
                ["source": "大安应急发〔2023〕22号", "rows": [Self.row.merging(["fineMin": 30000]) { $1 }]])
            let overlapping = try await JSONCalls.post(
                client, yingji, "/api/v1/guidance/discretion/DA-CF-0065",
                [
                    "source": "大安应急发〔2023〕22号",
                    "rows": [
                        Self.row, Self.row.merging(["circumstance": "较重", "fineMin": 19999, "fineMax": 50000]) { $1 },
                    ],
                ])
            let licensing = try await JSONCalls.post(
                client, sifa, "/api/v1/guidance/discretion/DA-XK-0001", ["source": "某文", "rows": [Self.row]])
            let nothing = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/guidance/discretion/DA-CF-0065", method: .get))
            let first = try await JSONCalls.post(
                client, yingji, "/api/v1/guidance/discretion/DA-CF-0065",
                ["source": "大安应急发〔2023〕22号", "effectiveOn": "2023-11-01", "rows": [Self.row]])
            let form = try await yingji.post(
                client, "/api/v1/guidance/discretion",
                [
                    ("item", "DA-CF-0065"), ("source", "大安应急发〔2023〕23号"), ("effectiveOn", "2023-12-01"),
                    ("circumstance1", "一般"), ("facts1", "未按期检测"), ("kinds1", "fine"), ("fineMin1", "5,000"),
                    ("fineMax1", "20000"), ("articles1", "安全生产法(2021-06-10)第99条"), ("circumstance2", "较重"),
                    ("facts2", "逾期未改正"), ("kinds2", "fine"), ("kinds2", "suspension"), ("fineMin2", "50000"),
                    ("fineMax2", "200000"), ("articles2", "安全生产法(2021-06-10)第99条"),
                ])
            let versions = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/guidance/discretion/DA-CF-0065", method: .get))
            let page = try await client.execute(uri: "/items/DA-CF-0065", method: .get)
            let work = try await yingji.get(client, "/guidance")
            let after = try await Self.guidanceActions(engine)
            // check: documents
            #expect(made.status == .created && id == "ZN-0004")
            #expect(early.status == .unprocessableContent)
            #expect(try JSONCalls.message(early) == "新版本的施行日期2023年9月30日早于第 1 版的施行日期2023年10月1日")
            #expect(otherKind.status == .unprocessableContent)
            #expect(try JSONCalls.message(otherKind) == "修订版本须与原材料同类：原为执法实用手册，不能改为工作指南")
            #expect(foreignItem.status == .forbidden)
            let second = try #require(try JSONCalls.object(revised)["document"] as? [String: Any])
            #expect(revised.status == .created && second["version"] as? Int == 2)
            #expect(second["itemCodes"] as? [String] == ["DA-CF-0065", "DA-CF-0064"])
            #expect((second["issuer"] as? [String: Any])?["name"] as? String == "大安区司法局")
            // check: standards
            #expect(wrongDepartment.status == .forbidden)
            #expect(
                try JSONCalls.message(wrongDepartment)
                    == "事项“对未对安全设备进行经常性维护、保养和定期检测的处罚”的实施部门是大安区应急管理局，只有该部门、编办或司法局可以为其发布")
            #expect(unknownArticle.status == .unprocessableContent)
            #expect(try JSONCalls.message(unknownArticle).hasPrefix("法律条文“安全生产法(2021-06-10)第999条”不在法律法规库中"))
            #expect(try JSONCalls.message(inverted) == "第 1 档：罚款下限 30,000 元高于上限 20,000 元")
            #expect(try JSONCalls.message(overlapping) == "情节“一般”的罚款上限高于情节“较重”的罚款下限：各档幅度不能交叉")
            #expect(licensing.status == .unprocessableContent)
            #expect(try JSONCalls.message(licensing).hasPrefix("裁量基准只适用于行政处罚事项"))
            #expect((nothing["versions"] as? [Any])?.isEmpty == true)
            #expect(first.status == .created && form.status == .seeOther)
            #expect(form.headers[.location] == "/guidance?done=1")
            let history = try #require(versions["versions"] as? [[String: Any]])
            #expect(history.compactMap { $0["version"] as? Int } == [1, 2])
            #expect(history.compactMap { $0["source"] as? String } == ["大安应急发〔2023〕22号", "大安应急发〔2023〕23号"])
            let formRows = try #require(history.last?["rows"] as? [[String: Any]])
            #expect(
                formRows.compactMap { ($0["penalty"] as? [String: Any])?["text"] as? String } == [
                    "罚款 5000–20,000 元", "罚款 50,000–200,000 元，责令停产停业",
                ])
            #expect(page.text.contains("安全设备维护保养检查手册") && page.text.contains("罚款 50,000–200,000 元，责令停产停业"))
            #expect(work.status == .ok && work.text.contains("安全设备维护保养检查手册"))
            // every write audited once, nothing for the refusals
            #expect(
                Array(after.dropFirst(before.count)) == [
                    "guidance.document.publish", "guidance.document.revise", "guidance.discretion.publish",
                    "guidance.discretion.publish",
                ])
        }
    }
}
