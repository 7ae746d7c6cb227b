import Foundation
import QuanzeDomain
import SQLKit

/// A refused change to the county's organisations, with the rule that refused it.
public struct OrganizationServiceFailure: Error, Equatable, Sendable {
    public var failure: OrganizationFailure
    public var message: String { failure.message }

    public init(failure: OrganizationFailure) { self.failure = failure }
}

/// The one write path of organisations (系统管理员's page and API, and `quanze import organizations`): load the
/// county's organisations → `OrganizationRules` / `OrganizationImport` → write + one audit entry, in one transaction.
public struct OrganizationService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Adds a department, squad, approval office or dispatched agency.
    @discardableResult
    public func add(_ org: Organization, by actor: Actor, at now: Date) async throws -> Organization {
        try await change(county: org.county, action: "organization.add", by: actor, at: now) {
            existing throws(OrganizationFailure) in
            let added = try OrganizationRules.add(org, to: existing)
            return (added, nil, "新增\(added.kind.label)“\(added.name)”")
        }
    }

    /// Renames an organisation; items, accounts and staff refer to its code and follow.
    @discardableResult
    public func rename(county: String, code: String, to name: String, by actor: Actor, at now: Date) async throws
        -> Organization
    {
        try await change(county: county, action: "organization.rename", by: actor, at: now) {
            existing throws(OrganizationFailure) in
            let before = existing.first { $0.code == code }
            let renamed = try OrganizationRules.rename(code, to: name, in: existing)
            return (renamed, before, "“\(before?.name ?? code)”更名为“\(renamed.name)”")
        }
    }

    /// Sets (or clears, with nil) the 发文机关代字 of an issuing organisation, the county government included.
    @discardableResult
    public func setDocumentPrefix(county: String, code: String, to prefix: String?, by actor: Actor, at now: Date)
        async throws -> Organization
    {
        try await change(county: county, action: "organization.prefix", by: actor, at: now) {
            existing throws(OrganizationFailure) in
            let before = existing.first { $0.code == code }
            let after = try OrganizationRules.settingDocumentPrefix(code, to: prefix, in: existing)
            return (after, before, "“\(after.name)”的发文机关代字为“\(after.documentPrefix ?? "（无）")”")
        }
    }

    /// Retires an organisation on a day: it stays where history names it and takes nothing new.
    @discardableResult
    public func retire(county: String, code: String, on day: Day, by actor: Actor, at now: Date) async throws
        -> Organization
    {
        try await change(county: county, action: "organization.retire", by: actor, at: now) {
            existing throws(OrganizationFailure) in
            let before = existing.first { $0.code == code }
            let retired = try OrganizationRules.retire(code, on: day, in: existing)
            return (retired, before, "撤销“\(retired.name)”（\(day.chinese)）")
        }
    }

    func change(
        county: String, action: String, by actor: Actor, at now: Date,
        _ decide: @Sendable ([Organization]) throws(OrganizationFailure) -> (Organization, Organization?, String)
    ) async throws -> Organization {
        try await database.transaction { db in
            let existing = try await OrganizationStore.all(county: county, on: db)
            let (after, before, detail): (Organization, Organization?, String)
            do throws(OrganizationFailure) {
                (after, before, detail) = try decide(existing)
            } catch {
                throw OrganizationServiceFailure(failure: error)
            }
            try await OrganizationStore(database).upsert([after], on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: action, subject: after.code, detail: detail,
                    before: before.map(Self.auditText), after: Self.auditText(after)), on: db)
            return after
        }
    }

    /// An organisations CSV: every row validated against the county, then all rows written with one audit entry —
    /// or nothing at all.
    public func importCSV(_ data: Data, county: String, actor: Actor, now: Date, source: String) async throws
        -> OrganizationImportReport
    {
        let rows = try CatalogImporter.table(data, required: OrganizationImport.required)
        return try await database.transaction { db in
            let existing = try await OrganizationStore.all(county: county, on: db)
            let result = OrganizationImport.validate(rows: rows, county: county, existing: existing)
            guard result.errors.isEmpty else { throw ImportFailure(result.errors) }
            let report = OrganizationImportReport(
                added: result.added, updated: result.updated, unchanged: result.unchanged)
            let changed = result.organizations.filter { org in !existing.contains(org) }
            guard !changed.isEmpty else { return report }
            try await OrganizationStore(database).upsert(changed, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "import.organizations", subject: source,
                    detail: "导入单位：新增 \(result.added) 个，更新 \(result.updated) 个",
                    after: changed.map(Self.auditText).joined(separator: "\n")), on: db)
            return report
        }
    }

    /// The organisation as the audit entry's digest covers it.
    static func auditText(_ org: Organization) -> String {
        [
            org.code, org.name, org.kind.key, org.parent ?? "", org.stationedAt ?? "", org.creditCode ?? "",
            org.isEstablishmentOffice ? "establishment" : "", org.isJusticeBureau ? "justice" : "",
            org.retiredOn?.iso ?? "", org.documentPrefix ?? "",
        ].joined(separator: "|")
    }
}

/// What an organisations import did.
public struct OrganizationImportReport: Sendable, Equatable {
    public var added: Int
    public var updated: Int
    public var unchanged: Int
}
