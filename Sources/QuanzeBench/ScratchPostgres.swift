import Foundation
import Logging
import QuanzePersistence
import SQLKit

/// A throwaway, migrated database in the PostgreSQL cluster `url` names, dropped when the benchmark is done, so a
/// benchmark never writes into a database that holds anything else.
enum ScratchPostgres {
    static func with<T>(url: String, _ body: (any Database) async throws -> T) async throws -> T {
        let logger = Logger.bench
        let name = "quanze_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = try await PostgresDatabaseHandle.open(url: url, logger: logger)
        do {
            let result = try await withScratch(named: name, admin: admin, url: url, logger: logger, body)
            try await admin.shutdown()
            return result
        } catch {
            try? await admin.shutdown()
            throw error
        }
    }

    private static func withScratch<T>(
        named name: String, admin: PostgresDatabaseHandle, url: String, logger: Logger,
        _ body: (any Database) async throws -> T
    ) async throws -> T {
        guard var parts = URLComponents(string: url) else { throw BenchUsageError("cannot parse \(url)") }
        parts.path = "/" + name
        try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        let database = try await PostgresDatabaseHandle.open(url: parts.string ?? url, logger: logger)
        let result: Result<T, any Error>
        do {
            try await Migrator.migrate(database)
            result = .success(try await body(database))
        } catch {
            result = .failure(error)
        }
        try? await database.shutdown()
        try await admin.read { db in try await db.raw("DROP DATABASE \(unsafeRaw: name) WITH (FORCE)").run() }
        return try result.get()
    }
}
