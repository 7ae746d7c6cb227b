import Foundation
import Testing

@testable import QuanzeDomain

/// The 履行职责事项清单 derived from the five lists: every entry in force in exactly one line of 基本 or 配合, and the
/// items a take-back decision ended in 收回, with that decision.
@Suite("履行职责事项清单 derived from the lists")
struct DutyListTests {
    static let grant = Fixture.decision("大安府发〔2021〕11号", date: "2021-06-25", kind: .grantDecision)
    static let issuance = Fixture.decision("大安编发〔2021〕3号", date: "2021-04-16", kind: .listIssuance)
    static let recall = Fixture.decision("大安府办发〔2023〕14号", date: "2023-08-25", kind: .recall)
    static let adjustment = Fixture.decision("大安府发〔2023〕7号", date: "2023-06-16", kind: .adjustment)
    static let ruling = Fixture.decision("大安编发〔2023〕9号", date: "2023-05-10", kind: .disputeRuling)
    static let kinds = Dictionary(
        uniqueKeysWithValues: [grant, issuance, recall, adjustment, ruling].map { ($0.number, $0.kind) })

    static func add(
        _ item: String, _ list: ListKind, _ mode: AssignmentMode, role: TerritorialRole? = nil,
        partner: String? = nil, from: String = "2021-07-01", until: String? = nil
    ) -> ListChange {
        .add(
            township: Fixture.town, itemCode: item, list: list,
            terms: .init(mode: mode, role: role, partner: partner), from: Fixture.day(from),
            until: until.map(Fixture.day))
    }

    /// A township with one entry of every shape, all in force from mid-2021.
    static func township() throws -> History {
        var history = History()
        try history.apply(add("FD-1", .statutory, .statutory), citation: .decision(issuance), at: Fixture.t0)
        try history.apply(add("FD-1", .enforcement, .statutory), citation: .decision(issuance), at: Fixture.t0)
        try history.apply(
            add("SD-1", .territorial, .statutory, role: .primary, partner: "区应急管理局"), citation: .decision(issuance),
            at: Fixture.t0)
        try history.apply(
            add("SD-2", .territorial, .statutory, role: .cooperating, partner: "区自然资源局"),
            citation: .decision(issuance), at: Fixture.t0)
        try history.apply(
            add("SD-3", .territorial, .statutory, role: .cooperating, partner: "区生态环境局"),
            citation: .decision(issuance), at: Fixture.t0)
        try history.apply(add("FQ-1", .empowerment, .granted), citation: .decision(grant), at: Fixture.t0)
        try history.apply(add("FQ-1", .enforcement, .granted), citation: .decision(grant), at: Fixture.t0)
        try history.apply(
            add("WT-1", .empowerment, .entrusted, partner: "区农业农村局"), citation: .decision(grant), at: Fixture.t0)
        try history.apply(
            add("WT-1", .approval, .entrusted, partner: "区农业农村局"), citation: .decision(grant), at: Fixture.t0)
        return history
    }

    static func accounted(_ list: DutyList, versions: [Assignment], on day: Day, knownAt: Date? = nil) -> Bool {
        let lined = (list.basic + list.cooperating).flatMap(\.entries).map(\.id)
        let inForce = ListQuery.inForce(versions, on: day, knownAt: knownAt).map(\.id)
        return lined.count == Set(lined).count && Set(lined) == Set(inForce) && lined.count == inForce.count
    }

    @Test(
        "an entry is 配合 exactly when it is a territorial duty the township cooperates in",
        arguments: ListKind.allCases)
    func part(list: ListKind) {
        for mode in AssignmentMode.allCases {
            for role in [nil] + TerritorialRole.allCases.map(Optional.some) {
                // setup
                let entry = Fixture.version(id: "e", list: list, mode: mode, role: role, from: "2021-07-01")
                // act
                let part = DutyList.part(of: entry)
                // check
                let expected: DutyList.Part = list == .territorial && role == .cooperating ? .cooperating : .basic
                #expect(part == expected, "\(list) \(mode) \(String(describing: role))")
            }
        }
    }

    @Test("every entry in force stands in one line of 基本 or 配合; an item on several lists is one line")
    func everyEntryOnce() throws {
        // setup
        let history = try Self.township()
        let day = Fixture.day("2023-12-31")
        // act
        let list = DutyList.derive(history.versions, decisionKinds: Self.kinds, on: day)
        // check
        #expect(list.basic.map(\.itemCode) == ["FD-1", "FQ-1", "SD-1", "WT-1"])
        #expect(list.cooperating.map(\.itemCode) == ["SD-2", "SD-3"])
        #expect(list.recalled.isEmpty)
        #expect(Self.accounted(list, versions: history.versions, on: day))
        let fq = try #require(list.basic.first { $0.itemCode == "FQ-1" })
        #expect(fq.lists == [.empowerment, .enforcement])
        #expect(fq.modes == [.granted])
        #expect(fq.decisions == [Self.grant.number])
        #expect(fq.since == Fixture.day("2021-07-01"))
        let wt = try #require(list.basic.first { $0.itemCode == "WT-1" })
        #expect(wt.partners == ["区农业农村局"])
        #expect(wt.lists == [.empowerment, .approval])
        #expect(list.cooperating.map(\.partners) == [["区自然资源局"], ["区生态环境局"]])
        #expect(list.basic.first { $0.itemCode == "FD-1" }?.lists == [.statutory, .enforcement])
    }

    @Test("before the lists begin there is nothing in any part")
    func empty() throws {
        // setup
        let history = try Self.township()
        // act
        let list = DutyList.derive(history.versions, decisionKinds: Self.kinds, on: Fixture.day("2021-06-30"))
        // check
        #expect(list.basic.isEmpty && list.cooperating.isEmpty && list.recalled.isEmpty)
    }

    @Test(
        "a delegated item a recall or adjustment takes off every list is one 收回 line with that decision, from its day",
        arguments: [(recall, "2023-09-01"), (adjustment, "2023-07-01")])
    func recalled(decision: Decision, from: String) throws {
        // setup
        var history = try Self.township()
        let day = Fixture.day(from)
        for list in [ListKind.empowerment, .enforcement] {
            try history.apply(
                .withdraw(township: Fixture.town, itemCode: "FQ-1", list: list, on: day), citation: .decision(decision),
                at: Fixture.t1)
        }
        // act
        let before = DutyList.derive(history.versions, decisionKinds: Self.kinds, on: day.adding(days: -1))
        let after = DutyList.derive(history.versions, decisionKinds: Self.kinds, on: day)
        // check
        #expect(before.recalled.isEmpty)
        #expect(before.basic.map(\.itemCode).contains("FQ-1"))
        #expect(after.basic.map(\.itemCode) == ["FD-1", "SD-1", "WT-1"])
        #expect(after.recalled.count == 1)
        let line = try #require(after.recalled.first)
        #expect(line.itemCode == "FQ-1")
        #expect(line.recallDecision == decision.number)
        #expect(line.recalledOn == day)
        #expect(line.lists == [.empowerment, .enforcement])
        #expect(line.modes == [.granted])
        #expect(Self.accounted(after, versions: history.versions, on: day))
    }

    @Test(
        "an entry ended by a decision that takes nothing back (issuance, grant, ruling, unregistered) is not 收回",
        arguments: [issuance, grant, ruling])
    func otherEnds(decision: Decision) throws {
        // setup
        var history = try Self.township()
        let day = Fixture.day("2023-09-01")
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "WT-1", list: .approval, on: day),
            citation: .decision(decision), at: Fixture.t1)
        var unknown = Self.kinds
        unknown[Self.recall.number] = nil
        // act
        let list = DutyList.derive(history.versions, decisionKinds: Self.kinds, on: day)
        // check
        #expect(list.recalled.isEmpty)
        #expect(list.basic.first { $0.itemCode == "WT-1" }?.lists == [.empowerment])
        #expect(Self.accounted(list, versions: history.versions, on: day))
        var recalledUnregistered = try Self.township()
        try recalledUnregistered.apply(
            .withdraw(township: Fixture.town, itemCode: "WT-1", list: .approval, on: day),
            citation: .decision(Self.recall), at: Fixture.t1)
        #expect(DutyList.derive(recalledUnregistered.versions, decisionKinds: unknown, on: day).recalled.isEmpty)
    }

    @Test("a 法定 entry ended by an adjustment, a 勘误 end and an entrusted term that runs out are not 收回")
    func notTakenBack() throws {
        // setup
        var history = try Self.township()
        let day = Fixture.day("2023-09-01")
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "FD-1", list: .enforcement, on: day),
            citation: .decision(Self.adjustment), at: Fixture.t1)
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "FQ-1", list: .enforcement, on: day),
            citation: .correction(reason: "录入时误列入执法清单，应删除"), at: Fixture.t1)
        try history.apply(
            Self.add("WT-2", .approval, .entrusted, partner: "区农业农村局", from: "2022-01-01", until: "2023-01-01"),
            citation: .decision(Self.grant), at: Fixture.t1)
        // act
        let list = DutyList.derive(history.versions, decisionKinds: Self.kinds, on: day)
        // check
        #expect(list.recalled.isEmpty)
        #expect(list.basic.map(\.itemCode) == ["FD-1", "FQ-1", "SD-1", "WT-1"])
        #expect(Self.accounted(list, versions: history.versions, on: day))
    }

    @Test("an adjustment that amends an entry (赋权 to 委托) keeps it in 基本 and recalls nothing")
    func amendmentIsNoRecall() throws {
        // setup
        var history = try Self.township()
        let day = Fixture.day("2023-07-01")
        let entry = try #require(history.current.first { $0.itemCode == "FQ-1" && $0.list == .enforcement })
        try history.apply(
            .amend(entryId: entry.entryId, terms: .init(mode: .entrusted, partner: "区市场监督管理局"), from: day),
            citation: .decision(Self.adjustment), at: Fixture.t1)
        // act
        let list = DutyList.derive(history.versions, decisionKinds: Self.kinds, on: day)
        // check
        #expect(list.recalled.isEmpty)
        #expect(list.basic.first { $0.itemCode == "FQ-1" }?.modes == [.granted, .entrusted])
        #expect(Self.accounted(list, versions: history.versions, on: day))
    }

    @Test("an item given again after its recall is 基本, not 收回; a recall recorded later is unknown before it")
    func givenAgainAndRecordTime() throws {
        // setup
        var history = try Self.township()
        let recalledOn = Fixture.day("2023-09-01")
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "WT-1", list: .empowerment, on: recalledOn),
            citation: .decision(Self.recall), at: Fixture.t1)
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "WT-1", list: .approval, on: recalledOn),
            citation: .decision(Self.recall), at: Fixture.t1)
        let regrant = Fixture.decision("大安府发〔2023〕16号", date: "2023-11-10", kind: .grantDecision)
        try history.apply(
            Self.add("WT-1", .empowerment, .granted, from: "2023-11-10"), citation: .decision(regrant), at: Fixture.t2)
        var kinds = Self.kinds
        kinds[regrant.number] = regrant.kind
        // act
        let recalled = DutyList.derive(history.versions, decisionKinds: kinds, on: Fixture.day("2023-10-01"))
        let given = DutyList.derive(history.versions, decisionKinds: kinds, on: Fixture.day("2023-12-31"))
        let unknown = DutyList.derive(
            history.versions, decisionKinds: kinds, on: Fixture.day("2023-10-01"), knownAt: Fixture.t0)
        // check
        #expect(recalled.recalled.map(\.itemCode) == ["WT-1"])
        #expect(recalled.recalled.first?.entries.count == 2)
        #expect(given.recalled.isEmpty)
        #expect(given.basic.first { $0.itemCode == "WT-1" }?.decisions == [regrant.number])
        #expect(unknown.recalled.isEmpty)
        #expect(unknown.basic.first { $0.itemCode == "WT-1" }?.lists == [.empowerment, .approval])
        #expect(Self.accounted(unknown, versions: history.versions, on: Fixture.day("2023-10-01"), knownAt: Fixture.t0))
    }

    @Test("the three parts carry the national form's names", arguments: DutyList.Part.allCases)
    func labels(part: DutyList.Part) {
        // act
        let label = part.label
        // check
        #expect(label == ["basic": "基本履职事项", "cooperating": "配合履职事项", "recalled": "上级部门收回事项"][part.rawValue])
    }
}
