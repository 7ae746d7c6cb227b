import Foundation
import Synchronization

/// Lifecycle records already decoded, kept while their stored JSON text is unchanged (issue 17 point 3).
///
/// The pages that follow a delegation (the township page, the item page, the workbench, the delegation page) read
/// the county's agreements and delegations on every request, and decoding their JSON was most of their time (the
/// demo's largest agreement is 409,777 characters of JSON). A record's value is a function of its text alone, so an
/// entry is used only when the text just read equals, byte for byte, the text it was decoded from — a record changed
/// by any writer, in any process, is decoded again; the key only finds the candidate. The records are value types: a
/// caller that changes its copy changes nothing here. Bounded: past `capacity` bytes of text the cache starts over.
final class DecodedRecords: Sendable {
    static let shared = DecodedRecords(capacity: 24 << 20)

    private struct Entry {
        var text: String
        var record: any Sendable
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = capacity }

    /// The record stored as `text` under `key` (county, kind and id), decoded only when the cache holds another text.
    func record<T: Decodable & Sendable>(_ type: T.Type, key: String, text: String) throws -> T {
        if let hit = state.withLock({ $0.entries[key] }), let record = hit.record as? T, Self.same(hit.text, text) {
            return record
        }
        let record = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        let size = text.utf8.count
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key) { state.bytes -= old.text.utf8.count }
            guard size <= capacity / 8 else { return }
            if state.bytes + size > capacity { state = State() }
            state.entries[key] = Entry(text: text, record: record)
            state.bytes += size
        }
        return record
    }

    /// How many records are kept, and their text's bytes (tests).
    var size: (records: Int, bytes: Int) { state.withLock { ($0.entries.count, $0.bytes) } }

    /// Byte equality (String's `==` compares by canonical equivalence, much slower on long Chinese text).
    static func same(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                pa.count == pb.count && (pa.isEmpty || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0)
            }
        }
    }
}
