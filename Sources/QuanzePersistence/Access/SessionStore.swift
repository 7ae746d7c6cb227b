import Foundation
import QuanzeDomain
import SQLKit

/// A web session as stored: only the SHA-256 of the cookie value is kept.
public struct SessionRecord: Sendable, Hashable {
    public var username: String
    public var csrf: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var endedAt: Date?
}

struct SessionRow: Codable, Sendable {
    var tokenHash: String
    var username: String
    var csrf: String
    var createdAt: Int64
    var lastSeenAt: Int64
    var endedAt: Int64?
}

/// Server-side web sessions: a new random id at every login, ended on logout, on timeouts and when the account
/// changes.
public struct SessionStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Starts a session for an account after a successful login: clears the failures, writes the audit entry.
    /// Returns the cookie value and the CSRF token.
    public func start(for account: Account, at now: Date) async throws -> (token: String, csrf: String) {
        let token = Secrets.random()
        let csrf = Secrets.random()
        try await database.transaction { db in
            try await db.insertRows(
                into: "sessions",
                [
                    SessionRow(
                        tokenHash: Secrets.digest(token), username: account.username, csrf: csrf,
                        createdAt: now.micros, lastSeenAt: now.micros, endedAt: nil)
                ], columnsPerRow: 6)
            try await AccountStore.clearFailures(account.username, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: account.county,
                    actor: Actor(
                        name: account.username, role: account.role.rawValue, organization: account.organization),
                    at: now, action: "login", subject: account.username, detail: "登录成功"), on: db)
        }
        return (token, csrf)
    }

    public func find(token: String) async throws -> SessionRecord? {
        try await database.read { db in
            try await db.rows(
                "SELECT * FROM sessions WHERE token_hash = \(bind: Secrets.digest(token))", as: SessionRow.self
            ).first.map {
                SessionRecord(
                    username: $0.username, csrf: $0.csrf, createdAt: Date(micros: $0.createdAt),
                    lastSeenAt: Date(micros: $0.lastSeenAt), endedAt: $0.endedAt.map(Date.init(micros:)))
            }
        }
    }

    /// Marks activity (for the idle timeout).
    public func touch(token: String, at now: Date) async throws {
        try await database.transaction { db in
            try await db.update("sessions").set("last_seen_at", to: now.micros)
                .where("token_hash", .equal, Secrets.digest(token)).run()
        }
    }

    /// Ends a session (logout or timeout); an explicit logout is audited.
    public func end(token: String, at now: Date, audit: AuditEvent?) async throws {
        try await database.transaction { db in
            try await db.update("sessions").set("ended_at", to: now.micros)
                .where("token_hash", .equal, Secrets.digest(token)).where("ended_at", .is, SQLLiteral.null).run()
            if let audit { try await AuditStore.append(audit, on: db) }
        }
    }

    /// Ends every open session of a user, except the one whose cookie is `keeping` (the session that asked).
    static func endAll(username: String, keeping: String? = nil, at now: Date, on db: any SQLDatabase) async throws {
        let query = db.update("sessions").set("ended_at", to: now.micros)
            .where("username", .equal, username).where("ended_at", .is, SQLLiteral.null)
        if let keeping { query.where("token_hash", .notEqual, Secrets.digest(keeping)) }
        try await query.run()
    }
}
