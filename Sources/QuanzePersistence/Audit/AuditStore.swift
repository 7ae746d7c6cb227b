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
    var beforeDigest: String
    var afterDigest: String
    var prevHash: String
    var hash: String
}

/// The audit log: one entry per change, written in the change's transaction, hash-chained per county so chains can
/// live on different nodes. Nothing updates or deletes entries; retention is therefore unlimited (≥ 6 months).
public struct AuditStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    static let genesis = String(repeating: "0", count: 64)

    /// Every column of `audit_entries`, in `AuditRow`'s order: what verification selects and bulk loads insert.
    static let columns = [
        "county", "seq", "at", "actor", "role", "organization", "action", "subject", "detail", "outcome",
        "before_digest", "after_digest", "prev_hash", "hash",
    ]

    /// The heads of the chains one transaction has appended to. A caller appending thousands of entries in one
    /// transaction (a delegation batch) passes the same cursor to every append, so only the first append to a
    /// county's chain takes the lock and reads the head; the lock is held, and the writer is single, until the
    /// transaction ends. An append that bypassed the cursor would collide on the (county, seq) key, never fork.
    ///
    /// A deferring cursor keeps the entries and writes them in multi-row statements at `flush` — which its owner
    /// must call before the transaction commits.
    final class ChainCursor {
        var heads: [String: ChainHead] = [:]
        let deferring: Bool
        var pending: [AuditRow] = []

        init(deferring: Bool = false) { self.deferring = deferring }

        func flush(on db: any SQLDatabase) async throws {
            guard !pending.isEmpty else { return }
            try await db.insertRows(into: "audit_entries", pending, columnsPerRow: 14)
            pending.removeAll()
        }
    }

    /// Appends one entry to the county's chain inside the caller's transaction.
    public static func append(_ event: AuditEvent, on db: any SQLDatabase) async throws {
        try await append(event, cursor: nil, on: db)
    }

    static func append(_ event: AuditEvent, cursor: ChainCursor?, on db: any SQLDatabase) async throws {
        let last: ChainHead?
        if let head = cursor?.heads[event.county] {
            last = head
        } else {
            // Serialises appends to one county's chain across connections until the transaction ends.
            try await db.lockForWrite("audit:" + event.county)
            last = try await db.rows(
                "SELECT seq, hash FROM audit_entries WHERE county = \(bind: event.county) ORDER BY seq DESC LIMIT 1",
                as: ChainHead.self
            ).first
        }
        var row = AuditRow(
            county: event.county, seq: (last?.seq ?? 0) + 1, at: event.at.micros, actor: event.actor.name,
            role: event.actor.role, organization: event.actor.organization, action: event.action,
            subject: event.subject, detail: event.detail, outcome: event.outcome.rawValue,
            beforeDigest: event.before.map(sha256Hex) ?? "", afterDigest: event.after.map(sha256Hex) ?? "",
            prevHash: last?.hash ?? genesis, hash: "")
        row.hash = digest(row)
        if let cursor, cursor.deferring {
            cursor.pending.append(row)
        } else {
            try await db.insertRows(into: "audit_entries", [row], columnsPerRow: 14)
        }
        cursor?.heads[event.county] = ChainHead(seq: row.seq, hash: row.hash)
    }

    /// Appends an entry in a transaction of its own (failed logins, refused requests).
    public func record(_ event: AuditEvent) async throws {
        try await database.transaction { db in try await Self.append(event, on: db) }
    }

    /// SHA-256 over the previous hash and every field, length-prefixed so no two entries serialise alike.
    static func digest(_ row: AuditRow) -> String {
        var buffer: [UInt8] = []
        return digest(row, buffer: &buffer)
    }

    /// `digest(_:)` serialising into the caller's buffer, which a scan reuses for every entry.
    static func digest(_ row: AuditRow, buffer: inout [UInt8]) -> String {
        preimage(row, into: &buffer)
        return hex(SHA256.hash(data: buffer))
    }

    /// The bytes `digest` hashes: each field as `<UTF-8 length>:<UTF-8 bytes>` (an absent organisation as `-`), written into a reused buffer so that
    /// verifying a long chain does not allocate per field.
    static func preimage(_ row: AuditRow, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        frame(row.prevHash, into: &buffer)
        frame(row.county, into: &buffer)
        frame(String(row.seq), into: &buffer)
        frame(String(row.at), into: &buffer)
        frame(row.actor, into: &buffer)
        frame(row.role, into: &buffer)
        // An absent organisation is "-" (never a valid frame), so NULL and '' cannot be swapped unnoticed.
        if let organization = row.organization { frame(organization, into: &buffer) } else { buffer.append(0x2D) }
        frame(row.action, into: &buffer)
        frame(row.subject, into: &buffer)
        frame(row.detail, into: &buffer)
        frame(row.outcome, into: &buffer)
        frame(row.beforeDigest, into: &buffer)
        frame(row.afterDigest, into: &buffer)
    }

    private static func frame(_ field: String, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: String(field.utf8.count).utf8)
        buffer.append(0x3A)
        buffer.append(contentsOf: field.utf8)
    }

    /// Entries matching the filter, newest first, with the total for paging.
    public func search(_ filter: AuditFilter) async throws -> (total: Int, entries: [AuditEntryView]) {
        try await database.read { db in
            let whereClause = filter.whereClause
            let total =
                try await db.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE \(whereClause)").first()?.decode(
                    column: "n", as: Int.self) ?? 0
            let rows = try await db.rows(
                """
                SELECT * FROM audit_entries WHERE \(whereClause)
                ORDER BY \(unsafeRaw: filter.ascending ? "at, county, seq" : "at DESC, county, seq DESC")
                LIMIT \(literal: filter.limit) OFFSET \(literal: filter.offset)
                """, as: AuditRow.self)
            return (total, rows.map(AuditEntryView.init))
        }
    }

    public func count(county: String) async throws -> Int {
        try await count(AuditFilter(county: county))
    }

    public func count(_ filter: AuditFilter) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE \(filter.whereClause)").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
    }

    /// The head (last sequence number and hash) of every county's chain: what a checkpoint exports.
    public func heads() async throws -> [AuditCheckpoint.Head] {
        try await database.read { db in
            try await db.rows(
                """
                SELECT a.county, a.seq, a.hash FROM audit_entries a
                JOIN (SELECT county, MAX(seq) AS seq FROM audit_entries GROUP BY county) m
                  ON a.county = m.county AND a.seq = m.seq ORDER BY a.county
                """, as: AuditCheckpoint.Head.self)
        }
    }

    /// Counties that have a chain.
    public func counties() async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT DISTINCT county FROM audit_entries ORDER BY county").all().map {
                try $0.decode(column: "county", as: String.self)
            }
        }
    }
}

struct ChainHead: Codable, Sendable {
    var seq: Int64
    var hash: String
}

func sha256Hex(_ text: String) -> String { hex(SHA256.hash(data: Array(text.utf8))) }

func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    var out = [UInt8]()
    out.reserveCapacity(64)
    for byte in digest {
        out.append(hexDigit(byte >> 4))
        out.append(hexDigit(byte & 0x0F))
    }
    return String(decoding: out, as: UTF8.self)
}

/// The lower-case ASCII hex digit of a value 0–15.
@inline(__always) private func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

/// What the audit viewer and API filter by. Every value is bound, never spliced.
public struct AuditFilter: Sendable, Hashable {
    public var county: String?
    public var actor: String?
    public var action: String?
    public var outcome: AuditOutcome?
    public var from: Date?
    public var to: Date?
    /// Words the entry's subject, detail or actor contain (bound as a `LIKE` pattern with `%` and `_` escaped).
    public var keyword: String?
    /// Oldest first instead of newest first.
    public var ascending = false
    public var limit: Int
    public var offset: Int

    public init(
        county: String? = nil, actor: String? = nil, action: String? = nil, outcome: AuditOutcome? = nil,
        from: Date? = nil, to: Date? = nil, limit: Int = 50, offset: Int = 0
    ) {
        self.county = county
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.from = from
        self.to = to
        self.limit = limit
        self.offset = offset
    }

    var whereClause: SQLQueryString {
        var clause: SQLQueryString = "1 = 1"
        if let county { clause = "\(clause) AND county = \(bind: county)" }
        if let actor, !actor.isEmpty { clause = "\(clause) AND actor = \(bind: actor)" }
        if let action, !action.isEmpty { clause = "\(clause) AND action = \(bind: action)" }
        if let outcome { clause = "\(clause) AND outcome = \(bind: outcome.rawValue)" }
        if let from { clause = "\(clause) AND at >= \(bind: from.micros)" }
        if let to { clause = "\(clause) AND at < \(bind: to.micros)" }
        if let keyword, !keyword.isEmpty {
            let pattern =
                "%"
                + keyword.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            clause = """
                \(clause) AND (subject LIKE \(bind: pattern) ESCAPE '\\' OR detail LIKE \(bind: pattern) ESCAPE '\\' \
                OR actor LIKE \(bind: pattern) ESCAPE '\\')
                """
        }
        return clause
    }
}

/// An audit entry as read back.
public struct AuditEntryView: Sendable, Hashable {
    public var county: String
    public var seq: Int64
    public var at: Date
    public var actor: String
    public var role: String
    public var organization: String?
    public var action: String
    public var subject: String
    public var detail: String
    public var outcome: String
    public var beforeDigest: String
    public var afterDigest: String
    public var hash: String

    init(_ row: AuditRow) {
        county = row.county
        seq = row.seq
        at = Date(micros: row.at)
        actor = row.actor
        role = row.role
        organization = row.organization
        action = row.action
        subject = row.subject
        detail = row.detail
        outcome = row.outcome
        beforeDigest = row.beforeDigest
        afterDigest = row.afterDigest
        hash = row.hash
    }
}
