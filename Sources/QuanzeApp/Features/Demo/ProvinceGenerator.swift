import Foundation
import QuanzeDomain
import QuanzePersistence

/// `quanze province generate`: builds a province's counties from the real division list, at a chosen size, through
/// the product's own import paths — `county init` (`CountyInitializer`), the organisations import, the item and
/// grant-catalogue imports, the lists import (`CatalogImporter.importAssignments`, i.e. `ListService` plus the 存量
/// delegation records), accounts (`AccountStore`) and the case ingest behind `POST /api/v1/cases` (`CaseStore`).
///
/// What a county gets is the demo's catalogue and list plan carried over to it (`ProvinceGenerator+County`): the
/// demo district's name replaced by the county's, so items cite the statutes shipped with the product and no
/// county's real documents are invented. Generated names say they are generated (decisions, sources, accounts).
///
/// Deterministic from the seed (which counties a fraction takes, which plan rows each township gets, every case
/// record). Resumable: every step first looks at what the county already holds and skips what is there, and cases
/// continue from the county's count (batches are written whole, in order), so a second run adds nothing.
public struct ProvinceGenerator: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// What to generate.
    public struct Options: Sendable {
        /// The province's 2-digit code (Sichuan: 51).
        public var province: String
        public var seed: UInt64
        /// How many of the province's counties (nil: all, or `fraction` of them).
        public var counties: Int?
        /// A share of the province's counties (0 < f ≤ 1), rounded, at least one.
        public var fraction: Double?
        /// List entries each township gets at most (drawn from the plan rows that fit its kind).
        public var entriesPerTownship: Int
        /// Case records per county.
        public var casesPerCounty: Int
        /// The folder of provinces/cities/areas/streets.csv.
        public var divisions: URL

        public init(
            province: String, seed: UInt64, counties: Int? = nil, fraction: Double? = nil,
            entriesPerTownship: Int = 400, casesPerCounty: Int = 55_000, divisions: URL
        ) {
            self.province = province
            self.seed = seed
            self.counties = counties
            self.fraction = fraction
            self.entriesPerTownship = entriesPerTownship
            self.casesPerCounty = casesPerCounty
            self.divisions = divisions
        }
    }

    /// What one county holds after its turn, and whether the turn found it complete already.
    public struct CountyReport: Sendable, Equatable {
        public var county: String
        public var name: String
        public var townships: Int
        public var entries: Int
        public var cases: Int
        /// Nothing was written: the county was complete.
        public var skipped: Bool
        public var seconds: Double
    }

    /// The selected counties' codes and names, in code order: all of the province's, or a seeded sample of them.
    public func counties(_ options: Options) throws -> [(code: String, name: String)] {
        let url = options.divisions.appendingPathComponent("areas.csv")
        guard let data = try? Data(contentsOf: url) else { throw ImportFailure(message: "找不到区划文件：\(url.path)") }
        let rows: [CSVRow]
        do throws(CSVReader.Failure) {
            rows = try CSVReader.table(try CSVReader.decode(data), required: ["code", "name"])
        } catch { throw ImportFailure(message: "areas.csv：\(error.message)") }
        let all = rows.compactMap { row -> (code: String, name: String)? in
            guard let code = row["code"], let name = row["name"], code.hasPrefix(options.province), code.count == 6
            else { return nil }
            return (code, name)
        }.sorted { $0.code < $1.code }
        guard !all.isEmpty else { throw ImportFailure(message: "区划文件中没有代码以 \(options.province) 开头的区县") }
        var wanted = options.counties ?? all.count
        if let fraction = options.fraction { wanted = max(1, Int((Double(all.count) * fraction).rounded())) }
        guard wanted < all.count else { return all }
        var generator = SeededGenerator(seed: options.seed)
        return Array(all.shuffled(using: &generator).prefix(wanted)).sorted { $0.code < $1.code }
    }

    /// Generates every selected county in turn; `progress` hears of each county when its turn ends.
    @discardableResult
    public func run(
        _ options: Options, now: Date,
        progress: @Sendable (_ done: Int, _ total: Int, CountyReport) -> Void = {
            _, _, _ in
        }
    ) async throws -> [CountyReport] {
        let selected = try counties(options)
        let shared = try await Shared.load(database, now: now)
        var reports: [CountyReport] = []
        for (index, county) in selected.enumerated() {
            let start = ContinuousClock.now
            var report = try await CountyRun(
                database: database, county: county.code, name: county.name, options: options, shared: shared,
                now: now
            ).run()
            let elapsed = ContinuousClock.now - start
            report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            reports.append(report)
            progress(index + 1, selected.count, report)
        }
        return reports
    }

    /// What every county shares: the statutes (imported once per database), the demo's catalogue file and plan,
    /// and one password hash for the generated accounts.
    struct Shared: Sendable {
        var catalogue: String
        var plan: DemoPlan
        var passwordHash: String

        static func load(_ database: any Database, now: Date) async throws -> Shared {
            if try await LawStore(database).knownArticles().isEmpty {
                try await LawImporter(database).save(try DemoBuilder.laws(), now: now, source: "生成数据：产品法规库")
            }
            let folder = DemoBuilder.folder
            let catalogue = try String(
                contentsOf: folder.appendingPathComponent("catalogue.csv"), encoding: .utf8)
            return Shared(
                catalogue: catalogue, plan: try DemoPlan.load(folder: folder, county: ""),
                passwordHash: try await Passwords.hash(DemoAccounts.password, cost: 10))
        }
    }
}
