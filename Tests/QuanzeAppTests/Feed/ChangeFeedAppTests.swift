import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The change feed over HTTP (issue 16 point 1): the demo's whole feed read with the cursor, a new decision and
/// list change appearing in the JSON, in the township's and the item's Atom feeds and on the page, and bad input.
@Suite("Change feed through HTTP")
struct ChangeFeedAppTests {
    /// Reads the whole feed from `after` with pages of `limit`, following `next`.
    static func readAll(_ client: any TestClientProtocol, query: String = "", limit: Int = 500) async throws
        -> (events: [[String: Any]], pages: Int)
    {
        var after = 0
        var events: [[String: Any]] = []
        var pages = 0
        while true {
            let page = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/changes?after=\(after)&limit=\(limit)\(query)", method: .get))
            pages += 1
            events += try #require(page["events"] as? [[String: Any]])
            after = try #require(page["next"] as? Int)
            if page["hasMore"] as? Bool != true { break }
        }
        return (events, pages)
    }

    /// The entry ids of an Atom document, parsed as XML (so it must be well-formed).
    final class AtomIds: NSObject, XMLParserDelegate {
        var ids: [String] = []
        var inEntryId = false
        var depth: [String] = []
        var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            depth.append(name)
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "id", depth.dropLast().last == "entry" { ids.append(text) }
            depth.removeLast()
        }

        static func parse(_ text: String) throws -> [String] {
            let parser = XMLParser(data: Data(text.utf8))
            let delegate = AtomIds()
            parser.delegate = delegate
            #expect(parser.parse(), "the Atom document is well-formed XML")
            return delegate.ids
        }
    }

    @Test(
        "the demo's feed: numbered 1…head without a gap, every published decision once, every entry under its 文号",
        arguments: Engine.available)
    func demo(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let database = try await DemoDatabases.pristine.database(engine)
            let published = try await DecisionStore(database).all(county: "510304").filter { $0.publishedOn != nil }
            let counts = try await DecisionStore(database).entryCounts(county: "510304")
            // act
            let (events, pages) = try await Self.readAll(client)
            let head =
                try JSONCalls.object(
                    try await client.execute(uri: "/api/v1/changes?limit=1", method: .get))["head"] as? Int
            let newest = try await client.execute(uri: "/changes", method: .get)
            let older = try await client.execute(uri: "/changes?before=\((head ?? 0) - 49)", method: .get)
            // check
            #expect(events.map { $0["seq"] as? Int ?? 0 } == Array(1...(head ?? 0)))
            #expect(pages == ((head ?? 0) + 499) / 500)
            let announced = events.filter { ($0["kind"] as? String)?.hasSuffix(".published") == true }
                .compactMap { $0["decision"] as? String }
            #expect(announced.sorted() == published.map(\.number).sorted())
            // the page: 50 newest, then the 50 before them
            #expect(String(buffer: newest.body).contains("href=\"/changes?before=\((head ?? 0) - 49)\""))
            #expect(String(buffer: newest.body).components(separatedBy: "<td data-label=\"编号\"").count == 51)
            #expect(String(buffer: older.body).contains(">\(Format.count((head ?? 0) - 50))</td>"))
            #expect(String(buffer: older.body).contains("href=\"/changes?before=\((head ?? 0) - 99)\""))
            for decision in published.map(\.number) {
                let starts = events.filter {
                    $0["decision"] as? String == decision
                        && ["entry.added", "entry.amended"].contains($0["kind"] as? String ?? "")
                }
                #expect(starts.count == counts[decision]?.added ?? 0, "entries put in force by \(decision)")
            }
        }
    }

    @Test(
        "a new decision and the end of an entry: in the JSON after the cursor, in the township's and item's Atom, on the page",
        arguments: Engine.available)
    func newChange(engine: Engine) async throws {
        try await DoubleSubmissionTests.withOwnDemo(engine, cases: false) { client, database in
            // setup
            let before = try JSONCalls.object(try await client.execute(uri: "/api/v1/changes?limit=1", method: .get))
            let head = try #require(before["head"] as? Int)
            let townships = try await RegionStore(database).townships(county: "510304")
            let town = try #require(townships.first { $0.0.name == "大山铺镇" }?.0.code)
            let other = try #require(townships.first { $0.0.name == "团结镇" }?.0.code)
            let entry = try #require(
                try await ListStore(database).inForce(county: "510304", township: town, on: Day(iso: "2024-01-10")!)
                    .first { $0.list == .enforcement })
            let number = "大安编发〔2024〕1号"
            let decision = Decision(
                county: "510304", number: number, title: "关于调整执法事项的决定", issuer: "大安区委编办",
                date: Day(iso: "2024-01-02")!, kind: .adjustment, publishedOn: Day(iso: "2024-01-03")!)
            // act
            try await database.transaction { db in try await DecisionStore(database).save([decision], on: db) }
            try await ListService(database).apply(
                [.end(entryId: entry.entryId, on: Day(iso: "2024-01-10")!)], county: "510304",
                citation: .decision(number), actor: Actor(name: "test", role: "test"), at: Date())
            let first = try JSONCalls.object(
                try await client.execute(uri: "/api/v1/changes?after=\(head)&limit=1", method: .get))
            let second = try JSONCalls.object(
                try await client.execute(
                    uri: "/api/v1/changes?after=\(first["next"] as? Int ?? 0)&limit=1", method: .get))
            let townFeed = try await client.execute(uri: "/feeds/townships/\(town.value)", method: .get)
            let otherFeed = try await client.execute(uri: "/feeds/townships/\(other.value)", method: .get)
            let itemFeed = try await client.execute(uri: "/feeds/items/\(entry.itemCode)", method: .get)
            let countyFeed = try await client.execute(uri: "/feeds/changes", method: .get)
            let page = try await client.execute(uri: "/changes?township=\(town.value)", method: .get)
            // check
            let published = try #require((first["events"] as? [[String: Any]])?.first)
            #expect(published["kind"] as? String == "decision.published")
            #expect(published["decision"] as? String == number)
            #expect(published["seq"] as? Int == head + 1)
            #expect(first["hasMore"] as? Bool == true)
            #expect(first["next"] as? Int == head + 1)
            let ended = try #require((second["events"] as? [[String: Any]])?.first)
            #expect(second["hasMore"] as? Bool == false)
            #expect(second["head"] as? Int == head + 2)
            #expect(ended["kind"] as? String == "entry.ended")
            #expect(ended["decision"] as? String == number)
            #expect(ended["township"] as? String == town.value)
            #expect(ended["itemCode"] as? String == entry.itemCode)
            #expect(ended["day"] as? String == "2024-01-10")
            #expect(ended["id"] as? String == "urn:quanze:510304:change:\(head + 2)")
            #expect(((ended["entry"] as? [String: Any])?["entryId"]) as? String == entry.entryId)
            #expect(townFeed.headers[.contentType] == "application/atom+xml; charset=utf-8")
            #expect(try AtomIds.parse(String(buffer: townFeed.body)).first == "urn:quanze:510304:change:\(head + 2)")
            #expect(try AtomIds.parse(String(buffer: itemFeed.body)).first == "urn:quanze:510304:change:\(head + 2)")
            #expect(
                try AtomIds.parse(String(buffer: countyFeed.body)).prefix(2)
                    == ["urn:quanze:510304:change:\(head + 2)", "urn:quanze:510304:change:\(head + 1)"])
            #expect(!String(buffer: otherFeed.body).contains("change:\(head + 2)<"))
            #expect(String(buffer: townFeed.body).contains("文号：\(number)"))
            let summary = try #require(ended["summary"] as? String)
            #expect(summary.hasPrefix("大山铺镇执法清单的"))
            #expect(summary.hasSuffix("自2024年1月10日起终止（依据\(number)）"))
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains(summary))
        }
    }

    @Test("bad cursor, page size, township or item: a 4xx with a Chinese message", arguments: Engine.available)
    func badInput(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            for (uri, status, message) in [
                ("/api/v1/changes?after=-1", HTTPResponse.Status.badRequest, "参数 after 应为不小于 0 的整数（上次返回的 next）"),
                ("/api/v1/changes?after=abc", .badRequest, "参数 after 应为不小于 0 的整数（上次返回的 next）"),
                ("/api/v1/changes?limit=0", .badRequest, "参数 limit 应为 1 至 500 之间的整数"),
                ("/api/v1/changes?limit=501", .badRequest, "参数 limit 应为 1 至 500 之间的整数"),
                ("/api/v1/changes?township=110101001000", .notFound, "本区县没有代码为 110101001000 的镇街"),
                ("/api/v1/changes?item=NOPE", .notFound, "事项目录中没有事项“NOPE”"),
                ("/api/v1/changes?department=NOPE", .notFound, "本区县没有代码为 NOPE 的部门"),
                ("/changes?before=0", .badRequest, "参数 before 应为正整数（变更编号）"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == status, "\(uri)")
                #expect(String(buffer: response.body).contains(message), "\(uri)")
            }
            let feed = try await client.execute(uri: "/feeds/items/NOPE", method: .get)
            #expect(feed.status == .notFound)
        }
    }
}
