import Foundation
import Testing

@testable import QuanzeDomain

/// A township follows each ordered item from its order line to the document drawn for it and the delegation it
/// started.
@Suite("Order progress: line, document, start")
struct OrderProgressTests {
    @Test("pending, returned and approved lines; a drawn line names its document; a started one its delegation")
    func stages() throws {
        // setup
        let order = try AgreementTests.order(.entrusted)
        let pending = order.lines[0]
        let returned = try order.deciding(
            line: 0, approve: false, reason: "能力不足", by: Cast.establishment, at: Fixture.t1
        )
        .lines[0]
        var drawn = try AgreementTests.approvedOrder(.entrusted).lines[0]
        let approved = drawn
        drawn.agreementId = "A1"
        let draft = try AgreementTests.draw(.entrusted)
        let started = try DelegationChangesTests.started(.entrusted)
        var effective = draft
        effective.state = .effective
        let unit = AgreementTests.town.code
        // act
        let progress = { (line: Order.Line, agreements: [String: Agreement], delegations: [Delegation]) in
            OrderProgress.of(line, unit: unit, agreements: agreements, delegations: delegations)
        }
        let atPending = progress(pending, ["A1": draft], [started])
        let atReturned = progress(returned, [:], [])
        let atApproved = progress(approved, ["A1": draft], [started])
        let atDrawn = progress(drawn, ["A1": draft], [])
        let atStart = progress(drawn, ["A1": effective], [started])
        var elsewhere = started
        elsewhere.unit = "510104200000"
        let notOurs = progress(drawn, ["A1": effective], [elsewhere])
        // check
        #expect(atPending.stage == .pending && atPending.agreementId == nil)
        #expect(atReturned.stage == .returned && atReturned.stage.label == "已退回")
        #expect(atApproved.stage == .approved && atApproved.stage.label == "已批准，待拟定文书")
        #expect(
            atDrawn
                == OrderProgress(stage: .drawn, agreementId: "A1", documentNumber: "大安农委〔2023〕3号", documentState: "待签署")
        )
        #expect(atStart.stage == .started && atStart.delegationId == started.id)
        #expect(atStart.startedOn == Fixture.day("2023-07-01") && atStart.documentNumber == "大安农委〔2023〕3号")
        #expect(notOurs.stage == .drawn && notOurs.delegationId == nil, "another township's start is not ours")
    }
}
