import Foundation
import QuanzeDomain
import SQLKit

enum GovernanceRecordKind: String {
    case exercise, matter
}

struct GovernanceRecordRow: Codable, Sendable {
    var county: String
    var kind: String
    var id: String
    var township: String
    var organization: String
    var year: Int
    var matterId: String?
    var payload: String
    var updatedAt: Int64
}

struct GovernanceRightsRow: Codable, Sendable {
    var county: String
    var payload: String
    var updatedAt: Int64
}

/// The townships' governance rights (镇街治理权力, DESIGN §6, issue 14 point 3): the county's list of rights, the
/// exercises townships record, and the departments' plans and acceptances whose township participation is checked
/// against them. Every write is one transaction with its audit entry; every read and write is of one county.
public struct GovernanceService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    // MARK: the list of rights

    /// The county's recorded list, nil when it has recorded none (the caller uses the product's default list).
    public func rights(county: String) async throws -> GovernanceRightList? {
        try await database.read { db in try await Self.rights(county: county, on: db) }
    }

    static func rights(county: String, on db: any SQLDatabase) async throws -> GovernanceRightList? {
        try await db.rows(
            "SELECT * FROM governance_rights WHERE county = \(bind: county)", as: GovernanceRightsRow.self
        ).first.map { try JSONDecoder().decode(GovernanceRightList.self, from: Data($0.payload.utf8)) }
    }

    /// Records or replaces the county's list (编办, or the demo as `system`): every right must name its document;
    /// written with the audit entry (before and after). Returns false when nothing changed.
    @discardableResult
    public func setRights(_ list: GovernanceRightList, county: String, actor: Actor, at now: Date) async throws
        -> Bool
    {
        do throws(GovernanceFailure) { try list.validate(requireDocuments: true) } catch { throw error }
        return try await database.transaction { db in
            let before = try await Self.rights(county: county, on: db)
            guard before != list else { return false }
            try await db.raw("DELETE FROM governance_rights WHERE county = \(bind: county)").run()
            let payload = try RecordJSON.text(list)
            try await db.insertRows(
                into: "governance_rights",
                [GovernanceRightsRow(county: county, payload: payload, updatedAt: now.micros)], columnsPerRow: 3)
            let people = list.group(.people).map(\.name).joined(separator: "、")
            let affairs = list.group(.affairs).map(\.name).joined(separator: "、")
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "governance.rights", subject: county,
                    detail: "镇街治理权力清单 \(list.rights.count) 项：管人（\(people)），管事（\(affairs)）",
                    before: try before.map { try RecordJSON.text($0) }, after: payload), on: db)
            return true
        }
    }

    // MARK: organisations

    /// The county's townships in service (code, name), ordered by code.
    public func townships(county: String) async throws -> [(code: String, name: String)] {
        try await database.read { db in try await Self.townships(county: county, on: db) }
    }

    static func townships(county: String, on db: any SQLDatabase) async throws -> [(code: String, name: String)] {
        try await OrganizationStore.all(county: county, on: db).filter {
            if case .township = $0.kind { return !$0.isRetired }
            return false
        }.sorted { $0.code < $1.code }.map { ($0.code, $0.name) }
    }

    /// The departments and dispatched agencies in service that an exercise may name as concerned.
    public func concerned(county: String) async throws -> [Organization] {
        try await database.read { db in try await Self.concerned(county: county, on: db) }
    }

    static func concerned(county: String, on db: any SQLDatabase) async throws -> [Organization] {
        try await OrganizationStore.all(county: county, on: db).filter {
            ($0.kind == .department || $0.kind == .dispatchedAgency) && !$0.isRetired
        }
    }

    // MARK: records

    static func list<T: Decodable>(
        _ type: T.Type, _ kind: GovernanceRecordKind, county: String, township: String? = nil,
        organization: String? = nil, on db: any SQLDatabase
    ) async throws -> [T] {
        var query: SQLQueryString =
            "SELECT * FROM governance_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)"
        if let township { query = "\(query) AND township = \(bind: township)" }
        if let organization { query = "\(query) AND organization = \(bind: organization)" }
        return try await db.rows("\(query) ORDER BY id", as: GovernanceRecordRow.self).map {
            try JSONDecoder().decode(T.self, from: Data($0.payload.utf8))
        }
    }

    static func nextId(_ kind: GovernanceRecordKind, county: String, on db: any SQLDatabase) async throws -> String {
        try await db.lockForWrite("governance:" + county)
        let n =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM governance_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let number = String(n + 1)
        return "\(kind == .exercise ? "GE" : "GM")-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number)"
    }

    static func save(
        _ kind: GovernanceRecordKind, id: String, county: String, township: String, organization: String, year: Int,
        matterId: String?, payload: String, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await db.insertRows(
            into: "governance_records",
            [
                GovernanceRecordRow(
                    county: county, kind: kind.rawValue, id: id, township: township, organization: organization,
                    year: year, matterId: matterId, payload: payload, updatedAt: now.micros)
            ], columnsPerRow: 9)
    }

    /// Who sees which records: 编办, 司法局 and supervisors all of the county's; a township its own; a department
    /// the matters it recorded and the exercises that name it; nobody else any.
    struct Scope: Sendable {
        var township: String?
        var organization: String?
    }

    static func scope(_ principal: Principal) -> Scope? {
        switch principal.role {
        case .establishment, .justice, .supervisor: return Scope()
        case .department: return Scope(organization: principal.organization)
        case .township:
            guard let unit = principal.unit else { return nil }
            return Scope(township: unit)
        default: return nil
        }
    }

    /// The recorded exercises a principal may see (the agencies' exercises come from `AgencyService`).
    public func exercises(for principal: Principal) async throws -> [RightExercise] {
        guard let scope = Self.scope(principal) else { return [] }
        return try await database.read { db in
            try await Self.list(
                RightExercise.self, .exercise, county: principal.county, township: scope.township,
                organization: scope.organization, on: db)
        }
    }

    /// Every recorded exercise of a county (the matters' participation, counts).
    public func exercises(county: String) async throws -> [RightExercise] {
        try await database.read { db in try await Self.list(RightExercise.self, .exercise, county: county, on: db) }
    }

    /// The matters a principal may see: a department those it recorded, a township those for it.
    public func matters(for principal: Principal) async throws -> [GovernanceMatter] {
        guard let scope = Self.scope(principal) else { return [] }
        return try await database.read { db in
            try await Self.list(
                GovernanceMatter.self, .matter, county: principal.county, township: scope.township,
                organization: scope.organization, on: db)
        }
    }

    /// A township (or 编办 for it) records an exercise of a right of the county's list.
    public func record(
        _ input: RightExercise.Input, rights: GovernanceRightList, by principal: Principal, today: Day, at now: Date
    ) async throws -> RightExercise {
        try await database.transaction { db in
            let county = principal.county
            let names = try await OrganizationStore.names(county: county, on: db)
            let townships = try await Self.townships(county: county, on: db)
            let concerned = try await Self.concerned(county: county, on: db)
            var linked: GovernanceMatter?
            if let matterId = input.matterId {
                linked = try await Self.list(GovernanceMatter.self, .matter, county: county, on: db).first {
                    $0.id == matterId
                }
            }
            let id = try await Self.nextId(.exercise, county: county, on: db)
            let made: RightExercise
            do throws(GovernanceFailure) {
                made = try RightExercise.record(
                    input, id: id, county: county,
                    townshipName: townships.first { $0.code == input.township }?.name,
                    concernedName: input.concerned.flatMap { code in
                        concerned.contains { $0.code == code } ? names[code] : nil
                    }, linked: linked, by: principal, rights: rights, today: today, at: now)
            } catch { throw error }
            let payload = try RecordJSON.text(made)
            try await Self.save(
                .exercise, id: id, county: county, township: made.township, organization: made.concerned ?? "",
                year: made.on.year, matterId: made.matterId, payload: payload, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "governance.exercise", subject: id,
                    detail:
                        "\(made.townshipName)行使\(made.rightName)：\(made.matter)（\(made.on.chinese)）\(made.concernedName.map { "，涉及\($0)" } ?? "")\(made.matterId.map { "，关联 \($0)" } ?? "")",
                    after: payload), on: db)
            return made
        }
    }

    /// A department records a plan or an acceptance for a township, with whether it says the township took part.
    public func recordMatter(
        kind: MatterKind, township: String, title: String, on day: Day, participationClaimed: Bool, note: String,
        rights: GovernanceRightList, by principal: Principal, today: Day, at now: Date
    ) async throws -> GovernanceMatter {
        try await database.transaction { db in
            let county = principal.county
            let names = try await OrganizationStore.names(county: county, on: db)
            let townships = try await Self.townships(county: county, on: db)
            let id = try await Self.nextId(.matter, county: county, on: db)
            let made: GovernanceMatter
            do throws(GovernanceFailure) {
                made = try GovernanceMatter.record(
                    id: id, county: county, kind: kind, township: township,
                    townshipName: townships.first { $0.code == township }?.name, title: title, on: day,
                    participationClaimed: participationClaimed, note: note, by: principal,
                    departmentName: names[principal.organization] ?? principal.organization, rights: rights,
                    today: today, at: now)
            } catch { throw error }
            let payload = try RecordJSON.text(made)
            try await Self.save(
                .matter, id: id, county: county, township: township, organization: made.department,
                year: day.year, matterId: nil, payload: payload, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "governance.matter", subject: id,
                    detail:
                        "\(made.departmentName)登记\(kind.label)：\(made.title)（\(made.townshipName)，\(day.chinese)），部门登记\(participationClaimed ? "镇街已参与" : "镇街未参与")",
                    after: payload), on: db)
            return made
        }
    }
}
