import Foundation
import QuanzeDomain
import QuanzePersistence

/// Case data of 2022–2023 for the demo, generated with a fixed seed and pushed through the same ingest as other
/// systems' batches (`CaseStore`, one audit entry per batch). Volumes follow the report (2023: 4,917 individual
/// business registrations, 91 food permits, satisfaction 100 %), and the report's problems are present as data only:
/// no case for the 渔港水域 and 出版物零售 items; the 安全设备 and 剧毒化学品 penalties mostly handled by the
/// department (应急管理局). The engine has to find them from these records, not from the names. The penalty cases
/// carry what the statutes require (officers, 立案 day, 全过程记录, now and then a 法制审核 trigger): almost all
/// comply; a few scattered cases lack the 全过程记录, and the 剧毒化学品 penalties at 大山铺镇 are carried out by one
/// certified officer without a recording (R9 合规风险 finds that pair, and only it).
enum DemoCases {
    static let source = "大安区一体化政务服务平台"
    static let businessRegistration = "511A0074300005"
    static let foodPermit = "511A0005200004"
    /// The seed of the demo's case data: the same seed and plan give the same records on every machine.
    static let seed: UInt64 = 20_231_231

    /// Which delegated items the generated data makes problematic. The generator knows only these sets, so a test
    /// can plant the same kinds of problem into other items and check that the engine finds exactly those.
    struct Plan: Sendable {
        /// Items with no case at all (R1: no real use).
        var unused: Set<String>
        /// Items whose cases are mostly handled by the department (R2: 承接困难).
        var handledByDepartment: Set<String>
        /// Township × item pairs (`township|item`) whose penalty cases break the statutes' requirements (R9: 合规风险):
        /// one certified officer, no 全过程记录. Pairs of items handled by the department have 8 cases a year, enough
        /// for R9's minimum volume.
        var nonCompliant: Set<String> = []

        /// The report's problems: 渔港水域 and 出版物零售 unused; 安全设备 and 剧毒化学品 handled by the department; and
        /// the 剧毒化学品 penalties at 大山铺镇 not compliant.
        static let report = Plan(
            unused: ["DA-CF-0213", "511A0000800001"], handledByDepartment: ["DA-CF-0064", "DA-CF-0125"],
            nonCompliant: ["510304100000|DA-CF-0125"])
        /// Healthy data: every delegated item used and handled by its township.
        static let none = Plan(unused: [], handledByDepartment: [])
        /// One enforcement case in `scatter` (by serial) of the items not handled by the department lacks its
        /// 全过程记录: a little non-compliance at pairs with too few cases for R9.
        static let scatter = 23
    }

    /// Generates and ingests the report's records unless the county already has case data.
    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        guard try await CaseStore(database).count(county: county) == 0 else { return }
        let delegations = try await DelegationStore(database).list(Delegation.self, county: county)
        try await ingest(generate(delegations, plan: .report, seed: seed), into: database, now: now)
    }

    /// The records of 2022 up to the demo's today for the delegations (recalled ones until they ended) and the two
    /// approval services, following the plan. Pure: the same delegations, plan and seed give the same records.
    static func generate(_ delegations: [Delegation], plan: Plan, seed: UInt64) -> [CaseRecord] {
        let county = DemoDistrict.county
        var rng = SeededGenerator(seed: seed)
        let end = DemoBuilder.today
        let start = Day(year: 2022, month: 1, day: 1)!
        var records: [CaseRecord] = []
        var serial = 0
        func add(_ item: String, _ unit: String, on day: Day, handler: CaseRecord.Handler, kind: CaseRecord.Kind) {
            serial += 1
            let duration = Int.random(in: 0...3, using: &rng)
            var record = CaseRecord(
                county: county, source: source, externalId: String(format: "DA%07d", serial),
                sourceVersion: Date(
                    timeIntervalSince1970: Double(day.adding(days: duration).ordinal) * 86400 + 36000),
                itemCode: item, township: unit, handler: handler, kind: kind, receivedOn: day,
                closedOn: day.adding(days: duration), satisfaction: 5)
            if kind == .enforcement {
                // What the statutes require, from the serial alone: the random draws (and so every other figure of
                // the demo) stay as they were.
                let broken = plan.nonCompliant.contains("\(unit)|\(item)")
                let scattered = !plan.handledByDepartment.contains(item) && serial % Plan.scatter == 0
                record.officers = broken ? 1 : 2
                record.filedOn = day
                record.fullRecord = !(broken || scattered)
                record.reviewTriggers = serial % 10 == 0 ? [.complex] : []
                record.legalReview = serial % 10 == 0 ? true : nil
            }
            records.append(record)
        }
        func day(in year: Int) -> Day {
            Day(year: year, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
        }
        // Every running delegation is used: a few cases a year while it runs, almost all handled by the township.
        for d in delegations where !plan.unused.contains(d.itemCode) {
            let last = min(d.endedOn.map { $0.adding(days: -1) } ?? end, end)
            let byDepartment = plan.handledByDepartment.contains(d.itemCode)
            for year in 2022...2023 {
                let from = max(Day(year: year, month: 1, day: 1)!, d.effectiveOn, start)
                let to = min(Day(year: year, month: 12, day: 28)!, last)
                guard from < to else { continue }
                let count = byDepartment ? 8 : Int.random(in: 2...4, using: &rng)
                for n in 0..<count {
                    let received = Day(
                        ordinal: from.ordinal + Int.random(in: 0...(to.ordinal - from.ordinal), using: &rng))
                    add(
                        d.itemCode, d.unit, on: received,
                        handler: byDepartment && n % 8 != 0 ? .department : .township, kind: .enforcement)
                }
            }
        }
        // The report's 2023 volumes of two approval services, spread over the 15 units.
        let units = DemoDistrict.townships.map(\.0)
        for (item, total) in [(businessRegistration, 4917), (foodPermit, 91)] {
            for n in 0..<total {
                add(item, units[n % units.count], on: day(in: 2023), handler: .township, kind: .application)
            }
        }
        return records
    }

    /// Ingests records as the platform would push them: batches of 1,000 through `CaseStore`, actor `system`.
    static func ingest(_ records: [CaseRecord], into database: any Database, now: Date) async throws {
        let actor = Actor(name: "system", role: "system", organization: nil)
        let store = CaseStore(database)
        for chunk in stride(from: 0, to: records.count, by: 1000) {
            let batch = records[chunk..<min(chunk + 1000, records.count)].enumerated().map { ($0.offset, $0.element) }
            _ = try await store.ingest(batch, county: DemoDistrict.county, scope: nil, actor: actor, at: now)
        }
    }
}
