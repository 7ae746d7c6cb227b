import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the resource service that are not domain rules.
public enum ResourceServiceFailure: Error, Equatable, Sendable {
    case notFound(kind: String, id: String)

    public var message: String {
        switch self {
        case .notFound(let kind, let id): "没有“\(id)”的\(kind)"
        }
    }
}

/// The kinds of records kept in `resource_records`.
enum ResourceRecordKind: String {
    case budget, establishment, policy, rules
}

struct ResourceRecordRow: Codable, Sendable {
    var county: String
    var kind: String
    var recordKey: String
    var township: String
    var year: Int?
    var payload: String
    var updatedAt: Int64
}

/// Resources that follow the powers (DESIGN §6, issue 14 point 4): townships' budgets for approval and enforcement
/// work, offices' authorised establishment, front-line enforcement staff's insurance, the county's resource rules,
/// and the figures read from them (establishment against staff, workload per authorised post). Every write is one
/// transaction with its audit entry (before and after); every read and write is of one county — callers check the
/// principal's capabilities (`AccessPolicy`) first.
public struct ResourceService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    static func json(_ value: some Encodable) throws -> String { try RecordJSON.text(value) }

    static func list<T: Decodable>(
        _ type: T.Type, _ kind: ResourceRecordKind, county: String, township: String? = nil, year: Int? = nil,
        on db: any SQLDatabase
    ) async throws -> [T] {
        var query: SQLQueryString =
            "SELECT * FROM resource_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)"
        if let township { query = "\(query) AND township = \(bind: township)" }
        if let year { query = "\(query) AND year = \(bind: year)" }
        return try await db.rows("\(query) ORDER BY record_key", as: ResourceRecordRow.self).map {
            try JSONDecoder().decode(T.self, from: Data($0.payload.utf8))
        }
    }

    static func find(_ kind: ResourceRecordKind, county: String, key: String, on db: any SQLDatabase) async throws
        -> String?
    {
        try await db.rows(
            """
            SELECT * FROM resource_records WHERE county = \(bind: county) AND kind = \(bind: kind.rawValue)
            AND record_key = \(bind: key)
            """, as: ResourceRecordRow.self
        ).first?.payload
    }

    /// Writes a record (replacing the one of the same key) and its audit entry; false when nothing changed.
    static func write(
        _ kind: ResourceRecordKind, key: String, county: String, township: String, year: Int?, value: some Encodable,
        action: String, detail: String, actor: Actor, at now: Date, on db: any SQLDatabase
    ) async throws -> Bool {
        let payload = try json(value)
        let before = try await find(kind, county: county, key: key, on: db)
        guard before != payload else { return false }
        try await db.insertRows(
            into: "resource_records",
            [
                ResourceRecordRow(
                    county: county, kind: kind.rawValue, recordKey: key, township: township, year: year,
                    payload: payload, updatedAt: now.micros)
            ], upsertKeys: ["county", "kind", "record_key"], columnsPerRow: 7)
        try await AuditStore.append(
            AuditEvent(
                county: county, actor: actor, at: now, action: action, subject: key, detail: detail, before: before,
                after: payload), on: db)
        return true
    }

    static func township(county: String, code: String, on db: any SQLDatabase) async throws -> String {
        let name = try await db.raw(
            "SELECT name FROM regions WHERE county = \(bind: county) AND code = \(bind: code) AND level = 'township'"
        ).first()?.decode(column: "name", as: String.self)
        guard let name else { throw ResourceFailure.notATownship(code) }
        return name
    }

    /// The county's township-level units (code, name), in code order.
    public func townships(county: String) async throws -> [(code: String, name: String)] {
        try await database.read { db in
            try await db.raw(
                "SELECT code, name FROM regions WHERE county = \(bind: county) AND level = 'township' ORDER BY code"
            ).all().map {
                (try $0.decode(column: "code", as: String.self), try $0.decode(column: "name", as: String.self))
            }
        }
    }

    // MARK: rules

    /// The county's recorded rules, nil when it has recorded none (the caller uses the product's defaults).
    public func rules(county: String) async throws -> ResourceRules? {
        try await database.read { db in
            try await Self.list(ResourceRules.self, .rules, county: county, on: db).first
        }
    }

    /// Records the county's resource rules (编办, or the demo as `system`), checked and audited. False when nothing
    /// changed.
    @discardableResult
    public func setRules(_ rules: ResourceRules, county: String, actor: Actor, at now: Date) async throws -> Bool {
        do throws(ResourceFailure) { try rules.validate() } catch { throw error }
        return try await database.transaction { db in
            try await Self.write(
                .rules, key: county, county: county, township: "", year: nil, value: rules, action: "resource.rules",
                detail: "资源保障规则：保险到期提前 \(rules.expiryWarningDays) 天提醒；\(rules.insurance.printed)", actor: actor,
                at: now, on: db)
        }
    }

    // MARK: budgets

    /// The county's budgets of a year (one township's when `township` is given), in township order.
    public func budgets(county: String, year: Int, township: String? = nil) async throws -> [TownshipBudget] {
        try await database.read { db in
            try await Self.list(TownshipBudget.self, .budget, county: county, township: township, year: year, on: db)
        }
    }

    /// Records (or corrects) a township's budget for a year. False when nothing changed.
    @discardableResult
    public func setBudget(_ budget: TownshipBudget, actor: Actor, at now: Date) async throws -> Bool {
        try await database.transaction { db in
            let name = try await Self.township(county: budget.county, code: budget.township, on: db)
            let rate = budget.disbursementRate.map { Percent(basisPoints: $0).text } ?? "—"
            return try await Self.write(
                .budget, key: "\(budget.township)|\(budget.year)", county: budget.county, township: budget.township,
                year: budget.year, value: budget, action: "resource.budget",
                detail:
                    "\(name)\(budget.year) 年审批执法经费：预算 \(budget.budgeted.yuan) 元，已拨付 \(budget.disbursed.yuan) 元（拨付率 \(rate)）",
                actor: actor, at: now, on: db)
        }
    }

    // MARK: establishment

    public func establishments(county: String, year: Int) async throws -> [OfficeEstablishment] {
        try await database.read { db in
            try await Self.list(OfficeEstablishment.self, .establishment, county: county, year: year, on: db)
        }
    }

    /// Records (or corrects) an office's authorised establishment for a year: the office is checked by the domain.
    /// Returns the record and whether anything changed.
    @discardableResult
    public func setEstablishment(
        county: String, office code: String, year: Int, posts: Int, document: String, actor: Actor, at now: Date
    ) async throws -> (OfficeEstablishment, Bool) {
        try await database.transaction { db in
            guard let office = try await OrganizationStore.find(county: county, code: code, on: db) else {
                throw ResourceFailure.notAnOffice(code)
            }
            let record: OfficeEstablishment
            do throws(ResourceFailure) {
                record = try OfficeEstablishment.make(office: office, year: year, posts: posts, document: document)
            } catch { throw error }
            let changed = try await Self.write(
                .establishment, key: "\(record.office)|\(year)", county: county, township: record.township, year: year,
                value: record, action: "resource.establishment",
                detail: "\(record.officeName)\(year) 年核定编制 \(posts) 名\(record.document.map { "（\($0)）" } ?? "")",
                actor: actor, at: now, on: db)
            return (record, changed)
        }
    }

    /// Every approval office and enforcement squad of the county in service, with its establishment for the year
    /// and its staff on `day` (在编 counted against the posts).
    public func standings(county: String, year: Int, on day: Day, township: String? = nil) async throws
        -> [EstablishmentStanding]
    {
        let records = try await establishments(county: county, year: year)
        let offices = try await OrganizationStore(database).all(county: county).filter {
            ($0.kind == .approvalOffice || $0.kind == .enforcementSquad) && !$0.isRetired && $0.parent != nil
                && (township == nil || $0.parent == township)
        }
        let snapshots = try await CapacityStore(database).snapshots(county: county)
        let byUnit = Dictionary(snapshots.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
        return offices.sorted { ($0.parent ?? "", $0.code) < ($1.parent ?? "", $1.code) }.map { office in
            let unit = office.parent ?? ""
            return EstablishmentStanding.of(
                office: office.code, officeName: office.name, township: unit,
                posts: records.first { $0.office == office.code }?.posts,
                snapshot: byUnit[unit] ?? CapacitySnapshot(county: county, unit: unit, unitName: unit), on: day)
        }
    }

    // MARK: workload

    /// Each township's workload for a year on an as-of day (see `Workload`): entries of its 审批服务清单 and 执法清单
    /// in force on the day, case volume of the year's months up to the day's month, authorised posts of its offices
    /// for the year.
    public func workloads(county: String, year: Int, on day: Day) async throws -> [Workload] {
        let units = try await townships(county: county)
        let counts = try await ListStore(database).counts(county: county, on: day)
        let lastMonth = day.year == year ? String(day.iso.prefix(7)) : String(format: "%04d-12", year)
        let cells = try await CaseStore(database).cells(
            county: county, from: String(format: "%04d-01", year), to: lastMonth)
        var cases: [String: Int] = [:]
        for cell in cells { cases[cell.township, default: 0] += cell.volume }
        var posts: [String: Int] = [:]
        for record in try await establishments(county: county, year: year) {
            posts[record.township, default: 0] += record.posts
        }
        return units.map { code, name in
            let lists = RegionCode(code).flatMap { counts[$0] } ?? [:]
            return Workload(
                township: code, name: name, items: (lists[.approval] ?? 0) + (lists[.enforcement] ?? 0),
                cases: cases[code] ?? 0, posts: posts[code] ?? 0)
        }
    }

    // MARK: insurance

    /// The county's policies (one township's when given), in id order.
    public func policies(county: String, township: String? = nil) async throws -> [InsurancePolicy] {
        try await database.read { db in
            try await Self.list(InsurancePolicy.self, .policy, county: county, township: township, on: db)
        }
    }

    /// Records a policy for a member of a unit's front-line enforcement staff: the person is checked against the
    /// unit's capacity records by the domain; the id is IP-0001, IP-0002 … per county.
    public func addPolicy(
        county: String, township: String, staffId: String, insurer: String, number: String, kind: String, from: Day,
        until: Day, cover: String, actor: Actor, at now: Date
    ) async throws -> InsurancePolicy {
        try await database.transaction { db in
            try await db.lockForWrite("resource:" + county)
            _ = try await Self.township(county: county, code: township, on: db)
            let snapshot = try await CapacityStore.snapshot(county: county, unit: township, on: db)
            let existing = try await Self.list(InsurancePolicy.self, .policy, county: county, on: db)
            let serial = String(existing.count + 1)
            let id = "IP-\(String(repeating: "0", count: max(0, 4 - serial.count)))\(serial)"
            let policy: InsurancePolicy
            do throws(ResourceFailure) {
                policy = try InsurancePolicy.make(
                    id: id, snapshot: snapshot, staffId: staffId, insurer: insurer, number: number, kind: kind,
                    from: from, until: until, cover: cover, existing: existing)
            } catch { throw error }
            _ = try await Self.write(
                .policy, key: id, county: county, township: township, year: nil, value: policy,
                action: "resource.insurance",
                detail:
                    "\(policy.staffName)（\(policy.staffId)）\(policy.kind.label)：\(policy.insurer) 保单 \(policy.number)，\(policy.from.iso) 至 \(policy.until.iso)，保额 \(policy.cover.yuan) 元",
                actor: actor, at: now, on: db)
            return policy
        }
    }
}
