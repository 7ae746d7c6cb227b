import Foundation
import Testing

@testable import QuanzeDomain

/// The engine reads case figures either from indicator cells or from the sums of the windows its rules declare
/// (`SuggestionEngine.windows`, which the database adds up for the analysis of a county): both must find the same.
@Suite("Case-figure windows of the rules")
struct CellWindowTests {
    static let asOf = Fixture.day("2023-12-31")

    /// Delegations that took effect from mid-2021 to the last weeks before the day (so some are younger than the
    /// rules' year), and cells from 2021-11 to 2024-01 (some outside every window, some pairs without any) with
    /// random counts that keep their parts within their wholes.
    static func input(seed: UInt64) -> AnalysisInput {
        var rng = SeededGenerator(seed: seed)
        let townships = (1...6).map { String(format: "510104%03d000", $0) }
        let items = (1...10).map { String(format: "XM-%03d", $0) }
        var delegations: [DelegatedItem] = []
        var cells: [IndicatorCell] = []
        for t in townships {
            for i in items where Int.random(in: 0..<10, using: &rng) < 8 {
                let effective = Fixture.day("2021-06-01").adding(days: Int.random(in: 0...930, using: &rng))
                let entrusted = Bool.random(using: &rng)
                delegations.append(
                    DelegatedItem(
                        township: t, itemCode: i, mode: entrusted ? .entrusted : .granted, effectiveOn: effective,
                        transitionEnds: effective.addingMonths(12),
                        termEnds: entrusted ? effective.addingMonths(36) : nil))
                guard Int.random(in: 0..<5, using: &rng) > 0 else { continue }
                let busy = Int.random(in: 0...3, using: &rng)
                for month in 0..<27 where Int.random(in: 0..<4, using: &rng) < 3 {
                    let y = 2021 + (10 + month) / 12
                    let m = (10 + month) % 12 + 1
                    var c = IndicatorCell(
                        county: "c", township: t, itemCode: i, month: String(format: "%04d-%02d", y, m))
                    c.volume = Int.random(in: 0...(busy * 4), using: &rng)
                    c.byDepartment = Int.random(in: 0...c.volume, using: &rng)
                    c.closed = Int.random(in: 0...c.volume, using: &rng)
                    c.overdue = Int.random(in: 0...c.closed, using: &rng)
                    c.onTime = c.closed - c.overdue
                    c.compliance.cases = Int.random(in: 0...c.volume, using: &rng)
                    c.compliance.nonCompliant = Int.random(in: 0...c.compliance.cases, using: &rng)
                    for k in c.compliance.checked.indices {
                        c.compliance.checked[k] = Int.random(in: 0...c.compliance.cases, using: &rng)
                        c.compliance.broken[k] = Int.random(in: 0...c.compliance.checked[k], using: &rng)
                    }
                    cells.append(c)
                }
            }
        }
        return AnalysisInput(asOf: asOf, delegations: delegations, cells: cells, gaps: [:])
    }

    @Test(
        "with the sums of its declared windows the engine finds exactly what it finds from the cells",
        arguments: [1, 2, 3, 20_231_231] as [UInt64])
    func sumsFindTheSame(seed: UInt64) {
        // setup
        print("cell window seed: \(seed)")
        let fromCells = Self.input(seed: seed)
        for thresholds in [
            RuleThresholds(),
            {
                var t = RuleThresholds()
                t.unusedMonths = 6
                return t
            }(),
        ] {
            let engine = SuggestionEngine(thresholds: thresholds)
            let windows = engine.windows(fromCells.delegations, asOf: Self.asOf)
            var fromSums = fromCells
            fromSums.cells = []
            fromSums.sums = Dictionary(uniqueKeysWithValues: windows.map { ($0, fromCells.totals($0)) })
            // act
            let expected = engine.run(fromCells)
            let found = engine.run(fromSums)
            // check
            #expect(found == expected, "seed \(seed), unusedMonths \(thresholds.unusedMonths)")
            #expect(
                Set(expected.map(\.rule)).isSuperset(of: ["R1", "R2", "R4", "R9"]),
                "the data makes every rule that reads case figures find something: \(Set(expected.map(\.rule)))")
        }
    }

    @Test("a window's sum carries the counts the rules read and no other, so the database adds up only those")
    func analysedCounts() throws {
        // setup: the busiest pair of the random data, over all its months
        let input = Self.input(seed: 5)
        let byPair = Dictionary(grouping: input.cells) { $0.township + "|" + $0.itemCode }
        let cells = try #require(byPair.values.max { $0.map(\.volume).reduce(0, +) < $1.map(\.volume).reduce(0, +) })
        let window = CellWindow(
            township: cells[0].township, itemCode: cells[0].itemCode, from: Fixture.day("2021-01-01"),
            to: Fixture.day("2024-12-31"))
        let all = IndicatorCell.total(cells, county: "", label: "")
        // act
        let sum = input.totals(window)
        // check: read counts equal, the others zero (they were not)
        #expect(sum.volume == all.volume && sum.byDepartment == all.byDepartment && sum.overdue == all.overdue)
        #expect(sum.compliance.cases == all.compliance.cases)
        #expect(sum.compliance.nonCompliant == all.compliance.nonCompliant)
        #expect(sum.compliance.broken == all.compliance.broken)
        #expect(sum.closed == 0 && sum.onTime == 0 && sum.compliance.checked.allSatisfy { $0 == 0 })
        #expect(all.closed > 0 && all.onTime > 0 && all.compliance.checked.allSatisfy { $0 > 0 })
        #expect(all.compliance.broken.contains { $0 > 0 })
        #expect(sum == all.analysed)
    }

    @Test("R2, R4 and R9 read the last 12 months, or from the month a younger delegation took effect; R1 its own span")
    func declaredWindows() {
        // setup
        let old = DelegatedItem(township: "T1", itemCode: "A", mode: .granted, effectiveOn: Fixture.day("2022-03-15"))
        let young = DelegatedItem(
            township: "T2", itemCode: "A", mode: .granted, effectiveOn: Fixture.day("2023-05-10"))
        var sixMonths = RuleThresholds()
        sixMonths.unusedMonths = 6
        // act
        let standard = SuggestionEngine().windows([old, young], asOf: Self.asOf)
        let shorter = SuggestionEngine(thresholds: sixMonths).windows([old, young], asOf: Self.asOf)
        // check
        func w(_ t: String, _ first: String) -> CellWindow {
            CellWindow(township: t, itemCode: "A", from: Fixture.day(first + "-01"), to: Self.asOf)
        }
        #expect(standard == [w("T1", "2023-01"), w("T2", "2023-05")], "R1 reads the old one's year only")
        #expect(shorter == [w("T1", "2023-01"), w("T2", "2023-05"), w("T1", "2023-07"), w("T2", "2023-07")])
    }
}
