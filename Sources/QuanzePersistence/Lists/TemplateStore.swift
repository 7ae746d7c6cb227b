import QuanzeDomain
import SQLKit

struct TemplateRow: Codable, Sendable {
    var county: String
    var kind: String
    var itemCode: String
    var decision: String
}

/// The statutory templates of a county (镇 and 街道 differ).
public struct TemplateStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func save(county: String, entries: [(TemplateKind, String, String)], on db: any SQLDatabase) async throws {
        let rows = entries.map { TemplateRow(county: county, kind: $0.0.rawValue, itemCode: $0.1, decision: $0.2) }
        try await db.insertRows(
            into: "statutory_templates", rows, upsertKeys: ["county", "kind", "item_code"], columnsPerRow: 4)
    }

    public func template(county: String, kind: TemplateKind) async throws -> StatutoryTemplate {
        let codes = try await database.read { db in
            try await db.raw(
                "SELECT item_code FROM statutory_templates WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue) ORDER BY item_code"
            ).all().map { try $0.decode(column: "item_code", as: String.self) }
        }
        return StatutoryTemplate(county: county, kind: kind, itemCodes: codes)
    }
}
