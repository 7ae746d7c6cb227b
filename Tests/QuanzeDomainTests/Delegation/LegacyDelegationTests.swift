import Foundation
import Testing

@testable import QuanzeDomain

/// 存量 delegations: records in force built from a county's existing lists, so every workflow sees them.
@Suite("Legacy (存量) delegations")
struct LegacyDelegationTests {
    static let actor = Actor(name: "system", role: "system")

    static func legacy(_ mode: DelegationMode, until: String? = nil, lists: [ListKind]) -> Delegation {
        Delegation.legacy(
            id: "G-0001", county: Fixture.county, decision: "大安编发〔2023〕5号", mode: mode, item: Fixture.item(),
            department: ("D-AG", "区农业农村局"), unit: (Fixture.town.value, "白马镇"),
            effectiveOn: Fixture.day("2023-07-01"), until: until.map(Fixture.day), lists: lists, by: actor,
            at: Fixture.t0)
    }

    @Test("a granted entry: in force, marked 存量, no agreement, the lifecycle's transition period, no term")
    func granted() {
        // setup
        let lists: [ListKind] = [.enforcement, .empowerment]
        // act
        let d = Self.legacy(.granted, until: "2026-07-01", lists: lists)
        // check
        #expect(d.state == .active)
        #expect(d.isLegacy)
        #expect(d.agreementId.isEmpty)
        #expect(d.transitionEnds == Fixture.day("2023-07-01").addingMonths(Delegation.defaultTransitionMonths))
        #expect(d.transitionEnds == Fixture.day("2024-07-01"))
        #expect(d.termEnds == nil)
        #expect(d.actingName == "白马镇")
        #expect(d.lists == [.empowerment, .enforcement])
        #expect(d.history.map(\.step) == ["存量登记"])
    }

    @Test("an entrusted entry: its term is the entries' end, and the township acts in the department's name")
    func entrusted() {
        // setup, act
        let d = Self.legacy(.entrusted, until: "2026-07-01", lists: [.empowerment])
        // check
        #expect(d.termEnds == Fixture.day("2026-07-01"))
        #expect(d.actingName == "区农业农村局")
        #expect(d.responsible(on: Fixture.day("2025-01-01")) == "区农业农村局")
    }

    @Test("a recall ends exactly the lists a 存量 record stands on, whatever the item's category")
    func recallLists() {
        // setup
        let d = Self.legacy(.granted, lists: [.enforcement])
        let lifecycle = { () -> Delegation in
            var copy = d
            copy.lists = nil
            copy.origin = nil
            return copy
        }()
        // act
        let legacyChanges = d.recallChanges(township: Fixture.town, category: .penalty, on: Fixture.day("2024-01-01"))
        let derived = lifecycle.recallChanges(
            township: Fixture.town, category: .penalty, on: Fixture.day("2024-01-01"))
        // check
        #expect(
            legacyChanges == [
                .withdraw(township: Fixture.town, itemCode: "XM-001", list: .enforcement, on: Fixture.day("2024-01-01"))
            ])
        #expect(derived.count == 2)
    }

    @Test("a record stored before origins existed decodes as a lifecycle one")
    func decodesOld() throws {
        // setup
        var d = Self.legacy(.granted, lists: [.empowerment])
        d.origin = nil
        d.lists = nil
        let data = try JSONEncoder().encode(d)
        // act
        let decoded = try JSONDecoder().decode(Delegation.self, from: data)
        // check
        #expect(!String(decoding: data, as: UTF8.self).contains("origin"))
        #expect(decoded.isLegacy == false)
        #expect(decoded == d)
    }
}
