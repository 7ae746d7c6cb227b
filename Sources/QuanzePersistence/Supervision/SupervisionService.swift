import Foundation
import QuanzeDomain
import SQLKit

/// Failures of the supervision service that are not domain rules.
public enum SupervisionServiceFailure: Error, Equatable, Sendable {
    case notFound(String)

    public var message: String {
        switch self {
        case .notFound(let what): what
        }
    }
}

struct ReviewSampleRow: Codable, Sendable {
    var county: String
    var id: String
    var township: String
    var year: Int
    var periodFrom: String
    var periodTo: String
    var payload: String
    var updatedAt: Int64
}

struct TownshipAssessmentRow: Codable, Sendable {
    var county: String
    var year: Int
    var state: String
    var payload: String
    var updatedAt: Int64
}

/// Supervision of the townships (issue 15 points 2 and 3): 司法局's internal review of sampled enforcement cases
/// (案件内审) and 编办's yearly assessment of the townships. Every write is one transaction with its audit entry;
/// every read and write is of one county (the principal's); a township sees its own samples only.
public struct SupervisionService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    static func lock(_ county: String, on db: any SQLDatabase) async throws {
        try await db.lockForWrite("supervision:" + county)
    }

    /// Who sees which samples: 编办, 司法局 and supervisors the whole county; a township's staff its own unit.
    static func scope(_ principal: Principal) -> (sees: Bool, township: String?) {
        switch principal.role {
        case .establishment, .justice, .supervisor: (true, nil)
        case .township: (principal.unit != nil, principal.unit)
        default: (false, nil)
        }
    }

    static func townships(county: String, on db: any SQLDatabase) async throws -> [(code: String, name: String)] {
        try await db.raw(
            "SELECT code, name FROM regions WHERE county = \(bind: county) AND level = 'township' ORDER BY code"
        ).all().map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "name", as: String.self)) }
    }

    // MARK: internal review

    static func samples(county: String, township: String? = nil, year: Int? = nil, on db: any SQLDatabase)
        async throws -> [ReviewSample]
    {
        var query: SQLQueryString = "SELECT * FROM review_samples WHERE county = \(bind: county)"
        if let township { query = "\(query) AND township = \(bind: township)" }
        if let year { query = "\(query) AND year = \(bind: year)" }
        return try await db.rows("\(query) ORDER BY id", as: ReviewSampleRow.self).map {
            try JSONDecoder().decode(ReviewSample.self, from: Data($0.payload.utf8))
        }
    }

    /// The samples a principal may see (the county's, or its own township's), optionally of one year.
    public func samples(for principal: Principal, year: Int? = nil) async throws -> [ReviewSample] {
        let scope = Self.scope(principal)
        guard scope.sees else { return [] }
        return try await database.read { db in
            try await Self.samples(county: principal.county, township: scope.township, year: year, on: db)
        }
    }

    /// One sample, if the principal may see it; otherwise it does not exist for them (404).
    public func sample(_ id: String, for principal: Principal) async throws -> ReviewSample {
        let all = try await samples(for: principal)
        guard let found = all.first(where: { $0.id == id }) else {
            throw SupervisionServiceFailure.notFound("没有编号为“\(id)”的内审抽样")
        }
        return found
    }

    /// The frame of a draw: the case ids (`source/externalId`) of the township's enforcement cases received in the
    /// period.
    static func frame(county: String, township: String, from: Day, to: Day, on db: any SQLDatabase) async throws
        -> [String]
    {
        try await db.raw(
            """
            SELECT source, external_id FROM case_records WHERE county = \(bind: county) AND township = \(bind: township)
            AND kind = 'enforcement' AND received_on >= \(bind: from.iso) AND received_on <= \(bind: to.iso)
            """
        ).all().map {
            try $0.decode(column: "source", as: String.self) + "/" + $0.decode(column: "external_id", as: String.self)
        }
    }

    /// 司法局 draws a sample: the frame is read in the transaction, its SHA-256 recorded with the seed and size.
    public func draw(
        township: String, from: Day, to: Day, seed: Int, size: Int, today: Day, by principal: Principal, at now: Date
    ) async throws -> ReviewSample {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let county = principal.county
            guard
                let name = try await Self.townships(county: county, on: db).first(where: { $0.code == township })?.name
            else { throw SupervisionFailure.unknownTownship(township) }
            let ids = try await Self.frame(county: county, township: township, from: from, to: to, on: db)
            let hash = Secrets.sha256(Data(ReviewDraw.frameText(ids).utf8))
            let existing = try await Self.samples(county: county, on: db)
            let id =
                "NS-\(from.year)-\(String(format: "%03d", existing.filter { $0.from.year == from.year }.count + 1))"
            let made: ReviewSample
            do throws(SupervisionFailure) {
                made = try ReviewSample.draw(
                    id: id, county: county, township: township, townshipName: name, from: from, to: to, frame: ids,
                    frameHash: hash, seed: seed, size: size, existing: existing, today: today, by: principal, at: now)
            } catch { throw error }
            let payload = try await Self.save(made, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: "supervision.review.draw", subject: id,
                    detail:
                        "案件内审抽样：\(name) \(from.iso)至\(to.iso) 执法案件，抽样框\(made.frameSize)件（SHA-256 \(hash)），种子\(seed)，抽取\(size)件",
                    after: payload), on: db)
            return made
        }
    }

    static func save(_ s: ReviewSample, at now: Date, on db: any SQLDatabase) async throws -> String {
        let payload = try RecordJSON.text(s)
        try await db.insertRows(
            into: "review_samples",
            [
                ReviewSampleRow(
                    county: s.county, id: s.id, township: s.township, year: s.from.year, periodFrom: s.from.iso,
                    periodTo: s.to.iso, payload: payload, updatedAt: now.micros)
            ], upsertKeys: ["county", "id"], columnsPerRow: 8)
        return payload
    }

    /// 司法局 records its findings on one sampled case; audited with the sample before and after.
    public func review(
        sample id: String, case caseId: String, findings: [ReviewAspect: (ok: Bool, note: String)], reviewedOn: Day,
        today: Day, by principal: Principal, at now: Date
    ) async throws -> ReviewSample {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            guard
                let row = try await db.rows(
                    "SELECT * FROM review_samples WHERE county = \(bind: principal.county) AND id = \(bind: id)",
                    as: ReviewSampleRow.self
                ).first
            else { throw SupervisionServiceFailure.notFound("没有编号为“\(id)”的内审抽样") }
            let current = try JSONDecoder().decode(ReviewSample.self, from: Data(row.payload.utf8))
            let next: ReviewSample
            do throws(SupervisionFailure) {
                next = try current.reviewing(
                    case: caseId, findings: findings, reviewedOn: reviewedOn, today: today, by: principal, at: now)
            } catch { throw error }
            let payload = try await Self.save(next, at: now, on: db)
            let finding = next.findings.first { $0.caseId == caseId }!
            let problems = finding.aspects.filter { !$0.ok }.map(\.aspect.label)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "supervision.review.finding",
                    subject: id,
                    detail:
                        "案件内审：\(next.townshipName) \(caseId) \(problems.isEmpty ? "未发现问题" : "发现问题（\(problems.joined(separator: "、"))）")",
                    before: row.payload, after: payload), on: db)
            return next
        }
    }

    /// Per township of the county (every township, also those without samples), the internal-review figures of
    /// the year as the principal may see them (a township: its own only).
    public func reviewSummaries(for principal: Principal, year: Int) async throws -> [String: ReviewSummary] {
        ReviewSummary.perTownship(try await samples(for: principal, year: year), year: year)
    }

    /// The county's townships (code, name), ordered by code.
    public func townships(county: String) async throws -> [(code: String, name: String)] {
        try await database.read { db in try await Self.townships(county: county, on: db) }
    }

    /// Per township, the case-compliance figures of the year's indicator cells: cases checked and non-compliant.
    public func compliance(county: String, year: Int) async throws -> [String: (cases: Int, nonCompliant: Int)] {
        try await database.read { db in
            try await Self.cellTotals(county: county, year: year, on: db).mapValues {
                ($0.compliance.cases, $0.compliance.nonCompliant)
            }
        }
    }

    /// Per township, the sums of the year's indicator cells (added in Swift: the engines type SUM differently).
    static func cellTotals(county: String, year: Int, on db: any SQLDatabase) async throws -> [String: IndicatorCell] {
        let cells = try await db.raw(
            """
            SELECT \(unsafeRaw: IndicatorCell.selection) FROM indicator_cells WHERE county = \(bind: county)
            AND month >= \(bind: "\(year)-01")
            AND month <= \(bind: "\(year)-12")
            """
        ).all().map { try IndicatorCell(row: $0) }
        return Dictionary(grouping: cells, by: \.township).mapValues {
            IndicatorCell.total($0, county: county, label: "")
        }
    }

    // MARK: assessment

    static func assessments(county: String, on db: any SQLDatabase) async throws -> [TownshipAssessment] {
        try await db.rows(
            "SELECT * FROM township_assessments WHERE county = \(bind: county) ORDER BY year DESC",
            as: TownshipAssessmentRow.self
        ).map { try JSONDecoder().decode(TownshipAssessment.self, from: Data($0.payload.utf8)) }
    }

    /// A county's schemes, newest year first.
    public func assessments(county: String) async throws -> [TownshipAssessment] {
        try await database.read { db in try await Self.assessments(county: county, on: db) }
    }

    public func assessment(county: String, year: Int) async throws -> TownshipAssessment {
        guard let found = try await assessments(county: county).first(where: { $0.year == year }) else {
            throw SupervisionServiceFailure.notFound("\(year)年度没有镇街考核方案")
        }
        return found
    }

    static func save(_ a: TownshipAssessment, at now: Date, on db: any SQLDatabase) async throws -> String {
        let payload = try RecordJSON.text(a)
        try await db.insertRows(
            into: "township_assessments",
            [
                TownshipAssessmentRow(
                    county: a.county, year: a.year, state: a.state.rawValue, payload: payload, updatedAt: now.micros)
            ], upsertKeys: ["county", "year"], columnsPerRow: 5)
        return payload
    }

    /// 编办 sets a year's scheme (weights with their source document); audited.
    public func makeScheme(
        year: Int, weights: [(indicator: String, weight: String)], trainingTarget: String, disputeDeduction: String,
        source: RuleSource, by principal: Principal, at now: Date
    ) async throws -> TownshipAssessment {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            let existing = try await Self.assessments(county: principal.county, on: db)
            let made: TownshipAssessment
            do throws(SupervisionFailure) {
                made = try TownshipAssessment.make(
                    county: principal.county, year: year, weights: weights, trainingTarget: trainingTarget,
                    disputeDeduction: disputeDeduction, source: source, existing: existing, by: principal, at: now)
            } catch { throw error }
            let payload = try await Self.save(made, at: now, on: db)
            let text = made.weights.map { "\($0.indicator.label)\(Percent(basisPoints: $0.weight).text)" }
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now, action: "supervision.assessment.scheme",
                    subject: String(year),
                    detail: "制定\(year)年度镇街考核方案：\(text.joined(separator: "、"))（依据：\(made.source.citation)）",
                    after: payload), on: db)
            return made
        }
    }

    /// The source numbers of every township of the county for the year: case indicators of the year's months,
    /// internal-review findings of the year's samples, capacity figures on 31 December, and the disputes counted
    /// by the caller (`disputes[township code]`).
    static func inputs(county: String, year: Int, trainingTarget: Int, disputes: [String: Int], on db: any SQLDatabase)
        async throws -> [AssessmentInputs]
    {
        let townships = try await townships(county: county, on: db)
        let sums = try await cellTotals(county: county, year: year, on: db)
        let reviews = ReviewSummary.perTownship(try await samples(county: county, year: year, on: db), year: year)
        let yearEnd = Day(year: year, month: 12, day: 31)!
        var out: [AssessmentInputs] = []
        for t in townships {
            var i = AssessmentInputs(township: t.code, townshipName: t.name)
            if let c = sums[t.code] {
                i.complianceCases = c.compliance.cases
                i.nonCompliant = c.compliance.nonCompliant
                i.closed = c.closed
                i.onTime = c.onTime
                i.satisfactionSum = c.satisfactionSum
                i.satisfactionCount = c.satisfactionCount
            }
            let r = reviews[t.code] ?? ReviewSummary()
            i.reviewed = r.reviewed
            i.reviewedWithProblems = r.withProblems
            let figures = try await CapacityStore.snapshot(county: county, unit: t.code, on: db).figures(
                on: yearEnd, trainingTarget: Double(trainingTarget))
            i.eligible = figures.enforcementEligible
            i.certified = figures.certified
            i.trainingHundredths = Int((figures.trainingHours * 100).rounded())
            i.disputes = disputes[t.code] ?? 0
            out.append(i)
        }
        return out
    }

    /// The scores as they stand (a draft's preview; a published scheme's frozen results).
    public func results(_ a: TownshipAssessment, disputes: [String: Int]) async throws -> [TownshipScore] {
        if a.state == .published { return a.results }
        let inputs = try await database.read { db in
            try await Self.inputs(
                county: a.county, year: a.year, trainingTarget: a.trainingTarget, disputes: disputes, on: db)
        }
        return a.scores(inputs)
    }

    /// 编办 publishes the ranking: the inputs are read in the transaction and the results frozen; audited.
    /// `disputes` nil: the disputes records are not connected (each township counts 0, and the result says so).
    public func publish(year: Int, disputes: [String: Int]?, today: Day, by principal: Principal, at now: Date)
        async throws -> TownshipAssessment
    {
        try await database.transaction { db in
            try await Self.lock(principal.county, on: db)
            guard
                let row = try await db.rows(
                    """
                    SELECT * FROM township_assessments WHERE county = \(bind: principal.county) AND year = \(bind: year)
                    """, as: TownshipAssessmentRow.self
                ).first
            else { throw SupervisionServiceFailure.notFound("\(year)年度没有镇街考核方案") }
            let current = try JSONDecoder().decode(TownshipAssessment.self, from: Data(row.payload.utf8))
            let inputs = try await Self.inputs(
                county: principal.county, year: year, trainingTarget: current.trainingTarget, disputes: disputes ?? [:],
                on: db)
            let next: TownshipAssessment
            do throws(SupervisionFailure) {
                next = try current.publishing(
                    inputs, disputesRecorded: disputes != nil, on: today, by: principal, at: now)
            } catch { throw error }
            let payload = try await Self.save(next, at: now, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: principal.county, actor: principal.actor, at: now,
                    action: "supervision.assessment.publish", subject: String(year),
                    detail: "公布\(year)年度镇街考核结果：\(next.results.count)个镇街", before: row.payload,
                    after: payload), on: db)
            return next
        }
    }
}
