import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the accountability service that are not domain rules.
public enum AccountabilityServiceFailure: Error, Equatable, Sendable {
    case notFound(String)

    public var message: String {
        switch self {
        case .notFound(let what): what
        }
    }
}

struct AccountabilitySituationRow: Codable, Sendable {
    var county: String
    var code: String
    var kind: String
    var payload: String
    var updatedAt: Int64
}

struct AccountabilityCaseRow: Codable, Sendable {
    var county: String
    var id: String
    var state: String
    var kind: String?
    var item: String
    var township: String
    var person: String
    var year: Int?
    var payload: String
    var updatedAt: Int64
}

/// Accountability (追责、免予问责、容错纠错; DESIGN §6, issue 14 point 5): the county's situations with their source,
/// cases opened against a person of a township for an item and decided once with their grounds. Every write is one
/// transaction with its audit entry; every read and write is of one county (the principal's), and a township sees
/// only its own cases.
public struct AccountabilityService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    // MARK: situations

    public func situations(county: String) async throws -> [AccountabilitySituation] {
        try await database.read { db in try await Self.situations(county: county, on: db) }
    }

    static func situations(county: String, on db: any SQLDatabase) async throws -> [AccountabilitySituation] {
        try await db.rows(
            "SELECT * FROM accountability_situations WHERE county = \(bind: county) ORDER BY kind, code",
            as: AccountabilitySituationRow.self
        ).map { try JSONDecoder().decode(AccountabilitySituation.self, from: Data($0.payload.utf8)) }
    }

    /// 编办 or 司法局 records a situation of the county's list with its source; audited.
    public func recordSituation(
        code: String, kind: AccountabilityKind, source: RuleSource, by principal: Principal, at now: Date
    ) async throws -> AccountabilitySituation {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let existing = try await Self.situations(county: principal.county, on: db)
            let made: AccountabilitySituation
            do throws(AccountabilityFailure) {
                made = try AccountabilitySituation.record(
                    code: code, kind: kind, source: source, by: principal, existing: existing)
            } catch { throw error }
            let payload = try RecordJSON.text(made)
            try await db.insertRows(
                into: "accountability_situations",
                [
                    AccountabilitySituationRow(
                        county: principal.county, code: made.code, kind: made.kind.rawValue, payload: payload,
                        updatedAt: now.micros)
                ], columnsPerRow: 5)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "accountability.situation",
                    subject: made.code,
                    detail: "登记\(made.kind.label)情形 \(made.code)：\(made.source.printed)", after: payload), on: db)
            return made
        }
    }

    // MARK: cases

    static func lock(_ county: String, on db: any SQLDatabase) async throws {
        try await db.lockForWrite("accountability:" + county)
    }

    /// The township a principal is limited to: nil for 编办, 司法局 and supervisors (the whole county); a township's
    /// staff their own unit; nobody else sees cases.
    static func scope(_ principal: Principal) -> (sees: Bool, township: String?) {
        switch principal.role {
        case .establishment, .justice, .supervisor: (true, nil)
        case .township: (principal.unit != nil, principal.unit)
        default: (false, nil)
        }
    }

    static func cases(
        county: String, township: String? = nil, person: String? = nil, item: String? = nil, on db: any SQLDatabase
    ) async throws -> [AccountabilityCase] {
        var query: SQLQueryString = "SELECT * FROM accountability_cases WHERE county = \(bind: county)"
        if let township { query = "\(query) AND township = \(bind: township)" }
        if let person { query = "\(query) AND person = \(bind: person)" }
        if let item { query = "\(query) AND item = \(bind: item)" }
        return try await db.rows("\(query) ORDER BY id", as: AccountabilityCaseRow.self).map {
            try JSONDecoder().decode(AccountabilityCase.self, from: Data($0.payload.utf8))
        }
    }

    /// The cases a principal may see (all of the county, or its own township's).
    public func cases(for principal: Principal) async throws -> [AccountabilityCase] {
        let scope = Self.scope(principal)
        guard scope.sees else { return [] }
        return try await database.read { db in
            try await Self.cases(county: principal.county, township: scope.township, on: db)
        }
    }

    /// Every case of a county (the demo, tests).
    public func cases(county: String) async throws -> [AccountabilityCase] {
        try await database.read { db in try await Self.cases(county: county, on: db) }
    }

    /// A person's record: the cases naming the staff member, for 编办, 司法局, supervisors and the person's own
    /// township; anyone else — another township, another county — is told there is no such person (404).
    public func record(person staffId: String, for principal: Principal) async throws -> [AccountabilityCase] {
        let scope = Self.scope(principal)
        let found = try await database.read { db in
            try await Self.cases(county: principal.county, person: staffId, on: db)
        }
        guard scope.sees, !found.isEmpty, scope.township == nil || found.allSatisfy({ $0.township == scope.township })
        else {
            throw AccountabilityServiceFailure.notFound("没有人员编号为“\(staffId)”的问责记录")
        }
        return found
    }

    /// Counts per kind of an item's decided cases in the county (the public item page: no names).
    public func counts(county: String, item: String) async throws -> AccountabilityCounts {
        try await database.read { db in
            AccountabilityCounts.of(try await Self.cases(county: county, item: item, on: db))
        }
    }

    static func save(_ c: AccountabilityCase, at now: Date, on db: any SQLDatabase) async throws -> String {
        let payload = try RecordJSON.text(c)
        try await db.insertRows(
            into: "accountability_cases",
            [
                AccountabilityCaseRow(
                    county: c.county, id: c.id, state: c.state.rawValue, kind: c.kind?.rawValue, item: c.itemCode,
                    township: c.township, person: c.person.staffId, year: c.year, payload: payload,
                    updatedAt: now.micros)
            ], upsertKeys: ["county", "id"], columnsPerRow: 10)
        return payload
    }

    /// 立案 by 编办 or 司法局: the item of the county's catalogue, the township of the county and the person of its
    /// staff on the day of the facts are checked against the records in the same transaction.
    public func open(
        item itemCode: String, township: String, person staffId: String, matter: String, facts: String,
        occurredOn: Day, openedOn: Day, today: Day, by principal: Principal, at now: Date
    ) async throws -> AccountabilityCase {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let county = principal.county
            guard let item = try await ItemStore.items(county: county, codes: [itemCode], on: db).first else {
                throw AccountabilityFailure.unknownItem(itemCode)
            }
            guard
                let townshipName = try await db.raw(
                    """
                    SELECT name FROM regions WHERE county = \(bind: county) AND code = \(bind: township)
                    AND level = 'township'
                    """
                ).first()?.decode(column: "name", as: String.self)
            else { throw AccountabilityFailure.unknownTownship(township) }
            let snapshot = try await CapacityStore.snapshot(county: county, unit: township, on: db)
            let n =
                try await db.raw("SELECT COUNT(*) AS n FROM accountability_cases WHERE county = \(bind: county)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let number = String(n + 1)
            let id = "WZ-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number)"
            let made: AccountabilityCase
            do throws(AccountabilityFailure) {
                let person = try AccountablePerson.find(
                    staffId, in: snapshot.staff, townshipName: townshipName, on: occurredOn)
                made = try AccountabilityCase.open(
                    id: id, county: county, itemCode: item.code, itemName: item.name, township: township,
                    townshipName: townshipName, person: person, matter: matter, facts: facts, occurredOn: occurredOn,
                    openedOn: openedOn, today: today, by: principal, at: now)
            } catch { throw error }
            let payload = try await Self.save(made, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "accountability.case.open", subject: id,
                    detail: "问责立案：\(townshipName) \(item.code) \(made.matter)", after: payload), on: db)
            return made
        }
    }

    /// 决定: the county's situations and the cited articles of the law library are read in the transaction; the
    /// domain decides; the case and its audit entry are written together.
    public func decide(
        _ id: String, _ input: AccountabilityCase.DecisionInput, today: Day, by principal: Principal, at now: Date
    ) async throws -> AccountabilityCase {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            guard
                let row = try await db.rows(
                    "SELECT * FROM accountability_cases WHERE county = \(bind: principal.county) AND id = \(bind: id)",
                    as: AccountabilityCaseRow.self
                ).first
            else { throw AccountabilityServiceFailure.notFound("没有编号为“\(id)”的问责案件") }
            let current = try JSONDecoder().decode(AccountabilityCase.self, from: Data(row.payload.utf8))
            let situations = try await Self.situations(county: principal.county, on: db)
            var known: Set<ArticleRef> = []
            for text in input.articles {
                guard let ref = ArticleRef(parsing: text) else { continue }
                let exists = try await db.raw(
                    """
                    SELECT number FROM law_articles WHERE law = \(bind: ref.law) AND version = \(bind: ref.version.iso)
                    AND number = \(bind: ref.article)
                    """
                ).first()
                if exists != nil { known.insert(ref) }
            }
            let next: AccountabilityCase
            do throws(AccountabilityFailure) {
                next = try current.deciding(
                    input, situations: situations, knownArticles: known, today: today, by: principal, at: now)
            } catch { throw error }
            let payload = try await Self.save(next, at: now, on: db)
            let decision = next.decision!
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now,
                    action: "accountability.case.decide", subject: id,
                    detail:
                        "作出\(decision.kind.label)决定 \(decision.number)（\(decision.body)，\(decision.on.iso)）：\(next.townshipName) \(next.itemCode)",
                    before: row.payload, after: payload), on: db)
            return next
        }
    }
}
