import Foundation
import QuanzeDomain
import SQLKit

/// `quanze import items` and `quanze import assignments`: validate every row, then write all or nothing.
public struct CatalogImporter: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    static func table(_ data: Data, required: [String]) throws -> [CSVRow] {
        do throws(CSVReader.Failure) {
            return try CSVReader.table(try CSVReader.decode(data), required: required)
        } catch {
            throw ImportFailure(message: error.message)
        }
    }

    /// Imports a catalogue of items for a county.
    public func importItems(_ data: Data, county: String, actor: Actor, now: Date, source: String) async throws
        -> ImportReport
    {
        let rows = try Self.table(data, required: ItemImport.required)
        return try await database.transaction { db in
            let result = ItemImport.validate(
                rows: rows, county: county, knownArticles: try await LawStore.knownArticles(on: db),
                knownItems: try await ItemStore.codes(county: county, on: db),
                departments: DepartmentDirectory(try await OrganizationStore.departments(county: county, on: db)),
                vocabulary: try await RequirementStore.vocabulary(county: county, on: db))
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            try await ItemStore(database).save(result.items, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "import.items", subject: source,
                    detail: "导入事项 \(result.items.count) 项，警告 \(result.warnings.count) 条"), on: db)
            return ImportReport(written: result.items.count, warnings: result.warnings)
        }
    }

    /// Imports provincial grant catalogues (赋权目录): each registered as a decision of kind provincial-catalogue
    /// (unless it is), with the items it allows; one audit entry per catalogue, all in one transaction.
    public func importCatalogue(
        _ data: Data, county: String, defaults: CatalogueImport.Defaults, actor: Actor, now: Date, source: String
    ) async throws -> ImportReport {
        let rows = try Self.table(data, required: [])
        return try await database.transaction { db in
            let codes = Array(try await ItemStore.codes(county: county, on: db)).sorted()
            let decisions = Dictionary(
                uniqueKeysWithValues: try await DecisionStore.all(county: county, on: db).map { ($0.number, $0) })
            let result = CatalogueImport.validate(
                rows: rows, county: county, defaults: defaults,
                items: try await ItemStore.items(county: county, codes: codes, on: db), decisions: decisions)
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            try await DecisionStore(database).save(result.catalogues.filter(\.isNew).map(\.decision), on: db)
            for catalogue in result.catalogues {
                try await DelegationStore.saveCatalogue(
                    ProvincialCatalogue(decision: catalogue.decision.number, itemCodes: Set(catalogue.itemCodes)),
                    county: county, by: actor, at: now, on: db)
            }
            return ImportReport(written: result.catalogues.reduce(0) { $0 + $1.itemCodes.count }, warnings: [])
        }
    }

    /// Imports a district's existing lists: every row validated, then all entries applied in one transaction; every
    /// granted or entrusted entry also becomes a delegation record in force, marked 存量 (legacy), in the same
    /// transaction, so that orders, evaluation, recall and the suggestion engine see it as they see a delegation
    /// started through the lifecycle.
    public func importAssignments(_ data: Data, county: String, actor: Actor, now: Date, source: String) async throws
        -> ImportReport
    {
        let rows = try Self.table(data, required: AssignmentImport.required)
        return try await DelegationService(database).batch(county: county) { batch in
            let db = batch.db
            var townships: [RegionCode: String] = [:]
            for row in try await db.raw(
                "SELECT code, name FROM regions WHERE county = \(bind: county) AND level = 'township'"
            ).all() {
                if let code = RegionCode(try row.decode(column: "code", as: String.self)) {
                    townships[code] = try row.decode(column: "name", as: String.self)
                }
            }
            let decisions = Dictionary(
                uniqueKeysWithValues: try await DecisionStore.all(county: county, on: db).map { ($0.number, $0) })
            let result = AssignmentImport.validate(
                rows: rows, county: county, townships: townships,
                items: try await ItemStore.codes(county: county, on: db),
                departments: DepartmentDirectory(try await OrganizationStore.departments(county: county, on: db)),
                decisions: decisions, catalogued: try await DelegationStore.cataloguedItems(county: county, on: db))
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            try await DecisionStore(database).save(result.newDecisions, on: db)
            // One batch (and one audit entry) per cited decision or correction reason, in file order.
            var groups: [(CitationRequest, [AssignmentImport.Entry])] = []
            for entry in result.entries {
                let citation: CitationRequest =
                    entry.decisionNumber.map { .decision($0) } ?? .correction(reason: entry.correctionReason ?? "")
                if let i = groups.firstIndex(where: { $0.0 == citation }) {
                    groups[i].1.append(entry)
                } else {
                    groups.append((citation, [entry]))
                }
            }
            var written = 0
            for (citation, entries) in groups {
                do {
                    written += try await ListService.apply(
                        entries.map(\.change), county: county, citation: citation, actor: actor, at: now,
                        action: "import.assignments", working: batch.lists, on: db
                    ).count
                } catch let failure as ListServiceFailure {
                    var line = entries.first?.line ?? 0
                    var message = failure.message
                    if case .rule(let rule, let index) = failure, index > 0 {
                        line = entries[index - 1].line
                        message = rule.message
                    }
                    throw ImportFailure([ImportIssue(line: line, message: message)])
                }
            }
            try await batch.registerLegacy(result.entries, townships: townships, actor: actor, at: now)
            return ImportReport(written: written, warnings: result.warnings)
        }
    }
}
