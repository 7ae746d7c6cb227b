import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp

/// Control characters and overlong values are refused at the edge with a Chinese 400 naming the field, on both
/// engines (PostgreSQL cannot store NUL at all); a case batch rejects only its bad record; implausible dates are
/// refused.
@Suite("Input screen at the edge")
struct InputScreenTests {
    @Test(
        "parameters, forms and JSON bodies with control characters or overlong values: 400 naming the field",
        arguments: Engine.available)
    func edge(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let staff = try await StaffClient.login(client, "bianban")
            let json: HTTPFields = staff.headers([
                .contentType: "application/json", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
            ])
            // act
            let nulQuery = try await client.execute(uri: "/api/v1/items?q=%00", method: .get)
            let c1Query = try await client.execute(uri: "/items?q=%C2%85", method: .get)
            let longQuery = try await client.execute(
                uri: "/api/v1/items?q=" + String(repeating: "a", count: 201), method: .get)
            let nulPath = try await client.execute(uri: "/items/DA%00", method: .get)
            let form = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=bian%00ban&password=x"))
            let body = try await client.execute(
                uri: "/api/v1/delegation/proposals", method: .post, headers: json,
                body: ByteBuffer(string: #"{"itemCode":"DA-CF-0001","reasons":"\u0000便民","mode":"entrusted"}"#))
            let nested = try await client.execute(
                uri: "/api/v1/delegation/proposals", method: .post, headers: json,
                body: ByteBuffer(string: #"{"itemCode":"DA-CF-0001","requirements":["ok","bad\u0007"]}"#))
            let long = try await client.execute(
                uri: "/api/v1/delegation/proposals", method: .post, headers: json,
                body: ByteBuffer(
                    string: #"{"reasons":"\#(String(repeating: "字", count: InputText.maximumFieldLength + 1))"}"#))
            let fine = try await client.execute(uri: "/api/v1/items?q=%E8%90%A5%E4%B8%9A", method: .get)
            // check
            for (response, field) in [
                (nulQuery, "q"), (c1Query, "q"), (nulPath, "地址"), (form, "username"), (body, "reasons"),
                (nested, "requirements[1]"),
            ] {
                #expect(response.status == .badRequest, "\(field): \(response.status)")
                #expect(response.text.contains("“\(field)”含有不允许的控制字符"), "\(field): \(response.text)")
            }
            #expect(longQuery.status == .badRequest && longQuery.text.contains("“q”超过 200 个字符的长度上限"))
            #expect(long.status == .badRequest && long.text.contains("“reasons”超过 8000 个字符的长度上限"))
            #expect(fine.status == .ok)
        }
    }

    @Test(
        "a case batch rejects only the record with a control character or an implausible date",
        arguments: Engine.available)
    func batch(engine: Engine) async throws {
        let tag = "\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let (_, secret) = try await TokenStore(database).create(
                for: "xitong", name: "控制字符\(tag)", scope: ["510304100000"], county: "510304", by: .system, at: Date())
            let records: [[String: Any]] = [
                CaseIngestTests.record("N\(tag)-1", received: "2016-03-01", closed: "2016-03-02"),
                CaseIngestTests.record("N\(tag)-2\u{0}", received: "2016-03-01", closed: "2016-03-02"),
                CaseIngestTests.record("N\(tag)-3", received: "9999-12-31", closed: nil),
                CaseIngestTests.record(
                    "N\(tag)-4", received: "2016-03-01", closed: "2016-03-02",
                    version: "9999-12-31T00:00:00Z"),
            ]
            // act
            let answer = try await client.execute(
                uri: "/api/v1/cases", method: .post,
                headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"],
                body: CaseIngestTests.body(records))
            let staff = try await StaffClient.login(client, "bianban")
            let csv = try await client.execute(
                uri: "/api/v1/cases/import", method: .post,
                headers: staff.headers([
                    .contentType: "text/csv", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                ]),
                body: ByteBuffer(
                    string: "source,external_id,source_version,item_code,township,received_on\n"
                        + "政务大厅,M\(tag)-1,2016-03-03,DA-CF-0001,5103041\u{0}00000,2016-03-01\n"))
            // check
            #expect(answer.status == .ok)
            let json = try answer.json() as? [String: Any] ?? [:]
            let accepted = json["accepted"] as? [[String: Any]] ?? []
            let rejected = json["rejected"] as? [[String: Any]] ?? []
            #expect(accepted.map { $0["index"] as? Int } == [0])
            #expect(rejected.map { $0["index"] as? Int } == [1, 2, 3])
            let reasons = rejected.map { $0["reason"] as? String ?? "" }
            #expect(reasons[0] == "“externalId”含有不允许的控制字符（U+0000），请删除后重新提交")
            #expect(reasons[1].hasPrefix("字段 receivedOn 的日期“9999-12-31”不在可信范围内（1949年10月1日至"))
            #expect(reasons[2].hasPrefix("字段 sourceVersion 的日期“9999-12-31”不在可信范围内"))
            #expect(csv.status == .unprocessableContent)
            #expect(
                csv.text.contains(
                    #"{"column":"township","line":2,"message":"“township”含有不允许的控制字符（U+0000），请删除后重新提交"}"#),
                "\(csv.text)")
            let stored = try await database.read { db in
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM case_records WHERE external_id LIKE \(bind: "N\(tag)-%")"
                ).first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(stored == 1)
        }
    }
}
