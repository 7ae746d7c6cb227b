import Foundation
import QuanzeDomain
import QuanzePersistence

/// Builds the 大安区 demo through the same operations a user's change goes through: the item import, the
/// decisions register, the delegation lifecycle for the empowerment list (`DemoDelegation`: one transaction per
/// delegating or recalling decision, one audit entry per step) and `ListService` for the rest (one batch and one
/// audit entry per decision, actor `system`).
///
/// The history is recorded as it happened: every step passes the services the time it would have been recorded
/// (`recorded(on:now:)`: the decision's day, an evaluation's due day; the catalogue, laws and grounds on the day of
/// the first decision), in that order, so a list read "as recorded at" 2022-12-31 shows what the system held then,
/// and the audit chain runs in time order. What describes the present (capacity, contacts, cases) is recorded at
/// `now`, the load time.
public struct DemoBuilder: Sendable {
    let database: any Database

    /// The report's time: pages of the demo show lists as of this day unless asked otherwise.
    public static let today = Day(year: 2023, month: 12, day: 31)!

    /// Sichuan's catalogue of county powers that may be granted to townships.
    public static let provincialCatalogue = "川办发〔2020〕85号"

    public init(_ database: any Database) { self.database = database }

    static var folder: URL { Bundle.quanzeResources.appendingPathComponent("Demo") }

    /// When the demo records what happened on `day`: 09:00 China time that day (01:00 UTC), never after `now`.
    static func recorded(on day: Day, now: Date) -> Date {
        min(Date(timeIntervalSince1970: Double(day.ordinal * 86_400 + 3_600)), now)
    }

    /// Loads the demo unless the county already has list entries. Returns whether it loaded. Without `cases` the
    /// case data is left out, so that a test can generate its own (`DemoCases.generate`) with problems it plants.
    public func loadIfEmpty(
        now: Date, cases: Bool = true, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Bool {
        let existing = try await ListStore(database).counts(county: DemoDistrict.county, on: Self.today)
        guard existing.isEmpty else { return false }
        try await load(now: now, cases: cases, progress: progress)
        return true
    }

    func load(now: Date, cases: Bool = true, progress: @Sendable (Int, Int) -> Void) async throws {
        let county = DemoDistrict.county
        let regions = RegionStore(database)
        let plan = try DemoPlan.load(folder: Self.folder, county: county)
        // The register, the catalogue, the laws and the grounds are in place on the day of the first decision.
        let start = Self.recorded(on: plan.ordered().first?.decision.date ?? Self.today, now: now)
        try await database.transaction { db in
            let missing = try await Self.missingRegions(regions)
            try await regions.upsert(missing, on: db)
            try await OrganizationStore(database).upsert(DemoDistrict.organizations(), on: db)
            try await HolidayStore(database).save(DemoHolidays.calendar, on: db)
        }
        try await LawImporter(database).save(
            try Self.laws(), now: start, source: "演示法规库")
        // The legal grounds of delegation, from the product's data file as for every county.
        try await LegalGroundsData.seed(county: county, database: database, actor: .system, at: start)
        // The article map of the 畜牧法 revision (2022-10-30, in force 2023-03-01): the 畜禽品种 penalty's 第六十一条
        // became 第八十一条, so rule R5 flags the item until a decision amends its legal basis.
        _ = try await LawStore(database).importMappings(
            try Data(contentsOf: Self.folder.appendingPathComponent("article-map.csv")), county: county,
            actor: .system, now: start, source: "演示条文对照")
        _ = try await CatalogImporter(database).importItems(
            try Data(contentsOf: Self.folder.appendingPathComponent("catalogue.csv")), county: county, actor: .system,
            now: start, source: "演示事项目录")
        try await database.transaction { db in
            try await DecisionStore(database).save(plan.decisions, at: start, on: db)
            try await TemplateStore(database).save(county: county, entries: plan.templates(), on: db)
        }
        // The provincial grant catalogue (川办发〔2020〕85号): every item the district has granted stands in it.
        let granted = Set(plan.rows.filter { $0.terms.mode == .granted }.map(\.itemCode))
        try await DelegationStore(database).saveCatalogue(
            ProvincialCatalogue(decision: Self.provincialCatalogue, itemCodes: granted), county: county, by: .system,
            at: start)
        let townships = try await regions.townships(county: county).map { ($0.0.code, $0.1) }
        let units = townships.map(\.0)
        let items = Dictionary(
            try await ItemStore(database).items(county: county, codes: Array(Set(plan.rows.map(\.itemCode)))).map {
                ($0.code, $0)
            },
            uniquingKeysWith: { a, _ in a })
        let lifecycle = try DemoDelegation(plan: plan, items: items)
        let principals = try DemoDelegation.Principals(county: county, organizations: DemoDistrict.organizations())
        let service = DelegationService(database)
        let grounds = try await LegalGroundStore(database).table(county: county)
        var delegations: [String: String] = [:]
        // 委托书 of one year continue their departments' series (15 numbers per delegating decision).
        var delegatingInYear: [Int: Int] = [:]
        // Decision-date order, as the history happened: the lifecycle's part of a decision, then the rest of it.
        let decisions = plan.ordered().filter { d in plan.rows.contains { $0.from == d.key || $0.to == d.key } }
        for (index, (key, decision)) in decisions.enumerated() {
            let at = Self.recorded(on: decision.date, now: now)
            try await DemoDelegation.evaluateDue(
                by: decision.date, recalling: Set(lifecycle.recalls[key] ?? []), principals: principals,
                service: service, database: database, now: now)
            if let grants = lifecycle.grants[key] {
                let year = decision.date.parts.year
                let base = delegatingInYear[year, default: 0] * units.count
                delegatingInYear[year, default: 0] += 1
                delegations.merge(
                    try await DemoDelegation.delegate(
                        grants, decision: decision, units: units, items: items, principals: principals,
                        grounds: grounds, serialBase: base, service: service, now: at), uniquingKeysWith: { _, b in b }
                )
            }
            if let recalls = lifecycle.recalls[key] {
                try await DemoDelegation.recall(
                    recalls, decision: decision, units: units, delegations: delegations, principals: principals,
                    service: service, now: at)
            }
            if let batch = plan.batch(for: key, townships: townships, leaving: lifecycle.covered) {
                try await ListService(database).apply(
                    batch.changes, county: county, citation: .decision(batch.decision), actor: .system, at: at,
                    action: "demo.list.change")
            }
            progress(index + 1, decisions.count)
        }
        // The evaluations due by the demo's day are recorded: no 赋权 is overdue for 定期评估 on 2023-12-31.
        try await DemoDelegation.evaluateDue(
            by: Self.today, recalling: [], principals: principals, service: service, database: database, now: now)
        try await DemoCapacity.loadIfEmpty(database, now: now)
        try await DemoContacts.loadIfEmpty(database, now: now)
        try await DemoAgencies.loadIfEmpty(database, now: now)
        try await DemoAccountability.loadIfEmpty(database, now: now)
        try await DemoGovernance.loadIfEmpty(database, now: now)
        if cases { try await DemoCases.loadIfEmpty(database, now: now) }
        try await DemoResources.loadIfEmpty(database, now: now)
        try await DemoDisputes.loadIfEmpty(database, now: now)
        try await DemoFeedback.loadIfEmpty(database, now: now)
        try await DemoGuidance.loadIfEmpty(database, now: now)
        try await DemoReport.loadIfEmpty(database, now: now)
        if cases { try await DemoSupervision.loadIfEmpty(database, now: now) }
        try await DemoSubscriptions.loadIfEmpty(database, now: now)
    }

    static func missingRegions(_ store: RegionStore) async throws -> [Region] {
        var out: [Region] = []
        for region in DemoDistrict.regions() where try await store.region(region.code) == nil { out.append(region) }
        return out
    }

    /// The statutes shipped with the product (the same texts as `data/laws/`).
    static func laws() throws -> [LawVersion] {
        let folder = Bundle.quanzeResources.appendingPathComponent("Laws")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
            .map { name in
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                do throws(LawParser.Failure) {
                    return try LawParser.parse(fileName: name, text: text)
                } catch {
                    throw ImportFailure(message: error.message)
                }
            }
    }
}
