import ArgumentParser
import Foundation
import QuanzePersistence

/// `quanze audit`: checkpoints of the audit chains, kept in a file outside the database, and verification of every
/// chain against them. Without checkpoints a chain can only prove itself consistent; cutting off its end or
/// recomputing every hash after a forged entry needs a checkpoint to show.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "审计日志：导出检查点、校验哈希链",
        discussion: "检查点文件默认取环境变量 QUANZE_AUDIT_CHECKPOINT；请把它保存在数据库服务器以外的地方（另一台机器、只追加的存储）。",
        subcommands: [Checkpoint.self, Verify.self])

    static let fileHelp = ArgumentHelp("检查点文件（每行一个检查点；默认 QUANZE_AUDIT_CHECKPOINT）")

    /// The checkpoint file: `--file`, else `QUANZE_AUDIT_CHECKPOINT`, else nil.
    static func checkpointFile(_ option: String?) -> URL? {
        let path = option ?? ProcessInfo.processInfo.environment["QUANZE_AUDIT_CHECKPOINT"]
        guard let path, !path.isEmpty else { return nil }
        return URL(fileURLWithPath: path)
    }

    /// `quanze audit checkpoint`: appends the head of every chain to the checkpoint file.
    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "把每个区县审计链的末条序号与哈希追加到检查点文件")

        @Option(help: AuditCommand.fileHelp) var file: String?

        func validate() throws {
            if AuditCommand.checkpointFile(file) == nil {
                throw ValidationError("请用 --file 指定检查点文件，或设置环境变量 QUANZE_AUDIT_CHECKPOINT")
            }
        }

        func run() async throws {
            guard let url = AuditCommand.checkpointFile(file) else { return }
            let lines = try await Runtime.with { runtime in
                try await AuditCommand.takeCheckpoint(runtime.database, file: url, now: Date())
            }
            for line in lines { print(line) }
        }
    }

    /// `quanze audit verify`: checks every chain, exiting with status 1 when any is broken.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "逐条校验每个区县的审计链，并与检查点文件中的每个检查点比对；有问题时退出码为 1")

        @Option(help: AuditCommand.fileHelp) var file: String?

        func run() async throws {
            let url = AuditCommand.checkpointFile(file)
            let checkpoints = try url.map(AuditCommand.loadCheckpoints) ?? []
            let outcome = try await Runtime.with { runtime in
                try await AuditCommand.verify(runtime.database, checkpoints: checkpoints, file: url)
            }
            for line in outcome.lines { print(line) }
            if !outcome.intact { throw ExitCode(1) }
        }
    }

    /// Appends a checkpoint of every chain head to `file`; returns the lines to print, one per county.
    static func takeCheckpoint(_ database: any Database, file: URL, now: Date) async throws -> [String] {
        let checkpoint = try await AuditStore(database).checkpoint(at: now)
        try checkpoint.append(to: file)
        var lines = checkpoint.heads.map { "\($0.county)：第 \($0.seq) 条 \($0.hash)" }
        if lines.isEmpty { lines.append("审计日志还没有记录，检查点不含任何区县。") }
        lines.append("已把检查点（\(checkpoint.takenAt)）追加到 \(file.path)")
        return lines
    }

    /// Every checkpoint of a file, failing in Chinese when the file is missing or unreadable.
    static func loadCheckpoints(_ file: URL) throws -> [AuditCheckpoint] {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw AuditCommandFailure("检查点文件不存在：\(file.path)")
        }
        do {
            return try AuditCheckpoint.load(from: file)
        } catch {
            throw AuditCommandFailure("检查点文件无法读取：\(file.path)（\(error)）")
        }
    }

    /// Verifies every chain against `checkpoints` (read from `file`; from the chain start alone when there are none,
    /// expecting a chain for every county with a county government); returns the lines to print and whether every
    /// chain is intact. An entry that cannot be read is a problem of its chain, never an abort.
    static func verify(_ database: any Database, checkpoints: [AuditCheckpoint], file: URL?) async throws
        -> (lines: [String], intact: Bool)
    {
        var lines: [String] = []
        if let file { lines.append("按 \(file.path) 中的 \(checkpoints.count) 个检查点校验。") }
        if checkpoints.isEmpty {
            lines.append(
                "注意：没有检查点，只能从链首逐条校验，应有的审计链取自已登记区县政府的区县；末尾记录被删除（截断）或哈希被整体重新计算的改写都无法发现。"
            )
        }
        let reports = try await AuditStore(database).verify(against: checkpoints)
        for report in reports {
            if let problem = report.problem {
                lines.append("\(report.county)：\(problem.message)")
            } else {
                lines.append("\(report.county)：完好，共 \(report.entries) 条")
            }
        }
        let broken = reports.filter { $0.problem != nil }.count
        if reports.isEmpty {
            lines.append("审计日志还没有记录。")
        } else if broken == 0 {
            lines.append("全部 \(reports.count) 条审计链完好。")
        } else {
            lines.append("\(reports.count) 条审计链中 \(broken) 条有问题。")
        }
        return (lines, broken == 0)
    }
}

/// A failure of an audit command, printed as its Chinese description (exit status 1, no usage text).
struct AuditCommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
