import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Refused anonymous requests: counted per client and window")
struct RefusalTallyTests {
    static let start = Date(timeIntervalSince1970: 1_760_000_000)

    static func refusal(at offset: TimeInterval, client: String = "203.0.113.9", action: String = "access.refused")
        -> AuditEvent
    {
        AuditEvent(
            county: "510304", actor: Actor(name: "anonymous:\(client)", role: "anonymous"),
            at: start.addingTimeInterval(offset), action: action, subject: "POST /login",
            detail: "请求来源校验失败（Origin）", outcome: .refused)
    }

    @Test("1,000 refusals of one client in one window: the first at once, one summary, counts sum to 1,000")
    func floodInOneWindow() {
        // setup
        var tally = RefusalTally(window: 60)
        var written: [AuditEvent] = []
        // act
        for i in 0..<1_000 { written += tally.record(Self.refusal(at: Double(i) * 0.05), client: "203.0.113.9") }
        let beforeClose = written.count
        written += tally.due(at: Self.start.addingTimeInterval(59))
        let stillOpen = written.count
        written += tally.due(at: Self.start.addingTimeInterval(60))
        // check
        #expect(beforeClose == 1 && stillOpen == 1)
        #expect(written.count == 2)
        #expect(written.map { RefusalTally.count(of: $0.detail) } == [1, 999])
        #expect(written[1].detail.hasPrefix("另有 999 次同类请求被拒绝"))
        #expect(tally.pending == 0)
    }

    @Test("a refusal after the window writes the old window's summary, then opens a new window")
    func rollover() {
        // setup
        var tally = RefusalTally(window: 60)
        // act
        let first = tally.record(Self.refusal(at: 0), client: "a")
        let second = tally.record(Self.refusal(at: 30), client: "a")
        let third = tally.record(Self.refusal(at: 61), client: "a")
        let lone = tally.record(Self.refusal(at: 200), client: "a")
        let rest = tally.drain()
        // check
        #expect(first.map(\.detail) == ["请求来源校验失败（Origin）"])
        #expect(second.isEmpty)
        #expect(third.map { RefusalTally.count(of: $0.detail) } == [1, 1] && third[0].detail.hasPrefix("另有 1 次"))
        #expect(lone.count == 1, "a window with only its first event has no summary")
        #expect(rest.isEmpty)
    }

    @Test("clients and actions are counted apart; shutdown drains every open window")
    func keysAndDrain() {
        // setup
        var tally = RefusalTally(window: 60)
        var written: [AuditEvent] = []
        // act
        for i in 0..<10 {
            written += tally.record(Self.refusal(at: Double(i), client: "a"), client: "a")
            written += tally.record(Self.refusal(at: Double(i), client: "b"), client: "b")
            written += tally.record(Self.refusal(at: Double(i), client: "a", action: "token.invalid"), client: "a")
        }
        let pending = tally.pending
        written += tally.drain()
        // check
        #expect(pending == 27)
        #expect(written.count == 6)
        #expect(written.map { RefusalTally.count(of: $0.detail) }.reduce(0, +) == 30)
        #expect(tally.pending == 0 && tally.drain().isEmpty)
    }

    @Test("entries given back after a failed write keep their counts and come first at the next flush and at drain")
    func requeueAfterFailedWrite() {
        // setup
        var tally = RefusalTally(window: 60)
        for i in 0..<10 { _ = tally.record(Self.refusal(at: Double(i)), client: "a") }
        for i in 0..<4 { _ = tally.record(Self.refusal(at: Double(i), client: "b"), client: "b") }
        // act: the closed windows' summaries are handed out, and their write fails
        let failed = tally.due(at: Self.start.addingTimeInterval(60))
        let lostWithoutRequeue = tally.pending
        tally.requeue(failed)
        let keptAfterRequeue = tally.pending
        _ = tally.record(Self.refusal(at: 70, client: "c"), client: "c")
        _ = tally.record(Self.refusal(at: 71, client: "c"), client: "c")
        let retried = tally.due(at: Self.start.addingTimeInterval(75))
        tally.requeue(Array(retried.dropFirst()))
        let atShutdown = tally.drain()
        // check
        #expect(failed.map { RefusalTally.count(of: $0.detail) } == [9, 3])
        #expect(lostWithoutRequeue == 0 && keptAfterRequeue == 12)
        #expect(retried.map { RefusalTally.count(of: $0.detail) } == [9, 3], "the kept entries first, nothing new due")
        #expect(
            atShutdown.map { RefusalTally.count(of: $0.detail) } == [3, 1],
            "drain: the entry given back again, then the open window of c")
        #expect(tally.pending == 0 && tally.drain().isEmpty)
    }
}
