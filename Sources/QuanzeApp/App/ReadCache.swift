import Foundation
import QuanzePersistence
import Synchronization

/// Reads served again while the county's data is unchanged (issue 17 point 3): a value is kept with the data stamp
/// it was computed under (`AuditStore.stamp`, the heads of the county's and the global audit chains, which every
/// change moves in its own transaction) and used only while the stamp is the same. The stamp is read before the
/// value is computed, so a change made meanwhile leaves the value under an already-old stamp and it is computed
/// again on the next read. Bounded: past `limit` values the cache starts over.
final class ReadCache: Sendable {
    private struct Entry {
        var stamp: String
        var value: any Sendable
    }

    let limit: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(limit: Int) { self.limit = limit }

    /// The value under `key` for the county's current data, computed when the cache has none for it.
    func value<T: Sendable>(
        _ key: String, county: String, database: any Database, compute: () async throws -> T
    ) async throws -> T {
        let stamp = try await AuditStore(database).stamp(county: county)
        let scoped = county + "|" + key
        if let hit = entries.withLock({ $0[scoped] }), hit.stamp == stamp, let value = hit.value as? T {
            return value
        }
        let value = try await compute()
        entries.withLock { entries in
            if entries.count >= limit && entries[scoped] == nil { entries.removeAll(keepingCapacity: true) }
            entries[scoped] = Entry(stamp: stamp, value: value)
        }
        return value
    }

    var count: Int { entries.withLock { $0.count } }
}
