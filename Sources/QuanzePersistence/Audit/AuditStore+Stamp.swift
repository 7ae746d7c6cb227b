import Foundation
import SQLKit

extension AuditStore {
    /// The chain of the data every county shares (laws, divisions, holidays).
    public static let globalChain = "000000"

    /// The stamp of a county's data: the heads of its audit chain and of the global chain. Every change writes its
    /// audit entry in its own transaction, so two reads with equal stamps read the same data. Read the stamp before
    /// the data: a change made between the two leaves data newer than its stamp, never older.
    public func stamp(county: String) async throws -> String {
        // One statement (one round trip on PostgreSQL): each head is the last entry of its chain in the
        // (county, seq) index.
        try await database.read { db in
            let row = try await db.raw(
                """
                SELECT
                (SELECT seq FROM audit_entries WHERE county = \(bind: county) ORDER BY seq DESC LIMIT 1) AS county_head,
                (SELECT seq FROM audit_entries WHERE county = \(bind: Self.globalChain) ORDER BY seq DESC LIMIT 1)
                AS global_head
                """
            ).first()
            guard let row else { return "0/0" }
            let countyHead = try row.decode(column: "county_head", as: Int64?.self) ?? 0
            let globalHead = try row.decode(column: "global_head", as: Int64?.self) ?? 0
            return "\(countyHead)/\(globalHead)"
        }
    }
}
