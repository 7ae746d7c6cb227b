import Foundation
import Testing

@testable import QuanzeDomain

/// What one 文号 changed, built from real ledger operations over two townships.
@Suite("DecisionChange")
struct DecisionChangesTests {
    static let first = Fixture.decision("大安编发〔2023〕5号", date: "2023-06-01")
    static let second = Fixture.decision("大安编发〔2023〕9号", date: "2023-09-01", kind: .adjustment)

    @Test("a decision's entries are added, ended or amended, across townships and lists")
    func classify() throws {
        // setup: the first decision adds XM-001 at both townships and XM-002 at the town
        var history = History()
        for (township, item) in [(Fixture.town, "XM-001"), (Fixture.subdistrict, "XM-001"), (Fixture.town, "XM-002")] {
            try history.apply(
                .add(
                    township: township, itemCode: item, list: .empowerment, terms: .init(mode: .granted),
                    from: Fixture.day("2023-07-01"), until: nil),
                citation: .decision(Self.first), at: Fixture.t0, item: Fixture.item(item))
        }
        // the second ends XM-002 at the town and turns XM-001 at the subdistrict into 委托
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "XM-002", list: .empowerment, on: Fixture.day("2023-10-01")),
            citation: .decision(Self.second), at: Fixture.t1)
        let entry = try #require(history.current.first { $0.township == Fixture.subdistrict }).entryId
        try history.apply(
            .amend(entryId: entry, terms: .init(mode: .entrusted, partner: "区农业农村局"), from: Fixture.day("2023-10-01")),
            citation: .decision(Self.second), at: Fixture.t2)
        // act
        let first = DecisionChange.of(Self.first.number, versions: history.current)
        let second = DecisionChange.of(Self.second.number, versions: history.current)
        // check
        #expect(first.map(\.kind) == [.added, .added, .added])
        #expect(Set(first.map { "\($0.entry.township.value)|\($0.entry.itemCode)" }).count == 3)
        #expect(second.map(\.kind) == [.amended, .ended])
        #expect(second.map(\.entry.township) == [Fixture.subdistrict, Fixture.town])
        #expect(second.first?.previous?.mode == .granted)
        #expect(second.first?.entry.mode == .entrusted)
    }
}
