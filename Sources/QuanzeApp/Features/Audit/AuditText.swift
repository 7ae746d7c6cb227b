import Foundation
import QuanzeDomain
import QuanzePersistence

/// Reads an audit entry's subject and detail for a person (issue 13, point 7). The log keeps what was written at the
/// time, hashed, so it is never rewritten; the page names what it can: an organisation or a township by its name,
/// an item by its name with its code, an action, a token scope or a requirement code by its Chinese name. Whatever
/// else looks like an identifier (ids, login names, request paths, digests) is set as code, and a bare count gets
/// its thousands separator (`Format.count`).
struct AuditText {
    /// A piece of text, or an identifier shown as code.
    struct Segment: Hashable, Sendable {
        var text: String
        var code: Bool
    }

    var organizations: [String: String]
    var townships: [String: String]
    var items: [String: String]
    var vocabulary: RequirementVocabulary

    static func load(county: String, services: AppServices) async throws -> AuditText {
        let orgs = try await services.organizations.all(county: county)
        let townships = try await services.townships(county: county)
        let codes = try await services.items.codes(county: county)
        let items = try await services.items.items(county: county, codes: Array(codes))
        return AuditText(
            organizations: Dictionary(orgs.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }),
            townships: Dictionary(townships.map { ($0.0.code.value, $0.0.name) }, uniquingKeysWith: { a, _ in a }),
            items: Dictionary(items.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }),
            vocabulary: try await RequirementStore(services.database).vocabulary(county: county))
    }

    /// An actor's organisation by its name (its code only when the county no longer knows it, as code).
    func organization(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "" }
        return organizations[code] ?? townships[code] ?? "单位 \(code)"
    }

    static func isIdentifierCharacter(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (a >= 48 && a <= 57) || (a >= 65 && a <= 90) || (a >= 97 && a <= 122) || "_.:/@-".utf8.contains(a)
    }

    /// The text cut into plain text and identifiers, each identifier named where the county's data knows it.
    func segments(_ text: String) -> [Segment] {
        var out: [Segment] = []
        func add(_ s: String, code: Bool) {
            guard !s.isEmpty else { return }
            if !code, let last = out.last, !last.code {
                out[out.count - 1].text += s
            } else {
                out.append(Segment(text: s, code: code))
            }
        }
        var rest = Substring(text)
        while !rest.isEmpty {
            let plain = rest.prefix { !Self.isIdentifierCharacter($0) }
            add(String(plain), code: false)
            // A run after a space (or at the start) stands alone; one glued to a word is part of it (审计表18609).
            let standalone = plain.last.map(\.isWhitespace) ?? (out.isEmpty)
            rest = rest.dropFirst(plain.count)
            let run = rest.prefix(while: Self.isIdentifierCharacter)
            rest = rest.dropFirst(run.count)
            guard !run.isEmpty else { continue }
            // Punctuation around the run is text (“令牌 t1.” → code t1, then “.”).
            let edge: (Character) -> Bool = { ".:/-_@".contains($0) }
            let lead = run.prefix(while: edge)
            let body = run.dropFirst(lead.count)
            let trail = String(body.reversed().prefix(while: edge).reversed())
            let token = String(body.dropLast(trail.count))
            add(String(lead), code: false)
            for s in name(token, standalone: standalone) { add(s.text, code: s.code) }
            add(trail, code: false)
        }
        return out
    }

    /// One identifier as the page shows it.
    func name(_ token: String, standalone: Bool = true) -> [Segment] {
        guard !token.isEmpty else { return [] }
        if let n = organizations[token] ?? townships[token] { return [Segment(text: n, code: false)] }
        if let n = items[token] {
            return [
                Segment(text: "\(n)（", code: false), Segment(text: token, code: true), .init(text: "）", code: false),
            ]
        }
        if let n = AuditActions.label(of: token) { return [Segment(text: n, code: false)] }
        if let scope = TokenScope(token) { return [Segment(text: scope.label, code: false)] }
        if token.contains(":"), let r = Requirement(code: token) {
            return [Segment(text: vocabulary.label(of: r), code: false)]
        }
        if token.count == 10, let day = Day(iso: token) { return [Segment(text: Format.day(day), code: false)] }
        let letters = token.unicodeScalars.filter { CharacterSet.letters.contains($0) }.count
        if token.allSatisfy(\.isNumber) {
            // A count (up to nine digits, no leading zero) gets its separator; longer runs are codes.
            if standalone, token.count <= 9, token == "0" || !token.hasPrefix("0"), let n = Int(token) {
                return [Segment(text: Format.count(n), code: false)]
            }
            if !standalone { return [Segment(text: token, code: false)] }
            return [Segment(text: token, code: true)]
        }
        if letters >= 3 || token.count >= 5 { return [Segment(text: token, code: true)] }
        return [Segment(text: token, code: false)]
    }

    /// The segments as one line of text, for exports.
    static func plain(_ segments: [Segment]) -> String { segments.map(\.text).joined() }
}
