import Foundation
import QuanzeDomain
import QuanzePersistence
import ServiceLifecycle

/// Holds the server's `RefusalTally` and writes what it says to the audit log: refused anonymous requests become
/// one entry per client and window (the first at once, then one summary with the count of the rest), so a flood
/// cannot grow the log without bound and no refusal goes uncounted — also when a write fails: what was not written
/// is kept and written first at the next flush.
actor RefusalAggregator {
    private var tally: RefusalTally

    init(window: TimeInterval = 60) { tally = RefusalTally(window: window) }

    /// Counts one refused anonymous request; returns the entries to write now.
    func record(_ event: AuditEvent, client: String) -> [AuditEvent] { tally.record(event, client: client) }

    /// The summaries of the windows closed by `now`.
    func due(at now: Date) -> [AuditEvent] { tally.due(at: now) }

    /// The summaries of every open window (shutdown).
    func drain() -> [AuditEvent] { tally.drain() }

    /// Keeps entries whose write failed for the next flush.
    func requeue(_ entries: [AuditEvent]) { tally.requeue(entries) }

    /// Events counted and not yet written.
    var pending: Int { tally.pending }
}

extension AppServices {
    /// Audits a refused anonymous request through the aggregator: written at once when it opens its client's
    /// window, counted otherwise.
    func recordAnonymousRefusal(_ event: AuditEvent, client: String) async throws {
        try await writeRefusals(await refusals.record(event, client: client))
    }

    /// Writes the entries kept from a failed write and the summaries of the windows closed by now; at shutdown
    /// (`all`), of every window.
    func flushRefusals(all: Bool = false) async throws {
        try await writeRefusals(all ? await refusals.drain() : await refusals.due(at: now))
    }

    /// Writes entries in order, each in its own transaction; when one fails (a database error) it and the rest
    /// are given back to the aggregator, so the next flush writes them: a security event is never dropped.
    private func writeRefusals(_ entries: [AuditEvent]) async throws {
        for (index, entry) in entries.enumerated() {
            do {
                try await audit.record(entry)
            } catch {
                await refusals.requeue(Array(entries[index...]))
                throw error
            }
        }
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
            // A failed write keeps its entries in the aggregator: the next round writes them.
            try? await services.flushRefusals()
        }
        // At shutdown, what a failed write kept and every open window: three attempts a second apart.
        for attempt in 1...3 {
            do {
                return try await services.flushRefusals(all: true)
            } catch  where attempt < 3 {
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
