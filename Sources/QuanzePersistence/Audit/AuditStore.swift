import Crypto
import Foundation
import QuanzeDomain
import SQLKit

struct AuditRow: Codable, Sendable {
    var county: String
    var seq: Int64
    var at: Int64
    var actor: String
    var role: String
    var organization: String?
    var action: String
    var subject: String
    var detail: String
    var outcome: String
    var prevHash: String
    var hash: String
}

/// The audit log: one entry per change, written in the change's transaction, hash-chained per county.
public struct AuditStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    static let genesis = String(repeating: "0", count: 64)

    /// Appends one entry to the county's chain inside the caller's transaction.
    static func append(_ event: AuditEvent, on db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" {
            // Serialises appends to one county's chain across connections until the transaction ends.
            try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "audit:" + event.county)))").run()
        }
        let last = try await db.rows(
            "SELECT * FROM audit_entries WHERE county = \(bind: event.county) ORDER BY seq DESC LIMIT 1",
            as: AuditRow.self
        ).first
        var row = AuditRow(
            county: event.county, seq: (last?.seq ?? 0) + 1, at: event.at.micros, actor: event.actor.name,
            role: event.actor.role, organization: event.actor.organization, action: event.action,
            subject: event.subject,
            detail: event.detail, outcome: event.outcome, prevHash: last?.hash ?? genesis, hash: "")
        row.hash = digest(row)
        try await db.insertRows(into: "audit_entries", [row], columnsPerRow: 12)
    }

    /// SHA-256 over the previous hash and every field, length-prefixed so no two entries serialise alike.
    static func digest(_ row: AuditRow) -> String {
        var hasher = SHA256()
        for field in [
            row.prevHash, row.county, String(row.seq), String(row.at), row.actor, row.role, row.organization ?? "",
            row.action, row.subject, row.detail, row.outcome,
        ] {
            let bytes = Array(field.utf8)
            hasher.update(data: Array(String(bytes.count).utf8) + [0x3A] + bytes)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Recent entries of a county, newest first.
    public func recent(county: String, limit: Int = 100) async throws -> [AuditEntryView] {
        try await database.read { db in
            try await db.rows(
                "SELECT * FROM audit_entries WHERE county = \(bind: county) ORDER BY seq DESC LIMIT \(literal: limit)",
                as: AuditRow.self
            ).map(AuditEntryView.init)
        }
    }

    public func count(county: String) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE county = \(bind: county)").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
    }

    /// Checks the county's chain from its start; returns the first broken sequence number, or nil when intact.
    public func verify(county: String) async throws -> Int64? {
        let rows = try await database.read { db in
            try await db.rows(
                "SELECT * FROM audit_entries WHERE county = \(bind: county) ORDER BY seq", as: AuditRow.self)
        }
        var previous = Self.genesis
        var expected: Int64 = 1
        for row in rows {
            if row.seq != expected || row.prevHash != previous || Self.digest(row) != row.hash { return row.seq }
            previous = row.hash
            expected += 1
        }
        return nil
    }
}

/// An audit entry as read back.
public struct AuditEntryView: Sendable, Hashable {
    public var seq: Int64
    public var at: Date
    public var actor: String
    public var role: String
    public var action: String
    public var subject: String
    public var detail: String
    public var outcome: String
    public var hash: String

    init(_ row: AuditRow) {
        seq = row.seq
        at = Date(micros: row.at)
        actor = row.actor
        role = row.role
        action = row.action
        subject = row.subject
        detail = row.detail
        outcome = row.outcome
        hash = row.hash
    }
}
