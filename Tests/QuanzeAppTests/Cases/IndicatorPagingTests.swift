import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// `GET /api/v1/indicators` is bounded (issue 17 point 3): without a period it reads the twelve months that end with
/// the current one, and without `groupBy` it answers its cells in pages of at most 5,000 whose concatenation is the
/// selection, once each, adding up to the total (which the database adds; a grouped answer adds the cells itself).
@Suite("Indicators: a bounded period and paged cells")
struct IndicatorPagingTests {
    static func get(_ client: any TestClientProtocol, _ query: String) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/indicators?\(query)", method: .get)
        #expect(response.status == .ok, "\(query): \(response.text.prefix(200))")
        return try response.json() as? [String: Any] ?? [:]
    }

    @Test("the default period is the last twelve months; the pages walk every cell once", arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let plain = try await Self.get(client, "")
            let explicit = try await Self.get(client, "from=2023-01&to=2023-12&limit=5000")
            var cells: [[String: Any]] = []
            var offsets: [Int] = []
            var offset: Int? = 0
            while let start = offset {
                let page = try await Self.get(client, "from=2023-01&to=2023-12&limit=700&offset=\(start)")
                offsets.append(start)
                cells += page["cells"] as? [[String: Any]] ?? []
                offset = page["nextOffset"] as? Int
                #expect(page["limit"] as? Int == 700)
                #expect(page["offset"] as? Int == start)
            }
            // check: the demo's today is 2023-12-31, so the default is 2023-01…2023-12
            #expect(plain["from"] as? String == "2023-01")
            #expect(plain["to"] as? String == "2023-12")
            let count = explicit["cellCount"] as? Int ?? -1
            #expect(plain["cellCount"] as? Int == count)
            #expect((plain["cells"] as? [Any])?.count == min(count, 1000))
            #expect(cells.count == count)
            #expect(offsets == Array(stride(from: 0, to: count, by: 700)))
            let keys = cells.map { "\($0["township"] ?? "")|\($0["itemCode"] ?? "")|\($0["month"] ?? "")" }
            #expect(Set(keys).count == keys.count, "no cell twice")
            let total = (explicit["total"] as? [String: Any])?["volume"] as? Int
            #expect(cells.map { $0["volume"] as? Int ?? 0 }.reduce(0, +) == total)
            #expect(total == (plain["total"] as? [String: Any])?["volume"] as? Int)
            // the paged answer's total is added by the database; a grouped answer reads every cell and adds them in
            // Swift: every figure of the two totals agrees
            let grouped = try await Self.get(client, "from=2023-01&to=2023-12&groupBy=township")
            let sqlTotal = try #require(explicit["total"] as? NSDictionary)
            #expect(sqlTotal == grouped["total"] as? NSDictionary)
            #expect(sqlTotal.count > 10 && (total ?? 0) > 0, "\(sqlTotal)")
            // past the end: an empty page without a next one
            let beyond = try await Self.get(client, "from=2023-01&to=2023-12&offset=\(count)")
            #expect((beyond["cells"] as? [Any])?.count == 0)
            #expect(beyond["nextOffset"] == nil)
        }
    }

    @Test("a page size or start out of range is refused in Chinese", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            for (query, message) in [
                ("limit=0", "每页条数应为 1–5000 的整数"), ("limit=5001", "每页条数应为 1–5000 的整数"),
                ("offset=-1", "起始位置应为 0–10000000 的整数"), ("limit=x", "每页条数应为 1–5000 的整数"),
            ] {
                // act
                let response = try await client.execute(uri: "/api/v1/indicators?\(query)", method: .get)
                // check
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text.contains(message), "\(query): \(response.text)")
            }
        }
    }
}
