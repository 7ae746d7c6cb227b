import Foundation
import QuanzeDomain
import SQLKit

/// An evaluation import refused: every problem with its line; nothing was written.
public struct EvaluationImportRefused: Error, Sendable {
    public var issues: [ImportIssue]

    public var message: String { "文件有 \(issues.count) 处问题，未写入任何数据" }
}

/// Failures of the feedback service that are not domain rules.
public enum FeedbackServiceFailure: Error, Equatable, Sendable {
    case notFound(String)
    case forbidden(String)

    public var message: String {
        switch self {
        case .notFound(let what), .forbidden(let what): what
        }
    }
}

struct EvaluationRow: Codable, Sendable {
    var county: String
    var id: String
    var targetKind: String
    var target: String
    var year: Int
    var batch: String
    var payload: String
    var updatedAt: Int64
}

struct PublicFeedbackRow: Codable, Sendable {
    var county: String
    var id: String
    var item: String
    var state: String
    var payload: String
    var updatedAt: Int64
}

/// Third-party evaluations and public feedback (issue 15 point 4). Every write is one transaction with its audit
/// entry; every staff read and write is of one county (the principal's). Public feedback's contact is personal data:
/// `approved(county:item:)` returns values without it.
public struct FeedbackService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    static func lock(_ county: String, on db: any SQLDatabase) async throws {
        try await db.lockForWrite("feedback:" + county)
    }

    // MARK: evaluations

    static func evaluations(
        county: String, kind: String? = nil, target: String? = nil, on db: any SQLDatabase
    ) async throws -> [Evaluation] {
        var query: SQLQueryString = "SELECT * FROM evaluations WHERE county = \(bind: county)"
        if let kind { query = "\(query) AND target_kind = \(bind: kind)" }
        if let target { query = "\(query) AND target = \(bind: target)" }
        return try await db.rows("\(query) ORDER BY id", as: EvaluationRow.self).map {
            try JSONDecoder().decode(Evaluation.self, from: Data($0.payload.utf8))
        }
    }

    /// The county's evaluations, optionally of one township or one item.
    public func evaluations(county: String, township: String? = nil, item: String? = nil) async throws -> [Evaluation] {
        try await database.read { db in
            if let township {
                return try await Self.evaluations(county: county, kind: "township", target: township, on: db)
            }
            if let item { return try await Self.evaluations(county: county, kind: "item", target: item, on: db) }
            return try await Self.evaluations(county: county, on: db)
        }
    }

    /// Imports a CSV of evaluations (编办 or the supervisor): all rows or none, one audit entry with the row count.
    public func importEvaluations(_ data: Data, by principal: Principal, at now: Date) async throws -> [Evaluation] {
        guard EvaluationImport.mayImport(principal) else {
            throw FeedbackServiceFailure.forbidden("只有编办或监督（第三方评估）可以导入第三方评估")
        }
        return try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let county = principal.county
            var items: [String: String] = [:]
            for row in try await db.raw("SELECT code, name FROM power_items WHERE county = \(bind: county)").all() {
                items[try row.decode(column: "code", as: String.self)] = try row.decode(column: "name", as: String.self)
            }
            var townships: [String: String] = [:]
            for row in try await db.raw(
                "SELECT code, name FROM regions WHERE county = \(bind: county) AND level = 'township'"
            ).all() {
                townships[try row.decode(column: "code", as: String.self)] = try row.decode(
                    column: "name", as: String.self)
            }
            let existing = try await Self.evaluations(county: county, on: db)
            let (rows, issues) = EvaluationImport.parse(
                data, items: items, townships: townships, existing: Set(existing.map(\.identity)))
            guard issues.isEmpty else { throw EvaluationImportRefused(issues: issues) }
            let batch = "PG-\(Self.number(Set(existing.map(\.batch)).count + 1))"
            var made: [Evaluation] = []
            for (offset, row) in rows.enumerated() {
                made.append(
                    Evaluation(
                        id: "EV-\(Self.number(existing.count + offset + 1))", county: county,
                        evaluator: row.evaluator, period: row.period, target: row.target, score: row.score,
                        findings: row.findings, batch: batch))
            }
            try await db.insertRows(
                into: "evaluations",
                try made.map {
                    EvaluationRow(
                        county: county, id: $0.id, targetKind: $0.target.kind, target: $0.target.code,
                        year: $0.period.year, batch: batch, payload: try RecordJSON.text($0), updatedAt: now.micros)
                }, columnsPerRow: 8)
            let evaluators = Set(made.map(\.evaluator)).sorted().joined(separator: "、")
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "evaluation.import", subject: batch,
                    detail: "导入第三方评估 \(made.count) 条（\(evaluators)）",
                    after: try RecordJSON.text(made.map(\.id))), on: db)
            return made
        }
    }

    static func number(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    // MARK: public feedback

    static func feedback(
        county: String, item: String? = nil, state: PublicFeedback.State? = nil, on db: any SQLDatabase
    ) async throws -> [PublicFeedback] {
        var query: SQLQueryString = "SELECT * FROM public_feedback WHERE county = \(bind: county)"
        if let item { query = "\(query) AND item = \(bind: item)" }
        if let state { query = "\(query) AND state = \(bind: state.rawValue)" }
        return try await db.rows("\(query) ORDER BY id", as: PublicFeedbackRow.self).map {
            try JSONDecoder().decode(PublicFeedback.self, from: Data($0.payload.utf8))
        }
    }

    /// Staff reads: the county's feedback (with contacts), optionally of one item or state.
    public func feedback(county: String, item: String? = nil, state: PublicFeedback.State? = nil) async throws
        -> [PublicFeedback]
    {
        try await database.read { db in try await Self.feedback(county: county, item: item, state: state, on: db) }
    }

    /// What the public sees of an item: the approved feedback, without contacts.
    public func approved(county: String, item: String) async throws -> [PublicFeedback] {
        try await feedback(county: county, item: item, state: .approved).map {
            var f = $0
            f.contact = nil
            return f
        }
    }

    /// Counts per state of one item's feedback.
    public func counts(county: String, item: String) async throws -> FeedbackCounts {
        .of(try await feedback(county: county, item: item))
    }

    /// Pending feedback of the county (编办's to-do).
    public func pendingCount(county: String) async throws -> Int {
        try await database.read { db in
            try await db.raw(
                "SELECT COUNT(*) AS n FROM public_feedback WHERE county = \(bind: county) AND state = 'pending'"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func save(_ f: PublicFeedback, at now: Date, on db: any SQLDatabase) async throws -> String {
        let payload = try RecordJSON.text(f)
        try await db.insertRows(
            into: "public_feedback",
            [
                PublicFeedbackRow(
                    county: f.county, id: f.id, item: f.itemCode, state: f.state.rawValue, payload: payload,
                    updatedAt: now.micros)
            ], upsertKeys: ["county", "id"], columnsPerRow: 6)
        return payload
    }

    /// A public submission (no account): checked by the domain, stored pending, audited as the public's (the audit
    /// entry carries neither the text's author nor the contact).
    public func submit(
        county: String, item itemCode: String, kind: String, text: String, contact: String, today: Day, at now: Date
    ) async throws -> PublicFeedback {
        try await database.transaction { db in
            try await Self.lock(county, on: db)
            guard let item = try await ItemStore.items(county: county, codes: [itemCode], on: db).first else {
                throw FeedbackFailure.unknownItem(itemCode)
            }
            let n =
                try await db.raw("SELECT COUNT(*) AS n FROM public_feedback WHERE county = \(bind: county)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let made: PublicFeedback
            do throws(FeedbackFailure) {
                made = try PublicFeedback.submit(
                    id: "YJ-\(Self.number(n + 1))", county: county, itemCode: item.code, itemName: item.name,
                    kind: kind, text: text, contact: contact, on: today)
            } catch { throw error }
            _ = try await Self.save(made, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: Actor(name: "public", role: "anonymous"), at: now,
                    action: "feedback.submit", subject: made.id,
                    detail: "收到群众\(made.kind.label)：\(item.code) \(item.name)（待审核）"), on: db)
            return made
        }
    }

    /// 编办 approves or rejects (with its reason) a pending submission of its county; audited.
    public func moderate(
        _ id: String, approve: Bool, reason: String, today: Day, by principal: Principal, at now: Date
    ) async throws -> PublicFeedback {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            guard
                let row = try await db.rows(
                    "SELECT * FROM public_feedback WHERE county = \(bind: principal.county) AND id = \(bind: id)",
                    as: PublicFeedbackRow.self
                ).first
            else { throw FeedbackServiceFailure.notFound("没有编号为“\(id)”的群众意见") }
            let current = try JSONDecoder().decode(PublicFeedback.self, from: Data(row.payload.utf8))
            let next: PublicFeedback
            do throws(FeedbackFailure) {
                next = try current.moderated(approve: approve, reason: reason, by: principal, on: today)
            } catch { throw error }
            _ = try await Self.save(next, at: now, on: db)
            let why = next.moderation?.reason.map { "，理由：\($0)" } ?? ""
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "feedback.moderate",
                    subject: id, detail: "审核群众意见 \(id)（\(next.itemCode)）：\(next.state.label)\(why)",
                    before: current.state.rawValue, after: next.state.rawValue), on: db)
            return next
        }
    }
}
