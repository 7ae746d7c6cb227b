import Foundation
import QuanzeDomain
import SQLKit

struct AssignmentRow: Codable, Sendable {
    var county: String
    var id: String
    var entryId: String
    var township: String
    var itemCode: String
    var list: String
    var mode: String
    var role: String?
    var partner: String?
    var decision: String?
    var endDecision: String?
    var correctionReason: String?
    var validFrom: String
    var validTo: String?
    var recordedAt: Int64
    var supersededAt: Int64?

    init(_ a: Assignment) {
        county = a.county
        id = a.id
        entryId = a.entryId
        township = a.township.value
        itemCode = a.itemCode
        list = a.list.rawValue
        mode = a.mode.rawValue
        role = a.role?.rawValue
        partner = a.partner
        decision = a.decision
        endDecision = a.endDecision
        correctionReason = a.correctionReason
        validFrom = a.validFrom.iso
        validTo = a.validTo?.iso
        recordedAt = a.recordedAt.micros
        supersededAt = a.supersededAt?.micros
    }

    /// Reads the columns by name: the list reads decode tens of thousands of rows (a township's current entries
    /// for every batch), and the generic row decoder converts every key to snake case on every row.
    init(row: any SQLRow) throws {
        func optional<T: Decodable>(_ column: String, _ type: T.Type) throws -> T? {
            try row.decodeNil(column: column) ? nil : row.decode(column: column, as: T.self)
        }
        county = try row.decode(column: "county", as: String.self)
        id = try row.decode(column: "id", as: String.self)
        entryId = try row.decode(column: "entry_id", as: String.self)
        township = try row.decode(column: "township", as: String.self)
        itemCode = try row.decode(column: "item_code", as: String.self)
        list = try row.decode(column: "list", as: String.self)
        mode = try row.decode(column: "mode", as: String.self)
        role = try optional("role", String.self)
        partner = try optional("partner", String.self)
        decision = try optional("decision", String.self)
        endDecision = try optional("end_decision", String.self)
        correctionReason = try optional("correction_reason", String.self)
        validFrom = try row.decode(column: "valid_from", as: String.self)
        validTo = try optional("valid_to", String.self)
        recordedAt = try row.decode(column: "recorded_at", as: Int64.self)
        supersededAt = try optional("superseded_at", Int64.self)
    }

    var assignment: Assignment? {
        guard let township = RegionCode(township), let list = ListKind(rawValue: list),
            let mode = AssignmentMode(rawValue: mode), let from = Day(iso: validFrom)
        else { return nil }
        return Assignment(
            id: id, entryId: entryId, county: county, township: township, itemCode: itemCode, list: list, mode: mode,
            role: role.flatMap(TerritorialRole.init(rawValue:)), partner: partner, decision: decision,
            endDecision: endDecision, correctionReason: correctionReason, validFrom: from,
            validTo: validTo.flatMap(Day.init(iso:)), recordedAt: Date(micros: recordedAt),
            supersededAt: supersededAt.map(Date.init(micros:)))
    }
}

/// Reads and writes list entries. Reads filter in SQL with the same rules as `ListQuery` (tested to agree).
public struct ListStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// The entries of one township in force on `day`, as known at `knownAt` (nil: now).
    public func inForce(county: String, township: RegionCode, on day: Day, knownAt: Date? = nil) async throws
        -> [Assignment]
    {
        try await database.read { db in
            try await Self.assignments(
                "SELECT * FROM assignments WHERE county = \(bind: county) AND township = \(bind: township.value) AND "
                    + Self.inForceClause(day, knownAt) + " ORDER BY list, item_code", on: db
            )
        }
    }

    /// Every version ever recorded for one township (for diffs over any two days and record times).
    public func history(county: String, township: RegionCode) async throws -> [Assignment] {
        try await database.read { db in
            try await Self.assignments(
                "SELECT * FROM assignments WHERE county = \(bind: county) AND township = \(bind: township.value) ORDER BY item_code, valid_from",
                on: db
            )
        }
    }

    /// Entries for one item across the county's townships, in force on `day`.
    public func forItem(county: String, itemCode: String, on day: Day) async throws -> [Assignment] {
        try await database.read { db in
            try await Self.assignments(
                "SELECT * FROM assignments WHERE county = \(bind: county) AND item_code = \(bind: itemCode) AND "
                    + Self.inForceClause(day, nil) + " ORDER BY township, list", on: db
            )
        }
    }

    /// Entry counts per township and list kind in force on `day` (townships without entries are absent).
    public func counts(county: String, on day: Day) async throws -> [RegionCode: [ListKind: Int]] {
        let rows = try await database.read { db in
            try await db.raw(
                "SELECT township, list, COUNT(*) AS n FROM assignments WHERE county = \(bind: county) AND "
                    + Self.inForceClause(day, nil) + " GROUP BY township, list"
            ).all()
        }
        var out: [RegionCode: [ListKind: Int]] = [:]
        for row in rows {
            guard let code = RegionCode(try row.decode(column: "township", as: String.self)),
                let list = ListKind(rawValue: try row.decode(column: "list", as: String.self))
            else { continue }
            out[code, default: [:]][list] = try row.decode(column: "n", as: Int.self)
        }
        return out
    }

    /// Entrusted entries in force on `day` whose term ends within `days` (the 60-day warning of DESIGN §4),
    /// optionally of one township or of items of one department.
    public func expiringEntrusted(
        county: String, on day: Day, within days: Int, township: String? = nil, department: String? = nil
    ) async throws -> Int {
        try await database.read { db in
            var query: SQLQueryString = """
                SELECT COUNT(*) AS n FROM assignments a WHERE a.county = \(bind: county) AND a.mode = 'entrusted'
                AND a.valid_to IS NOT NULL AND a.valid_to <= \(bind: day.adding(days: days).iso)
                """
            query = query + " AND " + Self.inForceClause(day, nil)
            if let township { query = query + " AND a.township = \(bind: township)" }
            if let department {
                query =
                    query
                    + " AND EXISTS (SELECT 1 FROM power_items p WHERE p.county = a.county AND p.code = a.item_code AND (p.department = \(bind: department) OR p.department IN (SELECT o.code FROM organizations o WHERE o.county = a.county AND o.name = \(bind: department))))"
            }
            return try await db.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func inForceClause(_ day: Day, _ knownAt: Date?) -> SQLQueryString {
        let valid: SQLQueryString =
            "valid_from <= \(bind: day.iso) AND (valid_to IS NULL OR valid_to > \(bind: day.iso))"
        guard let knownAt else { return valid + " AND superseded_at IS NULL" }
        return valid
            + " AND recorded_at <= \(bind: knownAt.micros) AND (superseded_at IS NULL OR superseded_at > \(bind: knownAt.micros))"
    }

    /// The entries a query selects (`SELECT *` from `assignments`).
    static func assignments(_ query: SQLQueryString, on db: any SQLDatabase) async throws -> [Assignment] {
        try await db.raw(query).all().compactMap { try AssignmentRow(row: $0).assignment }
    }

    static func current(county: String, township: RegionCode, on db: any SQLDatabase) async throws -> [Assignment] {
        try await Self.assignments(
            """
            SELECT * FROM assignments WHERE county = \(bind: county) AND township = \(bind: township.value)
            AND superseded_at IS NULL
            """, on: db
        )
    }

    static func write(_ mutation: ListMutation, county: String, at: Date, on db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: mutation.superseded.count, by: 500) {
            let ids = Array(mutation.superseded[start..<min(start + 500, mutation.superseded.count)])
            try await db.update("assignments").set("superseded_at", to: at.micros).where("county", .equal, county)
                .where("id", .in, ids).where("superseded_at", .is, SQLLiteral.null).run()
        }
        try await db.insertRows(into: "assignments", mutation.inserted.map(AssignmentRow.init), columnsPerRow: 16)
    }
}
