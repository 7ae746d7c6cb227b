import Foundation
import QuanzePersistence
import SQLKit

/// A database whose chosen transactions fail; reads and every other transaction go to the database it wraps. The
/// next `count` transactions can fail before touching the data (`failNext`: a lost connection, a full disk), or the
/// `n`th from now after its body ran, so that its writes roll back (`failTransaction(number:)`: a commit that fails).
public final class FailingDatabase: Database, @unchecked Sendable {
    // Safe: every access to `before`, `after` and `started` holds `lock`.
    private let lock = NSLock()
    private var before: Set<Int> = []
    private var after: Set<Int> = []
    private var started = 0
    public let base: any Database

    public struct Failure: Error {}

    public init(_ base: any Database) { self.base = base }

    public var dialect: Dialect { base.dialect }

    /// The next `count` transactions fail before their body runs.
    public func failNext(_ count: Int) {
        lock.withLock { before = count > 0 ? Set(started + 1...started + count) : [] }
    }

    /// The `n`th transaction from now (1: the next one) fails after its body ran.
    public func failTransaction(number n: Int) { lock.withLock { after = [started + n] } }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await base.read(body)
    }

    public func transaction<T: Sendable>(durable: Bool, _ body: @Sendable (any SQLDatabase) async throws -> T)
        async throws -> T
    {
        let (failBefore, failAfter) = lock.withLock {
            started += 1
            return (before.remove(started) != nil, after.remove(started) != nil)
        }
        if failBefore { throw Failure() }
        return try await base.transaction(durable: durable) { db in
            let value = try await body(db)
            if failAfter { throw Failure() }
            return value
        }
    }

    public func shutdown() async throws { try await base.shutdown() }
}
