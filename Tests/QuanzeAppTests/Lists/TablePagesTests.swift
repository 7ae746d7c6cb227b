import Foundation
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The one table mechanism on the demo's pages: filter, sort and page give exactly the expected rows, and an export
/// of a filtered view holds exactly those rows, as CSV and as XLSX.
@Suite("Table pages: filter, sort, page and export")
struct TablePagesTests {
    static let township = "510304100000"

    /// The item codes of the rows of a township list table, in page order.
    static func codes(_ html: String) -> [String] {
        guard let start = html.range(of: "<tbody>"),
            let end = html.range(of: "</tbody>", range: start.upperBound..<html.endIndex)
        else { return [] }
        return html[start.upperBound..<end.lowerBound].matches(
            of: #/<td data-label="事项编码"><code class="code">([^<]+)</code>/#
        )
        .map { String($0.output.1) }
    }

    /// The cells of a CSV export (BOM dropped; no cell of these tables holds a comma, quote or line break).
    static func csvRows(_ text: String) -> [[String]] {
        #expect(text.hasPrefix("\u{FEFF}"), "a BOM for Excel")
        return text.dropFirst().split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The shared strings of an XLSX export's sheet, row by row (inline strings and numbers by cell).
    static func xlsxRows(_ bytes: [UInt8]) throws -> [[String]] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let end = bytes.count - 22
        try #require(u32(end) == 0x0605_4b50)
        var at = u32(end + 16)
        var sheet: String?
        for _ in 0..<u16(end + 10) {
            let size = u32(at + 20)
            let nameLength = u16(at + 28)
            let offset = u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let start = offset + 30 + nameLength
            if name == "xl/worksheets/sheet1.xml" {
                sheet = String(decoding: bytes[start..<(start + size)], as: UTF8.self)
            }
            at += 46 + nameLength
        }
        let xml = try #require(sheet)
        return xml.matches(of: #/<row r="\d+">(.*?)</row>/#).map { row in
            row.output.1.matches(
                of: #/<c r="[A-Z]+\d+"[^>]*>(?:<is><t xml:space="preserve">(.*?)</t></is>|<v>(.*?)</v>)</c>/#
            )
            .map { String($0.output.1 ?? $0.output.2 ?? "") }
        }
    }

    @Test(
        "a township's page opens on its five lists with counts and links, under 100 KB at the demo's biggest township",
        arguments: Engine.available)
    func summary(engine: Engine) async throws {
        // setup: the demo's township with the most entries
        let database = try await DemoDatabases.shared.database(engine)
        var largest = (code: "", count: 0, counts: [ListKind: Int]())
        for (region, _) in try await RegionStore(database).townships(county: "510304") {
            let entries = try await ListStore(database).inForce(
                county: "510304", township: region.code, on: DemoBuilder.today)
            if entries.count > largest.count { largest = (region.code.value, entries.count, ListQuery.counts(entries)) }
        }
        let biggest = largest
        try await withDemoApp(engine) { client in
            // act
            let page = try await client.execute(uri: "/townships/\(biggest.code)", method: .get)
            // check
            #expect(page.status == .ok)
            #expect(page.body.readableBytes < 100_000, "\(page.body.readableBytes) bytes")
            for kind in ListKind.allCases {
                #expect(
                    page.text.contains(
                        "<td data-label=\"清单\"><a href=\"/townships/\(biggest.code)?asOf=2023-12-31&amp;list=\(kind.rawValue)\">\(kind.label)</a></td><td data-label=\"条目数\" class=\"num\">\(biggest.counts[kind] ?? -1)</td>"
                    ), "\(kind)")
            }
            #expect(Self.codes(page.text).isEmpty, "no entry rows before a list is chosen")
        }
    }

    @Test(
        "filter, sort and page of a township's list give exactly the expected rows; its exports hold every filtered row",
        arguments: Engine.available)
    func townshipList(engine: Engine) async throws {
        // setup: what the query should give, from the stored lists
        let database = try await DemoDatabases.shared.database(engine)
        let entries = try await ListStore(database).inForce(
            county: "510304", township: RegionCode(Self.township)!, on: DemoBuilder.today)
        let expected = entries.filter { $0.list == .enforcement && $0.mode == .granted }.map(\.itemCode)
            .sorted(by: >)
        try #require(expected.count > 20)
        let base = "/townships/\(Self.township)?list=enforcement&mode=granted&sort=code&dir=desc"
        try await withDemoApp(engine) { client in
            // act
            let second = try await client.execute(uri: base + "&size=10&page=2", method: .get)
            let past = try await client.execute(uri: base + "&size=10&page=999", method: .get)
            let csv = try await client.execute(uri: base + "&size=10&page=2&format=csv", method: .get)
            let xlsx = try await client.execute(uri: base + "&format=xlsx", method: .get)
            // check
            #expect(Self.codes(second.text) == Array(expected[10..<20]))
            // each row's 文号 opens its decision page (the demo registers every decision it cites)
            let cited = try #require(
                entries.first { $0.list == .enforcement && $0.itemCode == expected[10] }?.decision)
            #expect(second.text.contains("<a href=\"\(DecisionsController.link(cited))\">\(cited)</a>"))
            #expect(
                second.text.contains("筛选出 \(expected.count) 条，共 \(entries.filter { $0.list == .enforcement }.count) 条"))
            let last = (expected.count + 9) / 10
            #expect(
                Self.codes(past.text) == Array(expected[((last - 1) * 10)...]), "a page past the last shows the last")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = Self.csvRows(csv.text)
            #expect(rows.first == ["事项编码", "事项名称", "事项类型", "方式", "行使名义", "法律责任主体", "协同部门", "依据文件", "生效日期"])
            #expect(rows.dropFirst().map { $0[0] } == expected, "every filtered row, not only the page")
            #expect(rows.dropFirst().allSatisfy { $0[3] == "赋权" })
            #expect(
                xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let sheet = try Self.xlsxRows(Array(buffer: xlsx.body))
            #expect(sheet.first == rows.first)
            #expect(sheet.dropFirst().map { $0[0] } == expected)
            // the 生效日期 column is a date serial, the same day as the CSV's
            let csvDay = try #require(Day(iso: rows[1][8]))
            #expect(sheet[1][8] == String(csvDay.ordinal + TableExport.excelSerialOf1970))
        }
    }

    @Test(
        "a one- or two-character Chinese keyword finds its entries; the catalogue sorts and exports what it filters",
        arguments: Engine.available)
    func keywordAndCatalogue(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let entries = try await ListStore(database).inForce(
            county: "510304", township: RegionCode(Self.township)!, on: DemoBuilder.today
        ).filter { $0.list == .enforcement }
        let items = Dictionary(
            uniqueKeysWithValues: try await ItemStore(database).items(county: "510304", codes: entries.map(\.itemCode))
                .map { ($0.code, $0) })
        let food = entries.filter { items[$0.itemCode]?.name.contains("食品") == true }.map(\.itemCode).sorted()
        try #require(!food.isEmpty)
        let (catalogue, _) = try await ItemStore(database).search(
            county: "510304", filter: ItemFilter(query: "燃", asOf: DemoBuilder.today, limit: 1000))
        let indexed: [(offset: Int, item: PowerItem)] = catalogue.enumerated().map { ($0.offset, $0.element) }
        let sorted = indexed.sorted { (a, b) -> Bool in
            if a.item.name == b.item.name { return a.offset < b.offset }
            return b.item.name.unicodeScalars.lexicographicallyPrecedes(a.item.name.unicodeScalars)
        }
        let byName: [String] = sorted.map { $0.item.code }
        try #require(byName.count > 1)
        try await withDemoApp(engine) { client in
            // act
            let keyword = try await client.execute(
                uri: "/townships/\(Self.township)?list=enforcement&q=%E9%A3%9F%E5%93%81&size=200", method: .get)
            let page = try await client.execute(uri: "/items?q=%E7%87%83&sort=name&dir=desc", method: .get)
            let export = try await client.execute(uri: "/items?q=%E7%87%83&sort=name&dir=desc&format=csv", method: .get)
            // check
            #expect(Self.codes(keyword.text) == food)
            #expect(page.text.contains("筛选出 \(byName.count) 条"))
            #expect(Self.csvRows(export.text).dropFirst().map { $0[0] } == byName)
        }
    }

    @Test("the decisions register filters by kind and exports exactly those decisions", arguments: Engine.available)
    func decisions(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let expected = try await DecisionStore(database).all(county: "510304").filter { $0.kind == .entrustment }
            .sorted { ($0.date, $0.number) > ($1.date, $1.number) }
        try #require(!expected.isEmpty)
        try await withDemoApp(engine) { client in
            // act
            let xlsx = try await client.execute(
                uri: "/decisions?kind=entrustment&sort=date&dir=desc&format=xlsx", method: .get)
            let page = try await client.execute(uri: "/decisions?kind=entrustment", method: .get)
            // check
            let sheet = try Self.xlsxRows(Array(buffer: xlsx.body))
            #expect(sheet.first == ["文号", "标题", "发文机关", "类别", "成文日期", "公布日期", "生效条目", "终止/变更条目"])
            #expect(Set(sheet.dropFirst().map { $0[0] }) == Set(expected.map(\.number)))
            #expect(sheet.dropFirst().map { $0[3] } == Array(repeating: "委托书", count: expected.count))
            #expect(page.text.contains("筛选出 \(expected.count) 条"))
        }
    }

    @Test(
        "bad table parameters are refused with a Chinese 400",
        arguments: [
            ("/townships/510304100000?list=enforcement&sort=secret", "不能按“secret”排序"),
            ("/townships/510304100000?list=enforcement&page=0", "页码“0”不正确，应为正整数"),
            ("/townships/510304100000?list=enforcement&size=500", "每页条数“500”不正确，应为 1–200 的整数"),
            ("/townships/510304100000?list=nothing", "未知的清单“nothing”"),
            ("/townships/510304100000?format=csv", "导出须先选定五张清单中的一张"),
            ("/townships/510304100000?list=enforcement&format=pdf", "导出格式“pdf”不正确，应为 csv 或 xlsx"),
            ("/items?mode=secret&sort=mode", "不能按“mode”排序"),
            ("/decisions?kind=secret", "类别“secret”不在可选范围内"),
        ])
    func refused(uri: String, message: String) async throws {
        try await withDemoApp(.sqlite) { client in
            // act
            let response = try await client.execute(uri: uri, method: .get)
            // check
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message))
        }
    }
}
