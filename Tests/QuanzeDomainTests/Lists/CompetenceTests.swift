import Foundation
import Testing

@testable import QuanzeDomain

/// The level rule (实施层级): 法定 only for what the law gives to that kind of unit, 赋权/委托 only for a county
/// department's power; and who acts and answers for an entry (`EntryStanding`).
@Suite("Competence")
struct CompetenceTests {
    static let organic76 = ArticleRef(
        law: "地方各级人民代表大会和地方各级人民政府组织法", version: Fixture.day("2022-03-11"), article: 76)
    static let organic86 = ArticleRef(
        law: "地方各级人民代表大会和地方各级人民政府组织法", version: Fixture.day("2022-03-11"), article: 86)
    static let safety9 = ArticleRef(law: "安全生产法", version: Fixture.day("2021-06-10"), article: 9)

    static func item(_ level: CompetentLevel, code: String = "XM-001") -> PowerItem {
        var item = Fixture.item(code)
        item.competentLevel = level
        item.levelBasis =
            switch level {
            case .county: []
            case .township: [safety9, organic76, organic86]
            case .town: [organic76]
            case .subdistrict: [organic86]
            }
        return item
    }

    /// Written out by hand from 地方组织法 第76、86条: which level is a unit's own power, per kind of unit.
    static let ownByLaw: Set<String> = [
        "township|town", "township|township", "township|subdistrict",
        "town|town", "town|township",
        "subdistrict|subdistrict",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var kind: TownshipKind
        var level: CompetentLevel
        var mode: AssignmentMode
        var testDescription: String { "\(kind.label) × \(level.rawValue) × \(mode.label)" }
    }

    static let matrix: [Case] = TownshipKind.allCases.flatMap { kind in
        CompetentLevel.allCases.flatMap { level in
            AssignmentMode.allCases.map { Case(kind: kind, level: level, mode: $0) }
        }
    }

    @Test("every kind of unit × competent level × mode: allowed exactly as the statutes say", arguments: matrix)
    func matrixOfLevels(_ c: Case) {
        // setup
        let item = Self.item(c.level)
        let own = Self.ownByLaw.contains("\(c.level.rawValue)|\(c.kind.rawValue)")
        // act
        let result = Result { () throws(ListFailure) in
            try Competence.check(mode: c.mode, list: .enforcement, item: item, township: c.kind)
        }
        // check
        switch (c.mode, c.level) {
        case (.statutory, _) where own:
            #expect(throws: Never.self) { try result.get() }
        case (.statutory, .county):
            #expect(
                result.failure
                    == .notOwnPower(
                        itemCode: "XM-001", itemName: item.name, holder: "区县部门（区农业农村局）", basis: item.legalBases,
                        kind: c.kind, delegable: true))
        case (.statutory, _):
            #expect(
                result.failure
                    == .notOwnPower(
                        itemCode: "XM-001", itemName: item.name, holder: c.level.label, basis: item.levelBasis,
                        kind: c.kind, delegable: false))
        case (_, .county):
            #expect(throws: Never.self) { try result.get() }
        default:
            #expect(
                result.failure
                    == .notCountyPower(
                        itemCode: "XM-001", itemName: item.name, mode: c.mode, holder: c.level.label,
                        basis: item.levelBasis, kind: c.kind, own: own))
        }
    }

    @Test("the rule holds on every power list; the territorial list, which transfers no power, is exempt")
    func listsCovered() {
        let county = Self.item(.county)
        for list in ListKind.allCases {
            let result = Result { () throws(ListFailure) in
                try Competence.check(mode: .statutory, list: list, item: county, township: .town)
            }
            #expect((result.failure == nil) == (list == .territorial), "\(list)")
        }
    }

    @Test("the Chinese messages name the statutes from the item's data")
    func messages() throws {
        // a county department's penalty as 法定 on a 镇
        let county = Result { () throws(ListFailure) in
            try Competence.check(mode: .statutory, list: .enforcement, item: Self.item(.county), township: .town)
        }
        #expect(
            county.failure?.message
                == "事项“对畜禽品种违法行为的处罚”（XM-001）依《畜牧法》（2015年4月24日版）第61条由区县部门（区农业农村局）行使，不是镇的法定职权，不能以“法定”方式列入；区县部门的职权只能依赋权或委托决定、以该方式列入镇街清单"
        )
        // a 乡镇 power as 法定 on a 街道
        let town = Result { () throws(ListFailure) in
            try Competence.check(mode: .statutory, list: .statutory, item: Self.item(.town), township: .subdistrict)
        }
        #expect(
            town.failure?.message
                == "事项“对畜禽品种违法行为的处罚”（XM-001）依《地方各级人民代表大会和地方各级人民政府组织法》（2022年3月11日版）第76条由乡镇人民政府行使，不是街道的法定职权，不能以“法定”方式列入"
        )
        // a unit's own power 委托 to it
        let own = Result { () throws(ListFailure) in
            try Competence.check(
                mode: .entrusted, list: .approval, item: Self.item(.subdistrict), township: .subdistrict)
        }
        #expect(
            own.failure?.message
                == "事项“对畜禽品种违法行为的处罚”（XM-001）依《地方各级人民代表大会和地方各级人民政府组织法》（2022年3月11日版）第86条是街道自己的法定职权，应以“法定”方式列入，不能委托"
        )
        // a 街道 power 赋权 to a 镇
        let foreign = Result { () throws(ListFailure) in
            try Competence.check(mode: .granted, list: .empowerment, item: Self.item(.subdistrict), township: .town)
        }
        #expect(
            foreign.failure?.message
                == "事项“对畜禽品种违法行为的处罚”（XM-001）依《地方各级人民代表大会和地方各级人民政府组织法》（2022年3月11日版）第86条由街道办事处行使，不是区县部门的职权，区县不能将其赋权给镇"
        )
    }

    // MARK: - through the ledger (every writer goes through it)

    private func apply(
        _ change: ListChange, item: PowerItem, kind: TownshipKind, current: [Assignment] = [],
        citation: Citation = .decision(Fixture.decision())
    ) -> Result<ListMutation, ListFailure> {
        Result { () throws(ListFailure) in
            try ListLedger.apply(
                change, county: Fixture.county, current: current, item: item, citation: citation,
                recordedAt: Fixture.t1, newId: IdSequence().next, townshipKind: kind)
        }
    }

    @Test("the ledger refuses a 法定 addition of a county power and accepts it as 赋权 on a decision")
    func ledgerAdd() throws {
        let add = { (mode: AssignmentMode) -> ListChange in
            .add(
                township: Fixture.town, itemCode: "XM-001", list: .enforcement, terms: .init(mode: mode),
                from: Fixture.day("2023-07-01"), until: nil)
        }
        let county = Self.item(.county)
        #expect(
            apply(add(.statutory), item: county, kind: .town).failure
                == .notOwnPower(
                    itemCode: "XM-001", itemName: county.name, holder: "区县部门（区农业农村局）", basis: county.legalBases,
                    kind: .town, delegable: true))
        let granted = try apply(add(.granted), item: county, kind: .town).get()
        #expect(granted.inserted.map(\.mode) == [.granted])
        let own = try apply(add(.statutory), item: Self.item(.township), kind: .town).get()
        #expect(own.inserted.map(\.mode) == [.statutory])
    }

    @Test("changing an entry's mode by an amendment or a 勘误 meets the same rule; other changes keep it")
    func ledgerAmendAndRewrite() throws {
        let county = Self.item(.county)
        let entry = Fixture.version(id: "e1", list: .enforcement, mode: .granted, from: "2023-06-01")
        let refused = ListFailure.notOwnPower(
            itemCode: "XM-001", itemName: county.name, holder: "区县部门（区农业农村局）", basis: county.legalBases, kind: .town,
            delegable: true)
        #expect(
            apply(
                .amend(entryId: "e1", terms: .init(mode: .statutory), from: Fixture.day("2023-08-01")), item: county,
                kind: .town, current: [entry]
            ).failure == refused)
        #expect(
            apply(
                .rewrite(
                    entryId: "e1", terms: .init(mode: .statutory), validFrom: Fixture.day("2023-06-01"), validTo: nil),
                item: county, kind: .town, current: [entry], citation: .correction(reason: "录入方式有误")
            ).failure == refused)
        let entrusted = try apply(
            .amend(entryId: "e1", terms: .init(mode: .entrusted, partner: "区农业农村局"), from: Fixture.day("2023-08-01")),
            item: county, kind: .town, current: [entry]
        ).get()
        #expect(entrusted.inserted.map(\.mode) == [.granted, .entrusted])
    }

    @Test(
        "a department may propose handing down only a county power: a township's own power is refused before any order",
        arguments: [CompetentLevel.township, .town, .subdistrict])
    func proposalRefusesOwnPower(_ level: CompetentLevel) throws {
        let grounds = try GroundsFixture.table()
        for mode in [DelegationMode.granted, .entrusted] {
            let item = Self.item(level)
            let result = Result { () throws(DelegationFailure) in
                try Proposal.propose(
                    id: "P1", county: Fixture.county, item: item, by: Cast.department, departmentName: "区农业农村局",
                    mode: mode, reasons: "镇街就近办理", expectedYearlyVolume: 1, catalogue: Cast.catalogue, grounds: grounds,
                    at: Fixture.t0)
            }
            #expect(
                result.failure
                    == .competence(
                        .notCountyPower(
                            itemCode: "XM-001", itemName: item.name, mode: mode.assignmentMode, holder: level.label,
                            basis: item.levelBasis, kind: nil, own: false)))
            #expect(
                result.failure?.message
                    == "事项“对畜禽品种违法行为的处罚”（XM-001）依\(item.levelBasis.map(\.display).joined(separator: "、"))由\(level.label)行使，不是区县部门的职权，区县不能将其\(mode.assignmentMode.label)给镇街"
            )
        }
        let county = Result { () throws(DelegationFailure) in
            try Proposal.propose(
                id: "P2", county: Fixture.county, item: Self.item(.county), by: Cast.department,
                departmentName: "区农业农村局", mode: .granted, reasons: "镇街就近办理", expectedYearlyVolume: 1,
                catalogue: Cast.catalogue, grounds: grounds, at: Fixture.t0)
        }
        #expect(county.failure == nil)
    }

    // MARK: - 行使名义 and 法律责任主体

    @Test("法定 and 赋权 in the unit's own name and at its own liability; 委托 in the entrusting department's")
    func standing() {
        let statutory = Fixture.version(id: "a", list: .statutory, mode: .statutory, from: "2023-06-01")
        let granted = Fixture.version(id: "b", list: .enforcement, mode: .granted, from: "2023-06-01")
        let entrusted = Fixture.version(
            id: "c", list: .enforcement, mode: .entrusted, partner: "区应急管理局", from: "2023-06-01")
        let unnamed = Fixture.version(id: "d", list: .enforcement, mode: .entrusted, from: "2023-06-01")
        #expect(
            EntryStanding.of(statutory, townshipName: "白马镇", department: "区农业农村局")
                == EntryStanding(actingName: "白马镇", liableBody: "白马镇"))
        #expect(
            EntryStanding.of(granted, townshipName: "白马镇", department: "区农业农村局")
                == EntryStanding(actingName: "白马镇", liableBody: "白马镇"))
        #expect(
            EntryStanding.of(entrusted, townshipName: "白马镇", department: "区农业农村局")
                == EntryStanding(actingName: "区应急管理局", liableBody: "区应急管理局"))
        #expect(
            EntryStanding.of(unnamed, townshipName: "白马镇", department: "区农业农村局")
                == EntryStanding(actingName: "区农业农村局", liableBody: "区农业农村局"))
    }

    @Test("the public reads 本机关名义 for 法定 and 赋权, 委托机关名义 for 委托")
    func nameLabel() {
        #expect(EntryStanding.nameLabel(.statutory) == "本机关名义")
        #expect(EntryStanding.nameLabel(.granted) == "本机关名义")
        #expect(EntryStanding.nameLabel(.entrusted) == "委托机关名义")
    }

    @Test(
        "levels read from keys and Chinese names",
        arguments: [
            ("county", CompetentLevel.county), ("区县部门", .county), ("township", .township),
            ("乡镇人民政府和街道办事处", .township), ("镇街", .township), ("Town", .town), ("乡镇", .town),
            ("subdistrict", .subdistrict), ("街道", .subdistrict),
        ])
    func parsing(_ text: String, _ level: CompetentLevel) {
        #expect(CompetentLevel(text: text) == level)
    }

    @Test("an unknown level is not read")
    func unknownLevel() {
        #expect(CompetentLevel(text: "市级") == nil)
    }
}
