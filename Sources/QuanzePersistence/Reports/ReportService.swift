import Foundation
import QuanzeDomain
import SQLKit

struct ProcessingStepsRow: Codable, Sendable {
    var county: String
    var itemCode: String
    var payload: String
    var updatedAt: Int64
}

struct AnnualReportRow: Codable, Sendable {
    var county: String
    var year: Int
    var payload: String
    var publishedBy: String
    var publishedAt: Int64
}

/// A published report: the snapshot as published, by whom and when.
public struct PublishedReport: Sendable {
    public var report: AnnualReport
    public var publishedBy: String
    public var publishedAt: Date
}

/// The annual operation report (年度运行报告, issue 15 point 5): the processing steps of items before and after
/// delegation (entered by 编办, each change audited in its transaction), the report's input gathered from the
/// county's stores as of the year's last day, and published snapshots (one per county and year, audited; a
/// published report never changes with later data).
public struct ReportService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    // MARK: processing steps

    public func steps(county: String) async throws -> [ProcessingSteps] {
        try await database.read { db in try await Self.steps(county: county, on: db) }
    }

    static func steps(county: String, on db: any SQLDatabase) async throws -> [ProcessingSteps] {
        try await db.rows(
            "SELECT * FROM processing_steps WHERE county = \(bind: county) ORDER BY item_code",
            as: ProcessingStepsRow.self
        ).map { try JSONDecoder().decode(ProcessingSteps.self, from: Data($0.payload.utf8)) }
    }

    /// The name of a catalogue item of the county; refused when the county has no such item.
    static func itemName(county: String, code: String, on db: any SQLDatabase) async throws -> String {
        guard
            let name = try await db.raw(
                "SELECT name FROM power_items WHERE county = \(bind: county) AND code = \(bind: code)"
            ).first()?.decode(column: "name", as: String.self)
        else { throw ReportFailure.unknownItem(code) }
        return name
    }

    /// Records the steps of one item or several (a CSV import), all or nothing: each item must be in the county's
    /// catalogue (its name is taken from there); each changed row writes one audit entry (`report.steps`, before
    /// and after) in the same transaction. Answers how many rows changed.
    @discardableResult
    public func setSteps(_ list: [ProcessingSteps], county: String, actor: Actor, at now: Date) async throws -> Int {
        try await database.transaction { db in
            var changed = 0
            for var steps in list {
                steps.county = county
                steps.itemName = try await Self.itemName(county: county, code: steps.itemCode, on: db)
                let payload = try RecordJSON.text(steps)
                let before = try await db.rows(
                    """
                    SELECT * FROM processing_steps WHERE county = \(bind: county) AND item_code = \(bind: steps.itemCode)
                    """, as: ProcessingStepsRow.self
                ).first?.payload
                guard before != payload else { continue }
                try await db.insertRows(
                    into: "processing_steps",
                    [
                        ProcessingStepsRow(
                            county: county, itemCode: steps.itemCode, payload: payload, updatedAt: now.micros)
                    ], upsertKeys: ["county", "item_code"], columnsPerRow: 4)
                try await AuditStore.append(
                    AuditEvent(
                        county: county, actor: actor, at: now, action: "report.steps", subject: steps.itemCode,
                        detail: steps.auditText, before: before, after: payload), on: db)
                changed += 1
            }
            return changed
        }
    }

    // MARK: published reports

    public func published(county: String, year: Int) async throws -> PublishedReport? {
        try await database.read { db in
            try await db.rows(
                "SELECT * FROM annual_reports WHERE county = \(bind: county) AND year = \(bind: year)",
                as: AnnualReportRow.self
            ).first.map {
                PublishedReport(
                    report: try JSONDecoder().decode(AnnualReport.self, from: Data($0.payload.utf8)),
                    publishedBy: $0.publishedBy, publishedAt: Date(micros: $0.publishedAt))
            }
        }
    }

    /// Stores the report as published, with its audit entry; a year is published once.
    public func publish(_ report: AnnualReport, actor: Actor, at now: Date) async throws {
        try await database.transaction { db in
            let existing = try await db.raw(
                "SELECT year FROM annual_reports WHERE county = \(bind: report.county) AND year = \(bind: report.year)"
            ).first()
            if existing != nil { throw ReportFailure.alreadyPublished(report.year) }
            let payload = try RecordJSON.text(report)
            try await db.insertRows(
                into: "annual_reports",
                [
                    AnnualReportRow(
                        county: report.county, year: report.year, payload: payload, publishedBy: actor.name,
                        publishedAt: now.micros)
                ], columnsPerRow: 5)
            try await AuditStore.append(
                AuditEvent(
                    county: report.county, actor: actor, at: now, action: "report.publish", subject: "\(report.year)",
                    detail: "发布\(report.title)（\(report.figures.count)项数据）", before: nil, after: payload), on: db)
            try await ChangeFeedStore.append(
                [
                    .document(
                        county: report.county, title: report.title, reference: nil,
                        day: DateBounds.chinaDay(of: now), at: now)
                ], on: db)
        }
    }

    // MARK: the report's input

    /// Everything the report is computed from, as of 31 December of `year` (the previous year's end for the
    /// change of the empowerment list).
    public func input(county: String, year: Int, countyName: String) async throws -> AnnualReportInput {
        guard (2000...2100).contains(year) else { throw ReportFailure.yearOutOfRange(year) }
        let end = Day(year: year, month: 12, day: 31)!
        let previousEnd = Day(year: year - 1, month: 12, day: 31)!
        let townships = try await RegionStore(database).townships(county: county)
        let items = try await database.read { db in
            try await db.raw("SELECT code, name, category FROM power_items WHERE county = \(bind: county)").all().map {
                (
                    try $0.decode(column: "code", as: String.self),
                    (
                        try $0.decode(column: "name", as: String.self),
                        try $0.decode(column: "category", as: String.self)
                    )
                )
            }
        }
        let catalogue = Dictionary(items, uniquingKeysWith: { a, _ in a })
        func units(on day: Day) async throws -> ([AnnualReportInput.UnitLists], Set<String>) {
            let rows = try await database.read { db in
                try await db.raw(
                    "SELECT township, list, item_code, role FROM assignments WHERE county = \(bind: county) AND "
                        + ListStore.inForceClause(day, nil)
                ).all().map {
                    (
                        try $0.decode(column: "township", as: String.self),
                        try $0.decode(column: "list", as: String.self),
                        try $0.decode(column: "item_code", as: String.self),
                        try $0.decode(column: "role", as: String?.self)
                    )
                }
            }
            var byUnit: [String: AnnualReportInput.UnitLists] = [:]
            var approvalItems: Set<String> = []
            for (region, kind) in townships {
                byUnit[region.code.value] = AnnualReportInput.UnitLists(code: region.code.value, kind: kind.template)
            }
            for (township, list, item, role) in rows {
                guard var u = byUnit[township], let kind = ListKind(rawValue: list) else { continue }
                switch kind {
                case .statutory: u.statutory += 1
                case .territorial:
                    if role == TerritorialRole.primary.rawValue {
                        u.territorialPrimary += 1
                    } else {
                        u.territorialCooperating += 1
                    }
                case .empowerment: u.empowerment += 1
                case .approval:
                    approvalItems.insert(item)
                    if catalogue[item]?.1 == ItemCategory.licensing.rawValue {
                        u.licences += 1
                    } else {
                        u.publicServices += 1
                    }
                case .enforcement: u.enforcement += 1
                }
                byUnit[township] = u
            }
            return (townships.compactMap { byUnit[$0.0.code.value] }, approvalItems)
        }
        let (current, approvalItems) = try await units(on: end)
        let (previous, _) = try await units(on: previousEnd)
        let organizations = try await OrganizationStore(database).all(county: county).filter {
            $0.retiredOn.map { $0 > end } ?? true
        }
        // Applications (办件) received in the year, per item, with their satisfaction scores (1–5); enforcement
        // cases (案件) are not 办件.
        let volumes = try await database.read { db in
            try await db.raw(
                """
                SELECT item_code, COUNT(*) AS n,
                  CAST(SUM(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN satisfaction ELSE 0 END) AS BIGINT) AS s,
                  CAST(SUM(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN 1 ELSE 0 END) AS BIGINT) AS c
                FROM case_records WHERE county = \(bind: county) AND kind = \(bind: CaseRecord.Kind.application.rawValue)
                AND month >= \(bind: String(format: "%04d-01", year)) AND month <= \(bind: String(format: "%04d-12", year))
                GROUP BY item_code ORDER BY item_code
                """
            ).all().map { row in
                let code = try row.decode(column: "item_code", as: String.self)
                return AnnualReportInput.Volume(
                    itemCode: code, itemName: catalogue[code]?.0 ?? code,
                    volume: try row.decode(column: "n", as: Int.self),
                    satisfactionSum: try row.decode(column: "s", as: Int?.self) ?? 0,
                    satisfactionCount: try row.decode(column: "c", as: Int?.self) ?? 0)
            }
        }
        let capacity = CapacityFigures.total(
            try await CapacityStore(database).snapshots(county: county).map { $0.figures(on: end) }, asOf: end)
        let names = SuggestionEngine().ruleNames
        let findings = try await SuggestionService(database).run(county: county, asOf: end).map {
            AnnualReportInput.Finding(
                rule: names[$0.suggestion.rule] ?? $0.suggestion.rule, itemCode: $0.suggestion.itemCode,
                status: $0.status)
        }
        return AnnualReportInput(
            county: county, countyName: countyName, year: year, units: current, previousUnits: previous,
            decisions: try await DecisionStore(database).all(county: county),
            squads: organizations.filter {
                $0.kind == .enforcementSquad
            }.count, approvalOffices: organizations.filter { $0.kind == .approvalOffice }.count,
            volumes: volumes, certified: capacity.certified,
            enforcementEligible: capacity.enforcementEligible,
            courses: try await CapacityStore(database).courses(county: county),
            rights: try await GovernanceService(database).rights(county: county),
            appointments: try await AgencyService(database).appointments(county: county),
            agencyRules: try await AgencyService(database).rules(county: county),
            schemes: try await database.read { db in
                try await AgencyService.list(AssessmentScheme.self, .scheme, county: county, on: db)
            }, findings: findings,
            // The reduction is of the approval list's items in force at the year's end.
            steps: try await steps(county: county).filter { approvalItems.contains($0.itemCode) })
    }

    /// The county's name for the report's title: its county-level region, else its government's name without
    /// 人民政府, else the code.
    public func countyName(county: String) async throws -> String {
        let code = county.padding(toLength: 12, withPad: "0", startingAt: 0)
        let region = try await database.read { db in
            try await db.raw("SELECT name FROM regions WHERE level = 'county' AND code = \(bind: code)").first()?
                .decode(column: "name", as: String.self)
        }
        if let region { return region }
        let government = try await OrganizationStore(database).all(county: county).first {
            $0.kind == .countyGovernment
        }?.name
        return government.map { $0.hasSuffix("人民政府") ? String($0.dropLast(4)) : $0 } ?? county
    }
}
