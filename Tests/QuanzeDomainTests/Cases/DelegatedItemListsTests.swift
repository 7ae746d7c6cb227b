import Foundation
import Testing

@testable import QuanzeDomain

/// The engine's input never loses delegated list entries that no delegation record covers.
@Suite("Delegated items from list entries")
struct DelegatedItemListsTests {
    @Test("uncovered 赋权/委托 entries count once per township × item, from their first day; 法定 and covered ones do not")
    func uncovered() {
        // setup
        let entries = [
            Fixture.version(id: "a", item: "XM-001", list: .empowerment, mode: .granted, from: "2022-03-01"),
            Fixture.version(id: "b", item: "XM-001", list: .enforcement, mode: .granted, from: "2022-01-01"),
            Fixture.version(
                id: "c", township: Fixture.subdistrict, item: "XM-002", mode: .entrusted, from: "2023-01-01",
                to: "2025-01-01"),
            Fixture.version(id: "d", item: "XM-003", list: .statutory, mode: .statutory, from: "2021-01-01"),
            Fixture.version(id: "e", item: "XM-004", mode: .granted, from: "2021-01-01"),
        ]
        // act
        let found = DelegatedItem.uncovered(by: ["\(Fixture.town.value)|XM-004"], entries: entries)
        // check
        #expect(
            found == [
                DelegatedItem(
                    township: Fixture.subdistrict.value, itemCode: "XM-002", mode: .entrusted,
                    effectiveOn: Fixture.day("2023-01-01"), transitionEnds: Fixture.day("2024-01-01"),
                    termEnds: Fixture.day("2025-01-01")),
                DelegatedItem(
                    township: Fixture.town.value, itemCode: "XM-001", mode: .granted,
                    effectiveOn: Fixture.day("2022-01-01"), transitionEnds: Fixture.day("2023-01-01"), termEnds: nil),
            ])
    }
}
