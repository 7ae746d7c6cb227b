import Foundation
import QuanzeDomain
import SQLKit

/// The columns of `case_records`, in the order `CaseStore` writes them.
let caseColumns = [
    "county", "source", "external_id", "source_version", "item_code", "township", "handler", "kind", "received_on",
    "due_on", "closed_on", "satisfaction", "officers", "legal_review", "full_record", "month", "recorded_at",
    "officer_ids", "review_triggers", "filed_on", "extended_to", "extension_days", "extension_approved",
    "compliance_checked", "compliance_broken",
]

/// A stored list (officer ids, 法制审核 triggers): entries joined by `;`, the empty list as `none`.
func storedList(_ list: [String]?) -> String? { list.map { $0.isEmpty ? "none" : $0.joined(separator: ";") } }
func readList(_ text: String?) -> [String]? {
    text.map { $0 == "none" ? [] : $0.split(separator: ";").map(String.init) }
}

extension IndicatorCell {
    /// The stored counts of a cell, in the order `init(row:)` reads them from `counts`.
    static let countColumns =
        [
            "volume", "closed", "on_time", "overdue", "duration_days", "satisfaction_sum", "satisfaction_count",
            "by_department",
        ] + ComplianceCounts.columns

    /// What a read of cells selects: the cell's key, and its 20 counts joined by commas into one text column. A
    /// county's analysis reads some 23,000 cells; decoding each count by column name through SQLKit's generic
    /// decoder was a fifth of the analysis (perf, 30 counties of the generated Sichuan); parsing one text column
    /// here is a small part of it.
    static let selection = "county, township, item_code, month, " + packed { $0 } + " AS counts"

    /// The columns of the counts the suggestion rules read (`IndicatorCell.analysed`), in the order of
    /// `countColumns`: what `CaseStore.sums` adds up.
    static let analysedColumns =
        ["volume", "overdue", "by_department", "compliance_cases", "non_compliant"]
        + ComplianceCheck.allCases.map { "\($0.column)_broken" }
    /// Where each of `analysedColumns` stands in `countColumns`.
    static let analysedPositions = analysedColumns.map { countColumns.firstIndex(of: $0)! }

    /// The counts as one text column, each count `expression(column)` (a column, or its sum).
    static func packed(_ columns: [String] = countColumns, _ expression: (String) -> String) -> String {
        columns.map { "CAST(\(expression($0)) AS TEXT)" }.joined(separator: " || ',' || ")
    }

    /// A stored cell as `selection` reads it.
    init(row: any SQLRow) throws {
        self.init(
            county: try row.decode(column: "county", as: String.self),
            township: try row.decode(column: "township", as: String.self),
            itemCode: try row.decode(column: "item_code", as: String.self),
            month: try row.decode(column: "month", as: String.self))
        try set(counts: row.decode(column: "counts", as: String.self), positions: nil)
    }

    /// Sets the counts from `counts` as `packed` writes them: whole numbers joined by commas, those of
    /// `countColumns`, or with `positions` only the counts at those positions of it (`analysedPositions`), the
    /// others zero.
    mutating func set(counts text: some StringProtocol, positions: [Int]?) throws {
        var counts: [Int] = []
        counts.reserveCapacity(Self.countColumns.count)
        var value = 0
        var negative = false
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 18 else { throw CellCountsError(text: String(text)) }
                value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: "-") where digits == 0 && !negative: negative = true
            case UInt8(ascii: ","):
                guard digits > 0 else { throw CellCountsError(text: String(text)) }
                counts.append(negative ? -value : value)
                (value, negative, digits) = (0, false, 0)
            default: throw CellCountsError(text: String(text))
            }
        }
        guard digits > 0 else { throw CellCountsError(text: String(text)) }
        counts.append(negative ? -value : value)
        guard counts.count == positions?.count ?? Self.countColumns.count else {
            throw CellCountsError(text: String(text))
        }
        if let positions {
            var all = [Int](repeating: 0, count: Self.countColumns.count)
            for (position, value) in zip(positions, counts) { all[position] = value }
            counts = all
        }
        (volume, closed, onTime, overdue) = (counts[0], counts[1], counts[2], counts[3])
        (durationDays, satisfactionSum, satisfactionCount, byDepartment) = (counts[4], counts[5], counts[6], counts[7])
        compliance = ComplianceCounts(values: Array(counts[8...]))
    }
}

/// A cell's `counts` column that is not the whole numbers of its columns (a schema out of step with the code).
struct CellCountsError: Error, CustomStringConvertible {
    var text: String
    var description: String { "indicator cell counts not readable: \(text.prefix(200))" }
}

extension CaseRecord {
    /// The record's values for `caseColumns` (the due day as fixed by `CaseBatch.prepare`).
    /// The record's values for SQLite's multi-row insert: the client's texts bound, the values this code formats
    /// (numbers, days, enum codes) written inline (`SQLInline`).
    func columnValues(recordedAt: Int64) -> [any SQLExpression] {
        typealias I = SQLInline
        func bound(_ v: String?) -> any SQLExpression { v.map { SQLBind($0) } ?? SQLLiteral.null }
        return [
            I.text(county), bound(source), bound(externalId), I.int(sourceVersion.micros), bound(itemCode),
            bound(township), I.text(handler.rawValue), I.text(kind.rawValue), I.text(receivedOn.iso),
            I.text(dueOn?.iso), I.text(closedOn?.iso), I.int(satisfaction), I.int(officers),
            I.int(legalReview.map { $0 ? 1 : 0 }), I.int(fullRecord.map { $0 ? 1 : 0 }), I.text(month),
            I.int(recordedAt), bound(storedList(officerIds)), I.text(storedList(reviewTriggers?.map(\.rawValue))),
            I.text(filedOn?.iso), I.text(extendedTo?.iso), I.int(extensionDays),
            I.int(extensionApproved.map { $0 ? 1 : 0 }), I.int(compliance?.checked), I.int(compliance?.broken),
        ]
    }

    /// A stored record (the columns of `CaseStore.storedColumns`), decoded by hand.
    init?(row: any SQLRow, county: String) throws {
        func text(_ c: String) throws -> String? { try row.decode(column: c, as: String?.self) }
        func int(_ c: String) throws -> Int? { try row.decode(column: c, as: Int?.self) }
        guard let handler = Handler(rawValue: try row.decode(column: "handler", as: String.self)),
            let kind = Kind(rawValue: try row.decode(column: "kind", as: String.self)),
            let received = Day(iso: try row.decode(column: "received_on", as: String.self))
        else { return nil }
        self.init(
            county: county, source: try row.decode(column: "source", as: String.self),
            externalId: try row.decode(column: "external_id", as: String.self),
            sourceVersion: Date(micros: try row.decode(column: "source_version", as: Int64.self)),
            itemCode: try row.decode(column: "item_code", as: String.self),
            township: try row.decode(column: "township", as: String.self), handler: handler, kind: kind,
            receivedOn: received, dueOn: try text("due_on").flatMap(Day.init(iso:)),
            closedOn: try text("closed_on").flatMap(Day.init(iso:)), satisfaction: try int("satisfaction"),
            officers: try int("officers"), legalReview: try int("legal_review").map { $0 != 0 },
            fullRecord: try int("full_record").map { $0 != 0 }, officerIds: readList(try text("officer_ids")),
            reviewTriggers: readList(try text("review_triggers"))?.compactMap(LegalReviewTrigger.init(rawValue:)),
            filedOn: try text("filed_on").flatMap(Day.init(iso:)),
            extendedTo: try text("extended_to").flatMap(Day.init(iso:)), extensionDays: try int("extension_days"),
            extensionApproved: try int("extension_approved").map { $0 != 0 })
        if let checked = try int("compliance_checked") {
            compliance = CaseCompliance(checked: checked, broken: try int("compliance_broken") ?? 0)
        }
    }
}

/// Case records and the indicator cells they feed. An ingest reads the reference data and checks the batch first
/// (on a reader, in parallel with other batches), then, in one transaction, looks up the stored versions, writes
/// the records, adds the indicator deltas and appends one audit entry (SQLite `synchronous=FULL`), so an
/// acknowledged batch is durable and visible in the indicators at once.
public struct CaseStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// The county's item codes, limits and categories among `codes`, its townships, the holiday calendar, and the
    /// 执法证 of the `staff` named as officers.
    public func reference(county: String, codes: Set<String>, staff: Set<String> = []) async throws -> CaseReference {
        try await database.read { db in
            var items = Set<String>()
            var limits: [String: TimeLimit] = [:]
            var categories: [String: ItemCategory] = [:]
            let list = Array(codes)
            for start in stride(from: 0, to: list.count, by: 500) {
                let chunk = Array(list[start..<min(start + 500, list.count)])
                for row in try await db.raw(
                    """
                    SELECT code, category, statutory_limit, promised_limit FROM power_items WHERE county = \(bind: county)
                    AND code IN (\(binds: chunk))
                    """
                ).all() {
                    let code = try row.decode(column: "code", as: String.self)
                    items.insert(code)
                    categories[code] = ItemCategory(rawValue: try row.decode(column: "category", as: String.self))
                    let promised = try row.decode(column: "promised_limit", as: String?.self)
                    let statutory = try row.decode(column: "statutory_limit", as: String?.self)
                    if let limit = promised.flatMap(TimeLimit.init(parsing:))
                        ?? statutory.flatMap(TimeLimit.init(parsing:))
                    {
                        limits[code] = limit
                    }
                }
            }
            let townships = Set(
                try await db.raw("SELECT code FROM regions WHERE county = \(bind: county) AND level = 'township'").all()
                    .map { try $0.decode(column: "code", as: String.self) })
            var certificates: [String: [Certificate]] = [:]
            let ids = staff.sorted()
            for start in stride(from: 0, to: ids.count, by: 500) {
                for row in try await db.raw(
                    """
                    SELECT staff_id, number, issued_on, expires_on FROM capacity_certificates
                    WHERE county = \(bind: county) AND kind = \(bind: Certificate.Kind.enforcement.code)
                    AND staff_id IN (\(binds: Array(ids[start..<min(start + 500, ids.count)])))
                    """
                ).all() {
                    let id = try row.decode(column: "staff_id", as: String.self)
                    guard let issued = Day(iso: try row.decode(column: "issued_on", as: String.self)) else { continue }
                    certificates[id, default: []].append(
                        Certificate(
                            staffId: id, kind: .enforcement, number: try row.decode(column: "number", as: String.self),
                            issuedOn: issued,
                            expiresOn: try row.decode(column: "expires_on", as: String?.self).flatMap(Day.init(iso:))))
                }
            }
            return CaseReference(
                items: items, limits: limits, townships: townships, calendar: try await HolidayStore.calendar(on: db),
                categories: categories, certificates: certificates)
        }
    }

    /// Checks a batch against the reference data (outside any write transaction).
    func prepare(_ records: [CaseBatch.Indexed], county: String, scope: Set<String>?, bounds: DateBounds) async throws
        -> (
            valid: [CaseBatch.Indexed], rejected: [IngestResult.Rejected]
        )
    {
        guard !records.isEmpty else { return ([], []) }
        var reference = try await reference(
            county: county, codes: Set(records.map(\.record.itemCode)),
            staff: Set(records.flatMap { $0.record.officerIds ?? [] }))
        reference.bounds = bounds
        return CaseBatch.prepare(records, reference: reference, scope: scope)
    }

    /// Ingests a batch in one transaction (the demo, the province generator: loaders nobody waits behind).
    /// `preRejected` are records the caller could not even read (index → reason).
    public func ingest(
        _ records: [CaseBatch.Indexed], preRejected: [IngestResult.Rejected] = [], county: String,
        scope: Set<String>?, actor: Actor, at now: Date, skewDays: Int = DateBounds.defaultSkewDays
    ) async throws -> IngestResult {
        try await ingest(
            records, preRejected: preRejected, county: county, scope: scope, actor: actor, at: now,
            idempotency: nil, skewDays: skewDays, partSize: .max
        ).result
    }

    /// The columns an update needs of a stored record.
    static let storedColumns =
        "source, external_id, source_version, item_code, township, handler, kind, received_on, due_on, closed_on, satisfaction, officers, legal_review, full_record, officer_ids, review_triggers, filed_on, extended_to, extension_days, extension_approved, compliance_checked, compliance_broken"

    /// The write half of an ingest, inside its transaction: merge with the stored versions, write, add the indicator
    /// deltas, audit.
    static func write(
        _ valid: [CaseBatch.Indexed], rejected: [IngestResult.Rejected], received: Int, county: String, actor: Actor,
        at now: Date, on db: any SQLDatabase
    ) async throws -> IngestResult {
        let merge = try await writeRecords(valid, county: county, at: now, on: db)
        let result = IngestResult(accepted: merge.accepted, rejected: rejected.sorted { $0.index < $1.index })
        try await audit(
            result, writes: merge.writes, received: received, part: nil, county: county, actor: actor, at: now, on: db)
        return result
    }

    /// The audit entry of the records one transaction wrote: a batch written in parts (`ingest(…partSize:)`) has one
    /// entry a part, `part` counting them from 1; the first one names the rejected records.
    static func audit(
        _ result: IngestResult, writes: [CaseRecord], received: Int, part: Int?, county: String, actor: Actor,
        at now: Date, on db: any SQLDatabase
    ) async throws {
        let written = "接收 \(result.accepted.count) 条（新增 \(result.count(.created))、更新 \(result.count(.updated))）"
        try await AuditStore.append(
            AuditEvent(
                county: county, actor: actor, at: now, action: "cases.ingest",
                subject: part.map { "\(received) 条，分批写入第 \($0) 部分" } ?? "\(received) 条",
                detail: part ?? 1 == 1 ? written + "，拒收 \(result.rejected.count) 条" : written,
                after: writes.map { "\($0.source)/\($0.externalId)@\($0.sourceVersion.micros)" }.joined(separator: ",")),
            on: db)
    }

    /// The records of a checked batch inside a write transaction: merged with the stored versions, written, and their
    /// deltas added to the indicator cells.
    static func writeRecords(_ valid: [CaseBatch.Indexed], county: String, at now: Date, on db: any SQLDatabase)
        async throws -> CaseBatch.Merge
    {
        let sources = Dictionary(grouping: valid, by: \.record.source)
        if db.dialect.name == "postgresql" {
            // Two concurrent batches with the same new record would both count it: batches of one source take turns
            // (locks in a fixed order, so batches with several sources cannot deadlock).
            for source in sources.keys.sorted() {
                try await db.lockForWrite("cases:" + county + ":" + source)
            }
        }
        // Stored versions, by (county, source, external id): the primary key, so the lookup does not grow with the table.
        var existing: [String: CaseRecord] = [:]
        for (source, group) in sources {
            var rows: [any SQLRow] = []
            if db.dialect.name == "postgresql" {
                // One probe of a key per id. A plain `IN (…)` is planned from the table's statistics; while
                // they are stale (a table that grew since autovacuum last analysed it) PostgreSQL scans every row of
                // the source and filters (measured: 86 ms per batch at 300,000 rows, instead of under 2 ms). The
                // record's month comes from `case_keys` (M050), so the second probe reads one month's partition
                // instead of every one.
                rows = try await db.raw(
                    """
                    SELECT c.* FROM unnest(\(bind: group.map(\.record.externalId))::text[]) AS i(id)
                    CROSS JOIN LATERAL (SELECT month FROM case_keys WHERE county = \(bind: county)
                    AND source = \(bind: source) AND external_id = i.id LIMIT 1) AS k
                    CROSS JOIN LATERAL (SELECT \(unsafeRaw: storedColumns) FROM case_records
                    WHERE county = \(bind: county) AND source = \(bind: source) AND external_id = i.id
                    AND month = k.month LIMIT 1) AS c
                    """
                ).all()
            } else {
                for start in stride(from: 0, to: group.count, by: 500) {
                    let ids = group[start..<min(start + 500, group.count)].map(\.record.externalId)
                    rows += try await db.raw(
                        """
                        SELECT \(unsafeRaw: storedColumns) FROM case_records WHERE county = \(bind: county)
                        AND source = \(bind: source) AND external_id IN (\(binds: ids))
                        """
                    ).all()
                }
            }
            for row in rows {
                if let r = try CaseRecord(row: row, county: county) {
                    existing[CaseBatch.key(source: r.source, externalId: r.externalId)] = r
                }
            }
        }
        let merge = CaseBatch.merge(valid, existing: existing, county: county)
        try await removeMoved(merge.writes, existing: existing, county: county, on: db)
        try await insert(merge.writes, at: now, on: db)
        try await addCells(merge.deltas, county: county, on: db)
        return merge
    }

    /// Removes the stored rows of records whose newer version counts in another month (its day received corrected):
    /// on PostgreSQL the month is part of the key (M050), so the upsert would keep the old row beside the new one.
    /// The indicator cells already move the record's contribution (`CaseBatch.merge`).
    static func removeMoved(
        _ writes: [CaseRecord], existing: [String: CaseRecord], county: String, on db: any SQLDatabase
    ) async throws {
        for record in writes {
            guard let old = existing[CaseBatch.key(source: record.source, externalId: record.externalId)],
                old.month != record.month
            else { continue }
            try await db.raw(
                """
                DELETE FROM case_records WHERE county = \(bind: county) AND source = \(bind: old.source)
                AND external_id = \(bind: old.externalId) AND month = \(bind: old.month)
                """
            ).run()
        }
    }

    /// Writes records by multi-row upserts through SQLKit's insert builder (no model encoding): a newer version
    /// replaces the stored row whole.
    static func insert(_ records: [CaseRecord], at now: Date, on db: any SQLDatabase) async throws {
        let recordedAt = now.micros
        let keys = ["county", "source", "external_id"]
        let others = caseColumns.filter { !keys.contains($0) }
        if db.dialect.name == "postgresql", !records.isEmpty {
            // One array per column, as for the cells. Arrays carry no NULLs here: an absent value travels as a
            // sentinel no valid record uses ('' for a day, -1 for a number) and becomes NULL again in the SELECT.
            func text(_ value: (CaseRecord) -> String?) -> [String] { records.map { value($0) ?? "" } }
            func int(_ value: (CaseRecord) -> Int?) -> [Int64] { records.map { Int64(value($0) ?? -1) } }
            func flag(_ value: (CaseRecord) -> Bool?) -> [Int64] { records.map { value($0).map { $0 ? 1 : 0 } ?? -1 } }
            // The key of the partitioned table (M050) holds the month; a moved record's old row is already gone.
            let updates = others.filter { $0 != "month" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            try await db.raw(
                """
                INSERT INTO case_records (\(unsafeRaw: caseColumns.joined(separator: ", ")))
                SELECT \(bind: records[0].county), source, external_id, source_version, item_code, township, handler,
                kind, received_on, NULLIF(due_on, ''), NULLIF(closed_on, ''), NULLIF(satisfaction, -1),
                NULLIF(officers, -1), NULLIF(legal_review, -1), NULLIF(full_record, -1), month, \(bind: recordedAt),
                NULLIF(officer_ids, ''), NULLIF(review_triggers, ''), NULLIF(filed_on, ''), NULLIF(extended_to, ''),
                NULLIF(extension_days, -1), NULLIF(extension_approved, -1), NULLIF(compliance_checked, -1),
                NULLIF(compliance_broken, -1)
                FROM unnest(\(bind: text(\.source))::text[], \(bind: text(\.externalId))::text[],
                \(bind: records.map(\.sourceVersion.micros))::bigint[], \(bind: text(\.itemCode))::text[],
                \(bind: text(\.township))::text[], \(bind: text(\.handler.rawValue))::text[],
                \(bind: text(\.kind.rawValue))::text[], \(bind: text(\.receivedOn.iso))::text[],
                \(bind: text { $0.dueOn?.iso })::text[], \(bind: text { $0.closedOn?.iso })::text[],
                \(bind: int(\.satisfaction))::bigint[], \(bind: int(\.officers))::bigint[],
                \(bind: flag(\.legalReview))::bigint[], \(bind: flag(\.fullRecord))::bigint[],
                \(bind: text(\.month))::text[], \(bind: text { storedList($0.officerIds) })::text[],
                \(bind: text { storedList($0.reviewTriggers?.map(\.rawValue)) })::text[],
                \(bind: text { $0.filedOn?.iso })::text[], \(bind: text { $0.extendedTo?.iso })::text[],
                \(bind: int(\.extensionDays))::bigint[], \(bind: flag(\.extensionApproved))::bigint[],
                \(bind: int { $0.compliance?.checked })::bigint[], \(bind: int { $0.compliance?.broken })::bigint[])
                AS t(source, external_id, source_version, item_code, township, handler, kind, received_on, due_on,
                closed_on, satisfaction, officers, legal_review, full_record, month, officer_ids, review_triggers,
                filed_on, extended_to, extension_days, extension_approved, compliance_checked, compliance_broken)
                ON CONFLICT (county, source, external_id, month) DO UPDATE SET \(unsafeRaw: updates)
                """
            ).run()
            return
        }
        for start in stride(from: 0, to: records.count, by: 1000) {
            var insert = db.insert(into: "case_records").columns(caseColumns)
            for record in records[start..<min(start + 1000, records.count)] {
                insert = insert.values(record.columnValues(recordedAt: recordedAt))
            }
            try await insert.onConflict(with: keys) { update in
                var u = update
                for column in others { u = u.set(excludedValueOf: column) }
                return u
            }.run()
        }
    }

    /// Adds deltas to the stored cells with one additive upsert per chunk (`… ON CONFLICT DO UPDATE SET volume =
    /// indicator_cells.volume + excluded.volume …`): no read, so concurrent batches on PostgreSQL neither lose counts
    /// nor deadlock on a read-then-write.
    static func addCells(_ deltas: [IndicatorCell], county: String, on db: any SQLDatabase) async throws {
        // A stable lock order across concurrent batches.
        let sorted = deltas.map { ($0.key, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        let columns =
            [
                "volume", "closed", "on_time", "overdue", "duration_days", "satisfaction_sum", "satisfaction_count",
                "by_department",
            ] + ComplianceCounts.columns
        let updates = columns.map { "\($0) = indicator_cells.\($0) + excluded.\($0)" }.joined(separator: ", ")
        if db.dialect.name == "postgresql", !sorted.isEmpty {
            // One array per column (`unnest`): a dozen parameters instead of twelve per cell, which PostgreSQL
            // parses, plans and decodes much faster than a thousand-row VALUES list.
            func ints(_ value: (IndicatorCell) -> Int) -> [Int64] { sorted.map { Int64(value($0)) } }
            // The compliance sums: one more array per column, spelled as literals (whole numbers only).
            let compliance = ComplianceCounts.columns.indices.map { i in
                ", ARRAY[" + sorted.map { String($0.compliance.values[i]) }.joined(separator: ",") + "]::bigint[]"
            }.joined()
            try await db.raw(
                """
                INSERT INTO indicator_cells (county, township, item_code, month, \(unsafeRaw: columns.joined(separator: ", ")))
                SELECT \(bind: county), * FROM unnest(\(bind: sorted.map(\.township))::text[],
                \(bind: sorted.map(\.itemCode))::text[], \(bind: sorted.map(\.month))::text[],
                \(bind: ints(\.volume))::bigint[], \(bind: ints(\.closed))::bigint[], \(bind: ints(\.onTime))::bigint[],
                \(bind: ints(\.overdue))::bigint[], \(bind: ints(\.durationDays))::bigint[],
                \(bind: ints(\.satisfactionSum))::bigint[], \(bind: ints(\.satisfactionCount))::bigint[],
                \(bind: ints(\.byDepartment))::bigint[]\(unsafeRaw: compliance))
                ON CONFLICT (county, township, item_code, month) DO UPDATE SET \(unsafeRaw: updates)
                """
            ).run()
            return
        }
        for start in stride(from: 0, to: sorted.count, by: 1000) {
            var insert = db.insert(into: "indicator_cells").columns(
                ["county", "township", "item_code", "month"] + columns)
            for c in sorted[start..<min(start + 1000, sorted.count)] {
                // The counts inline (`SQLInline`): thirty-odd bound values a cell made this upsert the slowest part
                // of a bulk batch's transaction.
                insert = insert.values(
                    [
                        SQLInline.text(county), SQLBind(c.township), SQLBind(c.itemCode), SQLInline.text(c.month),
                        SQLInline.int(c.volume), SQLInline.int(c.closed), SQLInline.int(c.onTime),
                        SQLInline.int(c.overdue), SQLInline.int(c.durationDays), SQLInline.int(c.satisfactionSum),
                        SQLInline.int(c.satisfactionCount), SQLInline.int(c.byDepartment),
                    ] + c.compliance.values.map { SQLInline.int($0) })
            }
            try await insert.onConflict(with: ["county", "township", "item_code", "month"]) { update in
                var u = update
                for column in columns {
                    u = u.set(SQLColumn(column), to: SQLRaw("indicator_cells.\(column) + excluded.\(column)"))
                }
                return u
            }.run()
        }
    }

    /// Indicator cells in a month range, optionally of one township or item, in the order of township, item and
    /// month; `page` (limit, offset) reads only that part of them.
    public func cells(
        county: String, from: String, to: String, township: String? = nil, item: String? = nil,
        page: (limit: Int, offset: Int)? = nil
    ) async throws -> [IndicatorCell] {
        try await database.read { db in
            var q: SQLQueryString =
                "SELECT \(unsafeRaw: IndicatorCell.selection) FROM indicator_cells WHERE "
                + Self.cellRange(county: county, from: from, to: to, township: township, item: item)
                + " ORDER BY township, item_code, month"
            if let page { q = "\(q) LIMIT \(literal: page.limit) OFFSET \(literal: page.offset)" }
            return try await db.raw(q).all().map { try IndicatorCell(row: $0) }
        }
    }

    /// How many cells `cells` would read, and their sum, added by the database (a county's year is some 12,000
    /// cells: the API pages them without reading them all for its total).
    public func cellSummary(county: String, from: String, to: String, township: String? = nil, item: String? = nil)
        async throws -> (cells: Int, total: IndicatorCell)
    {
        try await database.read { db in
            let row = try await db.raw(
                """
                SELECT COUNT(*) AS n, '' AS county, '' AS township, '' AS item_code, '' AS month,
                \(unsafeRaw: IndicatorCell.packed { "COALESCE(SUM(\($0)), 0)" }) AS counts FROM indicator_cells WHERE
                """ + " " + Self.cellRange(county: county, from: from, to: to, township: township, item: item)
            ).first()
            guard let row else { return (0, IndicatorCell(county: county, township: "", itemCode: "", month: "")) }
            var total = try IndicatorCell(row: row)
            total.county = county
            return (try row.decode(column: "n", as: Int.self), total)
        }
    }

    /// The sums of the cells of each window (`AnalysisInput.sums`), added by the database: one grouped read per
    /// span of months (the analysis's windows share one span, but for delegations younger than it), each window
    /// answered, with no cases where it has no cell. A province county's analysis adds some 40,000 cells into
    /// 8,000 windows; reading the cells to add them in Swift was the largest part of its time. Only the counts the
    /// rules read are added (`IndicatorCell.analysed`): SQLite's time grows with each count it sums.
    public func sums(county: String, windows: Set<CellWindow>) async throws -> [CellWindow: IndicatorCell] {
        let spans = Dictionary(grouping: windows) { [$0.first, $0.last] }
        var sums: [CellWindow: IndicatorCell] = [:]
        sums.reserveCapacity(windows.count)
        for (span, windows) in spans.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            // One text per pair, `township|item|counts` (codes hold no `|`): one decode per row, not five.
            let rows = try await database.read { db in
                try await db.raw(
                    """
                    SELECT township || '|' || item_code || '|' ||
                    \(unsafeRaw: IndicatorCell.packed(IndicatorCell.analysedColumns) { "SUM(\($0))" }) AS sums
                    FROM indicator_cells WHERE
                    """ + " " + Self.cellRange(county: county, from: span[0], to: span[1], township: nil, item: nil)
                        + " GROUP BY township, item_code"
                ).all().map { row in
                    let text = try row.decode(column: "sums", as: String.self)
                    let f = PackedText.fields(text, maxSplits: 2)
                    guard f.count == 3 else { throw CellCountsError(text: text) }
                    var cell = IndicatorCell(county: "", township: String(f[0]), itemCode: String(f[1]), month: "")
                    try cell.set(counts: f[2], positions: IndicatorCell.analysedPositions)
                    return cell
                }
            }
            var byPair: [String: IndicatorCell] = [:]
            byPair.reserveCapacity(rows.count)
            for row in rows { byPair[row.township + "|" + row.itemCode] = row }
            for window in windows {
                // Named as the engine's own sum of cells names it (`AnalysisInput.totals`): counts only.
                var sum =
                    byPair[window.township + "|" + window.itemCode]
                    ?? IndicatorCell(
                        county: "", township: "", itemCode: "", month: "")
                (sum.township, sum.itemCode) = ("", "")
                sums[window] = sum
            }
        }
        return sums
    }

    /// The condition of `cells` and `cellSummary`.
    static func cellRange(county: String, from: String, to: String, township: String?, item: String?)
        -> SQLQueryString
    {
        var q: SQLQueryString = "county = \(bind: county) AND month >= \(bind: from) AND month <= \(bind: to)"
        if let township { q = "\(q) AND township = \(bind: township)" }
        if let item { q = "\(q) AND item_code = \(bind: item)" }
        return q
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

    /// How long an `Idempotency-Key` holds: 24 hours, in microseconds.
    static let keyLifetime: Int64 = 86_400_000_000

    /// The same key with a different body.
    public struct KeyReused: Error, Equatable, Sendable {
        public var key: String
        public var message: String { "Idempotency-Key “\(key)”已用于另一批不同的数据" }
    }

    /// Ingests once per idempotency key: a replay (same key, same body, within 24 h) returns the stored answer and
    /// writes nothing; the same key with another body is refused. The API's path: a batch is written in parts of
    /// `IngestLanes.partSize` records (`ingest(…partSize:)`).
    public func ingestOnce(
        _ records: [(index: Int, record: CaseRecord)], preRejected: [IngestResult.Rejected], county: String,
        scope: Set<String>?, actor: Actor, at now: Date, idempotency: IdempotencyKey?,
        skewDays: Int = DateBounds.defaultSkewDays
    ) async throws -> (result: IngestResult, replayed: Bool) {
        try await ingest(
            records, preRejected: preRejected, county: county, scope: scope, actor: actor, at: now,
            idempotency: idempotency, skewDays: skewDays, partSize: IngestLanes.partSize)
    }

    /// Checks a batch, then writes its valid records in parts of at most `partSize`, in order, each part one
    /// transaction with its records, the indicator cells they change and an audit entry; between two parts, writers
    /// waiting for the database go first (`IngestLanes`). A record is never half-written, and a bad record is
    /// rejected before anything is written. Only the last part's commit is durable (`Database.transaction`): it
    /// makes the parts before durable too, and the batch is acknowledged after it. Should the server fail between
    /// two parts, the answer is an error and the parts before may stay written; the batch sent again gets their
    /// records back `unchanged` (a version not newer than the stored one) and writes the rest. The idempotency key
    /// is checked in the first part's transaction and stored in the last one's.
    func ingest(
        _ records: [CaseBatch.Indexed], preRejected: [IngestResult.Rejected], county: String, scope: Set<String>?,
        actor: Actor, at now: Date, idempotency: IdempotencyKey?, skewDays: Int, partSize: Int
    ) async throws -> (result: IngestResult, replayed: Bool) {
        let (valid, checked) = try await prepare(
            records, county: county, scope: scope, bounds: DateBounds(now: now, skewDays: skewDays))
        try await Self.ensurePartitions(months: Set(valid.map(\.record.month)), in: database)
        let rejected = (preRejected + checked).sorted { $0.index < $1.index }
        let received = records.count + preRejected.count
        let parts = IngestLanes.parts(valid.count, size: partSize)
        return try await IngestLanes.exclusive(idempotency.map { $0.token + "\u{1F}" + $0.key }) {
            try await IngestLanes.write(county: county, records: valid.count) {
                var accepted: [IngestResult.Accepted] = []
                accepted.reserveCapacity(valid.count)
                for (n, range) in parts.enumerated() {
                    let last = n == parts.count - 1
                    let (written, replay) = try await database.transaction(durable: last) {
                        [accepted] db -> ([IngestResult.Accepted], IngestResult?) in
                        if n == 0, let idem = idempotency,
                            let stored = try await Self.stored(idem, county: county, at: now, on: db)
                        {
                            return ([], stored)
                        }
                        let merge = try await Self.writeRecords(Array(valid[range]), county: county, at: now, on: db)
                        try await Self.audit(
                            IngestResult(accepted: merge.accepted, rejected: n == 0 ? rejected : []),
                            writes: merge.writes, received: received, part: parts.count > 1 ? n + 1 : nil,
                            county: county, actor: actor, at: now, on: db)
                        if last, let idem = idempotency {
                            try await Self.store(
                                idem, IngestResult(accepted: accepted + merge.accepted, rejected: rejected),
                                county: county, at: now, on: db)
                        }
                        return (merge.accepted, nil)
                    }
                    if let replay { return (replay, true) }
                    accepted += written
                }
                return (IngestResult(accepted: accepted, rejected: rejected), false)
            }
        }
    }

    /// The stored answer of `key` within its 24 hours, nil if there is none; `KeyReused` if it came with another
    /// body.
    static func stored(_ key: IdempotencyKey, county: String, at now: Date, on db: any SQLDatabase) async throws
        -> IngestResult?
    {
        try await db.lockForWrite("idem:" + key.token + key.key)
        guard
            let row = try await db.raw(
                """
                SELECT body_hash, response, created_at FROM idempotency_keys WHERE county = \(bind: county)
                AND token_id = \(bind: key.token) AND key = \(bind: key.key)
                """
            ).first(), now.micros - (try row.decode(column: "created_at", as: Int64.self)) < keyLifetime
        else { return nil }
        guard try row.decode(column: "body_hash", as: String.self) == key.bodyHash else {
            throw KeyReused(key: key.key)
        }
        let stored = try row.decode(column: "response", as: String.self)
        return try JSONDecoder().decode(IngestResult.self, from: Data(stored.utf8))
    }

    /// Stores `key` with its answer, and drops the token's keys past their 24 hours: the table holds a day per
    /// token.
    static func store(
        _ key: IdempotencyKey, _ result: IngestResult, county: String, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await db.lockForWrite("idem:" + key.token + key.key)
        let body = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        try await db.raw(
            """
            DELETE FROM idempotency_keys WHERE county = \(bind: county) AND token_id = \(bind: key.token)
            AND (key = \(bind: key.key) OR created_at <= \(bind: now.micros - keyLifetime))
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO idempotency_keys (county, token_id, key, body_hash, status, response, created_at)
            VALUES (\(bind: county), \(bind: key.token), \(bind: key.key), \(bind: key.bodyHash), 200,
            \(bind: body), \(bind: now.micros))
            """
        ).run()
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
        actor: Actor, at now: Date, skewDays: Int = DateBounds.defaultSkewDays
    ) async throws -> IngestResult {
        guard issues.isEmpty else { throw CaseImportRefused(issues: issues) }
        let (valid, rejected) = try await prepare(
            rows.map { ($0.line, $0.record) }, county: county, scope: scope,
            bounds: DateBounds(now: now, skewDays: skewDays))
        guard rejected.isEmpty else {
            throw CaseImportRefused(
                issues: rejected.sorted { $0.index < $1.index }.map { ImportIssue(line: $0.index, message: $0.reason) })
        }
        try await Self.ensurePartitions(months: Set(valid.map(\.record.month)), in: database)
        return try await IngestLanes.write(county: county, records: valid.count) {
            try await database.transaction { db in
                try await Self.write(
                    valid, rejected: [], received: rows.count, county: county, actor: actor, at: now, on: db)
            }
        }
    }
}
