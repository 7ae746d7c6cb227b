import Foundation
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// A small batch is not queued behind a bulk load (issue 17 point 3): bulk batches of a county take turns in their
/// lane; a small one goes straight to its transaction.
@Suite("Ingest lanes")
struct IngestLanesTests {
    actor Log {
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
    }

    /// Opened once by the test; the first bulk batch holds its lane until then.
    actor Gate {
        var open = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if open { return }
            await withCheckedContinuation { waiting.append($0) }
        }
        func release() {
            open = true
            for w in waiting { w.resume() }
            waiting = []
        }
    }

    static func until(_ log: Log, has line: String) async throws {
        for _ in 0..<5000 where !(await log.lines.contains(line)) { try await Task.sleep(for: .milliseconds(1)) }
    }

    @Test("bulk batches take turns in the order they came; a small batch passes them all")
    func smallPassesBulk() async throws {
        let county = "lane-" + UUID().uuidString
        let log = Log()
        let gate = Gate()
        let bulk = IngestLanes.bulkThreshold + 1
        // act
        let first = Task {
            try await IngestLanes.write(county: county, records: 1000) {
                await log.add("bulk 1 writes")
                await gate.wait()
                await log.add("bulk 1 done")
            }
        }
        try await Self.until(log, has: "bulk 1 writes")
        let second = Task { try await IngestLanes.write(county: county, records: bulk) { await log.add("bulk 2") } }
        try await Task.sleep(for: .milliseconds(30))
        let third = Task { try await IngestLanes.write(county: county, records: bulk) { await log.add("bulk 3") } }
        try await Task.sleep(for: .milliseconds(30))
        try await IngestLanes.write(county: county, records: IngestLanes.bulkThreshold) { await log.add("small") }
        let otherCounty = try await IngestLanes.write(county: county + "-b", records: 1000) { "other county" }
        await gate.release()
        try await first.value
        try await second.value
        try await third.value
        // check
        #expect(await log.lines == ["bulk 1 writes", "small", "bulk 1 done", "bulk 2", "bulk 3"])
        #expect(otherCounty == "other county", "another county's bulk lane is its own")
    }

    @Test("a bulk batch that fails frees its lane")
    func failureFrees() async throws {
        struct Refused: Error {}
        let county = "lane-" + UUID().uuidString
        // act
        let failed = await #expect(throws: Refused.self) {
            try await IngestLanes.write(county: county, records: 500) { () async throws -> Int in throw Refused() }
        }
        let next = try await IngestLanes.write(county: county, records: 500) { 42 }
        // check
        #expect(failed != nil)
        #expect(next == 42)
    }

    @Test("a waiter that defers goes after every other waiter, each kind in the order it came")
    func deferringWaiters() async throws {
        let lock = AsyncLock()
        let log = Log()
        await lock.lock()
        // act
        var tasks: [Task<Void, Never>] = []
        for (name, deferring) in [("bulk 1", true), ("small 1", false), ("bulk 2", true), ("small 2", false)] {
            tasks.append(
                Task {
                    await lock.lock(deferring: deferring)
                    await log.add(name)
                    await lock.unlock()
                })
            // Each waiter is queued before the next one asks.
            for _ in 0..<5000 where await lock.queued < tasks.count { try await Task.sleep(for: .milliseconds(1)) }
        }
        let queued = await lock.queued
        await lock.unlock()
        for task in tasks { await task.value }
        // check
        #expect(queued == 4)
        #expect(await log.lines == ["small 1", "small 2", "bulk 1", "bulk 2"])
    }

    @Test("a bulk batch's transaction marks itself bulk; a small one does not")
    func bulkWriteMark() async throws {
        let county = "lane-" + UUID().uuidString
        // act
        let bulk = try await IngestLanes.write(county: county, records: 1000) { IngestLanes.isBulkWrite }
        let small = try await IngestLanes.write(county: county, records: 1) { IngestLanes.isBulkWrite }
        // check
        #expect(bulk)
        #expect(!small)
        #expect(!IngestLanes.isBulkWrite)
    }

    /// The one SQLite writer: a bulk transaction holds it, a second bulk one waits, then a small one asks. The small
    /// one writes before the waiting bulk one.
    @Test("on SQLite a small batch's transaction goes before a bulk one already waiting for the writer")
    func smallBeforeWaitingBulk() async throws {
        let database = try await Engine.sqlite.openScratch(prefix: "lanes")
        let writer = try #require(database as? SQLiteDatabaseHandle)
        let county = "lane-" + UUID().uuidString
        let log = Log()
        let gate = Gate()
        let bulk = IngestLanes.bulkThreshold + 1
        // act
        let first = Task {
            try await IngestLanes.write(county: county, records: bulk) {
                try await database.transaction { _ in
                    await log.add("bulk 1 writes")
                    await gate.wait()
                }
            }
        }
        try await Self.until(log, has: "bulk 1 writes")
        // Another county's bulk batch: its own lane, the same writer.
        let second = Task {
            try await IngestLanes.write(county: county + "-b", records: bulk) {
                try await database.transaction { _ in await log.add("bulk 2") }
            }
        }
        // The bulk batch is waiting for the writer before the small one asks, and both wait when the first ends.
        for _ in 0..<5000 where await writer.lock.queued < 1 { try await Task.sleep(for: .milliseconds(1)) }
        let small = Task {
            try await IngestLanes.write(county: county, records: 1) {
                try await database.transaction { _ in await log.add("small") }
            }
        }
        for _ in 0..<5000 where await writer.lock.queued < 2 { try await Task.sleep(for: .milliseconds(1)) }
        let queued = await writer.lock.queued
        await gate.release()
        try await first.value
        try await second.value
        try await small.value
        try await database.shutdown()
        // check
        #expect(queued == 2)
        #expect(await log.lines == ["bulk 1 writes", "small", "bulk 2"])
    }

    @Test("bulk bodies decode one at a time; a small body does not wait for them")
    func parsingLane() async throws {
        let log = Log()
        let gate = Gate()
        let bulk = IngestLanes.bulkBytes + 1
        // act
        let first = Task {
            try await IngestLanes.parsing(bytes: bulk) {
                await log.add("bulk 1 decodes")
                await gate.wait()
                await log.add("bulk 1 done")
            }
        }
        try await Self.until(log, has: "bulk 1 decodes")
        let second = Task { try await IngestLanes.parsing(bytes: bulk) { await log.add("bulk 2") } }
        try await Task.sleep(for: .milliseconds(30))
        try await IngestLanes.parsing(bytes: IngestLanes.bulkBytes) { await log.add("small") }
        await gate.release()
        try await first.value
        try await second.value
        // check
        #expect(await log.lines == ["bulk 1 decodes", "small", "bulk 1 done", "bulk 2"])
    }
}
