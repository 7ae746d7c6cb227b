import Foundation
import Logging
import QuanzePersistence
import SQLKit

/// The engines the test suites run on: SQLite always, PostgreSQL when `TEST_POSTGRES_URL` is set. Under `CI` both
/// are required, so a missing PostgreSQL fails the run instead of silently skipping it.
public enum Engine: String, CaseIterable, Sendable {
    case sqlite, postgres

    public static var available: [Engine] {
        let env = ProcessInfo.processInfo.environment
        return env["TEST_POSTGRES_URL"] != nil || env["CI"] != nil ? [.sqlite, .postgres] : [.sqlite]
    }

    /// A fresh, migrated, empty database: a new SQLite file, or a new database in the test PostgreSQL cluster.
    public func openScratch(prefix: String = "qz") async throws -> any Database {
        let logger = Logger(label: "test")
        let database: any Database
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "\(prefix)-\(UUID().uuidString).sqlite"
            )
            .path
            database = try await SQLiteDatabaseHandle.open(path: path, logger: logger)
        case .postgres:
            database = try await PostgresDatabaseHandle.open(
                url: try await Self.createPostgresDatabase(prefix: prefix), logger: logger)
        }
        try await Migrator.migrate(database)
        return database
    }

    /// A new, empty database in the test PostgreSQL cluster (`TEST_POSTGRES_URL`); returns its URL.
    public static func createPostgresDatabase(prefix: String) async throws -> String {
        guard let base = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] else {
            throw ScratchError("CI 环境必须设置 TEST_POSTGRES_URL 以运行 PostgreSQL 测试")
        }
        let admin = try await PostgresDatabaseHandle.open(url: base, logger: Logger(label: "test"))
        let name = prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        do {
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            try await admin.shutdown()
        } catch {
            try? await admin.shutdown()
            throw error
        }
        return postgresURL(base, database: name)
    }

    /// `base` (a PostgreSQL URL) naming another database of the same cluster.
    public static func postgresURL(_ base: String, database name: String) -> String {
        var parts = URLComponents(string: base)!
        parts.path = "/" + name
        return parts.string!
    }
}

/// A test environment that cannot provide what a suite needs.
public struct ScratchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
