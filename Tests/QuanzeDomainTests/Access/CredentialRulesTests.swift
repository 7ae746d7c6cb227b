import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Passwords, lockout, sessions, rate windows")
struct CredentialRulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test(
        "password policy profiles",
        arguments: [
            (PasswordPolicy.Profile.dengbao, "Daan@2023", true), (.dengbao, "daan2023x", false),
            (.dengbao, "Daan2023", true), (.dengbao, "Da@1", false), (.dengbao, "zhangsan#A1", false),
            (.asvs, "correct horse battery", true), (.asvs, "Daan@2023", false), (.asvs, "aaaaaaaaaaaa", true),
            (.asvs, String(repeating: "x", count: 129), false),
        ])
    func policy(profile: PasswordPolicy.Profile, password: String, ok: Bool) {
        // act
        let problems = PasswordPolicy.named(profile).problems(password, username: "zhangsan")
        // check
        #expect(problems.isEmpty == ok, "\(profile) \(password): \(problems)")
        #expect(problems.allSatisfy { $0.unicodeScalars.contains { $0.value >= 0x4E00 } })
    }

    @Test("等保 passwords expire after 90 days, ASVS passwords never")
    func expiry() {
        let day = 86400.0
        #expect(!PasswordPolicy.dengbao.isExpired(changedAt: Self.t0, now: Self.t0.addingTimeInterval(89 * day)))
        #expect(PasswordPolicy.dengbao.isExpired(changedAt: Self.t0, now: Self.t0.addingTimeInterval(90 * day)))
        #expect(!PasswordPolicy.asvs.isExpired(changedAt: Self.t0, now: Self.t0.addingTimeInterval(3650 * day)))
    }

    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    @Test(
        "lockout: the 5th failure within 15 minutes makes the address wait 1 minute, each more doubles it (≤ 60)",
        arguments: [
            ([0, 1, 2, 3] as [Double], 3.5 as Double, nil as Double?),  // four failures: open
            ([0, 1, 2, 3, 4], 4.5, 5),  // the fifth: wait one minute
            ([0, 1, 2, 3, 4], 5, nil),  // the wait ends exactly one minute after it
            ([0, 1, 2, 3, 4, 5], 5.5, 7),  // the sixth: two minutes
            ([0, 1, 2, 3, 4, 5, 7], 8, 11),  // the seventh: four
            ([0, 4, 8, 12, 16], 16.5, nil),  // five failures spread over 16 minutes: no window holds five
            ([0, 4, 8, 12, 15], 15.5, 16),  // the fifth exactly at the window's end counts
            ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 15, 74),  // fifteen: 2^10 minutes, capped at 60
            ([0, 1, 2, 3, 4, 60], 61, nil),  // long after, one more failure alone does not delay
        ])
    func lockout(failures: [Double], now: Double, until: Double?) {
        // act
        let locked = LoginGuard.standard.lockedUntil(failures: failures.map(Self.at), now: Self.at(now))
        // check
        #expect(locked == until.map(Self.at))
    }

    @Test(
        "sessions: idle after 30 minutes, absolutely after 8 hours, ended on logout",
        arguments: [
            (0.0, 0.0, false, SessionPolicy.State.active), (0, 29, false, .active), (0, 30, false, .idleExpired),
            (470, 479, false, .active), (479, 480, false, .absoluteExpired), (0, 1, true, .ended),
        ])
    func sessions(lastSeen: Double, now: Double, ended: Bool, state: SessionPolicy.State) {
        // act
        let answer = SessionPolicy.standard.state(
            createdAt: Self.t0, lastSeenAt: Self.at(lastSeen), endedAt: ended ? Self.at(lastSeen) : nil,
            now: Self.at(now))
        // check
        #expect(answer == state)
    }

    @Test("a rate window admits the limit per key and says how long to wait")
    func rateWindow() {
        // setup
        var window = RateWindow(limit: 3, window: 60)
        // act
        let first = (0..<3).map { window.hit("a", now: Self.t0.addingTimeInterval(Double($0))) }
        let fourth = window.hit("a", now: Self.t0.addingTimeInterval(10))
        let otherKey = window.hit("b", now: Self.t0.addingTimeInterval(10))
        let later = window.hit("a", now: Self.t0.addingTimeInterval(60.5))
        // check
        #expect(first == [nil, nil, nil])
        #expect(fourth == 50)
        #expect(otherKey == nil)
        #expect(later == nil, "the first hit has left the window")
    }
}
