import Foundation
import QuanzeDomain
import QuanzePersistence
import ServiceLifecycle

/// Holds the server's `RefusalTally` and writes what it says to the audit log: refused anonymous requests become
/// one entry per client and window (the first at once, then one summary with the count of the rest), so a flood
/// cannot grow the log without bound and no refusal goes uncounted.
actor RefusalAggregator {
    private var tally: RefusalTally

    init(window: TimeInterval = 60) { tally = RefusalTally(window: window) }

    /// Counts one refused anonymous request; returns the entries to write now.
    func record(_ event: AuditEvent, client: String) -> [AuditEvent] { tally.record(event, client: client) }

    /// The summaries of the windows closed by `now`.
    func due(at now: Date) -> [AuditEvent] { tally.due(at: now) }

    /// The summaries of every open window (shutdown).
    func drain() -> [AuditEvent] { tally.drain() }

    /// Events counted and not yet written.
    var pending: Int { tally.pending }
}

extension AppServices {
    /// Audits a refused anonymous request through the aggregator: written at once when it opens its client's
    /// window, counted otherwise.
    func recordAnonymousRefusal(_ event: AuditEvent, client: String) async throws {
        for entry in await refusals.record(event, client: client) { try await audit.record(entry) }
    }

    /// Writes the summaries of the windows closed by now; at shutdown (`all`), of every window.
    func flushRefusals(all: Bool = false) async throws {
        let entries = all ? await refusals.drain() : await refusals.due(at: now)
        for entry in entries { try await audit.record(entry) }
    }
}

/// Runs with the server: every few seconds writes the summaries of closed windows, and at graceful shutdown writes
/// the summaries of the open ones, so that stopping the server loses no counted refusal.
struct RefusalFlushService: Service {
    let services: AppServices
    /// How often closed windows are written; a quarter of the window, at most 15 seconds.
    var interval: Duration

    init(services: AppServices, window: TimeInterval) {
        self.services = services
        interval = .milliseconds(Int64(min(window / 4, 15) * 1000))
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            try? await services.flushRefusals()
        }
        try await services.flushRefusals(all: true)
    }
}
