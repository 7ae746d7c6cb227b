import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

@Suite("Window sums of indicator cells, added by the database, on both engines")
struct CellSumsTests {
    @Test(
        "each window's sum is the engine's own sum of its cells; another county's cells never count",
        arguments: Engine.available)
    func sumsMatchTheCells(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: two counties' cells over 2022-06…2024-02 with random counts; random windows of several spans,
            // some on pairs without a cell
            let seed = UInt64.random(in: 1...UInt64(UInt32.max))
            print("CellSumsTests[\(engine.rawValue)]: seed \(seed)")
            var rng = SeededGenerator(seed: seed)
            let months: [String] = (0..<21).map { (k: Int) -> String in
                let year: Int = 2022 + (5 + k) / 12
                let month: Int = (5 + k) % 12 + 1
                return String(format: "%04d-%02d", year, month)
            }
            var cells: [String: [IndicatorCell]] = [:]
            for county in [Fixture.county, "510105"] {
                for t in 1...4 {
                    for i in 1...5 where Int.random(in: 0..<5, using: &rng) > 0 {
                        for month in months where Bool.random(using: &rng) {
                            var c = IndicatorCell(
                                county: county, township: "T\(t)", itemCode: "I\(i)", month: month)
                            c.volume = Int.random(in: 1...40, using: &rng)
                            c.closed = Int.random(in: 0...c.volume, using: &rng)
                            c.overdue = Int.random(in: 0...c.closed, using: &rng)
                            c.onTime = c.closed - c.overdue
                            c.durationDays = Int.random(in: 0...(c.closed * 20), using: &rng)
                            c.satisfactionCount = Int.random(in: 0...c.closed, using: &rng)
                            c.satisfactionSum = c.satisfactionCount * Int.random(in: 1...5, using: &rng)
                            c.byDepartment = Int.random(in: 0...c.volume, using: &rng)
                            c.compliance = ComplianceCounts(
                                values: ComplianceCounts.columns.map { _ in Int.random(in: 0...9, using: &rng) })
                            cells[county, default: []].append(c)
                        }
                    }
                }
            }
            let stored = cells
            try await database.transaction { db in
                for (county, list) in stored { try await CaseStore.addCells(list, county: county, on: db) }
            }
            var windows: Set<CellWindow> = []
            for t in 1...5 {
                for i in 1...6 {
                    let first = months[Int.random(in: 0..<months.count, using: &rng)]
                    windows.insert(
                        CellWindow(
                            township: "T\(t)", itemCode: "I\(i)", from: Day(iso: first + "-15")!,
                            to: Day(iso: Bool.random(using: &rng) ? "2023-12-31" : "2024-01-31")!))
                }
            }
            let own = AnalysisInput(
                asOf: Day(iso: "2024-01-31")!, delegations: [], cells: cells[Fixture.county] ?? [], gaps: [:])
            // act
            let sums = try await CaseStore(database).sums(county: Fixture.county, windows: windows)
            // check
            #expect(Set(sums.keys) == windows, "every window answered, with no cases where it has no cell")
            for window in windows {
                #expect(sums[window] == own.totals(window), "\(window), seed \(seed)")
            }
            #expect(
                windows.contains { (sums[$0]?.volume ?? 0) > 0 } && windows.contains { sums[$0]?.volume == 0 },
                "windows with cases and without, seed \(seed)")
            // Only the counts the rules read are added up (`IndicatorCell.analysed`), each of them.
            let added = sums.values.reduce(IndicatorCell(county: "", township: "", itemCode: "", month: "")) {
                var total = $0
                total.add($1)
                return total
            }
            #expect(added.volume > 0 && added.overdue > 0 && added.byDepartment > 0, "seed \(seed)")
            #expect(added.compliance.cases > 0 && added.compliance.nonCompliant > 0, "seed \(seed)")
            #expect(added.compliance.broken.allSatisfy { $0 > 0 }, "seed \(seed)")
            #expect(added.closed == 0 && added.durationDays == 0 && added.satisfactionCount == 0, "seed \(seed)")
            #expect(added.compliance.checked.allSatisfy { $0 == 0 }, "seed \(seed)")
        }
    }
}
