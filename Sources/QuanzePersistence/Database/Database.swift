import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit

/// Which SQL engine is behind a `Database`: DDL and a few statements branch on it.
public enum Dialect: String, Sendable {
    case sqlite, postgres
}

/// The one way the stores reach SQL: reads, and writes in a transaction. SQLite and PostgreSQL implement it.
public protocol Database: Sendable {
    var dialect: Dialect { get }
    /// Runs reads outside any transaction.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: all of it is committed, or none. A `durable` transaction has reached the disk
    /// when it returns; one that is not (a part of a batch not yet acknowledged, `CaseStore.ingest`) may be lost with
    /// the machine's power until the next durable one commits, but never half of it.
    func transaction<T: Sendable>(durable: Bool, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws
        -> T
    /// Releases connections.
    func shutdown() async throws
}

extension Database {
    /// Runs `body` in one durable transaction.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(durable: true, body)
    }
}

/// Where the data lives, from `DATABASE_URL`: `sqlite:///abs/path`, `sqlite://relative.sqlite`, a bare path, or
/// `postgres://user:pass@host:port/db?sslmode=disable`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "quanze.sqlite"

    public init(url: String?) throws(ConfigurationError) {
        guard let url, !url.isEmpty else {
            self = .sqlite(path: DatabaseLocation.defaultSQLitePath)
            return
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(url: url)
        } else if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalid("DATABASE_URL", url, "sqlite:// 后须写文件路径") }
            self = .sqlite(path: path)
        } else if url.contains("://") {
            throw .invalid("DATABASE_URL", url, "只支持 sqlite:// 与 postgres://")
        } else {
            self = .sqlite(path: url)
        }
    }
}

/// A malformed setting, named so that start-up fails loudly.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalid(String, String, String)

    public var description: String {
        switch self {
        case .invalid(let name, let value, let why): "配置项 \(name)=\(value) 无效：\(why)"
        }
    }
}

/// Opens the database a location names.
public func openDatabase(_ location: DatabaseLocation, logger: Logger) async throws -> any Database {
    switch location {
    case .sqlite(let path): return try await SQLiteDatabaseHandle.open(path: path, logger: logger)
    case .postgres(let url): return try await PostgresDatabaseHandle.open(url: url, logger: logger)
    }
}

/// Serialises async critical sections (one SQLite writer) without blocking threads. Waiters are served in order,
/// those that asked to defer (`lock(deferring: true)`, a bulk load's batches) after every other waiter.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var deferred: [CheckedContinuation<Void, Never>] = []

    func lock(deferring: Bool = false) async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation {
            if deferring { deferred.append($0) } else { waiters.append($0) }
        }
    }

    /// Waiters of both kinds.
    var queued: Int { waiters.count + deferred.count }

    func unlock() {
        if !waiters.isEmpty {
            waiters.removeFirst().resume()
        } else if !deferred.isEmpty {
            deferred.removeFirst().resume()
        } else {
            locked = false
        }
    }
}

extension AsyncLock {
    /// Runs `body` holding the lock (`deferring` as for `lock(deferring:)`), and releases it whether `body` returns or
    /// throws.
    nonisolated func withLock<T: Sendable>(deferring: Bool = false, _ body: () async throws -> T) async throws -> T {
        await lock(deferring: deferring)
        do {
            let value = try await body()
            await unlock()
            return value
        } catch {
            await unlock()
            throw error
        }
    }
}

/// A fixed set of connections, each lent to one body at a time.
actor ConnectionPool {
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init(size: Int) { free = Array(0..<size) }

    func acquire() async -> Int {
        if let index = free.popLast() { return index }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ index: Int) {
        if waiters.isEmpty {
            free.append(index)
        } else {
            waiters.removeFirst().resume(returning: index)
        }
    }
}

/// SQLite in WAL mode with `synchronous=FULL`: one writer connection behind a lock, a small pool of reader
/// connections. An acknowledged write has been fsynced.
///
/// Each read body has a reader connection to itself and runs in one read transaction: SQLite keeps a connection's
/// read snapshot while any of its statements is active, so two bodies interleaving statements on one connection
/// could read a snapshot older than a write they already saw committed (a session just created, not yet found).
public final class SQLiteDatabaseHandle: Database {
    public let dialect = Dialect.sqlite
    let writer: SQLiteConnection
    let readers: [SQLiteConnection]
    let readerPool: ConnectionPool
    let lock = AsyncLock()
    let logger: Logger

    static let readerCount = 4

    init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.readerPool = ConnectionPool(size: readers.count)
        self.logger = logger
    }

    /// Opens the file at `path`; `tuned: false` leaves its journal mode alone (a backup being inspected is read,
    /// not switched to WAL).
    public static func open(path: String, logger: Logger, tuned: Bool = true) async throws -> SQLiteDatabaseHandle {
        let writer: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let pragmas =
            tuned
            ? [
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                "PRAGMA busy_timeout=10000",
            ]
            : ["PRAGMA busy_timeout=10000"]
        for pragma in pragmas {
            try await writer.sql().raw(SQLQueryString(pragma)).run()
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            let reader: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            try await reader.sql().raw("PRAGMA busy_timeout=10000").run()
            readers.append(reader)
        }
        return SQLiteDatabaseHandle(writer: writer, readers: readers, logger: logger)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = await readerPool.acquire()
        let db = readers[index].sql(queryLogLevel: nil)
        do {
            try await db.raw("BEGIN").run()
            let value = try await body(db)
            try await db.raw("COMMIT").run()
            await readerPool.release(index)
            return value
        } catch {
            try? await db.raw("ROLLBACK").run()
            await readerPool.release(index)
            throw error
        }
    }

    /// The safety level is set before each transaction (SQLite refuses to change it inside one): `FULL` fsyncs the
    /// write-ahead log at the commit; `NORMAL` leaves that to the next `FULL` commit, whose fsync covers every frame
    /// written before it.
    public func transaction<T: Sendable>(durable: Bool, _ body: @Sendable (any SQLDatabase) async throws -> T)
        async throws -> T
    {
        try await lock.withLock(deferring: IngestLanes.isBulkWrite) {
            let db = writer.sql(queryLogLevel: nil)
            do {
                try await db.raw(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL").run()
                try await db.raw("BEGIN IMMEDIATE").run()
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func shutdown() async throws {
        for reader in readers { try await reader.close() }
        try await writer.close()
    }
}

/// PostgreSQL through `PostgresClient`, whose `run()` must be going before the first query: the handle owns that
/// task from opening to `shutdown()`, so every user (the server, each command, each test) gets a running client and
/// the server closes it only after its service group has stopped serving requests.
public final class PostgresDatabaseHandle: Database {
    public let dialect = Dialect.postgres
    public let client: PostgresClient
    let runner: Task<Void, Never>

    init(client: PostgresClient) {
        self.client = client
        self.runner = Self.start(client)
    }

    /// Enters `run()` before returning. `run()` marks the client running before its first suspension; a plain
    /// `Task` might not have been scheduled by the first query, and the client then logs "PostgresClient.run()
    /// hasn't been called yet". `Task.immediate` runs synchronously up to that first suspension.
    static func start(_ client: PostgresClient) -> Task<Void, Never> {
        if #available(macOS 26, *) {
            return Task.immediate { await client.run() }
        }
        return Task { await client.run() }
    }

    public static func open(url: String, logger: Logger) async throws -> PostgresDatabaseHandle {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw ConfigurationError.invalid("DATABASE_URL", url, "无法解析的 PostgreSQL 地址")
        }
        let query = Dictionary(
            (parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let tls: PostgresClient.Configuration.TLS =
            switch query["sslmode"] ?? "prefer" {
            case "disable": .disable
            case "require", "verify-ca", "verify-full": .require(.makeClientConfiguration())
            default: .prefer(.makeClientConfiguration())
            }
        var clientConfig = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres",
            password: parts.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls)
        clientConfig.options.maximumConnections = 8
        return PostgresDatabaseHandle(client: PostgresClient(configuration: clientConfig, backgroundLogger: logger))
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { conn in try await body(conn.sql(queryLogLevel: nil)) }
    }

    /// A transaction that is not durable commits without waiting for its WAL flush (`synchronous_commit = off`); the
    /// next durable commit flushes the log up to itself, and so that one too.
    public func transaction<T: Sendable>(durable: Bool, _ body: @Sendable (any SQLDatabase) async throws -> T)
        async throws -> T
    {
        try await client.withConnection { conn in
            let db = conn.sql(queryLogLevel: nil)
            try await db.raw("BEGIN").run()
            do {
                if !durable { try await db.raw("SET LOCAL synchronous_commit = off").run() }
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Closes the client's connections and waits until its `run()` has returned.
    public func shutdown() async throws {
        runner.cancel()
        await runner.value
    }
}
