import Testing

@testable import QuanzePersistence

/// Packed columns split at their bar bytes (as the UTF-8 view's own split would), at most as often as asked.
@Suite("Packed columns of one text")
struct PackedTextTests {
    @Test(
        "fields split at the first bars, empty ones kept, the rest of the text in the last",
        arguments: [
            ("granted|active|2023-01-01||510104017000|XM-1", 5),
            ("a|b|c", 1), ("a|b|c", 2), ("a|b|c", 9), ("", 2), ("|", 2), ("||", 1), ("镇街|委托|测试（一）|", 3),
            ("no bars at all", 4), ("😀|é|\u{301}|x", 3),
        ])
    func fields(text: String, maxSplits: Int) {
        // act
        let fields = PackedText.fields(text, maxSplits: maxSplits)
        // check
        let expected = text.utf8.split(
            separator: UInt8(ascii: "|"), maxSplits: maxSplits, omittingEmptySubsequences: false
        ).map { Substring($0) }
        #expect(fields == expected)
        #expect(fields.joined(separator: "|") == text)
    }
}
