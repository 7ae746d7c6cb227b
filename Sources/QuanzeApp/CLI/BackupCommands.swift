import ArgumentParser
import Foundation
import Logging
import QuanzePersistence

/// The documented PostgreSQL commands: the engine's own tools make a consistent dump of a running database, so
/// Quanze does not wrap them.
enum PostgresBackupHelp {
    static func backup(_ file: String) -> String {
        """
        PostgreSQL 数据库请用 PostgreSQL 自带的工具备份（在线、一致，不影响服务）：
          pg_dump --format=custom --file=\(file) "$DATABASE_URL"
        恢复演练（恢复到新库，校验后再切换 DATABASE_URL）：
          createdb --maintenance-db="$DATABASE_URL" quanze_restore
          pg_restore --exit-on-error --no-owner --dbname=postgres://…/quanze_restore \(file)
          DATABASE_URL=postgres://…/quanze_restore quanze audit verify
        详见 README“备份与恢复”。
        """
    }
}

/// Lines describing a checked backup, one per county chain, then the case records.
func backupReportLines(_ report: BackupReport) -> [String] {
    var lines = ["完整性检查（quick_check）通过，数据库结构共 \(report.migrations) 项迁移，审计链逐条校验完好。"]
    for (county, entries) in report.auditEntries.sorted(by: { $0.key < $1.key }) {
        lines.append("审计日志 \(county)：\(entries) 条")
    }
    if report.auditEntries.isEmpty { lines.append("审计日志：没有记录") }
    lines.append("办件记录：\(report.caseRecords) 条")
    return lines
}

/// `quanze backup FILE`: a consistent copy of the SQLite database while the server keeps writing, checked.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在线备份数据库到新文件（SQLite；服务运行中也可执行），并校验备份",
        discussion: "备份含命令开始前已确认的全部写入。PostgreSQL 请用 pg_dump，命令见 README“备份与恢复”。")

    @Argument(help: "备份文件（不得已存在）") var file: String

    func run() async throws {
        let configuration = try AppConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        let logger = Logger(label: "quanze")
        switch configuration.database {
        case .postgres:
            print(PostgresBackupHelp.backup(file))
            throw ExitCode(1)
        case .sqlite(let path):
            let started = Date()
            try await SQLiteBackup.backup(databasePath: path, to: file, logger: logger)
            let report = try await SQLiteBackup.inspect(file, logger: logger)
            print("已备份 \(path) 到 \(file)（\(String(format: "%.1f", Date().timeIntervalSince(started))) 秒）。")
            for line in backupReportLines(report) { print(line) }
        }
    }
}

/// `quanze restore FILE`: replaces the configured SQLite database with a checked backup; the server must be stopped.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "用备份文件替换数据库（SQLite；须先停止服务），替换前校验备份",
        discussion: "PostgreSQL 请用 pg_restore，命令见 README“备份与恢复”。")

    @Argument(help: "由 quanze backup 生成的备份文件") var file: String

    func run() async throws {
        let configuration = try AppConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        switch configuration.database {
        case .postgres:
            print(PostgresBackupHelp.backup(file))
            throw ExitCode(1)
        case .sqlite(let path):
            let report = try await SQLiteBackup.restore(from: file, to: path, logger: Logger(label: "quanze"))
            print("已用 \(file) 替换 \(path)。")
            for line in backupReportLines(report) { print(line) }
            print(
                "若设置了 QUANZE_AUDIT_CHECKPOINT 且检查点晚于这份备份，服务会拒绝启动：确认恢复无误后，把旧检查点文件另存，再运行 quanze audit checkpoint 开始新的检查点文件。"
            )
        }
    }
}
