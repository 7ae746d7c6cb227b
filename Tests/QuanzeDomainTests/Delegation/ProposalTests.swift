import Foundation
import Testing

@testable import QuanzeDomain

/// People of the delegation tests.
enum Cast {
    static let county = Fixture.county
    static let department = Principal(username: "nongye", role: .department, county: county, organization: "D-AG")
    static let otherDepartment = Principal(
        username: "shichang", role: .department, county: county, organization: "D-SC")
    static let establishment = Principal(
        username: "bianban", role: .establishment, county: county, organization: "D-EST")
    static let justice = Principal(username: "sifa", role: .justice, county: county, organization: "D-JUS")
    static let township = Principal(
        username: "zhen", role: .township, county: county, organization: "510104100000", unit: "510104100000")
    static let otherTownship = Principal(
        username: "jie", role: .township, county: county, organization: "510104001000", unit: "510104001000")
    static let supervisor = Principal(username: "jiandu", role: .supervisor, county: county, organization: "GOV")
    static let sysadmin = Principal(username: "sysadmin", role: .systemAdmin, county: county, organization: "GOV")
    static let everyone = [department, otherDepartment, establishment, justice, township, supervisor, sysadmin]

    static let catalogue = ProvincialCatalogue(decision: "川办发〔2020〕85号", itemCodes: ["XM-001"])
    /// The seeded legal grounds (an unreadable data file leaves the table empty, and every proposal fails).
    static let grounds = (try? GroundsFixture.table()) ?? LegalGroundTable(rows: [])

    static func proposal(_ mode: DelegationMode = .granted) throws -> Proposal {
        try Proposal.propose(
            id: "P1", county: county, item: Fixture.item(), by: department, departmentName: "区农业农村局", mode: mode,
            reasons: "镇街就近执法更及时", expectedYearlyVolume: 12, catalogue: catalogue, grounds: grounds, at: Fixture.t0)
    }

    /// A proposal brought to `state` through legal steps.
    static func proposal(in state: Proposal.State, purpose: Proposal.Purpose = .delegate) throws -> Proposal {
        var p = try proposal()
        p.purpose = purpose
        switch state {
        case .submitted: break
        case .legalReview: p = try p.applying(.review(passed: true, opinion: ""), by: establishment, at: Fixture.t1)
        case .approved:
            p = try p.applying(.review(passed: true, opinion: ""), by: establishment, at: Fixture.t1)
            p = try p.applying(.legalReview(passed: true, opinion: ""), by: justice, at: Fixture.t1)
        case .returned: p = try p.applying(.review(passed: false, opinion: "理由不充分"), by: establishment, at: Fixture.t1)
        case .published:
            p = try proposal(in: .approved)
            p = try p.applying(.publish(batch: "第1批"), by: establishment, at: Fixture.t2)
        case .executed:
            p = try proposal(in: .approved, purpose: .recall)
            p = try p.applying(.execute(decision: "大安府办发〔2023〕14号"), by: establishment, at: Fixture.t2)
        case .withdrawn: p = try p.applying(.withdraw, by: department, at: Fixture.t1)
        }
        return p
    }
}

@Suite("Delegation: proposals and their two reviews")
struct ProposalTests {
    static let events: [(String, Proposal.Event, Principal)] = [
        ("pass", .review(passed: true, opinion: ""), Cast.establishment),
        ("return", .review(passed: false, opinion: "请补充承接条件"), Cast.establishment),
        ("legal-pass", .legalReview(passed: true, opinion: "合法"), Cast.justice),
        ("legal-return", .legalReview(passed: false, opinion: "依据不足"), Cast.justice),
        ("resubmit", .resubmit(reasons: "已补充"), Cast.department),
        ("withdraw", .withdraw, Cast.department),
        ("publish", .publish(batch: "第2批"), Cast.establishment),
        ("execute", .execute(decision: "大安府办发〔2023〕14号"), Cast.establishment),
    ]

    /// Every legal transition (state, event) → next state, by purpose; everything else is refused.
    static let legal: [String: Proposal.State] = [
        "submitted pass": .legalReview, "submitted return": .returned, "submitted withdraw": .withdrawn,
        "legal-review legal-pass": .approved, "legal-review legal-return": .returned,
        "legal-review withdraw": .withdrawn, "returned resubmit": .submitted, "returned withdraw": .withdrawn,
        "approved publish": .published,
    ]
    static let legalForRecall: [String: Proposal.State] = [
        "submitted pass": .legalReview, "submitted return": .returned, "submitted withdraw": .withdrawn,
        "legal-review legal-pass": .approved, "legal-review legal-return": .returned,
        "legal-review withdraw": .withdrawn, "returned resubmit": .submitted, "returned withdraw": .withdrawn,
        "approved execute": .executed,
    ]

    @Test(
        "every state × event, with the right actor: legal moves go where the table says, the rest are refused",
        arguments: Proposal.State.allCases)
    func transitions(state: Proposal.State) throws {
        for purpose in [Proposal.Purpose.delegate, .recall]
        where !(purpose == .delegate && state == .executed)
            && !(purpose == .recall && state == .published)
        {
            // setup
            let start = try Cast.proposal(in: state, purpose: purpose)
            let table = purpose == .delegate ? Self.legal : Self.legalForRecall
            for (name, event, actor) in Self.events {
                // act
                var outcome: Result<Proposal, DelegationFailure>
                do throws(DelegationFailure) {
                    outcome = .success(try start.applying(event, by: actor, at: Fixture.t3))
                } catch { outcome = .failure(error) }
                // check
                let key = "\(state.rawValue) \(name)"
                switch (table[key], outcome) {
                case (let expected?, .success(let next)):
                    #expect(next.state == expected, "\(purpose) \(key)")
                    #expect(next.history.count == start.history.count + 1)
                case (nil, .failure(let failure)):
                    #expect(failure == .illegalTransition(from: state.label, event: event.label), "\(purpose) \(key)")
                case (let expected, let got):
                    Issue.record("\(purpose) \(key): expected \(String(describing: expected)), got \(got)")
                }
            }
        }
    }

    @Test("only 编办 reviews, only 司法局 does the legal review, only the proposing department resubmits")
    func roles() throws {
        // setup
        let submitted = try Cast.proposal(in: .submitted)
        let legal = try Cast.proposal(in: .legalReview)
        let returned = try Cast.proposal(in: .returned)
        func failure(_ p: Proposal, _ e: Proposal.Event, _ who: Principal) -> DelegationFailure? {
            do throws(DelegationFailure) { _ = try p.applying(e, by: who, at: Fixture.t3) } catch { return error }
            return nil
        }
        // act / check
        for who in Cast.everyone where who.role != .establishment {
            #expect(
                failure(submitted, .review(passed: true, opinion: ""), who) == .wrongRole(step: "编办审核", needed: "编办"))
        }
        for who in Cast.everyone where who.role != .justice {
            #expect(failure(legal, .legalReview(passed: true, opinion: ""), who) != nil, "\(who.username)")
        }
        #expect(failure(returned, .resubmit(reasons: "x"), Cast.otherDepartment) == .wrongOrganization(step: "修改后重新提交"))
        #expect(failure(returned, .resubmit(reasons: "x"), Cast.township) != nil)
        #expect(failure(submitted, .review(passed: false, opinion: "  "), Cast.establishment) == .emptyOpinion)
    }

    @Test("both reviewers' opinions are kept, also across a return and a resubmission")
    func opinions() throws {
        // setup
        var p = try Cast.proposal()
        // act
        p = try p.applying(.review(passed: true, opinion: "同意列入"), by: Cast.establishment, at: Fixture.t1)
        p = try p.applying(.legalReview(passed: false, opinion: "设定依据条款有误"), by: Cast.justice, at: Fixture.t1)
        p = try p.applying(.resubmit(reasons: "已更正依据"), by: Cast.department, at: Fixture.t2)
        p = try p.applying(.review(passed: true, opinion: ""), by: Cast.establishment, at: Fixture.t2)
        p = try p.applying(.legalReview(passed: true, opinion: "合法"), by: Cast.justice, at: Fixture.t3)
        // check
        #expect(p.state == .approved)
        #expect(p.opinions.map(\.stage) == [.establishment, .legal, .establishment, .legal])
        #expect(p.opinions.map(\.passed) == [true, false, true, true])
        #expect(p.opinions[1].text == "设定依据条款有误")
        #expect(p.history.map(\.step) == ["提出下放申请", "编办审核", "合法性审查", "修改后重新提交", "编办审核", "合法性审查"])
    }

    @Test("赋权 needs the provincial catalogue (行政处罚法第24条); 委托 does not")
    func catalogue() throws {
        // setup
        let outside = PowerItem(
            county: Cast.county, code: "XM-009", name: "对渔港水域违法捕捞的处罚", category: .penalty, department: "区农业农村局",
            legalBases: [])
        func propose(_ mode: DelegationMode, _ catalogue: ProvincialCatalogue?) -> DelegationFailure? {
            do throws(DelegationFailure) {
                _ = try Proposal.propose(
                    id: "P", county: Cast.county, item: outside, by: Cast.department, departmentName: "区农业农村局",
                    mode: mode, reasons: "就近", expectedYearlyVolume: 1, catalogue: catalogue, grounds: Cast.grounds,
                    at: Fixture.t0)
            } catch { return error }
            return nil
        }
        // act / check
        let cited = "《行政处罚法》第二十四条"
        #expect(propose(.granted, Cast.catalogue) == .notInProvincialCatalogue(itemCode: "XM-009", citation: cited))
        #expect(propose(.granted, nil) == .notInProvincialCatalogue(itemCode: "XM-009", citation: cited))
        #expect(propose(.granted, nil)?.message.contains("（《行政处罚法》第二十四条）") == true)
        #expect(propose(.entrusted, nil) == nil)
        #expect(try Cast.proposal(.granted).catalogue == "川办发〔2020〕85号")
        #expect(try Cast.proposal(.entrusted).catalogue == nil)
    }

    @Test("no re-delegation: only the item's competent department may offer it (行政处罚法第20条)")
    func reDelegation() {
        // act
        var failures: [DelegationFailure] = []
        for (who, name) in [(Cast.otherDepartment, "区市场监督管理局"), (Cast.township, "团结镇")] {
            do throws(DelegationFailure) {
                _ = try Proposal.propose(
                    id: "P", county: Cast.county, item: Fixture.item(), by: who, departmentName: name, mode: .entrusted,
                    reasons: "转委托", expectedYearlyVolume: 1, catalogue: nil, grounds: Cast.grounds, at: Fixture.t0)
            } catch { failures.append(error) }
        }
        // check
        #expect(
            failures == [
                .reDelegation(itemCode: "XM-001", proposer: "区市场监督管理局", citation: "《行政处罚法》第二十条、第二十一条"),
                .reDelegation(itemCode: "XM-001", proposer: "团结镇", citation: "《行政处罚法》第二十条、第二十一条"),
            ])
        #expect(failures.allSatisfy { $0.message.contains("第二十条") })
    }

    @Test("a proposal needs reasons and a volume that is not negative")
    func validation() {
        func propose(_ reasons: String, _ volume: Int) -> DelegationFailure? {
            do throws(DelegationFailure) {
                _ = try Proposal.propose(
                    id: "P", county: Cast.county, item: Fixture.item(), by: Cast.department, departmentName: "区农业农村局",
                    mode: .entrusted, reasons: reasons, expectedYearlyVolume: volume, catalogue: nil,
                    grounds: Cast.grounds, at: Fixture.t0)
            } catch { return error }
            return nil
        }
        #expect(propose(" ", 1) == .emptyReasons)
        #expect(propose("就近", -1) == .negativeVolume)
        #expect(propose("就近", 0) == nil)
    }
}
