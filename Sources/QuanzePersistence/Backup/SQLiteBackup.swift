import Foundation
import Logging
import SQLKit
import SQLiteKit

/// What a checked backup holds: printed after `quanze backup` and before `quanze restore`, so an operator sees
/// that the copy is complete before relying on it.
public struct BackupReport: Sendable, Equatable {
    /// Audit entries per county, by county code.
    public var auditEntries: [String: Int64]
    public var caseRecords: Int
    public var migrations: Int
}

/// Backups of a SQLite database while the server writes, and their restore.
public enum SQLiteBackup {
    /// A backup or restore that cannot go ahead, in Chinese.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Writes a consistent copy of the database to `path` with `VACUUM INTO` on a connection of its own: it reads
    /// one snapshot, so every transaction committed before it began is in the copy and none that commits during
    /// it, while the server's writer keeps writing (WAL mode). The path is a bound value, never SQL text.
    public static func backup(databasePath: String, to path: String, logger: Logger) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw Refusal("备份文件已存在，不覆盖：\(path)") }
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw Refusal("数据库文件不存在：\(databasePath)")
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: databasePath), logger: logger)
        do {
            try await connection.sql().raw("PRAGMA busy_timeout=10000").run()
            try await connection.sql().raw("VACUUM INTO \(bind: path)").run()
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Checks a backup file as a whole: `quick_check`, migrations known to this build, every audit chain from its
    /// start; returns what it holds. Opens the file with a connection of its own and changes nothing in it.
    public static func inspect(_ path: String, logger: Logger) async throws -> BackupReport {
        guard FileManager.default.fileExists(atPath: path) else { throw Refusal("备份文件不存在：\(path)") }
        try await StartupCheck.quickCheck(sqlitePath: path, logger: logger)
        let database = try await SQLiteDatabaseHandle.open(path: path, logger: logger, tuned: false)
        do {
            let report = try await inspect(database)
            try await database.shutdown()
            return report
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    static func inspect(_ database: any Database) async throws -> BackupReport {
        try await StartupCheck.schemaVersion(database)
        for report in try await AuditStore(database).verify() {
            if let problem = report.problem {
                throw DatabaseCheckFailure.auditChain(county: report.county, detail: problem.message)
            }
        }
        return try await database.read { db in
            var entries: [String: Int64] = [:]
            for row in try await db.raw("SELECT county, COUNT(*) AS n FROM audit_entries GROUP BY county").all() {
                entries[try row.decode(column: "county", as: String.self)] = try row.decode(column: "n", as: Int64.self)
            }
            let cases = try await db.raw("SELECT COUNT(*) AS n FROM case_records").first()?.decode(
                column: "n", as: Int.self)
            let migrations = try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()?.decode(
                column: "n", as: Int.self)
            return BackupReport(auditEntries: entries, caseRecords: cases ?? 0, migrations: migrations ?? 0)
        }
    }

    /// Replaces the database file at `target` with a checked backup: copied beside the target, flushed, then
    /// renamed over it, so a crash leaves either the old file or the new one. Refuses while the target's WAL file
    /// holds content (a server is running, or stopped without merging it), since the new file would be paired with
    /// frames of the old one.
    public static func restore(from backup: String, to target: String, logger: Logger) async throws -> BackupReport {
        let report = try await inspect(backup, logger: logger)
        let wal = target + "-wal"
        if let size = try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int, size > 0 {
            throw Refusal(
                "\(wal) 中有未合并的写入：服务可能仍在运行。请先停止服务（正常停止会合并并清空 WAL 文件）再恢复。")
        }
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".quanze-restore-\(UUID().uuidString).sqlite").path
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: temporary)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            for stale in [wal, target + "-shm"] where FileManager.default.fileExists(atPath: stale) {
                try FileManager.default.removeItem(atPath: stale)
            }
            guard rename(temporary, target) == 0 else {
                throw Refusal("无法把恢复的文件改名为 \(target)：\(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        return report
    }
}
