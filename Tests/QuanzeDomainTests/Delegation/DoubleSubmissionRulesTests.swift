import Foundation
import Testing

@testable import QuanzeDomain

/// The rules that turn a double submission into one write: one open offer per item and mode, one evaluation of a
/// delegation per day, one copy of a scan.
@Suite("Delegation: double submissions")
struct DoubleSubmissionRulesTests {
    @Test("a second offer of an item in the same mode is refused while the first is in its reviews")
    func openProposal() throws {
        for state in Proposal.State.allCases {
            // setup
            let first = try Cast.proposal(in: state)
            // act
            let same = Result { () throws(DelegationFailure) in
                try Proposal.requireNoOpenProposal(itemCode: first.itemCode, mode: first.mode, among: [first])
            }
            let otherMode = Result { () throws(DelegationFailure) in
                try Proposal.requireNoOpenProposal(
                    itemCode: first.itemCode, mode: first.mode == .granted ? .entrusted : .granted, among: [first])
            }
            let otherItem = Result { () throws(DelegationFailure) in
                try Proposal.requireNoOpenProposal(itemCode: "XM-999", mode: first.mode, among: [first])
            }
            // check
            let open = first.purpose == .delegate && Proposal.State.open.contains(state)
            #expect(
                same.failure == (open ? .openProposalExists(itemCode: first.itemCode, id: first.id) : nil), "\(state)")
            #expect(otherMode.failure == nil && otherItem.failure == nil, "\(state)")
        }
        #expect(Proposal.State.open == [.submitted, .legalReview, .approved, .returned])
        #expect(
            DelegationFailure.openProposalExists(itemCode: "XM-001", id: "P-0001").message
                == "事项 XM-001 已有以同一方式下放的申请 P-0001 在办理中，未重复提交")
    }

    @Test("an evaluation of the same day is recorded once; another day is a new evaluation")
    func evaluation() throws {
        // setup
        let running = try DelegationChangesTests.started(.granted)
        let once = try running.evaluating(
            on: Fixture.day("2024-07-01"), conclusion: .keep, findings: "运行正常", by: Cast.establishment, at: Fixture.t3)
        // act
        let twice = Result { () throws(DelegationFailure) in
            try once.evaluating(
                on: Fixture.day("2024-07-01"), conclusion: .keep, findings: "运行正常", by: Cast.establishment,
                at: Fixture.t3)
        }
        let nextYear = try once.evaluating(
            on: Fixture.day("2025-07-01"), conclusion: .keep, findings: "运行正常", by: Cast.establishment, at: Fixture.t3)
        // check
        #expect(twice.failure == .evaluationAlreadyRecorded(on: Fixture.day("2024-07-01")))
        #expect(once.evaluations.count == 1 && nextYear.evaluations.count == 2)
    }

    @Test("the same scan (by its SHA-256) is attached once")
    func scan() throws {
        // setup
        let scan = Attachment(
            name: "委托书.pdf", mediaType: "application/pdf", size: 1024, sha256: String(repeating: "a", count: 64))
        let document = try AgreementTests.draw(.entrusted).attaching(scan, by: Cast.establishment, at: Fixture.t3)
        // act
        let again = Result { () throws(DelegationFailure) in
            try document.attaching(scan, by: Cast.establishment, at: Fixture.t3)
        }
        // check
        #expect(again.failure == .duplicateAttachment(name: "委托书.pdf"))
        #expect(document.attachments.count == 1)
    }
}
