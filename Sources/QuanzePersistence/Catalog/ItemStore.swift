import QuanzeDomain
import SQLKit

struct ItemRow: Codable, Sendable {
    var county: String
    var code: String
    var name: String
    var category: String
    var parentCode: String?
    var department: String
    var duties: String
    var accountability: String
    var statutoryLimit: String?
    var promisedLimit: String?
    var requirements: String
    var platformCode: String?
    var status: String
    var version: Int
    var validFrom: String?
    var validTo: String?
    var competentLevel: String
    /// `;`-separated citations (`ArticleRef.description`).
    var levelBasis: String
}

extension ItemRow {
    /// Reads the columns by name, as `AssignmentRow` does: a township's lists decode a catalogue row per entry,
    /// and the generic decoder (a `Decoder` per row, a key lookup per field) was half of a list read's time.
    init(row: any SQLRow) throws {
        func optional(_ column: String) throws -> String? {
            try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self)
        }
        self.init(
            county: try row.decode(column: "county", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            category: try row.decode(column: "category", as: String.self), parentCode: try optional("parent_code"),
            department: try row.decode(column: "department", as: String.self),
            duties: try row.decode(column: "duties", as: String.self),
            accountability: try row.decode(column: "accountability", as: String.self),
            statutoryLimit: try optional("statutory_limit"), promisedLimit: try optional("promised_limit"),
            requirements: try row.decode(column: "requirements", as: String.self),
            platformCode: try optional("platform_code"), status: try row.decode(column: "status", as: String.self),
            version: try row.decode(column: "version", as: Int.self), validFrom: try optional("valid_from"),
            validTo: try optional("valid_to"),
            competentLevel: try row.decode(column: "competent_level", as: String.self),
            levelBasis: try row.decode(column: "level_basis", as: String.self))
    }
}

extension LegalBasisRow {
    init(row: any SQLRow) throws {
        self.init(
            county: try row.decode(column: "county", as: String.self),
            itemCode: try row.decode(column: "item_code", as: String.self),
            position: try row.decode(column: "position", as: Int.self),
            law: try row.decode(column: "law", as: String.self),
            version: try row.decode(column: "version", as: String.self),
            article: try row.decode(column: "article", as: Int.self))
    }
}

struct LegalBasisRow: Codable, Sendable {
    var county: String
    var itemCode: String
    var position: Int
    var law: String
    var version: String
    var article: Int
}

/// Filters of the catalogue page and API.
public struct ItemFilter: Sendable, Equatable {
    public var query: String?
    public var category: ItemCategory?
    public var department: String?
    /// Only items on this list of some township as of `asOf`.
    public var list: ListKind?
    public var asOf: Day
    public var limit: Int
    public var offset: Int

    public init(
        query: String? = nil, category: ItemCategory? = nil, department: String? = nil, list: ListKind? = nil,
        asOf: Day, limit: Int = 50, offset: Int = 0
    ) {
        self.query = query
        self.category = category
        self.department = department
        self.list = list
        self.asOf = asOf
        self.limit = limit
        self.offset = offset
    }
}

/// The county's catalogue of power items.
public struct ItemStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Inserts or replaces items and their legal bases (idempotent by code).
    public func save(_ items: [PowerItem], on db: any SQLDatabase) async throws {
        guard let county = items.first?.county else { return }
        // Items store their department's code; one built from a name only is resolved here (the demo's catalogue).
        let codeOfName = Dictionary(
            try await OrganizationStore.names(county: county, on: db).map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = items.map { i in
            ItemRow(
                county: i.county, code: i.code, name: i.name, category: i.category.rawValue, parentCode: i.parentCode,
                department: i.departmentCode ?? codeOfName[i.department] ?? i.department, duties: i.duties,
                accountability: i.accountability,
                statutoryLimit: i.statutoryLimit?.description, promisedLimit: i.promisedLimit?.description,
                requirements: i.requirements.map(\.code).joined(separator: ";"), platformCode: i.platformCode,
                status: i.status.rawValue, version: i.version, validFrom: i.validFrom?.iso, validTo: i.validTo?.iso,
                competentLevel: i.competentLevel.rawValue,
                levelBasis: i.levelBasis.map(\.description).joined(separator: ";"))
        }
        try await db.insertRows(into: "power_items", rows, upsertKeys: ["county", "code"], columnsPerRow: 18)
        for chunk in stride(from: 0, to: items.count, by: 500) {
            let codes = items[chunk..<min(chunk + 500, items.count)].map(\.code)
            try await db.delete(from: "item_legal_bases").where("county", .equal, county).where(
                "item_code", .in, codes
            ).run()
        }
        let bases = items.flatMap { i in
            i.legalBases.enumerated().map { index, ref in
                LegalBasisRow(
                    county: i.county, itemCode: i.code, position: index, law: ref.law, version: ref.version.iso,
                    article: ref.article)
            }
        }
        try await db.insertRows(into: "item_legal_bases", bases, columnsPerRow: 6)
    }

    public func codes(county: String) async throws -> Set<String> {
        try await database.read { db in try await Self.codes(county: county, on: db) }
    }

    static func codes(county: String, on db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw("SELECT code FROM power_items WHERE county = \(bind: county)").all().map {
                try $0.decode(column: "code", as: String.self)
            })
    }

    public func item(county: String, code: String) async throws -> PowerItem? {
        try await items(county: county, codes: [code]).first
    }

    /// Items by code, with their legal bases.
    public func items(county: String, codes: [String]) async throws -> [PowerItem] {
        guard !codes.isEmpty else { return [] }
        return try await database.read { db in try await Self.items(county: county, codes: codes, on: db) }
    }

    /// Items by code with their legal bases, inside a caller's read or transaction.
    static func items(county: String, codes: [String], on db: any SQLDatabase) async throws -> [PowerItem] {
        var rows: [ItemRow] = []
        for start in stride(from: 0, to: codes.count, by: 500) {
            rows += try await db.select().column("*").from("power_items").where("county", .equal, county)
                .where("code", .in, Array(codes[start..<min(start + 500, codes.count)])).all().map(ItemRow.init(row:))
        }
        return assemble(
            rows, try await basisRows(county: county, codes: codes, on: db),
            names: try await OrganizationStore.names(county: county, on: db))
    }

    /// One page of the catalogue and the total count matching the filter.
    public func search(county: String, filter: ItemFilter) async throws -> (items: [PowerItem], total: Int) {
        try await database.read { db in
            var conditions: [SQLQueryString] = []
            if let text = filter.query?.trimmingSpaces(), !text.isEmpty {
                let pattern = likePattern(text)
                conditions.append("(name LIKE \(bind: pattern) ESCAPE '\\' OR code LIKE \(bind: pattern) ESCAPE '\\')")
            }
            if let category = filter.category {
                // 行政强制 matches both of its kinds.
                var kinds: SQLQueryString = "\(bind: category.rawValue)"
                for kind in category.matching where kind != category { kinds = kinds + ", " + "\(bind: kind.rawValue)" }
                conditions.append("category IN (" + kinds + ")")
            }
            if let department = filter.department { conditions.append(Self.department(is: department, county: county)) }
            if let list = filter.list {
                conditions.append(
                    """
                    code IN (SELECT item_code FROM assignments WHERE county = \(bind: county) AND list = \(bind: list.rawValue)
                    AND superseded_at IS NULL AND valid_from <= \(bind: filter.asOf.iso)
                    AND (valid_to IS NULL OR valid_to > \(bind: filter.asOf.iso)))
                    """)
            }
            var whereClause: SQLQueryString = "county = \(bind: county)"
            for c in conditions { whereClause = whereClause + " AND " + c }
            let total =
                try await db.raw("SELECT COUNT(*) AS n FROM power_items WHERE " + whereClause).first()?.decode(
                    column: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                "SELECT * FROM power_items WHERE " + whereClause
                    + " ORDER BY code LIMIT \(literal: filter.limit) OFFSET \(literal: filter.offset)"
            ).all().map(ItemRow.init(row:))
            let bases = try await Self.basisRows(county: county, codes: rows.map(\.code), on: db)
            return (
                Self.assemble(rows, bases, names: try await OrganizationStore.names(county: county, on: db)), total
            )
        }
    }

    /// Names of the departments that are competent for at least one item, for the filter bar.
    public func departments(county: String) async throws -> [String] {
        try await database.read { db in
            let names = try await OrganizationStore.names(county: county, on: db)
            return try await db.raw("SELECT DISTINCT department FROM power_items WHERE county = \(bind: county)")
                .all().map { names[try $0.decode(column: "department", as: String.self)] ?? "" }
                .filter { !$0.isEmpty }.sorted()
        }
    }

    /// The condition "the item's department is this one", given its code or its current name (filters of pages and
    /// the API name departments as users see them).
    static func department(is text: String, county: String) -> SQLQueryString {
        "(department = \(bind: text) OR department IN (SELECT code FROM organizations WHERE county = \(bind: county) AND name = \(bind: text)))"
    }

    /// Codes of the items whose parent is `code`.
    public func children(county: String, of code: String) async throws -> [PowerItem] {
        let codes = try await database.read { db in
            try await db.raw(
                "SELECT code FROM power_items WHERE county = \(bind: county) AND parent_code = \(bind: code) ORDER BY code"
            ).all().map { try $0.decode(column: "code", as: String.self) }
        }
        return try await items(county: county, codes: codes)
    }

    /// The legal bases of items by code (item code → citations in their order), without the rest of the items:
    /// the analysis needs only these, and assembling whole items was 6 % of it.
    public func legalBases(county: String, codes: [String]) async throws -> [String: [ArticleRef]] {
        guard !codes.isEmpty else { return [:] }
        return try await database.read { db in
            Self.citations(try await Self.basisRows(county: county, codes: codes, on: db))
        }
    }

    /// The stored legal-basis rows of items by code, 500 codes a query.
    static func basisRows(county: String, codes: [String], on db: any SQLDatabase) async throws -> [LegalBasisRow] {
        var bases: [LegalBasisRow] = []
        for start in stride(from: 0, to: codes.count, by: 500) {
            bases += try await db.select().column("*").from("item_legal_bases").where("county", .equal, county)
                .where("item_code", .in, Array(codes[start..<min(start + 500, codes.count)])).orderBy("position")
                .all().map(LegalBasisRow.init(row:))
        }
        return bases
    }

    /// The requirements of items by code (unknown codes are left out), without the rest of the items.
    static func requirements(county: String, codes: [String], on db: any SQLDatabase) async throws
        -> [String: [Requirement]]
    {
        var out: [String: [Requirement]] = [:]
        for start in stride(from: 0, to: codes.count, by: 500) {
            let slice = Array(codes[start..<min(start + 500, codes.count)])
            for row in try await db.select().column("code").column("requirements").from("power_items")
                .where("county", .equal, county).where("code", .in, slice).all()
            {
                out[try row.decode(column: "code", as: String.self)] =
                    Requirement.parseList(try row.decode(column: "requirements", as: String.self)).known
            }
        }
        return out
    }

    /// Stored legal bases as citations, by item, in their order.
    static func citations(_ bases: [LegalBasisRow]) -> [String: [ArticleRef]] {
        Dictionary(grouping: bases, by: \.itemCode).mapValues { rows in
            rows.sorted { $0.position < $1.position }.compactMap { b in
                Day(iso: b.version).map { ArticleRef(law: b.law, version: $0, article: b.article) }
            }
        }
    }

    /// Items from their rows; `names` turns each stored department code into the department's current name.
    static func assemble(_ rows: [ItemRow], _ bases: [LegalBasisRow], names: [String: String]) -> [PowerItem] {
        let byItem = citations(bases)
        return rows.compactMap { r in
            guard let category = ItemCategory(rawValue: r.category) else { return nil }
            let refs = byItem[r.code] ?? []
            return PowerItem(
                county: r.county, code: r.code, name: r.name, category: category, parentCode: r.parentCode,
                department: names[r.department] ?? r.department, legalBases: refs, duties: r.duties,
                accountability: r.accountability,
                statutoryLimit: r.statutoryLimit.flatMap(TimeLimit.init(parsing:)),
                promisedLimit: r.promisedLimit.flatMap(TimeLimit.init(parsing:)),
                requirements: Requirement.parseList(r.requirements).known, platformCode: r.platformCode,
                status: PowerItem.Status(rawValue: r.status) ?? .active, version: r.version,
                validFrom: r.validFrom.flatMap(Day.init(iso:)), validTo: r.validTo.flatMap(Day.init(iso:)),
                departmentCode: names[r.department] == nil ? nil : r.department,
                competentLevel: CompetentLevel(rawValue: r.competentLevel) ?? .county,
                levelBasis: r.levelBasis.split(separator: ";").compactMap { ArticleRef(parsing: String($0)) })
        }.sorted { $0.code < $1.code }
    }
}
