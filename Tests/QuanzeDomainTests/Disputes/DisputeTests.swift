import Foundation
import Testing

@testable import QuanzeDomain

/// Boundary disputes (issue 15 point 1): who may raise, answer, rule and withdraw in each state; the bare "已下放"
/// answer refused; overdue answers escalating; rule R8 counting repeated disputes per item.
@Suite("Disputes")
struct DisputeTests {
    static let rules = DisputeRules(
        answerDeadlineDays: 10, repeatedCount: 3, repeatedMonths: 12,
        source: RuleSource(document: "《某区职责边界争议处理办法》", wording: "争议由编办协调裁定"))
    static let township = DisputeParty(kind: .township, code: "510104100000", name: "白马镇")
    static let department = DisputeParty(kind: .department, code: "D-ZJ", name: "区住房和城乡建设局")
    static let townshipUser = Principal(
        username: "baima", role: .township, county: Fixture.county, organization: "510104100000",
        unit: "510104100000")
    static let departmentUser = Principal(
        username: "zhujian", role: .department, county: Fixture.county, organization: "D-ZJ")
    static let otherTownship = Principal(
        username: "heping", role: .township, county: Fixture.county, organization: "510104005000",
        unit: "510104005000")
    static let bianban = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "D-BB")
    static let raisedOn = Fixture.day("2024-03-01")

    static func raised(id: String = "ZY-0001", item: String? = "CF-1", on day: Day = raisedOn) throws -> Dispute {
        try Dispute.raise(
            id: id, county: Fixture.county, item: item.map { ($0, "对违法建设的处罚") }, matter: "某小区楼顶违法搭建",
            facts: "群众举报后镇街认为应由住建部门处理，住建部门认为已下放镇街", documents: ["某府发〔2021〕17号", " "],
            raisedBy: township, respondent: department, by: townshipUser, on: day, rules: rules, at: Fixture.t0)
    }

    @Test("a township raises a dispute against a department; the answer is due after the county's deadline")
    func raise() throws {
        let d = try Self.raised()
        #expect(d.state == .raised && d.deadline == Fixture.day("2024-03-11"))
        #expect(d.documents == ["某府发〔2021〕17号"])
        #expect(d.history.map(\.step) == ["提出争议"])
        #expect(!d.isOverdue(on: Fixture.day("2024-03-11")) && d.isOverdue(on: Fixture.day("2024-03-12")))
    }

    @Test("only a side's own account raises, never against itself, with a matter and facts")
    func raiseRefusals() {
        func raise(
            by p: Principal, as side: DisputeParty = Self.township, against other: DisputeParty = Self.department,
            matter: String = "事由", facts: String = "经过"
        ) -> DisputeFailure? {
            do {
                _ = try Dispute.raise(
                    id: "X", county: Fixture.county, item: nil, matter: matter, facts: facts, documents: [],
                    raisedBy: side, respondent: other, by: p, on: Self.raisedOn, rules: Self.rules, at: Fixture.t0)
                return nil
            } catch { return error }
        }
        #expect(raise(by: Self.bianban) == .wrongRole(step: "提出争议", needed: "镇街或区县部门"))
        #expect(raise(by: Self.otherTownship) == .notYourSide(step: "提出争议"))
        #expect(raise(by: Self.townshipUser, against: Self.township) == .sameSide)
        #expect(raise(by: Self.townshipUser, matter: "  ") == .emptyMatter)
        #expect(raise(by: Self.townshipUser, facts: "") == .emptyFacts)
        #expect(
            raise(by: Self.townshipUser, matter: String(repeating: "争", count: 101))
                == .tooLong(field: "争议事由", limit: 100))
        #expect(raise(by: Self.departmentUser, as: Self.department, against: Self.township) == nil)
    }

    @Test(
        "an answer that only says the power was handed down is refused",
        arguments: [
            ("已下放", true), ("该事项已下放镇街。", true), ("此事项已经赋权给街道了", true), ("已委托镇街，应由镇街负责", true),
            ("该事项已于2021年赋权镇街，但本案违法建设跨两个镇街，需区综合执法局牵头", false),
            ("我局负责技术认定，镇街负责现场制止和立案", false), ("不属于本局职责", false),
        ])
    func bareClaim(text: String, bare: Bool) {
        #expect(Dispute.isBareDelegationClaim(text) == bare)
    }

    @Test("the respondent answers; a bare claim, an empty reason or another side is refused")
    func answer() throws {
        let d = try Self.raised()
        let day = Fixture.day("2024-03-12")
        #expect(throws: DisputeFailure.bareDelegationClaim) {
            try d.answering(position: .declines, reasons: "已下放镇街", by: Self.departmentUser, on: day, at: Fixture.t0)
        }
        #expect(throws: DisputeFailure.emptyReasons) {
            try d.answering(position: .declines, reasons: " ", by: Self.departmentUser, on: day, at: Fixture.t0)
        }
        #expect(throws: DisputeFailure.notYourSide(step: "答复")) {
            try d.answering(position: .accepts, reasons: "本局负责", by: Self.townshipUser, on: day, at: Fixture.t0)
        }
        #expect(throws: DisputeFailure.dayBeforeRaised(day: Fixture.day("2024-02-01"), raised: Self.raisedOn)) {
            try d.answering(
                position: .accepts, reasons: "本局负责", by: Self.departmentUser, on: Fixture.day("2024-02-01"),
                at: Fixture.t0)
        }
        let answered = try d.answering(
            position: .shares, reasons: "我局负责技术认定，镇街负责现场制止和立案", by: Self.departmentUser, on: day, at: Fixture.t0)
        #expect(answered.state == .answered && answered.answer?.late == true && answered.answer?.position == .shares)
        #expect(throws: DisputeFailure.illegalTransition(from: "已答复，待编办裁定", event: "答复")) {
            try answered.answering(
                position: .accepts, reasons: "本局负责", by: Self.departmentUser, on: day, at: Fixture.t0)
        }
    }

    @Test("编办 rules once answered or overdue, naming parties of the dispute and a 文号")
    func rule() throws {
        let d = try Self.raised()
        let early = Fixture.day("2024-03-05")
        #expect(throws: DisputeFailure.answerOutstanding(deadline: Fixture.day("2024-03-11"))) {
            try d.ruling(
                primary: "D-ZJ", cooperating: [], basis: "依据", decision: "某编委〔2024〕3号", by: Self.bianban, on: early,
                at: Fixture.t0)
        }
        let overdue = Fixture.day("2024-03-20")
        #expect(throws: DisputeFailure.wrongRole(step: "裁定", needed: "编办")) {
            try d.ruling(
                primary: "D-ZJ", cooperating: [], basis: "依据", decision: "某编委〔2024〕3号", by: Self.townshipUser,
                on: overdue, at: Fixture.t0)
        }
        #expect(throws: DisputeFailure.notAParty("D-XX")) {
            try d.ruling(
                primary: "D-XX", cooperating: [], basis: "依据", decision: "某编委〔2024〕3号", by: Self.bianban,
                on: overdue, at: Fixture.t0)
        }
        #expect(throws: DisputeFailure.invalidNumber("某编委(2024)3号")) {
            try d.ruling(
                primary: "D-ZJ", cooperating: [], basis: "依据", decision: "某编委(2024)3号", by: Self.bianban,
                on: overdue, at: Fixture.t0)
        }
        #expect(throws: DisputeFailure.emptyBasis) {
            try d.ruling(
                primary: "D-ZJ", cooperating: [], basis: " ", decision: "某编委〔2024〕3号", by: Self.bianban,
                on: overdue, at: Fixture.t0)
        }
        let ruled = try d.ruling(
            primary: "D-ZJ", cooperating: ["510104100000", "D-ZJ", "510104100000"], basis: "技术认定属住建部门",
            decision: "某编委〔2024〕3号", by: Self.bianban, on: overdue, at: Fixture.t0)
        #expect(ruled.state == .ruled && ruled.ruling?.primary == Self.department)
        #expect(ruled.ruling?.cooperating == [Self.township])
        #expect(ruled.history.map(\.step) == ["提出争议", "裁定"])
        #expect(throws: DisputeFailure.illegalTransition(from: "已裁定", event: "撤回")) {
            try ruled.withdrawing(by: Self.townshipUser, at: Fixture.t0)
        }
    }

    @Test("what each account may do in each state", arguments: Dispute.State.allCases)
    func allowedEvents(state: Dispute.State) throws {
        var d = try Self.raised()
        d.state = state
        let inTime = Fixture.day("2024-03-05")
        let late = Fixture.day("2024-03-20")
        let open = !state.isFinal
        #expect(d.allowedEvents(for: Self.departmentUser, on: inTime) == (state == .raised ? [.answer] : []))
        #expect(d.allowedEvents(for: Self.townshipUser, on: inTime) == (open ? [.withdraw] : []))
        #expect(d.allowedEvents(for: Self.otherTownship, on: late) == [])
        #expect(d.allowedEvents(for: Self.bianban, on: inTime) == (state == .answered ? [.rule] : []))
        #expect(d.allowedEvents(for: Self.bianban, on: late) == (open ? [.rule] : []))
    }

    @Test("the county's settings are checked before they are stored")
    func rulesValidated() {
        var r = Self.rules
        #expect(throws: Never.self) { try r.validated() }
        r.answerDeadlineDays = 0
        #expect(throws: DisputeFailure.deadlineOutOfRange(0)) { try r.validated() }
        r = Self.rules
        r.repeatedCount = 1
        #expect(throws: DisputeFailure.repeatedCountOutOfRange(1)) { try r.validated() }
        r = Self.rules
        r.repeatedMonths = 40
        #expect(throws: DisputeFailure.repeatedMonthsOutOfRange(40)) { try r.validated() }
        r = Self.rules
        r.source.wording = " "
        #expect(throws: DisputeFailure.emptyRuleWording) { try r.validated() }
        r = Self.rules
        r.source.document = ""
        #expect(throws: DisputeFailure.emptyRuleDocument) { try r.validated() }
        #expect(Self.rules.isRegistered && !DisputeRules.unregistered.isRegistered)
        #expect(throws: DisputeFailure.emptyRuleDocument) { try DisputeRules.unregistered.validated() }
    }

    @Test("R8: three disputes on one item within twelve months, counted from the data")
    func repeated() throws {
        let asOf = Fixture.day("2024-12-31")
        let disputes = [
            try Self.raised(id: "ZY-1", on: Fixture.day("2024-01-01")),
            try Self.raised(id: "ZY-2", on: Fixture.day("2024-06-01")),
            try Self.raised(id: "ZY-3", on: Fixture.day("2024-12-31")),
            try Self.raised(id: "ZY-0", on: Fixture.day("2023-12-31")),
            try Self.raised(id: "ZY-4", item: "CF-2", on: Fixture.day("2024-05-01")),
            try Self.raised(id: "ZY-5", item: "CF-2", on: Fixture.day("2024-05-02")),
            try Self.raised(id: "ZY-6", item: nil, on: Fixture.day("2024-05-03")),
        ]
        let found = RepeatedDisputes.find(disputes, asOf: asOf, rules: Self.rules)
        #expect(found.map(\.itemCode) == ["CF-1"])
        #expect(found.first?.disputeIds == ["ZY-1", "ZY-2", "ZY-3"])
        #expect(found.first?.evidence == "2024年1月1日至2024年12月31日就该事项提出职责边界争议 3 件（ZY-1、ZY-2、ZY-3）")
        #expect(RepeatedDisputes.find(disputes, asOf: Fixture.day("2025-01-01"), rules: Self.rules) == [])
    }

    @Test("no step is dated after today")
    func notAhead() {
        let today = Fixture.day("2024-03-10")
        #expect(throws: Never.self) { try Dispute.check(today, step: "答复", today: today) }
        #expect(throws: DisputeFailure.dayAfterToday(step: "答复", day: Fixture.day("2024-03-11"), today: today)) {
            try Dispute.check(Fixture.day("2024-03-11"), step: "答复", today: today)
        }
        #expect(
            DisputeFailure.dayAfterToday(step: "裁定", day: Fixture.day("2024-03-11"), today: today).message
                == "裁定日期2024年3月11日晚于今天（2024年3月10日）")
    }

    // MARK: the ruling on the territorial list

    static let township2 = DisputeParty(kind: .township, code: "510104101000", name: "红星镇")
    static let bianbanDay = Fixture.day("2024-04-01")

    static func entry(_ township: DisputeParty, role: TerritorialRole, partner: String, item: String = "CF-1")
        -> Assignment
    {
        Assignment(
            id: "V-\(township.code)", entryId: "E-\(township.code)", county: Fixture.county,
            township: RegionCode(township.code)!, itemCode: item, list: .territorial, mode: .statutory, role: role,
            partner: partner, decision: "某府发〔2021〕17号", validFrom: Fixture.day("2021-01-01"), recordedAt: Fixture.t0)
    }

    static func ruled(
        _ d: Dispute, primary: String, cooperating: [String], on day: Day = bianbanDay
    ) throws -> Dispute {
        try d.ruling(
            primary: primary, cooperating: cooperating, basis: "依据清单", decision: "某编委〔2024〕3号", by: Self.bianban,
            on: day, at: Fixture.t0)
    }

    @Test("a ruling between a township and a department sets the township's territorial role from the ruling's day")
    func rulingOnTheList() throws {
        let d = try Self.raised()
        let town = RegionCode(Self.township.code)!
        // The township primary, the department cooperating, while the list said 配合: amended from the ruling's day.
        let held = Self.entry(Self.township, role: .cooperating, partner: Self.department.name)
        let primary = try Self.ruled(d, primary: Self.township.code, cooperating: [Self.department.code])
        #expect(
            primary.rulingChanges(current: [held]).changes == [
                .amend(
                    entryId: held.entryId,
                    terms: .init(mode: .statutory, role: .primary, partner: Self.department.name), from: Self.bianbanDay
                )
            ])
        #expect(primary.rulingChanges(current: [held]).lines == ["白马镇：主体责任（协同：区住房和城乡建设局）"])
        // The list already says what the ruling says: nothing changes.
        let same = Self.entry(Self.township, role: .primary, partner: Self.department.name)
        #expect(primary.rulingChanges(current: [same]).changes == [])
        #expect(primary.rulingChanges(current: [same]).lines == [])
        // No entry yet: the township gets one.
        #expect(
            primary.rulingChanges(current: []).changes == [
                .add(
                    township: town, itemCode: "CF-1", list: .territorial,
                    terms: .init(mode: .statutory, role: .primary, partner: Self.department.name),
                    from: Self.bianbanDay, until: nil)
            ])
        // The department primary and the township cooperating.
        let cooperating = try Self.ruled(d, primary: Self.department.code, cooperating: [Self.township.code])
        #expect(
            cooperating.rulingChanges(current: [same]).changes == [
                .amend(
                    entryId: same.entryId,
                    terms: .init(mode: .statutory, role: .cooperating, partner: Self.department.name),
                    from: Self.bianbanDay)
            ])
        // The department alone: the township's entry ends.
        let alone = try Self.ruled(d, primary: Self.department.code, cooperating: [])
        #expect(
            alone.rulingChanges(current: [same]).changes == [
                .withdraw(township: town, itemCode: "CF-1", list: .territorial, on: Self.bianbanDay)
            ])
        #expect(alone.rulingChanges(current: [same]).lines == ["白马镇：不再承担该事项的属地责任"])
        #expect(alone.rulingChanges(current: []).changes == [])
        // An entry of another item or list is not the township's entry for this item.
        let otherItem = Self.entry(Self.township, role: .primary, partner: Self.department.name, item: "CF-2")
        #expect(alone.rulingChanges(current: [otherItem]).changes == [])
    }

    @Test("between two townships each gets its part; a matter without an item or unruled changes no list")
    func rulingBetweenTownships() throws {
        let d = try Dispute.raise(
            id: "ZY-0009", county: Fixture.county, item: ("CF-1", "对违法建设的处罚"), matter: "两镇交界处违法搭建",
            facts: "搭建位于两镇交界，两镇均认为在对方辖区", documents: [], raisedBy: Self.township, respondent: Self.township2,
            by: Self.townshipUser, on: Self.raisedOn, rules: Self.rules, at: Fixture.t0)
        let ruled = try Self.ruled(d, primary: Self.township2.code, cooperating: [Self.township.code])
        let held = Self.entry(Self.township, role: .primary, partner: "区综合行政执法局")
        let (changes, lines) = ruled.rulingChanges(current: [held])
        #expect(
            changes == [
                .amend(
                    entryId: held.entryId,
                    terms: .init(mode: .statutory, role: .cooperating, partner: "区综合行政执法局"), from: Self.bianbanDay),
                .add(
                    township: RegionCode(Self.township2.code)!, itemCode: "CF-1", list: .territorial,
                    terms: .init(mode: .statutory, role: .primary, partner: "白马镇"), from: Self.bianbanDay, until: nil),
            ])
        #expect(lines == ["白马镇：配合责任（协同：区综合行政执法局）", "红星镇：主体责任（协同：白马镇）"])
        let matter = try Self.ruled(Self.raised(item: nil), primary: Self.township.code, cooperating: [])
        #expect(matter.rulingChanges(current: [held]).changes == [])
        #expect(try Self.raised().rulingChanges(current: [held]).changes == [])
    }

    @Test("R8 in the engine: a county-wide finding per item with its evidence, from the county's settings")
    func repeatedInTheEngine() throws {
        let disputes = [
            try Self.raised(id: "ZY-1", on: Fixture.day("2024-01-01")),
            try Self.raised(id: "ZY-2", on: Fixture.day("2024-06-01")),
            try Self.raised(id: "ZY-3", on: Fixture.day("2024-12-31")),
        ]
        let asOf = Fixture.day("2024-12-31")
        let input = AnalysisInput(
            asOf: asOf, delegations: [], cells: [], gaps: [:], disputes: disputes, disputeRules: Self.rules)
        let found = SuggestionEngine().run(input)
        #expect(found.map(\.key) == ["R8|*|CF-1"])
        let finding = try #require(found.first)
        #expect(finding.severity == .warning && finding.action == .evaluation)
        #expect(finding.from == Fixture.day("2024-01-01") && finding.to == asOf)
        #expect(
            finding.evidence == "2024年1月1日至2024年12月31日就该事项提出职责边界争议 3 件（ZY-1、ZY-2、ZY-3），建议明确职责边界")
        #expect(finding.numbers == ["disputes": 3, "first": Double(Fixture.day("2024-01-01").ordinal)])
        var stricter = Self.rules
        stricter.repeatedCount = 4
        let none = AnalysisInput(
            asOf: asOf, delegations: [], cells: [], gaps: [:], disputes: disputes, disputeRules: stricter)
        #expect(SuggestionEngine().run(none).isEmpty)
        let noRules = AnalysisInput(asOf: asOf, delegations: [], cells: [], gaps: [:], disputes: disputes)
        #expect(SuggestionEngine().run(noRules).isEmpty)
    }
}
