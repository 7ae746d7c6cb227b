import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The printed 委托书 and 赋权决定 of the demo, as GB/T 9704-2012 has them: pages of the 28 × 22 grid with their
/// numbers (odd right, even left), the title broken between its parts, the 附件 on pages of its own, both signature
/// blocks, the 版记 at the end — and no Western space in Chinese running text on any of them.
@Suite("Printed documents")
struct DocumentPrintTests {
    /// The visible text of a page: tags and the contents of title, style and script removed.
    static func text(_ html: String) -> String {
        var text = html
        for tag in ["title", "style", "script"] {
            while let open = text.range(of: "<\(tag)"),
                let close = text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex)
            {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        return text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }

    static func count(_ text: String, _ part: String) -> Int { text.components(separatedBy: part).count - 1 }

    @Test(
        "the 赋权决定 大安府发〔2021〕11号: one document, title lines, 附件 by item, pages numbered, 版记", arguments: Engine.available
    )
    func grantDecision(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let agreements = try await DelegationStore(database).list(Agreement.self, county: "510304")
            let grant = try #require(agreements.first { $0.number == "大安府发〔2021〕11号" })
            // act
            let page = try await client.execute(uri: "/agreements/\(grant.id)", method: .get)
            let html = page.text
            // check
            #expect(page.status == .ok)
            #expect(
                html.contains(
                    "<h1 class=\"doctitle\"><span class=\"tline\">自贡市大安区人民政府关于赋予</span><span class=\"tline\">镇（街道）部分县级行政权力事项的决定</span></h1>"
                ))
            let view = DelegationPages.DocumentView(
                grant, organizations: DemoDistrict.organizations(),
                wording: DocumentWording.of(
                    grant, ground: nil, responsibility: try LegalGroundsData.responsibility(.granted)))
            let pages = view.pages.count
            #expect(Self.count(html, "<section class=\"page ") == pages)
            #expect(Self.count(html, "<section class=\"page odd") == (pages + 1) / 2)
            #expect(Self.count(html, "<section class=\"page even") == pages / 2)
            for n in 1...pages { #expect(html.contains("<p class=\"folio\">— \(n) —</p>"), "page \(n) numbered") }
            #expect(Self.count(html, "<p class=\"annex-label\">附件</p>") == 1)
            #expect(Self.count(html, "<tr><td>") == 90, "one 附件 row per item (90 items at 15 townships)")
            #expect(html.contains("承接镇（街道）：大安街道、龙井街道"))
            #expect(html.contains("抄送：大安区委机构编制委员会办公室，大安区司法局"))
            #expect(html.contains("<span>自贡市大安区人民政府办公室</span><span>2021年6月25日印发</span>"))
            #expect(
                Self.count(html, "class=\"banji\"") == 1
                    && html.range(of: "class=\"banji\"")!.lowerBound > html.range(of: "annex-label")!.lowerBound)
            #expect(html.contains("每12个月组织一次评估") && html.contains("承接过渡期12个月"))
            for p in view.pages {
                let lines = p.blocks.map(\.height).reduce(0, +)
                #expect(
                    lines <= DocumentLayout.linesPerPage || p.blocks.count == 1, "page \(p.pageNumber): \(lines) lines")
            }
        }
    }

    @Test(
        "a 委托书: between one department and one township, both signature blocks, its items with 权限 and term",
        arguments: Engine.available)
    func entrustment(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let letter = try #require(
                try await DelegationStore(database).list(Agreement.self, county: "510304").first {
                    $0.mode == .entrusted && $0.state == .effective && $0.lines.count > 1
                })
            // act
            let html = try await client.execute(uri: "/agreements/\(letter.id)", method: .get).text
            // check
            #expect(
                html.contains(
                    "<p class=\"signer\">委托方：\(letter.departmentName)</p><p class=\"signer\">受委托方：\(letter.unitName)</p>"
                ))
            #expect(html.contains("委托期限：自\(letter.termFrom.chinese)起至\(letter.termTo!.chinese)止。"))
            #expect(Self.count(html, "<tr><td>") == letter.lines.count)
            for line in letter.lines {
                #expect(html.contains("<td>\(line.scope)</td>"), "\(line.itemCode) with its 权限")
            }
            #expect(html.contains("<p class=\"docnumber\">\(letter.number)</p>"))
        }
    }

    @Test("no Western space between Chinese characters in any printed document", arguments: Engine.available)
    func noWesternSpaces(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let agreements = try await DelegationStore(database).list(Agreement.self, county: "510304")
            // act
            var found: [String] = []
            for agreement in agreements where PublishedDocuments.isPublic(agreement) {
                let html = try await client.execute(uri: "/agreements/\(agreement.id)", method: .get).text
                found += DocumentLayout.westernSpacesInChinese(Self.text(html)).map { "\(agreement.number)：\($0)" }
            }
            // check
            #expect(agreements.count > 1)
            #expect(found == [])
        }
    }
}
