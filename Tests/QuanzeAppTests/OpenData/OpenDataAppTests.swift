import Foundation
import HummingbirdTesting
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp
@testable import QuanzePersistence

/// A county of 10 towns with 1,001 granted enforcement powers each (10,010 entries), written through the list
/// service under two decisions; one entry is ended, so a date before the end reads one more.
enum LargeCounty {
    static let county = "510399"
    static let countyCode = RegionCode("510399000000")!
    static let towns = (0..<10).map { RegionCode("5103991\(String(format: "%02d", $0))000")! }
    static let itemCount = 1_001
    static let first = Decision(
        county: county, number: "试验府发〔2022〕1号", title: "关于赋予镇部分县级行政执法权限的决定", issuer: "试验县人民政府",
        date: Day(iso: "2022-01-10")!, kind: .grantDecision)
    static let second = Decision(
        county: county, number: "试验府发〔2023〕2号", title: "关于调整赋予镇县级行政执法权限的决定", issuer: "试验县人民政府",
        date: Day(iso: "2023-03-01")!, kind: .adjustment)
    static let day = Day(iso: "2023-12-31")!
    static let entries = towns.count * itemCount - 1

    static func item(_ n: Int) -> PowerItem {
        PowerItem(
            county: county, code: "SY-CF-\(String(format: "%04d", n))", name: "对第\(n)类违法行为的处罚（含\"引号\",逗号）",
            category: .penalty, department: "试验县综合行政执法局", legalBases: [])
    }

    static func build(_ engine: Engine) async throws -> any Database {
        let database = try await engine.openScratch(prefix: "qz_open")
        let now = Date()
        try await database.transaction { db in
            try await RegionStore(database).upsert(
                [Region(code: countyCode, name: "试验县", parent: nil)]
                    + towns.enumerated().map { i, code in Region(code: code, name: "试验\(i + 1)号镇", parent: countyCode) },
                on: db)
            try await ItemStore(database).save((1...itemCount).map(item), on: db)
            try await DecisionStore(database).save([first, second], on: db)
        }
        let service = ListService(database)
        for town in towns {
            // The first half under the first decision, the rest under the second.
            let changes: [ListChange] = (1...itemCount).map { n in
                .add(
                    township: town, itemCode: item(n).code, list: .enforcement, terms: .init(mode: .granted),
                    from: n <= 500 ? first.date : second.date, until: nil)
            }
            try await service.apply(
                Array(changes.prefix(500)), county: county, citation: .decision(first.number), actor: .system, at: now)
            try await service.apply(
                Array(changes.dropFirst(500)), county: county, citation: .decision(second.number), actor: .system,
                at: now)
        }
        let ended = try await ListStore(database).inForce(county: county, township: towns[0], on: day).first!
        try await service.apply(
            [.end(entryId: ended.entryId, on: Day(iso: "2023-06-01")!)], county: county,
            citation: .decision(second.number), actor: .system, at: now)
        return database
    }

    static func withApp(
        _ database: any Database, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: county, today: day,
            security: testSecurity)
        let app = try await buildApplication(configuration: configuration, database: database, logger: quietLogger)
        try await app.test(.router) { client in try await body(client) }
    }
}

/// Reading the downloads back.
enum OpenDataFiles {
    /// RFC 4180 records of a CSV text (quoted fields with commas, quotes and line breaks).
    static func csvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars = chars.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" {
                continue
            } else if c == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
        return records
    }

    /// The CSV's comment rows (`#…`) and its table (header first).
    static func csv(_ text: String) -> (comments: [[String]], table: [[String]]) {
        #expect(text.hasPrefix("\u{FEFF}"), "a BOM for Excel")
        let records = csvRecords(String(text.dropFirst()))
        return (
            records.filter { $0.first?.hasPrefix("#") == true }, records.filter { $0.first?.hasPrefix("#") != true }
        )
    }

    /// The stored entries of an XLSX by name (central directory; the local header's own lengths).
    static func unzip(_ bytes: [UInt8]) throws -> [String: String] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let end = bytes.count - 22
        try #require(u32(end) == 0x0605_4b50)
        var at = u32(end + 16)
        var out: [String: String] = [:]
        for _ in 0..<u16(end + 10) {
            let size = u32(at + 20)
            let nameLength = u16(at + 28)
            let offset = u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let start = offset + 30 + u16(offset + 26) + u16(offset + 28)
            out[name] = String(decoding: bytes[start..<(start + size)], as: UTF8.self)
            at += 46 + nameLength
        }
        return out
    }

    static func rows(_ sheet: String) -> [[String]] {
        sheet.matches(of: #/<row r="\d+">(.*?)</row>/#).map { row in
            row.output.1.matches(
                of: #/<c r="[A-Z]+\d+"[^>]*>(?:<is><t xml:space="preserve">(.*?)</t></is>|<v>(.*?)</v>)</c>/#
            )
            .map { String($0.output.1 ?? $0.output.2 ?? "") }
        }
    }
}

@Suite("Open data: every published list as CSV, JSON and XLSX, streamed")
struct OpenDataAppTests {
    static let township = "510304100000"

    @Test(
        "a county of 10,010 entries downloads whole in every format and streams page by page",
        arguments: Engine.available)
    func largeCounty(engine: Engine) async throws {
        // setup
        let database = try await LargeCounty.build(engine)
        let counts = try await ListStore(database).counts(county: LargeCounty.county, on: LargeCounty.day)
        let expected = counts.values.flatMap(\.values).reduce(0, +)
        try #require(expected == LargeCounty.entries)
        let earlier = Day(iso: "2023-05-31")!
        try await LargeCounty.withApp(database) { client in
            // act
            let csv = try await client.execute(
                uri: "/api/v1/open-data/county/lists?format=csv&asOf=2023-12-31", method: .get)
            let json = try await client.execute(uri: "/api/v1/open-data/county/lists?asOf=2023-12-31", method: .get)
            let xlsx = try await client.execute(
                uri: "/api/v1/open-data/county/lists?format=xlsx&asOf=2023-05-31", method: .get)
            // check: CSV
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let (comments, table) = OpenDataFiles.csv(csv.text)
            #expect(table.first == OpenDataset.fields.map(\.name))
            #expect(table.count - 1 == 10_009)
            #expect(Set(table.dropFirst().map { $0[17] }).count == 10_009, "every entry once")
            #expect(table.dropFirst().allSatisfy { $0.count == OpenDataset.fields.count })
            #expect(table[1][4] == "SY-CF-0002", "the first town's first item ended on 2023-06-01")
            #expect(table[1][5] == "对第2类违法行为的处罚（含\"引号\",逗号）")
            #expect(comments.contains(["#清单日期", "2023-12-31"]))
            #expect(comments.contains(["#条目数", "10009"]))
            #expect(comments.contains(["#范围代码", "510399000000"]))
            #expect(
                comments.filter { $0.first == "#引用决定" }.map { $0[1] } == [
                    "文号", LargeCounty.first.number, LargeCounty.second.number,
                ])
            // JSON
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            let meta = try #require(object["meta"] as? [String: Any])
            let entries = try #require(object["entries"] as? [[String: Any]])
            #expect(entries.count == 10_009)
            #expect(meta["entry_count"] as? Int == 10_009)
            #expect(meta["as_of"] as? String == "2023-12-31")
            // XLSX, on a day the ended entry was still in force
            #expect(xlsx.status == .ok)
            let files = try OpenDataFiles.unzip(Array(buffer: xlsx.body))
            let sheet = OpenDataFiles.rows(try #require(files["xl/worksheets/sheet2.xml"]))
            let inForceEarlier = try await ListStore(database).counts(county: LargeCounty.county, on: earlier)
            #expect(sheet.count - 1 == inForceEarlier.values.flatMap(\.values).reduce(0, +))
            #expect(sheet.count - 1 == 10_010)
            #expect(sheet.first == OpenDataset.fields.map(\.name))
            let info = OpenDataFiles.rows(try #require(files["xl/worksheets/sheet1.xml"]))
            #expect(info.contains(["条目数", "10010"]))
        }
        // check: the stream writes the head, one piece per page of 1,000 entries and the tail; no piece holds more
        // than a page, so the body is never whole in memory
        var pieces: [Int] = []
        try await OpenDataController.stream(
            .init(county: LargeCounty.county, township: nil, code: "510399000000", name: "试验县"),
            asOf: LargeCounty.day, format: .csv, knownAt: Date(), database: database
        ) { bytes in pieces.append(bytes.count) }
        #expect(pieces.count == 1 + 11 + 1)
        let total = pieces.reduce(0, +)
        #expect(pieces.max()! * 8 < total, "largest piece \(pieces.max()!) of \(total) bytes")
        try await database.shutdown()
    }

    @Test(
        "a township's file holds exactly its list read for the day, with the decisions its entries cite",
        arguments: Engine.available)
    func township(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.pristine.database(engine)
        let town = RegionCode(Self.township)!
        try await withDemoApp(engine, databases: .pristine) { client in
            for day in ["2023-12-31", "2022-06-30"] {
                let asOf = Day(iso: day)!
                let read = try await ListStore(database).inForce(county: "510304", township: town, on: asOf)
                let cited = Set(read.compactMap(\.decision))
                // act
                let csv = try await client.execute(
                    uri: "/api/v1/open-data/townships/\(Self.township)/lists?format=csv&asOf=\(day)", method: .get)
                let json = try await client.execute(
                    uri: "/api/v1/open-data/townships/\(Self.township)/lists?format=json&asOf=\(day)", method: .get)
                let xlsx = try await client.execute(
                    uri: "/api/v1/open-data/townships/\(Self.township)/lists?format=xlsx&asOf=\(day)", method: .get)
                // check
                let (comments, table) = OpenDataFiles.csv(csv.text)
                #expect(table.count - 1 == read.count, "\(day)")
                #expect(Set(table.dropFirst().map { $0[17] }) == Set(read.map(\.entryId)))
                #expect(comments.contains(["#清单日期", day]))
                #expect(comments.contains(["#范围名称", "大山铺镇"]))
                #expect(Set(comments.filter { $0.first == "#引用决定" }.dropFirst().map { $0[1] }) == cited)
                #expect(
                    csv.headers[.contentDisposition]?.contains(
                        "filename*=UTF-8''%E5%A4%A7%E5%B1%B1%E9%93%BA%E9%95%87") == true)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
                let entries = try #require(object["entries"] as? [[String: Any]])
                #expect(entries.count == read.count)
                let meta = try #require(object["meta"] as? [String: Any])
                #expect(meta["as_of"] as? String == day)
                let decisions = try #require(meta["decisions"] as? [[String: Any]])
                #expect(Set(decisions.compactMap { $0["number"] as? String }) == cited)
                #expect(json.headers[.contentType] == "application/json; charset=utf-8")
                let files = try OpenDataFiles.unzip(Array(buffer: xlsx.body))
                #expect(files["[Content_Types].xml"]?.contains("/xl/worksheets/sheet2.xml") == true)
                let sheet = OpenDataFiles.rows(try #require(files["xl/worksheets/sheet2.xml"]))
                #expect(sheet.count - 1 == read.count)
            }
        }
    }

    @Test("a bad format, date or township is refused in Chinese", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let format = try await client.execute(
                uri: "/api/v1/open-data/county/lists?format=pdf", method: .get)
            let date = try await client.execute(
                uri: "/api/v1/open-data/townships/\(Self.township)/lists?asOf=2023-13-01", method: .get)
            let unknown = try await client.execute(
                uri: "/api/v1/open-data/townships/510304999000/lists", method: .get)
            // check
            #expect(format.status == .badRequest)
            #expect(format.text.contains("下载格式“pdf”不正确，应为 csv、json 或 xlsx"))
            #expect(date.status == .badRequest)
            #expect(unknown.status == .notFound)
        }
    }

    @Test(
        "the open-data page links every township and the county in three formats; the dictionary names every field",
        arguments: Engine.available)
    func pages(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.pristine.database(engine)
        let townships = try await RegionStore(database).townships(county: "510304")
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let page = try await client.execute(uri: "/open-data?asOf=2022-12-31", method: .get)
            let dictionary = try await client.execute(uri: "/open-data/dictionary", method: .get)
            // check
            #expect(page.status == .ok)
            let links = page.text.matches(of: /href="\/api\/v1\/open-data\/[^"]+"/).map { String($0.output) }
            #expect(links.count == (townships.count + 1) * 3)
            #expect(page.text.contains("href=\"/api/v1/open-data/county/lists?format=xlsx&amp;asOf=2022-12-31\""))
            #expect(page.text.contains("截至 2022年12月31日"))
            #expect(page.text.contains("href=\"/townships/\(Self.township)/duties?asOf=2022-12-31\""))
            #expect(dictionary.status == .ok)
            for field in OpenDataset.fields {
                #expect(dictionary.text.contains("<code>\(field.key)</code>"))
                #expect(dictionary.text.contains(field.meaning))
            }
            for code in ["statutory", "granted", "entrusted", "primary", "cooperating"] {
                #expect(dictionary.text.contains("<code>\(code)</code>"))
            }
            #expect(PageText.isoDates(in: page.text) == [])
            #expect(PageText.isoDates(in: dictionary.text) == [])
        }
    }
}
