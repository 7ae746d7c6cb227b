import Foundation
import QuanzeDomain
import Testing

@testable import QuanzePersistence

/// The hand-written text of stored findings reads back as the very findings written, with the same fingerprints (a
/// dismissal holds only while its fingerprint is unchanged); each distinct string is written once.
@Suite("Stored findings' JSON text")
struct FindingsJSONTests {
    /// Text with what JSON must escape: quotes, backslashes, control characters, and Chinese and other scalars.
    static let pieces = [
        "镇", "街道", "\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", "/", "a", "0", " ", "（", "％", "😀", "\u{7F}",
        "\u{2028}",
    ]
    static let numbers: [Double] = [
        0, -0.0, 1, -3, 12, 0.5, 0.1, 2.0 / 3.0, 1e-7, 123_456_789, 1e15, 1.5e16, -2.25, Double.ulpOfOne,
        .greatestFiniteMagnitude, .leastNonzeroMagnitude,
    ]

    static func text(_ rng: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    static func finding(_ rng: inout SeededGenerator) -> Suggestion {
        var numbers: [String: Double] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            numbers[text(&rng)] = Self.numbers.randomElement(using: &rng)!
            numbers["n\(numbers.count)"] = Double.random(in: -1e6...1e6, using: &rng)
        }
        let day = Day(ordinal: Int.random(in: 0...60_000, using: &rng))
        return Suggestion(
            rule: "R\(Int.random(in: 1...10, using: &rng))", township: text(&rng), itemCode: text(&rng),
            severity: [.info, .warning, .serious].randomElement(using: &rng)!,
            action: [.recall, .training, .equipment, .evaluation, .renewal, .amendment].randomElement(using: &rng)!,
            from: day, to: day.adding(days: Int.random(in: 0...400, using: &rng)), numbers: numbers,
            evidence: text(&rng))
    }

    @Test("random findings read back equal, fingerprints and all", arguments: [1, 2, 3] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let findings = (0..<500).map { _ in Self.finding(&rng) }
        let text = try FindingsJSON.text(findings)
        #expect(text.hasPrefix(#"{"strings":["#))
        let read = try FindingsJSON.findings(text)
        #expect(read == findings)
        #expect(read.map(\.fingerprint) == findings.map(\.fingerprint))
        // -0 stays -0 (equal to 0, but its fingerprint prints "-0.0000")
        func signs(_ f: [Suggestion]) -> [[FloatingPointSign]] {
            f.map { $0.numbers.sorted { $0.key < $1.key }.map(\.value.sign) }
        }
        #expect(signs(read) == signs(findings))
    }

    @Test("a string shared by findings is written once, and the text is a fraction of an array of JSON objects")
    func sharedStrings() throws {
        let day = Day(iso: "2023-12-31")!
        let evidence = "截至2023年12月31日缺少：专业能力：食品安全（本单位在岗人员中无人持有有效的食品安全专业证书）"
        let findings = (0..<200).map { n in
            Suggestion(
                rule: "R3", township: "51202100\(n % 10)000", itemCode: "511A00\(n)", severity: .serious,
                action: .training, from: day, to: day, numbers: ["missing": 1, "missing:食品安全": 1],
                evidence: evidence)
        }
        let text = try FindingsJSON.text(findings)
        #expect(text.components(separatedBy: evidence).count == 2)
        #expect(text.components(separatedBy: "\"51202100").count == 11)
        #expect(try FindingsJSON.findings(text) == findings)
        let objects = try JSONEncoder().encode(findings)
        #expect(text.utf8.count * 5 < objects.count)
    }

    @Test("findings stored as an array of JSON objects (the earlier format) still read")
    func earlierFormat() throws {
        var rng = SeededGenerator(seed: 4)
        let findings = (0..<50).map { _ in Self.finding(&rng) }
        let earlier = String(decoding: try JSONEncoder().encode(findings), as: UTF8.self)
        #expect(earlier.hasPrefix("["))
        #expect(try FindingsJSON.findings(earlier) == findings)
    }

    @Test(
        "a damaged text is refused, naming the finding",
        arguments: [
            (#"{"strings":["R1"],"findings":[[0,0,0]]}"#, "3 fields"),
            (#"{"strings":["R1"],"findings":[[0,0,0,0,0,0,0,0,0]]}"#, "9 fields"),
            (#"{"strings":["R1"],"findings":[[0,0,0,1,0,0,0,0]]}"#, "field 3"),
            (#"{"strings":["R1"],"findings":[[0,0,0,0.5,0,0,0,0]]}"#, "field 3"),
            (#"{"strings":["R1"],"findings":[[0,0,0,0,0,0,0,0]]}"#, "severity"),
            (#"{"strings":["R1","info","x"],"findings":[[0,0,0,1,2,0,0,0]]}"#, "action"),
            (#"{"strings":["R1","info","recall"],"findings":[[0,0,0,1,2,0,0,0]]}"#, "day"),
            (
                #"{"strings":["R1","info","recall","2024-01-01"],"findings":[[0,0,0,1,2,3,3,0,0,1,0,2]]}"#,
                "number R1 twice"
            ),
        ])
    func damaged(text: String, reason: String) throws {
        let error = try #require(throws: FindingsJSON.Unreadable.self) { try FindingsJSON.findings(text) }
        #expect(error.finding == 0)
        #expect(error.reason.hasPrefix(reason))
    }

    @Test("no findings is an empty list; a number JSON cannot carry is refused, naming the finding")
    func edges() throws {
        #expect(try FindingsJSON.text([]) == #"{"strings":[],"findings":[]}"#)
        #expect(try FindingsJSON.findings(try FindingsJSON.text([])) == [])
        let day = Day(iso: "2025-01-01")!
        for bad in [Double.nan, .infinity, -.infinity] {
            let finding = Suggestion(
                rule: "R2", township: "T", itemCode: "I", severity: .warning, action: .training, from: day, to: day,
                numbers: ["share": bad], evidence: "")
            #expect(throws: FindingsJSON.NotFinite.self) { try FindingsJSON.text([finding]) }
        }
    }
}
