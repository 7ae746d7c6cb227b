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

    public var firstBrokenSeq: Int64 {
        switch self {
        case .broken(let seq, _): seq
        case .truncated(let head, _): head + 1
        case .rewritten(let seq, let since): min(seq, since + 1)
        }
    }

    public var message: String {
        switch self {
        case .broken(let seq, let reason): "第 \(seq) 条记录损坏：\(reason)"
        case .truncated(0, let cp): "审计链没有任何记录，但检查点记录到第 \(cp) 条：记录被删除或数据库被回滚"
        case .truncated(let head, let cp): "审计链只到第 \(head) 条，但检查点记录到第 \(cp) 条：记录被截断或数据库被回滚"
        case .rewritten(let seq, let since):
            "第 \(since + 1)–\(seq) 条之间的记录被改写：第 \(seq) 条与检查点不符（哈希链已被重新计算）"
        }
    }
}

extension AuditStore {
    /// Checks every chain from its first entry: sequence numbers without gaps, each entry linked to its
    /// predecessor and hashing to its stored hash; then compares the chain with every checkpoint given. Reads in
    /// pages, so a million entries stay in bounded memory.
    public func verify(against checkpoints: [AuditCheckpoint] = []) async throws -> [ChainReport] {
        try await verify(against: checkpoints, pageSize: 20_000)
    }

    func verify(against checkpoints: [AuditCheckpoint], pageSize: Int) async throws -> [ChainReport] {
        var counties = Set(try await counties())
        for checkpoint in checkpoints { for head in checkpoint.heads { counties.insert(head.county) } }
        var reports: [ChainReport] = []
        for county in counties.sorted() {
            let expected = checkpoints.compactMap { cp in cp.heads.first { $0.county == county } }
            reports.append(try await verifyChain(county: county, checkpoints: expected, pageSize: pageSize))
        }
        return reports
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
        var rows = try await page(county: county, from: .min, size: pageSize)
        while true {
            let more = rows.count == pageSize
            let from = (rows.last?.seq ?? 0) + 1
            async let next = more ? page(county: county, from: from, size: pageSize) : []
            for row in rows {
                scan.check(row)
                if scan.problem != nil { break }
            }
            if scan.problem != nil || !more { break }
            rows = try await next
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

    /// Up to `size` entries of a county's chain from sequence number `from` on, in order.
    private func page(county: String, from: Int64, size: Int) async throws -> [AuditRow] {
        if let postgres = database as? PostgresDatabaseHandle {
            return try await Self.postgresPage(postgres.client, county: county, from: from, size: size)
        }
        return try await database.read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns.joined(separator: ", ")) FROM audit_entries
                WHERE county = \(bind: county) AND seq >= \(bind: from) ORDER BY seq LIMIT \(literal: size)
                """
            ).all().map(AuditRow.init(columnsOf:))
        }
    }

    /// `page` on PostgreSQL through PostgresNIO's typed row decoding: with SQLKit's per-column decoding through
    /// `PostgresDataDecoder`, verification there took about twice as long (BENCHMARKS.md).
    private static func postgresPage(_ client: PostgresClient, county: String, from: Int64, size: Int) async throws
        -> [AuditRow]
    {
        let rows = try await client.query(
            """
            SELECT county, seq, at, actor, role, organization, action, subject, detail, outcome, before_digest,
              after_digest, prev_hash, hash
            FROM audit_entries WHERE county = \(county) AND seq >= \(from) ORDER BY seq LIMIT \(size)
            """)
        var page: [AuditRow] = []
        page.reserveCapacity(size)
        for try await row in rows.decode(
            (
                String, Int64, Int64, String, String, String?, String, String, String, String, String, String, String,
                String
            ).self)
        {
            page.append(
                AuditRow(
                    county: row.0, seq: row.1, at: row.2, actor: row.3, role: row.4, organization: row.5,
                    action: row.6, subject: row.7, detail: row.8, outcome: row.9, beforeDigest: row.10,
                    afterDigest: row.11, prevHash: row.12, hash: row.13))
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

extension AuditRow {
    /// Decodes the columns of `AuditStore.columns` one by one: `Codable` model decoding with snake-case key
    /// conversion was most of the time verifying a long chain took (BENCHMARKS.md).
    init(columnsOf row: any SQLRow) throws {
        self.init(
            county: try row.decode(column: "county", as: String.self),
            seq: try row.decode(column: "seq", as: Int64.self),
            at: try row.decode(column: "at", as: Int64.self),
            actor: try row.decode(column: "actor", as: String.self),
            role: try row.decode(column: "role", as: String.self),
            organization: try row.decodeNil(column: "organization")
                ? nil : try row.decode(column: "organization", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            detail: try row.decode(column: "detail", as: String.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            beforeDigest: try row.decode(column: "before_digest", as: String.self),
            afterDigest: try row.decode(column: "after_digest", as: String.self),
            prevHash: try row.decode(column: "prev_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }
}
