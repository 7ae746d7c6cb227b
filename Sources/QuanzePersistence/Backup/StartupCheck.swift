import Foundation
import Logging
import SQLKit
import SQLiteKit

/// Why a database may not be served, or a backup may not be restored. Each case names what an operator must look
/// at, in Chinese: a server that starts on a damaged or foreign database spreads the damage silently.
public enum DatabaseCheckFailure: Error, Equatable, CustomStringConvertible {
    /// `PRAGMA quick_check` did not answer `ok`, or the file could not even be read as a database.
    case corrupt(path: String, detail: String)
    /// `schema_migrations` holds migrations this build does not know: a newer program wrote the database.
    case newerSchema(unknown: [String])
    /// A chain head of the last checkpoint is missing or differs in the database.
    case auditCheckpoint(county: String, seq: Int64, detail: String)
    /// A chain of a backup does not verify.
    case auditChain(county: String, detail: String)

    public var description: String {
        switch self {
        case .corrupt(let path, let detail):
            "数据库文件 \(path) 已损坏（\(detail)），拒绝使用。请停止写入，从最近的备份恢复：quanze restore 备份文件（见 README“备份与恢复”）。"
        case .newerSchema(let unknown):
            "数据库结构比本程序新（本程序不认识的迁移：\(unknown.joined(separator: "、"))），拒绝使用：请换用写入该数据库的版本或更新的版本。"
        case .auditCheckpoint(let county, let seq, let detail):
            "审计链与最近的检查点不符：区县 \(county) 第 \(seq) 条\(detail)。数据库可能被回滚或改写，拒绝启动；请运行 quanze audit verify 查明（有意恢复旧备份时见 README“备份与恢复”）。"
        case .auditChain(let county, let detail):
            "审计链校验未通过：区县 \(county)：\(detail)"
        }
    }
}

/// The checks a database passes before it is served or restored: cheap enough to run at every start.
public enum StartupCheck {
    /// Runs `PRAGMA quick_check` on a SQLite file through a connection of its own, before any pragma or migration
    /// writes to it. A missing file is a new database and passes.
    public static func quickCheck(sqlitePath path: String, logger: Logger) async throws(DatabaseCheckFailure) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let answer: [String]
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            do {
                answer = try await connection.sql().raw("PRAGMA quick_check").all().map {
                    try $0.decode(column: "quick_check", as: String.self)
                }
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw .corrupt(path: path, detail: String(describing: error))
        }
        guard answer == ["ok"] else {
            throw .corrupt(path: path, detail: answer.prefix(3).joined(separator: "；"))
        }
    }

    /// Refuses a database that records migrations this build does not have.
    public static func schemaVersion(_ database: any Database) async throws {
        let known = Set(Migrator.all.map(\.id))
        let recorded: [String] = try await database.read { db in
            let exists =
                database.dialect == .postgres
                ? "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
                : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            guard try await db.raw(SQLQueryString(exists)).first()?.decode(column: "n", as: Int.self) ?? 0 > 0 else {
                return []
            }
            return try await db.raw("SELECT id FROM schema_migrations ORDER BY id").all().map {
                try $0.decode(column: "id", as: String.self)
            }
        }
        let unknown = recorded.filter { !known.contains($0) }
        if !unknown.isEmpty { throw DatabaseCheckFailure.newerSchema(unknown: unknown) }
    }

    /// Compares every head of `checkpoint` with the entry at that sequence number: one indexed lookup per county,
    /// so it runs at every start; `quanze audit verify` walks whole chains.
    public static func auditHeads(_ database: any Database, checkpoint: AuditCheckpoint) async throws {
        for head in checkpoint.heads.sorted(by: { $0.county < $1.county }) {
            let hash: String? = try await database.read { db in
                try await db.raw(
                    "SELECT hash FROM audit_entries WHERE county = \(bind: head.county) AND seq = \(bind: head.seq)"
                ).first()?.decode(column: "hash", as: String.self)
            }
            guard let hash else {
                throw DatabaseCheckFailure.auditCheckpoint(
                    county: head.county, seq: head.seq, detail: "不存在（检查点 \(checkpoint.takenAt) 时已有）")
            }
            guard hash == head.hash else {
                throw DatabaseCheckFailure.auditCheckpoint(
                    county: head.county, seq: head.seq, detail: "的哈希与检查点 \(checkpoint.takenAt) 不同")
            }
        }
    }
}
