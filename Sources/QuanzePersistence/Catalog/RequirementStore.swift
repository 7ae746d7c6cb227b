import Foundation
import QuanzeDomain
import SQLKit

struct RequirementTermRow: Codable, Sendable {
    var county: String
    var kind: String
    var code: String
    var name: String
    var position: Int

    static let table = "requirement_terms"
    static let columns = 5
}

/// A county's requirement vocabulary: the built-in terms and the ones the county added.
public struct RequirementStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func vocabulary(county: String) async throws -> RequirementVocabulary {
        try await database.read { db in try await Self.vocabulary(county: county, on: db) }
    }

    static func vocabulary(county: String, on db: any SQLDatabase) async throws -> RequirementVocabulary {
        let rows = try await db.rows(
            """
            SELECT county, kind, code, name, position FROM requirement_terms WHERE county = \(bind: county)
            ORDER BY position
            """, as: RequirementTermRow.self)
        return RequirementVocabulary(
            additions: rows.compactMap { row in
                RequirementVocabulary.Term.Kind(rawValue: row.kind).map {
                    RequirementVocabulary.Term(kind: $0, code: row.code, name: row.name)
                }
            })
    }

    /// Adds one term (the page's and the API's form): load, the pure rule, write with its audit entry. A refused
    /// term throws `RequirementVocabulary.Failure`.
    @discardableResult
    public func add(_ term: RequirementVocabulary.Term, county: String, by actor: Actor, at now: Date) async throws
        -> RequirementVocabulary.Term
    {
        try await database.transaction { db in
            let vocabulary = try await Self.vocabulary(county: county, on: db)
            let added = try vocabulary.adding(term).terms.last!
            try await Self.write([added], county: county, after: vocabulary, by: actor, at: now, source: "", on: db)
            return added
        }
    }

    /// `quanze import requirements FILE`: every row validated, then all terms and one audit entry, or nothing.
    public func importTerms(_ data: Data, county: String, by actor: Actor, at now: Date, source: String) async throws
        -> ImportReport
    {
        let rows = try CatalogImporter.table(data, required: RequirementTermImport.required)
        return try await database.transaction { db in
            let vocabulary = try await Self.vocabulary(county: county, on: db)
            let result = RequirementTermImport.validate(rows: rows, vocabulary: vocabulary)
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            try await Self.write(
                result.terms, county: county, after: vocabulary, by: actor, at: now, source: source, on: db)
            return ImportReport(written: result.terms.count, warnings: [])
        }
    }

    static func write(
        _ terms: [RequirementVocabulary.Term], county: String, after vocabulary: RequirementVocabulary, by actor: Actor,
        at now: Date, source: String, on db: any SQLDatabase
    ) async throws {
        guard !terms.isEmpty else { return }
        let start = vocabulary.terms.count
        let rows = terms.enumerated().map { index, term in
            RequirementTermRow(
                county: county, kind: term.kind.rawValue, code: term.code, name: term.name, position: start + index)
        }
        try await db.insertRows(into: RequirementTermRow.table, rows, columnsPerRow: RequirementTermRow.columns)
        let names = terms.map { "\($0.key.requirementCode)（\($0.name)）" }.joined(separator: "、")
        try await AuditStore.append(
            AuditEvent(
                county: county, actor: actor, at: now, action: "requirements.add",
                subject: source.isEmpty ? terms[0].key.requirementCode : source,
                detail: "承接要求词表新增 \(terms.count) 项：\(names)",
                after: terms.map { "\($0.key.requirementCode)|\($0.name)" }.joined(separator: "\n")), on: db)
    }
}
