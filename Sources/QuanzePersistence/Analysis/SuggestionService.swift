import Foundation
import QuanzeDomain
import SQLKit

/// A suggestion with what has been decided on it.
public struct SuggestionStatus: Sendable {
    public var suggestion: Suggestion
    /// open, accepted, or dismissed (a dismissal holds only while the evidence is unchanged).
    public var status: String
    public var reason: String?
}

/// Runs the adjustment engine on the county's data as of a day and records decisions on its findings.
public struct SuggestionService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// The engine's input from the stores: running delegations (with their evaluation schedules), the sums of the
    /// indicator cells of exactly the windows `engine`'s rules read (added by the database: `CaseStore.sums`),
    /// capacity gaps, the delegated items' legal bases and the law timeline with the county's article maps.
    /// What is delegated is what is in force: the running delegation records, and any 赋权 or 委托 entry in force on
    /// the empowerment list (扩权赋能清单, where every handed-down power stands) that no record covers, however it
    /// was written — so delegated entries are never silently left out. (Entries on the approval or enforcement list
    /// alone, such as public services a department entrusts, are not handed-down powers of the empowerment list.)
    public func input(county: String, asOf: Day, engine: SuggestionEngine = SuggestionEngine()) async throws
        -> AnalysisInput
    {
        let records = try await DelegationStore(database).terms(county: county, state: .active).filter {
            $0.effectiveOn <= asOf && ($0.termEnds.map { $0 > asOf } ?? true)
        }
        // The entries are read whole only when one of them is not covered by a record above (a county loaded as
        // lists alone): a province county has thousands of delegated entries, nearly all of them covered, so first
        // only their township and item are read.
        let inForce: SQLQueryString =
            """
            county = \(bind: county) AND list = 'empowerment' AND mode IN ('granted', 'entrusted') AND
            """ + " " + ListStore.inForceClause(asOf, nil)
        let covered = Set(records.map { $0.unit + "|" + $0.itemCode })
        let pairs = try await database.read { db in
            try await db.raw("SELECT DISTINCT township || '|' || item_code AS pair FROM assignments WHERE " + inForce)
                .all().map { try $0.decode(column: "pair", as: String.self) }
        }
        var entries: [Assignment] = []
        if !pairs.allSatisfy(covered.contains) {
            entries = try await database.read { db in
                try await ListStore.assignments("SELECT * FROM assignments WHERE " + inForce, on: db)
            }
        }
        let delegations =
            records.map {
                DelegatedItem(
                    township: $0.unit, itemCode: $0.itemCode, mode: $0.mode, effectiveOn: $0.effectiveOn,
                    transitionEnds: $0.transitionEnds, termEnds: $0.termEnds, evaluationDue: $0.evaluationDue,
                    lastEvaluation: $0.lastEvaluation)
            }
            + DelegatedItem.uncovered(by: covered, entries: entries)
        let sums = try await CaseStore(database).sums(
            county: county, windows: engine.windows(delegations, asOf: asOf))
        var gaps: [String: [RequirementFit]] = [:]
        let fits = try await CapacityStore(database).fit(
            county: county,
            itemsByUnit: Dictionary(grouping: delegations, by: \.township).mapValues { $0.map(\.itemCode) },
            on: asOf)
        for (unit, items) in fits {
            for (item, fit) in items {
                let missing = fit.filter { !$0.held }
                if !missing.isEmpty { gaps["\(unit)|\(item)"] = missing }
            }
        }
        let citations = try await ItemStore(database).legalBases(
            county: county, codes: Array(Set(delegations.map(\.itemCode))).sorted())
        let disputes = DisputeService(database)
        return AnalysisInput(
            asOf: asOf, delegations: delegations, sums: sums, gaps: gaps, citations: citations,
            laws: try await LawStore(database).timeline(county: county),
            disputes: try await disputes.disputes(county: county),
            disputeRules: try await disputes.rules(county: county))
    }

    /// The findings as of a day with their status; dismissed ones whose evidence is unchanged are left out.
    public func run(county: String, asOf: Day, engine: SuggestionEngine = SuggestionEngine()) async throws
        -> [SuggestionStatus]
    {
        try await statuses(engine.run(try await input(county: county, asOf: asOf, engine: engine)), county: county)
    }

    /// The findings as of a day with their status, from the stored result where there is one (`findings`).
    public func current(
        county: String, asOf: Day, today: Day, refresh: AnalysisRefresh,
        engine: SuggestionEngine = SuggestionEngine()
    ) async throws -> (StoredFindings, [SuggestionStatus]) {
        let stored = try await findings(
            county: county, asOf: asOf, today: today, refresh: refresh, engine: engine)
        return (stored, try await statuses(stored.findings, county: county))
    }

    /// Joins the decisions recorded on the findings: dismissed ones whose evidence is unchanged are left out.
    func statuses(_ found: [Suggestion], county: String) async throws -> [SuggestionStatus] {
        // By key first: a fingerprint (the evidence's numbers formatted) is computed only for a finding whose key has
        // a decision — a province county has thousands of findings and few decisions.
        let decisions = try await database.read { db in
            try await db.raw(
                "SELECT suggestion_key, fingerprint, decision, reason FROM suggestion_decisions WHERE county = \(bind: county)"
            ).all().map {
                (
                    key: try $0.decode(column: "suggestion_key", as: String.self),
                    fingerprint: try $0.decode(column: "fingerprint", as: String.self),
                    decision: try $0.decode(column: "decision", as: String.self),
                    reason: try $0.decode(column: "reason", as: String.self)
                )
            }
        }
        var byKey: [String: [String: (decision: String, reason: String)]] = [:]
        for d in decisions { byKey[d.key, default: [:]][d.fingerprint] = (d.decision, d.reason) }
        return found.compactMap { s in
            guard let (decision, reason) = byKey[s.key]?[s.fingerprint] else {
                return SuggestionStatus(suggestion: s, status: "open", reason: nil)
            }
            return decision == "dismissed" ? nil : SuggestionStatus(suggestion: s, status: decision, reason: reason)
        }
    }

    /// The decision recorded on a suggestion's key and evidence (`accepted` or `dismissed`), if any.
    public func decision(county: String, key: String, fingerprint: String) async throws -> String? {
        try await database.read { db in
            try await Self.decision(county: county, key: key, fingerprint: fingerprint, on: db)
        }
    }

    static func decision(county: String, key: String, fingerprint: String, on db: any SQLDatabase) async throws
        -> String?
    {
        try await db.raw(
            """
            SELECT decision FROM suggestion_decisions WHERE county = \(bind: county) AND suggestion_key = \(bind: key)
            AND fingerprint = \(bind: fingerprint)
            """
        ).first()?.decode(column: "decision", as: String.self)
    }

    /// A second decision on the same suggestion and evidence (a double submission): refused, nothing written.
    public static func alreadyDecided(_ decision: String) -> DuplicateSubmission {
        DuplicateSubmission("这条调整建议已经处理（\(decision == "accepted" ? "已采纳" : "不采纳")），未重复提交")
    }

    /// What accepting a suggestion started: recall proposals, or follow-ups on running delegations.
    public struct Started: Sendable, Equatable {
        public var recallProposals: [String] = []
        /// Delegation ids that got a follow-up (evaluation, training, equipment, renewal).
        public var followUps: [String] = []
    }

    /// What accepting `suggestions` would start now (the confirmation page prints it; `decide` carries it out).
    public func plan(_ suggestions: [Suggestion], county: String) async throws -> SuggestionPlan {
        try await database.read { db in try await Self.plan(suggestions, county: county, on: db) }
    }

    static func plan(_ suggestions: [Suggestion], county: String, on db: any SQLDatabase) async throws
        -> SuggestionPlan
    {
        var running: [SuggestionPlan.Running] = []
        for item in Set(suggestions.map(\.itemCode)).sorted() {
            running += try await DelegationStore.list(
                Delegation.self, county: county, states: [Delegation.State.active.rawValue], item: item, on: db
            ).map {
                SuggestionPlan.Running(
                    id: $0.id, township: $0.unit, townshipName: $0.unitName, itemCode: $0.itemCode,
                    recallPending: $0.recallProposalId != nil)
            }
        }
        return SuggestionPlan.accepting(suggestions, running: running)
    }

    /// Records a decision on one finding; see `decide(_:accept:reason:by:at:on:)` for several.
    public func decide(
        _ suggestion: Suggestion, accept: Bool, reason: String, by principal: Principal, at now: Date, on day: Day
    ) async throws -> Started {
        try await decide([suggestion], accept: accept, reason: reason, by: principal, at: now, on: day)
    }

    /// Records one decision on several findings (with an audit entry for each), all or nothing. Accepting carries out
    /// `SuggestionPlan.accepting` at the running delegations: a recall proposal through both reviews, or a follow-up —
    /// an evaluation or a term decision for 编办, a training or equipment need for the department. R5 asks for an
    /// amendment of the item's legal basis by a decision (`POST /api/v1/items/{code}/legal-basis`); nothing starts
    /// at the delegations.
    public func decide(
        _ suggestions: [Suggestion], accept: Bool, reason: String, by principal: Principal, at now: Date, on day: Day
    ) async throws -> Started {
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if !accept && text.isEmpty { throw DelegationFailure.emptyOpinion }
        guard principal.role == .establishment else {
            throw DelegationFailure.wrongRole(step: "处理调整建议", needed: "编办")
        }
        return try await DelegationService(database).batch(county: principal.county) { b in
            // Inside the county's serialised transaction: of two identical decisions the second finds the first.
            for suggestion in suggestions {
                if let earlier = try await Self.decision(
                    county: principal.county, key: suggestion.key, fingerprint: suggestion.fingerprint, on: b.db)
                {
                    throw Self.alreadyDecided(earlier)
                }
            }
            var started = Started()
            if accept {
                let plan = try await Self.plan(suggestions, county: principal.county, on: b.db)
                for start in plan.starts {
                    let why =
                        suggestions.first {
                            $0.action == start.action && $0.itemCode == start.delegation.itemCode
                                && ($0.township == "*" || $0.township == start.delegation.township)
                        }.map { "采纳调整建议（\($0.rule)）：\($0.evidence)" } ?? "采纳调整建议"
                    switch start.action {
                    case .recall:
                        let proposal = try await b.openRecall(
                            delegation: start.delegation.id, reasons: why, by: principal, at: now)
                        started.recallProposals.append(proposal.id)
                    case .amendment: break
                    case .evaluation, .training, .equipment, .renewal:
                        let kind: Delegation.FollowUp.Kind =
                            switch start.action {
                            case .training: .training
                            case .equipment: .equipment
                            case .renewal: .renewal
                            default: .evaluation
                            }
                        _ = try await b.requestFollowUp(
                            delegation: start.delegation.id, kind: kind, reason: why, on: day, by: principal, at: now)
                        started.followUps.append(start.delegation.id)
                    }
                }
            }
            for suggestion in suggestions {
                try await b.db.raw(
                    """
                    INSERT INTO suggestion_decisions (county, suggestion_key, fingerprint, decision, reason, decided_by, decided_at)
                    VALUES (\(bind: principal.county), \(bind: suggestion.key), \(bind: suggestion.fingerprint),
                    \(bind: accept ? "accepted" : "dismissed"), \(bind: text), \(bind: principal.username), \(bind: now.micros))
                    """
                ).run()
                try await b.audit(
                    principal, now, "suggestion.decide", suggestion.key,
                    (accept ? "采纳：" : "不采纳：") + (text.isEmpty ? suggestion.action.label : text),
                    after: suggestion.fingerprint)
            }
            return started
        }
    }
}
