import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// API listings are paged (issue 17 point 3): `limit` ≤ 500 and `offset`, `X-Total-Count`, and a `Link` to the next
/// page while more follow; walking the links reads the whole listing once, in its order.
@Suite("Paged API listings")
struct ListingPagingTests {
    static func decisionNumbers(_ response: TestResponse) throws -> [String] {
        ((try response.json() as? [String: Any])?["decisions"] as? [[String: Any]] ?? []).compactMap {
            $0["number"] as? String
        }
    }

    /// A row as sorted-key JSON, to compare rows read on different pages.
    static func canonical(_ row: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self)
    }

    static func next(_ response: TestResponse) -> String? {
        guard let link = response.headers[HTTPField.Name("Link")!], link.hasPrefix("<"),
            let end = link.firstIndex(of: ">")
        else { return nil }
        return String(link[link.index(after: link.startIndex)..<end])
    }

    @Test("the demo's decisions walked 50 at a time are the whole listing, once each", arguments: Engine.available)
    func walk(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let whole = try await client.execute(uri: "/api/v1/decisions", method: .get)
            var numbers: [String] = []
            var pages = 0
            var uri: String? = "/api/v1/decisions?limit=50"
            var totals: Set<String> = []
            while let next = uri {
                let page = try await client.execute(uri: next, method: .get)
                #expect(page.status == .ok, "\(next)")
                numbers += try Self.decisionNumbers(page)
                totals.insert(page.headers[HTTPField.Name("X-Total-Count")!] ?? "")
                uri = Self.next(page)
                pages += 1
            }
            // check
            let all = try Self.decisionNumbers(whole)
            #expect(all.count == 183)
            #expect(whole.headers[HTTPField.Name("X-Total-Count")!] == "183")
            #expect(Self.next(whole) == nil, "the default page is the maximum, 500")
            #expect(numbers == all)
            #expect(pages == 4)
            #expect(totals == ["183"])
        }
    }

    @Test("a page size over 500 or a negative start is refused in Chinese", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            for (query, message) in [
                ("limit=501", "每页条数应为 1–500 的整数"), ("limit=0", "每页条数应为 1–500 的整数"),
                ("offset=-5", "起始位置应为 0–10000000 的整数"),
            ] {
                // act
                let response = try await client.execute(uri: "/api/v1/rulings?\(query)", method: .get)
                // check
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text.contains(message), "\(query): \(response.text)")
            }
            let beyond = try await client.execute(uri: "/api/v1/rulings?offset=50", method: .get)
            #expect(beyond.status == .ok)
            #expect(((try beyond.json() as? [String: Any])?["rulings"] as? [Any])?.count == 0)
            #expect(beyond.headers[HTTPField.Name("X-Total-Count")!] == "1")
        }
    }

    @Test(
        "the county's delegations: every page walked is the whole listing; item and state filter it",
        arguments: Engine.available)
    func delegations(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            let bureau = try await StaffClient.login(client, "bianban")
            // act
            let first = try await bureau.get(client, "/api/v1/delegation/delegations")
            let all = try await bureau.all(client, "/api/v1/delegation/delegations", key: "delegations")
            let active = try await bureau.all(client, "/api/v1/delegation/delegations?state=active", key: "delegations")
            let recalled = try await bureau.all(
                client, "/api/v1/delegation/delegations?state=recalled", key: "delegations")
            let item = try await bureau.all(
                client, "/api/v1/delegation/delegations?item=DA-CF-0213&state=active", key: "delegations")
            let bad = try await bureau.get(client, "/api/v1/delegation/delegations?state=open")
            // check
            let total = Int(first.headers[HTTPField.Name("X-Total-Count")!] ?? "") ?? -1
            #expect(total == 2100, "the demo's delegations fill five pages")
            #expect(((try first.json() as? [String: Any])?["delegations"] as? [Any])?.count == Listing.maximum)
            #expect(all.count == total)
            #expect(Set(all.compactMap { $0["id"] as? String }).count == total)
            #expect(active.count + recalled.count == total)
            #expect(active.allSatisfy { $0["state"] as? String == "active" })
            #expect(item.count == 15 && item.allSatisfy { $0["itemCode"] as? String == "DA-CF-0213" })
            #expect(bad.status == .badRequest && bad.text.contains("state 应为 active（实施中）或 recalled（已收回）"))
        }
    }

    /// The other listings of the API, each walked two rows at a time: the pages are the whole listing, in order,
    /// and the rest of the answer (a county, the district figures of every unit) does not depend on the page.
    @Test(
        "proposals, menu, orders, suggestions, organisations, grounds, terms and capacity units page alike",
        arguments: Engine.available)
    func otherListings(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            let bureau = try await StaffClient.login(client, "bianban")
            let admin = try await StaffClient.login(client, "sysadmin")
            let grounds = DelegationMode.allCases.count * ItemCategory.allCases.count
            for (who, uri, key, total) in [
                (bureau, "/api/v1/delegation/proposals", "proposals", 350),
                (bureau, "/api/v1/delegation/menu", "entries", 140),
                (bureau, "/api/v1/delegation/orders", "orders", 45),
                (bureau, "/api/v1/suggestions", "suggestions", 94),
                (admin, "/api/v1/organizations", "organizations", 75),
                (bureau, "/api/v1/delegation/grounds", "grounds", grounds),
                (bureau, "/api/v1/requirements", "terms", RequirementVocabulary.builtInTerms.count),
                (bureau, "/api/v1/capacity", "units", 15),
            ] {
                // act
                let whole = try await who.get(client, uri)
                let first = try await who.get(client, uri + "?limit=2")
                let walked = try await who.all(client, uri + "?limit=2", key: key)
                // check
                let rows = (try whole.json() as? [String: Any])?[key] as? [[String: Any]] ?? []
                #expect(rows.count == total, "\(uri)")
                #expect(whole.headers[HTTPField.Name("X-Total-Count")!] == String(total), "\(uri)")
                #expect(Self.next(whole) == nil, "\(uri)")
                #expect(((try first.json() as? [String: Any])?[key] as? [Any])?.count == 2, "\(uri)")
                #expect(Self.next(first)?.hasSuffix("limit=2&offset=2") == true, "\(uri)")
                #expect(walked.count == total, "\(uri)")
                #expect(try walked.map(Self.canonical) == rows.map(Self.canonical), "\(uri)")
                var rest = try whole.json() as? [String: Any] ?? [:]
                var firstRest = try first.json() as? [String: Any] ?? [:]
                rest[key] = nil
                firstRest[key] = nil
                #expect(try Self.canonical(firstRest) == Self.canonical(rest), "\(uri)")
            }
        }
    }
}
