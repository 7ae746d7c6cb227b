import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp

/// Staff CSV upload of case records: row-level errors with line numbers, nothing half-written, GB18030 accepted.
@Suite("Case CSV upload")
struct CaseImportTests {
    static let header =
        "source,external_id,source_version,item_code,township,handler,kind,received_on,closed_on,satisfaction"

    @Test(
        "a file with one bad row writes nothing; a good GB18030 file is written; scope and role hold",
        arguments: Engine.available)
    func upload(engine: Engine) async throws {
        let tag = "\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let township = try await StaffClient.login(client, "dashanpu")
            let department = try await StaffClient.login(client, "shichang")
            func upload(_ staff: StaffClient, _ body: Data, type: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/cases/import", method: .post,
                    headers: staff.headers([
                        .contentType: type, .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                    ]), body: ByteBuffer(bytes: body))
            }
            let good = [
                Self.header,
                "政务大厅,C\(tag)-1,2018-02-03,DA-CF-0001,510304100000,township,application,2018-02-01,2018-02-02,5",
                "政务大厅,C\(tag)-2,2018-02-03,DA-CF-0001,510304100000,department,application,2018-02-01,,",
            ].joined(separator: "\r\n")
            let bad =
                good
                + "\r\n政务大厅,C\(tag)-3,2018-02-03,DA-CF-0001,510304100000,township,application,2018-02-05,2018-02-04,5"
            let foreign =
                Self.header
                + "\r\n政务大厅,C\(tag)-4,2018-02-03,DA-CF-0001,510304005000,township,application,2018-02-01,2018-02-02,5"
            // Count only this test's records: other tests ingest into the shared demo database at the same time.
            @Sendable func mine() async throws -> Int {
                try await database.read { db in
                    try await db.raw(
                        "SELECT COUNT(*) AS n FROM case_records WHERE external_id LIKE \(bind: "C\(tag)-%")"
                    ).first()?.decode(column: "n", as: Int.self) ?? -1
                }
            }
            let before = try await mine()
            // act
            let refused = try await upload(township, Data(bad.utf8), type: "text/csv")
            let afterRefused = try await mine()
            let gb = good.data(using: CSVReader.gb18030)!
            let written = try await upload(township, gb, type: "application/octet-stream")
            let outside = try await upload(township, Data(foreign.utf8), type: "text/csv")
            let wrongRole = try await upload(department, Data(good.utf8), type: "text/csv")
            let after = try await mine()
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("\"line\":4") && refused.text.contains("早于受理日期"), "\(refused.text)")
            #expect(afterRefused == before, "nothing half-written")
            #expect(written.status == .created && written.text.contains("created"))
            #expect(after == before + 2)
            #expect(outside.status == .unprocessableContent && outside.text.contains("无权为镇街"))
            #expect(wrongRole.status == .forbidden)
        }
    }
}
