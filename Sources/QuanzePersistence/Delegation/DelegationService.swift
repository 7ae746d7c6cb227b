import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the lifecycle that are not domain rules: unknown records and items.
public enum DelegationServiceFailure: Error, Equatable, Sendable {
    case notFound(kind: String, id: String)
    case unknownItem(String)
    case unknownOrganization(String)

    public var message: String {
        switch self {
        case .notFound(let kind, let id): "没有编号为“\(id)”的\(kind)"
        case .unknownItem(let code): "事项目录中没有代码为 \(code) 的事项"
        case .unknownOrganization(let code): "没有代码为“\(code)”的单位"
        }
    }
}

/// The delegation lifecycle's single write path: every step loads its record, asks the pure domain for the next
/// state, saves it and writes one audit entry — and, when a delegation starts or is recalled, registers the
/// decision and changes the lists through `ListService`.
///
/// Each public method below is one step in a transaction of its own; `batch(county:_:)` runs many steps in one
/// transaction (the demo builds a county decision covering 15 townships that way). Both go through the same
/// `Batch` operations, so there is one code path.
public struct DelegationService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Runs `body` in ONE transaction, serialised per county on PostgreSQL (readable ids are counted): every step
    /// it takes writes its own audit entry, and nothing is written unless all of them succeed.
    public func batch<T: Sendable>(county: String, _ body: @Sendable (Batch) async throws -> T) async throws -> T {
        try await database.transaction { db in
            try await db.lockForWrite("delegation:" + county)
            let batch = Batch(county: county, database: database, db: db)
            let result = try await body(batch)
            try await batch.flush()
            return result
        }
    }

    // MARK: proposals

    public func propose(
        itemCode: String, mode: DelegationMode, reasons: String, expectedYearlyVolume: Int, catalogue: String?,
        by principal: Principal, departmentName: String, at now: Date
    ) async throws -> Proposal {
        try await batch(county: principal.county) {
            try await $0.propose(
                itemCode: itemCode, mode: mode, reasons: reasons, expectedYearlyVolume: expectedYearlyVolume,
                catalogue: catalogue, by: principal, departmentName: departmentName, at: now)
        }
    }

    /// Applies a review, legal review, resubmission or withdrawal to a proposal.
    public func apply(_ event: Proposal.Event, to id: String, by principal: Principal, at now: Date) async throws
        -> Proposal
    {
        try await batch(county: principal.county) { try await $0.apply(event, to: id, by: principal, at: now) }
    }

    /// Publishes approved proposals as one numbered menu batch ("成熟一批，下放一批"): one audit entry for the batch.
    public func publishMenu(batch name: String, proposals ids: [String], by principal: Principal, at now: Date)
        async throws -> [Proposal]
    {
        try await batch(county: principal.county) {
            try await $0.publishMenu(batch: name, proposals: ids, by: principal, at: now)
        }
    }

    // MARK: orders

    /// A township's order; `missing` is the capacity fit it was shown (item code → missing requirement labels).
    public func placeOrder(
        proposals ids: [String], missing: [String: [String]], by principal: Principal, today: Day, at now: Date
    ) async throws -> Order {
        try await batch(county: principal.county) {
            try await $0.placeOrder(proposals: ids, missing: missing, by: principal, today: today, at: now)
        }
    }

    public func decideLine(
        order id: String, line: Int, approve: Bool, reason: String, by principal: Principal, at now: Date
    ) async throws -> Order {
        try await batch(county: principal.county) {
            try await $0.decideLine(order: id, line: line, approve: approve, reason: reason, by: principal, at: now)
        }
    }

    // MARK: agreements

    /// An approved order line picked for a document, with its 权限.
    public struct DocumentLine: Sendable, Hashable {
        public var order: String
        public var line: Int
        public var scope: String

        public init(order: String, line: Int, scope: String) {
            self.order = order
            self.line = line
            self.scope = scope
        }
    }

    public func drawAgreement(
        lines: [DocumentLine], number: String, termFrom: Day, termTo: Day?, evaluationMonths: Int?,
        transitionMonths: Int = Delegation.defaultTransitionMonths, responsibilities: [DelegationMode: Responsibility],
        by principal: Principal, at now: Date
    ) async throws -> Agreement {
        try await batch(county: principal.county) {
            try await $0.drawAgreement(
                lines: lines, number: number, termFrom: termFrom, termTo: termTo, evaluationMonths: evaluationMonths,
                transitionMonths: transitionMonths, responsibilities: responsibilities, by: principal, at: now)
        }
    }

    public enum AgreementStep: Sendable {
        case sign
        case publish(on: Day, place: String)
        case attach(Attachment)
    }

    public func agreement(_ id: String, _ stepKind: AgreementStep, by principal: Principal, at now: Date) async throws
        -> Agreement
    {
        try await batch(county: principal.county) { try await $0.agreement(id, stepKind, by: principal, at: now) }
    }

    /// Starts the delegation: registers the decision (委托书 or 赋权决定), puts the item on the township's lists
    /// citing it, and records the running delegation with its transition period — in one transaction.
    public func start(agreement id: String, on effective: Day, by principal: Principal, at now: Date) async throws
        -> [Delegation]
    {
        try await batch(county: principal.county) {
            try await $0.start(agreement: id, on: effective, by: principal, at: now)
        }
    }

    // MARK: evaluation and recall

    public func evaluate(
        delegation id: String, on day: Day, conclusion: Delegation.Conclusion, findings: String,
        by principal: Principal,
        at now: Date
    ) async throws -> Delegation {
        try await batch(county: principal.county) {
            try await $0.evaluate(
                delegation: id, on: day, conclusion: conclusion, findings: findings, by: principal, at: now)
        }
    }

    /// Records what was done about a follow-up an accepted suggestion opened.
    public func closeFollowUp(
        delegation id: String, number: Int, note: String, on day: Day, by principal: Principal, at now: Date
    ) async throws -> Delegation {
        try await batch(county: principal.county) {
            try await $0.closeFollowUp(delegation: id, number: number, note: note, on: day, by: principal, at: now)
        }
    }

    /// Opens a recall: a recall proposal that goes through both reviews.
    public func openRecall(delegation id: String, reasons: String, by principal: Principal, at now: Date) async throws
        -> Proposal
    {
        try await batch(county: principal.county) {
            try await $0.openRecall(delegation: id, reasons: reasons, by: principal, at: now)
        }
    }

    /// Carries out an approved recall: the decision is registered and the item leaves the township's lists.
    public func executeRecall(
        proposal id: String, decision number: String, title: String, on day: Day, by principal: Principal, at now: Date
    ) async throws -> Delegation {
        try await batch(county: principal.county) {
            try await $0.executeRecall(proposal: id, decision: number, title: title, on: day, by: principal, at: now)
        }
    }

    /// Items a unit already holds on its empowerment list, or has running or being set up: what it can no longer
    /// order (the menu page shows the rest; `placeOrder` refuses these).
    public func heldItems(county: String, unit: String, on day: Day) async throws -> Set<String> {
        try await database.read { db in try await Self.heldItems(county: county, unit: unit, on: day, db: db) }
    }

    static func heldItems(county: String, unit: String, on day: Day, db: any SQLDatabase) async throws -> Set<String> {
        let lists: String = Delegation.startLists.map { "'" + $0.rawValue + "'" }.joined(separator: ", ")
        let listed = try await db.raw(
            """
            SELECT item_code FROM assignments WHERE county = \(bind: county) AND township = \(bind: unit)
            AND list IN (\(unsafeRaw: lists)) AND
            """ + " " + ListStore.inForceClause(day, nil)
        ).all().map { try $0.decode(column: "item_code", as: String.self) }
        let running = try await DelegationStore.list(
            Delegation.self, county: county, states: [Delegation.State.active.rawValue], unit: unit, on: db
        ).map(\.itemCode)
        let ordered = try await DelegationStore.list(Order.self, county: county, unit: unit, on: db)
            .flatMap { $0.lines.filter { $0.state != .returned && $0.agreementId == nil }.map(\.itemCode) }
        return Set(listed + running + ordered)
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
