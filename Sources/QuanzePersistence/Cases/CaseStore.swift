import Foundation
import QuanzeDomain
import SQLKit

struct CaseRow: Codable, Sendable {
    var county: String
    var source: String
    var externalId: String
    var sourceVersion: Int64
    var itemCode: String
    var township: String
    var handler: String
    var kind: String
    var receivedOn: String
    var dueOn: String?
    var closedOn: String?
    var satisfaction: Int?
    var officers: Int?
    var legalReview: Int?
    var fullRecord: Int?
    var month: String
    var recordedAt: Int64

    init(_ r: CaseRecord, at now: Date) {
        county = r.county
        source = r.source
        externalId = r.externalId
        sourceVersion = r.sourceVersion.micros
        itemCode = r.itemCode
        township = r.township
        handler = r.handler.rawValue
        kind = r.kind.rawValue
        receivedOn = r.receivedOn.iso
        dueOn = r.dueOn?.iso
        closedOn = r.closedOn?.iso
        satisfaction = r.satisfaction
        officers = r.officers
        legalReview = r.legalReview.map { $0 ? 1 : 0 }
        fullRecord = r.fullRecord.map { $0 ? 1 : 0 }
        month = r.month
        recordedAt = now.micros
    }

    var record: CaseRecord? {
        guard let handler = CaseRecord.Handler(rawValue: handler), let kind = CaseRecord.Kind(rawValue: kind),
            let received = Day(iso: receivedOn)
        else { return nil }
        return CaseRecord(
            county: county, source: source, externalId: externalId, sourceVersion: Date(micros: sourceVersion),
            itemCode: itemCode, township: township, handler: handler, kind: kind, receivedOn: received,
            dueOn: dueOn.flatMap(Day.init(iso:)), closedOn: closedOn.flatMap(Day.init(iso:)),
            satisfaction: satisfaction,
            officers: officers, legalReview: legalReview.map { $0 != 0 }, fullRecord: fullRecord.map { $0 != 0 })
    }
}

/// What an ingest did with each record of a batch.
public struct IngestResult: Codable, Sendable, Equatable {
    public struct Accepted: Codable, Sendable, Equatable {
        public var index: Int
        public var externalId: String
        /// created, updated, or unchanged (an older or equal source version: kept as it was).
        public var outcome: String
    }

    public struct Rejected: Codable, Sendable, Equatable {
        public var index: Int
        public var externalId: String?
        public var reason: String

        public init(index: Int, externalId: String?, reason: String) {
            self.index = index
            self.externalId = externalId
            self.reason = reason
        }
    }

    public var accepted: [Accepted]
    public var rejected: [Rejected]
}

/// Case records and the indicator cells they feed. One ingest batch is one transaction: the records, the cells
/// they change and one audit entry are committed together (SQLite `synchronous=FULL`), so an acknowledged batch is
/// durable and visible in the indicators at once.
public struct CaseStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Ingests a batch. `preRejected` are records the caller could not even parse (index → reason).
    public func ingest(
        _ records: [(index: Int, record: CaseRecord)], preRejected: [IngestResult.Rejected] = [], county: String,
        scope: Set<String>?, actor: Actor, today: Day, at now: Date
    ) async throws -> IngestResult {
        try await database.transaction { db in
            try await Self.ingest(
                records, preRejected: preRejected, county: county, scope: scope, actor: actor, today: today, at: now,
                on: db)
        }
    }

    static func ingest(
        _ records: [(index: Int, record: CaseRecord)], preRejected: [IngestResult.Rejected], county: String,
        scope: Set<String>?, actor: Actor, today: Day, at now: Date, on db: any SQLDatabase
    ) async throws -> IngestResult {
        var rejected = preRejected
        var accepted: [IngestResult.Accepted] = []
        let codes = Array(Set(records.map(\.record.itemCode)))
        let items = Dictionary(
            try await ItemStore.items(county: county, codes: codes, on: db).map { ($0.code, $0) },
            uniquingKeysWith: { a, _ in a })
        let townships = Set(
            try await db.raw("SELECT code FROM regions WHERE county = \(bind: county) AND level = 'township'").all().map
            {
                try $0.decode(column: "code", as: String.self)
            })
        let calendar = try await HolidayStore.calendar(on: db)
        var seen = Set<String>()
        var valid: [(Int, CaseRecord)] = []
        for (index, record) in records {
            if let why = CaseValidation.check(
                record, knownItems: Set(items.keys), knownTownships: townships, scope: scope)
            {
                rejected.append(.init(index: index, externalId: record.externalId, reason: why.message))
            } else if !seen.insert(record.source + "\u{1}" + record.externalId).inserted {
                rejected.append(
                    .init(
                        index: index, externalId: record.externalId,
                        reason: CaseRejection.duplicateInBatch(record.externalId).message))
            } else {
                valid.append((index, record))
            }
        }
        // Existing versions of the same records.
        var existing: [String: CaseRecord] = [:]
        // By (county, source, external id): the primary key, so the lookup does not grow with the table.
        for (source, group) in Dictionary(grouping: valid, by: \.1.source) {
            for chunk in stride(from: 0, to: group.count, by: 500).map({ Array(group[$0..<min($0 + 500, group.count)]) }
            ) {
                let ids = chunk.map(\.1.externalId)
                let rows = try await db.rows(
                    """
                    SELECT * FROM case_records WHERE county = \(bind: county) AND source = \(bind: source)
                    AND external_id IN (\(binds: ids))
                    """, as: CaseRow.self)
                for row in rows { if let r = row.record { existing[r.source + "\u{1}" + r.externalId] = r } }
            }
        }
        var deltas: [String: IndicatorCell] = [:]
        func due(_ r: CaseRecord) -> Day? {
            let item = items[r.itemCode]
            return CaseDue.due(r, limit: item?.promisedLimit ?? item?.statutoryLimit, calendar: calendar)
        }
        func add(_ r: CaseRecord, sign: Int) {
            let due = r.dueOn ?? due(r)
            let key = "\(r.township)|\(r.itemCode)|\(r.month)"
            var cell =
                deltas[key] ?? IndicatorCell(county: county, township: r.township, itemCode: r.itemCode, month: r.month)
            cell.apply(r, due: due, sign: sign)
            deltas[key] = cell
        }
        var writes: [CaseRow] = []
        for (index, record) in valid {
            let key = record.source + "\u{1}" + record.externalId
            if let old = existing[key] {
                guard old.sourceVersion < record.sourceVersion else {
                    accepted.append(.init(index: index, externalId: record.externalId, outcome: "unchanged"))
                    continue
                }
                add(old, sign: -1)
                accepted.append(.init(index: index, externalId: record.externalId, outcome: "updated"))
            } else {
                accepted.append(.init(index: index, externalId: record.externalId, outcome: "created"))
            }
            add(record, sign: 1)
            // The due day is stored as computed, so open records past it are found when read (`openOverdue`).
            var stored = record
            stored.dueOn = due(record)
            writes.append(CaseRow(stored, at: now))
        }
        try await db.insertRows(
            into: "case_records", writes, upsertKeys: ["county", "source", "external_id"], columnsPerRow: 17)
        try await Self.addCells(Array(deltas.values), county: county, on: db)
        try await AuditStore.append(
            AuditEvent(
                county: county, actor: actor, at: now, action: "cases.ingest",
                subject: "\(records.count + preRejected.count) 条",
                detail:
                    "接收 \(accepted.count) 条（新增 \(accepted.filter { $0.outcome == "created" }.count)、更新 \(accepted.filter { $0.outcome == "updated" }.count)），拒收 \(rejected.count) 条",
                after: writes.map { "\($0.source)/\($0.externalId)@\($0.sourceVersion)" }.joined(separator: ",")),
            on: db)
        return IngestResult(accepted: accepted, rejected: rejected.sorted { $0.index < $1.index })
    }

    /// Adds deltas to the stored cells with one additive upsert per chunk (`… ON CONFLICT DO UPDATE SET volume =
    /// indicator_cells.volume + excluded.volume …`): no read, so concurrent batches on PostgreSQL neither lose counts
    /// nor deadlock on a read-then-write.
    static func addCells(_ deltas: [IndicatorCell], county: String, on db: any SQLDatabase) async throws {
        let sorted = deltas.sorted { $0.key < $1.key }  // a stable lock order across concurrent batches
        let columns = [
            "volume", "closed", "on_time", "overdue", "duration_days", "satisfaction_sum", "satisfaction_count",
            "by_department",
        ]
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let chunk = sorted[start..<min(start + 500, sorted.count)]
            var query: SQLQueryString = """
                INSERT INTO indicator_cells (county, township, item_code, month, volume, closed, on_time, overdue,
                duration_days, satisfaction_sum, satisfaction_count, by_department) VALUES
                """
            for (n, c) in chunk.enumerated() {
                let values: SQLQueryString = """
                    (\(bind: county), \(bind: c.township), \(bind: c.itemCode), \(bind: c.month), \(bind: c.volume),
                    \(bind: c.closed), \(bind: c.onTime), \(bind: c.overdue), \(bind: c.durationDays),
                    \(bind: c.satisfactionSum), \(bind: c.satisfactionCount), \(bind: c.byDepartment))
                    """
                query = query + (n == 0 ? " " : ", ") + values
            }
            let updates = columns.map { "\($0) = indicator_cells.\($0) + excluded.\($0)" }.joined(separator: ", ")
            query = query + " ON CONFLICT (county, township, item_code, month) DO UPDATE SET \(unsafeRaw: updates)"
            try await db.raw(query).run()
        }
    }

    /// Indicator cells in a month range, optionally of one township or item.
    public func cells(county: String, from: String, to: String, township: String? = nil, item: String? = nil)
        async throws -> [IndicatorCell]
    {
        try await database.read { db in
            var q: SQLQueryString =
                "SELECT * FROM indicator_cells WHERE county = \(bind: county) AND month >= \(bind: from) AND month <= \(bind: to)"
            if let township { q = "\(q) AND township = \(bind: township)" }
            if let item { q = "\(q) AND item_code = \(bind: item)" }
            return try await db.rows("\(q) ORDER BY township, item_code, month", as: IndicatorCell.self)
        }
    }

    /// Open records past their due day on `today` (counted when read: they become late without a new event).
    public func openOverdue(county: String, today: Day, township: String? = nil) async throws -> Int {
        try await database.read { db in
            var q: SQLQueryString =
                "SELECT COUNT(*) AS n FROM case_records WHERE county = \(bind: county) AND closed_on IS NULL AND due_on IS NOT NULL AND due_on < \(bind: today.iso)"
            if let township { q = "\(q) AND township = \(bind: township)" }
            return try await db.raw(q).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func count(county: String) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM case_records WHERE county = \(bind: county)").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
    }

    // MARK: idempotency

    /// A client's `Idempotency-Key`, kept per token for 24 hours with the hash of the body it came with.
    public struct IdempotencyKey: Sendable {
        public var token: String
        public var key: String
        public var bodyHash: String

        public init(token: String, key: String, bodyHash: String) {
            self.token = token
            self.key = key
            self.bodyHash = bodyHash
        }
    }

    /// The same key with a different body.
    public struct KeyReused: Error, Equatable, Sendable {
        public var key: String
        public var message: String { "Idempotency-Key “\(key)”已用于另一批不同的数据" }
    }

    /// Ingests once per idempotency key: a replay (same key, same body, within 24 h) returns the stored answer and
    /// writes nothing; the same key with another body is refused. The key is stored in the batch's transaction.
    public func ingestOnce(
        _ records: [(index: Int, record: CaseRecord)], preRejected: [IngestResult.Rejected], county: String,
        scope: Set<String>?, actor: Actor, today: Day, at now: Date, idempotency: IdempotencyKey?
    ) async throws -> (result: IngestResult, replayed: Bool) {
        try await database.transaction { db in
            if let idem = idempotency {
                if db.dialect.name == "postgresql" {
                    try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "idem:" + idem.token + idem.key)))")
                        .run()
                }
                if let row = try await db.raw(
                    """
                    SELECT body_hash, response, created_at FROM idempotency_keys WHERE county = \(bind: county)
                    AND token_id = \(bind: idem.token) AND key = \(bind: idem.key)
                    """
                ).first(), now.micros - (try row.decode(column: "created_at", as: Int64.self)) < 86_400_000_000 {
                    guard try row.decode(column: "body_hash", as: String.self) == idem.bodyHash else {
                        throw KeyReused(key: idem.key)
                    }
                    let stored = try row.decode(column: "response", as: String.self)
                    return (try JSONDecoder().decode(IngestResult.self, from: Data(stored.utf8)), true)
                }
            }
            let result = try await Self.ingest(
                records, preRejected: preRejected, county: county, scope: scope, actor: actor, today: today, at: now,
                on: db)
            if let idem = idempotency {
                let body = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
                try await db.raw(
                    """
                    DELETE FROM idempotency_keys WHERE county = \(bind: county) AND token_id = \(bind: idem.token)
                    AND key = \(bind: idem.key)
                    """
                ).run()
                try await db.raw(
                    """
                    INSERT INTO idempotency_keys (county, token_id, key, body_hash, status, response, created_at)
                    VALUES (\(bind: county), \(bind: idem.token), \(bind: idem.key), \(bind: idem.bodyHash), 200,
                    \(bind: body), \(bind: now.micros))
                    """
                ).run()
            }
            return (result, false)
        }
    }
}

/// A staff CSV upload with problems: every row's reason, and nothing written.
public struct CaseImportRefused: Error, Sendable {
    public var issues: [ImportIssue]
}

extension CaseStore {
    /// Imports uploaded rows all or nothing: any unreadable or rejected row rolls the whole file back and is
    /// reported with its line number.
    public func importFile(
        _ rows: [(line: Int, record: CaseRecord)], issues: [ImportIssue], county: String, scope: Set<String>?,
        actor: Actor, today: Day, at now: Date
    ) async throws -> IngestResult {
        guard issues.isEmpty else { throw CaseImportRefused(issues: issues) }
        return try await database.transaction { db in
            let result = try await Self.ingest(
                rows.map { ($0.line, $0.record) }, preRejected: [], county: county, scope: scope, actor: actor,
                today: today, at: now, on: db)
            guard result.rejected.isEmpty else {
                throw CaseImportRefused(
                    issues: result.rejected.map { ImportIssue(line: $0.index, message: $0.reason) })
            }
            return result
        }
    }
}
