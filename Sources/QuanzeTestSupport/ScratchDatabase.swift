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

    /// Where a scratch database lives, so that it can be copied: a SQLite file, or a database of the test cluster.
    public enum Location: Sendable {
        case sqlite(path: String)
        case postgres(url: String, name: String)
    }

    /// `openScratch`, and where the database lives.
    public func openScratchLocated(prefix: String = "qz") async throws -> (any Database, Location) {
        let logger = Logger(label: "test")
        let database: any Database
        let location: Location
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "\(prefix)-\(UUID().uuidString).sqlite"
            ).path
            database = try await SQLiteDatabaseHandle.open(path: path, logger: logger)
            location = .sqlite(path: path)
        case .postgres:
            let url = try await Self.createPostgresDatabase(prefix: prefix)
            database = try await PostgresDatabaseHandle.open(url: url, logger: logger)
            location = .postgres(url: url, name: URLComponents(string: url)!.path.dropFirst().description)
        }
        try await Migrator.migrate(database)
        return (database, location)
    }

    /// A new database holding what `location` holds (nobody may be connected to a PostgreSQL source): SQLite copies
    /// the file (`VACUUM INTO`), PostgreSQL creates the database from it as a template — both far cheaper than
    /// loading the same data again.
    public static func openCopy(of location: Location, prefix: String) async throws -> any Database {
        let logger = Logger(label: "test")
        switch location {
        case .sqlite(let source):
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "\(prefix)-\(UUID().uuidString).sqlite"
            ).path
            try await SQLiteBackup.backup(databasePath: source, to: path, logger: logger)
            return try await SQLiteDatabaseHandle.open(path: path, logger: logger)
        case .postgres(_, let template):
            let url = try await createPostgresDatabase(prefix: prefix, template: template)
            return try await PostgresDatabaseHandle.open(url: url, logger: logger)
        }
    }

    /// A new, empty database in the test PostgreSQL cluster (`TEST_POSTGRES_URL`); returns its URL.
    public static func createPostgresDatabase(prefix: String, template: String? = nil) async throws -> String {
        guard let base = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] else {
            throw ScratchError("CI 环境必须设置 TEST_POSTGRES_URL 以运行 PostgreSQL 测试")
        }
        let admin = try await PostgresDatabaseHandle.open(url: base, logger: Logger(label: "test"))
        let name = prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        do {
            let from = template.map { " TEMPLATE \($0)" } ?? ""
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name + from)").run() }
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
