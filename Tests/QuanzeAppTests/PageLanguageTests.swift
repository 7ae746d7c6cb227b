import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Pages speak Chinese (issue 13, point 7): a crawl of the demo — the public from the home page, each staff role
/// from its workbench — reads every page's text and fails on an ASCII identifier outside code.
///
/// What counts (`PageText.identifiers`): the text a reader sees — tags, attributes, `<script>`, `<style>` and the
/// content of `<code>`, `<pre>` and `<textarea>` removed (codes, 文号, item and person codes, addresses and examples
/// of input formats are shown in `<code>` on purpose) — cut into runs of ASCII letters, digits and `_ . : / @ -`;
/// a run with three or more ASCII letters is an identifier (`penalty`, `delegation.recall`, `cert:enforcement`,
/// `asOf`), unless it is one of the few names a Chinese reader uses as they are (`allowed`). Item codes such as
/// `511A09001023`, person codes such as `ZF-510304100-001` and units such as `KB` have fewer than three letters and
/// pass. A run of five or more digits (a count without its thousands separator — GB/T 15835 groups numbers of five
/// digits and more, `Format.count` —, or a region code outside `<code>`) fails too, and so does an organisation's
/// code (`510304-D03`): organisations are named, not coded. An ISO day (2023-12-31) in running text fails too
/// (`PageText.isoDates`): running text says 2023年12月31日; tables of data, inputs and code keep ISO days.
@Suite("Page language")
struct PageLanguageTests {
    /// Names printed as they are in Chinese text: file formats a user downloads or uploads and the spreadsheet
    /// programs that open them, and the interface and its description format other systems are told about
    /// (接口说明（OpenAPI）). Item codes of the catalogue (`DA-CF-0001`, `51201828500003`) are codes wherever they
    /// stand — a printed 委托书's 附件 lists them in its own face — and the crawl accepts them (`codes`).
    static let allowed: Set<String> = [
        "CSV", "XLSX", "Excel", "WPS", "API", "OpenAPI", "UTF-8", "GB18030", "JSON", "Atom",
    ]

    /// How many pages of one shape (the path with its codes and numbers masked) one crawl opens: one shows that the
    /// template speaks Chinese; the rest differ only in data (the demo's data is Chinese, and a county's own data
    /// is what its users typed).
    static let perShape = 1
    /// The most pages one role's crawl opens.
    static let maxPages = 80

    static let roles = [
        "bianban", "sifa", "shichang", "dashanpu", "zhifa", "jiandu", "sysadmin", "secadmin", "auditadmin",
    ]

    @Test("no page of the public or of any staff role shows an ASCII identifier", arguments: Engine.available)
    func crawl(engine: Engine) async throws {
        // The untouched demo: the crawl reads what the product prints, not what other suites wrote meanwhile.
        try await withDemoApp(engine, databases: .pristine) { client in
            let database = try await DemoDatabases.pristine.database(engine)
            // Codes a user knows and types: the catalogue's item codes and the accounts' login names (the security
            // officer picks an account by its name and login, "区委编办 李明（bianban，编办）").
            let codes = try await ItemStore(database).codes(county: "510304")
                .union(try await AccountStore(database).list(county: "510304").map(\.username))
            var findings: [String] = []
            var dates: [String] = []
            var opened = 0
            findings += try await Self.crawl(
                client, as: .anonymous, from: ["/"], codes: codes, opened: &opened, dateFindings: &dates)
            for role in Self.roles {
                let staff = try await StaffClient.login(client, role)
                findings += try await Self.crawl(
                    client, as: staff, from: ["/workbench", "/"], codes: codes, opened: &opened, dateFindings: &dates
                )
                .map { "\(role) \($0)" }
            }
            #expect(opened > 100, "the crawl opened \(opened) pages")
            #expect(findings.isEmpty, "\(findings.count) findings:\n\(findings.prefix(80).joined(separator: "\n"))")
            #expect(dates.isEmpty, "\(dates.count) pages:\n\(dates.prefix(40).joined(separator: "\n"))")
        }
    }

    /// The pages that printed keys until issue 13 point 7 was done, one by one (quicker than the crawl): the audit
    /// log (action keys, codes in subjects and details), the security page (scopes, who issued a token), the grant
    /// catalogue upload, and the long tables' pages.
    @Test(
        "the audit, security, catalogue, capacity and indicator pages show no identifier and no ISO date in text",
        arguments: [
            ("auditadmin", "/audit"), ("auditadmin", "/audit?size=200&page=2"), ("auditadmin", "/audit?action=login"),
            ("auditadmin", "/audit?verify=1"), ("secadmin", "/security"), ("bianban", "/delegation/catalogues"),
            ("bianban", "/capacity"), ("bianban", "/units/510304100000/capacity"), ("", "/indicators"),
            ("", "/indicators/townships/510304100000"), ("", "/indicators/items/DA-CF-0001"),
            ("bianban", "/townships/510304100000?knownAt=2023-06-30"),
            ("sifa", "/supervision?year=2023"), ("dashanpu", "/supervision?year=2023"),
            ("", "/supervision/ranking?year=2023"), ("", "/changes"), ("", "/changes?township=510304100000"),
            ("", "/subscribe"), ("", "/subscribe?scope=item&code=DA-CF-0189"),
            ("", "/subscribe?scope=township&code=510304100000"), ("", "/subscriptions/confirm?token=x"),
            ("", "/subscriptions/unsubscribe?id=DY-0001&token=x"), ("shichang", "/subscriptions"),
            ("dashanpu", "/subscriptions"), ("sysadmin", "/admin/outbox"),
        ])
    func fixedPages(user: String, uri: String) async throws {
        try await withDemoApp(.sqlite, databases: .pristine) { client in
            let database = try await DemoDatabases.pristine.database(.sqlite)
            let codes = try await ItemStore(database).codes(county: "510304")
                .union(try await AccountStore(database).list(county: "510304").map(\.username))
            let staff = user.isEmpty ? StaffClient.anonymous : try await StaffClient.login(client, user)
            // act
            let page = try await staff.get(client, uri)
            // check
            #expect(page.status == .ok)
            #expect(PageText.identifiers(in: page.text).filter { !codes.contains($0) } == [])
            #expect(PageText.isoDates(in: page.text) == [])
        }
    }

    @Test("what counts as an ISO date in running text")
    func isoDates() {
        #expect(PageText.isoDates(in: "<p>截至 2023-12-31 有效</p>") == ["2023-12-31"])
        #expect(PageText.isoDates(in: "<p>截至 2023年12月31日 有效</p>") == [])
        #expect(
            PageText.isoDates(
                in:
                    "<input type=\"date\" value=\"2023-12-31\"><code>2023-12-31</code><table><tr><td>2023-12-31</td></tr></table>"
            ) == [])
        #expect(PageText.isoDates(in: "<p>2023-12</p><p>共 2023 条</p>") == [])
    }

    @Test("what counts as an identifier")
    func identifiers() {
        #expect(PageText.identifiers(in: "<p>类型 penalty，状态 active</p>") == ["penalty", "active"])
        #expect(
            PageText.identifiers(in: "<p>动作 delegation.recall 要求 cert:enforcement</p>") == [
                "delegation.recall", "cert:enforcement",
            ])
        #expect(PageText.identifiers(in: "<p>参数 asOf 格式不正确</p>") == ["asOf"])
        #expect(PageText.identifiers(in: "<p>事项 <code class=\"code\">511A09001023</code> 与 511A09001023</p>") == [])
        #expect(PageText.identifiers(in: "<p><code>delegation.recall</code>，ZF-510304100-001，共 12 KB</p>") == [])
        #expect(PageText.identifiers(in: "<a href=\"/items?category=penalty\" title=\"x\">行政处罚</a>") == [])
        #expect(PageText.identifiers(in: "<script>var active = 1</script><style>.card{}</style><p>下载 CSV</p>") == [])
        #expect(PageText.identifiers(in: "<p>共 12345 条</p><p>共 12,345 条</p><p>执法证 川执510304100001</p>") == ["12345"])
        #expect(PageText.identifiers(in: "<p>A&amp;B 与 &lt;tag&gt;</p>") == ["tag"])
        #expect(
            PageText.identifiers(in: "<p>单位 510304-D03 与 510304100000-ZF，人员 ZF-510304100-001</p>") == [
                "510304-D03", "510304100000-ZF",
            ])
    }

    /// Follows the links of the pages it opens (breadth first, same site, GET pages only), bounded per shape and in
    /// all; returns "path: identifiers" for each page with findings.
    static func crawl(
        _ client: any TestClientProtocol, as staff: StaffClient, from starts: [String], codes: Set<String>,
        opened: inout Int, dateFindings: inout [String]
    ) async throws -> [String] {
        var queue = starts
        var seen = Set(starts)
        var shapes: [String: Int] = [:]
        var findings: [String] = []
        var count = 0
        while !queue.isEmpty, count < maxPages {
            let uri = queue.removeFirst()
            let shape = PageText.shape(uri)
            guard shapes[shape, default: 0] < perShape else { continue }
            shapes[shape, default: 0] += 1
            let response = try await staff.get(client, uri)
            guard response.status == .ok, response.headers[.contentType]?.hasPrefix("text/html") == true else {
                continue
            }
            count += 1
            let html = response.text
            let found = PageText.identifiers(in: html).filter { !codes.contains($0) }
            if !found.isEmpty {
                findings.append("\(uri): \(Array(Set(found)).sorted().joined(separator: " "))")
            }
            let dates = PageText.isoDates(in: html)
            if !dates.isEmpty {
                dateFindings.append("\(uri): \(Array(Set(dates)).sorted().joined(separator: " "))")
            }
            for link in PageText.links(in: html) where !seen.contains(link) {
                seen.insert(link)
                queue.append(link)
            }
        }
        opened += count
        return findings
    }
}

/// Reading a page's visible text for the language test.
enum PageText {
    /// Same-site page links: GET pages, not the API, files, downloads or the logout.
    static func links(in html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let range = rest.range(of: "href=\"") {
            let value = rest[range.upperBound...].prefix { $0 != "\"" }
            rest = rest[range.upperBound...]
            var link = String(value).replacingOccurrences(of: "&amp;", with: "&")
            if let hash = link.firstIndex(of: "#") { link = String(link[..<hash]) }
            guard link.hasPrefix("/"), !link.hasPrefix("//") else { continue }
            let path = link.prefix { $0 != "?" }
            let skipped = ["/api/", "/static/", "/public/", "/logout", "/openapi.json", "/healthz"]
            if skipped.contains(where: { path.hasPrefix($0) }) { continue }
            if path.hasSuffix(".css") || path.hasSuffix(".svg") || path.hasSuffix(".ico") || link.contains("format=") {
                continue
            }
            out.append(link)
        }
        return out
    }

    /// The path with every segment that holds a digit or a percent-encoded character masked, and the names of its
    /// query parameters: `/items/511A09001023?asOf=…` and `/items/DA-CF-0001?asOf=…` are one shape.
    static func shape(_ uri: String) -> String {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = parts[0].split(separator: "/").map { s in
            s.contains(where: { $0.isNumber || $0 == "%" }) ? "*" : String(s)
        }
        let query =
            parts.count > 1
            ? parts[1].split(separator: "&").map { $0.prefix { $0 != "=" } }.sorted().joined(separator: "&") : ""
        return "/" + path.joined(separator: "/") + "?" + query
    }

    /// The page's visible text without its code: see `PageLanguageTests`.
    static func visibleText(_ html: String) -> String {
        var text = html
        for element in ["head", "script", "style", "code", "pre", "textarea"] {
            text = text.replacingOccurrences(
                of: "(?s)<\(element)\\b[^>]*>.*?</\(element)>", with: " ",
                options: [.regularExpression, .caseInsensitive])
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&"),
        ] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// ISO days (2023-12-31) in running text: the visible text without code, inputs and tables of data, where
    /// dates stay ISO (sortable, the form an input takes and an export writes); running text says 2023年12月31日.
    static func isoDates(in html: String) -> [String] {
        let withoutTables = html.replacingOccurrences(
            of: "(?s)<table\\b[^>]*>.*?</table>", with: " ", options: [.regularExpression, .caseInsensitive])
        let text = visibleText(withoutTables)
        let regex = try! NSRegularExpression(pattern: "(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!])
        }
    }

    static func identifiers(in html: String) -> [String] {
        let text = visibleText(html)
        var out: [String] = []
        var run = ""
        // Whether the run stands alone (after a space or at the start): a number glued to a prefix is part of a
        // code (执法证 川执510304100001), not a count.
        var standalone = true
        var previous: Unicode.Scalar = " "
        func flush() {
            let token = run.trimmingCharacters(in: CharacterSet(charactersIn: ".:/-_@"))
            run = ""
            guard !token.isEmpty, !PageLanguageTests.allowed.contains(token) else { return }
            let letters = token.unicodeScalars.filter {
                ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122)
            }
            .count
            let digitsOnly = token.unicodeScalars.allSatisfy { $0.value >= 48 && $0.value <= 57 }
            // An organisation's code (`510304-D03`, `510304100000-ZF`): the county's six digits, a dash, more.
            let organisation = token.range(of: #"^[0-9]{6}([0-9]{6})?-[A-Z]"#, options: .regularExpression) != nil
            if letters >= 3 || (digitsOnly && standalone && token.count >= 5) || organisation { out.append(token) }
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let ascii =
                (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || (v >= 48 && v <= 57)
                || "_.:/@-".unicodeScalars.contains(scalar)
            if ascii {
                if run.isEmpty { standalone = previous.properties.isWhitespace }
                run.unicodeScalars.append(scalar)
            } else {
                flush()
            }
            previous = scalar
        }
        flush()
        return out
    }
}
