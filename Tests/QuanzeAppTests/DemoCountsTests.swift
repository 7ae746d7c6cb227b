import Foundation
import HummingbirdTesting
import QuanzeTestSupport
import Testing

/// The demo's history as the README states it, read through the public API (not through the generator).
@Suite("Demo counts through the API")
struct DemoCountsTests {
    /// (asOf, kind) → expected counts per list for every unit of that kind.
    static let expected: [(String, String, [String: Int])] = [
        (
            "2021-12-31", "town",
            ["statutory": 111, "territorial": 106, "empowerment": 90, "approval": 90, "enforcement": 210]
        ),
        (
            "2021-12-31", "subdistrict",
            ["statutory": 46, "territorial": 106, "empowerment": 90, "approval": 90, "enforcement": 210]
        ),
        (
            "2022-12-31", "town",
            ["statutory": 113, "territorial": 109, "empowerment": 140, "approval": 106, "enforcement": 256]
        ),
        (
            "2022-12-31", "subdistrict",
            ["statutory": 47, "territorial": 109, "empowerment": 140, "approval": 106, "enforcement": 256]
        ),
        (
            "2023-12-31", "town",
            ["statutory": 113, "territorial": 109, "empowerment": 126, "approval": 108, "enforcement": 246]
        ),
        (
            "2023-12-31", "subdistrict",
            ["statutory": 47, "territorial": 109, "empowerment": 126, "approval": 108, "enforcement": 246]
        ),
    ]

    @Test("every unit holds the report's counts at the end of 2021, 2022 and 2023", arguments: Engine.available)
    func yearEndCounts(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            for asOf in ["2021-12-31", "2022-12-31", "2023-12-31"] {
                // act
                let response = try await client.execute(uri: "/api/v1/summary?county=510304&asOf=\(asOf)", method: .get)
                // check
                #expect(response.status == .ok)
                let body = try response.json() as? [String: Any]
                let townships = body?["townships"] as? [[String: Any]] ?? []
                #expect(townships.count == 15)
                #expect(townships.filter { $0["kind"] as? String == "subdistrict" }.count == 6)
                #expect(townships.filter { $0["kind"] as? String == "town" }.count == 9)
                for township in townships {
                    let kind = township["kind"] as? String ?? ""
                    let want = Self.expected.first { $0.0 == asOf && $0.1 == kind }?.2
                    #expect(township["counts"] as? [String: Int] == want, "\(township["name"] ?? "") \(asOf)")
                }
            }
        }
    }

    @Test(
        "territorial 62 primary + 47 cooperating; approval 15 licences + 93 public services; every entry cites a 2021–2023 文号",
        arguments: Engine.available)
    func listComposition(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            for code in ["510304100000", "510304006000"] {
                // act
                let response = try await client.execute(
                    uri: "/api/v1/townships/\(code)/lists?asOf=2023-12-31", method: .get)
                // check
                #expect(response.status == .ok)
                let lists = (try response.json() as? [String: Any])?["lists"] as? [String: [String: Any]] ?? [:]
                let territorial = lists["territorial"]?["entries"] as? [[String: Any]] ?? []
                #expect(territorial.filter { $0["role"] as? String == "primary" }.count == 62)
                #expect(territorial.filter { $0["role"] as? String == "cooperating" }.count == 47)
                #expect(territorial.allSatisfy { ($0["partner"] as? String)?.isEmpty == false })
                let approval = lists["approval"]?["entries"] as? [[String: Any]] ?? []
                #expect(approval.filter { $0["category"] as? String == "行政许可" }.count == 15)
                #expect(approval.filter { $0["category"] as? String == "公共服务" }.count == 93)
                let all = lists.values.flatMap { $0["entries"] as? [[String: Any]] ?? [] }
                #expect(all.count == (code.hasPrefix("5103041") ? 702 : 636))
                for entry in all {
                    let decision = entry["decision"] as? String ?? ""
                    #expect(
                        ["〔2021〕", "〔2022〕", "〔2023〕"].contains { decision.contains($0) }, "\(entry["itemCode"] ?? "")")
                }
                let empowerment = lists["empowerment"]?["entries"] as? [[String: Any]] ?? []
                let enforcementCodes = Set(
                    (lists["enforcement"]?["entries"] as? [[String: Any]] ?? []).compactMap {
                        $0["itemCode"] as? String
                    })
                let delegatedPenalties = Self.entries(empowerment, inCategories: ["行政处罚", "行政强制", "行政检查"])
                #expect(!delegatedPenalties.isEmpty)
                #expect(delegatedPenalties.allSatisfy { enforcementCodes.contains($0) })
            }
        }
    }

    /// Entries whose category label is one of `labels`.
    static func entries(_ entries: [[String: Any]], inCategories labels: Set<String>) -> [String] {
        entries.compactMap { entry -> String? in
            guard let category = entry["category"] as? String, labels.contains(category) else { return nil }
            return entry["itemCode"] as? String
        }
    }

    @Test(
        "the six problem items of the report are on the empowerment list with their legal bases",
        arguments: Engine.available)
    func problemItems(engine: Engine) async throws {
        let names = ["畜禽品种", "地质灾害危险区", "渔港水域", "出版物零售", "安全设备的安装", "剧毒化学品购买许可证"]
        try await withDemoApp(engine) { client in
            let response = try await client.execute(
                uri: "/api/v1/townships/510304100000/lists?asOf=2023-12-31", method: .get)
            let lists = (try response.json() as? [String: Any])?["lists"] as? [String: [String: Any]] ?? [:]
            let empowerment = lists["empowerment"]?["entries"] as? [[String: Any]] ?? []
            for name in names {
                // act
                let entry = empowerment.first { ($0["itemName"] as? String ?? "").contains(name) }
                // check
                #expect(entry != nil, "\(name)")
                guard let code = entry?["itemCode"] as? String else { continue }
                let item = try await client.execute(uri: "/api/v1/items/\(code)", method: .get)
                let bases =
                    ((try item.json() as? [String: Any])?["item"] as? [String: Any])?["legalBases"] as? [[String: Any]]
                    ?? []
                #expect(!bases.isEmpty && bases.allSatisfy { ($0["text"] as? String)?.isEmpty == false }, "\(name)")
            }
        }
    }
}
