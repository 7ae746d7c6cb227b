import Foundation
import QuanzeDomain

/// The stored text of a county's findings (`analysis_results.findings`): the JSON array `JSONDecoder` reads back as
/// `[Suggestion]`, written by hand. A county's findings are some 10,000 suggestions (3.9 MB on average); encoding
/// them with `JSONEncoder` was an eighth of the full analysis (perf, all of Sichuan).
enum FindingsJSON {
    /// A number that JSON cannot carry (NaN or infinite), with the finding it is in.
    struct NotFinite: Error, CustomStringConvertible {
        var key: String
        var name: String
        var description: String { "finding \(key): number \(name) is not finite" }
    }

    static func text(_ findings: [Suggestion]) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(findings.count * 400)
        out.append(UInt8(ascii: "["))
        for (index, s) in findings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            field("rule", first: true, &out)
            string(s.rule, &out)
            field("township", &out)
            string(s.township, &out)
            field("itemCode", &out)
            string(s.itemCode, &out)
            field("severity", &out)
            string(s.severity.rawValue, &out)
            field("action", &out)
            string(s.action.rawValue, &out)
            field("from", &out)
            string(s.from.iso, &out)
            field("to", &out)
            string(s.to.iso, &out)
            field("numbers", &out)
            out.append(UInt8(ascii: "{"))
            // In the order of the names' UTF-8 bytes: a fixed order without Unicode comparisons (R3's names are
            // Chinese) or a look-up per name.
            let numbers = s.numbers.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (n, (name, value)) in numbers.enumerated() {
                guard value.isFinite else { throw NotFinite(key: s.key, name: name) }
                if n > 0 { out.append(UInt8(ascii: ",")) }
                string(name, &out)
                out.append(UInt8(ascii: ":"))
                // Whole numbers as integers; others in Swift's shortest form that reads back to the same Double.
                if value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
                    out.append(contentsOf: String(Int64(value)).utf8)
                } else {
                    out.append(contentsOf: String(value).utf8)
                }
            }
            out.append(UInt8(ascii: "}"))
            field("evidence", &out)
            string(s.evidence, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func field(_ name: StaticString, first: Bool = false, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: first ? "{" : ","))
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// A JSON string: quote and backslash escaped, control characters as \u00XX, everything else as its UTF-8 —
    /// copied a run at a time between the bytes that need escaping.
    private static func string(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                if byte < 0x20 {
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                } else {
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
