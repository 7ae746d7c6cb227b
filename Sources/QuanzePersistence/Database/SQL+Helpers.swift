import Foundation
import SQLKit
import Synchronization

extension SQLDatabase {
    /// Inserts rows in multi-row statements sized under both engines' bind limits.
    func insertRows<Row: Encodable & Sendable>(
        into table: String, _ rows: [Row], upsertKeys: [String]? = nil, columnsPerRow: Int
    ) async throws {
        guard !rows.isEmpty else { return }
        let chunk = max(1, 30000 / max(columnsPerRow, 1))
        var start = 0
        while start < rows.count {
            let slice = Array(rows[start..<min(start + chunk, rows.count)])
            let builder = try self.insert(into: table).models(
                slice, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            if let keys = upsertKeys, let first = slice.first {
                let encoded = try SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
                    .encode(first).map(\.0)
                let others = encoded.filter { !keys.contains($0) }
                if others.isEmpty {
                    // Every column is part of the key: an existing row is already what we would write.
                    builder.ignoringConflicts(with: keys)
                } else {
                    builder.onConflict(with: keys) { update in
                        var u = update
                        for column in others { u = u.set(excludedValueOf: column) }
                        return u
                    }
                }
            }
            try await builder.run()
            start += chunk
        }
    }

    /// Decodes every row of a query into a `…Row` struct whose properties are the camel-case column names.
    func rows<Row: Decodable>(_ query: SQLQueryString, as: Row.Type) async throws -> [Row] {
        try await self.raw(query).all().map {
            try $0.decode(model: Row.self, keyDecodingStrategy: ColumnNames.strategy)
        }
    }
}

/// The column name of a `…Row` property (`parentCode` → `parent_code`), converted once per name and then read
/// from a cache: SQLKit's `.convertFromSnakeCase` converts the name again for every field of every row, which was
/// a third of a township page's time (the catalogue rows of 700 entries, the lifecycle rows).
enum ColumnNames {
    private static let cache = Mutex<[String: String]>([:])

    static let strategy = SQLRowDecoder.KeyDecodingStrategy.custom { path in
        ColumnKey(stringValue: column(path.last?.stringValue ?? ""))
    }

    static func column(_ property: String) -> String {
        if let known = cache.withLock({ $0[property] }) { return known }
        var out = ""
        for ch in property {
            if ch.isUppercase {
                out.append("_")
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        cache.withLock { $0[property] = out }
        return out
    }

    struct ColumnKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension Date {
    /// Microseconds since 1970: exact, portable, and ordered in both engines.
    var micros: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }

    init(micros: Int64) { self.init(timeIntervalSince1970: Double(micros) / 1_000_000) }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`.
func likePattern(_ text: String) -> String {
    var out = "%"
    for ch in text {
        if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
        out.append(ch)
    }
    return out + "%"
}

/// The JSON form of stored lifecycle records (delegations, agencies): keys sorted, so one record always reads the
/// same and the audit's before/after texts compare byte for byte.
enum RecordJSON {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension SQLDatabase {
    /// Serialises the writers of one key (a county's workflow, an audit chain, an idempotency key) until the
    /// transaction ends: a transaction-scoped advisory lock on PostgreSQL. SQLite has one writer at a time, so it has
    /// nothing to do.
    func lockForWrite(_ key: String) async throws {
        guard dialect.name == "postgresql" else { return }
        try await raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
    }
}

/// Values our own code formats, written into a statement's text instead of bound: a whole number, or a text made
/// only of digits, ASCII letters, '-' and '_' (a day, a month, an enum's code). SQLite encodes each bound value on
/// its own, and a batch's thousand-row upserts bind tens of thousands of them. Measured in a bulk ingest (mean of 68
/// batches of 1,000 records), the cells upsert took 28.8 ms bound and 20.2 ms inline, the records' insert 29.8 ms
/// and 24.1 ms. Text from outside (names, ids, codes sent by a client) is always bound.
enum SQLInline {
    static func int(_ value: Int64?) -> any SQLExpression {
        value.map { SQLRaw(String($0)) } ?? SQLLiteral.null
    }

    static func int(_ value: Int?) -> any SQLExpression { int(value.map(Int64.init)) }

    /// `value` quoted when it is plain (see above), else bound.
    static func text(_ value: String?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        let plain = value.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
                || $0 == 0x5F
        }
        return plain ? SQLRaw("'" + value + "'") : SQLBind(value)
    }
}

/// Several columns read as one text joined by `|` (a read of thousands of rows decodes one column per row instead
/// of several: SQLKit decodes each column by name through a generic decoder).
enum PackedText {
    /// The fields of `text`, split at its first `maxSplits` bars (the last field may hold more). Bytes are
    /// compared, not characters: a bar is one byte in UTF-8 and never part of another character.
    static func fields(_ text: String, maxSplits: Int) -> [Substring] {
        let utf8 = text.utf8
        var fields: [Substring] = []
        fields.reserveCapacity(maxSplits + 1)
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex, fields.count < maxSplits {
            if utf8[i] == UInt8(ascii: "|") {
                fields.append(text[start..<i])
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        fields.append(text[start...])
        return fields
    }
}
