import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the agency service that are not domain rules.
public enum AgencyServiceFailure: Error, Equatable, Sendable {
    case notFound(kind: String, id: String)

    public var message: String {
        switch self {
        case .notFound(let kind, let id): "没有编号为“\(id)”的\(kind)"
        }
    }
}

/// The kinds of agency records kept in `agency_records`.
enum AgencyRecordKind: String {
    case appointment, scheme
}

struct AgencyRecordRow: Codable, Sendable {
    var county: String
    var kind: String
    var id: String
    var state: String
    var agency: String
    var department: String
    var township: String
    var year: Int?
    var payload: String
    var updatedAt: Int64
}

struct AgencyRulesRow: Codable, Sendable {
    var county: String
    var opinionDeadlineDays: Int
    var allowsException: Int
    var minimumTownshipWeight: Int
    var payload: String
    var updatedAt: Int64
}

/// Dispatched agencies' records (DESIGN §6, issue 14 points 1–2): the county's rules, head appointments and
/// removals, yearly assessment schemes. Every write is one transaction with its audit entry; every read and write is
/// of one county (the principal's).
public struct AgencyService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    static func json(_ value: some Encodable) throws -> String { try RecordJSON.text(value) }

    // MARK: rules

    /// The county's recorded rules, nil when it has recorded none (the caller uses the product's defaults).
    public func rules(county: String) async throws -> AgencyRules? {
        try await database.read { db in try await Self.rules(county: county, on: db) }
    }

    static func rules(county: String, on db: any SQLDatabase) async throws -> AgencyRules? {
        try await db.rows("SELECT * FROM agency_rules WHERE county = \(bind: county)", as: AgencyRulesRow.self).first
            .map { try JSONDecoder().decode(AgencyRules.self, from: Data($0.payload.utf8)) }
    }

    /// Records the county's rules (编办, or the demo as `system`): checked, written with the audit entry (before and
    /// after). Returns false when nothing changed.
    @discardableResult
    public func setRules(_ rules: AgencyRules, county: String, actor: Actor, at now: Date) async throws -> Bool {
        do throws(AgencyFailure) { try rules.validate() } catch { throw error }
        return try await database.transaction { db in
            let before = try await Self.rules(county: county, on: db)
            guard before != rules else { return false }
            try await db.raw("DELETE FROM agency_rules WHERE county = \(bind: county)").run()
            try await db.insertRows(
                into: "agency_rules",
                [
                    AgencyRulesRow(
                        county: county, opinionDeadlineDays: rules.opinionDeadlineDays,
                        allowsException: rules.allowsUnconsultedException ? 1 : 0,
                        minimumTownshipWeight: rules.minimumTownshipWeight, payload: try Self.json(rules),
                        updatedAt: now.micros)
                ], columnsPerRow: 6)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "agency.rules", subject: county,
                    detail:
                        "派驻机构规则：镇街反馈意见期限 \(rules.opinionDeadlineDays) 天，未征求意见\(rules.allowsUnconsultedException ? "可作为例外记录" : "不得作出决定")，镇街评价权重不低于 \(Percent(basisPoints: rules.minimumTownshipWeight).text)",
                    before: try before.map { try Self.json($0) }, after: try Self.json(rules)), on: db)
            return true
        }
    }

    // MARK: agencies

    /// The county's dispatched agencies in service, with their department's and township's names.
    public func agencies(county: String) async throws -> [AgencyRef] {
        try await database.read { db in
            let names = try await OrganizationStore.names(county: county, on: db)
            let all = try await OrganizationStore.all(county: county, on: db)
            return all.filter { $0.kind == .dispatchedAgency && !$0.isRetired }.compactMap { org in
                try? AgencyRef.from(org, code: org.code, names: names)
            }
        }
    }

    static func agency(county: String, code: String, on db: any SQLDatabase) async throws -> AgencyRef {
        let org = try await OrganizationStore.find(county: county, code: code, on: db)
        let names = try await OrganizationStore.names(county: county, on: db)
        do throws(AgencyFailure) { return try AgencyRef.from(org, code: code, names: names) } catch { throw error }
    }

    // MARK: records

    static func list<T: Decodable>(
        _ type: T.Type, _ kind: AgencyRecordKind, county: String, department: String? = nil, township: String? = nil,
        on db: any SQLDatabase
    ) async throws -> [T] {
        var query: SQLQueryString =
            "SELECT * FROM agency_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)"
        if let department { query = "\(query) AND department = \(bind: department)" }
        if let township { query = "\(query) AND township = \(bind: township)" }
        return try await db.rows("\(query) ORDER BY id", as: AgencyRecordRow.self).map {
            try JSONDecoder().decode(T.self, from: Data($0.payload.utf8))
        }
    }

    static func find<T: Decodable>(
        _ type: T.Type, _ kind: AgencyRecordKind, county: String, id: String, on db: any SQLDatabase
    )
        async throws -> (T, String)?
    {
        try await db.rows(
            """
            SELECT * FROM agency_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)
            AND id = \(bind: id)
            """, as: AgencyRecordRow.self
        ).first.map { (try JSONDecoder().decode(T.self, from: Data($0.payload.utf8)), $0.payload) }
    }

    static func save(
        _ kind: AgencyRecordKind, id: String, county: String, state: String, agency: AgencyRef, year: Int?,
        payload: String, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await db.insertRows(
            into: "agency_records",
            [
                AgencyRecordRow(
                    county: county, kind: kind.rawValue, id: id, state: state, agency: agency.code,
                    department: agency.department, township: agency.township, year: year, payload: payload,
                    updatedAt: now.micros)
            ], upsertKeys: ["county", "kind", "id"], columnsPerRow: 10)
    }

    /// The next readable id of a kind: AP-0001 (appointments), AS-0001 (schemes); serialised per county on
    /// PostgreSQL so two writers never take the same number.
    static func nextId(_ kind: AgencyRecordKind, county: String, on db: any SQLDatabase) async throws -> String {
        try await db.lockForWrite("agency:" + county)
        let n =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM agency_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let prefix = kind == .appointment ? "AP" : "AS"
        let number = String(n + 1)
        return "\(prefix)-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number)"
    }

    // MARK: appointments

    /// The appointments a principal may see: 编办, 司法局 and supervisors all of the county's; a department those of
    /// its agencies; a township those of the agencies stationed with it; nobody else any.
    public func appointments(for principal: Principal) async throws -> [HeadAppointment] {
        guard let scope = Self.scope(principal) else { return [] }
        return try await database.read { db in
            try await Self.list(
                HeadAppointment.self, .appointment, county: principal.county, department: scope.department,
                township: scope.township, on: db)
        }
    }

    /// Every appointment of a county (counts, the demo).
    public func appointments(county: String) async throws -> [HeadAppointment] {
        try await database.read { db in try await Self.list(HeadAppointment.self, .appointment, county: county, on: db)
        }
    }

    public func appointment(_ id: String, for principal: Principal) async throws -> HeadAppointment {
        try await database.read { db in
            guard
                let stored = try await Self.find(
                    HeadAppointment.self, .appointment, county: principal.county, id: id, on: db),
                Self.sees(principal, stored.0.agency)
            else { throw AgencyServiceFailure.notFound(kind: "任免事项", id: id) }
            return stored.0
        }
    }

    struct Scope: Sendable {
        var department: String?
        var township: String?
    }

    static func scope(_ principal: Principal) -> Scope? {
        switch principal.role {
        case .establishment, .justice, .supervisor: return Scope()
        case .department: return Scope(department: principal.organization)
        case .township:
            guard let unit = principal.unit else { return nil }
            return Scope(township: unit)
        default: return nil
        }
    }

    static func sees(_ principal: Principal, _ agency: AgencyRef) -> Bool {
        guard let scope = scope(principal) else { return false }
        if let department = scope.department, department != agency.department { return false }
        if let township = scope.township, township != agency.township { return false }
        return true
    }

    /// The department proposes appointing or removing its agency's head; the township's deadline runs from `day`.
    public func propose(
        agency code: String, action: HeadAppointment.Action, person: String, post: String, reasons: String,
        on day: Day, rules: AgencyRules, by principal: Principal, at now: Date
    ) async throws -> HeadAppointment {
        try await database.transaction { db in
            let agency = try await Self.agency(county: principal.county, code: code, on: db)
            let id = try await Self.nextId(.appointment, county: principal.county, on: db)
            let made: HeadAppointment
            do throws(AgencyFailure) {
                made = try HeadAppointment.propose(
                    id: id, county: principal.county, agency: agency, action: action, person: person, post: post,
                    reasons: reasons, by: principal, on: day, rules: rules, at: now)
            } catch { throw error }
            let payload = try Self.json(made)
            try await Self.save(
                .appointment, id: id, county: principal.county, state: made.state.rawValue, agency: agency, year: nil,
                payload: payload, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "agency.appointment.propose",
                    subject: id,
                    detail:
                        "\(agency.departmentName)提出\(action.label)\(agency.name)\(made.post) \(made.person)，请\(agency.townshipName)于\(made.deadline.chinese)前反馈意见",
                    after: payload), on: db)
            return made
        }
    }

    /// Opinion, decision, exception or withdrawal: the domain decides, the record and its audit entry are written
    /// in one transaction.
    public func apply(
        _ event: HeadAppointment.Event, to id: String, rules: AgencyRules, by principal: Principal, at now: Date
    ) async throws -> HeadAppointment {
        try await database.transaction { db in
            try await db.lockForWrite("agency:" + principal.county)
            guard
                let stored = try await Self.find(
                    HeadAppointment.self, .appointment, county: principal.county, id: id, on: db),
                Self.sees(principal, stored.0.agency)
            else { throw AgencyServiceFailure.notFound(kind: "任免事项", id: id) }
            let (current, before) = stored
            let next: HeadAppointment
            do throws(AgencyFailure) { next = try current.applying(event, by: principal, rules: rules, at: now) } catch
            {
                throw error
            }
            let payload = try Self.json(next)
            try await Self.save(
                .appointment, id: id, county: principal.county, state: next.state.rawValue, agency: next.agency,
                year: nil, payload: payload, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now,
                    action: "agency.appointment.\(event.kind.rawValue)", subject: id,
                    detail:
                        "\(next.agency.name)\(next.action.label) \(next.person)：\(event.kind.label)（\(next.state.label)）\(next.history.last?.note.isEmpty == false ? "：" + next.history.last!.note : "")",
                    before: before, after: payload), on: db)
            return next
        }
    }

    // MARK: assessment schemes

    public func schemes(for principal: Principal) async throws -> [AssessmentScheme] {
        guard let scope = Self.scope(principal) else { return [] }
        return try await database.read { db in
            try await Self.list(
                AssessmentScheme.self, .scheme, county: principal.county, department: scope.department,
                township: scope.township, on: db)
        }
    }

    /// Published results for an officer of an agency (the agency's own staff see its published assessments).
    public func publishedSchemes(county: String, agency: String) async throws -> [AssessmentScheme] {
        try await database.read { db in
            try await Self.list(AssessmentScheme.self, .scheme, county: county, on: db).filter {
                $0.agency.code == agency && $0.state == .published
            }
        }
    }

    public func makeScheme(
        agency code: String, year: Int, indicators: [AssessmentScheme.IndicatorInput], rules: AgencyRules,
        by principal: Principal, at now: Date
    ) async throws -> AssessmentScheme {
        try await database.transaction { db in
            let agency = try await Self.agency(county: principal.county, code: code, on: db)
            let id = try await Self.nextId(.scheme, county: principal.county, on: db)
            let existing = try await Self.list(AssessmentScheme.self, .scheme, county: principal.county, on: db)
            let made: AssessmentScheme
            do throws(AgencyFailure) {
                made = try AssessmentScheme.make(
                    id: id, county: principal.county, year: year, agency: agency, indicators: indicators,
                    by: principal, rules: rules, existing: existing, at: now)
            } catch { throw error }
            let payload = try Self.json(made)
            try await Self.save(
                .scheme, id: id, county: principal.county, state: made.state.rawValue, agency: agency, year: year,
                payload: payload, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "agency.scheme.make",
                    subject: id,
                    detail:
                        "\(agency.name)\(year) 年度考核方案：\(made.indicators.count) 项指标，镇街评价权重 \(Percent(basisPoints: made.townshipWeight).text)",
                    after: payload), on: db)
            return made
        }
    }

    /// One side's scores, or the publication of the result.
    public enum SchemeStep: Sendable {
        case score([String: String])
        case publish(on: Day)
    }

    public func scheme(_ id: String, _ step: SchemeStep, by principal: Principal, at now: Date) async throws
        -> AssessmentScheme
    {
        try await database.transaction { db in
            guard
                let stored = try await Self.find(
                    AssessmentScheme.self, .scheme, county: principal.county, id: id, on: db),
                Self.sees(principal, stored.0.agency)
            else { throw AgencyServiceFailure.notFound(kind: "考核方案", id: id) }
            let (current, before) = stored
            let next: AssessmentScheme
            let action: String
            let detail: String
            do throws(AgencyFailure) {
                switch step {
                case .score(let scores):
                    next = try current.scoring(scores, by: principal, at: now)
                    action = "agency.scheme.score"
                    detail = "\(current.agency.name)\(current.year) 年度考核：\(next.history.last?.step ?? "评分")"
                case .publish(let day):
                    next = try current.publishing(on: day, by: principal, at: now)
                    action = "agency.scheme.publish"
                    detail =
                        "\(current.agency.name)\(current.year) 年度考核结果公布：总分 \(next.total.map(Hundredths.fixed) ?? "")"
                }
            } catch { throw error }
            let payload = try Self.json(next)
            try await Self.save(
                .scheme, id: id, county: principal.county, state: next.state.rawValue, agency: next.agency,
                year: next.year, payload: payload, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: action, subject: id,
                    detail: detail, before: before, after: payload), on: db)
            return next
        }
    }
}
