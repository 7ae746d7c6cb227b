import Foundation
import Testing

@testable import QuanzeDomain

/// The actions pages offer come from the state machines: for every state reached and every principal, an action
/// is offered exactly when its transition function accepts it (with well-formed input).
@Suite("Delegation: the actions each state allows, checked against the transition functions")
struct AllowedActionsTests {
    /// Every principal of the tests, the two departments and the two townships included.
    static let principals = Cast.everyone + [Cast.otherTownship]

    /// A well-formed event of each proposal action.
    static func event(_ action: Proposal.Action) -> Proposal.Event {
        switch action {
        case .review: .review(passed: true, opinion: "同意")
        case .legalReview: .legalReview(passed: true, opinion: "程序合法")
        case .resubmit: .resubmit(reasons: "补充承接条件后重新提交")
        case .withdraw: .withdraw
        case .publish: .publish(batch: "第1批")
        case .execute: .execute(decision: "大安府办发〔2023〕14号")
        }
    }

    /// Offered ⇔ accepted, for one proposal and one principal; the disagreements, named.
    static func disagreements(_ p: Proposal, _ who: Principal) -> [String] {
        let offered = Set(p.allowedActions(for: who))
        return Proposal.Action.allCases.compactMap { action in
            let accepted = (try? p.applying(event(action), by: who, at: Fixture.t2)) != nil
            guard accepted != offered.contains(action) else { return nil }
            return
                "\(p.state.rawValue)/\(p.purpose.rawValue) \(who.username) \(action.rawValue): offered \(offered.contains(action)), accepted \(accepted)"
        }
    }

    @Test("a proposal offers exactly the steps its transition accepts, in every state, purpose and role")
    func proposals() throws {
        // setup
        var cases: [Proposal] = []
        for state in Proposal.State.allCases {
            for purpose in [Proposal.Purpose.delegate, .recall] {
                var p = try Cast.proposal(in: state, purpose: purpose)
                p.purpose = purpose
                cases.append(p)
            }
        }
        // act
        let wrong = cases.flatMap { p in Self.principals.flatMap { Self.disagreements(p, $0) } }
        let offered = try Cast.proposal(in: .returned).allowedActions(for: Cast.department)
        // check
        #expect(cases.count == 14)
        #expect(wrong == [])
        #expect(offered == [.resubmit, .withdraw], "a returned proposal: its department resubmits or withdraws it")
        #expect(try Cast.proposal(in: .returned).allowedActions(for: Cast.otherDepartment) == [])
        #expect(try Cast.proposal(in: .submitted).allowedActions(for: Cast.department) == [.withdraw])
        #expect(try Cast.proposal(in: .submitted).allowedActions(for: Cast.establishment) == [.review])
        #expect(try Cast.proposal(in: .legalReview).allowedActions(for: Cast.justice) == [.legalReview])
        #expect(try Cast.proposal(in: .approved).allowedActions(for: Cast.establishment) == [.publish])
        #expect(
            try Cast.proposal(in: .approved, purpose: .recall).allowedActions(for: Cast.establishment) == [.execute])
        #expect(try Cast.proposal(in: .published).allowedActions(for: Cast.department) == [])
        #expect(Proposal.action(of: .resubmit(reasons: "x")) == .resubmit)
    }

    @Test("an order line is decided by the 编办 while pending, and by nobody else or afterwards")
    func orderLines() throws {
        // setup
        let pending = try AgreementTests.order(.entrusted)
        let approved = try AgreementTests.approvedOrder(.entrusted)
        // act
        var wrong: [String] = []
        for order in [pending, approved] {
            for who in Self.principals {
                for line in [0, 1] {
                    let accepted =
                        (try? order.deciding(line: line, approve: true, reason: "", by: who, at: Fixture.t2)) != nil
                    if accepted != order.canDecide(line: line, by: who) { wrong.append("\(who.username) \(line)") }
                }
            }
        }
        // check
        #expect(wrong == [])
        #expect(pending.canDecide(line: 0, by: Cast.establishment))
        #expect(!approved.canDecide(line: 0, by: Cast.establishment))
        #expect(!pending.canDecide(line: 0, by: Cast.township))
    }

    /// Applies one agreement action as the pages do: publication and start on 2023-07-01 (before a 委托 term ends).
    static func apply(_ action: Agreement.Action, _ a: Agreement, _ who: Principal) -> Agreement? {
        let day = Fixture.day("2023-07-01")
        switch action {
        case .sign: return try? a.signing(by: who, at: Fixture.t2)
        case .publish: return try? a.publishing(on: day, place: "政府网站", by: who, at: Fixture.t2)
        case .start:
            return try? a.starting(
                on: a.publishedOn ?? day, delegationIds: a.lines.map { "G-\($0.itemCode)" }, by: who, at: Fixture.t2
            ).0
        }
    }

    @Test(
        "a 委托书 and a 赋权决定 offer exactly the steps they accept, in every state reached from drafting, to every principal"
    )
    func agreements() throws {
        // setup: every state reachable from a drawn document, by every principal's accepted steps
        var seen: [Agreement] = []
        var queue = [try AgreementTests.draw(.entrusted), try AgreementTests.draw(.granted)]
        var wrong: [String] = []
        // act
        while let a = queue.popLast() {
            guard !seen.contains(a) else { continue }
            seen.append(a)
            for who in Self.principals {
                let offered = Set(a.allowedActions(for: who))
                for action in Agreement.Action.allCases {
                    let next = Self.apply(action, a, who)
                    if (next != nil) != offered.contains(action) {
                        wrong.append("\(a.mode.rawValue) \(a.state.rawValue) \(who.username) \(action.rawValue)")
                    }
                    if let next { queue.append(next) }
                }
            }
        }
        let drafted = try AgreementTests.draw(.entrusted)
        // check
        #expect(wrong == [])
        #expect(Set(seen.map { "\($0.mode.rawValue)/\($0.state.rawValue)" }).count == 8, "both modes, all four states")
        #expect(drafted.allowedActions(for: Cast.department) == [.sign])
        #expect(drafted.allowedActions(for: Cast.township) == [.sign])
        #expect(drafted.allowedActions(for: Cast.establishment) == [], "a 委托书 is signed by its two parties")
        #expect(drafted.allowedActions(for: Cast.otherTownship) == [])
    }

    @Test("a running delegation offers evaluation and recall exactly as the transitions accept them")
    func delegations() throws {
        // setup
        let active = try DelegationChangesTests.started(.granted)
        var recalling = active
        recalling.recallProposalId = "P9"
        var recalled = active
        recalled.state = .recalled
        // act
        var wrong: [String] = []
        for d in [active, recalling, recalled] {
            for who in Self.principals {
                let offered = Set(d.allowedActions(for: who))
                let evaluates =
                    (try? d.evaluating(
                        on: Fixture.day("2024-07-01"), conclusion: .keep, findings: "运行正常", by: who, at: Fixture.t2))
                    != nil
                let recalls =
                    (try? Proposal.recall(id: "P10", delegation: d, by: who, reasons: "评估结论为收回", at: Fixture.t2))
                    != nil && (try? d.openingRecall(proposalId: "P10", by: who, at: Fixture.t2)) != nil
                if evaluates != offered.contains(.evaluate) { wrong.append("\(d.state) \(who.username) evaluate") }
                if recalls != offered.contains(.recall) { wrong.append("\(d.state) \(who.username) recall") }
            }
        }
        // check
        #expect(wrong == [])
        #expect(active.allowedActions(for: Cast.establishment) == [.evaluate, .recall])
        #expect(
            active.allowedActions(for: Cast.department) == [.recall], "the competent department may propose a recall")
        #expect(active.allowedActions(for: Cast.otherDepartment) == [], "another department may not")
        #expect(recalling.allowedActions(for: Cast.establishment) == [.evaluate])
        #expect(recalled.allowedActions(for: Cast.supervisor) == [])
    }
}
