import Foundation

/// Counts refused anonymous requests per client address and action in fixed windows, so that a flood from one
/// client writes a bounded number of audit entries and still loses no event: the first refusal of a window is
/// written at once (count 1), the rest of the window becomes one summary entry carrying their count, written when
/// the window closes (`due(at:)`), when the client's next refusal falls after it (`record`), or at shutdown
/// (`drain()`). An entry whose write failed (a database error) is given back (`requeue`) and returned again by the
/// next `due` or `drain`, so a failed write loses no count. Refusals of signed-in users never come here: they stay
/// one entry per event.
public struct RefusalTally: Sendable {
    /// Whose refusals are counted together: one client address, one audited action.
    public struct Key: Hashable, Sendable {
        public var client: String
        public var action: String
    }

    /// One open window: when it started, the last event counted (its subject and reason go into the summary) and
    /// how many events followed the first one, which was written already.
    struct Window: Sendable {
        var start: Date
        var last: AuditEvent
        var rest: Int
    }

    /// The window's length in seconds (`QUANZE_REFUSAL_WINDOW_SECONDS`, default 60).
    public let window: TimeInterval
    private var open: [Key: Window] = [:]
    /// Entries handed out whose write failed, oldest first: written before anything else at the next flush.
    private var unwritten: [AuditEvent] = []

    public init(window: TimeInterval = 60) {
        precondition(window > 0, "a window lasts some time")
        self.window = window
    }

    /// The entries to write for one refused request of `client`, in order: the summary of the client's previous
    /// window when this event falls after it, then the event itself when it opens a window; nothing while the
    /// window is open (the event is counted).
    public mutating func record(_ event: AuditEvent, client: String) -> [AuditEvent] {
        let key = Key(client: client, action: event.action)
        if var current = open[key], event.at < current.start.addingTimeInterval(window) {
            current.rest += 1
            current.last = event
            open[key] = current
            return []
        }
        var out: [AuditEvent] = []
        if let closed = open.removeValue(forKey: key), let summary = summary(of: closed) { out.append(summary) }
        open[key] = Window(start: event.at, last: event, rest: 0)
        out.append(event)
        return out
    }

    /// The entries given back by `requeue`, then the summaries of every window closed by `now`; those windows are
    /// forgotten, so memory stays bounded by the clients seen in one window.
    public mutating func due(at now: Date) -> [AuditEvent] {
        let closed = open.filter { $0.value.start.addingTimeInterval(window) <= now }
        for key in closed.keys { open[key] = nil }
        return takeUnwritten()
            + closed.sorted { ($0.value.start, $0.key.client) < ($1.value.start, $1.key.client) }
            .compactMap { summary(of: $0.value) }
    }

    /// The entries given back by `requeue`, then the summaries of every open window, closed now (shutdown): no
    /// counted event is lost.
    public mutating func drain() -> [AuditEvent] {
        let all = open.sorted { ($0.value.start, $0.key.client) < ($1.value.start, $1.key.client) }
        open = [:]
        return takeUnwritten() + all.compactMap { summary(of: $0.value) }
    }

    /// Gives back entries this tally handed out (by `record`, `due` or `drain`) that could not be written: they are
    /// kept, counts and all, and come first from the next `due` or `drain`.
    public mutating func requeue(_ entries: [AuditEvent]) { unwritten.append(contentsOf: entries) }

    /// Events counted but not yet written: the rest of every open window, and every event the entries given back
    /// stand for.
    public var pending: Int {
        open.values.reduce(0) { $0 + $1.rest } + unwritten.reduce(0) { $0 + Self.count(of: $1.detail) }
    }

    private mutating func takeUnwritten() -> [AuditEvent] {
        defer { unwritten = [] }
        return unwritten
    }

    /// The summary entry of a window, or nil when nothing followed its first event. The count leads the detail
    /// (`另有 N 次…`) so that `count(of:)` reads it back.
    func summary(of window: Window) -> AuditEvent? {
        guard window.rest > 0 else { return nil }
        var event = window.last
        event.detail =
            "另有 \(window.rest) 次同类请求被拒绝（\(Int(self.window)) 秒内汇总，同一客户端只记首次与汇总）；最后一次：\(window.last.detail)"
        return event
    }

    /// How many refused requests an entry stands for: the count of a summary, 1 for any other entry.
    public static func count(of detail: String) -> Int {
        guard detail.hasPrefix("另有 ") else { return 1 }
        let digits = detail.dropFirst(3).prefix { $0.isNumber }
        return Int(digits) ?? 1
    }
}
