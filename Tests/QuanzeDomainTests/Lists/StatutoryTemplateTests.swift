import Testing

@testable import QuanzeDomain

@Suite("StatutoryTemplate")
struct StatutoryTemplateTests {
    static let townTemplate = StatutoryTemplate(county: Fixture.county, kind: .town, itemCodes: ["ZF-001", "ZF-002"])
    static let subdistrictTemplate = StatutoryTemplate(
        county: Fixture.county, kind: .subdistrict, itemCodes: ["JD-001"])
    static let day = Fixture.day("2023-07-01")

    private func addedItems(_ changes: [ListChange]) -> [String] {
        changes.compactMap {
            if case .add(_, let item, _, _, _, _) = $0 { return item }
            return nil
        }
    }

    @Test("a town gets the town template as statutory entries from the day, open-ended")
    func townGetsTownTemplate() {
        // setup
        let template = Self.townTemplate
        // act
        let changes = template.changes(for: Fixture.town, kind: .town, from: Self.day)
        // check
        #expect(
            changes == [
                .add(
                    township: Fixture.town, itemCode: "ZF-001", list: .statutory, terms: .init(mode: .statutory),
                    from: Self.day, until: nil),
                .add(
                    township: Fixture.town, itemCode: "ZF-002", list: .statutory, terms: .init(mode: .statutory),
                    from: Self.day, until: nil),
            ])
    }

    @Test("a 乡 follows the town template")
    func townshipFollowsTownTemplate() {
        // setup
        let xiang = Fixture.region("510104200000")
        // act
        let fromTown = Self.townTemplate.changes(for: xiang, kind: .township, from: Self.day)
        let fromSubdistrict = Self.subdistrictTemplate.changes(for: xiang, kind: .township, from: Self.day)
        // check
        #expect(addedItems(fromTown) == ["ZF-001", "ZF-002"])
        #expect(fromSubdistrict.isEmpty)
    }

    @Test("a subdistrict gets the subdistrict template and nothing from the town template")
    func subdistrictGetsSubdistrictTemplate() {
        // setup
        let unit = Fixture.subdistrict
        // act
        let fromSubdistrict = Self.subdistrictTemplate.changes(for: unit, kind: .subdistrict, from: Self.day)
        let fromTown = Self.townTemplate.changes(for: unit, kind: .subdistrict, from: Self.day)
        // check
        #expect(addedItems(fromSubdistrict) == ["JD-001"])
        #expect(fromTown.isEmpty)
    }

    @Test("a town gets nothing from the subdistrict template")
    func townGetsNothingFromSubdistrictTemplate() {
        // setup
        let template = Self.subdistrictTemplate
        // act
        let changes = template.changes(for: Fixture.town, kind: .town, from: Self.day)
        // check
        #expect(changes.isEmpty)
    }

    @Test("other units (开发区) get neither template")
    func otherGetsNeither() {
        // setup
        let zone = Fixture.region("510104400000")
        // act
        let fromTown = Self.townTemplate.changes(for: zone, kind: .other, from: Self.day)
        let fromSubdistrict = Self.subdistrictTemplate.changes(for: zone, kind: .other, from: Self.day)
        // check
        #expect(fromTown.isEmpty)
        #expect(fromSubdistrict.isEmpty)
    }

    @Test(
        "units classified by name get the template of their kind",
        arguments: [
            ("白马镇", "510104100000", ["ZF-001", "ZF-002"]), ("青山乡", "510104200000", ["ZF-001", "ZF-002"]),
            ("城关街道", "510104001000", ["JD-001"]), ("高新技术产业开发区", "510104100000", []),
        ])
    func classifiedUnits(name: String, code: String, items: [String]) {
        // setup
        let region = Fixture.region(code)
        let kind = TownshipKind.classify(code: region, name: name)
        // act
        let changes = [Self.townTemplate, Self.subdistrictTemplate].flatMap {
            $0.changes(for: region, kind: kind, from: Self.day)
        }
        // check
        #expect(addedItems(changes) == items)
    }

    @Test("the template's changes pass the ledger's rules for the statutory list")
    func templateChangesAreLegal() throws {
        // setup
        var history = History()
        let changes = Self.townTemplate.changes(for: Fixture.town, kind: .town, from: Self.day)
        let issuance = Fixture.decision("大安府发〔2023〕1号", date: "2023-06-15", kind: .listIssuance)
        // act
        for change in changes { try history.apply(change, citation: .decision(issuance), at: Fixture.t1) }
        // check
        #expect(history.current.map(\.itemCode) == ["ZF-001", "ZF-002"])
        #expect(history.current.allSatisfy { $0.list == .statutory && $0.mode == .statutory })
        #expect(history.current.allSatisfy { $0.decision == issuance.number })
    }
}
