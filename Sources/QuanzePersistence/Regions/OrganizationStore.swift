import QuanzeDomain
import SQLKit

struct OrganizationRow: Codable, Sendable {
    var county: String
    var code: String
    var name: String
    var kind: String
    var parent: String?
    var stationedAt: String?
    var creditCode: String?
    var isEstablishment: Int
    var isJustice: Int
    var retiredOn: String?
    var documentPrefix: String?
}

/// Organisations of a county (departments, township-level units, squads, offices …).
public struct OrganizationStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func upsert(_ orgs: [Organization], on db: any SQLDatabase) async throws {
        let rows = orgs.map {
            OrganizationRow(
                county: $0.county, code: $0.code, name: $0.name, kind: $0.kind.key, parent: $0.parent,
                stationedAt: $0.stationedAt, creditCode: $0.creditCode,
                isEstablishment: $0.isEstablishmentOffice ? 1 : 0,
                isJustice: $0.isJusticeBureau ? 1 : 0, retiredOn: $0.retiredOn?.iso,
                documentPrefix: $0.documentPrefix)
        }
        try await db.insertRows(into: "organizations", rows, upsertKeys: ["county", "code"], columnsPerRow: 11)
    }

    /// One organisation by its code (the hot path of every signed-in request reads only this row).
    public func find(county: String, code: String) async throws -> Organization? {
        try await database.read { db in try await Self.find(county: county, code: code, on: db) }
    }

    static func find(county: String, code: String, on db: any SQLDatabase) async throws -> Organization? {
        try await all(county: county, where: "AND code = \(bind: code)", on: db).first
    }

    public func all(county: String) async throws -> [Organization] {
        try await database.read { db in try await Self.all(county: county, on: db) }
    }

    /// The county's 编办 offices and its government: the bodies a page frame may name as the issuer (a province
    /// county has a hundred organisations; the frame reads these few on every page).
    public func issuers(county: String) async throws -> [Organization] {
        try await database.read { db in
            try await Self.all(
                county: county, where: "AND (is_establishment <> 0 OR kind = 'county-government')", on: db)
        }
    }

    static func all(county: String, where extra: SQLQueryString = "", on db: any SQLDatabase) async throws
        -> [Organization]
    {
        try await db.rows(
            "SELECT * FROM organizations WHERE county = \(bind: county) \(extra) ORDER BY code",
            as: OrganizationRow.self
        )
        .compactMap { row in
            guard let kind = OrganizationKind(key: row.kind) else { return nil }
            return Organization(
                code: row.code, county: row.county, name: row.name, kind: kind, parent: row.parent,
                stationedAt: row.stationedAt, creditCode: row.creditCode,
                isEstablishmentOffice: row.isEstablishment != 0,
                isJusticeBureau: row.isJustice != 0, retiredOn: row.retiredOn.flatMap(Day.init(iso:)),
                documentPrefix: row.documentPrefix)
        }
    }

    /// The counties set up in this database (those with a county government), in code order.
    public func counties() async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                "SELECT DISTINCT county FROM organizations WHERE kind = 'county-government' ORDER BY county"
            ).all().map { try $0.decode(column: "county", as: String.self) }
        }
    }

    /// Names of the county's active departments (the partner departments of entries, the organisers of courses):
    /// a retired department takes nothing new.
    static func departmentNames(county: String, on db: any SQLDatabase) async throws -> Set<String> {
        Set(try await departments(county: county, on: db).map(\.name))
    }

    /// The county's active departments, for imports that name a department by code or exact name.
    static func departments(county: String, on db: any SQLDatabase) async throws -> [Organization] {
        try await all(county: county, on: db).filter { $0.kind == .department && !$0.isRetired }
    }

    /// Code → name of every organisation of the county, retired ones included (history still names them).
    static func names(county: String, on db: any SQLDatabase) async throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try await db.raw("SELECT code, name FROM organizations WHERE county = \(bind: county)").all() {
            names[try row.decode(column: "code", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }
}
