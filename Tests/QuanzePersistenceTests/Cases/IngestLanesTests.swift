import Foundation
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
}
