import Foundation
import Hummingbird
import HummingbirdTesting
import Mustache
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

@Suite("Pages and API on the demo")
struct RoutesTests {
    @Test(
        "every page renders in Chinese with security headers and no inline script or style", arguments: Engine.available
    )
    func pages(engine: Engine) async throws {
        let pages: [(String, String)] = [
            ("/", "清单总览"), ("/?asOf=2021-12-31", "2021年12月31日"), ("/townships/510304100000", "大山铺镇权责清单"),
            ("/townships/510304001000?asOf=2022-06-30", "大安街道"), ("/townships/510304100000?knownAt=2023-12-31", "系统记录"),
            ("/townships/510304100000/diff?from=2021-12-31&to=2023-12-31", "清单变化"), ("/items", "事项目录"),
            ("/items?q=食品", "食品"), ("/items?category=penalty&list=empowerment", "共"), ("/items/DA-CF-0189", "畜牧法"),
            ("/decisions", "大安府发〔2021〕5号"), ("/indicators", "事项办件量排名"),
            ("/indicators/townships/510304100000", "本镇街事项办件量排名"),
            ("/indicators/items/DA-CF-0064", "各镇街办件量排名"),
        ]
        try await withDemoApp(engine) { client in
            for (uri, needle) in pages {
                // act
                let response = try await client.execute(uri: uri, method: .get)
                // check
                #expect(response.status == .ok, "\(uri)")
                #expect(response.text.contains(needle), "\(uri) lacks \(needle)")
                #expect(response.text.contains("镇街权责清单与赋权运行管理平台"))
                #expect(!response.text.contains("<script") && !response.text.contains("style="), "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test("the township diff names what each decision added and removed", arguments: Engine.available)
    func diff(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // act
            let response = try await client.execute(
                uri: "/api/v1/townships/510304100000/lists/diff?from=2022-12-31&to=2023-12-31", method: .get)
            // check
            #expect(response.status == .ok)
            let body = try response.json() as? [String: Any]
            let removed = body?["removed"] as? [[String: Any]] ?? []
            let added = body?["added"] as? [[String: Any]] ?? []
            let empowermentRemoved = removed.filter { $0["list"] as? String == "empowerment" }
            #expect(empowermentRemoved.count == 14)
            #expect(empowermentRemoved.allSatisfy { ($0["endDecision"] as? String ?? "").contains("〔2023〕") })
            #expect(added.allSatisfy { ($0["decision"] as? String ?? "").contains("〔2023〕") })
        }
    }

    @Test(
        "API routes answer JSON; the catalogue searches Chinese substrings of one or two characters",
        arguments: Engine.available)
    func api(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // act
            let townships = try await client.execute(uri: "/api/v1/townships?county=510304", method: .get)
            let food = try await client.execute(uri: "/api/v1/items?q=食品&limit=500", method: .get)
            let gas = try await client.execute(uri: "/api/v1/items?q=燃", method: .get)
            let decisions = try await client.execute(uri: "/api/v1/decisions", method: .get)
            let health = try await client.execute(uri: "/healthz", method: .get)
            // check
            let units = try townships.json() as? [[String: Any]] ?? []
            #expect(units.count == 15)
            #expect(units.first { $0["code"] as? String == "510304100000" }?["kind"] as? String == "town")
            let foodItems = (try food.json() as? [String: Any])?["items"] as? [[String: Any]] ?? []
            #expect(
                !foodItems.isEmpty
                    && foodItems.allSatisfy {
                        ($0["name"] as? String ?? "").contains("食品") || ($0["code"] as? String ?? "").contains("食品")
                    })
            // One character finds every item whose name or code holds it (the demo's catalogue has six with 燃).
            let database = try await DemoDatabases.shared.database(engine)
            let store = ItemStore(database)
            let catalogue = try await store.items(
                county: "510304", codes: Array(try await store.codes(county: "510304")))
            let withGas = catalogue.filter { $0.name.contains("燃") || $0.code.contains("燃") }.count
            #expect(withGas == 6)
            #expect((try gas.json() as? [String: Any])?["total"] as? Int == withGas)
            // The demo's 18 decisions (the 综合行政执法 赋权 of 2021 among them, and 编办's ruling of a boundary dispute
            // in 2023) and the 委托书 registered under their departments' own 文号 when they started.
            let agreements = try await DelegationStore(database).list(Agreement.self, county: "510304")
            let yearEnd = Day(iso: "2023-12-31")!
            let letters = agreements.filter { a in
                a.mode == .entrusted && (a.effectiveOn.map { $0 <= yearEnd } ?? false)
            }.count
            #expect(((try decisions.json() as? [String: Any])?["total"] as? Int) == 18 + letters)
            #expect(health.status == .ok)
        }
    }

    @Test("bad input gets a 4xx with one JSON error shape and a Chinese message", arguments: Engine.available)
    func badInput(engine: Engine) async throws {
        let cases: [(String, HTTPResponse.Status)] = [
            ("/api/v1/townships/510304999000/lists", .notFound), ("/api/v1/townships/12345/lists", .badRequest),
            ("/api/v1/townships/510304100000/lists?asOf=2023-13-01", .badRequest),
            ("/api/v1/townships/510304100000/lists/diff?from=2023-12-31&to=2021-01-01", .badRequest),
            ("/api/v1/summary?county=abc", .badRequest), ("/api/v1/summary?county=999999", .notFound),
            ("/api/v1/items/NOPE-1", .notFound), ("/api/v1/items/%E9%A3%9F", .badRequest),
            ("/api/v1/items?category=magic", .badRequest), ("/api/v1/items?limit=0", .badRequest),
            ("/api/v1/items?page=-1", .badRequest), ("/api/v1/nothing", .notFound),
        ]
        try await withDemoApp(engine) { client in
            for (uri, status) in cases {
                // act
                let response = try await client.execute(uri: uri, method: .get)
                // check
                #expect(response.status == status, "\(uri)")
                let error = (try? response.json() as? [String: Any])?["error"] as? [String: Any]
                let message = error?["message"] as? String ?? ""
                #expect(error?["status"] as? Int == Int(status.code), "\(uri)")
                #expect(
                    message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(uri): \(message)")
            }
            let page = try await client.execute(uri: "/townships/510304999000", method: .get)
            #expect(page.status == .notFound)
            #expect(page.text.contains("没有代码为 510304999000 的镇街"))
            let big = try await client.execute(
                uri: "/api/v1/delegation/proposals", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 << 20))
            #expect(big.status == .contentTooLarge)
            let latin = try await client.execute(
                uri: "/api/v1/delegation/proposals", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: [0x7B, 0xFF, 0xFE, 0x7D]))
            #expect(latin.status == .badRequest)
            // A method the path does not answer: 405 naming the methods it does, before any login check; HEAD
            // wherever GET is.
            let wrongMethod = try await client.execute(uri: "/api/v1/items", method: .post)
            let head = try await client.execute(uri: "/api/v1/items", method: .head)
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers[.allow] == "GET, HEAD")
            #expect(wrongMethod.text.contains("该地址不支持 POST 请求"))
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(latin.text.contains("UTF-8"))
        }
    }

    @Test("the OpenAPI document is 3.1 and covers every registered API route")
    func openAPICoversRoutes() async throws {
        // setup
        let database = try await DemoDatabases.shared.database(.sqlite)
        let templates = try await Mustache.MustacheLibrary(
            directory: Bundle.quanzeResources.appendingPathComponent("Templates").path)
        let router = buildRouter(
            services: AppServices(
                database: database, templates: templates, deploymentCounty: "510304", pinnedToday: nil))
        // act
        let doc = try JSONSerialization.jsonObject(with: try OpenAPIDocument.data()) as? [String: Any]
        let paths = Set((doc?["paths"] as? [String: Any] ?? [:]).keys)
        let routes = router.routes.map { "\($0.path)" }.filter { $0.hasPrefix("/api/") || $0 == "/healthz" }
        // check
        #expect(doc?["openapi"] as? String == "3.1.0")
        #expect(!routes.isEmpty)
        for route in routes {
            let templated = route.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
            #expect(paths.contains("/" + templated), "\(route) missing from openapi.json")
        }
    }

    @Test("an event that creates a record documents its 201: a recall raised on a delegation answers the proposal")
    func openAPIDocumentsCreatedRecall() throws {
        let doc = try JSONSerialization.jsonObject(with: try OpenAPIDocument.data()) as? [String: Any]
        let paths = doc?["paths"] as? [String: Any]
        let post = (paths?["/api/v1/delegation/delegations/{id}/events"] as? [String: Any])?["post"] as? [String: Any]
        let created = (post?["responses"] as? [String: Any])?["201"] as? [String: Any]
        let schema =
            (((created?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"])
            as? [String: Any]
        #expect(schema?["$ref"] as? String == "#/components/schemas/Proposal")
    }
}
