import Foundation
import QuanzeDomain
import QuanzePersistence

/// Builds the 大安区 demo through the same operations a user's change goes through: the item import, the
/// decisions register and `ListService` (one batch and one audit entry per decision, actor `system`).
public struct DemoBuilder: Sendable {
    let database: any Database

    /// The report's time: pages of the demo show lists as of this day unless asked otherwise.
    public static let today = Day(year: 2023, month: 12, day: 31)!

    public init(_ database: any Database) { self.database = database }

    static var folder: URL { Bundle.quanzeResources.appendingPathComponent("Demo") }

    /// Loads the demo unless the county already has list entries. Returns whether it loaded.
    public func loadIfEmpty(now: Date, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Bool {
        let existing = try await ListStore(database).counts(county: DemoDistrict.county, on: Self.today)
        guard existing.isEmpty else { return false }
        try await load(now: now, progress: progress)
        return true
    }

    func load(now: Date, progress: @Sendable (Int, Int) -> Void) async throws {
        let county = DemoDistrict.county
        let regions = RegionStore(database)
        try await database.transaction { db in
            let missing = try await Self.missingRegions(regions)
            try await regions.upsert(missing, on: db)
            try await OrganizationStore(database).upsert(DemoDistrict.organizations(), on: db)
            try await HolidayStore(database).save(DemoHolidays.calendar, on: db)
        }
        try await LawImporter(database).save(
            try Self.laws(), now: now, source: "演示法规库")
        _ = try await CatalogImporter(database).importItems(
            try Data(contentsOf: Self.folder.appendingPathComponent("catalogue.csv")), county: county, actor: .system,
            now: now, source: "演示事项目录")
        let plan = try DemoPlan.load(folder: Self.folder, county: county)
        try await database.transaction { db in
            try await DecisionStore(database).save(plan.decisions, on: db)
            try await TemplateStore(database).save(county: county, entries: plan.templates(), on: db)
        }
        let townships = try await regions.townships(county: county)
        let batches = plan.batches(townships: townships.map { ($0.0.code, $0.1) })
        for (index, batch) in batches.enumerated() {
            try await ListService(database).apply(
                batch.changes, county: county, citation: .decision(batch.decision), actor: .system, at: now,
                action: "demo.list.change")
            progress(index + 1, batches.count)
        }
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
