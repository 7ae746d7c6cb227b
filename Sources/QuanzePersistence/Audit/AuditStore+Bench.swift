import Crypto
import Foundation
import SQLKit

/// A deterministic synthetic audit chain for benchmarks: realistic field sizes, correct links and hashes, so that
/// verifying it costs exactly what verifying a real chain of the same length costs. Only the benchmark uses it.
package struct SyntheticAuditChain: Sendable {
    package let county: String
    /// The sequence number the next generated entry gets.
    package private(set) var next: Int64 = 1
    private var previous = AuditStore.genesis
    private var buffer: [UInt8] = []

    package init(county: String) { self.county = county }

    /// The next entry, linked to the previous one and hashed as `AuditStore.append` would hash it.
    mutating func nextRow() -> AuditRow {
        let seq = next
        var row = AuditRow(
            county: county, seq: seq, at: 1_700_000_000_000_000 + seq * 1_000_000, actor: "editor\(seq % 40)",
            role: "editor", organization: seq % 3 == 0 ? nil : "大安区司法局", action: "list.apply",
            subject: "5103041\(seq % 15 + 10)000", detail: "依据大安编发〔2023〕\(seq % 97 + 1)号调整赋权事项 \(seq % 500) 项",
            outcome: "ok", beforeDigest: sha256Hex("before \(seq)"), afterDigest: sha256Hex("after \(seq)"),
            prevHash: previous, hash: "")
        AuditStore.preimage(row, into: &buffer)
        row.hash = hex(SHA256.hash(data: buffer))
        previous = row.hash
        next += 1
        return row
    }

    /// The exact bytes the next `count` entries hash to (their preimages), advancing the chain: what a raw SHA-256
    /// baseline hashes.
    package mutating func nextPreimages(_ count: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let row = nextRow()
            var bytes: [UInt8] = []
            AuditStore.preimage(row, into: &bytes)
            out.append(bytes)
        }
        return out
    }
}

extension AuditStore {
    /// Writes a synthetic chain of `count` entries for `county` (which must have none yet) in multi-row INSERTs,
    /// 50,000 entries per transaction; `progress` gets the number written so far.
    package static func loadSyntheticChain(
        county: String, count: Int, on database: any Database, progress: (Int) -> Void = { _ in }
    ) async throws {
        var chain = SyntheticAuditChain(county: county)
        var written = 0
        while written < count {
            let batch = (0..<min(50_000, count - written)).map { _ in chain.nextRow() }
            try await database.transaction { db in
                // 2,000 rows × 14 columns = 28,000 binds: under SQLite's 32,766 and PostgreSQL's 65,535.
                for start in stride(from: 0, to: batch.count, by: 2_000) {
                    var insert = db.insert(into: "audit_entries").columns(columns)
                    for row in batch[start..<min(start + 2_000, batch.count)] { insert = insert.values(row.binds) }
                    try await insert.run()
                }
            }
            written += batch.count
            progress(written)
        }
    }
}

extension AuditRow {
    /// The values in the order of `AuditStore.columns`.
    var binds: [any SQLExpression] {
        [
            SQLBind(county), SQLBind(seq), SQLBind(at), SQLBind(actor), SQLBind(role),
            organization.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null, SQLBind(action), SQLBind(subject),
            SQLBind(detail),
            SQLBind(outcome), SQLBind(beforeDigest), SQLBind(afterDigest), SQLBind(prevHash), SQLBind(hash),
        ]
    }
}
