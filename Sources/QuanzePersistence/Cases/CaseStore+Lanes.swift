import Foundation
import Synchronization

/// Two lanes for the writes of case batches, so that a small batch (a system pushing the day's few cases, a
/// correction) is acknowledged quickly while a bulk load runs: a batch of more than `bulkThreshold` records takes
/// its county's bulk lane before its transaction, so at most one bulk batch of a county is writing or waiting to
/// write at any time in this process, and a small batch waits for that one at most — not for every bulk batch in
/// flight. The lanes order the transactions only: reading, checking and answering still overlap.
enum IngestLanes {
    /// Records in a batch above which it is a bulk batch.
    static let bulkThreshold = 100

    private static let lanes = Mutex<[String: AsyncLock]>([:])

    static func lane(_ county: String) -> AsyncLock {
        lanes.withLock { lanes in
            if let lane = lanes[county] { return lane }
            let lane = AsyncLock()
            lanes[county] = lane
            return lane
        }
    }

    /// Runs `body` in the county's bulk lane when the batch is a bulk one, else at once.
    static func write<T: Sendable>(county: String, records: Int, _ body: () async throws -> T) async throws -> T {
        guard records > bulkThreshold else { return try await body() }
        let lane = lane(county)
        await lane.lock()
        do {
            let value = try await body()
            await lane.unlock()
            return value
        } catch {
            await lane.unlock()
            throw error
        }
    }
}
