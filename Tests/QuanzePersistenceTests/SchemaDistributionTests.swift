import Foundation
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// The schema distributes by county (DESIGN §10, README "Scale and distributed deployment"): on Citus or YugabyteDB
/// a table sharded on `county` keeps each county's rows, and each county's transaction, on one shard — which holds
/// only if every primary and unique key leads with `county` (a unique key that does not hold the distribution column
/// cannot be enforced per shard), and every index leads with it too, so a county's reads walk that county's part of
/// the index. This reads the migrated schema from the engine's own catalogue and names every key that breaks it.
@Suite("Schema: every key and index leads with the county, except the global reference tables")
struct SchemaDistributionTests {
    /// Tables that are global by nature, each with why: on Citus they become reference tables (copied to every node)
    /// or stay on the coordinator, never sharded by county. Keep this list short; a new table belongs here only if
    /// no county owns its rows.
    static let globalTables: [String: String] = [
        // The migrator's own bookkeeping: one row per schema step for the whole database.
        "schema_migrations": "schema steps",
        // Administrative divisions (GB/T 2260): the province, its cities, counties and townships, shared by all.
        "regions": "divisions",
        // The law library: a law and its articles are the same text for every county that cites them.
        "law_versions": "laws",
        "law_articles": "statute articles",
        // The State Council's holiday calendar: the same working days everywhere.
        "holidays": "national calendar",
        // Sign-in comes before any county is known: an account is found by its user name, a session and an API
        // token by the hash of the secret the client holds, failed logins by user name. Small tables, kept on the
        // coordinator (Citus) — the account row itself names its county.
        "accounts": "sign-in by user name",
        "login_failures": "sign-in throttling by user name",
        "sessions": "found by the cookie's hash",
        "api_tokens": "found by the token's hash",
    ]

    /// Indexes of county tables that may lead with another column, each with why. Only unique keys must hold the
    /// distribution column; a plain index is local to each shard.
    static let indexExceptions: [String: String] = [
        // Importing the law library counts, per law version, the citations of every county (`LawImporter`): a
        // question about a law, not about a county, asked once per import.
        "item_legal_bases_law": "citations of a law across counties"
    ]

    /// One index or key of a table, its columns in order.
    struct Key: Sendable, CustomStringConvertible {
        var table: String
        var name: String
        var unique: Bool
        var primary: Bool
        var columns: [String]
        var description: String {
            "\(table).\(name)\(primary ? " (primary key)" : unique ? " (unique)" : "") (\(columns.joined(separator: ", ")))"
        }
    }

    /// The tables (partitions excluded: they repeat their parent's keys) and their keys, from the catalogue.
    static func schema(_ database: any Database) async throws -> (tables: Set<String>, keys: [Key]) {
        try await database.read { db in
            if database.dialect == .postgres {
                let tables = Set(
                    try await db.raw(
                        """
                        SELECT c.relname::text AS relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                        """
                    ).all().map { try $0.decode(column: "relname", as: String.self) })
                let keys = try await db.raw(
                    """
                    SELECT t.relname::text AS tbl, i.relname::text AS idx, x.indisunique AS uniq, x.indisprimary AS pk,
                      (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord)
                       FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
                    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND NOT t.relispartition
                    """
                ).all().map { row in
                    Key(
                        table: try row.decode(column: "tbl", as: String.self),
                        name: try row.decode(column: "idx", as: String.self),
                        unique: try row.decode(column: "uniq", as: Bool.self),
                        primary: try row.decode(column: "pk", as: Bool.self),
                        columns: (try row.decode(column: "cols", as: String?.self) ?? "").split(separator: ",").map(
                            String.init))
                }
                return (tables, keys)
            }
            let tables = try await db.raw(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).all().map { try $0.decode(column: "name", as: String.self) }
            var keys: [Key] = []
            for table in tables {
                // The primary key from the columns' positions in it (a rowid table's key has no index of its own
                // when it is an INTEGER PRIMARY KEY).
                let pk = try await db.raw("SELECT name, pk FROM pragma_table_info(\(bind: table)) WHERE pk > 0").all()
                    .map { (try $0.decode(column: "pk", as: Int.self), try $0.decode(column: "name", as: String.self)) }
                    .sorted { $0.0 < $1.0 }.map(\.1)
                if !pk.isEmpty {
                    keys.append(Key(table: table, name: "primary key", unique: true, primary: true, columns: pk))
                }
                for index in try await db.raw(
                    "SELECT name, \"unique\" AS uniq, origin FROM pragma_index_list(\(bind: table))"
                ).all() where try index.decode(column: "origin", as: String.self) != "pk" {
                    let name = try index.decode(column: "name", as: String.self)
                    let columns = try await db.raw(
                        "SELECT name FROM pragma_index_info(\(bind: name)) ORDER BY seqno"
                    ).all().map { try $0.decode(column: "name", as: String?.self) ?? "" }
                    keys.append(
                        Key(
                            table: table, name: name, unique: try index.decode(column: "uniq", as: Int.self) != 0,
                            primary: false, columns: columns))
                }
            }
            return (Set(tables), keys)
        }
    }

    /// What breaks the rule in `database`: county tables without a primary key, and keys or indexes of county
    /// tables that do not lead with county (allow-listed indexes aside; a unique key is never excused).
    static func offences(_ database: any Database) async throws -> [String] {
        let (tables, keys) = try await schema(database)
        let countyTables = tables.subtracting(globalTables.keys)
        let withoutKey = countyTables.filter { table in !keys.contains { $0.table == table && $0.primary } }
        let offending = keys.filter { key in
            countyTables.contains(key.table) && key.columns.first != "county"
                && (key.unique || indexExceptions[key.name] == nil)
        }
        return withoutKey.map { "\($0): no primary key" }.sorted() + offending.map(\.description).sorted()
    }

    @Test(
        "every county table's primary key, unique keys and indexes lead with county; the allow-lists name real ones",
        arguments: Engine.available)
    func keysLeadWithCounty(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: a database migrated to the last step
            // act
            let offences = try await Self.offences(database)
            let (tables, keys) = try await Self.schema(database)
            // check
            #expect(offences == [])
            #expect(Set(Self.globalTables.keys).subtracting(tables).sorted() == [], "allow-listed tables that are gone")
            #expect(
                Set(Self.indexExceptions.keys).subtracting(keys.map(\.name)).sorted() == [],
                "allow-listed indexes that are gone")
            #expect(
                keys.contains { $0.table == "case_records" && $0.primary && $0.columns.first == "county" },
                "the catalogue read sees the largest table's key")
        }
    }

    @Test(
        "a table keyed without county first is named, with each key that breaks the rule", arguments: Engine.available)
    func offendersAreNamed(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await database.transaction { db in
                try await db.raw("CREATE TABLE bad_things (id TEXT PRIMARY KEY, county TEXT NOT NULL, name TEXT)").run()
                try await db.raw("CREATE UNIQUE INDEX bad_things_name ON bad_things (name, county)").run()
                try await db.raw("CREATE INDEX bad_things_county ON bad_things (county, name)").run()
                try await db.raw("CREATE TABLE keyless (county TEXT NOT NULL)").run()
                try await db.raw("CREATE UNIQUE INDEX item_legal_bases_law2 ON item_legal_bases (law, county)").run()
            }
            // act
            let offences = try await Self.offences(database)
            // check
            let pk = database.dialect == .postgres ? "bad_things_pkey" : "primary key"
            #expect(
                offences == [
                    "keyless: no primary key", "bad_things.bad_things_name (unique) (name, county)",
                    "bad_things.\(pk) (primary key) (id)",
                    "item_legal_bases.item_legal_bases_law2 (unique) (law, county)",
                ])
        }
    }
}
