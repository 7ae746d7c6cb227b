import Foundation
import Testing

@testable import QuanzePersistence

/// The decoded-record cache serves a record only for the very text it was decoded from.
@Suite("Decoded records")
struct DecodedRecordsTests {
    struct Note: Codable, Sendable, Equatable {
        var id: String
        var text: String
    }

    static func json(_ note: Note) throws -> String { String(decoding: try JSONEncoder().encode(note), as: UTF8.self) }

    @Test("the same text is decoded once; a changed text is decoded again; another type under the key is decoded")
    func reuse() throws {
        let cache = DecodedRecords(capacity: 1 << 20)
        let first = try Self.json(Note(id: "A-1", text: "委托书"))
        let changed = try Self.json(Note(id: "A-1", text: "赋权决定"))
        // act
        let a = try cache.record(Note.self, key: "k", text: first)
        let sizeAfterFirst = cache.size
        let b = try cache.record(Note.self, key: "k", text: first)
        let c = try cache.record(Note.self, key: "k", text: changed)
        let sizeAfterChange = cache.size
        // check
        #expect(a == Note(id: "A-1", text: "委托书") && b == a)
        #expect(c == Note(id: "A-1", text: "赋权决定"))
        #expect(sizeAfterFirst.records == 1 && sizeAfterFirst.bytes == first.utf8.count)
        #expect(sizeAfterChange.records == 1 && sizeAfterChange.bytes == changed.utf8.count)
    }

    @Test("texts equal as Swift strings but not byte for byte are different texts")
    func bytes() {
        let composed = "\u{00E9}"  // é
        let decomposed = "e\u{0301}"  // e + combining acute
        #expect(composed == decomposed, "Swift compares by canonical equivalence")
        #expect(!DecodedRecords.same(composed, decomposed))
        #expect(DecodedRecords.same("赋权", "赋" + "权"))
        #expect(DecodedRecords.same("", ""))
    }

    @Test("bounded: past its capacity it starts over; a text over an eighth of it is not kept")
    func bounded() throws {
        let cache = DecodedRecords(capacity: 1_000)
        let small = try Self.json(Note(id: "x", text: String(repeating: "a", count: 50)))
        let large = try Self.json(Note(id: "y", text: String(repeating: "b", count: 200)))
        // act
        for i in 0..<20 { _ = try cache.record(Note.self, key: "k\(i)", text: small) }
        let afterSmall = cache.size
        let value = try cache.record(Note.self, key: "big", text: large)
        // check
        // 70 bytes each: 14 fit in 1,000; the 15th starts over, so the last 6 are kept.
        #expect(small.utf8.count == 70)
        #expect(afterSmall.records == 6 && afterSmall.bytes == 420)
        #expect(value.id == "y")
        #expect(cache.size.records == afterSmall.records, "the large text is decoded, not kept")
    }

    @Test("a value kept under a key that names its content is found by that key alone, within the largest size told")
    func keyedValues() throws {
        // setup
        let cache = DecodedRecords(capacity: 1_000, largest: 600)
        let text = try Self.json(Note(id: "x", text: "a"))
        // act
        cache.keep(Note(id: "kept", text: "a"), key: "county/day/stamp/1", bytes: 500)
        cache.keep(Note(id: "too large", text: "b"), key: "county/day/stamp/2", bytes: 601)
        _ = try cache.record(Note.self, key: "record", text: text)
        // check
        #expect(cache.value(Note.self, key: "county/day/stamp/1")?.id == "kept")
        #expect(cache.value(Note.self, key: "county/day/stamp/2") == nil, "over the largest size: not kept")
        #expect(cache.value(Note.self, key: "county/day/stamp/3") == nil)
        #expect(cache.value(Note.self, key: "record") == nil, "a record kept with its text is not a keyed value")
        #expect(cache.size.records == 2 && cache.size.bytes == 500 + text.utf8.count)
    }
}
