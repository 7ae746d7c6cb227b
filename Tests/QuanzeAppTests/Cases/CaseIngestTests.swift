import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp

/// `POST /api/v1/cases`: per-record answers, scope, idempotency, versions, batch limit, and indicators that show a
/// record as soon as it is acknowledged.
@Suite("Case ingest")
struct CaseIngestTests {
    static func record(
        _ id: String, township: String = "510304100000", item: String = "DA-CF-0001", received: String = "2017-01-03",
        closed: String? = "2017-01-05", version: String = "2017-01-05T08:00:00Z", handler: String = "township"
    ) -> [String: Any] {
        var r: [String: Any] = [
            "source": "掌上执法", "externalId": id, "sourceVersion": version, "itemCode": item, "township": township,
            "handler": handler, "kind": "enforcement", "receivedOn": received, "satisfaction": 5,
        ]
        if let closed { r["closedOn"] = closed }
        return r
    }

    static func body(_ records: [[String: Any]]) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: ["records": records])) ?? Data())
    }

    @Test(
        "records are answered one by one, replays change nothing, older versions never overwrite",
        arguments: Engine.available)
    func ingest(engine: Engine) async throws {
        let tag = "\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup: a token that may write for 大山铺镇 only
            let database = try await DemoDatabases.shared.database(engine)
            let (_, secret) = try await TokenStore(database).create(
                for: "xitong", name: "测试推送\(tag)", scope: ["510304100000"], county: "510304", by: .system, at: Date())
            func post(_ body: ByteBuffer, key: String? = nil, type: String = "application/json") async throws
                -> TestResponse
            {
                var headers: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: type]
                if let key { headers[.init("Idempotency-Key")!] = key }
                return try await client.execute(uri: "/api/v1/cases", method: .post, headers: headers, body: body)
            }
            let batch = Self.body([
                Self.record("A\(tag)-1"), Self.record("A\(tag)-2", closed: "2017-01-20"),
                Self.record("A\(tag)-3", handler: "department"), Self.record("A\(tag)-4", item: "NO-SUCH"),
                Self.record("A\(tag)-5", township: "510304005000"),
                Self.record("A\(tag)-6", received: "2017-01-09", closed: "2017-01-08"),
            ])
            // act
            let first = try await post(batch, key: "k-\(tag)")
            let indicators = try await client.execute(
                uri: "/api/v1/indicators?township=510304100000&item=DA-CF-0001&from=2017-01&to=2017-01", method: .get)
            let replay = try await post(batch, key: "k-\(tag)")
            let reused = try await post(Self.body([Self.record("A\(tag)-9")]), key: "k-\(tag)")
            let older = try await post(
                Self.body([Self.record("A\(tag)-1", closed: nil, version: "2017-01-04T08:00:00Z")]))
            let newer = try await post(
                Self.body([Self.record("A\(tag)-2", closed: "2017-01-06", version: "2017-01-21T08:00:00Z")]))
            let after = try await client.execute(
                uri: "/api/v1/indicators?township=510304100000&item=DA-CF-0001&from=2017-01&to=2017-01", method: .get)
            let ndjson = try await post(
                ByteBuffer(
                    string: [Self.record("A\(tag)-7"), Self.record("A\(tag)-8")].map {
                        String(decoding: try! JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
                    }.joined(separator: "\n")), type: "application/x-ndjson")
            let tooMany = try await post(Self.body((0...CasesController.maxBatch).map { Self.record("B\(tag)-\($0)") }))
            let emptyKey = try await post(Self.body([Self.record("C\(tag)-1")]), key: " ")
            let staff = try await StaffClient.login(client, "bianban")
            let bySession = try await client.execute(
                uri: "/api/v1/cases", method: .post,
                headers: staff.headers([
                    .contentType: "application/json", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
                ]), body: batch)
            let anonymous = try await client.execute(
                uri: "/api/v1/cases", method: .post, headers: [.contentType: "application/json"], body: batch)
            // check
            #expect(emptyKey.status == .badRequest && emptyKey.text.contains("Idempotency-Key"))
            #expect(first.status == .ok)
            let answer = try first.json() as? [String: Any] ?? [:]
            let accepted = answer["accepted"] as? [[String: Any]] ?? []
            let rejected = answer["rejected"] as? [[String: Any]] ?? []
            #expect(accepted.map { $0["index"] as? Int } == [0, 1, 2])
            #expect(rejected.map { $0["index"] as? Int } == [3, 4, 5])
            #expect((rejected[0]["reason"] as? String)?.contains("事项目录中没有") == true)
            #expect((rejected[1]["reason"] as? String)?.contains("无权为镇街") == true)
            #expect((rejected[2]["reason"] as? String)?.contains("早于受理日期") == true)
            let total = (try indicators.json() as? [String: Any])?["total"] as? [String: Any] ?? [:]
            #expect(total["volume"] as? Int == 3, "visible in the indicators as soon as acknowledged")
            #expect(total["closed"] as? Int == 3)
            #expect(replay.status == .ok && replay.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(replay.text == first.text, "the same answer")
            #expect(reused.status == .unprocessableContent)
            #expect(older.text.contains("unchanged"), "an older version never overwrites a newer one")
            #expect(newer.text.contains("updated"))
            let totalAfter = (try after.json() as? [String: Any])?["total"] as? [String: Any] ?? [:]
            #expect(totalAfter["volume"] as? Int == 3, "an update replaces its old contribution")
            #expect(ndjson.status == .ok && ndjson.text.contains("created"))
            #expect(tooMany.status == .contentTooLarge)
            #expect(bySession.status == .forbidden)
            #expect(anonymous.status == .unauthorized)
            // An open record received long ago: its due day (90 natural days for this penalty) has passed by the
            // demo's today, so it counts as overdue when read.
            let open = try await post(Self.body([Self.record("A\(tag)-10", received: "2023-01-02", closed: nil)]))
            let overdue = try await client.execute(
                uri: "/api/v1/indicators?township=510304100000&from=2023-01&to=2023-01", method: .get)
            #expect(open.status == .ok)
            #expect(((try overdue.json() as? [String: Any])?["openOverdue"] as? Int ?? 0) >= 1)
            let dashboard = try await client.execute(uri: "/indicators?from=2017-01&to=2017-01", method: .get)
            let badMonth = try await client.execute(uri: "/indicators?from=2017-13", method: .get)
            #expect(dashboard.status == .ok && dashboard.text.contains("<svg") && dashboard.text.contains("大山铺镇"))
            #expect(!dashboard.text.contains("style="), "charts use presentation attributes only (CSP)")
            #expect(badMonth.status == .badRequest)
            let mine = try await database.read { db in
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM case_records WHERE external_id LIKE \(bind: "A\(tag)-%")"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            #expect(mine == 6, "A-1, A-2, A-3, A-7, A-8 and A-10 stored, once each; the rejected ones not")
        }
    }
}
