import ArgumentParser
import Foundation
import QuanzeDomain
import QuanzePersistence

/// `quanze notify run-once|status`: one round of the subscriptions' dispatch and delivery from the command line —
/// for a deployment that runs it from cron instead of the server's loop (`QUANZE_NOTIFY_INTERVAL=0`), and for tests
/// that drive it step by step.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "订阅通知：分发变更并发送到期的通知",
        discussion: "发送方式见 QUANZE_NOTIFIER（默认 log：只记录不发送）与 SMTP_*、QUANZE_*_GATEWAY_URL（见 README）。",
        subcommands: [RunOnce.self, Status.self])

    struct RunOnce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-once", abstract: "分发一次变更并发送所有到期的通知，然后退出")

        func run() async throws {
            try await Runtime.with { runtime in
                let settings = runtime.configuration.notifications
                let origin =
                    runtime.configuration.security.publicOrigin
                    ?? "http://\(runtime.configuration.host):\(runtime.configuration.port)"
                let (dispatched, round) = try await NotificationRound.run(
                    runtime.database, notifier: settings.notifier(logger: runtime.logger), settings: settings,
                    origin: origin, clock: { Date() })
                say("已分发 \(dispatched) 条通知；本轮送达 \(round.delivered) 条，待重试 \(round.retried) 条，转为死信 \(round.dead) 条。")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示本区县的通知发送队列与分发位置")
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Runtime.with { runtime in
                let county = try runtime.county(county)
                let service = SubscriptionService(runtime.database)
                let counts = try await service.outboxCounts(county: county)
                let cursor = try await service.cursor(county: county)
                say(
                    "区县 \(county)：已分发至第 \(cursor) 条变更；待发送 \(counts.pending) 条，已送达 \(counts.delivered) 条，死信 \(counts.dead) 条。"
                )
            }
        }
    }
}
