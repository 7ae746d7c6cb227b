import Foundation
import QuanzeDomain
import SQLKit

/// The kinds of lifecycle records, each a domain value stored whole (JSON) with the columns work lists filter on.
public enum DelegationRecordKind: String, Sendable {
    case proposal, order, agreement, delegation
}

/// A lifecycle value the store can keep.
public protocol DelegationRecord: Codable, Sendable {
    static var kind: DelegationRecordKind { get }
    var id: String { get }
    var county: String { get }
    var recordState: String { get }
    var recordUnit: String? { get }
    var recordDepartment: String? { get }
    var recordItem: String? { get }
}

extension Proposal: DelegationRecord {
    public static var kind: DelegationRecordKind { .proposal }
    public var recordState: String { state.rawValue }
    public var recordUnit: String? { nil }
    public var recordDepartment: String? { department }
    public var recordItem: String? { itemCode }
}

extension Order: DelegationRecord {
    public static var kind: DelegationRecordKind { .order }
    public var recordState: String { isDecided ? "decided" : "pending" }
    public var recordUnit: String? { unit }
    public var recordDepartment: String? { nil }
    public var recordItem: String? { nil }
}

extension Agreement: DelegationRecord {
    public static var kind: DelegationRecordKind { .agreement }
    public var recordState: String { state.rawValue }
    /// A 委托书's township and department; a 赋权决定 may cover many (none is recorded).
    public var recordUnit: String? { units.count == 1 ? unit : nil }
    public var recordDepartment: String? { departments.count == 1 ? department : nil }
    public var recordItem: String? { lines.count == 1 ? lines[0].itemCode : nil }
}

extension Delegation: DelegationRecord {
    public static var kind: DelegationRecordKind { .delegation }
    public var recordState: String { state.rawValue }
    public var recordUnit: String? { unit }
    public var recordDepartment: String? { department }
    public var recordItem: String? { itemCode }
}

struct DelegationRow: Codable, Sendable {
    var county: String
    var kind: String
    var id: String
    var state: String
    var unit: String?
    var department: String?
    var itemCode: String?
    var payload: String
    var updatedAt: Int64
    /// A delegation's terms, which the analysis reads without the JSON (M052); nil for the other kinds.
    var mode: String? = nil
    var effectiveOn: String? = nil
    var transitionEnds: String? = nil
    var termEnds: String? = nil
    var evaluationMonths: Int? = nil
    var evaluationsFrom: String? = nil
    var lastEvaluation: String? = nil
}

/// Reads and writes lifecycle records. Writes happen inside `DelegationService`'s transactions.
public struct DelegationStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func find<T: DelegationRecord>(_ type: T.Type, county: String, id: String) async throws -> T? {
        try await database.read { db in try await Self.find(type, county: county, id: id, on: db) }
    }

    static func find<T: DelegationRecord>(_ type: T.Type, county: String, id: String, on db: any SQLDatabase)
        async throws -> T?
    {
        try await findStored(type, county: county, id: id, on: db)?.record
    }

    /// A record with the JSON text it is stored as (the canonical text its audit entries digest).
    static func findStored<T: DelegationRecord>(_ type: T.Type, county: String, id: String, on db: any SQLDatabase)
        async throws -> (record: T, payload: String)?
    {
        try await db.raw(
            """
            SELECT id, payload FROM delegation_records WHERE county = \(bind: county)
            AND kind = \(bind: T.kind.rawValue) AND id = \(bind: id)
            """
        ).first().map { row in
            let payload = try row.decode(column: "payload", as: String.self)
            return (try decoded(T.self, county: county, id: id, payload: payload), payload)
        }
    }

    /// A stored record's value, from `DecodedRecords` while its text is the one it was decoded from.
    static func decoded<T: DelegationRecord>(_ type: T.Type, county: String, id: String, payload: String) throws -> T {
        try DecodedRecords.shared.record(T.self, key: county + "/" + T.kind.rawValue + "/" + id, text: payload)
    }

    /// The records of a kind, filtered on their columns. `sharedWith` keeps, besides the records of that unit and
    /// item, those that cover several (a 赋权决定 of many townships has no unit column): the caller then checks their
    /// lines — without it, reading one township's documents decoded every document of the county. Oldest first.
    public func list<T: DelegationRecord>(
        _ type: T.Type, county: String, states: [String]? = nil, unit: String? = nil, department: String? = nil,
        item: String? = nil, sharedWith: (unit: String?, item: String?)? = nil
    ) async throws -> [T] {
        try await database.read { db in
            try await Self.list(
                type, county: county, states: states, unit: unit, department: department, item: item,
                sharedWith: sharedWith, on: db)
        }
    }

    static func list<T: DelegationRecord>(
        _ type: T.Type, county: String, states: [String]? = nil, unit: String? = nil, department: String? = nil,
        item: String? = nil, sharedWith: (unit: String?, item: String?)? = nil, on db: any SQLDatabase
    ) async throws -> [T] {
        var query: SQLQueryString =
            "SELECT id, payload FROM delegation_records WHERE county = \(bind: county) AND kind = \(bind: T.kind.rawValue)"
        if let states { query = "\(query) AND state IN (\(binds: states))" }
        if let unit { query = "\(query) AND unit = \(bind: unit)" }
        if let department { query = "\(query) AND department = \(bind: department)" }
        if let item { query = "\(query) AND item_code = \(bind: item)" }
        if let shared = sharedWith?.unit { query = "\(query) AND (unit = \(bind: shared) OR unit IS NULL)" }
        if let shared = sharedWith?.item { query = "\(query) AND (item_code = \(bind: shared) OR item_code IS NULL)" }
        // Decoded by hand: the rows are many, and only two columns are needed.
        return try await db.raw("\(query) ORDER BY id").all().map { row in
            try decoded(
                T.self, county: county, id: try row.decode(column: "id", as: String.self),
                payload: try row.decode(column: "payload", as: String.self))
        }
    }

    /// The terms of a county's delegations in a state (`Delegation.Terms`), oldest first: the analysis's read. It
    /// reads the terms' own columns (M052), not the record's JSON, and keeps nothing (a province round would only
    /// churn the record cache). The columns come as one text, as a read of indicator cells does
    /// (`IndicatorCell.selection`): mode, state, days and the unit's code cannot hold the separator; the item's code
    /// comes last, the rest of the text.
    public func terms(county: String, state: Delegation.State) async throws -> [Delegation.Terms] {
        try await database.read { db in
            try await db.raw(Self.termsQuery(county: county, state: state)).all().map { row in
                let text = try row.decode(column: "terms", as: String.self)
                let f = PackedText.fields(text, maxSplits: 9)
                func day(_ i: Int) throws -> Day? {
                    guard !f[i].isEmpty else { return nil }
                    guard let day = Day(iso: f[i]) else { throw StoredTermsError(text: text) }
                    return day
                }
                guard f.count == 10, let mode = DelegationMode(rawValue: String(f[0])),
                    let state = Delegation.State(rawValue: String(f[1])), let effectiveOn = try day(2),
                    let transitionEnds = try day(3), f[5].isEmpty || Int(f[5]) != nil
                else { throw StoredTermsError(text: text) }
                return Delegation.Terms(
                    unit: String(f[8]), itemCode: String(f[9]), mode: mode, state: state,
                    effectiveOn: effectiveOn, transitionEnds: transitionEnds, termEnds: try day(4),
                    evaluationMonths: Int(f[5]), evaluationsFrom: try day(6), lastEvaluation: try day(7))
            }
        }
    }

    /// The query of `terms`: every column it reads is in the index `delegation_records_terms` (M053), so the rows'
    /// JSON is not read.
    static func termsQuery(county: String, state: Delegation.State) -> SQLQueryString {
        """
        SELECT mode || '|' || state || '|' || effective_on || '|' || transition_ends || '|'
          || COALESCE(term_ends, '') || '|' || COALESCE(CAST(evaluation_months AS TEXT), '') || '|'
          || COALESCE(evaluations_from, '') || '|' || COALESCE(last_evaluation, '') || '|' || unit || '|'
          || item_code AS terms
        FROM delegation_records WHERE county = \(bind: county)
        AND kind = \(bind: Delegation.kind.rawValue) AND state = \(bind: state.rawValue) ORDER BY id
        """
    }

    /// The number of running delegations of each county that has any (what a province round orders counties by).
    public func runningCounts() async throws -> [String: Int] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT county, COUNT(*) AS n FROM delegation_records WHERE kind = \(bind: Delegation.kind.rawValue)
                AND state = \(bind: Delegation.State.active.rawValue) GROUP BY county
                """
            ).all().reduce(into: [:]) {
                $0[try $1.decode(column: "county", as: String.self)] = try $1.decode(column: "n", as: Int.self)
            }
        }
    }

    /// A delegation's stored terms that do not read back (a row written outside the store).
    struct StoredTermsError: Error, CustomStringConvertible {
        var text: String
        var description: String { "delegation terms not readable: \(text.prefix(200))" }
    }

    /// The row a record is stored as: its JSON text and the columns work lists filter on.
    static func row<T: DelegationRecord>(_ record: T, at now: Date) throws -> DelegationRow {
        var row = DelegationRow(
            county: record.county, kind: T.kind.rawValue, id: record.id, state: record.recordState,
            unit: record.recordUnit, department: record.recordDepartment, itemCode: record.recordItem,
            payload: try RecordJSON.text(record), updatedAt: now.micros)
        if let d = record as? Delegation {
            row.mode = d.mode.rawValue
            row.effectiveOn = d.effectiveOn.iso
            row.transitionEnds = d.transitionEnds.iso
            row.termEnds = d.termEnds?.iso
            row.evaluationMonths = d.evaluationMonths
            row.evaluationsFrom = d.evaluationsFrom?.iso
            row.lastEvaluation = d.lastEvaluation?.iso
        }
        return row
    }

    /// Inserts or replaces records (inside the caller's transaction), at most one row per record.
    static func save(_ rows: [DelegationRow], on db: any SQLDatabase) async throws {
        try await db.insertRows(
            into: "delegation_records", rows, upsertKeys: ["county", "kind", "id"], columnsPerRow: 16)
    }

    /// How many records of a kind a county has (ids are numbered in order, none deleted).
    static func count(_ kind: DelegationRecordKind, county: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM delegation_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The readable id of the `number`th record of a kind: P-0001, O-0001, A-0001, G-0001.
    static func readableId(_ kind: DelegationRecordKind, _ number: Int) -> String {
        let prefix: String
        switch kind {
        case .proposal: prefix = "P"
        case .order: prefix = "O"
        case .agreement: prefix = "A"
        case .delegation: prefix = "G"
        }
        return prefix + "-" + String(format: "%04d", number)
    }

    // MARK: provincial catalogues

    public func catalogue(county: String, decision: String) async throws -> ProvincialCatalogue {
        try await database.read { db in try await Self.catalogue(county: county, decision: decision, on: db) }
    }

    static func catalogue(county: String, decision: String, on db: any SQLDatabase) async throws -> ProvincialCatalogue
    {
        let codes = try await db.raw(
            "SELECT item_code FROM catalogue_items WHERE county = \(bind: county) AND decision = \(bind: decision)"
        ).all().map { try $0.decode(column: "item_code", as: String.self) }
        return ProvincialCatalogue(decision: decision, itemCodes: Set(codes))
    }

    /// The provincial grant catalogues registered for a county (decisions of kind provincial-catalogue).
    public func catalogueDecisions(county: String) async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                "SELECT DISTINCT decision FROM catalogue_items WHERE county = \(bind: county) ORDER BY decision"
            ).all().map { try $0.decode(column: "decision", as: String.self) }
        }
    }

    /// Records which items a provincial catalogue allows (with its audit entry).
    public func saveCatalogue(_ catalogue: ProvincialCatalogue, county: String, by actor: Actor, at now: Date)
        async throws
    {
        try await database.transaction { db in
            try await Self.saveCatalogue(catalogue, county: county, by: actor, at: now, on: db)
        }
    }

    /// The same inside a caller's transaction (the catalogue import registers the decision with it).
    static func saveCatalogue(
        _ catalogue: ProvincialCatalogue, county: String, by actor: Actor, at now: Date, on db: any SQLDatabase
    ) async throws {
        struct Row: Codable, Sendable {
            var county: String
            var decision: String
            var itemCode: String
        }
        try await db.insertRows(
            into: "catalogue_items",
            catalogue.itemCodes.sorted().map { Row(county: county, decision: catalogue.decision, itemCode: $0) },
            upsertKeys: ["county", "decision", "item_code"], columnsPerRow: 3)
        try await AuditStore.append(
            AuditEvent(
                county: county, actor: actor, at: now, action: "catalogue.save", subject: catalogue.decision,
                detail: "登记省级赋权目录事项 \(catalogue.itemCodes.count) 项",
                after: catalogue.itemCodes.sorted().joined(separator: ",")), on: db)
    }

    /// How many items each registered catalogue of a county allows, by 文号.
    public func catalogueCounts(county: String) async throws -> [String: Int] {
        try await database.read { db in
            var out: [String: Int] = [:]
            for row in try await db.raw(
                """
                SELECT decision AS d, COUNT(*) AS n FROM catalogue_items WHERE county = \(bind: county)
                GROUP BY decision
                """
            ).all() {
                out[try row.decode(column: "d", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return out
        }
    }

    /// The items that stand in any provincial catalogue registered for a county: what may be granted there.
    static func cataloguedItems(county: String, on db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw(
                "SELECT DISTINCT item_code FROM catalogue_items WHERE county = \(bind: county)"
            ).all().map { try $0.decode(column: "item_code", as: String.self) })
    }
}
