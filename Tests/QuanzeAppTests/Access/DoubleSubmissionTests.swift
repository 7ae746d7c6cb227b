import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp

/// The same create sent five times at once (a double click, a client's retry): exactly one write, the others a
/// Chinese 409, never a 5xx — on both engines.
@Suite("Double submissions")
struct DoubleSubmissionTests {
    /// Sends `request` five times concurrently and returns the statuses and bodies.
    static func fiveAtOnce(_ request: @escaping @Sendable () async throws -> TestResponse) async throws
        -> [(HTTPResponse.Status, String)]
    {
        try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
            for _ in 0..<5 {
                group.addTask {
                    let r = try await request()
                    return (r.status, r.text)
                }
            }
            var answers: [(HTTPResponse.Status, String)] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
    }

    static func count(_ database: any Database, _ sql: SQLQueryString) async throws -> Int {
        try await database.read { db in try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? -1 }
    }

    @Test("accounts, courses and proposals: one write and four 409s", arguments: Engine.available)
    func creates(engine: Engine) async throws {
        let tag = "\(engine.rawValue)\(Int.random(in: 1000...9999))"
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let admin = try await StaffClient.login(client, "sysadmin")
            let item = try await DelegationLifecycleTests.candidate(database)
            let department = try await StaffClient.login(
                client, DelegationLifecycleTests.accounts[item.department] ?? "shichang")
            let username = "dup\(tag)"
            let title = "重复提交测试\(tag)"
            // act
            let accounts = try await Self.fiveAtOnce {
                try await admin.post(
                    client, "/admin/accounts",
                    [
                        ("username", username), ("displayName", "重复 提交"), ("role", "township"),
                        ("organization", "510304100000"),
                    ])
            }
            let courses = try await Self.fiveAtOnce {
                try await department.post(
                    client, "/capacity/courses",
                    [
                        ("title", title), ("day", "2024-05-06"), ("hours", "2"), ("mode", "online"),
                        ("kind", "theory"),
                    ])
            }
            let proposals = try await Self.fiveAtOnce {
                try await client.execute(
                    uri: "/api/v1/delegation/proposals", method: .post,
                    headers: department.headers([
                        .contentType: "application/json", .origin: testOrigin,
                        .init("X-CSRF-Token")!: department.csrf ?? "",
                    ]),
                    body: DelegationLifecycleTests.json([
                        "itemCode": item.code, "mode": "entrusted", "reasons": "重复提交测试\(tag)",
                        "expectedYearlyVolume": 5,
                    ]))
            }
            // check
            for (name, answers, created) in [
                ("accounts", accounts, HTTPResponse.Status.created), ("courses", courses, .seeOther),
                ("proposals", proposals, .created),
            ] {
                #expect(answers.filter { $0.0 == created }.count == 1, "\(name): \(answers.map(\.0))")
                #expect(answers.filter { $0.0 == .conflict }.count == 4, "\(name): \(answers.map(\.0))")
                for (status, text) in answers where status == .conflict {
                    #expect(text.contains("未") && text.contains("重复") || text.contains("已存在"), "\(name): \(text)")
                }
            }
            #expect(
                try await Self.count(database, "SELECT COUNT(*) AS n FROM accounts WHERE username = \(bind: username)")
                    == 1)
            #expect(
                try await Self.count(
                    database,
                    "SELECT COUNT(*) AS n FROM capacity_courses WHERE county = '510304' AND title = \(bind: title)")
                    == 1)
            let mine = try await DelegationStore(database).list(Proposal.self, county: "510304", item: item.code)
                .filter { $0.reasons == "重复提交测试\(tag)" }
            #expect(mine.count == 1)
            // cleanup: the proposal is withdrawn so no other test finds it open
            if let id = mine.first?.id {
                let withdrawn = try await client.execute(
                    uri: "/api/v1/delegation/proposals/\(id)/events", method: .post,
                    headers: department.headers([
                        .contentType: "application/json", .origin: testOrigin,
                        .init("X-CSRF-Token")!: department.csrf ?? "",
                    ]), body: DelegationLifecycleTests.json(["event": "withdraw"]))
                #expect(withdrawn.status == .ok)
            }
        }
    }

    /// A demo of its own (a copy of the loaded demo) with its accounts and the app on it: these races record scans, evaluations and
    /// decisions that other tests read, so never on the shared demo.
    static func withOwnDemo(
        _ engine: Engine, cases: Bool,
        _ body: @escaping @Sendable (any TestClientProtocol, any Database) async throws -> Void
    ) async throws {
        let database = try await DemoTemplates.shared.copy(engine, cases: cases, prefix: "qz_dup")
        do {
            let configuration = AppConfiguration(
                database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil,
                security: testSecurity)
            let app = try await buildApplication(
                configuration: configuration, database: database, logger: quietLogger, demoToday: DemoBuilder.today)
            try await app.test(.router) { client in try await body(client, database) }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// Posts a JSON body with the session's CSRF header.
    static func postJSON(_ client: any TestClientProtocol, _ staff: StaffClient, _ uri: String, _ body: ByteBuffer)
        async throws -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post,
            headers: staff.headers([
                .contentType: "application/json", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
            ]), body: body)
    }

    /// Exactly one `success` answer, four Chinese 409s whose message says nothing was written again, no 5xx.
    static func expectOneWrite(
        _ name: String, _ answers: [(HTTPResponse.Status, String)], success: HTTPResponse.Status, message: String
    ) {
        #expect(answers.filter { $0.0 == success }.count == 1, "\(name): \(answers.map(\.0))")
        #expect(answers.filter { $0.0 == .conflict }.count == 4, "\(name): \(answers.map(\.0))")
        #expect(answers.allSatisfy { $0.0.code < 500 }, "\(name): \(answers.map(\.1))")
        for (status, text) in answers where status == .conflict {
            #expect(text.contains(message) && text.contains("未重复"), "\(name): \(text)")
        }
    }

    @Test(
        "a scan, an evaluation, a suggestion accepted and another dismissed: one write, four 409s each",
        arguments: Engine.available)
    func recordsAndDecisions(engine: Engine) async throws {
        // One fresh demo (without case data) for the four races: each writes what the next reads elsewhere, so the
        // decisions run first, before the evaluation changes what the engine finds.
        try await Self.withOwnDemo(engine, cases: false) { client, database in
            // setup
            let bureau = try await StaffClient.login(client, "bianban")
            let store = DelegationStore(database)
            let agreement = try #require(try await store.list(Agreement.self, county: "510304").first)
            let delegation = try #require(
                try await store.list(
                    Delegation.self, county: "510304", states: [Delegation.State.active.rawValue]
                ).first)
            let pdf = Data("%PDF-1.4\n% 重复上传的盖章扫描件\n".utf8)
            let digest = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
            let day = "2023-12-20"
            let evaluationsBefore = try await Self.count(
                database,
                """
                SELECT COUNT(*) AS n FROM audit_entries WHERE county = '510304' AND action = 'delegation.evaluate'
                AND subject = \(bind: delegation.id)
                """)
            let listed = try await bureau.get(client, "/api/v1/suggestions?asOf=2023-12-31")
            let rows = (try listed.json() as? [String: Any])?["suggestions"] as? [[String: Any]] ?? []
            // a finding at one township whose acceptance opens a follow-up there, and another one to dismiss
            let accepted = try #require(
                rows.first {
                    $0["township"] as? String != "*"
                        && ["evaluation", "training", "equipment", "renewal"].contains($0["action"] as? String ?? "")
                })
            let dismissed = try #require(rows.first { $0["key"] as? String != accepted["key"] as? String })
            func body(_ row: [String: Any], _ extra: [String: Any]) -> ByteBuffer {
                let base: [String: Any] = [
                    "key": row["key"] as? String ?? "", "fingerprint": row["fingerprint"] as? String ?? "",
                    "asOf": "2023-12-31",
                ]
                return DelegationLifecycleTests.json(base.merging(extra) { $1 })
            }
            let acceptBody = body(accepted, ["accept": true])
            let dismissBody = body(dismissed, ["accept": false, "reason": "该事项季节性强，年底前集中办理"])
            // act
            let accepts = try await Self.fiveAtOnce {
                try await Self.postJSON(client, bureau, "/api/v1/suggestions/decisions", acceptBody)
            }
            let dismissals = try await Self.fiveAtOnce {
                try await Self.postJSON(client, bureau, "/api/v1/suggestions/decisions", dismissBody)
            }
            let scans = try await Self.fiveAtOnce {
                try await client.execute(
                    uri: "/api/v1/delegation/agreements/\(agreement.id)/scans", method: .post,
                    headers: bureau.headers([
                        .contentType: "application/pdf", .origin: testOrigin,
                        .init("X-CSRF-Token")!: bureau.csrf ?? "", .init("X-File-Name")!: "scan.pdf",
                    ]), body: ByteBuffer(bytes: pdf))
            }
            let evaluations = try await Self.fiveAtOnce {
                try await Self.postJSON(
                    client, bureau, "/api/v1/delegation/delegations/\(delegation.id)/events",
                    DelegationLifecycleTests.json([
                        "event": "evaluate", "on": day, "conclusion": "keep", "findings": "承接有序，办件规范",
                    ]))
            }
            let attached = try #require(try await store.find(Agreement.self, county: "510304", id: agreement.id))
            let evaluated = try #require(try await store.find(Delegation.self, county: "510304", id: delegation.id))
            let started =
                (accepts.first { $0.0 == .ok }.flatMap {
                    try? JSONSerialization.jsonObject(with: Data($0.1.utf8)) as? [String: Any]
                }?["followUps"] as? [String]) ?? []
            var followUps: [Int] = []
            for id in started {
                let record = try await store.find(Delegation.self, county: "510304", id: id)
                followUps.append(
                    (record?.followUps ?? []).filter {
                        $0.reason.hasPrefix("采纳调整建议（\(accepted["rule"] as? String ?? "")）")
                    }.count)
            }
            // check
            Self.expectOneWrite("accept", accepts, success: .ok, message: "已经处理（已采纳）")
            Self.expectOneWrite("dismiss", dismissals, success: .ok, message: "已经处理（不采纳）")
            Self.expectOneWrite("scans", scans, success: .created, message: "已上传过")
            Self.expectOneWrite("evaluations", evaluations, success: .ok, message: "评估已经记录")
            for (row, decision) in [(accepted, "accepted"), (dismissed, "dismissed")] {
                let key = row["key"] as? String ?? ""
                #expect(
                    try await Self.count(
                        database,
                        """
                        SELECT COUNT(*) AS n FROM suggestion_decisions WHERE county = '510304'
                        AND suggestion_key = \(bind: key) AND decision = \(bind: decision)
                        """) == 1, "\(decision)")
                #expect(
                    try await Self.count(
                        database,
                        """
                        SELECT COUNT(*) AS n FROM audit_entries WHERE county = '510304' AND action = 'suggestion.decide'
                        AND subject = \(bind: key)
                        """) == 1, "\(decision)")
            }
            #expect(started.count == 1, "a finding at one township: one running delegation to follow up")
            #expect(followUps == [1], "accepting started one follow-up, not five")
            #expect(attached.attachments.filter { $0.sha256 == digest }.count == 1)
            #expect(
                try await Self.count(
                    database,
                    "SELECT COUNT(*) AS n FROM agreement_scans WHERE county = '510304' AND sha256 = \(bind: digest)")
                    == 1)
            #expect(evaluated.evaluations.filter { $0.on.iso == day }.count == 1)
            #expect(
                try await Self.count(
                    database,
                    """
                    SELECT COUNT(*) AS n FROM audit_entries WHERE county = '510304' AND action = 'delegation.evaluate'
                    AND subject = \(bind: delegation.id)
                    """) == evaluationsBefore + 1)
        }
    }
}
