import Foundation
import Hummingbird
import Logging
import QuanzeDomain
import QuanzePersistence
import ServiceLifecycle

/// The server's background round of subscriptions (issue 16 point 2): every `interval`, the change feed is
/// dispatched into the outbox and the due messages are sent. Both steps work from the database alone, so a
/// restart resumes where the last committed round stopped; a graceful shutdown ends the loop between rounds.
struct NotificationWorker: Service {
    let services: AppServices
    let notifier: any Notifier
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await Rounds.every(interval) {
            do {
                _ = try await NotificationRound.run(
                    services.database, notifier: notifier, settings: services.notifications,
                    origin: services.origin, clock: services.clock)
            } catch {
                // The round's committed work stays; the next round takes up the rest.
                logger.error("notice round failed", metadata: ["error": .string(String(describing: error))])
            }
        }
    }
}

/// The loop of a background round: `body` every `interval` until the server shuts down (gracefully: between
/// rounds, never within one).
enum Rounds {
    static func every(_ interval: Duration, _ body: () async -> Void) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
            await body()
        }
    }
}

/// One dispatch and delivery round (the server's loop and `quanze notify run-once`).
enum NotificationRound {
    static func run(
        _ database: any Database, notifier: any Notifier, settings: NotificationSettings, origin: String,
        clock: @escaping @Sendable () -> Date
    ) async throws -> (dispatched: Int, round: DeliveryRound) {
        let service = SubscriptionService(database, allowPrivateWebhooks: settings.allowPrivateWebhooks)
        let dispatched = try await service.dispatchAll(origin: origin, at: clock())
        var total = DeliveryRound()
        while true {
            let round = try await service.deliver(using: notifier, clock: clock)
            total.delivered += round.delivered
            total.retried += round.retried
            total.dead += round.dead
            if round.delivered + round.retried + round.dead < 100 { break }
        }
        return (dispatched, total)
    }
}
