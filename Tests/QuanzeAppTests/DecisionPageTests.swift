import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// One 文号 covering many items and townships is one decision, shown once with everything it changed.
@Suite("Decision pages")
struct DecisionPageTests {
    static let grant = "大安府发〔2021〕11号"

    @Test(
        "a decision's page lists every entry it changed and its documents; the register links to it",
        arguments: Engine.available)
    func decisionPage(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let counts = try await DecisionStore(database).entryCounts(county: "510304")[Self.grant]
            let link = DecisionsController.link(Self.grant)
            let delegations = try await DelegationStore(database).list(Delegation.self, county: "510304")
                .filter { $0.decision == Self.grant }.count
            // act
            let register = try await client.execute(uri: "/decisions", method: .get)
            let page = try await client.execute(uri: link, method: .get)
            let unknown = try await client.execute(uri: DecisionsController.link("大安府发〔2099〕1号"), method: .get)
            // check
            #expect(link.hasPrefix("/decisions/%E5%A4%A7%E5%AE%89"))
            #expect(register.text.contains("href=\"\(link)\""))
            #expect(page.status == .ok)
            let added = try #require(counts?.added)
            #expect(added > 15)
            #expect(page.text.contains("本决定涉及 15 个镇街：新增 \(added) 条"))
            // A light page: the changes 200 at a time, the document's 附件 one row per item.
            let total = try await DecisionStore(database).changes(county: "510304", number: Self.grant).count
            let pages = (total + DecisionsController.pageSize - 1) / DecisionsController.pageSize
            let last = try await client.execute(uri: link + "?page=\(pages)", method: .get)
            let beyond = try await client.execute(uri: link + "?page=\(pages + 1)", method: .get)
            #expect(
                page.text.components(separatedBy: "<td data-label=\"变更\">").count - 1 == DecisionsController.pageSize)
            #expect(
                last.text.components(separatedBy: "<td data-label=\"变更\">").count - 1
                    == total - (pages - 1) * DecisionsController.pageSize)
            #expect(page.text.contains("href=\"\(link)?page=2\"") && beyond.status == .notFound)
            #expect(page.text.components(separatedBy: "全部15个镇街").count - 1 == 90, "one 附件 row per item")
            #expect(page.text.components(separatedBy: "href=\"/agreements/A-").count - 1 == 1, "one document")
            #expect(
                page.text.contains("href=\"/townships/510304001000\"")
                    && last.text.contains("href=\"/townships/5103041"))
            #expect(page.text.contains("href=\"/agreements/A-"))
            #expect(delegations > 15)
            #expect(page.text.contains("据此下放的事项 \(delegations) 项（其中随现有清单登记的存量 0 项）"))
            #expect(unknown.status == .notFound)
        }
    }
}
