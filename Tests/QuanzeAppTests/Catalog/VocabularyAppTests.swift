import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The requirement vocabulary page and API (编办 adds, everyone else is refused) and the 待核验依据 page with an item
/// whose 实施编码 is its code.
@Suite("Requirement vocabulary and unverified citations through HTTP")
struct VocabularyAppTests {
    @Test(
        "编办 adds a term on the page and through the API; others get 403; every reader sees it",
        arguments: Engine.available)
    func vocabulary(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup: codes of this run only, so the shared demo database keeps no clash between runs
            let suffix = String(UUID().uuidString.prefix(8)).lowercased()
            let establishment = try await StaffClient.login(client, "bianban")
            let department = try await StaffClient.login(client, "shichang")
            let township = try await StaffClient.login(client, "dashanpu")
            // act
            let added = try await establishment.post(
                client, "/catalog/requirements",
                [("kind", "field"), ("code", "se-\(suffix)"), ("name", "特种设备\(suffix)")])
            let duplicate = try await establishment.post(
                client, "/catalog/requirements", [("kind", "equipment"), ("code", "car-\(suffix)"), ("name", "执法车辆")])
            let viaAPI = try await establishment.post(
                client, "/api/v1/requirements", [("kind", "cert"), ("code", "gl-\(suffix)"), ("name", "锅炉检验\(suffix)")])
            let byDepartment = try await department.post(
                client, "/catalog/requirements", [("kind", "field"), ("code", "x-\(suffix)"), ("name", "部门\(suffix)")])
            let byTownship = try await township.post(
                client, "/api/v1/requirements", [("kind", "field"), ("code", "y-\(suffix)"), ("name", "镇街\(suffix)")])
            let page = try await StaffClient.anonymous.get(client, "/catalog/requirements")
            let ownPage = try await establishment.get(client, "/catalog/requirements")
            let list = try await client.execute(uri: "/api/v1/requirements", method: .get)
            // check
            #expect(added.status == .seeOther)
            #expect(duplicate.status == .unprocessableContent && duplicate.text.contains("“执法车辆”已在词表中"))
            #expect(viaAPI.status == .created)
            #expect((try viaAPI.json() as? [String: Any])?["requirementCode"] as? String == "cert:gl-\(suffix)")
            #expect(byDepartment.status == .forbidden)
            #expect(byTownship.status == .forbidden)
            #expect(page.status == .ok && page.text.contains("field:se-\(suffix)") && page.text.contains("畜禽品种鉴定"))
            #expect(!page.text.contains("action=\"/catalog/requirements\""))
            #expect(ownPage.text.contains("action=\"/catalog/requirements\""))
            let terms = (try list.json() as? [String: Any])?["terms"] as? [[String: Any]] ?? []
            let codes = terms.compactMap { $0["requirementCode"] as? String }
            #expect(codes.contains("field:se-\(suffix)") && codes.contains("cert:gl-\(suffix)"))
            #expect(!codes.contains("field:x-\(suffix)") && !codes.contains("field:y-\(suffix)"))
        }
    }

    /// A county outside the demo: one department, one item coded by its 实施编码 that cites a law not imported.
    static let county = "511602"
    static let itemCode = "511A0138000000-511602000000-000-115113010833722043-1-00"

    @Test("an unverified citation shows on the item page and on 待核验依据, counted per law", arguments: Engine.available)
    func unverified(engine: Engine) async throws {
        // setup
        let database = try await engine.openScratch(prefix: "qz_unv")
        let countyCode = RegionCode("511602000000")!
        try await database.transaction { db in
            try await RegionStore(database).upsert([Region(code: countyCode, name: "广安区", parent: nil)], on: db)
            try await OrganizationStore(database).upsert(
                [Organization(code: "D1", county: Self.county, name: "区市场监督管理局", kind: .department)], on: db)
        }
        let csv = """
            code,name,category,department,legal_basis
            \(Self.itemCode),特种设备使用登记,行政许可,区市场监督管理局,某省特种设备安全条例(2024-03-01)第3条;某省特种设备安全条例(2024-03-01)第9条
            QT-1,特种设备监督检查,行政检查,区市场监督管理局,某省特种设备安全条例(2024-03-01)第9条

            """
        _ = try await CatalogImporter(database).importItems(
            Data(csv.utf8), county: Self.county, actor: .system, now: Date(), source: "items.csv")
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: Self.county, today: nil,
            security: testSecurity)
        let app = try await buildApplication(configuration: configuration, database: database, logger: quietLogger)
        try await app.test(.router) { client in
            // act
            let page = try await client.execute(uri: "/catalog/unverified", method: .get)
            let item = try await client.execute(uri: "/items/\(Self.itemCode)", method: .get)
            let api = try await client.execute(uri: "/api/v1/items/\(Self.itemCode)", method: .get)
            // check
            #expect(page.status == .ok)
            #expect(page.text.contains("《某省特种设备安全条例》（2024年3月1日版）"))
            #expect(page.text.contains("2 条，涉及 2 项事项"))
            #expect(page.text.contains("共 2 条待核验依据"))
            #expect(page.text.contains("/items/\(Self.itemCode)"))
            #expect(item.status == .ok)
            #expect(item.text.components(separatedBy: "未核验</span>").count == 3)
            #expect(api.status == .ok)
            let detail = (try api.json() as? [String: Any])?["item"] as? [String: Any]
            let bases = detail?["legalBases"] as? [[String: Any]] ?? []
            #expect(bases.map { $0["verified"] as? Bool } == [false, false])
        }
        try await database.shutdown()
    }
}
