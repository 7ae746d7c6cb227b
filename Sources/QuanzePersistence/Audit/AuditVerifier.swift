import Foundation
import PostgresNIO
import QuanzeDomain
import SQLKit

/// The heads of every county's chain at one moment, exported to a file outside the database. A checkpoint file
/// holds one JSON line per checkpoint taken, oldest first, so later checks can narrow down where a chain was
/// rewritten.
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    public struct Head: Codable, Sendable, Hashable {
        public var county: String
        public var seq: Int64
        public var hash: String

        public init(county: String, seq: Int64, hash: String) {
            self.county = county
            self.seq = seq
            self.hash = hash
        }
    }

    public var takenAt: String
    public var heads: [Head]

    public init(takenAt: String, heads: [Head]) {
        self.takenAt = takenAt
        self.heads = heads
    }

    /// Reads every checkpoint of a file written by `append(to:)`.
    public static func load(from url: URL) throws -> [AuditCheckpoint] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
            try JSONDecoder().decode(AuditCheckpoint.self, from: Data($0.utf8))
        }
    }

    /// Appends this checkpoint as one line and flushes it to disk.
    public func append(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(self)
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }
}

/// What verification found in one county's chain.
public struct ChainReport: Sendable, Equatable {
    public var county: String
    public var entries: Int64
    public var headHash: String?
    public var problem: ChainProblem?
}

/// The first thing wrong with a chain, naming the first broken entry (its sequence number).
public enum ChainProblem: Sendable, Equatable {
    /// The entry at `seq` does not hash to its stored hash, or does not link to its predecessor, or is missing.
    case broken(seq: Int64, reason: String)
    /// The chain ends at `head` but a checkpoint saw it reach `checkpointSeq`: entries were cut off or the database
    /// was rolled back.
    case truncated(head: Int64, checkpointSeq: Int64)
    /// The chain is internally consistent but the entry at `seq` differs from what a checkpoint recorded: the chain
    /// was rewritten (entries inserted or changed and every later hash recomputed) at or before `seq`, after
    /// `since` (the previous checkpoint's sequence number that still matches, or 0).
    case rewritten(seq: Int64, since: Int64)
    /// The entry at `seq` cannot be read: `column` holds a value of the wrong type (written past the application,
    /// with raw SQL). When `seq` itself is unreadable, `seq` is the position the scan had reached.
    case unreadable(seq: Int64, column: String)
    /// The county's chain must exist (its county government is registered) but has no entry at all.
    case missing

    public var firstBrokenSeq: Int64 {
        switch self {
        case .broken(let seq, _): seq
        case .truncated(let head, _): head + 1
        case .rewritten(let seq, let since): min(seq, since + 1)
        case .unreadable(let seq, _): seq
        case .missing: 1
        }
    }

    public var message: String {
        switch self {
        case .broken(let seq, let reason): "第 \(seq) 条记录损坏：\(reason)"
        case .truncated(0, let cp): "审计链没有任何记录，但检查点记录到第 \(cp) 条：记录被删除或数据库被回滚"
        case .truncated(let head, let cp): "审计链只到第 \(head) 条，但检查点记录到第 \(cp) 条：记录被截断或数据库被回滚"
        case .rewritten(let seq, let since):
            "第 \(since + 1)–\(seq) 条之间的记录被改写：第 \(seq) 条与检查点不符（哈希链已被重新计算）"
        case .unreadable(let seq, let column):
            "第 \(seq) 条记录无法读取：字段 \(column) 的值类型不对（记录被绕过系统直接改动）"
        case .missing: "本区县已登记区县政府单位，但审计链一条记录也没有：整条链缺失（被删除或数据库被替换）"
        }
    }
}

extension AuditStore {
    /// Checks every chain from its first entry: sequence numbers without gaps, each entry linked to its
    /// predecessor and hashing to its stored hash; then compares the chain with every checkpoint given. Reads in
    /// pages, so a million entries stay in bounded memory.
    ///
    /// The chains that must exist come from the checkpoints; without any, from the counties whose county
    /// government is registered (`expectedCounties()`): such a county without a single entry is reported `missing`.
    public func verify(against checkpoints: [AuditCheckpoint] = []) async throws -> [ChainReport] {
        try await verify(against: checkpoints, pageSize: 20_000)
    }

    func verify(against checkpoints: [AuditCheckpoint], pageSize: Int) async throws -> [ChainReport] {
        var counties = Set(try await counties())
        for checkpoint in checkpoints { for head in checkpoint.heads { counties.insert(head.county) } }
        let required = checkpoints.isEmpty ? Set(try await expectedCounties()) : []
        counties.formUnion(required)
        var reports: [ChainReport] = []
        for county in counties.sorted() {
            let expected = checkpoints.compactMap { cp in cp.heads.first { $0.county == county } }
            var report = try await verifyChain(county: county, checkpoints: expected, pageSize: pageSize)
            if report.problem == nil, report.entries == 0, required.contains(county) { report.problem = .missing }
            reports.append(report)
        }
        return reports
    }

    /// The counties whose chain must exist when there is no checkpoint: every county with a registered county
    /// government (registering it writes that county's first entries).
    public func expectedCounties() async throws -> [String] {
        try await OrganizationStore(database).counties()
    }

    /// Checks one county's chain from its start; returns the first broken sequence number, or nil when intact.
    public func verify(county: String) async throws -> Int64? {
        try await verifyChain(county: county, checkpoints: []).problem?.firstBrokenSeq
    }

    /// Scans one chain page by page (keyset paging on the primary key), then compares it with the checkpoints.
    /// The next page is read and decoded while the current one is hashed, so reading and hashing overlap. The first
    /// page starts below sequence number 1, so an entry forged outside the chain (seq 0 or negative) cannot hide
    /// from the scan. `pageSize` is a parameter only so tests can cross page boundaries cheaply.
    func verifyChain(county: String, checkpoints: [AuditCheckpoint.Head], pageSize: Int = 20_000) async throws
        -> ChainReport
    {
        precondition(pageSize > 0, "a page holds at least one entry")
        var scan = ChainScan(checkpointSeqs: Set(checkpoints.map(\.seq)))
        var current = try await page(county: county, from: .min, size: pageSize)
        while true {
            let more = current.unreadable == nil && current.rows.count == pageSize
            let from = (current.rows.last?.seq ?? 0) + 1
            async let next = more ? page(county: county, from: from, size: pageSize) : ChainPage()
            for row in current.rows {
                scan.check(row)
                if scan.problem != nil { break }
            }
            if scan.problem == nil, let bad = current.unreadable {
                scan.problem = .unreadable(seq: bad.seq ?? scan.expected, column: bad.column)
            }
            if scan.problem != nil || !more { break }
            current = try await next
        }
        let head = scan.expected - 1
        var problem = scan.problem
        if problem == nil {
            var lastGood: Int64 = 0
            for checkpoint in checkpoints.sorted(by: { $0.seq < $1.seq }) {
                if checkpoint.seq > head {
                    problem = .truncated(head: head, checkpointSeq: checkpoint.seq)
                    break
                }
                if scan.seen[checkpoint.seq] != checkpoint.hash {
                    problem = .rewritten(seq: checkpoint.seq, since: lastGood)
                    break
                }
                lastGood = checkpoint.seq
            }
        }
        return ChainReport(county: county, entries: head, headHash: head > 0 ? scan.previous : nil, problem: problem)
    }

    /// Up to `size` entries of a county's chain from sequence number `from` on, in order; the page stops at the
    /// first entry that cannot be decoded, which it names instead of throwing.
    private func page(county: String, from: Int64, size: Int) async throws -> ChainPage {
        if let postgres = database as? PostgresDatabaseHandle {
            return try await Self.postgresPage(postgres.client, county: county, from: from, size: size)
        }
        return try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns.joined(separator: ", ")) FROM audit_entries
                WHERE county = \(bind: county) AND seq >= \(bind: from) ORDER BY seq LIMIT \(literal: size)
                """
            ).all()
            var page = ChainPage()
            page.rows.reserveCapacity(rows.count)
            for row in rows {
                do throws(UnreadableColumn) {
                    page.rows.append(try AuditRow(columnsOf: row))
                } catch {
                    page.unreadable = (try? row.decode(column: "seq", as: Int64.self), error.column)
                    break
                }
            }
            return page
        }
    }

    /// `page` on PostgreSQL through PostgresNIO's typed row decoding: with SQLKit's per-column decoding through
    /// `PostgresDataDecoder`, verification there took about twice as long (BENCHMARKS.md).
    private static func postgresPage(_ client: PostgresClient, county: String, from: Int64, size: Int) async throws
        -> ChainPage
    {
        let rows = try await client.query(
            """
            SELECT county, seq, at, actor, role, organization, action, subject, detail, outcome, before_digest,
              after_digest, prev_hash, hash
            FROM audit_entries WHERE county = \(county) AND seq >= \(from) ORDER BY seq LIMIT \(size)
            """)
        var page = ChainPage()
        page.rows.reserveCapacity(size)
        for try await cells in rows {
            let row: AuditRow
            do {
                let t = try cells.decode(
                    (
                        String, Int64, Int64, String, String, String?, String, String, String, String, String, String,
                        String, String
                    ).self)
                row = AuditRow(
                    county: t.0, seq: t.1, at: t.2, actor: t.3, role: t.4, organization: t.5, action: t.6,
                    subject: t.7, detail: t.8, outcome: t.9, beforeDigest: t.10, afterDigest: t.11, prevHash: t.12,
                    hash: t.13)
            } catch {
                // A column whose type was changed (e.g. to text) is read cell by cell, numbers from their text.
                do throws(UnreadableColumn) {
                    row = try AuditRow(cellsOf: cells)
                } catch {
                    let seq = try? AuditRow.integer(cells.makeRandomAccess()["seq"], column: "seq")
                    page.unreadable = (seq, error.column)
                    break
                }
            }
            page.rows.append(row)
        }
        return page
    }

    /// Takes a checkpoint of every chain head now.
    public func checkpoint(at now: Date = Date()) async throws -> AuditCheckpoint {
        AuditCheckpoint(takenAt: ISO8601DateFormatter().string(from: now), heads: try await heads())
    }
}

/// The running state of one chain's scan: the next sequence number due, the hash it must link to, and the hashes
/// seen at the checkpoints' sequence numbers. One serialisation buffer serves every entry.
struct ChainScan {
    let checkpointSeqs: Set<Int64>
    var expected: Int64 = 1
    var previous = AuditStore.genesis
    var seen: [Int64: String] = [:]
    var problem: ChainProblem?
    private var buffer: [UInt8] = []

    init(checkpointSeqs: Set<Int64>) {
        self.checkpointSeqs = checkpointSeqs
        buffer.reserveCapacity(1_024)
    }

    /// Checks the next entry read in sequence order; sets `problem` at the first one that does not belong.
    mutating func check(_ row: AuditRow) {
        if row.seq < expected {
            problem = .broken(seq: row.seq, reason: "序号 \(row.seq) 不在审计链中（链从第 1 条开始）")
        } else if row.seq != expected {
            problem = .broken(seq: expected, reason: "记录缺失（下一条为第 \(row.seq) 条）")
        } else if row.prevHash != previous {
            problem = .broken(seq: row.seq, reason: "与前一条记录的哈希不衔接")
        } else if AuditStore.digest(row, buffer: &buffer) != row.hash {
            problem = .broken(seq: row.seq, reason: "内容与其哈希不符（记录被修改）")
        } else {
            if checkpointSeqs.contains(row.seq) { seen[row.seq] = row.hash }
            previous = row.hash
            expected += 1
        }
    }
}

/// One page of a chain scan: the entries read in order, and the first entry that could not be decoded (its
/// sequence number when that much was readable, and the column at fault), after which the page stops.
struct ChainPage: Sendable {
    var rows: [AuditRow] = []
    var unreadable: (seq: Int64?, column: String)?
}

/// A column of an audit entry holding a value of the wrong type.
struct UnreadableColumn: Error {
    var column: String
}

extension AuditRow {
    /// Decodes the columns of `AuditStore.columns` one by one: `Codable` model decoding with snake-case key
    /// conversion was most of the time verifying a long chain took (BENCHMARKS.md). A cell of the wrong type
    /// throws `UnreadableColumn` naming its column.
    init(columnsOf row: any SQLRow) throws(UnreadableColumn) {
        func text(_ column: String) throws(UnreadableColumn) -> String {
            do { return try row.decode(column: column, as: String.self) } catch {
                throw UnreadableColumn(column: column)
            }
        }
        func integer(_ column: String) throws(UnreadableColumn) -> Int64 {
            do { return try row.decode(column: column, as: Int64.self) } catch {
                throw UnreadableColumn(column: column)
            }
        }
        let organization: String?
        do {
            organization = try row.decodeNil(column: "organization") ? nil : try text("organization")
        } catch {
            throw UnreadableColumn(column: "organization")
        }
        self.init(
            county: try text("county"), seq: try integer("seq"), at: try integer("at"), actor: try text("actor"),
            role: try text("role"), organization: organization, action: try text("action"),
            subject: try text("subject"), detail: try text("detail"), outcome: try text("outcome"),
            beforeDigest: try text("before_digest"), afterDigest: try text("after_digest"),
            prevHash: try text("prev_hash"), hash: try text("hash"))
    }

    /// The slow path of PostgreSQL pages: each cell decoded on its own, integers also from text, so a column
    /// retyped to text still verifies and only a value that is no number is reported.
    init(cellsOf row: PostgresRow) throws(UnreadableColumn) {
        let cells = row.makeRandomAccess()
        func text(_ column: String) throws(UnreadableColumn) -> String {
            do { return try cells[column].decode(String.self) } catch { throw UnreadableColumn(column: column) }
        }
        let organization: String?
        do {
            organization = try cells["organization"].decode(String?.self)
        } catch {
            throw UnreadableColumn(column: "organization")
        }
        self.init(
            county: try text("county"), seq: try Self.integer(cells["seq"], column: "seq"),
            at: try Self.integer(cells["at"], column: "at"), actor: try text("actor"), role: try text("role"),
            organization: organization, action: try text("action"), subject: try text("subject"),
            detail: try text("detail"), outcome: try text("outcome"), beforeDigest: try text("before_digest"),
            afterDigest: try text("after_digest"), prevHash: try text("prev_hash"), hash: try text("hash"))
    }

    /// An integer cell of a PostgreSQL row, also from its text when the column was retyped.
    static func integer(_ cell: PostgresCell, column: String) throws(UnreadableColumn) -> Int64 {
        if let value = try? cell.decode(Int64.self) { return value }
        if let text = try? cell.decode(String.self), let value = Int64(text) { return value }
        throw UnreadableColumn(column: column)
    }
}
