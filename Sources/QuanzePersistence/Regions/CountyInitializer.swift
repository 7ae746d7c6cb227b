import Foundation
import QuanzeDomain
import SQLKit

/// What `quanze county init` did: the county's government, and how much it had to add (zero on a second run).
public struct CountyInitReport: Sendable, Equatable {
    public var county: String
    public var governmentName: String
    public var townships: Int
    public var addedRegions: Int
    public var addedOrganizations: Int

    public var changedNothing: Bool { addedRegions == 0 && addedOrganizations == 0 }
}

/// `quanze county init CODE`: reads the NBS division files, builds the county's regions and organisations through
/// `CountyInit` and writes what is missing — in one transaction with one audit entry, or not at all.
public struct CountyInitializer: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func run(county: String, divisions directory: URL, actor: Actor, now: Date) async throws
        -> CountyInitReport
    {
        var tables: [String: [CSVRow]] = [:]
        let files: [(String, [String])] = [
            ("provinces.csv", ["code", "name"]), ("cities.csv", ["code", "name"]),
            ("areas.csv", ["code", "name", "citycode"]), ("streets.csv", ["code", "name", "areacode"]),
        ]
        for (file, required) in files {
            let url = directory.appendingPathComponent(file)
            guard let data = try? Data(contentsOf: url) else { throw ImportFailure(message: "找不到区划文件：\(url.path)") }
            do throws(CSVReader.Failure) {
                tables[file] = try CSVReader.table(try CSVReader.decode(data), required: required)
            } catch { throw ImportFailure(message: "\(file)：\(error.message)") }
        }
        let plan: CountyInit.Plan
        do throws(CountyInit.Failure) {
            plan = try CountyInit.plan(
                try CountyInit.divisions(
                    county: county, provinces: tables["provinces.csv"] ?? [], cities: tables["cities.csv"] ?? [],
                    areas: tables["areas.csv"] ?? [], streets: tables["streets.csv"] ?? []))
        } catch {
            throw ImportFailure(message: error.message)
        }
        return try await write(plan, county: county, actor: actor, now: now)
    }

    /// Writes what of the plan is missing; an unchanged county writes nothing, not even an audit entry.
    func write(_ plan: CountyInit.Plan, county: String, actor: Actor, now: Date) async throws -> CountyInitReport {
        try await database.transaction { db in
            var regionKeys = Set<String>()
            let codes = plan.regions.map(\.code.value)
            for start in stride(from: 0, to: codes.count, by: 500) {
                let slice = Array(codes[start..<min(start + 500, codes.count)])
                for row in try await db.select().column("code").column("level").from("regions")
                    .where("code", .in, slice).all()
                {
                    regionKeys.insert(
                        try row.decode(column: "code", as: String.self) + "/"
                            + row.decode(column: "level", as: String.self))
                }
            }
            let orgCodes = Set(try await OrganizationStore.all(county: county, on: db).map(\.code))
            let missing = CountyInit.missing(plan, existingRegions: regionKeys, existingOrganizations: orgCodes)
            let report = CountyInitReport(
                county: county, governmentName: plan.governmentName, townships: plan.organizations.count - 1,
                addedRegions: missing.regions.count, addedOrganizations: missing.organizations.count)
            guard !report.changedNothing else { return report }
            try await RegionStore(database).upsert(missing.regions, on: db)
            try await OrganizationStore(database).upsert(missing.organizations, on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "county.init", subject: county,
                    detail:
                        "建立区县：\(plan.governmentName)，新增区划 \(missing.regions.count) 个、单位 \(missing.organizations.count) 个",
                    after: missing.organizations.map(OrganizationService.auditText).joined(separator: "\n")), on: db)
            return report
        }
    }
}
