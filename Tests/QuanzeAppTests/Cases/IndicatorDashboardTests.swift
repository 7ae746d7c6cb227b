import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The district, township and item dashboards show the figures `GET /api/v1/indicators?groupBy=…` answers for the
/// same selection, rankings add up, and unknown codes or malformed months are refused in Chinese.
@Suite("Indicator dashboards")
struct IndicatorDashboardTests {
    static let township = "510304100000"
    static let otherTownship = "510304001000"

    /// The rows of a ranking table on a page: linked code → (volume, on-time rate) as the page prints them.
    static func rankingRows(_ html: String, linkPrefix: String) -> [String: [String]] {
        let pattern =
            #"<a href="\#(linkPrefix)([^"?]+)\?[^"]*">[^<]*</a></td><td data-label="办件量" class="num">([^<]*)</td><td data-label="按期办结率" class="num">([^<]*)</td><td data-label="超期" class="num">([^<]*)</td><td data-label="平均办理天数" class="num">([^<]*)</td><td data-label="满意度" class="num">([^<]*)</td><td data-label="部门代办占比" class="num">([^<]*)</td>"#
        let regex = try! NSRegularExpression(pattern: pattern)
        var rows: [String: [String]] = [:]
        for m in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let parts = (1...7).map { String(html[Range(m.range(at: $0), in: html)!]) }
            rows[parts[0]] = Array(parts.dropFirst())
        }
        return rows
    }

    /// An API group's figures printed as the pages print them.
    static func printed(_ group: [String: Any]) -> [String] {
        [
            Format.count(group["volume"] as? Int ?? -1), CasesController.percentText(group["onTimeRate"] as? Double),
            String(group["overdue"] as? Int ?? -1),
            (group["meanDurationDays"] as? Double).map { String(format: "%.1f", $0) } ?? "—",
            (group["satisfaction"] as? Double).map { String(format: "%.2f", $0) } ?? "—",
            CasesController.percentText(group["departmentShare"] as? Double),
        ]
    }

    static func groups(_ client: any TestClientProtocol, _ query: String) async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/api/v1/indicators?\(query)", method: .get)
        #expect(response.status == .ok, "\(query)")
        return (try response.json() as? [String: Any])?["groups"] as? [[String: Any]] ?? []
    }

    @Test("township and item dashboards print the API's grouped figures; rankings add up", arguments: Engine.available)
    func dashboardsEqualAPI(engine: Engine) async throws {
        let tag = "\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup: records of our own in 2032, a year no other test writes: 大山铺镇 has two of DA-CF-0001 in
            // March (one closed late, one by the department) and one of DA-CF-0002 in April; another township one.
            let database = try await DemoDatabases.shared.database(engine)
            let (_, secret) = try await TokenStore(database).create(
                for: "xitong", name: "看板测试\(tag)", scope: [Self.township, Self.otherTownship], county: "510304",
                by: .system, at: Date())
            let records = [
                CaseIngestTests.record("D\(tag)-1", received: "2019-03-01", closed: "2019-03-05"),
                CaseIngestTests.record(
                    "D\(tag)-2", received: "2019-03-02", closed: "2019-03-04", handler: "department"),
                CaseIngestTests.record("D\(tag)-3", item: "DA-CF-0002", received: "2019-04-01", closed: "2019-04-02"),
                CaseIngestTests.record("D\(tag)-4", township: Self.otherTownship, received: "2019-04-03", closed: nil),
            ]
            let ingest = try await client.execute(
                uri: "/api/v1/cases", method: .post,
                headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"],
                body: CaseIngestTests.body(records))
            let period = "from=2019-01&to=2019-12"
            // act
            let byItem = try await Self.groups(client, "township=\(Self.township)&\(period)&groupBy=item")
            let byTownship = try await Self.groups(client, "\(period)&groupBy=township")
            let byMonth = try await Self.groups(client, "township=\(Self.township)&\(period)&groupBy=month")
            let plain = try await client.execute(uri: "/api/v1/indicators?\(period)", method: .get)
            let townshipPage = try await client.execute(
                uri: "/indicators/townships/\(Self.township)?\(period)", method: .get)
            let itemPage = try await client.execute(uri: "/indicators/items/DA-CF-0001?\(period)", method: .get)
            let itemByTownship = try await Self.groups(client, "item=DA-CF-0001&\(period)&groupBy=township")
            let district = try await client.execute(uri: "/indicators?\(period)", method: .get)
            // check
            #expect(ingest.status == .ok)
            #expect(((try ingest.json() as? [String: Any])?["accepted"] as? [Any])?.count == 4, "\(ingest.text)")
            #expect(byItem.map { $0["key"] as? String } == ["DA-CF-0001", "DA-CF-0002"], "ranked by volume")
            #expect(byItem.map { $0["volume"] as? Int } == [2, 1])
            #expect(byItem.allSatisfy { !($0["name"] as? String ?? "").isEmpty }, "item names")
            #expect(byItem[0]["departmentShare"] as? Double == 0.5)
            let row = byTownship.first { $0["key"] as? String == Self.township }
            #expect(row?["name"] as? String == "大山铺镇")
            for figure in ["volume", "closed", "onTime", "overdue"] {
                #expect(
                    byItem.map { $0[figure] as? Int ?? 0 }.reduce(0, +) == row?[figure] as? Int,
                    "the township's item ranking adds up to its row in the district ranking (\(figure))")
            }
            #expect(byMonth.map { $0["key"] as? String } == ["2019-03", "2019-04"])
            #expect(byMonth.map { $0["volume"] as? Int } == [2, 1])
            let plainJSON = try plain.json() as? [String: Any]
            #expect(
                plainJSON?["cells"] != nil && plainJSON?["groups"] == nil, "without groupBy the answer is as before")
            #expect(townshipPage.status == .ok && townshipPage.text.contains("大山铺镇"))
            #expect(townshipPage.text.contains("href=\"/townships/\(Self.township)\""))
            let pageItems = Self.rankingRows(townshipPage.text, linkPrefix: "/indicators/items/")
            #expect(pageItems.count == byItem.count)
            for group in byItem {
                #expect(pageItems[group["key"] as? String ?? ""] == Self.printed(group))
            }
            #expect(itemPage.status == .ok && itemPage.text.contains("href=\"/items/DA-CF-0001\""))
            let pageTownships = Self.rankingRows(itemPage.text, linkPrefix: "/indicators/townships/")
            #expect(pageTownships.count == itemByTownship.count && !pageTownships.isEmpty)
            for group in itemByTownship {
                #expect(pageTownships[group["key"] as? String ?? ""] == Self.printed(group))
            }
            let districtTownships = Self.rankingRows(district.text, linkPrefix: "/indicators/townships/")
            #expect(districtTownships[Self.township] == Self.printed(row ?? [:]))
            #expect(district.text.contains("/indicators/townships/\(Self.township)?from=2019-01&amp;to=2019-12"))
            #expect(Self.rankingRows(district.text, linkPrefix: "/indicators/items/")["DA-CF-0002"] != nil)
            #expect(!townshipPage.text.contains("style=") && !itemPage.text.contains("style="), "CSP")
        }
    }

    @Test("on the demo's 2022 data every ranking row of the pages is the API's", arguments: Engine.available)
    func demoPagesEqualAPI(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let period = "from=2022-01&to=2022-12"
            // act
            let byTownship = try await Self.groups(client, "\(period)&groupBy=township")
            let byItem = try await Self.groups(client, "township=\(Self.township)&\(period)&groupBy=item")
            let districtByItem = try await Self.groups(client, "\(period)&groupBy=item")
            let district = try await client.execute(uri: "/indicators?\(period)", method: .get)
            let townshipPage = try await client.execute(
                uri: "/indicators/townships/\(Self.township)?\(period)", method: .get)
            // check
            let districtRows = Self.rankingRows(district.text, linkPrefix: "/indicators/townships/")
            #expect(!byTownship.isEmpty && districtRows.count == byTownship.count)
            for group in byTownship {
                #expect(districtRows[group["key"] as? String ?? ""] == Self.printed(group))
            }
            let districtItems = Self.rankingRows(district.text, linkPrefix: "/indicators/items/")
            #expect(
                districtItems.count == min(CasesController.topItems, districtByItem.count) && !districtItems.isEmpty)
            for group in districtByItem.prefix(CasesController.topItems) {
                #expect(districtItems[group["key"] as? String ?? ""] == Self.printed(group))
            }
            let townshipRows = Self.rankingRows(townshipPage.text, linkPrefix: "/indicators/items/")
            #expect(!byItem.isEmpty && townshipRows.count == byItem.count)
            for group in byItem {
                #expect(townshipRows[group["key"] as? String ?? ""] == Self.printed(group))
            }
            let row = byTownship.first { $0["key"] as? String == Self.township }
            #expect(byItem.map { $0["volume"] as? Int ?? 0 }.reduce(0, +) == row?["volume"] as? Int)
        }
    }

    @Test("unknown codes are 404, malformed months and groupings 400, in Chinese", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/indicators/townships/510304999000", .notFound, "没有代码为 510304999000 的镇街"),
                ("/indicators/items/NO-SUCH-1", .notFound, "事项目录中没有编码为 NO-SUCH-1 的事项"),
                ("/indicators/townships/\(Self.township)?from=2019-13", .badRequest, "起始月份应写作 2023-12 这样的年-月"),
                ("/indicators/items/DA-CF-0001?to=2032", .badRequest, "截止月份应写作 2023-12 这样的年-月"),
                ("/indicators?format=pdf", .badRequest, "导出格式“pdf”不正确，应为 csv 或 xlsx"),
                ("/indicators/townships/\(Self.township)?format=csv&groupBy=township", .badRequest, "分组方式只能是按月、按事项"),
                ("/api/v1/indicators?groupBy=week", .badRequest, "groupBy"),
            ]
            for (uri, status, message) in cases {
                // act
                let response = try await client.execute(uri: uri, method: .get)
                // check
                #expect(response.status == status, "\(uri)")
                #expect(response.text.contains(message), "\(uri)")
            }
            let township = try await client.execute(uri: "/townships/\(Self.township)", method: .get)
            let item = try await client.execute(uri: "/items/DA-CF-0001", method: .get)
            #expect(township.text.contains("href=\"/indicators/townships/\(Self.township)\">运行指标"))
            #expect(item.text.contains("href=\"/indicators/items/DA-CF-0001\">运行指标"))
        }
    }
}
