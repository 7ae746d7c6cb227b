import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The requirement vocabulary page and API: 编办 adds, everyone else is refused.
@Suite("Requirement vocabulary through HTTP")
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
}
