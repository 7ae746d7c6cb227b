import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzeApp
@testable import QuanzePersistence

extension Engine: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// The demo is loaded once per engine and kind (with or without its case data), with the test accounts and the
/// foreign county, and then copied for every suite or test that needs a demo of its own: a copy is a file copy on
/// SQLite and a database created from a template on PostgreSQL, far cheaper than loading the demo again.
actor DemoTemplates {
    static let shared = DemoTemplates()
    struct Key: Hashable {
        var engine: Engine
        var cases: Bool
    }
    var sources: [Key: Task<Engine.Location, any Error>] = [:]

    /// A demo database of the caller's own.
    func copy(_ engine: Engine, cases: Bool = true, prefix: String) async throws -> any Database {
        let location = try await source(Key(engine: engine, cases: cases))
        return try await Engine.openCopy(of: location, prefix: prefix)
    }

    func source(_ key: Key) async throws -> Engine.Location {
        if let task = sources[key] { return try await task.value }
        let task = Task<Engine.Location, any Error> {
            let (database, location) = try await key.engine.openScratchLocated(prefix: "qz_demo")
            do {
                _ = try await DemoBuilder(database).loadIfEmpty(
                    now: Date(timeIntervalSince1970: 1_704_000_000), cases: key.cases)
                try await DemoAccounts.ensure(database, bcryptCost: 4, now: Date())
                try await ForeignCounty.ensure(database, now: Date())
            } catch {
                try? await database.shutdown()
                throw error
            }
            // A PostgreSQL template must have no connection; the SQLite file is read by a connection of its own.
            try await database.shutdown()
            return location
        }
        sources[key] = task
        return try await task.value
    }
}

/// The demo, one copy per engine, shared by the app tests that use this instance.
actor DemoDatabases {
    static let shared = DemoDatabases()
    /// A second copy of the demo for suites that read exact figures across many pages and change nothing a page
    /// shows (they only sign in): no test writes lists, orders, capacity, courses or cases into it, so what it shows
    /// is the demo as loaded, whatever the suites on `shared` write meanwhile.
    static let pristine = DemoDatabases()
    var loaded: [Engine: Task<any Database, any Error>] = [:]

    func database(_ engine: Engine) async throws -> any Database {
        if let task = loaded[engine] { return try await task.value }
        let task = Task<any Database, any Error> {
            try await DemoTemplates.shared.copy(engine, prefix: "qz_app")
        }
        loaded[engine] = task
        return try await task.value
    }
}

/// Security settings for tests: the cheapest bcrypt cost and limits high enough for suites that log in often.
let testSecurity = SecuritySettings(
    bcryptCost: 4, passwordPolicy: .dengbao, session: .standard, lockout: .standard, loginRatePerMinute: 10_000,
    secureCookies: .auto, publicOrigin: nil)

/// Runs `body` against the real application on the demo database.
func withDemoApp(
    _ engine: Engine, security: SecuritySettings = testSecurity, clock: TestClock = TestClock(),
    logger: Logger = quietLogger, databases: DemoDatabases = .shared,
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let database = try await databases.database(engine)
    var configuration = AppConfiguration(
        database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil,
        security: security)
    // No notification round of the server's own: a test dispatches and delivers when it means to. The round (every
    // 30 s by default) once delivered a test's message with the server's notifier while that test ran slowly.
    configuration.notifications.interval = 0
    let app = try await buildApplication(
        configuration: configuration, database: database, logger: logger, demoToday: DemoBuilder.today,
        clock: { clock.now })
    try await app.test(.router) { client in try await body(client) }
}

/// Test apps log warnings and errors only (the access log is info).
let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return logger
}()

/// A clock tests move by hand (session timeouts, lockouts).
final class TestClock: @unchecked Sendable {
    // Safe: every access to `current` holds `lock`.
    private let lock = NSLock()
    private var current = Date()

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
}
