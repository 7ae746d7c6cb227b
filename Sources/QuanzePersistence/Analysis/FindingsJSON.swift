import Foundation
import QuanzeDomain

/// The stored text of a county's findings (`analysis_results.findings`), written and read by hand.
///
/// A province county has some 16,000 findings, and they share a few hundred distinct texts: its townships and items,
/// the days, the requirement names and the evidence R3 repeats for each item a township lacks a certificate for. The
/// text therefore holds each distinct string once, and each finding as a row of numbers:
///
///     {"strings":["R3","512021001000",…],"findings":[[0,1,2,3,4,5,5,6,7,1],…]}
///
/// A row holds the places in `strings` of the finding's rule, township, item code, severity, action, first day, last
/// day and evidence, then each of its numbers as the place of its name and its value (names in the order of their
/// UTF-8 bytes, so the same findings always give the same text). For the largest county of the generated Sichuan this
/// is 0.76 MB where an array of JSON objects was 8.7 MB: less to write on every computation, and less to decode and
/// hold when the suggestions page reads it. Texts stored as an array of findings (before this format) still read.
enum FindingsJSON {
    /// A number that JSON cannot carry (NaN or infinite), with the finding it is in.
    struct NotFinite: Error, CustomStringConvertible {
        var key: String
        var name: String
        var description: String { "finding \(key): number \(name) is not finite" }
    }

    /// A stored text that does not read back as findings (written outside this type, or damaged).
    struct Unreadable: Error, CustomStringConvertible {
        var finding: Int
        var reason: String
        var description: String { "stored findings not readable: finding \(finding): \(reason)" }
    }

    /// The fields before a row's numbers.
    static let fixedFields = 8

    /// What the decoded findings are charged in the cache of decoded values (`DecodedRecords.findings`), per finding:
    /// the largest generated county's 16,574 findings decoded from the earlier format grew the process's RSS by
    /// 7.9 MB in one measurement (`/proc/self/statm` before and after), 480 bytes each. Read from this format they share their strings and take less, so the cache holds no
    /// more counties than it did when it was charged the earlier text's bytes.
    static let decodedBytesPerFinding = 480

    static func text(_ findings: [Suggestion]) throws -> String {
        var strings = Strings()
        var rows: [UInt8] = []
        rows.reserveCapacity(findings.count * 40)
        for (index, s) in findings.enumerated() {
            rows.append(UInt8(ascii: index > 0 ? "," : "["))
            rows.append(UInt8(ascii: "["))
            for (n, field) in [s.rule, s.township, s.itemCode, s.severity.rawValue, s.action.rawValue].enumerated() {
                if n > 0 { rows.append(UInt8(ascii: ",")) }
                integer(strings.place(field), &rows)
            }
            for day in [s.from, s.to] {
                rows.append(UInt8(ascii: ","))
                integer(strings.place(day), &rows)
            }
            rows.append(UInt8(ascii: ","))
            integer(strings.place(s.evidence), &rows)
            // In the order of the names' UTF-8 bytes: a fixed order without Unicode comparisons (R3's names are
            // Chinese) or a look-up per name.
            for (name, value) in s.numbers.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                guard value.isFinite else { throw NotFinite(key: s.key, name: name) }
                rows.append(UInt8(ascii: ","))
                integer(strings.place(name), &rows)
                rows.append(UInt8(ascii: ","))
                // Whole numbers as integers; others (and -0) in Swift's shortest form that reads back to the same
                // Double.
                if value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
                    integer(Int(value), &rows)
                } else {
                    rows.append(contentsOf: String(value).utf8)
                }
            }
            rows.append(UInt8(ascii: "]"))
        }
        rows.append(contentsOf: findings.isEmpty ? Array("[]".utf8) : [UInt8(ascii: "]")])
        var out: [UInt8] = []
        out.reserveCapacity(rows.count + strings.bytes + strings.list.count * 3 + 32)
        out.append(contentsOf: #"{"strings":["#.utf8)
        for (n, text) in strings.list.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            string(text, &out)
        }
        out.append(contentsOf: #"],"findings":"#.utf8)
        out.append(contentsOf: rows)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The findings of a stored text, in either format.
    static func findings(_ text: String) throws -> [Suggestion] {
        let data = Data(text.utf8)
        guard text.utf8.first == UInt8(ascii: "{") else {
            return try JSONDecoder().decode([Suggestion].self, from: data)
        }
        let packed = try JSONDecoder().decode(Packed.self, from: data)
        let strings = packed.strings
        return try packed.findings.enumerated().map { index, row in
            func fail(_ reason: String) -> Unreadable { Unreadable(finding: index, reason: reason) }
            guard row.count >= fixedFields, (row.count - fixedFields) % 2 == 0 else {
                throw fail("\(row.count) fields")
            }
            func string(_ field: Int) throws -> String {
                guard let place = Int(exactly: row[field]), strings.indices.contains(place) else {
                    throw fail("field \(field) is not a place in the strings: \(row[field])")
                }
                return strings[place]
            }
            guard let severity = Suggestion.Severity(rawValue: try string(3)) else { throw fail("severity") }
            guard let action = Suggestion.Action(rawValue: try string(4)) else { throw fail("action") }
            guard let from = Day(iso: try string(5)), let to = Day(iso: try string(6)) else { throw fail("day") }
            var numbers: [String: Double] = [:]
            numbers.reserveCapacity((row.count - fixedFields) / 2)
            for field in stride(from: fixedFields, to: row.count, by: 2) {
                let name = try string(field)
                guard numbers.updateValue(row[field + 1], forKey: name) == nil else {
                    throw fail("number \(name) twice")
                }
            }
            return Suggestion(
                rule: try string(0), township: try string(1), itemCode: try string(2), severity: severity,
                action: action, from: from, to: to, numbers: numbers, evidence: try string(7))
        }
    }

    /// The text's two parts as `JSONDecoder` reads them.
    private struct Packed: Decodable {
        var strings: [String]
        var findings: [[Double]]
    }

    /// The distinct strings of a text, each with its place. Compared and hashed by their UTF-8 bytes: `String`'s
    /// own hashing normalises Chinese text first, and the same bytes are the same string here.
    private struct Strings {
        struct Key: Hashable {
            var text: String
            static func == (a: Key, b: Key) -> Bool {
                var (a, b) = (a.text, b.text)
                return a.withUTF8 { a in
                    b.withUTF8 { b in
                        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
                    }
                }
            }
            func hash(into hasher: inout Hasher) {
                var text = text
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        }
        var places: [Key: Int] = [:]
        /// The days' places by day: a finding's days are a handful of distinct ones, written without formatting.
        var days: [Day: Int] = [:]
        var list: [String] = []
        var bytes = 0

        mutating func place(_ text: String) -> Int {
            let key = Key(text: text)
            if let place = places[key] { return place }
            places[key] = list.count
            list.append(text)
            bytes += text.utf8.count
            return list.count - 1
        }

        mutating func place(_ day: Day) -> Int {
            if let place = days[day] { return place }
            let place = place(day.iso)
            days[day] = place
            return place
        }
    }

    /// An integer in decimal, written into `out` without making a `String`.
    private static func integer(_ value: Int, _ out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        var count = 0
        repeat {
            count += 1
            rest /= 10
        } while rest > 0
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        rest = value.magnitude
        var i = out.count
        repeat {
            i -= 1
            out[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest > 0
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
