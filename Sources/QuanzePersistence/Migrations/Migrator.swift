import Foundation
import SQLKit

/// One ordered schema step. Each has one purpose; DDL is portable, with dialect branches where needed.
struct Migration: Sendable {
    let id: String
    let statements: @Sendable (Dialect) -> [String]
}

/// Applies pending migrations in order, each in its own transaction, and records them.
public enum Migrator {
    static let all: [Migration] = [
        M001_CreateRegions, M002_CreateOrganizations, M003_CreateLaws, M004_CreateItems, M005_CreateDecisions,
        M006_CreateAssignments, M007_CreateTemplates, M008_CreateAudit, M009_CreateHolidays,
        M010_CreateAccounts, M011_CreateSessions, M012_CreateApiTokens, M013_AuditDigests, M014_CreateUnitContacts,
        M015_CreateCapacity,
        M017_CreateDelegation,
        M018_CreateCases,
        M019_CreateAgreementScans,
        M020_CreateSuggestionDecisions, M021_TuneCases,
        M022_OrganizationsRetiredAndItemDepartmentCodes, M023_CreateRequirementTerms, M024_IndexEndDecisions,
        M025_TokenScopes, M027_LoginFailureClients, M028_CreateLegalGrounds, M029_OrganizationDocumentPrefix,
        M030_LawTimelines, M031_CaseCompliance, M032_ItemCompetentLevel, M033_AccountAwaitingGrant,
        M037_CreateAgencies,
        M038_CreateGovernanceRights, M039_CreateResources, M040_CreateAccountability,
        M041_CreateDisputes,
        M044_CreateFeedback,
        M045_CreateAnnualReports,
        M046_CreateChangeEvents,
        M042_CreateInternalReviews, M043_CreateTownshipAssessments,
        M047_CreateSubscriptions,
        M049_CreateGuidance,
        M048_IndexOpenData,
        M050_PartitionCases,
        M051_CreateAnalysisResults,
        M052_DelegationTerms,
        M053_DelegationTermsIndex,
    ]

    /// Returns the ids of the migrations it applied.
    @discardableResult
    public static func migrate(_ database: any Database) async throws -> [String] {
        try await migrate(database, steps: all)
    }

    /// Applies the pending ones of `steps` (a test stops short of a step to load data in the shape before it).
    @discardableResult
    static func migrate(_ database: any Database, steps: [Migration]) async throws -> [String] {
        try await database.transaction { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            ).run()
        }
        let done = try await database.read { db in
            Set(
                try await db.raw("SELECT id FROM schema_migrations").all().map {
                    try $0.decode(column: "id", as: String.self)
                })
        }
        var applied: [String] = []
        for migration in steps where !done.contains(migration.id) {
            let dialect = database.dialect
            try await database.transaction { db in
                for statement in migration.statements(dialect) { try await db.raw(SQLQueryString(statement)).run() }
                try await db.raw(
                    "INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: migration.id), \(bind: ISO8601DateFormatter().string(from: Date())))"
                ).run()
            }
            applied.append(migration.id)
        }
        return applied
    }
}

/// Integer type wide enough for ids, sequence numbers and microsecond timestamps on both engines.
func bigint(_ d: Dialect) -> String { d == .postgres ? "BIGINT" : "INTEGER" }
