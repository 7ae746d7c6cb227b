import ArgumentParser
import Foundation
import Logging
import QuanzeDomain
import QuanzePersistence

/// `quanze`: the product's command line.
public struct QuanzeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quanze",
        abstract: "镇街权责清单与赋权运行管理平台（Quanze）",
        discussion:
            "环境变量：DATABASE_URL（默认当前目录 quanze.sqlite）、PORT（默认 8080）、QUANZE_HOST、QUANZE_COUNTY（默认：库中唯一已初始化的区县；--demo 时为演示区县）、QUANZE_TODAY；安全设置见 README。新区县从 quanze county init 开始，步骤见 README“在本区县使用 Quanze”。",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, CountyCommand.self, Import.self, Export.self, UserCommand.self,
            TokenCommand.self,
            AuditCommand.self, Backup.self, Restore.self, NotifyCommand.self, ProvinceCommand.self,
        ])

    public init() {}
}

/// Shared start-up: configuration from the environment, a logger, the opened and migrated database.
struct Runtime: Sendable {
    var configuration: AppConfiguration
    let database: any Database
    let logger: Logger

    /// A runtime given from outside (a test drives the real commands on its scratch database): used as it is and
    /// left open.
    @TaskLocal static var injected: Runtime?

    /// Runs `body` with the runtime and always closes the database, also when `body` throws. `checked`: the
    /// start-up checks of a server (see `open`).
    static func with<T>(checked: Bool = false, _ body: (Runtime) async throws -> T) async throws -> T {
        if let injected { return try await body(injected) }
        let runtime = try await open(checked: checked)
        do {
            let value = try await body(runtime)
            try await runtime.database.shutdown()
            return value
        } catch {
            try? await runtime.database.shutdown()
            throw error
        }
    }

    /// Opens and migrates the configured database. Every command refuses a database written by a newer build
    /// before migrating it; `checked` (the server) first runs `quick_check` on a SQLite file and, after migrating,
    /// compares the audit chain heads with the last checkpoint of `QUANZE_AUDIT_CHECKPOINT` when that is set.
    static func open(checked: Bool = false) async throws -> Runtime {
        let environment = ProcessInfo.processInfo.environment
        var configuration = try AppConfiguration.fromEnvironment(environment)
        var logger = Logger(label: "quanze")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        if checked, case .sqlite(let path) = configuration.database {
            try await StartupCheck.quickCheck(sqlitePath: path, logger: logger)
        }
        let database = try await openDatabase(configuration.database, logger: logger)
        do {
            try await StartupCheck.schemaVersion(database)
            try await Migrator.migrate(database)
            if checked, let file = AuditCommand.checkpointFile(nil),
                let last = try AuditCommand.loadCheckpoints(file).last
            {
                try await StartupCheck.auditHeads(database, checkpoint: last)
            }
            if configuration.county.isEmpty {
                let counties = try await OrganizationStore(database).counties()
                if counties.count == 1 { configuration.county = counties[0] }
            }
        } catch {
            try? await database.shutdown()
            throw error
        }
        return Runtime(configuration: configuration, database: database, logger: logger)
    }

    /// The county a command works on: its `--county` option, else QUANZE_COUNTY, else the one county set up in the
    /// database; a clear message when none is known.
    func county(_ option: String?) throws -> String {
        if let option {
            guard isCountyCode(option) else { throw ValidationError("区县代码应为6位数字：\(option)") }
            return option
        }
        guard !configuration.county.isEmpty else {
            throw ValidationError("未确定区县：请用 --county 指定，或设置 QUANZE_COUNTY（新区县先运行 quanze county init 代码）")
        }
        return configuration.county
    }
}

/// Progress on standard error, rewritten in place.
func progressPrinter(_ label: String) -> @Sendable (Int, Int) -> Void {
    { done, total in
        let percent = total > 0 ? done * 100 / total : 100
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)（\(percent)%）".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "启动网站与接口服务（读取 DATABASE_URL、PORT）",
        discussion: "--demo：数据库为空时载入\(DemoDistrict.name)演示数据，并把“今天”固定为 2023-12-31（报告所述年份）。")

    @Flag(help: "数据库为空时载入\(DemoDistrict.name)演示数据") var demo = false

    func run() async throws {
        try await Runtime.with(checked: true) { runtime in try await serve(runtime) }
    }

    func serve(_ runtime: Runtime) async throws {
        var runtime = runtime
        var demoToday: Day?
        if demo && runtime.configuration.county.isEmpty { runtime.configuration.county = DemoDistrict.county }
        guard !runtime.configuration.county.isEmpty else {
            throw ValidationError("未确定本实例服务的区县：请先运行 quanze county init 代码，或设置 QUANZE_COUNTY（演示：quanze serve --demo）")
        }
        if demo {
            let loaded = try await DemoBuilder(runtime.database).loadIfEmpty(
                now: Date(), progress: progressPrinter("载入演示数据"))
            say(loaded ? "已载入\(DemoDistrict.name)演示数据。" : "数据库已有\(DemoDistrict.name)数据，未重复载入演示数据。")
            let created = try await DemoAccounts.ensure(
                runtime.database, bcryptCost: runtime.configuration.security.bcryptCost, now: Date())
            if created > 0 {
                say("已创建 \(created) 个演示账号，密码均为 \(DemoAccounts.password)（见 README，正式使用前务必停用或修改）。")
            }
            demoToday = DemoBuilder.today
        }
        let host = runtime.configuration.host == "0.0.0.0" ? "127.0.0.1" : runtime.configuration.host
        let configuredPort = runtime.configuration.port
        let app = try await buildApplication(
            configuration: runtime.configuration, database: runtime.database, logger: runtime.logger,
            demoToday: demoToday,
            onServerRunning: { port in
                // Printed only now that the socket listens, so whoever waits for this line can connect at once.
                say("Quanze 已启动：http://\(host):\(port ?? configuredPort)/")
            })
        try await app.runService()
    }
}

/// Writes a line to standard output at once. A pipe or a log file makes `print` block-buffered, so a script or a
/// supervisor waiting for the server's URL would see it only at exit; earlier `print`s are flushed first to keep
/// the order.
func say(_ line: String) {
    fflush(nil)
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "创建或升级数据库结构")

    func run() async throws {
        let configuration = try AppConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        let database = try await openDatabase(configuration.database, logger: Logger(label: "quanze"))
        do {
            try await StartupCheck.schemaVersion(database)
            let applied = try await Migrator.migrate(database)
            print(applied.isEmpty ? "数据库已是最新结构。" : "已执行迁移：\(applied.joined(separator: "、"))")
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "载入\(DemoDistrict.name)（\(DemoDistrict.county)）演示数据：15个镇街、部门、执法中队、事项目录与2021—2023年的五张清单")

    func run() async throws {
        try await Runtime.with { runtime in
            let loaded = try await DemoBuilder(runtime.database).loadIfEmpty(
                now: Date(), progress: progressPrinter("载入演示数据"))
            print(loaded ? "已载入\(DemoDistrict.name)演示数据。" : "数据库已有\(DemoDistrict.name)数据，未重复载入。")
            let created = try await DemoAccounts.ensure(
                runtime.database, bcryptCost: runtime.configuration.security.bcryptCost, now: Date())
            if created > 0 { print("已创建 \(created) 个演示账号，密码均为 \(DemoAccounts.password)。") }
        }
    }
}
