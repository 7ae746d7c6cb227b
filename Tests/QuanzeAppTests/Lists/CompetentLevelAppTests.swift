import Foundation
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The level rule through the real command line and the demo's public pages.
@Suite("Competent level (实施层级) in imports and public pages")
struct CompetentLevelAppTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let fixture = root.appendingPathComponent("scripts/adopt/511602")
    static let organic = "地方各级人民代表大会和地方各级人民政府组织法(2022-03-11)"

    @Test(
        "import assignments refuses a county department's power as 法定 with the statute named, writes nothing, and takes the township's own power",
        arguments: Engine.available)
    func importRefusesCountyPowerAsStatutory(engine: Engine) async throws {
        // setup: a county set up by the README's commands, with one county power and one township power
        let database = try await engine.openScratch(prefix: "qz_level")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qz-level-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func cli(_ arguments: [String]) async throws {
            try await runCommand(arguments, on: database, county: "511602")
        }
        func write(_ name: String, _ lines: [String]) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
            return url.path
        }
        try await cli(["county", "init", "511602", "--divisions", Self.shared.appendingPathComponent("divisions").path])
        try await cli(["import", "organizations", Self.fixture.appendingPathComponent("organizations.csv").path])
        try await cli(["import", "laws", Self.shared.appendingPathComponent("laws").path])
        try await cli([
            "import", "items",
            try write(
                "items.csv",
                [
                    "code,name,category,department,legal_basis,level,level_basis",
                    "GA-CF-0001,对未取得食品生产经营许可从事食品生产经营活动的处罚,行政处罚,GA-SJ,食品安全法(2021-04-29)第122条,,",
                    "GA-ZZ-0001,民间纠纷处理,行政裁决,GA-SF,\(Self.organic)第76条,town,\(Self.organic)第76条",
                ]),
        ])
        let header =
            "township,item_code,list,mode,decision,decision_title,decision_issuer,decision_date,decision_kind,valid_from"
        let decision = "广府发〔2021〕3号,关于印发镇法定权力清单的通知,广安市广安区人民政府,2021-03-01,list-issuance,2021-03-01"
        // act
        var refusal: ImportFailure?
        do {
            try await cli([
                "import", "assignments",
                try write(
                    "refused.csv",
                    [
                        header, "511602101000,GA-ZZ-0001,statutory,法定,\(decision)",
                        "511602101000,GA-CF-0001,enforcement,法定,\(decision)",
                    ]),
            ])
        } catch let failure as ImportFailure {
            refusal = failure
        }
        let afterRefusal = try await ListStore(database).counts(county: "511602", on: Day(iso: "2023-12-31")!)
        try await cli([
            "import", "assignments",
            try write("accepted.csv", [header, "511602101000,GA-ZZ-0001,statutory,法定,\(decision)"]),
        ])
        let afterAcceptance = try await ListStore(database).counts(county: "511602", on: Day(iso: "2023-12-31")!)
        try await database.shutdown()
        // check
        #expect(
            refusal?.issues == [
                ImportIssue(
                    line: 3,
                    message:
                        "事项“对未取得食品生产经营许可从事食品生产经营活动的处罚”（GA-CF-0001）依《食品安全法》（2021年4月29日版）第122条由区县部门（广安区市场监督管理局）行使，不是镇的法定职权，不能以“法定”方式列入；区县部门的职权只能依赋权或委托决定、以该方式列入镇街清单"
                )
            ])
        #expect(afterRefusal.isEmpty)
        #expect(afterAcceptance.values.map { $0.values.reduce(0, +) } == [1])
    }

    /// The cells of the row of `code` in the section `list-<kind>` of a township page, by their data-label, as text
    /// (the tags inside a cell, such as a 文号's link to its decision page, left out).
    static func row(_ html: String, list: ListKind, code: String) throws -> [String: String] {
        guard let start = html.range(of: "id=\"list-\(list.rawValue)\"") else { return [:] }
        let section = html[start.upperBound...]
        let end = section.range(of: "</section>")?.lowerBound ?? section.endIndex
        let body = section[..<end]
        guard let cell = body.range(of: "<code class=\"code\">\(code)</code>") else { return [:] }
        let rowStart = body[..<cell.lowerBound].range(of: "<tr>", options: .backwards)?.upperBound ?? cell.lowerBound
        let rowEnd = body[cell.upperBound...].range(of: "</tr>")?.lowerBound ?? body.endIndex
        var cells: [String: String] = [:]
        let pattern = try Regex(#"<td data-label="([^"]+)"[^>]*>(.*?)</td>"#)
        for match in body[rowStart..<rowEnd].matches(of: pattern) {
            if let label = match.output[1].substring, let value = match.output[2].substring {
                cells[String(label)] = String(value).replacing(try Regex("<[^>]+>"), with: "")
            }
        }
        return cells
    }

    @Test(
        "the demo's public township page names the department for a 委托 entry and the township for a 赋权 entry of the 综合行政执法 decision",
        arguments: Engine.available)
    func demoTownshipPage(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // act
            // each entry found in the enforcement list by its code
            func row(_ code: String) async throws -> [String: String] {
                let page = try await client.execute(
                    uri: "/townships/510304100000?list=enforcement&q=\(code)", method: .get)
                return try Self.row(page.text, list: .enforcement, code: code)
            }
            // check: 畜禽品种 penalty, entrusted by 大安区农业农村局 under its own 委托书 (大安农发〔2022〕…号)
            let entrusted = try await row("DA-CF-0189")
            #expect(entrusted["方式"]?.contains("委托") == true)
            #expect(entrusted["行使名义"] == "大安区农业农村局")
            #expect(entrusted["法律责任主体"] == "大安区农业农村局")
            #expect(entrusted["依据文件"]?.hasPrefix("大安农发〔2022〕") == true)
            // a 市场监管 penalty conferred by the 综合行政执法 decision 大安府发〔2021〕17号
            let granted = try await row("DA-CF-0033")
            #expect(granted["方式"]?.contains("赋权") == true)
            #expect(granted["行使名义"] == "大山铺镇")
            #expect(granted["法律责任主体"] == "大山铺镇")
            #expect(granted["依据文件"] == "大安府发〔2021〕17号")
            // the township's own inspection power by law (安全生产法第九条) stays 法定
            let own = try await row("DA-JC-0042")
            #expect(own["方式"]?.contains("法定") == true)
            #expect(own["行使名义"] == "大山铺镇")
        }
    }

    @Test("the demo's enforcement lists hold no 法定 entry of a county department's power", arguments: Engine.available)
    func demoEnforcementModes(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let townships = try await RegionStore(database).townships(county: "510304")
        var statutory: [String: Int] = [:]
        var countyStatutory = 0
        for (region, _) in townships {
            let entries = try await ListStore(database).inForce(
                county: "510304", township: region.code, on: DemoBuilder.today)
            let enforcement = entries.filter { $0.list == .enforcement }
            let items = Dictionary(
                uniqueKeysWithValues: try await ItemStore(database).items(
                    county: "510304", codes: enforcement.map(\.itemCode)
                ).map { ($0.code, $0) })
            // act
            statutory[region.name] = enforcement.filter { $0.mode == .statutory }.count
            countyStatutory +=
                enforcement.filter { $0.mode == .statutory && items[$0.itemCode]?.competentLevel == .county }
                .count
        }
        // check: six own powers per unit (on both statutory templates), every other entry 赋权 or 委托
        #expect(countyStatutory == 0)
        #expect(Set(statutory.values) == [6])
        #expect(statutory.count == 15)
    }
}
