import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

@Suite("Refused anonymous requests are counted per client and window, not written one by one")
struct RefusalAggregationTests {
    @Test(
        "1,000 anonymous POSTs refused in one window: two audit entries whose counts sum to 1,000, written by shutdown",
        arguments: Engine.available)
    func flood(engine: Engine) async throws {
        // setup
        let database = try await engine.openScratch(prefix: "qz_refusals")
        // One window for the whole flood however slow the machine: the count is what is tested, not the clock.
        var security = testSecurity
        security.refusalWindowSeconds = 3_600
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil,
            security: security)
        let app = try await buildApplication(configuration: configuration, database: database, logger: quietLogger)
        let statuses = Statuses()
        do {
            // act
            try await app.test(.live) { client in
                for i in 0..<1_000 {
                    let response = try await client.execute(
                        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                        body: ByteBuffer(string: "username=x&password=y"))
                    await statuses.add(response.status)
                    if i == 999 {
                        await statuses.noteWhileRunning(
                            try await AuditStore(database).count(AuditFilter(action: "access.refused")))
                    }
                }
            }
            let entries = try await AuditStore(database).search(AuditFilter(action: "access.refused", limit: 2_000))
                .entries
            try await database.shutdown()
            // check
            #expect(await statuses.all == Array(repeating: .forbidden, count: 1_000))
            #expect(entries.count == 2, "the first refusal at once, then one summary at shutdown")
            #expect(entries.map { RefusalTally.count(of: $0.detail) }.reduce(0, +) == 1_000)
            #expect(entries.allSatisfy { $0.actor.hasPrefix("anonymous:") && $0.outcome == "refused" })
            #expect(await statuses.whileRunning == 1, "while the window is open only its first refusal is written")
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}

/// The statuses the live client saw, collected across its task.
actor Statuses {
    var all: [HTTPResponse.Status] = []
    var whileRunning: Int?
    func add(_ status: HTTPResponse.Status) { all.append(status) }
    func noteWhileRunning(_ count: Int) { whileRunning = count }
}
