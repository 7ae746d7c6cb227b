import Foundation
import QuanzeDomain
import SQLKit

struct TokenRow: Codable, Sendable {
    var id: String
    var tokenHash: String
    var username: String
    var name: String
    var scope: String
    var createdBy: String
    var createdAt: Int64
    var revokedAt: Int64?
    var revokedBy: String?
    var lastUsedAt: Int64?
    var permissions: String

    var token: APIToken {
        APIToken(
            id: id, username: username, name: name, scope: scope.split(separator: ",").map(String.init),
            permissions: TokenScope.parseList([permissions]).scopes, createdBy: createdBy,
            createdAt: Date(micros: createdAt), revokedAt: revokedAt.map(Date.init(micros:)),
            lastUsedAt: lastUsedAt.map(Date.init(micros:)))
    }
}

/// Why a token could not be created or revoked.
public enum TokenFailure: Error, Equatable, Sendable {
    case accountNotSystem(String)
    case administrator(String)
    case awaitingGrant(String)
    case emptyName
    case emptyScope
    case noPermissions
    case unknownPermission(String)
    case organizationsOnlyForSystems
    case unknownOrganization(String)
    case notFound(String)
    case alreadyRevoked(String)

    public var message: String {
        switch self {
        case .accountNotSystem(let name): "没有账号“\(name)”，或该账号已停用、不属于本区县"
        case .administrator(let name): "账号“\(name)”是管理员账号：管理员不能使用 API 令牌"
        case .awaitingGrant(let name): "账号“\(name)”尚未授予角色：请先在“账号角色”中授予角色，再发放令牌"
        case .noPermissions:
            "请至少选择一个权限范围（如 cases:write）；可选：" + TokenScope.all.map(\.description).joined(separator: "、")
        case .unknownPermission(let text):
            "未知的权限范围“\(text)”；可选：" + TokenScope.all.map(\.description).joined(separator: "、")
        case .organizationsOnlyForSystems: "只有对接系统账号的令牌按单位限定推送范围；业务账号的令牌代表该账号本身，请勿选择单位"
        case .emptyName: "请填写令牌用途"
        case .emptyScope: "对接系统推送办件数据的令牌须至少选择一个可推送数据的单位"
        case .unknownOrganization(let code): "本区县没有代码为“\(code)”的单位"
        case .notFound(let id): "没有编号为“\(id)”的令牌"
        case .alreadyRevoked(let id): "令牌“\(id)”已吊销"
        }
    }
}

/// API tokens of `system` accounts: created and revoked by the security administrator, stored as SHA-256, each
/// scoped to organisations. The secret is returned once, at creation.
public struct TokenStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Prefix that makes a token recognisable in a leaked file (and lets scanners find it).
    public static let prefix = "qzt_"

    /// Creates a token; returns its listing and the secret (shown once). A token acts as its account, limited to
    /// `permissions`; a `system` account's token also names the organisations it may push case records for.
    public func create(
        for username: String, name: String, scope: [String], permissions: [TokenScope] = [TokenScope("cases:write")!],
        county: String, by actor: Actor, at now: Date, secret: String? = nil
    ) async throws -> (APIToken, String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw TokenFailure.emptyName }
        guard !permissions.isEmpty else { throw TokenFailure.noPermissions }
        let permissions = Array(Set(permissions)).sorted()
        let secret = secret ?? Self.prefix + Secrets.random()
        let id = String(Secrets.digest(secret).prefix(12))
        let row = TokenRow(
            id: id, tokenHash: Secrets.digest(secret), username: username, name: name,
            scope: scope.sorted().joined(separator: ","), createdBy: actor.name, createdAt: now.micros,
            permissions: permissions.map(\.description).joined(separator: ","))
        try await database.transaction { db in
            guard let account = try await AccountStore.find(username, on: db), !account.disabled,
                account.county == county
            else { throw TokenFailure.accountNotSystem(username) }
            guard !account.role.isAdministrator else { throw TokenFailure.administrator(username) }
            guard !account.awaitingGrant else { throw TokenFailure.awaitingGrant(username) }
            if account.role == .system {
                if scope.isEmpty && permissions.contains(where: { $0.area == "cases" }) {
                    throw TokenFailure.emptyScope
                }
            } else if !scope.isEmpty {
                throw TokenFailure.organizationsOnlyForSystems
            }
            let known = Set(try await OrganizationStore.all(county: county, on: db).map(\.code))
            if let unknown = scope.first(where: { !known.contains($0) }) {
                throw TokenFailure.unknownOrganization(unknown)
            }
            try await db.insertRows(into: "api_tokens", [row], columnsPerRow: 11)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "token.create", subject: id,
                    detail: "为\(username)发放令牌“\(name)”，权限范围 \(row.permissions)，可推送单位 \(scope.count) 个",
                    after: "\(id)|\(username)|\(row.scope)|\(row.permissions)"), on: db)
        }
        return (row.token, secret)
    }

    public func revoke(_ id: String, county: String, by actor: Actor, at now: Date) async throws {
        try await database.transaction { db in
            guard
                let row = try await db.rows(
                    """
                    SELECT t.* FROM api_tokens t JOIN accounts a ON a.username = t.username
                    WHERE t.id = \(bind: id) AND a.county = \(bind: county)
                    """, as: TokenRow.self
                ).first
            else { throw TokenFailure.notFound(id) }
            guard row.revokedAt == nil else { throw TokenFailure.alreadyRevoked(id) }
            try await db.update("api_tokens").set("revoked_at", to: now.micros).set("revoked_by", to: actor.name)
                .where("id", .equal, id).run()
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "token.revoke", subject: id,
                    detail: "吊销令牌“\(row.name)”", before: "\(id)|\(row.username)|\(row.scope)",
                    after: "\(id)|revoked"), on: db)
        }
    }

    /// The token and its account for a presented secret, when it exists and is not revoked.
    public func authenticate(_ secret: String, at now: Date) async throws -> (APIToken, Account)? {
        let found = try await database.read { db -> (TokenRow, Account)? in
            guard
                let row = try await db.rows(
                    "SELECT * FROM api_tokens WHERE token_hash = \(bind: Secrets.digest(secret))", as: TokenRow.self
                ).first, row.revokedAt == nil,
                let account = try await AccountStore.find(row.username, on: db)
            else { return nil }
            return (row, account)
        }
        guard let (row, account) = found else { return nil }
        if row.lastUsedAt.map({ now.micros - $0 > 60_000_000 }) ?? true {
            try await database.transaction { db in
                try await db.update("api_tokens").set("last_used_at", to: now.micros).where("id", .equal, row.id).run()
            }
        }
        return (row.token, account)
    }

    public func list(county: String) async throws -> [APIToken] {
        try await database.read { db in
            try await db.rows(
                """
                SELECT t.* FROM api_tokens t JOIN accounts a ON a.username = t.username
                WHERE a.county = \(bind: county) ORDER BY t.created_at DESC
                """, as: TokenRow.self
            ).map(\.token)
        }
    }
}
