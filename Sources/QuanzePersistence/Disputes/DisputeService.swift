import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the dispute service that are not domain rules.
public enum DisputeServiceFailure: Error, Equatable, Sendable {
    case notFound(String)
    case unknownParty(String)
    case unknownItem(String)
    case unknownArticle(String)
    case decisionExists(String)
    case list(String)

    public var message: String {
        switch self {
        case .notFound(let id): "没有编号为“\(id)”的争议"
        case .unknownParty(let code): "本区县没有在用的镇街或区县部门“\(code)”"
        case .unknownItem(let code): "事项目录中没有事项“\(code)”"
        case .unknownArticle(let text): "法律条文“\(text)”不在法律法规库中（格式：法律名称(版本日期)第N条）"
        case .decisionExists(let number): "文号“\(number)”已登记为其他文件，裁定须使用新的文号"
        case .list(let message): "裁定无法更新属地事项清单：\(message)"
        }
    }
}

struct DisputeRow: Codable, Sendable {
    var county: String
    var id: String
    var state: String
    var item: String?
    var raisedBy: String
    var respondent: String
    var raisedOn: String
    var deadline: String
    var payload: String
    var updatedAt: Int64
}

struct DisputeRulesRow: Codable, Sendable {
    var county: String
    var payload: String
    var updatedAt: Int64
}

/// Boundary disputes (职责边界争议 / 推诿, DESIGN §7, issue 15 point 1): raised by a township or a department, answered
/// by the other side, ruled by 编办 under a decision that updates the territorial list. Every write is one
/// transaction with its audit entry (a ruling's list changes and its decision in the same one); every read and
/// write is of one county (the principal's); a side sees the disputes it is a party to.
public struct DisputeService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    // MARK: settings

    /// The county's recorded settings, or `DisputeRules.unregistered`.
    public func rules(county: String) async throws -> DisputeRules {
        try await database.read { db in try await Self.rules(county: county, on: db) }
    }

    static func rules(county: String, on db: any SQLDatabase) async throws -> DisputeRules {
        try await db.rows("SELECT * FROM dispute_rules WHERE county = \(bind: county)", as: DisputeRulesRow.self)
            .first.map { try JSONDecoder().decode(DisputeRules.self, from: Data($0.payload.utf8)) }
            ?? .unregistered
    }

    /// 编办 (or the demo as `system`) records the county's settings with their source; audited. Returns false when
    /// nothing changed.
    @discardableResult
    public func setRules(_ given: DisputeRules, county: String, actor: Actor, at now: Date) async throws -> Bool {
        let rules: DisputeRules
        do throws(DisputeFailure) { rules = try given.validated() } catch { throw error }
        return try await database.transaction { db in
            let before = try await Self.rules(county: county, on: db)
            guard before != rules else { return false }
            let payload = try RecordJSON.text(rules)
            try await db.insertRows(
                into: "dispute_rules", [DisputeRulesRow(county: county, payload: payload, updatedAt: now.micros)],
                upsertKeys: ["county"], columnsPerRow: 3)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "dispute.rules", subject: county,
                    detail:
                        "争议处理规则：答复期限 \(rules.answerDeadlineDays) 日，\(rules.repeatedMonths) 个月内 \(rules.repeatedCount) 件为反复争议（\(rules.source.printed)）",
                    before: before.isRegistered ? try RecordJSON.text(before) : nil, after: payload), on: db)
            return true
        }
    }

    // MARK: parties

    /// The townships and departments in service that can be a side of a dispute, townships first.
    public func parties(county: String) async throws -> [DisputeParty] {
        try await database.read { db in try await Self.parties(county: county, on: db) }
    }

    static func parties(county: String, on db: any SQLDatabase) async throws -> [DisputeParty] {
        let organizations = try await OrganizationStore.all(county: county, on: db).filter { !$0.isRetired }
        let townships = organizations.filter {
            if case .township = $0.kind { return true }
            return false
        }
        let departments = organizations.filter { $0.kind == .department }
        return townships.sorted { $0.code < $1.code }.map {
            DisputeParty(kind: .township, code: $0.code, name: $0.name)
        }
            + departments.sorted { $0.code < $1.code }.map {
                DisputeParty(kind: .department, code: $0.code, name: $0.name)
            }
    }

    /// The side a principal acts for: its township (镇街) or its department (区级部门); nil for anyone else.
    public static func side(of principal: Principal, among parties: [DisputeParty]) -> DisputeParty? {
        parties.first { $0.isActing(principal) }
    }

    // MARK: reads

    /// Who sees which disputes: 编办, 司法局 and supervisors all of the county's; a township or a department those
    /// it is a side of; nobody else any.
    static func scope(_ principal: Principal) -> (sees: Bool, side: String?) {
        switch principal.role {
        case .establishment, .justice, .supervisor: (true, nil)
        case .township: (principal.unit != nil, principal.unit)
        case .department: (true, principal.organization)
        default: (false, nil)
        }
    }

    static func disputes(county: String, side: String? = nil, item: String? = nil, on db: any SQLDatabase)
        async throws -> [Dispute]
    {
        var query: SQLQueryString = "SELECT * FROM disputes WHERE county = \(bind: county)"
        if let side { query = "\(query) AND (raised_by = \(bind: side) OR respondent = \(bind: side))" }
        if let item { query = "\(query) AND item = \(bind: item)" }
        return try await db.rows("\(query) ORDER BY id", as: DisputeRow.self).map {
            try JSONDecoder().decode(Dispute.self, from: Data($0.payload.utf8))
        }
    }

    /// The disputes a principal may see.
    public func disputes(for principal: Principal) async throws -> [Dispute] {
        let scope = Self.scope(principal)
        guard scope.sees else { return [] }
        return try await database.read { db in
            try await Self.disputes(county: principal.county, side: scope.side, on: db)
        }
    }

    /// Every dispute of a county (R8, the demo, tests).
    public func disputes(county: String) async throws -> [Dispute] {
        try await database.read { db in try await Self.disputes(county: county, on: db) }
    }

    /// One dispute, if the principal may see it; otherwise (another side, another county) there is no such dispute.
    public func dispute(_ id: String, for principal: Principal) async throws -> Dispute {
        let scope = Self.scope(principal)
        let found = try await database.read { db in try await Self.stored(id, county: principal.county, on: db).0 }
        guard scope.sees,
            scope.side == nil || found.raisedBy.code == scope.side || found.respondent.code == scope.side
        else { throw DisputeServiceFailure.notFound(id) }
        return found
    }

    /// The county's rulings, for the public summary: ruled disputes only (the page prints no facts, documents,
    /// answers or names of people).
    public func rulings(county: String) async throws -> [Dispute] {
        try await database.read { db in
            try await db.rows(
                "SELECT * FROM disputes WHERE county = \(bind: county) AND state = 'ruled' ORDER BY id",
                as: DisputeRow.self
            ).map { try JSONDecoder().decode(Dispute.self, from: Data($0.payload.utf8)) }
        }.sorted { ($0.ruling?.on ?? $0.raisedOn, $0.id) > ($1.ruling?.on ?? $1.raisedOn, $1.id) }
    }

    // MARK: writes

    static func lock(_ county: String, on db: any SQLDatabase) async throws {
        try await db.lockForWrite("disputes:" + county)
    }

    static func save(_ d: Dispute, at now: Date, on db: any SQLDatabase) async throws -> String {
        let payload = try RecordJSON.text(d)
        try await db.insertRows(
            into: "disputes",
            [
                DisputeRow(
                    county: d.county, id: d.id, state: d.state.rawValue, item: d.itemCode, raisedBy: d.raisedBy.code,
                    respondent: d.respondent.code, raisedOn: d.raisedOn.iso, deadline: d.deadline.iso,
                    payload: payload, updatedAt: now.micros)
            ], upsertKeys: ["county", "id"], columnsPerRow: 10)
        return payload
    }

    static func stored(_ id: String, county: String, on db: any SQLDatabase) async throws -> (Dispute, String) {
        guard
            let row = try await db.rows(
                "SELECT * FROM disputes WHERE county = \(bind: county) AND id = \(bind: id)", as: DisputeRow.self
            ).first
        else { throw DisputeServiceFailure.notFound(id) }
        return (try JSONDecoder().decode(Dispute.self, from: Data(row.payload.utf8)), row.payload)
    }

    /// A township or a department raises a dispute against another side of the county, about an item of its
    /// catalogue or a matter; the answer is due after the county's deadline.
    public func raise(
        item itemCode: String?, matter: String, facts: String, documents: [String], respondent: String, on day: Day,
        today: Day, by principal: Principal, at now: Date
    ) async throws -> Dispute {
        do throws(DisputeFailure) { try Dispute.check(day, step: "提出", today: today) } catch { throw error }
        return try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let county = principal.county
            let parties = try await Self.parties(county: county, on: db)
            guard let other = parties.first(where: { $0.code == respondent }) else {
                throw DisputeServiceFailure.unknownParty(respondent)
            }
            guard let own = Self.side(of: principal, among: parties) else {
                throw DisputeFailure.wrongRole(step: "提出争议", needed: "镇街或区县部门")
            }
            var item: (code: String, name: String)?
            if let itemCode = itemCode?.trimmingSpaces(), !itemCode.isEmpty {
                guard let found = try await ItemStore.items(county: county, codes: [itemCode], on: db).first else {
                    throw DisputeServiceFailure.unknownItem(itemCode)
                }
                item = (found.code, found.name)
            }
            let rules = try await Self.rules(county: county, on: db)
            let n =
                try await db.raw("SELECT COUNT(*) AS n FROM disputes WHERE county = \(bind: county)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let number = String(n + 1)
            let id = "ZY-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number)"
            let made: Dispute
            do throws(DisputeFailure) {
                made = try Dispute.raise(
                    id: id, county: county, item: item, matter: matter, facts: facts, documents: documents,
                    raisedBy: own, respondent: other, by: principal, on: day, rules: rules, at: now)
            } catch { throw error }
            let payload = try await Self.save(made, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "dispute.raise", subject: id,
                    detail:
                        "\(made.raisedBy.name)就“\(made.matter)”向\(made.respondent.name)提出职责边界争议，答复期限至\(made.deadline.chinese)",
                    after: payload), on: db)
            return made
        }
    }

    /// The other side answers with its position and reasons (a bare "已下放" is refused by the domain).
    public func answer(
        _ id: String, position: Dispute.Position, reasons: String, on day: Day, today: Day, by principal: Principal,
        at now: Date
    ) async throws -> Dispute {
        try await change(id, action: "dispute.answer", by: principal, at: now) { d throws(DisputeFailure) in
            try Dispute.check(day, step: "答复", today: today)
            let next = try d.answering(position: position, reasons: reasons, by: principal, on: day, at: now)
            let late = next.answer?.late == true ? "（逾期答复）" : ""
            return (next, "\(next.respondent.name)答复：\(position.label)\(late)")
        }
    }

    /// The raiser withdraws before the ruling.
    public func withdraw(_ id: String, by principal: Principal, at now: Date) async throws -> Dispute {
        try await change(id, action: "dispute.withdraw", by: principal, at: now) { d throws(DisputeFailure) in
            (try d.withdrawing(by: principal, at: now), "\(d.raisedBy.name)撤回争议")
        }
    }

    func change(
        _ id: String, action: String, by principal: Principal, at now: Date,
        _ step: @escaping @Sendable (Dispute) throws(DisputeFailure) -> (Dispute, String)
    ) async throws -> Dispute {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let (current, before) = try await Self.stored(id, county: principal.county, on: db)
            let next: Dispute
            let detail: String
            do throws(DisputeFailure) { (next, detail) = try step(current) } catch { throw error }
            let payload = try await Self.save(next, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: action, subject: id,
                    detail: detail, before: before, after: payload), on: db)
            return next
        }
    }

    /// 编办 rules: the primary and cooperating sides, the basis and its statute articles (each must be in the law
    /// library), under a new decision of kind 争议裁定 registered with the ruling; the territorial list of each
    /// township side changes from the ruling's day, citing that decision — all in one transaction with the audit.
    public func rule(
        _ id: String, primary: String, cooperating: [String], basis: String, articles: [String], decision: String,
        title: String?, on day: Day, today: Day, by principal: Principal, at now: Date
    ) async throws -> Dispute {
        do throws(DisputeFailure) { try Dispute.check(day, step: "裁定", today: today) } catch { throw error }
        return try await database.transaction { db in
            let county = principal.county
            try await Self.lock(county, on: db)
            let (current, before) = try await Self.stored(id, county: county, on: db)
            var refs: [ArticleRef] = []
            for text in articles.map({ $0.trimmingSpaces() }).filter({ !$0.isEmpty }) {
                guard let ref = ArticleRef(parsing: text),
                    try await db.raw(
                        """
                        SELECT number FROM law_articles WHERE law = \(bind: ref.law) AND version = \(bind: ref.version.iso)
                        AND number = \(bind: ref.article)
                        """
                    ).first() != nil
                else { throw DisputeServiceFailure.unknownArticle(text) }
                if !refs.contains(ref) { refs.append(ref) }
            }
            var next: Dispute
            do throws(DisputeFailure) {
                next = try current.ruling(
                    primary: primary, cooperating: cooperating, basis: basis, articles: refs, decision: decision,
                    by: principal, on: day, at: now)
            } catch { throw error }
            guard let ruling = next.ruling else { throw DisputeServiceFailure.notFound(id) }
            if try await DecisionStore.find(county: county, number: ruling.decision, on: db) != nil {
                throw DisputeServiceFailure.decisionExists(ruling.decision)
            }
            let issuer =
                try await OrganizationStore.all(county: county, on: db).first { $0.code == principal.organization }?
                .name ?? principal.organization
            let subject = next.itemName.map { "“\($0)”" } ?? "“\(next.matter)”"
            let heading = title?.trimmingSpaces() ?? ""
            try await DecisionStore(database).save(
                [
                    Decision(
                        county: county, number: ruling.decision,
                        title: heading.isEmpty ? "关于\(subject)职责边界争议的裁定" : heading, issuer: issuer, date: day,
                        kind: .disputeRuling, publishedOn: day)
                ], on: db)
            if let item = next.itemCode {
                let townships = [next.raisedBy, next.respondent].filter { $0.kind == .township }.map(\.code)
                var held: [Assignment] = []
                if !townships.isEmpty {
                    held = try await ListStore.assignments(
                        """
                        SELECT * FROM assignments WHERE county = \(bind: county) AND item_code = \(bind: item)
                        AND list = 'territorial' AND township IN (\(binds: townships)) AND
                        """ + " " + ListStore.inForceClause(day, nil), on: db)
                }
                let (changes, lines) = next.rulingChanges(current: held)
                if !changes.isEmpty {
                    do {
                        try await ListService.apply(
                            changes, county: county, citation: .decision(ruling.decision), actor: principal.actor,
                            at: now, action: "dispute.rule", on: db)
                    } catch let failure as ListServiceFailure {
                        throw DisputeServiceFailure.list(failure.message)
                    }
                }
                next.ruling?.listChanges = lines
            }
            let payload = try await Self.save(next, at: now, on: db)
            let cooperatingNames = ruling.cooperating.map(\.name).joined(separator: "、")
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "dispute.rule", subject: id,
                    detail:
                        "\(ruling.decision)裁定：\(ruling.primary.name)主办"
                        + (cooperatingNames.isEmpty ? "" : "，\(cooperatingNames)配合")
                        + (next.ruling?.listChanges.isEmpty == false
                            ? "；属地事项清单：" + (next.ruling?.listChanges ?? []).joined(separator: "；") : ""),
                    before: before, after: payload), on: db)
            return next
        }
    }
}
