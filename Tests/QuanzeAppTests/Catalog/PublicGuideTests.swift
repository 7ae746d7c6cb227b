import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The public's questions answered on one screen (issue 13, point 6): the home page's search box, and the item
/// page's 办事指引 for a township — who acts, in whose name, since when, on which decision, where and whom to call,
/// the published document — with the township filter on its table.
@Suite("Public guide")
struct PublicGuideTests {
    static let township = "510304100000"

    @Test("the home page opens with a search of the catalogue")
    func homeSearch() async throws {
        try await withDemoApp(.sqlite) { client in
            let home = try await client.execute(uri: "/", method: .get)
            let results = try await client.execute(uri: "/items?q=食品", method: .get)
            #expect(home.status == .ok)
            #expect(
                home.text.contains(
                    "<form class=\"filters search\" method=\"get\" action=\"/items\" role=\"search\">"))
            #expect(home.text.contains("placeholder=\"输入事项名称或关键词，如：食品、燃气、宅基地\""))
            #expect(results.status == .ok && results.text.contains("href=\"/items/DA-CF-0001\""))
        }
    }

    @Test(
        "the guide names who acts, in whose name, since when, on which decision, where and whom to call",
        arguments: Engine.available)
    func guide(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup: the township's entries of each item as the ledger holds them, and its public contact
            let database = try await DemoDatabases.shared.database(engine)
            let contact = try #require(
                try await UnitContactStore(database).find(county: "510304", unit: Self.township))
            #expect(contact.address == "大山铺镇便民服务中心（演示地址）")
            let entries = try await ListStore(database).forItem(
                county: "510304", itemCode: "DA-CF-0001", on: DemoBuilder.today
            ).filter { $0.township.value == Self.township }
            let entry = try #require(entries.first)
            let decision = try #require(entry.decision)
            // act
            let page = try await client.execute(uri: "/items/DA-CF-0001?township=\(Self.township)", method: .get)
            let all = try await client.execute(uri: "/items/DA-CF-0001", method: .get)
            let unknown = try await client.execute(uri: "/items/DA-CF-0001?township=510304999000", method: .get)
            // check: the card comes first, before the item's facts
            let text = page.text
            #expect(page.status == .ok)
            let card = try #require(text.range(of: "<h2>办事指引</h2>"))
            let facts = try #require(text.range(of: "<dt>事项编码</dt>"))
            #expect(card.lowerBound < facts.lowerBound)
            let acts =
                entry.mode == .entrusted
                ? "大山铺镇以委托机关名义（\(EntryStanding.of(entry, townshipName: "大山铺镇", department: "大安区市场监督管理局").actingName)）办理"
                : "大山铺镇以本机关名义办理"
            #expect(text.contains("<strong>\(acts)</strong>"))
            #expect(text.contains("，\(entry.validFrom.chinese)起，依据<a href=\"\(DecisionsController.link(decision))\">"))
            #expect(text.contains("<dt>办事地址</dt><dd>大山铺镇便民服务中心（演示地址）</dd>"))
            #expect(text.contains("<a href=\"tel:\(contact.phone)\">\(contact.phone)</a>"))
            #expect(text.contains("<option value=\"\(Self.township)\" selected>大山铺镇</option>"))
            // the table lists the chosen township only; without a choice, every township holding the item
            #expect(text.contains("只列出大山铺镇。"))
            let rows = text.components(separatedBy: "<td data-label=\"镇街\">").count - 1
            #expect(rows == entries.count)
            let held = try await ListStore(database).forItem(
                county: "510304", itemCode: "DA-CF-0001", on: DemoBuilder.today)
            #expect(all.text.components(separatedBy: "<td data-label=\"镇街\">").count - 1 == held.count)
            #expect(all.text.contains("本事项由 \(Set(held.map(\.township)).count) 个镇街办理。"))
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("本区县没有代码为 510304999000 的镇街，请从列表中选择"))
        }
    }

    @Test("an entrusted entry names the entrusting department and links its published 委托书", arguments: Engine.available)
    func entrusted(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup: an entry of 大山铺镇 under a published 委托书
            let database = try await DemoDatabases.shared.database(engine)
            let documents = try await DelegationStore(database).list(Agreement.self, county: "510304")
                .filter { PublishedDocuments.isPublic($0) && $0.mode == .entrusted }
            let document = try #require(documents.first { d in d.lines.contains { $0.unit == Self.township } })
            let line = try #require(document.lines.first { $0.unit == Self.township })
            // act
            let page = try await client.execute(uri: "/items/\(line.itemCode)?township=\(Self.township)", method: .get)
            // check
            #expect(page.status == .ok)
            #expect(page.text.contains("<strong>大山铺镇以委托机关名义（"))
            #expect(page.text.contains("<a href=\"/agreements/\(document.id)\">查看公布的委托书</a>"))
            #expect(page.text.contains("<span class=\"muted\">委托机关名义</span>"))
        }
    }
}

/// Charts with axes and units, saying when every bar is the same, and the dashboards' data as CSV (point 8).
@Suite("Indicator charts and data")
struct IndicatorChartTests {
    @Test("bars carry their axis titles; equal bars say so")
    func bars() {
        let months = (1...12).map { ("\($0)月", Optional(1.0)) }
        let same = Charts.bars(
            months, title: "各月按期办结率", axis: "按期办结率（%）", across: "受理月份", scale: 1,
            format: { String(format: "%.0f%%", $0 * 100) })
        let differ = Charts.bars(
            [("1月", 3), ("2月", 5)], title: "各月办件量", axis: "办件量（件）", across: "受理月份",
            format: { String(Int($0)) })
        #expect(same.contains(">按期办结率（%）</text>"))
        #expect(same.contains(">受理月份</text>"))
        #expect(same.contains(">各月数值相同（均为 100%）</text>"))
        #expect(same.contains("aria-label=\"各月按期办结率：各月数值相同（均为 100%）\""))
        #expect(!differ.contains("数值相同"))
        #expect(differ.contains("viewBox=\"0 0 400 240\""))
        #expect(Charts.sameValueNote([nil, 2, 2], what: "各月", format: { String(Int($0)) }) == "各月数值相同（均为 2）")
        #expect(Charts.sameValueNote([nil, 2], what: "各月", format: { String(Int($0)) }) == nil)
    }

    @Test(
        "the dashboards end with links to their data as CSV and XLSX, the same figures as the API",
        arguments: Engine.available)
    func csv(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // act
            let page = try await client.execute(uri: "/indicators", method: .get)
            let file = try await client.execute(
                uri: "/indicators?from=2023-01&to=2023-12&format=csv&groupBy=township", method: .get)
            let workbook = try await client.execute(
                uri: "/indicators?from=2023-01&to=2023-12&format=xlsx&groupBy=township", method: .get)
            let api = try await IndicatorDashboardTests.groups(client, "from=2023-01&to=2023-12&groupBy=township")
            // check
            #expect(
                page.text.contains(
                    "按月 <a href=\"/indicators?from=2023-01&amp;to=2023-12&amp;format=csv&amp;groupBy=month\" download>CSV</a> "
                        + "<a href=\"/indicators?from=2023-01&amp;to=2023-12&amp;format=xlsx&amp;groupBy=month\" download>XLSX</a>；"
                ))
            #expect(!page.text.contains("/api/v1/indicators"))
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = file.text.components(separatedBy: "\n").filter { !$0.isEmpty }
            #expect(
                lines.first
                    == "\u{FEFF}镇街代码,镇街,办件量,按期办结率(%),超期,平均办理天数,满意度,部门代办占比(%),经合规检查件数,不合规件数")
            #expect(lines.count == api.count + 1)
            let first = try #require(api.first)
            let key = try #require(first["key"] as? String)
            let volume = try #require(first["volume"] as? Int)
            #expect(lines.contains { $0.hasPrefix("\(key),") && $0.split(separator: ",")[2] == "\(volume)" })
            #expect(
                workbook.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let sheet = try TablePagesTests.xlsxRows(Array(buffer: workbook.body))
            let csvCells = lines.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: ",") }
            #expect(sheet.first == csvCells.first, "the same header row")
            #expect(
                sheet.dropFirst().map { Array($0.prefix(3)) } == csvCells.dropFirst().map { Array($0.prefix(3)) },
                "the same townships and volumes, in the same order")
        }
    }
}
