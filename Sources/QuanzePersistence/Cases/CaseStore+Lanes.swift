import Foundation
import Synchronization

/// Two lanes for the writes of case batches, so that a small batch (a system pushing the day's few cases, a
/// correction) is acknowledged quickly while a bulk load runs: a batch of more than `bulkThreshold` records takes
/// its county's bulk lane before its transaction, so at most one bulk batch of a county is writing or waiting to
/// write at any time in this process, and a small batch waits for that one at most — not for every bulk batch in
/// flight. On SQLite the bulk batch also lets every other writer waiting for the one writer connection go first
/// (`isBulkWrite`), so a small batch waits at most for the bulk transaction under way, not also for the next one
/// queued behind it. PostgreSQL writes concurrently; batches of one source take turns there (`CaseStore.write`).
///
/// Before that, a bulk body (over `bulkBytes`) is decoded and read into records by one request at a time in this
/// process (`parsing`); one bulk body decodes while the one before it writes. With six bulk batches in flight on two
/// cores, decoding them one at a time instead of side by side raised the bulk load from 8,469 to 9,735 records/s
/// (one run each, 200,000 records). It did not shorten a one-record batch's wait (BENCHMARKS.md).
public enum IngestLanes {
    /// Records in a batch above which it is a bulk batch.
    static let bulkThreshold = 100

    /// Bytes of a request body above which it is decoded in the bulk parsing lane (a one-record batch is some 300
    /// bytes; a hundred records some 30,000).
    public static let bulkBytes = 32 * 1024

    private static let lanes = Mutex<[String: AsyncLock]>([:])
    private static let parser = AsyncLock()

    /// Runs `body` (decoding and checking a request body of `bytes`) in the process's bulk parsing lane when the
    /// body is a bulk one, else at once.
    public static func parsing<T: Sendable>(bytes: Int, _ body: () async throws -> T) async throws -> T {
        guard bytes > bulkBytes else { return try await body() }
        await parser.lock()
        do {
            let value = try await body()
            await parser.unlock()
            return value
        } catch {
            await parser.unlock()
            throw error
        }
    }

    static func lane(_ county: String) -> AsyncLock {
        lanes.withLock { lanes in
            if let lane = lanes[county] { return lane }
            let lane = AsyncLock()
            lanes[county] = lane
            return lane
        }
    }

    /// Set while a bulk batch writes: its transaction waits behind every other writer.
    @TaskLocal static var isBulkWrite = false

    /// Runs `body` in the county's bulk lane when the batch is a bulk one, else at once.
    static func write<T: Sendable>(county: String, records: Int, _ body: () async throws -> T) async throws -> T {
        guard records > bulkThreshold else { return try await body() }
        let lane = lane(county)
        await lane.lock()
        do {
            let value = try await $isBulkWrite.withValue(true) { try await body() }
            await lane.unlock()
            return value
        } catch {
            await lane.unlock()
            throw error
        }
    }
}
