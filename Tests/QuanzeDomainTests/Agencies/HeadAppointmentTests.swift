import Foundation
import Testing

@testable import QuanzeDomain

/// The rules of dispatched agencies as data: the product's defaults and the demo county's, read from the files the
/// app ships (so a test fails when the data loses its rule or source).
enum AgencyFixture {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/QuanzeApp/Resources")

    static func rules(_ file: String = "agency-rules.json") throws -> AgencyRules {
        try JSONDecoder().decode(AgencyRules.self, from: Data(contentsOf: resources.appendingPathComponent(file)))
    }

    static func demoRules() throws -> AgencyRules { try rules("Demo/agency-rules.json") }

    static let agency = AgencyRef(
        code: "D-SJ-DSP", name: "大山铺市场监管所", department: "D-SJ", departmentName: "区市场监督管理局",
        township: "510104100000", townshipName: "大山铺镇")

    static let department = Principal(
        username: "shichang", role: .department, county: Fixture.county, organization: "D-SJ")
    static let otherDepartment = Principal(
        username: "yingji", role: .department, county: Fixture.county, organization: "D-YJ")
    static let township = Principal(
        username: "dashanpu", role: .township, county: Fixture.county, organization: "510104100000",
        unit: "510104100000")
    static let otherTownship = Principal(
        username: "heping", role: .township, county: Fixture.county, organization: "510104005000",
        unit: "510104005000")

    /// The principal of each role that would act on `agency` if its role allowed it.
    static func principal(_ role: Role) -> Principal {
        switch role {
        case .department: department
        case .township: township
        default: Principal(username: "u-\(role.rawValue)", role: role, county: Fixture.county, organization: "X")
        }
    }

    static func proposed(_ rules: AgencyRules, action: HeadAppointment.Action = .appoint) throws -> HeadAppointment {
        try HeadAppointment.propose(
            id: "AP-0001", county: Fixture.county, agency: agency, action: action, person: "张明", post: "所长",
            reasons: "工作需要", by: department, on: Fixture.day("2023-03-01"), rules: rules, at: Fixture.t0)
    }

    /// An appointment put in `state` directly (with an opinion where the state has one).
    static func appointment(in state: HeadAppointment.State, rules: AgencyRules) throws -> HeadAppointment {
        var a = try proposed(rules)
        a.state = state
        if state == .consulted || state == .decided {
            a.opinion = .init(agrees: true, reasons: "", by: "dashanpu", on: Fixture.day("2023-03-05"), late: false)
        }
        return a
    }

    static func event(_ kind: HeadAppointment.EventKind) -> HeadAppointment.Event {
        switch kind {
        case .giveOpinion: .giveOpinion(agrees: true, reasons: "", on: Fixture.day("2023-03-10"))
        case .decide: .decide(number: "大安市监党〔2023〕12号", on: Fixture.day("2023-03-20"))
        case .decideWithoutOpinion:
            .decideWithoutOpinion(number: "大安市监党〔2023〕13号", on: Fixture.day("2023-03-20"), reason: "应急处置需要")
        case .withdraw: .withdraw
        }
    }
}

@Suite("Dispatched agencies: head appointments (征求镇街意见)")
struct HeadAppointmentTests {
    static let states = HeadAppointment.State.allCases
    static let kinds = HeadAppointment.EventKind.allCases

    @Test(
        "every state × event × role: the step succeeds exactly when allowedEvents offers it", arguments: [false, true])
    func exhaustive(allowsException: Bool) throws {
        // setup
        var rules = try AgencyFixture.rules()
        rules.allowsUnconsultedException = allowsException
        let expectedState: [HeadAppointment.EventKind: HeadAppointment.State] = [
            .giveOpinion: .consulted, .decide: .decided, .decideWithoutOpinion: .exception, .withdraw: .withdrawn,
        ]
        var checked = 0
        var mismatches: [String] = []
        for state in Self.states {
            for kind in Self.kinds {
                for role in Role.allCases {
                    let appointment = try AgencyFixture.appointment(in: state, rules: rules)
                    let principal = AgencyFixture.principal(role)
                    let allowed = HeadAppointment.allowedEvents(state, role, allowsException: allowsException)
                        .contains(kind)
                    // act
                    let result: HeadAppointment?
                    do throws(AgencyFailure) {
                        result = try appointment.applying(
                            AgencyFixture.event(kind), by: principal, rules: rules, at: Fixture.t1)
                    } catch { result = nil }
                    // check
                    checked += 1
                    if allowed != (result != nil) {
                        mismatches.append("\(state) \(kind) \(role): allowed \(allowed), succeeded \(result != nil)")
                    }
                    if let result, result.state != expectedState[kind] {
                        mismatches.append("\(state) \(kind) \(role): ended in \(result.state)")
                    }
                }
            }
        }
        #expect(checked == 5 * 4 * 10)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("allowedEvents: the township answers an open proposal, the department decides after it, nobody else acts")
    func allowedTable() {
        #expect(HeadAppointment.allowedEvents(.proposed, .township, allowsException: false) == [.giveOpinion])
        #expect(HeadAppointment.allowedEvents(.proposed, .department, allowsException: false) == [.withdraw])
        #expect(
            HeadAppointment.allowedEvents(.proposed, .department, allowsException: true) == [
                .decideWithoutOpinion, .withdraw,
            ])
        #expect(HeadAppointment.allowedEvents(.consulted, .department, allowsException: false) == [.decide, .withdraw])
        #expect(HeadAppointment.allowedEvents(.consulted, .township, allowsException: true) == [])
        for state in [HeadAppointment.State.decided, .exception, .withdrawn] {
            for role in Role.allCases {
                #expect(HeadAppointment.allowedEvents(state, role, allowsException: true) == [])
            }
        }
        for role in Role.allCases where role != .department && role != .township {
            #expect(HeadAppointment.allowedEvents(.proposed, role, allowsException: true) == [])
            #expect(HeadAppointment.allowedEvents(.consulted, role, allowsException: true) == [])
        }
    }

    @Test("a decision without the township's opinion is refused naming the rule and its source document (data)")
    func opinionRequired() throws {
        // setup
        let rules = try AgencyFixture.demoRules()
        let proposed = try AgencyFixture.proposed(rules)
        // act
        var failures: [AgencyFailure] = []
        for event in [AgencyFixture.event(.decide), AgencyFixture.event(.decideWithoutOpinion)] {
            do throws(AgencyFailure) {
                _ = try proposed.applying(event, by: AgencyFixture.department, rules: rules, at: Fixture.t1)
            } catch { failures.append(error) }
        }
        // check
        let expected = AgencyFailure.opinionRequired(
            rule: "赋予镇街对县级部门派驻机构主要负责人任免建议权，派驻机构负责人调整须征求镇街意见（依据：《大安区派驻(出)机构管理办法(试行)》）")
        #expect(failures == [expected, expected])
        #expect(
            expected.message
                == "镇街尚未反馈意见，不能作出任免决定：赋予镇街对县级部门派驻机构主要负责人任免建议权，派驻机构负责人调整须征求镇街意见（依据：《大安区派驻(出)机构管理办法(试行)》）")
    }

    @Test("a county without a recorded source says so in the refusal")
    func defaultSource() throws {
        let rules = try AgencyFixture.rules()
        #expect(rules.opinionDeadlineDays == 15)
        #expect(rules.minimumTownshipWeight == 3000)
        #expect(rules.allowsUnconsultedException == false)
        #expect(rules.consultation.printed == "派驻机构主要负责人的任免应当征求所在镇街的意见（依据：本区县尚未登记依据文件）")
        var sourced = rules.consultation
        sourced.document = "《某区派驻机构管理办法》"
        sourced.number = "某委办发〔2021〕7号"
        sourced.provision = "第九条"
        #expect(sourced.citation == "《某区派驻机构管理办法》（某委办发〔2021〕7号）第九条")
    }

    @Test("where the county allows it, an unconsulted decision is recorded as an exception with its reason")
    func exception() throws {
        // setup
        var rules = try AgencyFixture.rules()
        rules.allowsUnconsultedException = true
        let proposed = try AgencyFixture.proposed(rules)
        // act
        let done = try proposed.applying(
            AgencyFixture.event(.decideWithoutOpinion), by: AgencyFixture.department, rules: rules, at: Fixture.t1)
        var noReason: AgencyFailure?
        do throws(AgencyFailure) {
            _ = try proposed.applying(
                .decideWithoutOpinion(number: "大安市监党〔2023〕13号", on: Fixture.day("2023-03-20"), reason: "  "),
                by: AgencyFixture.department, rules: rules, at: Fixture.t1)
        } catch { noReason = error }
        // check
        #expect(done.state == .exception)
        #expect(done.exceptionReason == "应急处置需要")
        #expect(done.decision == .init(number: "大安市监党〔2023〕13号", on: Fixture.day("2023-03-20")))
        #expect(done.opinion == nil)
        #expect(noReason == .emptyExceptionReason)
    }

    @Test("the whole path: propose, township disagrees with reasons, department decides with its 文号")
    func path() throws {
        // setup
        let rules = try AgencyFixture.rules()
        // act
        let proposed = try AgencyFixture.proposed(rules, action: .remove)
        let answered = try proposed.applying(
            .giveOpinion(agrees: false, reasons: "该同志熟悉本镇情况，建议暂缓", on: Fixture.day("2023-03-20")),
            by: AgencyFixture.township, rules: rules, at: Fixture.t1)
        let decided = try answered.applying(
            .decide(number: "大安市监党〔2023〕12号", on: Fixture.day("2023-03-25")), by: AgencyFixture.department,
            rules: rules, at: Fixture.t2)
        // check
        #expect(proposed.deadline == Fixture.day("2023-03-16"))
        #expect(proposed.state == .proposed && proposed.action == .remove)
        #expect(answered.opinion?.agrees == false)
        #expect(answered.opinion?.late == true, "answered on 03-20, after the deadline of 03-16")
        #expect(decided.state == .decided)
        #expect(decided.decision?.number == "大安市监党〔2023〕12号")
        #expect(decided.history.map(\.step) == ["提出免职", "反馈意见", "作出任免决定"])
        #expect(decided.history.map(\.note) == ["", "不同意：该同志熟悉本镇情况，建议暂缓", "大安市监党〔2023〕12号"])
    }

    @Test("only the agency's own department and township act; bad input is refused with its reason")
    func refusals() throws {
        // setup
        let rules = try AgencyFixture.rules()
        let proposed = try AgencyFixture.proposed(rules)
        func failure(_ body: () throws -> HeadAppointment) -> AgencyFailure? {
            do {
                _ = try body()
                return nil
            } catch {
                return error as? AgencyFailure ?? .illegalTransition(from: "unexpected", event: "\(error)")
            }
        }
        func propose(_ by: Principal, person: String = "张明", post: String = "所长") -> AgencyFailure? {
            failure {
                try HeadAppointment.propose(
                    id: "AP-0002", county: Fixture.county, agency: AgencyFixture.agency, action: .appoint,
                    person: person, post: post, reasons: "", by: by, on: Fixture.day("2023-03-01"), rules: rules,
                    at: Fixture.t0)
            }
        }
        // act / check
        #expect(propose(AgencyFixture.otherDepartment) == .wrongOrganization(step: "提出任免"))
        #expect(propose(AgencyFixture.township) == .wrongRole(step: "提出任免", needed: "派驻机构的主管部门"))
        #expect(propose(AgencyFixture.department, person: " ") == .emptyPerson)
        #expect(propose(AgencyFixture.department, post: "") == .emptyPost)
        #expect(
            propose(AgencyFixture.department, person: String(repeating: "张", count: 31))
                == .tooLong(field: "姓名", limit: 30))
        #expect(
            failure {
                try proposed.applying(
                    AgencyFixture.event(.giveOpinion), by: AgencyFixture.otherTownship, rules: rules, at: Fixture.t1)
            } == .wrongOrganization(step: "反馈意见"))
        #expect(
            failure {
                try proposed.applying(
                    .giveOpinion(agrees: false, reasons: "", on: Fixture.day("2023-03-02")), by: AgencyFixture.township,
                    rules: rules, at: Fixture.t1)
            } == .emptyOpinionReasons)
        let consulted = try AgencyFixture.appointment(in: .consulted, rules: rules)
        #expect(
            failure {
                try consulted.applying(
                    .decide(number: "大安市监党2023第12号", on: Fixture.day("2023-03-20")), by: AgencyFixture.department,
                    rules: rules, at: Fixture.t1)
            } == .invalidNumber("大安市监党2023第12号"))
        #expect(
            failure {
                try consulted.applying(
                    .decide(number: "大安市监党〔2023〕12号", on: Fixture.day("2023-02-01")), by: AgencyFixture.department,
                    rules: rules, at: Fixture.t1)
            } == .decisionBeforeProposal(decided: Fixture.day("2023-02-01"), proposed: Fixture.day("2023-03-01")))
        #expect(
            failure {
                try consulted.applying(
                    AgencyFixture.event(.decide), by: AgencyFixture.otherDepartment, rules: rules, at: Fixture.t1)
            } == .wrongOrganization(step: "作出任免决定"))
        #expect(
            failure {
                try consulted.applying(
                    AgencyFixture.event(.giveOpinion), by: AgencyFixture.township, rules: rules, at: Fixture.t1)
            } == .illegalTransition(from: "镇街已反馈意见", event: "反馈意见"))
        #expect(consulted.allowedEvents(for: AgencyFixture.otherDepartment, rules: rules) == [])
        #expect(consulted.allowedEvents(for: AgencyFixture.department, rules: rules) == [.decide, .withdraw])
        #expect(proposed.allowedEvents(for: AgencyFixture.township, rules: rules) == [.giveOpinion])
        #expect(proposed.allowedEvents(for: AgencyFixture.otherTownship, rules: rules) == [])
    }

    @Test("counts per year: decisions by their day, consulted apart from exceptions, open and overdue as of today")
    func counts() throws {
        // setup
        let rules = try AgencyFixture.rules()
        func make(
            _ state: HeadAppointment.State, decided: String?, proposed: String = "2023-03-01", agrees: Bool = true
        )
            throws -> HeadAppointment
        {
            var a = try AgencyFixture.appointment(in: state, rules: rules)
            a.proposedOn = Fixture.day(proposed)
            a.deadline = Fixture.day(proposed).adding(days: 15)
            if a.opinion != nil { a.opinion?.agrees = agrees }
            a.decision = decided.map { .init(number: "大安市监党〔2023〕1号", on: Fixture.day($0)) }
            return a
        }
        let all = [
            try make(.decided, decided: "2023-04-01"), try make(.decided, decided: "2023-05-01", agrees: false),
            try make(.exception, decided: "2023-06-01"),
            try make(.decided, decided: "2022-12-30", proposed: "2022-12-01"),
            try make(.proposed, decided: nil, proposed: "2023-12-01"),
            try make(.proposed, decided: nil, proposed: "2023-12-20"),
            try make(.consulted, decided: nil, proposed: "2023-11-01"), try make(.withdrawn, decided: nil),
        ]
        // act
        let year2023 = AppointmentCounts.of(all, year: 2023, today: Fixture.day("2023-12-31"))
        let year2022 = AppointmentCounts.of(all, year: 2022, today: Fixture.day("2023-12-31"))
        // check
        #expect(
            year2023
                == AppointmentCounts(
                    year: 2023, decided: 3, consulted: 2, agreed: 1, disagreed: 1, exceptions: 1, open: 3, overdue: 1))
        #expect(
            year2022
                == AppointmentCounts(
                    year: 2022, decided: 1, consulted: 1, agreed: 1, disagreed: 0, exceptions: 0, open: 0, overdue: 0))
    }

    @Test("a dispatched agency must be one, in service, with its department and township")
    func agencyRef() {
        let names = ["D-SJ": "区市场监督管理局", "510104100000": "大山铺镇"]
        func ref(_ org: Organization?) -> AgencyFailure? {
            do throws(AgencyFailure) {
                _ = try AgencyRef.from(org, code: "D-SJ-DSP", names: names)
                return nil
            } catch { return error }
        }
        let ok = Organization(
            code: "D-SJ-DSP", county: Fixture.county, name: "大山铺市场监管所", kind: .dispatchedAgency, parent: "D-SJ",
            stationedAt: "510104100000")
        var retired = ok
        retired.retiredOn = Fixture.day("2023-01-01")
        var unstationed = ok
        unstationed.stationedAt = nil
        let department = Organization(code: "D-SJ", county: Fixture.county, name: "区市场监督管理局", kind: .department)
        #expect(ref(ok) == nil)
        #expect((try? AgencyRef.from(ok, code: "D-SJ-DSP", names: names)) == AgencyFixture.agency)
        #expect(ref(nil) == .notAnAgency("D-SJ-DSP"))
        #expect(ref(department) == .notAnAgency("D-SJ-DSP"))
        #expect(ref(retired) == .agencyRetired("大山铺市场监管所"))
        #expect(ref(unstationed) == .agencyWithoutStation("大山铺市场监管所"))
    }

    @Test("county settings: deadline 1–90 days, minimum 0–100 %, wording required, a 文号 in its form")
    func settings() throws {
        let base = try AgencyFixture.rules()
        func check(_ change: (inout AgencyRules) -> Void) -> AgencyFailure? {
            var r = base
            change(&r)
            do throws(AgencyFailure) {
                try r.validate()
                return nil
            } catch { return error }
        }
        #expect(check { _ in } == nil)
        #expect(check { $0.opinionDeadlineDays = 0 } == .deadlineOutOfRange(0))
        #expect(check { $0.opinionDeadlineDays = 91 } == .deadlineOutOfRange(91))
        #expect(check { $0.minimumTownshipWeight = 10001 } == .minimumOutOfRange("100.01%"))
        #expect(check { $0.townshipWeight.wording = " " } == .emptyRuleWording)
        #expect(check { $0.consultation.number = "第7号" } == .invalidNumber("第7号"))
        #expect(check { $0.consultation.number = "大安委办发〔2021〕7号" } == nil)
    }
}
