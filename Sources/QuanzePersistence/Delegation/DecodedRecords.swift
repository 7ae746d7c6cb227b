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
///
/// A value whose key names its content (`keep(_:key:bytes:)` and `value(_:key:)`: the engine's stored findings by
/// county, day, stamp and time of computation, which a new computation always changes) is kept the same way without
/// reading its text again.
final class DecodedRecords: Sendable {
    static let shared = DecodedRecords(capacity: 24 << 20)
    /// The engine's stored findings (`SuggestionService.stored`), charged as they take in memory
    /// (`FindingsJSON.decodedBytesPerFinding`): the largest generated province county's are some 8 MB, so a few
    /// counties' at a time.
    static let findings = DecodedRecords(capacity: 32 << 20, largest: 16 << 20)

    private struct Entry {
        /// The text the record was decoded from; nil when the key itself names the content.
        var text: String?
        var bytes: Int
        var record: any Sendable
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    let capacity: Int
    /// The largest text kept (an eighth of the capacity unless told).
    let largest: Int
    private let state = Mutex(State())

    init(capacity: Int, largest: Int? = nil) {
        self.capacity = capacity
        self.largest = largest ?? capacity / 8
    }

    /// The record stored as `text` under `key` (county, kind and id), decoded only when the cache holds another text.
    func record<T: Decodable & Sendable>(_ type: T.Type, key: String, text: String) throws -> T {
        if let hit = state.withLock({ $0.entries[key] }), let record = hit.record as? T, let kept = hit.text,
            Self.same(kept, text)
        {
            return record
        }
        let record = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        keep(Entry(text: text, bytes: text.utf8.count, record: record), key: key)
        return record
    }

    /// The value whose content `key` names, if kept (see `keep(_:key:bytes:)`).
    func value<T: Sendable>(_ type: T.Type, key: String) -> T? {
        guard let hit = state.withLock({ $0.entries[key] }), hit.text == nil else { return nil }
        return hit.record as? T
    }

    /// Keeps a value under a key that names its content; `bytes` is the size of the text it was decoded from.
    func keep<T: Sendable>(_ value: T, key: String, bytes: Int) {
        keep(Entry(text: nil, bytes: bytes, record: value), key: key)
    }

    private func keep(_ entry: Entry, key: String) {
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key) { state.bytes -= old.bytes }
            guard entry.bytes <= largest else { return }
            if state.bytes + entry.bytes > capacity { state = State() }
            state.entries[key] = entry
            state.bytes += entry.bytes
        }
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
