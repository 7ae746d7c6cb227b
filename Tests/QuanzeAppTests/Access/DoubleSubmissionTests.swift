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
}
