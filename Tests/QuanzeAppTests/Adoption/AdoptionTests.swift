import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// A second, real district adopted end to end as a 编办 clerk would, with nothing written by SQL: the command line
/// of README "在本区县使用 Quanze" on the fixture of `scripts/adopt/511602` (made by `make_fixture.py`), then the API
/// with the tokens those commands issued. `scripts/adopt/adopt.sh` runs the same steps against a real server.
@Suite("Adopting 广安区 (511602) through the command line and the API only")
struct AdoptionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = root.appendingPathComponent("scripts/adopt/511602")
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let county = "511602"
    static let townships = [
        "511602101000", "511602102000", "511602103000", "511602104000", "511602105000", "511602106000",
    ]

    static func file(_ name: String) -> String { fixture.appendingPathComponent(name).path }

    @Test(
        "the engine finds exactly the planted problems of a county loaded through documented paths",
        arguments: Engine.available)
    func adopt(engine: Engine) async throws {
        // setup: the README's steps, each a real command
        let database = try await engine.openScratch(prefix: "qz_adopt")
        let secrets = FileManager.default.temporaryDirectory.appendingPathComponent("qz-adopt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: secrets) }
        func cli(_ arguments: [String]) async throws {
            try await runCommand(arguments, on: database, county: Self.county)
        }
        try await cli([
            "county", "init", Self.county, "--divisions", Self.shared.appendingPathComponent("divisions").path,
        ])
        // county init seeds the legal grounds of delegation from the product's data file (every mode × category).
        #expect(try await LegalGroundStore(database).table(county: Self.county).rows.count == 26)
        try await cli(["import", "organizations", Self.file("organizations.csv")])
        try await cli(["import", "laws", Self.shared.appendingPathComponent("laws").path])
        try await cli(["import", "requirements", Self.file("requirements.csv")])
        try await cli(["import", "items", Self.file("items.csv")])
        try await cli(["import", "catalogue", Self.file("catalogue.csv")])
        try await cli(["import", "assignments", Self.file("assignments.csv")])
        try await cli([
            "user", "add", "ga-bianban", "--name", "广安区委编办 张敏", "--role", "establishment", "--organization", "GA-BB",
        ])
        try await cli([
            "user", "add", "ga-xitong", "--name", "四川省一体化政务服务平台", "--role", "system", "--organization", "511602-GOV",
        ])
        let clerkFile = secrets.appendingPathComponent("clerk").path
        let systemFile = secrets.appendingPathComponent("system").path
        try await cli([
            "token", "issue", "--account", "ga-bianban", "--scope", "units:write,suggestions:read", "--name", "迁移脚本",
            "--secret-file", clerkFile,
        ])
        try await cli(
            [
                "token", "issue", "--account", "ga-xitong", "--scope", "cases:write", "--name", "办件推送", "--secret-file",
                systemFile,
            ]
                + Self.townships.flatMap { ["--organization", $0] })
        let clerk = StaffClient(bearer: try String(contentsOfFile: clerkFile, encoding: .utf8).trimmingSpaces())
        let system = StaffClient(bearer: try String(contentsOfFile: systemFile, encoding: .utf8).trimmingSpaces())
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: Self.county,
            today: Day(iso: "2023-12-31"), security: testSecurity)
        let app = try await buildApplication(
            configuration: configuration, database: database, logger: quietLogger, demoToday: nil)
        try await app.test(.router) { client in
            // act: staff through the API, a year of cases from the platform, then the engine
            var uploads: [HTTPResponse.Status] = []
            for township in Self.townships {
                let csv = try Data(contentsOf: URL(fileURLWithPath: Self.file("staff-\(township).csv")))
                uploads.append(
                    try await client.execute(
                        uri: "/api/v1/units/\(township)/capacity/import/staff", method: .post,
                        headers: [.authorization: "Bearer \(clerk.bearer!)", .contentType: "text/csv"],
                        body: ByteBuffer(bytes: csv)
                    ).status)
            }
            let cases = try Data(contentsOf: URL(fileURLWithPath: Self.file("cases-2023.ndjson")))
            let ingest = try await client.execute(
                uri: "/api/v1/cases", method: .post,
                headers: [.authorization: "Bearer \(system.bearer!)", .contentType: "application/x-ndjson"],
                body: ByteBuffer(bytes: cases))
            let found = try await clerk.get(client, "/api/v1/suggestions?asOf=2023-12-31")
            let home = try await client.execute(uri: "/", method: .get)
            let licence = try await client.execute(
                uri: "/items/511A0146000000-511602000000-000-1151130000877869M-1-00", method: .get)
            let unverified = try await client.execute(uri: "/catalog/unverified", method: .get)
            // check
            #expect(uploads.allSatisfy { $0 == .ok }, "\(uploads)")
            #expect(ingest.status == .ok || ingest.status == .created, "\(ingest.text.prefix(300))")
            let body = try #require(try found.json() as? [String: Any], "\(found.text.prefix(300))")
            let rows = try #require(body["suggestions"] as? [[String: Any]])
            let keys = Set(
                rows.map {
                    "\($0["rule"] as? String ?? "")|\($0["township"] as? String ?? "")|\($0["itemCode"] as? String ?? "")"
                })
            let expected = Set(
                Self.townships.map { "R1|\($0)|GA-CF-0004" } + [
                    "R1|*|GA-CF-0004", "R2|511602102000|GA-CF-0002", "R3|511602106000|GA-CF-0003",
                ])
            #expect(
                keys == expected,
                "unexpected: \(keys.subtracting(expected).sorted()); missing: \(expected.subtracting(keys).sorted())")
            #expect(rows.count == expected.count)
            #expect(home.text.contains("广安区委机构编制委员会办公室") && !home.text.contains("演示数据"))
            #expect(!home.text.contains("大安区"), "nothing of the demo district on another county's pages")
            #expect(licence.status == .ok && licence.text.contains("未核验"))
            #expect(licence.text.contains("<dd>行政许可</dd>") && licence.text.contains(">有效</span>"), "labels, not keys")
            #expect(unverified.text.contains("特种设备安全法") && unverified.text.contains("烟花爆竹安全管理条例"))
        }
        try await database.shutdown()
    }
}
