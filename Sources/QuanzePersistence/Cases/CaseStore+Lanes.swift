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
/// A bulk batch pushed through the API is also written in parts of at most `partSize` records, each part one
/// transaction (`CaseStore.ingestOnce`), so a small batch waits at most for one part, not for a whole batch of a
/// thousand records: on SQLite the four timed steps of such a batch's transaction took some 52 ms (BENCHMARKS.md).
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

    /// Records in one transaction of a batch pushed through the API.
    public static let partSize = 250

    /// The ranges of `count` records, in order, each at most `size` long; one empty range for no records (the batch
    /// still writes its audit entry).
    static func parts(_ count: Int, size: Int) -> [Range<Int>] {
        guard count > 0 else { return [0..<0] }
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    private static let lanes = Mutex<[String: AsyncLock]>([:])
    private static let keys = Mutex<[String: (lock: AsyncLock, users: Int)]>([:])
    private static let parser = AsyncLock()

    /// Runs `body` (decoding and checking a request body of `bytes`) in the process's bulk parsing lane when the
    /// body is a bulk one, else at once.
    public static func parsing<T: Sendable>(bytes: Int, _ body: () async throws -> T) async throws -> T {
        guard bytes > bulkBytes else { return try await body() }
        return try await parser.withLock(body)
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
        return try await lane(county).withLock { try await $isBulkWrite.withValue(true) { try await body() } }
    }

    /// Runs `body` alone among the calls with the same `key` in this process (none: at once). A batch written in
    /// parts checks its `Idempotency-Key` in its first part and stores it in its last: a second batch with the same
    /// key waits for the first, then finds its answer.
    static func exclusive<T: Sendable>(_ key: String?, _ body: () async throws -> T) async throws -> T {
        guard let key else { return try await body() }
        let lock = keys.withLock { keys in
            var entry = keys[key] ?? (AsyncLock(), 0)
            entry.users += 1
            keys[key] = entry
            return entry.lock
        }
        // After the lock is released (`withLock`): the last user of the key removes its entry.
        defer {
            keys.withLock { keys in
                guard var entry = keys[key] else { return }
                entry.users -= 1
                keys[key] = entry.users == 0 ? nil : entry
            }
        }
        return try await lock.withLock(body)
    }

    /// Whether a call holds or awaits `key` (`exclusive`): no longer once every call with it has returned.
    static func isHeld(_ key: String) -> Bool { keys.withLock { $0[key] != nil } }
}
