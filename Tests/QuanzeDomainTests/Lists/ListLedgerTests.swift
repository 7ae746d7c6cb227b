import Foundation
import Testing

@testable import QuanzeDomain

@Suite("ListLedger")
struct ListLedgerTests {
    /// 大安编发〔2023〕5号 of 2023-06-01: the decision that put the entries on the lists.
    static let d1 = Fixture.decision("大安编发〔2023〕5号", date: "2023-06-01")
    /// 大安编发〔2023〕9号 of 2023-12-01: a later adjustment.
    static let d2 = Fixture.decision("大安编发〔2023〕9号", date: "2023-12-01", kind: .adjustment)
    /// A decision of the neighbouring county.
    static let foreign = Fixture.decision("邻区编发〔2023〕1号", county: Fixture.otherCounty)
    static let partner = "区农业农村局"

    /// Runs the ledger with the pinned clock (`Fixture.t1`) and the given id sequence.
    private func run(
        _ change: ListChange, current: [Assignment] = [], item: PowerItem? = nil,
        citation: Citation = .decision(ListLedgerTests.d1), ids: IdSequence = IdSequence()
    ) -> Result<ListMutation, ListFailure> {
        Result { () throws(ListFailure) in
            try ListLedger.apply(
                change, county: Fixture.county, current: current, item: item, citation: citation,
                recordedAt: Fixture.t1, newId: ids.next)
        }
    }

    private func add(
        item: String = "XM-001", list: ListKind = .empowerment, terms: Assignment.Terms = .init(mode: .granted),
        from: String = "2023-07-01", until: String? = nil, township: RegionCode = Fixture.town
    ) -> ListChange {
        .add(
            township: township, itemCode: item, list: list, terms: terms, from: Fixture.day(from),
            until: until.map(Fixture.day))
    }

    // MARK: - add

    @Test("add with a decision records one new entry stamped with the clock, the id and the decision")
    func addWithDecision() throws {
        // setup
        let ids = IdSequence()
        let change = add(from: "2023-07-01", until: "2024-07-01")
        // act
        let mutation = try run(change, item: Fixture.item(), ids: ids).get()
        // check
        let expected = Assignment(
            id: "n1", entryId: "n1", county: Fixture.county, township: Fixture.town, itemCode: "XM-001",
            list: .empowerment, mode: .granted, decision: Self.d1.number, validFrom: Fixture.day("2023-07-01"),
            validTo: Fixture.day("2024-07-01"), recordedAt: Fixture.t1)
        #expect(mutation == ListMutation(superseded: [], inserted: [expected]))
        #expect(ids.issued == ["n1"])
    }

    @Test("add of a 法定 entry by correction needs no decision, keeps the trimmed reason and may start on any day")
    func addWithCorrection() throws {
        // setup
        let citation = Citation.correction(reason: "  录入时遗漏本条  ")
        // act
        let mutation = try run(
            add(list: .statutory, terms: .init(mode: .statutory), from: "2020-01-01"), citation: citation
        ).get()
        // check
        let inserted = try #require(mutation.inserted.first)
        #expect(mutation.inserted.count == 1)
        #expect(inserted.decision == nil)
        #expect(inserted.correctionReason == "录入时遗漏本条")
        #expect(inserted.validFrom.iso == "2020-01-01")
        #expect(inserted.validTo == nil)
    }

    @Test(
        "a correction reason shorter than six characters (spaces not counted) is refused",
        arguments: [
            "", "错误", "  abc  ", "\u{3000}勘误\u{3000}", "录入\n", "录入错误", "日期 录 入错", " 笔误了吧 ",
        ])
    func correctionReasonTooShort(reason: String) {
        // setup
        let citation = Citation.correction(reason: reason)
        // act
        let result = run(add(), citation: citation)
        // check
        #expect(throws: ListFailure.correctionNeedsReason) { try result.get() }
    }

    @Test("a correction reason of exactly six characters is enough")
    func correctionReasonOfSixCharacters() throws {
        // setup
        let citation = Citation.correction(reason: " 日期录入有误 ")
        // act
        let mutation = try run(add(list: .statutory, terms: .init(mode: .statutory)), citation: citation).get()
        // check
        #expect(Citation.minimumReasonLength == 6)
        #expect(mutation.inserted.map(\.correctionReason) == ["日期录入有误"])
    }

    @Test(
        "a 勘误 never adds a delegated entry: 赋权 and 委托 need a decision", arguments: [AssignmentMode.granted, .entrusted])
    func correctionCannotAddDelegated(mode: AssignmentMode) {
        // setup
        let citation = Citation.correction(reason: "补录遗漏的下放事项")
        // act
        let onEmpowerment = run(add(terms: .init(mode: mode)), citation: citation)
        let onEnforcement = run(add(list: .enforcement, terms: .init(mode: mode)), citation: citation)
        let withDecision = run(add(terms: .init(mode: mode)), item: Fixture.item(), citation: .decision(Self.d1))
        // check
        #expect(throws: ListFailure.correctionCannotDelegate(itemCode: "XM-001", mode: mode)) {
            try onEmpowerment.get()
        }
        #expect(throws: ListFailure.correctionCannotDelegate(itemCode: "XM-001", mode: mode)) {
            try onEnforcement.get()
        }
        #expect((try? withDecision.get())?.inserted.map(\.mode) == [mode])
        #expect(
            ListFailure.correctionCannotDelegate(itemCode: "XM-001", mode: mode).message
                == "勘误只能更正已有条目的录入错误，不能以勘误新增或改为\(mode.label)条目（事项 XM-001）；\(mode.label)须依据\(mode == .granted ? "赋权决定" : "委托书")的文号办理"
        )
    }

    @Test("a 勘误 never turns a 法定 entry, or one recorded by correction, into a delegated one")
    func correctionCannotTurnIntoDelegated() {
        // setup
        let statutory = Fixture.version(
            id: "s1", list: .enforcement, mode: .statutory, decision: nil, from: "2023-07-01")
        let byCorrection = Fixture.version(id: "c1", item: "XM-002", decision: nil, from: "2023-07-01")
        let citation = Citation.correction(reason: "方式录入有误，应为委托")
        // act
        let amended = run(
            .amend(
                entryId: "s1", terms: .init(mode: .entrusted, partner: Self.partner), from: Fixture.day("2023-08-01")),
            current: [statutory], citation: citation)
        let rewritten = run(
            .rewrite(entryId: "s1", terms: .init(mode: .granted), validFrom: Fixture.day("2023-07-01"), validTo: nil),
            current: [statutory], citation: citation)
        let fromCorrection = run(
            .rewrite(entryId: "c1", terms: .init(mode: .entrusted), validFrom: Fixture.day("2023-07-01"), validTo: nil),
            current: [byCorrection], citation: citation)
        let byDecision = run(
            .amend(
                entryId: "s1", terms: .init(mode: .entrusted, partner: Self.partner), from: Fixture.day("2023-08-01")),
            current: [statutory], citation: .decision(Self.d1))
        // check
        #expect(throws: ListFailure.correctionCannotDelegate(itemCode: "XM-001", mode: .entrusted)) {
            try amended.get()
        }
        #expect(throws: ListFailure.correctionCannotDelegate(itemCode: "XM-001", mode: .granted)) {
            try rewritten.get()
        }
        #expect(throws: ListFailure.correctionCannotDelegate(itemCode: "XM-002", mode: .entrusted)) {
            try fromCorrection.get()
        }
        #expect((try? byDecision.get())?.inserted.last?.mode == .entrusted)
    }

    @Test("a 勘误 may correct a delegated entry's mode or dates when the entry stands on a decision")
    func correctionOfDecidedDelegatedEntry() throws {
        // setup
        let granted = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let mutation = try run(
            .rewrite(entryId: "a1", terms: .init(mode: .entrusted), validFrom: Fixture.day("2023-07-15"), validTo: nil),
            current: [granted], citation: .correction(reason: "方式录入有误，文件为委托")
        ).get()
        // check
        #expect(mutation.inserted.map(\.mode) == [.entrusted])
        #expect(mutation.inserted.map(\.decision) == [Self.d1.number])
        #expect(mutation.inserted.map(\.correctionReason) == ["方式录入有误，文件为委托"])
    }

    @Test("a decision of another county cannot change this county's lists")
    func addWithForeignDecision() {
        // setup
        let citation = Citation.decision(Self.foreign)
        // act
        let result = run(add(), citation: citation)
        // check
        #expect(throws: ListFailure.decisionNotForCounty(number: "邻区编发〔2023〕1号")) { try result.get() }
    }

    @Test("an entry cannot take effect before the decision's date")
    func addBeforeDecisionDate() {
        // setup
        let change = add(from: "2023-05-31")
        // act
        let result = run(change)
        // check
        #expect(
            throws: ListFailure.effectiveBeforeDecision(
                decision: Self.d1.number, decisionDate: Fixture.day("2023-06-01"), from: Fixture.day("2023-05-31"))
        ) { try result.get() }
    }

    @Test("an entry may take effect on the decision's own date")
    func addOnDecisionDate() throws {
        // setup
        let change = add(from: "2023-06-01")
        // act
        let mutation = try run(change).get()
        // check
        #expect(mutation.inserted.map(\.validFrom) == [Fixture.day("2023-06-01")])
    }

    @Test("an end day on or before the start day is an empty period", arguments: ["2023-07-01", "2023-06-30"])
    func addEmptyPeriod(until: String) {
        // setup
        let change = add(from: "2023-07-01", until: until)
        // act
        let result = run(change)
        // check
        #expect(throws: ListFailure.emptyPeriod(from: Fixture.day("2023-07-01"), until: Fixture.day(until))) {
            try result.get()
        }
    }

    @Test(
        "periods of the same item on the same list of the same unit may not overlap",
        arguments: [
            ("2023-07-01", nil, "2023-08-01", nil), ("2023-07-01", "2024-01-01", "2023-06-01", "2023-07-02"),
            ("2023-07-01", "2024-01-01", "2023-12-31", nil), ("2023-07-01", "2024-01-01", "2023-06-15", "2025-01-01"),
            ("2023-07-01", nil, "2023-06-01", nil), ("2023-07-01", "2024-01-01", "2023-07-01", "2024-01-01"),
        ] as [(String, String?, String, String?)])
    func addOverlapping(existingFrom: String, existingTo: String?, from: String, until: String?) {
        // setup
        let existing = Fixture.version(id: "a1", from: existingFrom, to: existingTo)
        // act
        let result = run(add(from: from, until: until), current: [existing])
        // check
        #expect(
            throws: ListFailure.overlapping(
                itemCode: "XM-001", list: .empowerment, existingFrom: Fixture.day(existingFrom))
        ) { try result.get() }
    }

    @Test("touching periods, other lists, other units, other items and superseded versions do not overlap")
    func addNotOverlapping() throws {
        // setup
        let current = [
            Fixture.version(id: "a1", from: "2023-07-01", to: "2024-01-01"),
            Fixture.version(id: "a2", list: .enforcement, from: "2023-06-01"),
            Fixture.version(id: "a3", township: Fixture.subdistrict, from: "2023-06-01"),
            Fixture.version(id: "a4", item: "XM-002", from: "2023-06-01"),
            Fixture.version(id: "a5", from: "2023-06-01", supersededAt: Fixture.t0),
        ]
        // act
        let after = try run(add(from: "2024-01-01"), current: current).get()
        let before = try run(add(from: "2023-06-01", until: "2023-07-01"), current: current).get()
        // check
        #expect(after.inserted.map(\.validFrom) == [Fixture.day("2024-01-01")])
        #expect(before.inserted.map(\.validTo) == [Fixture.day("2023-07-01")])
        #expect(after.superseded.isEmpty && before.superseded.isEmpty)
    }

    @Test("a territorial entry needs a role")
    func territorialNeedsRole() {
        // setup
        let change = add(list: .territorial, terms: .init(mode: .statutory, role: nil, partner: Self.partner))
        // act
        let result = run(change)
        // check
        #expect(throws: ListFailure.territorialNeedsRole) { try result.get() }
    }

    @Test(
        "a territorial entry needs a partner department",
        arguments: [
            (TerritorialRole.primary, nil), (.cooperating, "  "), (.primary, ""),
        ] as [(TerritorialRole, String?)])
    func territorialNeedsPartner(role: TerritorialRole, partner: String?) {
        // setup
        let change = add(list: .territorial, terms: .init(mode: .statutory, role: role, partner: partner))
        // act
        let result = run(change)
        // check
        #expect(throws: ListFailure.partnerRequired(role)) { try result.get() }
    }

    @Test("a territorial entry with a role and a partner is recorded with both")
    func territorialWithRoleAndPartner() throws {
        // setup
        let terms = Assignment.Terms(mode: .statutory, role: .cooperating, partner: Self.partner)
        // act
        let mutation = try run(add(list: .territorial, terms: terms)).get()
        // check
        #expect(mutation.inserted.map(\.terms) == [terms])
        #expect(mutation.inserted.map(\.role) == [.cooperating])
        #expect(mutation.inserted.map(\.partner) == [Self.partner])
    }

    @Test(
        "a role belongs only on the territorial list",
        arguments: [ListKind.statutory, .empowerment, .approval, .enforcement])
    func roleOnlyForTerritorial(list: ListKind) {
        // setup
        let mode: AssignmentMode = list == .empowerment ? .granted : .statutory
        let change = add(list: list, terms: .init(mode: mode, role: .primary, partner: Self.partner))
        // act
        let result = run(change)
        // check
        #expect(throws: ListFailure.roleOnlyForTerritorial) { try result.get() }
    }

    @Test("the statutory list holds only statutory entries", arguments: [AssignmentMode.granted, .entrusted])
    func statutoryListNeedsStatutoryMode(mode: AssignmentMode) {
        // setup
        let change = add(list: .statutory, terms: .init(mode: mode))
        // act
        let result = run(change)
        // check
        #expect(throws: ListFailure.statutoryListNeedsStatutoryMode) { try result.get() }
    }

    @Test("an empowerment entry cannot be statutory")
    func empowermentCannotBeStatutory() {
        // setup
        let change = add(list: .empowerment, terms: .init(mode: .statutory))
        // act
        let result = run(change)
        // check
        #expect(throws: ListFailure.statutoryModeOnlyForStatutoryList) { try result.get() }
    }

    @Test(
        "the statutory mode is accepted on the statutory, approval and enforcement lists",
        arguments: [
            ListKind.statutory, .approval, .enforcement,
        ])
    func statutoryModeAccepted(list: ListKind) throws {
        // setup
        let change = add(list: list, terms: .init(mode: .statutory))
        // act
        let mutation = try run(change).get()
        // check
        #expect(mutation.inserted.map(\.mode) == [.statutory])
        #expect(mutation.inserted.map(\.list) == [list])
    }

    @Test(
        "a suspended or repealed item cannot be put on a list",
        arguments: [
            PowerItem.Status.suspended, .repealed,
        ])
    func itemNotActive(status: PowerItem.Status) {
        // setup
        let item = Fixture.item("XM-001", status: status)
        // act
        let result = run(add(), item: item)
        // check
        #expect(throws: ListFailure.itemNotActive("XM-001")) { try result.get() }
    }

    // MARK: - end

    @Test("end closes the entry on the day, cites the ending decision and keeps the adding one")
    func endWithDecision() throws {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        let ids = IdSequence()
        // act
        let mutation = try run(
            .end(entryId: "a1", on: Fixture.day("2024-01-01")), current: [existing], citation: .decision(Self.d2),
            ids: ids
        ).get()
        // check
        var expected = existing
        expected.id = "n1"
        expected.validTo = Fixture.day("2024-01-01")
        expected.endDecision = Self.d2.number
        expected.recordedAt = Fixture.t1
        #expect(mutation == ListMutation(superseded: ["a1"], inserted: [expected]))
        #expect(mutation.inserted.first?.decision == Self.d1.number)
        #expect(mutation.inserted.first?.entryId == "a1")
    }

    @Test("end by correction records the reason and no ending decision")
    func endWithCorrection() throws {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let mutation = try run(
            .end(entryId: "a1", on: Fixture.day("2023-08-01")), current: [existing],
            citation: .correction(reason: "终止日期录入遗漏")
        ).get()
        // check
        let ended = try #require(mutation.inserted.first)
        #expect(mutation.superseded == ["a1"])
        #expect(ended.validTo == Fixture.day("2023-08-01"))
        #expect(ended.endDecision == nil)
        #expect(ended.correctionReason == "终止日期录入遗漏")
    }

    @Test("end of an unknown or superseded entry is refused")
    func endUnknownEntry() {
        // setup
        let superseded = Fixture.version(id: "a1", from: "2023-07-01", supersededAt: Fixture.t0)
        let change = ListChange.end(entryId: "a1", on: Fixture.day("2024-01-01"))
        // act
        let withNothing = run(change, current: [])
        let withSuperseded = run(change, current: [superseded])
        // check
        #expect(throws: ListFailure.unknownEntry("a1")) { try withNothing.get() }
        #expect(throws: ListFailure.unknownEntry("a1")) { try withSuperseded.get() }
    }

    @Test(
        "end must fall after the start and before the current end",
        arguments: ["2023-07-01", "2023-06-15", "2024-01-01", "2024-03-01"])
    func endOutsidePeriod(day: String) {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01", to: "2024-01-01")
        // act
        let result = run(.end(entryId: "a1", on: Fixture.day(day)), current: [existing])
        // check
        #expect(throws: ListFailure.endOutsidePeriod(entryId: "a1", day: Fixture.day(day))) { try result.get() }
    }

    @Test("end may bring a fixed end day forward to the day before it")
    func endBringsEndForward() throws {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01", to: "2024-01-01")
        // act
        let mutation = try run(.end(entryId: "a1", on: Fixture.day("2023-12-31")), current: [existing]).get()
        // check
        #expect(mutation.inserted.map(\.validTo) == [Fixture.day("2023-12-31")])
    }

    @Test("end cannot take effect before the ending decision's date")
    func endBeforeDecisionDate() {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let result = run(
            .end(entryId: "a1", on: Fixture.day("2023-11-30")), current: [existing], citation: .decision(Self.d2))
        // check
        #expect(
            throws: ListFailure.effectiveBeforeDecision(
                decision: Self.d2.number, decisionDate: Fixture.day("2023-12-01"), from: Fixture.day("2023-11-30"))
        ) { try result.get() }
    }

    @Test("end cannot cite another county's decision or a too-short correction")
    func endWithBadCitation() {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        let change = ListChange.end(entryId: "a1", on: Fixture.day("2024-01-01"))
        // act
        let foreign = run(change, current: [existing], citation: .decision(Self.foreign))
        let short = run(change, current: [existing], citation: .correction(reason: "错了"))
        // check
        #expect(throws: ListFailure.decisionNotForCounty(number: Self.foreign.number)) { try foreign.get() }
        #expect(throws: ListFailure.correctionNeedsReason) { try short.get() }
    }

    @Test("end before an amendment drops the later version and closes the earlier one")
    func endBeforeAmendment() throws {
        // setup
        let current = [
            Fixture.version(id: "a1", from: "2023-07-01", to: "2023-10-01"),
            Fixture.version(id: "a2", entryId: "a1", mode: .entrusted, from: "2023-10-01"),
        ]
        // act
        let mutation = try run(.end(entryId: "a1", on: Fixture.day("2023-09-01")), current: current).get()
        // check
        #expect(Set(mutation.superseded) == ["a1", "a2"])
        #expect(mutation.inserted.count == 1)
        #expect(mutation.inserted.first?.mode == .granted)
        #expect(mutation.inserted.first?.validFrom == Fixture.day("2023-07-01"))
        #expect(mutation.inserted.first?.validTo == Fixture.day("2023-09-01"))
    }

    @Test("end after an amendment closes only the version in force and leaves the earlier one alone")
    func endAfterAmendment() throws {
        // setup
        let current = [
            Fixture.version(id: "a1", from: "2023-07-01", to: "2023-10-01"),
            Fixture.version(id: "a2", entryId: "a1", mode: .entrusted, from: "2023-10-01"),
        ]
        // act
        let mutation = try run(
            .end(entryId: "a1", on: Fixture.day("2024-01-01")), current: current, citation: .decision(Self.d2)
        ).get()
        // check
        #expect(mutation.superseded == ["a2"])
        #expect(mutation.inserted.map(\.mode) == [.entrusted])
        #expect(mutation.inserted.map(\.validFrom) == [Fixture.day("2023-10-01")])
        #expect(mutation.inserted.map(\.validTo) == [Fixture.day("2024-01-01")])
        #expect(mutation.inserted.map(\.endDecision) == [Self.d2.number])
    }

    @Test("end on the day an amendment took effect drops the amended terms and cites the ending decision")
    func endOnAmendmentDay() throws {
        // setup
        let current = [
            Fixture.version(id: "a1", endDecision: Self.d1.number, from: "2023-07-01", to: "2024-01-01"),
            Fixture.version(id: "a2", entryId: "a1", mode: .entrusted, from: "2024-01-01"),
        ]
        // act
        let mutation = try run(
            .end(entryId: "a1", on: Fixture.day("2024-01-01")), current: current, citation: .decision(Self.d2)
        ).get()
        // check
        #expect(Set(mutation.superseded) == ["a1", "a2"])
        #expect(mutation.inserted.map(\.mode) == [.granted])
        #expect(mutation.inserted.map(\.validTo) == [Fixture.day("2024-01-01")])
        #expect(mutation.inserted.map(\.endDecision) == [Self.d2.number])
    }

    // MARK: - amend

    @Test("amend splits the entry: old terms until the day, new terms from it, both under the same entry")
    func amendSplits() throws {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        let ids = IdSequence()
        // act
        let mutation = try run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day("2024-01-01")), current: [existing],
            citation: .decision(Self.d2), ids: ids
        ).get()
        // check
        var before = existing
        before.id = "n1"
        before.validTo = Fixture.day("2024-01-01")
        before.endDecision = Self.d2.number
        before.recordedAt = Fixture.t1
        var after = existing
        after.id = "n2"
        after.mode = .entrusted
        after.validFrom = Fixture.day("2024-01-01")
        after.decision = Self.d2.number
        after.recordedAt = Fixture.t1
        #expect(mutation == ListMutation(superseded: ["a1"], inserted: [before, after]))
        #expect(ids.issued == ["n1", "n2"])
    }

    @Test("amend from the entry's first day replaces it without a 'before' part")
    func amendOnFirstDay() throws {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let mutation = try run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day("2023-07-01")), current: [existing]
        ).get()
        // check
        #expect(mutation.superseded == ["a1"])
        #expect(mutation.inserted.count == 1)
        #expect(mutation.inserted.first?.validFrom == Fixture.day("2023-07-01"))
        #expect(mutation.inserted.first?.mode == .entrusted)
    }

    @Test("amend keeps the entry's end day and the decision that ends it")
    func amendKeepsEnd() throws {
        // setup
        let existing = Fixture.version(
            id: "a1", endDecision: "大安编发〔2024〕3号", from: "2023-07-01", to: "2024-06-01")
        // act
        let mutation = try run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day("2024-01-01")), current: [existing],
            citation: .decision(Self.d2)
        ).get()
        // check
        let after = try #require(mutation.inserted.last)
        #expect(after.validTo == Fixture.day("2024-06-01"))
        #expect(after.endDecision == "大安编发〔2024〕3号")
    }

    @Test("amend by correction cites no decision on either part")
    func amendByCorrection() throws {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let mutation = try run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day("2023-08-01")), current: [existing],
            citation: .correction(reason: "方式录入有误")
        ).get()
        // check
        #expect(mutation.inserted.map(\.endDecision) == [nil, nil])
        #expect(mutation.inserted.map(\.decision) == [Self.d1.number, nil])
        #expect(mutation.inserted.last?.correctionReason == "方式录入有误")
    }

    @Test("amend with the same terms is refused as unchanged")
    func amendUnchanged() {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let result = run(
            .amend(entryId: "a1", terms: .init(mode: .granted), from: Fixture.day("2024-01-01")), current: [existing],
            citation: .decision(Self.d2))
        // check
        #expect(throws: ListFailure.unchanged(entryId: "a1")) { try result.get() }
    }

    @Test("amend of an unknown entry is refused")
    func amendUnknownEntry() {
        // setup
        let other = Fixture.version(id: "b1", from: "2023-07-01")
        // act
        let result = run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day("2024-01-01")), current: [other])
        // check
        #expect(throws: ListFailure.unknownEntry("a1")) { try result.get() }
    }

    @Test("amend must fall within the entry's period", arguments: ["2023-06-30", "2024-01-01", "2024-02-01"])
    func amendOutsidePeriod(day: String) {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01", to: "2024-01-01")
        // act
        let result = run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day(day)), current: [existing])
        // check
        #expect(throws: ListFailure.endOutsidePeriod(entryId: "a1", day: Fixture.day(day))) { try result.get() }
    }

    @Test("amend cannot take effect before the amending decision's date")
    func amendBeforeDecisionDate() {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let result = run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day("2023-09-01")), current: [existing],
            citation: .decision(Self.d2))
        // check
        #expect(
            throws: ListFailure.effectiveBeforeDecision(
                decision: Self.d2.number, decisionDate: Fixture.day("2023-12-01"), from: Fixture.day("2023-09-01"))
        ) { try result.get() }
    }

    @Test("amend cannot cite another county's decision")
    func amendWithForeignDecision() {
        // setup
        let existing = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let result = run(
            .amend(entryId: "a1", terms: .init(mode: .entrusted), from: Fixture.day("2024-01-01")), current: [existing],
            citation: .decision(Self.foreign))
        // check
        #expect(throws: ListFailure.decisionNotForCounty(number: Self.foreign.number)) { try result.get() }
    }

    @Test(
        "amend checks the new terms against the entry's list",
        arguments: [
            (
                ListKind.territorial, AssignmentMode.statutory, TerritorialRole.primary, "区农业农村局",
                Assignment.Terms(mode: .statutory, role: .primary, partner: nil), ListFailure.partnerRequired(.primary)
            ),
            (
                .territorial, .statutory, .primary, "区农业农村局", Assignment.Terms(mode: .statutory, partner: "区农业农村局"),
                .territorialNeedsRole
            ),
            (.statutory, .statutory, nil, nil, Assignment.Terms(mode: .granted), .statutoryListNeedsStatutoryMode),
            (.empowerment, .granted, nil, nil, Assignment.Terms(mode: .statutory), .statutoryModeOnlyForStatutoryList),
            (
                .enforcement, .entrusted, nil, nil,
                Assignment.Terms(mode: .entrusted, role: .primary, partner: "区农业农村局"),
                .roleOnlyForTerritorial
            ),
        ] as [(ListKind, AssignmentMode, TerritorialRole?, String?, Assignment.Terms, ListFailure)])
    func amendInvalidTerms(
        list: ListKind, mode: AssignmentMode, role: TerritorialRole?, partner: String?, terms: Assignment.Terms,
        failure: ListFailure
    ) {
        // setup
        let existing = Fixture.version(
            id: "a1", list: list, mode: mode, role: role, partner: partner, from: "2023-07-01")
        // act
        let result = run(
            .amend(entryId: "a1", terms: terms, from: Fixture.day("2024-01-01")), current: [existing],
            citation: .decision(Self.d2))
        // check
        #expect(throws: failure) { try result.get() }
    }

    // MARK: - withdraw

    @Test("withdraw finds the unit's entry for the item on the list and ends it")
    func withdrawEndsHolder() throws {
        // setup
        let current = [
            Fixture.version(id: "b1", item: "XM-002", from: "2023-07-01"),
            Fixture.version(id: "c1", township: Fixture.subdistrict, from: "2023-07-01"),
            Fixture.version(id: "d1", list: .enforcement, mode: .entrusted, from: "2023-07-01"),
            Fixture.version(id: "a1", from: "2023-07-01"),
        ]
        // act
        let mutation = try run(
            .withdraw(township: Fixture.town, itemCode: "XM-001", list: .empowerment, on: Fixture.day("2024-01-01")),
            current: current, citation: .decision(Self.d2)
        ).get()
        // check
        #expect(mutation.superseded == ["a1"])
        #expect(mutation.inserted.map(\.entryId) == ["a1"])
        #expect(mutation.inserted.map(\.validTo) == [Fixture.day("2024-01-01")])
        #expect(mutation.inserted.map(\.endDecision) == [Self.d2.number])
    }

    @Test(
        "withdraw of an item the unit does not hold on that list on that day is refused",
        arguments: [
            [], [Fixture.version(id: "a1", list: .enforcement, mode: .entrusted, from: "2023-07-01")],
            [Fixture.version(id: "a1", township: Fixture.subdistrict, from: "2023-07-01")],
            [Fixture.version(id: "a1", from: "2023-07-01", to: "2023-12-01")],
            [Fixture.version(id: "a1", from: "2023-07-01", to: "2024-01-01")],
            [Fixture.version(id: "a1", from: "2024-01-01")], [Fixture.version(id: "a1", from: "2024-02-01")],
            [Fixture.version(id: "a1", from: "2023-07-01", supersededAt: Fixture.t0)],
        ])
    func withdrawNotOnList(current: [Assignment]) {
        // setup
        let day = Fixture.day("2024-01-01")
        // act
        let result = run(
            .withdraw(township: Fixture.town, itemCode: "XM-001", list: .empowerment, on: day), current: current)
        // check
        #expect(throws: ListFailure.notOnList(itemCode: "XM-001", list: .empowerment, day: day)) { try result.get() }
    }

    @Test("withdraw on the day an amendment took effect ends the amended entry")
    func withdrawOnAmendmentDay() throws {
        // setup
        let current = [
            Fixture.version(id: "a1", from: "2023-07-01", to: "2024-01-01"),
            Fixture.version(id: "a2", entryId: "a1", mode: .entrusted, from: "2024-01-01"),
        ]
        // act
        let mutation = try run(
            .withdraw(township: Fixture.town, itemCode: "XM-001", list: .empowerment, on: Fixture.day("2024-01-01")),
            current: current, citation: .decision(Self.d2)
        ).get()
        // check
        #expect(mutation.superseded == ["a1", "a2"])
        #expect(mutation.inserted.map(\.id) == ["n1"])
        #expect(mutation.inserted.map(\.mode) == [.granted])
        #expect(mutation.inserted.map(\.validTo) == [Fixture.day("2024-01-01")])
        #expect(mutation.inserted.map(\.endDecision) == [Self.d2.number])
    }

    @Test("withdraw cannot take effect before the decision's date or cite another county's decision")
    func withdrawWithBadDecision() {
        // setup
        let current = [Fixture.version(id: "a1", from: "2023-07-01")]
        let early = ListChange.withdraw(
            township: Fixture.town, itemCode: "XM-001", list: .empowerment, on: Fixture.day("2023-11-01"))
        // act
        let beforeDecision = run(early, current: current, citation: .decision(Self.d2))
        let foreign = run(early, current: current, citation: .decision(Self.foreign))
        // check
        #expect(
            throws: ListFailure.effectiveBeforeDecision(
                decision: Self.d2.number, decisionDate: Fixture.day("2023-12-01"), from: Fixture.day("2023-11-01"))
        ) { try beforeDecision.get() }
        #expect(throws: ListFailure.decisionNotForCounty(number: Self.foreign.number)) { try foreign.get() }
    }

    // MARK: - rewrite

    @Test("rewrite replaces every version of the entry with one corrected version")
    func rewriteCollapses() throws {
        // setup
        let current = [
            Fixture.version(id: "a1", endDecision: Self.d2.number, from: "2023-07-01", to: "2024-01-01"),
            Fixture.version(
                id: "a2", entryId: "a1", mode: .entrusted, decision: Self.d2.number, endDecision: "大安编发〔2024〕3号",
                from: "2024-01-01", to: "2024-06-01"),
            Fixture.version(id: "b1", item: "XM-002", from: "2023-07-01"),
        ]
        let ids = IdSequence()
        // act
        let mutation = try run(
            .rewrite(
                entryId: "a1", terms: .init(mode: .entrusted), validFrom: Fixture.day("2023-07-15"), validTo: nil),
            current: current, citation: .correction(reason: "  生效日期录入有误 "), ids: ids
        ).get()
        // check
        let expected = Assignment(
            id: "n1", entryId: "a1", county: Fixture.county, township: Fixture.town, itemCode: "XM-001",
            list: .empowerment, mode: .entrusted, decision: Self.d1.number, endDecision: "大安编发〔2024〕3号",
            correctionReason: "生效日期录入有误", validFrom: Fixture.day("2023-07-15"), validTo: nil,
            recordedAt: Fixture.t1)
        #expect(mutation == ListMutation(superseded: ["a1", "a2"], inserted: [expected]))
        #expect(ids.issued == ["n1"])
    }

    @Test("rewrite is a correction only: a decision, even a valid one, is refused")
    func rewriteNeedsCorrection() {
        // setup
        let current = [Fixture.version(id: "a1", from: "2023-07-01")]
        let change = ListChange.rewrite(
            entryId: "a1", terms: .init(mode: .entrusted), validFrom: Fixture.day("2023-07-01"), validTo: nil)
        // act
        let withDecision = run(change, current: current, citation: .decision(Self.d1))
        let withForeign = run(change, current: current, citation: .decision(Self.foreign))
        let withShortReason = run(change, current: current, citation: .correction(reason: "笔误"))
        // check
        #expect(throws: ListFailure.rewriteNeedsCorrection) { try withDecision.get() }
        #expect(throws: ListFailure.decisionNotForCounty(number: Self.foreign.number)) { try withForeign.get() }
        #expect(throws: ListFailure.correctionNeedsReason) { try withShortReason.get() }
    }

    @Test("rewrite of an unknown entry is refused")
    func rewriteUnknownEntry() {
        // setup
        let current = [Fixture.version(id: "a1", from: "2023-07-01", supersededAt: Fixture.t0)]
        // act
        let result = run(
            .rewrite(entryId: "a1", terms: .init(mode: .granted), validFrom: Fixture.day("2023-07-01"), validTo: nil),
            current: current, citation: .correction(reason: "日期录入有误"))
        // check
        #expect(throws: ListFailure.unknownEntry("a1")) { try result.get() }
    }

    @Test("rewrite to an empty period is refused")
    func rewriteEmptyPeriod() {
        // setup
        let current = [Fixture.version(id: "a1", from: "2023-07-01")]
        // act
        let result = run(
            .rewrite(
                entryId: "a1", terms: .init(mode: .granted), validFrom: Fixture.day("2023-07-01"),
                validTo: Fixture.day("2023-07-01")),
            current: current, citation: .correction(reason: "日期录入有误"))
        // check
        #expect(throws: ListFailure.emptyPeriod(from: Fixture.day("2023-07-01"), until: Fixture.day("2023-07-01"))) {
            try result.get()
        }
    }

    @Test("rewrite may not overlap another entry for the same item on the same list")
    func rewriteOverlapping() throws {
        // setup
        let current = [
            Fixture.version(id: "a1", from: "2023-07-01", to: "2023-12-01"),
            Fixture.version(id: "b1", from: "2024-01-01"),
        ]
        let citation = Citation.correction(reason: "截止日期录入有误")
        // act
        let overlapping = run(
            .rewrite(entryId: "a1", terms: .init(mode: .granted), validFrom: Fixture.day("2023-07-01"), validTo: nil),
            current: current, citation: citation)
        let touching = run(
            .rewrite(
                entryId: "a1", terms: .init(mode: .granted), validFrom: Fixture.day("2023-07-01"),
                validTo: Fixture.day("2024-01-01")),
            current: current, citation: citation)
        // check
        #expect(
            throws: ListFailure.overlapping(
                itemCode: "XM-001", list: .empowerment, existingFrom: Fixture.day("2024-01-01"))
        ) { try overlapping.get() }
        #expect(try touching.get().superseded == ["a1"])
    }

    @Test("rewrite checks the corrected terms against the list")
    func rewriteInvalidTerms() {
        // setup
        let current = [Fixture.version(id: "a1", list: .statutory, mode: .statutory, from: "2023-07-01")]
        // act
        let result = run(
            .rewrite(entryId: "a1", terms: .init(mode: .granted), validFrom: Fixture.day("2023-07-01"), validTo: nil),
            current: current, citation: .correction(reason: "方式录入有误"))
        // check
        #expect(throws: ListFailure.statutoryListNeedsStatutoryMode) { try result.get() }
    }

    // MARK: - a story through the ledger

    @Test("add, amend, end: the history keeps every version and only the latest are current")
    func story() throws {
        // setup
        var history = History()
        // act
        try history.apply(add(from: "2023-07-01"), citation: .decision(Self.d1), at: Fixture.t1, item: Fixture.item())
        let entryId = try #require(history.current.first?.entryId)
        try history.apply(
            .amend(entryId: entryId, terms: .init(mode: .entrusted), from: Fixture.day("2023-12-01")),
            citation: .decision(Self.d2), at: Fixture.t2)
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "XM-001", list: .empowerment, on: Fixture.day("2024-03-01")),
            citation: .decision(Self.d2), at: Fixture.t3)
        // check
        let current = history.current.sorted { $0.validFrom < $1.validFrom }
        #expect(history.versions.count == 4)
        #expect(current.map(\.mode) == [.granted, .entrusted])
        #expect(current.map(\.validFrom.iso) == ["2023-07-01", "2023-12-01"])
        #expect(current.map { $0.validTo?.iso } == ["2023-12-01", "2024-03-01"])
        #expect(current.map(\.recordedAt) == [Fixture.t2, Fixture.t3])
        #expect(Set(history.versions.map(\.entryId)) == [entryId])
    }

    @Test("every failure explains itself differently, with its context")
    func failureMessages() {
        // setup
        let day = Fixture.day("2023-05-31")
        let failures: [ListFailure] = [
            .missingCitation, .correctionNeedsReason, .rewriteNeedsCorrection,
            .decisionNotForCounty(number: "X〔2023〕1号"),
            .effectiveBeforeDecision(decision: "X〔2023〕1号", decisionDate: Fixture.day("2023-06-01"), from: day),
            .emptyPeriod(from: day, until: day),
            .overlapping(itemCode: "XM-001", list: .territorial, existingFrom: day),
            .unknownEntry("a1"), .endOutsidePeriod(entryId: "a1", day: day), .territorialNeedsRole,
            .roleOnlyForTerritorial, .partnerRequired(.cooperating), .statutoryModeOnlyForStatutoryList,
            .statutoryListNeedsStatutoryMode, .unchanged(entryId: "a1"), .itemNotActive("XM-001"),
            .notOnList(itemCode: "XM-001", list: .approval, day: day),
        ]
        // act
        let messages = failures.map(\.message)
        // check
        #expect(Set(messages).count == failures.count)
        #expect(messages[4].contains("2023年5月31日") && messages[4].contains("2023年6月1日"))
        #expect(messages[6].contains("XM-001") && messages[6].contains("属地事项清单"))
        #expect(messages[11].contains("配合责任"))
        #expect(messages[16].contains("审批服务清单"))
    }
}
