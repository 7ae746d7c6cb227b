import Foundation
import Testing

@testable import QuanzeDomain

/// The engine finds problems from data alone: a healthy district yields nothing; each kind of problem planted into
/// randomly chosen townships and items (seed printed) is found exactly where it was planted.
@Suite("Adjustment suggestions")
struct SuggestionEngineTests {
    static let asOf = Fixture.day("2023-12-31")
    static let townships = (1...8).map { String(format: "510104%03d000", 100 + $0) }
    static let items = (1...12).map { String(format: "XM-%03d", $0) }

    /// Every township holds every item since 2022-01-01 (granted, transition over), with 4 cases a month, all
    /// handled by the township, closed in 3 days against a due day of 10; full capacity.
    static func healthy() -> AnalysisInput {
        var cells: [IndicatorCell] = []
        for t in townships {
            for i in items {
                for month in 1...24 {
                    let y = 2022 + (month - 1) / 12
                    let m = (month - 1) % 12 + 1
                    var cell = IndicatorCell(
                        county: "c", township: t, itemCode: i, month: String(format: "%04d-%02d", y, m))
                    for n in 0..<4 {
                        let received = Day(year: y, month: m, day: 2 + n)!
                        let r = CaseRecord(
                            county: "c", source: "s", externalId: "\(t)\(i)\(month)\(n)", sourceVersion: Fixture.t0,
                            itemCode: i, township: t, handler: .township, kind: .application, receivedOn: received,
                            closedOn: received.adding(days: 3), satisfaction: 5)
                        cell.apply(r, due: received.adding(days: 10), sign: 1)
                    }
                    cells.append(cell)
                }
            }
        }
        let delegations = townships.flatMap { t in
            items.map {
                DelegatedItem(
                    township: t, itemCode: $0, mode: .granted, effectiveOn: Fixture.day("2022-01-01"),
                    transitionEnds: Fixture.day("2023-01-01"))
            }
        }
        return AnalysisInput(asOf: asOf, delegations: delegations, cells: cells, gaps: [:])
    }

    @Test("a healthy district yields no suggestion")
    func healthyFindsNothing() {
        // act
        let found = SuggestionEngine().run(Self.healthy())
        // check
        #expect(found.isEmpty, "\(found.map(\.key))")
    }

    @Test("planted problems are found exactly where they were planted", arguments: [20_231_231, 7, 424_242])
    func planted(seed: UInt64) {
        // setup
        print("suggestion engine seed: \(seed)")
        var rng = SeededGenerator(seed: seed)
        var input = Self.healthy()
        var places = Self.townships.flatMap { t in Self.items.map { (t, $0) } }.shuffled(using: &rng)
        var expected: Set<String> = []
        func cells(_ t: String, _ i: String) -> [Int] {
            input.cells.indices.filter { input.cells[$0].township == t && input.cells[$0].itemCode == i }
        }
        // R1: no case in the last 12 months
        let (t1, i1) = places.removeLast()
        for k in cells(t1, i1) where input.cells[k].month >= "2023-01" {
            input.cells[k] = IndicatorCell(county: "c", township: t1, itemCode: i1, month: input.cells[k].month)
        }
        expected.insert("R1|\(t1)|\(i1)")
        // R2: 3 of 4 cases a month handled by the department
        let (t2, i2) = places.removeLast()
        for k in cells(t2, i2) { input.cells[k].byDepartment = 3 }
        expected.insert("R2|\(t2)|\(i2)")
        // R3: a missing field
        let (t3, i3) = places.removeLast()
        input.gaps["\(t3)|\(i3)"] = [
            RequirementFit(requirement: .field(.livestock), label: "专业能力：畜禽品种鉴定", held: false, evidence: "无持证人员")
        ]
        expected.insert("R3|\(t3)|\(i3)")
        // R4: 2 of 4 closed late
        let (t4, i4) = places.removeLast()
        for k in cells(t4, i4) {
            input.cells[k].onTime = 2
            input.cells[k].overdue = 2
        }
        expected.insert("R4|\(t4)|\(i4)")
        // R7: an entrusted term ending in 40 days
        let (t7, i7) = places.removeLast()
        if let k = input.delegations.firstIndex(where: { $0.township == t7 && $0.itemCode == i7 }) {
            input.delegations[k].mode = .entrusted
            input.delegations[k].termEnds = Self.asOf.adding(days: 40)
        }
        expected.insert("R7|\(t7)|\(i7)")
        // R6: a transition ending in 20 days where R4 is also planted
        if let k = input.delegations.firstIndex(where: { $0.township == t4 && $0.itemCode == i4 }) {
            input.delegations[k].transitionEnds = Self.asOf.adding(days: 20)
        }
        expected.insert("R6|\(t4)|\(i4)")
        // act
        let found = SuggestionEngine().run(input)
        // check
        #expect(Set(found.map(\.key)) == expected, "seed \(seed)")
        #expect(found.allSatisfy { !$0.evidence.isEmpty && $0.from <= $0.to }, "every suggestion carries its evidence")
    }

    @Test(
        "an item without a case anywhere is flagged for the district; a later day with the same evidence keeps the fingerprint"
    )
    func districtWideAndFingerprint() {
        // setup
        var input = Self.healthy()
        for k in input.cells.indices where input.cells[k].itemCode == "XM-005" {
            input.cells[k] = IndicatorCell(
                county: "c", township: input.cells[k].township, itemCode: "XM-005", month: input.cells[k].month)
        }
        // act
        let found = SuggestionEngine().run(input)
        var later = input
        later.asOf = Fixture.day("2024-01-31")
        let again = SuggestionEngine().run(later)
        // check
        #expect(found.filter { $0.key == "R1|*|XM-005" }.count == 1)
        #expect(found.filter { $0.rule == "R1" && $0.itemCode == "XM-005" }.count == Self.townships.count + 1)
        let first = found.first { $0.key == "R1|*|XM-005" }!
        let second = again.first { $0.key == "R1|*|XM-005" }!
        #expect(first.fingerprint == second.fingerprint, "still no case: a dismissal holds the next month")
    }

    @Test("R3 asks for equipment when only equipment is missing, for training when a person-bound requirement is")
    func capacityAction() throws {
        // setup
        var input = Self.healthy()
        let (a, b) = (input.delegations[0], input.delegations[1])
        input.gaps["\(a.township)|\(a.itemCode)"] = [
            RequirementFit(requirement: .equipment(.vehicle), label: "装备：执法车辆", held: false, evidence: "无执法车辆")
        ]
        input.gaps["\(b.township)|\(b.itemCode)"] = [
            RequirementFit(requirement: .equipment(.bodycam), label: "装备：执法记录仪", held: false, evidence: "无执法记录仪"),
            RequirementFit(
                requirement: .minimumCertifiedOfficers(2), label: "持证执法人员不少于2名", held: false, evidence: "持证 1 人"),
        ]
        // act
        let found = SuggestionEngine().run(input).filter { $0.rule == "R3" }
        // check
        let equipment = try #require(found.first { $0.township == a.township && $0.itemCode == a.itemCode })
        let training = try #require(found.first { $0.township == b.township && $0.itemCode == b.itemCode })
        #expect(found.count == 2)
        #expect(equipment.action == .equipment && equipment.evidence.contains("无执法车辆"))
        #expect(training.action == .training)
    }

    @Test("R3 counts and names each missing requirement, for a list that recurs at other items and for one alone")
    func capacityNumbers() throws {
        // setup: a and c lack the same two requirements; b lacks one whose label and evidence read like both of them
        var input = Self.healthy()
        let (a, b, c) = (input.delegations[0], input.delegations[1], input.delegations[13])
        let two = [
            RequirementFit(requirement: .equipment(.vehicle), label: "装备：执法车辆", held: false, evidence: "无执法车辆"),
            RequirementFit(
                requirement: .minimumCertifiedOfficers(2), label: "持证执法人员不少于2名", held: false, evidence: "持证 1 人"),
        ]
        input.gaps["\(a.township)|\(a.itemCode)"] = two
        input.gaps["\(c.township)|\(c.itemCode)"] = two
        input.gaps["\(b.township)|\(b.itemCode)"] = [
            RequirementFit(
                requirement: .equipment(.vehicle), label: "装备：执法车辆（无执法车辆）；持证执法人员不少于2名", held: false,
                evidence: "持证 1 人")
        ]
        // act
        let found = SuggestionEngine().run(input).filter { $0.rule == "R3" }
        // check
        func numbers(_ d: DelegatedItem) throws -> [String: Double] {
            try #require(found.first { $0.township == d.township && $0.itemCode == d.itemCode }).numbers
        }
        let both: [String: Double] = ["missing": 2, "missing:装备：执法车辆（无执法车辆）": 1, "missing:持证执法人员不少于2名（持证 1 人）": 1]
        #expect(found.count == 3)
        #expect(try numbers(a) == both)
        #expect(try numbers(c) == both)
        #expect(try numbers(b) == ["missing": 1, "missing:装备：执法车辆（无执法车辆）；持证执法人员不少于2名（持证 1 人）": 1])
        #expect(Set(found.map(\.evidence)).count == 1, "the evidence reads alike: only the numbers tell them apart")
    }

    @Test("a share prints as the whole percentage printf's %.0f gives, halves to even")
    func percentages() {
        // setup: every fraction k/n up to 200, the halves between, and shares outside 0…1
        var shares: [Double] = [0, -0.0, 1, 0.125, 0.135, 0.005, 0.015, 0.025, 0.845, 2.5, -0.004, 1e13, 1e20]
        for n in 1...200 { for k in 0...n { shares.append(Double(k) / Double(n)) } }
        for k in 0...200 { shares.append((Double(k) + 0.5) / 100) }
        // act
        let printed = shares.map(percent)
        // check
        let expected = shares.map { String(format: "%.0f%%", $0 * 100) }
        #expect(printed == expected)
        #expect(percent(0.125) == "12%" && percent(0.135) == "14%" && percent(2.0 / 3.0) == "67%")
    }

    @Test("findings come most serious first, then by rule, township and item", arguments: [1, 2] as [UInt64])
    func findingsOrder(seed: UInt64) {
        // setup
        let input = CellWindowTests.input(seed: seed)
        // act
        let found = SuggestionEngine().run(input)
        // check
        let ranks: [Suggestion.Severity: Int] = [.serious: 0, .warning: 1, .info: 2]
        let out = zip(found, found.dropFirst()).filter { x, y in
            let (a, b) = (
                (ranks[x.severity]!, x.rule, x.township, x.itemCode),
                (ranks[y.severity]!, y.rule, y.township, y.itemCode)
            )
            return b < a
        }
        #expect(out.isEmpty, "out of order: \(out.prefix(3).map { ($0.0.key, $0.1.key) })")
        #expect(
            Set(found.map(\.severity)).count >= 2 && Set(found.map(\.rule)).count >= 4, "the order is tried on several")
    }

    @Test("R3 names a county's own requirement as its vocabulary does, and a missing county equipment is equipment")
    func capacityCountyTerm() throws {
        // setup
        var input = Self.healthy()
        let a = input.delegations[0]
        let gauge = try #require(EquipmentKind(rawValue: "thickness-gauge"))
        input.gaps["\(a.township)|\(a.itemCode)"] = [
            RequirementFit(requirement: .equipment(gauge), label: "装备：测厚仪", held: false, evidence: "本单位未登记测厚仪")
        ]
        // act
        let found = SuggestionEngine().run(input).filter { $0.rule == "R3" }
        // check
        #expect(found.count == 1)
        #expect(found.first?.action == .equipment)
        #expect(found.first?.evidence.hasSuffix("缺少：装备：测厚仪（本单位未登记测厚仪）") == true)
    }

    @Test("thresholds are configurable: fewer than the minimum cases never trigger R2 or R4")
    func thresholds() {
        // setup
        var input = Self.healthy()
        input.cells = input.cells.map {
            var c = $0
            c.byDepartment = c.volume
            return c
        }
        var strict = RuleThresholds()
        strict.departmentMinimumCases = 1000
        // act
        let normal = SuggestionEngine().run(input).filter { $0.rule == "R2" }
        let none = SuggestionEngine(thresholds: strict).run(input).filter { $0.rule == "R2" }
        // check
        #expect(normal.count == Self.townships.count * Self.items.count)
        #expect(none.isEmpty)
    }

    @Test(
        "R6 names, for each delegation whose transition ends within 30 days, exactly the open R1–R4 findings of its item at its township or the district",
        arguments: [1, 2, 3] as [UInt64])
    func transitionMatchesItsDefinition(seed: UInt64) {
        // setup: random delegations (some transitions in the window) and random open findings of every rule
        var rng = SeededGenerator(seed: seed)
        let rules = ["R1", "R2", "R3", "R4", "R5", "R7", "R9", "R10"]
        var input = Self.healthy()
        input.delegations = input.delegations.map { d in
            var d = d
            d.transitionEnds = Self.asOf.adding(days: Int.random(in: -5...40, using: &rng))
            return d
        }
        let open = (0..<300).map { _ in
            Suggestion(
                rule: rules.randomElement(using: &rng)!,
                township: Bool.random(using: &rng) ? "*" : Self.townships.randomElement(using: &rng)!,
                itemCode: Self.items.randomElement(using: &rng)!, severity: .warning, action: .evaluation,
                from: Self.asOf, to: Self.asOf, numbers: [:], evidence: "")
        }
        // act
        let found = R6Transition.evaluate(input, RuleThresholds(), open: open)
        // check: the rule's definition, delegation by delegation
        let expected = input.delegations.compactMap { d -> String? in
            guard let ends = d.transitionEnds, ends >= Self.asOf, ends <= Self.asOf.adding(days: 30) else { return nil }
            let issues = open.filter {
                ["R1", "R2", "R3", "R4"].contains($0.rule) && $0.itemCode == d.itemCode
                    && ($0.township == d.township || $0.township == "*")
            }
            guard !issues.isEmpty else { return nil }
            return "\(d.township)|\(d.itemCode)|\(issues.count)|" + issues.map(\.rule).sorted().joined(separator: "、")
        }
        let got = found.map {
            "\($0.township)|\($0.itemCode)|\(Int($0.numbers["openIssues"] ?? 0))|"
                + ($0.evidence.components(separatedBy: "仍有未解决的问题：").last ?? "")
        }
        #expect(got == expected)
        #expect(expected.count > 10 && expected.count < input.delegations.count)
    }
}
