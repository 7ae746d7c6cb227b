import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp
@testable import QuanzePersistence

/// `quanze audit checkpoint` and `quanze audit verify` on a scratch database: what they print and whether verify
/// fails. The commands' `run()` only adds the environment (`DATABASE_URL`) around these functions.
@Suite("quanze audit")
struct AuditCommandTests {
    static let at = Date(timeIntervalSince1970: 1_700_000_000)

    /// A scratch database with a chain of `count` entries in county 510304, and a checkpoint file path.
    static func withChain(
        _ engine: Engine, count: Int, _ body: (any Database, URL) async throws -> Void
    ) async throws {
        let database = try await engine.openScratch(prefix: "qz_audit")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cp-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            for i in 1...count {
                let event = AuditEvent(
                    county: "510304", actor: .system, at: at.addingTimeInterval(Double(i)), action: "list.apply",
                    subject: "510304100000", detail: "第 \(i) 次调整")
                try await database.transaction { db in try await AuditStore.append(event, on: db) }
            }
            try await body(database, file)
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    @Test("checkpoint prints every head and verify reports the chain intact", arguments: Engine.available)
    func checkpointThenVerify(engine: Engine) async throws {
        try await Self.withChain(engine, count: 4) { database, file in
            // setup
            let head = try await AuditStore(database).heads()[0]
            // act
            let printed = try await AuditCommand.takeCheckpoint(database, file: file, now: Self.at)
            let outcome = try await AuditCommand.verify(
                database, checkpoints: try AuditCommand.loadCheckpoints(file), file: file)
            // check
            #expect(printed.first == "510304：第 4 条 \(head.hash)")
            #expect(outcome.intact)
            #expect(outcome.lines.contains("510304：完好，共 4 条"))
            #expect(!outcome.lines.contains { $0.hasPrefix("注意") })
        }
    }

    @Test("verify names the first broken entry and fails; without a file it warns", arguments: Engine.available)
    func verifyBroken(engine: Engine) async throws {
        try await Self.withChain(engine, count: 4) { database, file in
            // setup
            _ = try await AuditCommand.takeCheckpoint(database, file: file, now: Self.at)
            try await database.transaction { db in
                try await db.raw("DELETE FROM audit_entries WHERE county = '510304' AND seq = 4").run()
            }
            // act
            let checked = try await AuditCommand.verify(
                database, checkpoints: try AuditCommand.loadCheckpoints(file), file: file)
            let alone = try await AuditCommand.verify(database, checkpoints: [], file: nil)
            // check
            #expect(!checked.intact)
            #expect(checked.lines.contains("510304：审计链只到第 3 条，但检查点记录到第 4 条：记录被截断或数据库被回滚"))
            #expect(alone.intact)
            #expect(alone.lines.first?.hasPrefix("注意：没有检查点") == true)
        }
    }

    @Test(
        "without a checkpoint, verify reports a county whose county government exists but whose chain is gone, and fails",
        arguments: Engine.available)
    func verifyMissingChain(engine: Engine) async throws {
        try await Self.withChain(engine, count: 4) { database, _ in
            // setup
            try await database.transaction { db in
                for county in ["510304", "510311"] {
                    try await db.raw(
                        """
                        INSERT INTO organizations (county, code, name, kind)
                        VALUES (\(bind: county), \(bind: county + "-G"), \(bind: county + "人民政府"), 'county-government')
                        """
                    ).run()
                }
            }
            // act
            let outcome = try await AuditCommand.verify(database, checkpoints: [], file: nil)
            // check
            #expect(!outcome.intact)
            #expect(outcome.lines.contains("510304：完好，共 4 条"))
            #expect(
                outcome.lines.contains(
                    "510311：本区县已登记区县政府单位，但审计链一条记录也没有：整条链缺失（被删除或数据库被替换）"))
            #expect(outcome.lines.last == "2 条审计链中 1 条有问题。")
        }
    }

    @Test(
        "verify reports an entry whose column holds a value of the wrong type in Chinese, with county and seq",
        arguments: Engine.available)
    func verifyTypeCorrupted(engine: Engine) async throws {
        try await Self.withChain(engine, count: 4) { database, _ in
            // setup
            try await database.transaction { db in
                if engine == .postgres {
                    try await db.raw("ALTER TABLE audit_entries ALTER COLUMN at TYPE TEXT USING at::text").run()
                }
                try await db.raw("UPDATE audit_entries SET at = 'gestern' WHERE county = '510304' AND seq = 3").run()
            }
            // act
            let outcome = try await AuditCommand.verify(database, checkpoints: [], file: nil)
            // check
            #expect(!outcome.intact)
            #expect(outcome.lines.contains("510304：第 3 条记录无法读取：字段 at 的值类型不对（记录被绕过系统直接改动）"))
        }
    }

    @Test("the audit subcommands parse, and a missing checkpoint file is refused in Chinese")
    func parsing() throws {
        // setup
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent(
            "qz-missing-\(UUID().uuidString)/cp.jsonl")
        // act
        let verify = try QuanzeCommand.parseAsRoot(["audit", "verify", "--file", "cp.jsonl"])
        // check
        #expect((verify as? AuditCommand.Verify)?.file == "cp.jsonl")
        #expect(throws: AuditCommandFailure.self) { try AuditCommand.loadCheckpoints(missing) }
    }
}
