import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mustache
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
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

extension RefusalAggregationTests {
    @Test(
        "an audit write that fails keeps its counts: the next flush and the shutdown drain write them exactly",
        arguments: Engine.available)
    func failedWriteIsRetried(engine: Engine) async throws {
        // setup
        let scratch = try await engine.openScratch(prefix: "qz_refusals")
        let database = FailingDatabase(scratch)
        let clock = TestClock()
        let templates = try await MustacheLibrary(
            directory: Bundle.quanzeResources.appendingPathComponent("Templates").path)
        var services = AppServices(
            database: database, templates: templates, deploymentCounty: "510304", pinnedToday: nil, clock: { clock.now }
        )
        services.refusals = RefusalAggregator(window: 60)
        func refusal(_ client: String) -> AuditEvent {
            AuditEvent(
                county: "510304", actor: Actor(name: "anonymous:\(client)", role: "anonymous"), at: clock.now,
                action: "access.refused", subject: "POST /login", detail: "请求来源校验失败（Origin）", outcome: .refused)
        }
        func written() async throws -> [Int] {
            try await AuditStore(scratch).search(AuditFilter(action: "access.refused", limit: 100)).entries
                .sorted { $0.seq < $1.seq }.map { RefusalTally.count(of: $0.detail) }
        }
        do {
            // act: client a's window of 10 refusals closes and its summary's write fails once
            for _ in 0..<10 { try await services.recordAnonymousRefusal(refusal("a"), client: "a") }
            clock.advance(61)
            database.failNext(1)
            var flushFailure: (any Error)?
            do { try await services.flushRefusals() } catch { flushFailure = error }
            let afterFailure = try await written()
            let keptAfterFailure = await services.refusals.pending
            try await services.flushRefusals()
            let afterRetry = try await written()
            // client b: its first refusal's own write fails, then 4 more; the shutdown drain fails once, then writes
            database.failNext(1)
            var recordFailure: (any Error)?
            do { try await services.recordAnonymousRefusal(refusal("b"), client: "b") } catch { recordFailure = error }
            for _ in 0..<4 { try await services.recordAnonymousRefusal(refusal("b"), client: "b") }
            let keptForShutdown = await services.refusals.pending
            database.failNext(1)
            var drainFailure: (any Error)?
            do { try await services.flushRefusals(all: true) } catch { drainFailure = error }
            let afterDrainFailure = try await written()
            try await services.flushRefusals(all: true)
            let afterShutdown = try await written()
            let chains = try await AuditStore(scratch).verify()
            try await scratch.shutdown()
            // check
            #expect(flushFailure is FailingDatabase.Failure && recordFailure is FailingDatabase.Failure)
            #expect(drainFailure is FailingDatabase.Failure)
            #expect(afterFailure == [1], "only a's first refusal is written; the failed summary is not")
            #expect(keptAfterFailure == 9, "the nine counted refusals are kept, not dropped")
            #expect(afterRetry == [1, 9])
            #expect(keptForShutdown == 5, "b's first refusal (its write failed) and the four counted after it")
            #expect(afterDrainFailure == [1, 9])
            #expect(afterShutdown == [1, 9, 1, 4], "b's first refusal, then the summary of the four after it")
            #expect(afterShutdown.reduce(0, +) == 15 && chains.map(\.problem) == [nil])
            #expect(await services.refusals.pending == 0)
        } catch {
            try? await scratch.shutdown()
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
