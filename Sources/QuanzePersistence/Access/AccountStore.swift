import Foundation
import QuanzeDomain
import SQLKit

struct AccountRow: Codable, Sendable {
    var username: String
    var county: String
    var displayName: String
    var role: String
    var organization: String
    var person: String?
    var passwordHash: String
    var disabled: Int
    var mustChange: Int
    var awaitingGrant: Int
    var passwordChangedAt: Int64
    var createdAt: Int64

    init(_ a: Account) {
        username = a.username
        county = a.county
        displayName = a.displayName
        role = a.role.rawValue
        organization = a.organization
        person = a.person
        passwordHash = a.passwordHash
        disabled = a.disabled ? 1 : 0
        mustChange = a.mustChange ? 1 : 0
        awaitingGrant = a.awaitingGrant ? 1 : 0
        passwordChangedAt = a.passwordChangedAt.micros
        createdAt = a.createdAt.micros
    }

    var account: Account? {
        guard let role = Role(rawValue: role) else { return nil }
        return Account(
            username: username, county: county, displayName: displayName, role: role, organization: organization,
            person: person, passwordHash: passwordHash, disabled: disabled != 0, mustChange: mustChange != 0,
            awaitingGrant: awaitingGrant != 0, passwordChangedAt: Date(micros: passwordChangedAt),
            createdAt: Date(micros: createdAt))
    }
}

/// Why an account change was refused by the store.
public enum AccountStoreFailure: Error, Equatable, Sendable {
    case duplicate(String)
    case notFound(String)
    case unknownOrganization(String)
    case rule(AccountFailure)

    public var message: String {
        switch self {
        case .duplicate(let name): "用户名“\(name)”已存在"
        case .notFound(let name): "没有用户名为“\(name)”的账号"
        case .unknownOrganization(let code): "本区县没有代码为“\(code)”的单位"
        case .rule(let failure): failure.message
        }
    }
}

/// Accounts and their login failures. Every change writes its audit entry in the same transaction and ends the
/// account's open sessions when it changes what the account may do.
public struct AccountStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func find(_ username: String) async throws -> Account? {
        try await database.read { db in try await Self.find(username, on: db) }
    }

    static func find(_ username: String, on db: any SQLDatabase) async throws -> Account? {
        try await db.rows("SELECT * FROM accounts WHERE username = \(bind: username)", as: AccountRow.self).first?
            .account
    }

    /// Accounts of a county, optionally of one organisation, by organisation and username.
    public func list(county: String, organization: String? = nil) async throws -> [Account] {
        try await database.read { db in
            var query: SQLQueryString = "SELECT * FROM accounts WHERE county = \(bind: county)"
            if let organization { query = "\(query) AND organization = \(bind: organization)" }
            return try await db.rows("\(query) ORDER BY organization, username", as: AccountRow.self).compactMap(
                \.account)
        }
    }

    /// Creates an account after checking the role fits the organisation.
    public func create(_ account: Account, by actor: Actor, at now: Date) async throws {
        try await database.transaction { db in
            guard try await Self.find(account.username, on: db) == nil else {
                throw AccountStoreFailure.duplicate(account.username)
            }
            let org = try await Self.organization(account.organization, county: account.county, on: db)
            do throws(AccountFailure) {
                try AccountRules.validate(role: account.role, organization: org, person: account.person)
                try CountyScope.validate(role: account.role, scope: account.county)
            } catch {
                throw AccountStoreFailure.rule(error)
            }
            try await db.insertRows(into: "accounts", [AccountRow(account)], columnsPerRow: 12)
            try await AuditStore.append(
                AuditEvent(
                    county: account.county, actor: actor, at: now, action: "account.create",
                    subject: account.username,
                    detail: account.awaitingGrant
                        ? "创建账号（申请角色\(account.role.label)，\(org.name)，待安全管理员授予）"
                        : "创建账号（\(account.role.label)，\(org.name)）",
                    after: account.auditText), on: db)
        }
    }

    /// Disables or re-enables an account; disabling ends its sessions and revokes nothing else.
    public func setDisabled(_ username: String, _ disabled: Bool, by actor: Actor, at now: Date) async throws {
        try await update(username, action: disabled ? "account.disable" : "account.enable", by: actor, at: now) {
            account in
            account.disabled = disabled
            return disabled ? "停用账号" : "启用账号"
        }
    }

    /// Sets a new password hash. A reset by an administrator forces a change at the next login.
    /// Sets a password and ends the account's sessions: all of them after a reset, every other one when the user
    /// changes their own (`keepingSession`: the cookie of the session that changed it), so a thief's session ends.
    public func setPassword(
        _ username: String, hash: String, mustChange: Bool, action: String, by actor: Actor, at now: Date,
        keepingSession: String? = nil
    ) async throws {
        try await update(username, action: action, by: actor, at: now, keepingSession: keepingSession) { account in
            account.passwordHash = hash
            account.mustChange = mustChange
            account.passwordChangedAt = now
            return mustChange ? "重置密码（下次登录须修改）" : "修改密码"
        }
    }

    /// Changes the role and organisation (安全管理员), checking they fit; ends the account's sessions.
    public func setRole(
        _ username: String, role: Role, organization: String, person: String?, by actor: Actor, at now: Date
    ) async throws {
        try await update(username, action: "account.role", by: actor, at: now) { account in
            let granting = account.awaitingGrant
            account.role = role
            account.organization = organization
            account.person = person
            account.awaitingGrant = false
            return granting ? "授予角色\(role.label)（账号自此可以使用）" : "设置角色为\(role.label)"
        }
    }

    private func update(
        _ username: String, action: String, by actor: Actor, at now: Date, endSessions: Bool = true,
        keepingSession: String? = nil,
        _ change: @Sendable (inout Account) throws -> String
    ) async throws {
        try await database.transaction { db in
            guard let before = try await Self.find(username, on: db) else {
                throw AccountStoreFailure.notFound(username)
            }
            var after = before
            let detail = try change(&after)
            let org = try await Self.organization(after.organization, county: after.county, on: db)
            do throws(AccountFailure) {
                try AccountRules.validate(role: after.role, organization: org, person: after.person)
                try CountyScope.validate(role: after.role, scope: after.county)
            } catch {
                throw AccountStoreFailure.rule(error)
            }
            try await db.update("accounts")
                .set("role", to: after.role.rawValue).set("organization", to: after.organization)
                .set("person", to: after.person).set("password_hash", to: after.passwordHash)
                .set("disabled", to: after.disabled ? 1 : 0).set("must_change", to: after.mustChange ? 1 : 0)
                .set("awaiting_grant", to: after.awaitingGrant ? 1 : 0)
                .set("password_changed_at", to: after.passwordChangedAt.micros)
                .where("username", .equal, username).run()
            if endSessions {
                try await SessionStore.endAll(username: username, keeping: keepingSession, at: now, on: db)
            }
            try await AuditStore.append(
                AuditEvent(
                    county: after.county, actor: actor, at: now, action: action, subject: username, detail: detail,
                    before: before.auditText, after: after.auditText), on: db)
        }
    }

    static func organization(_ code: String, county: String, on db: any SQLDatabase) async throws -> Organization {
        guard let org = try await OrganizationStore.find(county: county, code: code, on: db) else {
            throw AccountStoreFailure.unknownOrganization(code)
        }
        return org
    }

    // MARK: login failures

    /// Failure times of a username since a moment, per client address (the lockout rule holds per address).
    public func failures(_ username: String, since: Date) async throws -> [String: [Date]] {
        try await database.read { db in
            var byClient: [String: [Date]] = [:]
            for row in try await db.raw(
                "SELECT client, at FROM login_failures WHERE username = \(bind: username) AND at >= \(bind: since.micros)"
            ).all() {
                byClient[try row.decode(column: "client", as: String.self), default: []].append(
                    Date(micros: try row.decode(column: "at", as: Int64.self)))
            }
            return byClient
        }
    }

    /// Every username of a county with failures since a moment, with their times per client address (what the
    /// security administrator reads to see who is being delayed, and from where).
    public func failures(county: String, since: Date) async throws -> [String: [String: [Date]]] {
        try await database.read { db in
            var result: [String: [String: [Date]]] = [:]
            for row in try await db.raw(
                """
                SELECT f.username, f.client, f.at FROM login_failures f JOIN accounts a ON a.username = f.username
                WHERE a.county = \(bind: county) AND f.at >= \(bind: since.micros)
                """
            ).all() {
                result[try row.decode(column: "username", as: String.self), default: [:]][
                    try row.decode(column: "client", as: String.self), default: []
                ].append(Date(micros: try row.decode(column: "at", as: Int64.self)))
            }
            return result
        }
    }

    /// Records a failed or refused login and its audit entry in one transaction. The password is never passed in.
    public func recordLoginFailure(
        _ username: String, client: String, county: String, outcome: AuditOutcome, reason: String, counts: Bool,
        at now: Date
    ) async throws {
        try await database.transaction { db in
            if counts {
                try await db.raw(
                    """
                    INSERT INTO login_failures (username, client, at)
                    VALUES (\(bind: username), \(bind: client), \(bind: now.micros))
                    """
                ).run()
            }
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: Actor(name: username, role: "anonymous"), at: now, action: "login",
                    subject: username, detail: "\(reason)（来自 \(client)）", outcome: outcome), on: db)
        }
    }

    /// Forgets failures after a successful login.
    static func clearFailures(_ username: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM login_failures WHERE username = \(bind: username)").run()
    }
}
