import Foundation
import Testing

@testable import QuanzeDomain

/// What an accepted adjustment suggestion starts at a running delegation besides a recall: an evaluation or a term
/// decision for 编办, a training or equipment need for the department that handed the item down.
@Suite("Delegation: follow-ups of accepted suggestions")
struct FollowUpTests {
    static let day = Fixture.day("2023-12-31")

    static func opened(_ kind: Delegation.FollowUp.Kind) throws -> Delegation {
        try DelegationChangesTests.started(.entrusted).requestingFollowUp(
            kind, reason: "采纳调整建议（R2）", on: day, by: Cast.establishment, at: Fixture.t3)
    }

    @Test("only 编办 opens a follow-up, only on a running delegation, once per kind while it is open")
    func opening() throws {
        // setup
        let running = try DelegationChangesTests.started(.entrusted)
        // act
        let opened = try Self.opened(.training)
        let again = try opened.requestingFollowUp(
            .training, reason: "再次", on: Self.day, by: Cast.establishment, at: Fixture.t3)
        let other = try opened.requestingFollowUp(
            .evaluation, reason: "R1", on: Self.day, by: Cast.establishment, at: Fixture.t3)
        // check
        #expect(opened.openFollowUps.map(\.kind) == [.training])
        #expect(opened.openFollowUps.first?.number == 1 && opened.history.last?.step == "安排跟进")
        #expect(again == opened, "asking again while open changes nothing")
        #expect(other.openFollowUps.map(\.number) == [1, 2])
        for principal in Cast.everyone where principal.role != .establishment {
            #expect(
                throws: DelegationFailure.wrongRole(step: "安排跟进事项", needed: "编办"),
                "\(principal.username)"
            ) {
                try running.requestingFollowUp(
                    .evaluation, reason: "x", on: Self.day, by: principal, at: Fixture.t3)
            }
        }
    }

    @Test("a training or equipment need is closed by its department or 编办, never by another department")
    func departmentNeeds() throws {
        for kind in [Delegation.FollowUp.Kind.training, .equipment] {
            // setup
            let opened = try Self.opened(kind)
            // act
            let byDepartment = try opened.closingFollowUp(
                1, note: "已组织执法培训 16 学时", on: Self.day, by: Cast.department, at: Fixture.t3)
            let byEstablishment = try opened.closingFollowUp(
                1, note: "已协调配备", on: Self.day, by: Cast.establishment, at: Fixture.t3)
            // check
            #expect(byDepartment.openFollowUps.isEmpty && byEstablishment.openFollowUps.isEmpty)
            #expect(byDepartment.followUps?.first?.note == "已组织执法培训 16 学时")
            #expect(byDepartment.followUps?.first?.closedBy == Cast.department.username)
            for principal in [Cast.otherDepartment, Cast.township, Cast.justice, Cast.supervisor, Cast.sysadmin] {
                #expect(throws: DelegationFailure.self, "\(principal.username) closed a \(kind)") {
                    try opened.closingFollowUp(1, note: "x", on: Self.day, by: principal, at: Fixture.t3)
                }
            }
            #expect(throws: DelegationFailure.emptyNote) {
                try opened.closingFollowUp(1, note: "  ", on: Self.day, by: Cast.department, at: Fixture.t3)
            }
            #expect(throws: DelegationFailure.followUpClosed(1)) {
                try byDepartment.closingFollowUp(1, note: "再次", on: Self.day, by: Cast.department, at: Fixture.t3)
            }
            #expect(throws: DelegationFailure.unknownFollowUp(2)) {
                try opened.closingFollowUp(2, note: "x", on: Self.day, by: Cast.department, at: Fixture.t3)
            }
        }
    }

    @Test("an evaluation or term follow-up is 编办's; recording an evaluation closes the evaluations asked for")
    func establishmentFollowUps() throws {
        // setup
        let evaluation = try Self.opened(.evaluation)
        let both = try evaluation.requestingFollowUp(
            .renewal, reason: "委托期限将满", on: Self.day, by: Cast.establishment, at: Fixture.t3)
        // act
        let evaluated = try both.evaluating(
            on: Fixture.day("2024-01-15"), conclusion: .support, findings: "办件少，加强指导", by: Cast.supervisor,
            at: Fixture.t3)
        // check
        #expect(throws: DelegationFailure.wrongRole(step: "办结跟进事项", needed: "编办")) {
            try evaluation.closingFollowUp(1, note: "x", on: Self.day, by: Cast.department, at: Fixture.t3)
        }
        #expect(evaluated.openFollowUps.map(\.kind) == [.renewal], "the renewal stays open")
        let closed = try #require(evaluated.followUps?.first)
        #expect(closed.closedOn == Fixture.day("2024-01-15") && closed.note == "已评估：加强支持")
    }

    @Test("a delegation stored before follow-ups existed reads with none")
    func oldRecords() throws {
        // setup
        var json =
            try JSONSerialization.jsonObject(
                with: JSONEncoder().encode(try DelegationChangesTests.started(.granted))) as? [String: Any] ?? [:]
        json.removeValue(forKey: "followUps")
        // act
        let decoded = try JSONDecoder().decode(Delegation.self, from: JSONSerialization.data(withJSONObject: json))
        // check
        #expect(decoded.followUps == nil && decoded.openFollowUps.isEmpty)
    }
}
