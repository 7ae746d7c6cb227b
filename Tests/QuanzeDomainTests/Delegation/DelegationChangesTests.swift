import Foundation
import Testing

@testable import QuanzeDomain

/// What a started delegation puts on the lists, and what its recall takes off.
@Suite("Delegation: list changes at start and recall")
struct DelegationChangesTests {
    /// A delegation of `mode` started on 2023-07-01 (a 委托 runs until 2025-06-30).
    static func started(_ mode: DelegationMode) throws -> Delegation {
        var document = try AgreementTests.draw(mode).signing(by: Cast.department, at: Fixture.t2)
            .signing(by: Cast.township, at: Fixture.t2)
        for publisher in mode == .entrusted ? [Cast.department, Cast.township] : [Cast.establishment] {
            document = try document.publishing(
                on: Fixture.day("2023-06-20"), place: "网站", by: publisher, at: Fixture.t2)
        }
        return try #require(
            try document.starting(
                on: Fixture.day("2023-07-01"), delegationIds: ["G1"], by: Cast.establishment, at: Fixture.t3
            ).1.first)
    }

    @Test("a 委托 entry names the department it acts for and ends with the term; a 赋权 entry names none")
    func terms() throws {
        // setup
        let entrusted = try Self.started(.entrusted)
        let granted = try Self.started(.granted)
        // act
        let entrustedChanges = entrusted.startChanges(township: Fixture.town, category: .licensing)
        let grantedChanges = granted.startChanges(township: Fixture.town, category: .other)
        // check
        #expect(
            entrustedChanges
                == [ListKind.empowerment, .approval].map {
                    .add(
                        township: Fixture.town, itemCode: entrusted.itemCode, list: $0,
                        terms: Assignment.Terms(mode: .entrusted, partner: entrusted.departmentName),
                        from: Fixture.day("2023-07-01"), until: Fixture.day("2025-06-30"))
                })
        #expect(
            grantedChanges == [
                .add(
                    township: Fixture.town, itemCode: granted.itemCode, list: .empowerment,
                    terms: Assignment.Terms(mode: .granted), from: Fixture.day("2023-07-01"), until: nil)
            ])
    }

    @Test("a recall takes the item off every list its start put it on")
    func recall() throws {
        // setup
        let delegation = try Self.started(.granted)
        // act
        let changes = delegation.recallChanges(
            township: Fixture.town, category: .inspection, on: Fixture.day("2024-01-01"))
        // check
        #expect(
            changes
                == [ListKind.empowerment, .enforcement].map {
                    .withdraw(
                        township: Fixture.town, itemCode: delegation.itemCode, list: $0, on: Fixture.day("2024-01-01"))
                })
    }
}
