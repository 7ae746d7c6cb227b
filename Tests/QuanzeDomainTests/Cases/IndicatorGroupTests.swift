import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Indicator groups")
struct IndicatorGroupTests {
    static func cell(_ township: String, _ item: String, _ month: String, volume: Int, onTime: Int) -> IndicatorCell {
        var c = IndicatorCell(county: Fixture.county, township: township, itemCode: item, month: month)
        c.volume = volume
        c.closed = volume
        c.onTime = onTime
        c.overdue = volume - onTime
        return c
    }

    @Test("groups total their cells from sums; months in order, rankings by volume with ties by code")
    func grouped() {
        // setup
        let cells = [
            Self.cell("T2", "B", "2023-02", volume: 3, onTime: 3),
            Self.cell("T1", "A", "2023-01", volume: 1, onTime: 0),
            Self.cell("T1", "B", "2023-02", volume: 1, onTime: 1),
            Self.cell("T3", "A", "2023-01", volume: 4, onTime: 2),
        ]
        // act
        let months = IndicatorCell.grouped(cells, by: .month, county: Fixture.county)
        let townships = IndicatorCell.grouped(cells, by: .township, county: Fixture.county)
        let items = IndicatorCell.grouped(cells, by: .item, county: Fixture.county)
        // check
        #expect(months.map(\.key) == ["2023-01", "2023-02"])
        #expect(months.map(\.total.volume) == [5, 4])
        #expect(months[0].total.onTimeRate == 2.0 / 5.0, "a rate of the sums, not the mean of 0 % and 50 %")
        #expect(townships.map(\.key) == ["T3", "T2", "T1"])
        #expect(items.map(\.key) == ["A", "B"], "5 against 4")
        #expect(items.map(\.total.volume) == [5, 4])
        #expect(IndicatorCell.grouped([], by: .item, county: Fixture.county).isEmpty)
        let tied = IndicatorCell.grouped(
            [
                Self.cell("T9", "A", "2023-01", volume: 2, onTime: 2),
                Self.cell("T8", "A", "2023-01", volume: 2, onTime: 2),
            ],
            by: .township, county: Fixture.county)
        #expect(tied.map(\.key) == ["T8", "T9"])
        for dimension in IndicatorCell.Dimension.allCases {
            let groups = IndicatorCell.grouped(cells, by: dimension, county: Fixture.county)
            #expect(groups.map(\.total.volume).reduce(0, +) == 9, "every cell in exactly one group (\(dimension))")
        }
    }
}
