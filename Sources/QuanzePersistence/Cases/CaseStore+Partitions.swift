import Foundation
import SQLKit

/// The monthly partitions of `case_records` on PostgreSQL (M050). SQLite has one table and nothing to do.
extension CaseStore {
    /// The partition of a month (`YYYY-MM`), and the first month past it; nil for anything else (such a row stays
    /// in the DEFAULT partition).
    static func partition(of month: String) -> (name: String, next: String)? {
        let parts = month.split(separator: "-", omittingEmptySubsequences: false)
        guard month.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m)
        else { return nil }
        let next = m == 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, m + 1)
        return ("case_records_p\(parts[0])_\(parts[1])", next)
    }

    /// Gives every month of a batch its partition before the batch's transaction, in a short transaction of its
    /// own: attaching a partition locks the DEFAULT partition against every reader, so it is held for the attach
    /// only, never for a whole ingest. Rows of the month already in the DEFAULT partition (a batch that raced this
    /// step) move into the new partition first. A month that has its partition costs one catalogue read.
    static func ensurePartitions(months: Set<String>, in database: any Database) async throws {
        guard database.dialect == .postgres else { return }
        let wanted = months.compactMap { month in partition(of: month).map { (month, $0.name, $0.next) } }
        guard !wanted.isEmpty else { return }
        @Sendable func existing(_ db: any SQLDatabase) async throws -> Set<String> {
            Set(
                try await db.raw(
                    """
                    SELECT c.relname::text AS relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'case_records'::regclass
                    """
                ).all().map { try $0.decode(column: "relname", as: String.self) })
        }
        let present = try await database.read { db in try await existing(db) }
        guard wanted.contains(where: { !present.contains($0.1) }) else { return }
        try await database.transaction { db in
            try await db.lockForWrite("case_records:partitions")
            let present = try await existing(db)
            // Names and bounds come from `partition(of:)`, digits and a dash only; DDL takes no bound parameters.
            for (month, name, next) in wanted.sorted(by: { $0.0 < $1.0 }) where !present.contains(name) {
                try await db.raw("CREATE TABLE \(ident: name) (LIKE case_records INCLUDING DEFAULTS)").run()
                try await db.raw(
                    "INSERT INTO \(ident: name) SELECT * FROM case_records_default WHERE month = \(bind: month)"
                ).run()
                try await db.raw("DELETE FROM case_records_default WHERE month = \(bind: month)").run()
                try await db.raw(
                    """
                    ALTER TABLE case_records ATTACH PARTITION \(ident: name)
                    FOR VALUES FROM (\(literal: month)) TO (\(literal: next))
                    """
                ).run()
            }
        }
    }
}
