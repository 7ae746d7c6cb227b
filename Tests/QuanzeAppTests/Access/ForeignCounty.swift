import Foundation
import QuanzeDomain
import QuanzePersistence

@testable import QuanzeApp

/// A second, real county beside the demo (沿滩区, 510311, of the same city) with one account per business role,
/// its own administrators and an integrating system's token: the authorization tests sign in as these to prove that
/// nothing of the demo county is within their reach. Written through the stores every change goes through.
enum ForeignCounty {
    static let county = "510311"
    static let township = "510311100000"
    static let token = "qzt_test_yantan_0000000000000000000000000000000000000000000000"

    /// Foreign column → username, in the order of `AuthorizationMatrixTests.foreignColumns`.
    static let logins: [String: String] = [
        "establishment": "yt-bianban", "justice": "yt-sifa", "department": "yt-shichang", "township": "yt-zhen",
        "supervisor": "yt-jiandu", "sysadmin": "yt-sysadmin", "secadmin": "yt-secadmin",
    ]

    static func ensure(_ database: any Database, now: Date) async throws {
        let countyCode = RegionCode("510311000000")!
        let regions = [
            Region(code: RegionCode("510300000000")!, name: "自贡市", parent: RegionCode("510000000000")!, level: .city),
            Region(code: countyCode, name: "沿滩区", parent: RegionCode("510300000000")!, level: .county),
            Region(code: RegionCode(township)!, name: "沿滩镇", parent: countyCode, level: .township),
        ]
        let orgs = [
            Organization(code: "510311-GOV", county: county, name: "自贡市沿滩区人民政府", kind: .countyGovernment),
            Organization(
                code: "510311-BB", county: county, name: "沿滩区委机构编制委员会办公室", kind: .department, parent: "510311-GOV",
                isEstablishmentOffice: true),
            Organization(
                code: "510311-SF", county: county, name: "沿滩区司法局", kind: .department, parent: "510311-GOV",
                isJusticeBureau: true),
            Organization(
                code: "510311-SC", county: county, name: "沿滩区市场监督管理局", kind: .department, parent: "510311-GOV"),
            Organization(code: township, county: county, name: "沿滩镇", kind: .township(.town)),
        ]
        try await database.transaction { db in
            try await RegionStore(database).upsert(regions, on: db)
            try await OrganizationStore(database).upsert(orgs, on: db)
        }
        let accounts = AccountStore(database)
        let hash = try await Passwords.hash(DemoAccounts.password, cost: 4)
        let people: [(String, Role, String)] = [
            ("yt-bianban", .establishment, "510311-BB"), ("yt-sifa", .justice, "510311-SF"),
            ("yt-shichang", .department, "510311-SC"), ("yt-zhen", .township, township),
            ("yt-jiandu", .supervisor, "510311-GOV"), ("yt-xitong", .system, "510311-GOV"),
            ("yt-sysadmin", .systemAdmin, "510311-GOV"), ("yt-secadmin", .securityAdmin, "510311-GOV"),
        ]
        for (username, role, org) in people where try await accounts.find(username) == nil {
            try await accounts.create(
                Account(
                    username: username, county: county, displayName: username, role: role, organization: org,
                    passwordHash: hash, passwordChangedAt: now, createdAt: now), by: .system, at: now)
        }
        let tokens = TokenStore(database)
        if try await tokens.authenticate(token, at: now) == nil {
            _ = try await tokens.create(
                for: "yt-xitong", name: "沿滩区办件推送", scope: [township], county: county, by: .system, at: now,
                secret: token)
        }
    }
}
