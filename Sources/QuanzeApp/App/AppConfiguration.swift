import Foundation
import QuanzeDomain
import QuanzePersistence

/// Settings from the environment, with documented defaults. A malformed value stops start-up with its name.
public struct AppConfiguration: Sendable, Equatable {
    public var database: DatabaseLocation
    public var host: String
    public var port: Int
    /// The county this deployment serves (its pages and default API scope); empty until resolved.
    public var county: String
    /// The "today" pages use when no date is asked for; nil means the real date.
    public var today: Day?
    public var security: SecuritySettings
    /// Where `quanze audit checkpoint` writes and `quanze audit verify` reads checkpoints by default.
    public var auditCheckpointFile: String?
    /// How far ahead of our clock a sender's dates may lie (`QUANZE_CLOCK_SKEW_DAYS`, 0–7, default 1): a case
    /// received, closed or versioned later than today plus this is refused as implausible (`DateBounds`).
    public var clockSkewDays: Int
    /// How notifications of subscriptions are sent (`NotificationSettings`).
    public var notifications: NotificationSettings = .standard
    /// Seconds between the server's rounds that compute the adjustment engine's findings again where the data
    /// changed (`QUANZE_ANALYSIS_INTERVAL`, 0–3600, default 60). 0: no round; a page that finds the stored findings
    /// out of date computes them itself before it answers (what tests and a small county may prefer).
    public var analysisInterval = 0

    public init(
        database: DatabaseLocation, host: String, port: Int, county: String, today: Day?,
        security: SecuritySettings = .standard, auditCheckpointFile: String? = nil,
        clockSkewDays: Int = DateBounds.defaultSkewDays
    ) {
        self.clockSkewDays = clockSkewDays
        self.database = database
        self.host = host
        self.port = port
        self.county = county
        self.today = today
        self.security = security
        self.auditCheckpointFile = auditCheckpointFile
    }

    /// Reads `DATABASE_URL`, `QUANZE_HOST`, `PORT`, `QUANZE_COUNTY`, `QUANZE_TODAY`, the security settings and
    /// `QUANZE_AUDIT_CHECKPOINT` and `QUANZE_CLOCK_SKEW_DAYS`; collects every problem.
    public static func fromEnvironment(_ env: [String: String]) throws -> AppConfiguration {
        var problems: [String] = []
        var database = DatabaseLocation.sqlite(path: DatabaseLocation.defaultSQLitePath)
        do throws(ConfigurationError) {
            database = try DatabaseLocation(url: env["DATABASE_URL"])
        } catch {
            problems.append(error.description)
        }
        var port = 8080
        if let text = env["PORT"] {
            // 0 lets the system pick a free port; `serve` prints the one it got once it listens.
            if let p = Int(text), (0...65535).contains(p) {
                port = p
            } else {
                problems.append("配置项 PORT=\(text) 无效：应为 0–65535 的整数（0：由系统选择空闲端口）")
            }
        }
        // Unset: the command line resolves it from the database (the one county set up there) or the demo.
        let county = env["QUANZE_COUNTY"] ?? ""
        if !county.isEmpty && !isCountyCode(county) {
            problems.append("配置项 QUANZE_COUNTY=\(county) 无效：应为6位区县代码")
        }
        var today: Day?
        if let text = env["QUANZE_TODAY"] {
            today = Day(iso: text)
            if today == nil { problems.append("配置项 QUANZE_TODAY=\(text) 无效：应为 YYYY-MM-DD") }
        }
        var skew = DateBounds.defaultSkewDays
        if let text = env["QUANZE_CLOCK_SKEW_DAYS"] {
            if let n = Int(text), (0...7).contains(n) {
                skew = n
            } else {
                problems.append("配置项 QUANZE_CLOCK_SKEW_DAYS=\(text) 无效：应为 0–7 的整数（天）")
            }
        }
        let security = SecuritySettings.fromEnvironment(env, problems: &problems)
        let notifications = NotificationSettings.fromEnvironment(env, problems: &problems)
        var analysisInterval = 60
        if let text = env["QUANZE_ANALYSIS_INTERVAL"] {
            if let n = Int(text), (0...3600).contains(n) {
                analysisInterval = n
            } else {
                problems.append("配置项 QUANZE_ANALYSIS_INTERVAL=\(text) 无效：应为 0–3600 的整数（秒，0 表示页面读取时按需重算）")
            }
        }
        guard problems.isEmpty else { throw StartupError(problems: problems) }
        var configuration = AppConfiguration(
            database: database, host: env["QUANZE_HOST"] ?? "127.0.0.1", port: port, county: county, today: today,
            security: security, auditCheckpointFile: env["QUANZE_AUDIT_CHECKPOINT"], clockSkewDays: skew)
        configuration.notifications = notifications
        configuration.analysisInterval = analysisInterval
        return configuration
    }
}

/// Every configuration problem found at start-up.
public struct StartupError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "启动失败：\n" + problems.joined(separator: "\n") }
}
