import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuanzeDomain
import Testing

@testable import QuanzeApp
@testable import QuanzePersistence

/// Engines for app tests: SQLite always, PostgreSQL when `TEST_POSTGRES_URL` is set (always under `CI`).
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
    static var available: [Engine] {
        let env = ProcessInfo.processInfo.environment
        return env["TEST_POSTGRES_URL"] != nil || env["CI"] != nil ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// The demo is loaded once per engine and shared by the read-only app tests.
actor DemoDatabases {
    static let shared = DemoDatabases()
    var loaded: [Engine: Task<any Database, any Error>] = [:]

    func database(_ engine: Engine) async throws -> any Database {
        if let task = loaded[engine] { return try await task.value }
        let task = Task<any Database, any Error> {
            let logger = Logger(label: "test")
            let database: any Database
            switch engine {
            case .sqlite:
                let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "qz-demo-\(UUID().uuidString).sqlite"
                ).path
                database = try await SQLiteDatabaseHandle.open(path: path, logger: logger)
            case .postgres:
                guard let base = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] else {
                    throw AppTestError("CI 环境必须设置 TEST_POSTGRES_URL")
                }
                let admin = try await PostgresDatabaseHandle.open(url: base, logger: logger)
                let name = "qz_app_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
                try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
                try await admin.shutdown()
                var parts = URLComponents(string: base)!
                parts.path = "/" + name
                database = try await PostgresDatabaseHandle.open(url: parts.string!, logger: logger)
            }
            try await Migrator.migrate(database)
            _ = try await DemoBuilder(database).loadIfEmpty(now: Date(timeIntervalSince1970: 1_704_000_000))
            return database
        }
        loaded[engine] = task
        return try await task.value
    }
}

struct AppTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs `body` against the real application on the demo database.
func withDemoApp(_ engine: Engine, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void)
    async throws
{
    let database = try await DemoDatabases.shared.database(engine)
    let configuration = AppConfiguration(
        database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil)
    let app = try await buildApplication(
        configuration: configuration, database: database, logger: Logger(label: "test"), demoToday: DemoBuilder.today)
    try await app.test(.router) { client in try await body(client) }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
}
