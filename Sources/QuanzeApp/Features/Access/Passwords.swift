import Foundation
import HummingbirdBcrypt
import NIOPosix
import QuanzeDomain
import Synchronization

/// bcrypt on NIO's blocking thread pool, so hashing (hundreds of milliseconds at cost 12) never stalls an event
/// loop.
enum Passwords {
    static func hash(_ password: String, cost: Int) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: UInt8(cost)) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Hashes of a password nobody has, per cost, verified against when the username is unknown so that a wrong
    /// username costs the same time as a wrong password (the decoy must use the accounts' configured cost: a cheaper
    /// one would tell by timing which usernames exist). Made once per cost and checked on the thread pool.
    private static let decoys = Mutex<[Int: String]>([:])

    static func verifyDecoy(_ password: String, cost: Int) async throws {
        _ = try await NIOThreadPool.singleton.runIfActive {
            let decoy =
                decoys.withLock { $0[cost] }
                ?? {
                    let made = Bcrypt.hash("decoy-password-never-valid", cost: UInt8(cost))
                    decoys.withLock { $0[cost] = made }
                    return made
                }()
            return Bcrypt.verify(password, hash: decoy)
        }
    }

    /// A temporary password that satisfies both policies (shown once after a reset).
    static func temporary() -> String {
        let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let lower = Array("abcdefghijkmnpqrstuvwxyz")
        let digits = Array("23456789")
        var generator = SystemRandomNumberGenerator()
        var chars: [Character] = []
        for _ in 0..<5 { chars.append(upper.randomElement(using: &generator)!) }
        for _ in 0..<5 { chars.append(lower.randomElement(using: &generator)!) }
        for _ in 0..<4 { chars.append(digits.randomElement(using: &generator)!) }
        chars.shuffle(using: &generator)
        return String(chars.prefix(7)) + "-" + String(chars.suffix(7))
    }
}

/// Sliding-window limits per client for login and token endpoints, and for failed bearer tokens.
actor RateLimiter {
    private var windows: [String: RateWindow] = [:]

    /// Records a hit in bucket `bucket` for `key`; returns the seconds to wait when over `limit` per minute.
    func hit(_ bucket: String, key: String, limit: Int, now: Date) -> Int? {
        var window = windows[bucket] ?? RateWindow(limit: limit, window: 60)
        window.limit = limit
        let wait = window.hit(key, now: now)
        windows[bucket] = window
        return wait
    }
}
