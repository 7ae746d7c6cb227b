import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the guidance service that are not domain rules.
public enum GuidanceServiceFailure: Error, Equatable, Sendable {
    case documentNotFound(String)
    case unknownItem(String)
    case unknownArticle(String)
    case unknownIssuer(String)

    public var message: String {
        switch self {
        case .documentNotFound(let id): "没有编号为“\(id)”的指导材料"
        case .unknownItem(let code): "事项目录中没有事项“\(code)”"
        case .unknownArticle(let text): "法律条文“\(text)”不在法律法规库中（格式：法律名称(版本日期)第N条）"
        case .unknownIssuer(let code): "本区县没有单位“\(code)”"
        }
    }
}

struct GuidanceDocumentRow: Codable, Sendable {
    var county: String
    var id: String
    var version: Int
    var kind: String
    var effectiveOn: String
    var payload: String
    var updatedAt: Int64
}

struct GuidanceDocumentItemRow: Codable, Sendable {
    var county: String
    var item: String
    var id: String
    var version: Int
}

struct DiscretionStandardRow: Codable, Sendable {
    var county: String
    var item: String
    var version: Int
    var effectiveOn: String
    var payload: String
    var updatedAt: Int64
}

/// What an item's page shows of the library on a day: the documents in force that name the item (current
/// versions), the discretion standard in force and every version of it.
public struct ItemGuidance: Sendable {
    public var documents: [GuidanceDocument]
    public var standard: DiscretionStandard?
    public var standardVersions: [DiscretionStandard]
}

/// A discretion standard in force and the rows of it a search matched.
public struct DiscretionMatch: Sendable {
    public var standard: DiscretionStandard
    public var rows: [DiscretionRow]
}

/// The guidance library (DESIGN §7, issue 16 point 4): guidance documents and discretion standards attached to
/// items, published by the competent department (or 编办/司法局) in versions that are all kept. Public reads are of
/// one county; every write is one transaction with its audit entry, under the county's guidance lock.
public struct GuidanceService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    // MARK: reads

    static func documents(county: String, ids: [String]? = nil, on db: any SQLDatabase) async throws
        -> [GuidanceDocument]
    {
        var query: SQLQueryString = "SELECT * FROM guidance_documents WHERE county = \(bind: county)"
        if let ids {
            guard !ids.isEmpty else { return [] }
            query = "\(query) AND id IN (\(binds: ids))"
        }
        return try await db.rows("\(query) ORDER BY id, version", as: GuidanceDocumentRow.self).map {
            try JSONDecoder().decode(GuidanceDocument.self, from: Data($0.payload.utf8))
        }
    }

    static func standards(county: String, item: String? = nil, on db: any SQLDatabase) async throws
        -> [DiscretionStandard]
    {
        var query: SQLQueryString = "SELECT * FROM discretion_standards WHERE county = \(bind: county)"
        if let item { query = "\(query) AND item = \(bind: item)" }
        return try await db.rows("\(query) ORDER BY item, version", as: DiscretionStandardRow.self).map {
            try JSONDecoder().decode(DiscretionStandard.self, from: Data($0.payload.utf8))
        }
    }

    /// Every version of every guidance document of the county, by id then version.
    public func documents(county: String) async throws -> [GuidanceDocument] {
        try await database.read { db in try await Self.documents(county: county, on: db) }
    }

    /// Every version of one document, oldest first; none is a failure.
    public func document(_ id: String, county: String) async throws -> [GuidanceDocument] {
        let versions = try await database.read { db in try await Self.documents(county: county, ids: [id], on: db) }
        guard !versions.isEmpty else { throw GuidanceServiceFailure.documentNotFound(id) }
        return versions
    }

    /// Every version of every discretion standard of the county, by item then version.
    public func standards(county: String) async throws -> [DiscretionStandard] {
        try await database.read { db in try await Self.standards(county: county, on: db) }
    }

    /// Every version of an item's discretion standard, oldest first.
    public func standards(item: String, county: String) async throws -> [DiscretionStandard] {
        try await database.read { db in try await Self.standards(county: county, item: item, on: db) }
    }

    /// What the item's page shows on a day.
    public func forItem(_ code: String, county: String, on day: Day) async throws -> ItemGuidance {
        try await database.read { db in
            let ids = try await db.rows(
                "SELECT * FROM guidance_document_items WHERE county = \(bind: county) AND item = \(bind: code)",
                as: GuidanceDocumentItemRow.self
            ).map(\.id)
            let versions = try await Self.documents(county: county, ids: Array(Set(ids)), on: db)
            let current = Dictionary(grouping: versions, by: \.id).values.compactMap {
                GuidanceRules.current($0, on: day)
            }.filter { $0.itemCodes.contains(code) }
            let standards = try await Self.standards(county: county, item: code, on: db)
            return ItemGuidance(
                documents: current.sorted {
                    (GuidanceKind.allCases.firstIndex(of: $0.kind) ?? 0, $0.id)
                        < (GuidanceKind.allCases.firstIndex(of: $1.kind) ?? 0, $1.id)
                }, standard: GuidanceRules.current(standards, on: day), standardVersions: standards)
        }
    }

    /// The standards in force on a day whose rows match the query (Chinese substring over the item's name and
    /// code, the circumstance, the facts and the penalty), by item code; an empty query matches every row.
    public func search(county: String, query: String, on day: Day) async throws -> [DiscretionMatch] {
        let all = try await standards(county: county)
        return Dictionary(grouping: all, by: \.itemCode).values.compactMap { GuidanceRules.current($0, on: day) }
            .sorted { $0.itemCode < $1.itemCode }
            .compactMap { standard in
                let rows = standard.rows.filter { standard.matches($0, query: query) }
                return rows.isEmpty ? nil : DiscretionMatch(standard: standard, rows: rows)
            }
    }

    /// The active 行政处罚 items a principal may publish a discretion standard for (a department its own; 编办 and
    /// 司法局 every one), by code: the choices of the staff page.
    public func penaltyItems(for principal: Principal) async throws -> [GuidanceItem] {
        guard GuidanceRules.publishers.contains(principal.role) else { return [] }
        return try await database.read { db in
            var query: SQLQueryString = """
                SELECT code FROM power_items WHERE county = \(bind: principal.county) AND category = 'penalty'
                AND status = 'active'
                """
            if principal.role == .department { query = "\(query) AND department = \(bind: principal.organization)" }
            let codes = try await db.raw("\(query) ORDER BY code").all().map {
                try $0.decode(column: "code", as: String.self)
            }
            return try await ItemStore.items(county: principal.county, codes: codes, on: db).map(GuidanceItem.init)
                .filter { GuidanceRules.mayPublish(principal, for: $0) }
        }
    }

    // MARK: writes

    static func items(_ codes: [String], county: String, on db: any SQLDatabase) async throws -> [GuidanceItem] {
        let codes = codes.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        let found = try await ItemStore.items(county: county, codes: Array(Set(codes)), on: db)
        return try codes.map { code in
            guard let item = found.first(where: { $0.code == code }) else {
                throw GuidanceServiceFailure.unknownItem(code)
            }
            return GuidanceItem(item)
        }
    }

    static func issuer(_ principal: Principal, on db: any SQLDatabase) async throws -> GuidanceIssuer {
        guard
            let org = try await OrganizationStore.all(county: principal.county, on: db).first(where: {
                $0.code == principal.organization
            })
        else { throw GuidanceServiceFailure.unknownIssuer(principal.organization) }
        return GuidanceIssuer(code: org.code, name: org.name)
    }

    static func checkArticles(_ rows: [DiscretionRow], on db: any SQLDatabase) async throws {
        for ref in Set(rows.flatMap(\.articles)).sorted(by: { $0.description < $1.description }) {
            let found = try await db.raw(
                """
                SELECT number FROM law_articles WHERE law = \(bind: ref.law) AND version = \(bind: ref.version.iso)
                AND number = \(bind: ref.article)
                """
            ).first()
            guard found != nil else { throw GuidanceServiceFailure.unknownArticle(ref.description) }
        }
    }

    static func lock(_ county: String, on db: any SQLDatabase) async throws {
        try await db.lockForWrite("guidance:" + county)
    }

    /// Publishes a new guidance document (`id` nil) or the next version of one, with its audit entry.
    public func publishDocument(
        _ draft: GuidanceDocument.Draft, revising id: String? = nil, by principal: Principal, at now: Date
    ) async throws -> GuidanceDocument {
        try await database.transaction { db in
            let county = principal.county
            try await Self.lock(county, on: db)
            var previous: GuidanceDocument?
            var before: String?
            let documentID: String
            if let id {
                let versions = try await Self.documents(county: county, ids: [id], on: db)
                guard let last = versions.last else { throw GuidanceServiceFailure.documentNotFound(id) }
                previous = last
                before = try RecordJSON.text(last)
                documentID = id
            } else {
                let n =
                    try await db.raw(
                        "SELECT COUNT(DISTINCT id) AS n FROM guidance_documents WHERE county = \(bind: county)"
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                let number = String(n + 1)
                documentID = "ZN-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number)"
            }
            let items = try await Self.items(draft.itemCodes, county: county, on: db)
            let issuer = try await Self.issuer(principal, on: db)
            let made: GuidanceDocument
            do throws(GuidanceFailure) {
                made = try GuidanceDocument.publish(
                    draft, id: documentID, county: county, items: items, previous: previous, issuer: issuer,
                    by: principal, at: now)
            } catch { throw error }
            let payload = try RecordJSON.text(made)
            try await db.insertRows(
                into: "guidance_documents",
                [
                    GuidanceDocumentRow(
                        county: county, id: made.id, version: made.version, kind: made.kind.rawValue,
                        effectiveOn: made.effectiveOn.iso, payload: payload, updatedAt: now.micros)
                ], columnsPerRow: 7)
            try await db.insertRows(
                into: "guidance_document_items",
                made.itemCodes.map {
                    GuidanceDocumentItemRow(county: county, item: $0, id: made.id, version: made.version)
                }, columnsPerRow: 4)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now,
                    action: id == nil ? "guidance.document.publish" : "guidance.document.revise", subject: made.id,
                    detail:
                        "\(issuer.name)发布\(made.kind.label)《\(made.title)》第 \(made.version) 版（\(made.source)），\(made.effectiveOn.chinese)起施行，关联事项 \(made.itemCodes.count) 项",
                    before: before, after: payload), on: db)
            return made
        }
    }

    /// Publishes the first or the next version of an item's discretion standard, with its audit entry; every
    /// article of its rows must be in the law library.
    public func publishStandard(
        item code: String, _ draft: DiscretionStandard.Draft, by principal: Principal, at now: Date
    ) async throws -> DiscretionStandard {
        try await database.transaction { db in
            let county = principal.county
            try await Self.lock(county, on: db)
            guard let item = try await Self.items([code], county: county, on: db).first else {
                throw GuidanceServiceFailure.unknownItem(code)
            }
            let previous = try await Self.standards(county: county, item: item.code, on: db).last
            let issuer = try await Self.issuer(principal, on: db)
            let made: DiscretionStandard
            do throws(GuidanceFailure) {
                made = try DiscretionStandard.publish(
                    draft, county: county, item: item, previous: previous, issuer: issuer, by: principal, at: now)
            } catch { throw error }
            try await Self.checkArticles(made.rows, on: db)
            let payload = try RecordJSON.text(made)
            try await db.insertRows(
                into: "discretion_standards",
                [
                    DiscretionStandardRow(
                        county: county, item: made.itemCode, version: made.version,
                        effectiveOn: made.effectiveOn.iso, payload: payload, updatedAt: now.micros)
                ], columnsPerRow: 6)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "guidance.discretion.publish",
                    subject: made.itemCode,
                    detail:
                        "\(issuer.name)发布“\(made.itemName)”行政处罚裁量基准第 \(made.version) 版（\(made.source)），\(made.rows.count) 档情节，\(made.effectiveOn.chinese)起施行",
                    before: try previous.map { try RecordJSON.text($0) }, after: payload), on: db)
            return made
        }
    }
}
