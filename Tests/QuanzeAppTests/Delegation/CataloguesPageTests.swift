import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// 编办's page of provincial grant catalogues: the registered ones with their counts, and the CSV upload.
@Suite("Provincial grant catalogues page")
struct CataloguesPageTests {
    @Test(
        "lists the catalogue with its count; an unmatched entry is refused with its line; a valid upload is recorded",
        arguments: Engine.available)
    func page(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let catalogue = try await DelegationStore(database).catalogue(
                county: "510304", decision: DemoBuilder.provincialCatalogue)
            let code = try #require(catalogue.itemCodes.sorted().first)
            let staff = try await StaffClient.login(client, "bianban")
            // act
            let page = try await staff.get(client, "/delegation/catalogues")
            let refused = try await staff.post(
                client, "/delegation/catalogues",
                [("decision", DemoBuilder.provincialCatalogue), ("csv", "item_code\n\(code)\nNO-SUCH-ITEM\n")])
            // re-registering an entry the catalogue already has changes nothing but is recorded
            let accepted = try await staff.post(
                client, "/delegation/catalogues",
                [("decision", DemoBuilder.provincialCatalogue), ("csv", "item_code\n\(code)\n")])
            let after = try await DelegationStore(database).catalogue(
                county: "510304", decision: DemoBuilder.provincialCatalogue)
            // check
            #expect(page.status == .ok)
            #expect(page.text.contains(DemoBuilder.provincialCatalogue))
            #expect(page.text.contains(">\(catalogue.itemCodes.count)</td>"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("第 3 行（item_code）"))
            #expect(refused.text.contains("NO-SUCH-ITEM"))
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "/delegation/catalogues?imported=1")
            #expect(after == catalogue)
        }
    }
}

@Suite("Proposal form")
struct ProposalFormTests {
    @Test("a department's proposal form offers the county's registered catalogues", arguments: Engine.available)
    func catalogues(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let staff = try await StaffClient.login(client, "shichang")
            // act
            let page = try await staff.get(client, "/delegation")
            // check
            #expect(page.status == .ok)
            #expect(
                page.text.contains(
                    "<option value=\"\(DemoBuilder.provincialCatalogue)\">\(DemoBuilder.provincialCatalogue)</option>"))
        }
    }
}
