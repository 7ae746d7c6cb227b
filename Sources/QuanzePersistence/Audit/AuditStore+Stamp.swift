import Foundation
import SQLKit

extension AuditStore {
    /// The chain of the data every county shares (laws, divisions, holidays).
    public static let globalChain = "000000"

    /// The stamp of a county's data: the heads of its audit chain and of the global chain. Every change writes its
    /// audit entry in its own transaction, so two reads with equal stamps read the same data. Read the stamp before
    /// the data: a change made between the two leaves data newer than its stamp, never older.
    public func stamp(county: String) async throws -> String {
        try await database.read { db in
            var heads: [String] = []
            for chain in [county, Self.globalChain] {
                let seq = try await db.raw(
                    "SELECT seq FROM audit_entries WHERE county = \(bind: chain) ORDER BY seq DESC LIMIT 1"
                ).first()?.decode(column: "seq", as: Int64.self)
                heads.append(String(seq ?? 0))
            }
            return heads.joined(separator: "/")
        }
    }
}
