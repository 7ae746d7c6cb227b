import Foundation
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The province generator (issue 17 point 1) at a tiny size: two of Sichuan's counties through the real command
/// line, exact counts from the division list, a second run that adds nothing, and a township's lists read back
/// through the API.
@Suite("Province generator")
struct ProvinceGeneratorTests {
    static let divisions = CompetentLevelAppTests.shared.appendingPathComponent("divisions")
    static let entriesPerTownship = 3
    static let casesPerCounty = 1_500

    /// The township-level units of a county in streets.csv, counted without the product's code.
    static func townships(of county: String) throws -> Int {
        let text = try String(contentsOf: divisions.appendingPathComponent("streets.csv"), encoding: .utf8)
        return text.split(separator: "\n").filter { $0.split(separator: ",").dropFirst(2).first == Substring(county) }
            .count
    }

    static func auditEntries(_ database: any Database) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM audit_entries").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test(
        "two counties of Sichuan: townships from the division list, K entries each, N cases a county; a second run adds nothing",
        arguments: Engine.available)
    func twoCounties(engine: Engine) async throws {
        // setup
        let database = try await engine.openScratch(prefix: "qz_province")
        do {
            try await Self.check(database)
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    static func check(_ database: any Database) async throws {
        let options = ProvinceGenerator.Options(
            province: "51", seed: 1, counties: 2, entriesPerTownship: entriesPerTownship,
            casesPerCounty: casesPerCounty, divisions: divisions)
        let counties = try ProvinceGenerator(database).counties(options)
        #expect(counties.count == 2)

        // act
        try await runCommand(
            [
                "province", "generate", "--province", "51", "--seed", "1", "--counties", "2",
                "--entries-per-township", "\(entriesPerTownship)", "--cases", "\(casesPerCounty)", "--divisions",
                divisions.path,
            ], on: database, county: counties[0].code)

        // check
        for county in counties {
            let expected = try townships(of: county.code)
            let units = try await RegionStore(database).townships(county: county.code)
            #expect(units.count == expected, "\(county.name)")
            let entries = try await ListStore(database).counts(county: county.code, on: DemoBuilder.today).values
                .reduce(0) { $0 + $1.values.reduce(0, +) }
            #expect(entries == expected * entriesPerTownship, "\(county.name)")
            #expect(try await CaseStore(database).count(county: county.code) == casesPerCounty, "\(county.name)")
            let account = try await AccountStore(database).find("g\(county.code)-bianban")
            #expect(account?.role == .establishment && account?.county == county.code)
        }

        // act: a second run
        let audit = try await auditEntries(database)
        let again = try await ProvinceGenerator(database).run(options, now: Date())

        // check: nothing written
        #expect(again.map(\.skipped) == [true, true])
        #expect(again.map(\.cases) == [casesPerCounty, casesPerCounty])
        #expect(try await auditEntries(database) == audit)

        // check: a township's lists through the API, as of the demo's day
        let county = counties[0].code
        let township = try #require(try await RegionStore(database).townships(county: county).map(\.0.code.value).min())
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: county, today: nil,
            security: testSecurity)
        let app = try await buildApplication(
            configuration: configuration, database: database, logger: quietLogger, demoToday: DemoBuilder.today)
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/townships/\(township)/lists?asOf=2023-12-31", method: .get)
            #expect(response.status == .ok)
            let json = try #require(try response.json() as? [String: Any])
            #expect(json["total"] as? Int == entriesPerTownship)
            let before = try await client.execute(
                uri: "/api/v1/townships/\(township)/lists?asOf=2023-01-09", method: .get)
            #expect((try before.json() as? [String: Any])?["total"] as? Int == 0)
        }
    }
}
