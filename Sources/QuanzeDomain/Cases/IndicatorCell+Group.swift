import Foundation

extension IndicatorCell {
    /// What a dashboard or the API totals cells by: the trend (by month) or a ranking (by township or by item).
    public enum Dimension: String, CaseIterable, Sendable {
        case month, township, item

        public func key(of cell: IndicatorCell) -> String {
            switch self {
            case .month: cell.month
            case .township: cell.township
            case .item: cell.itemCode
            }
        }
    }

    /// The total of the cells sharing one key of a dimension.
    public struct Group: Hashable, Sendable {
        public var key: String
        public var total: IndicatorCell
    }

    /// The one way every page and the API group cells: totals per key (rates recomputed from the sums, never
    /// averaged), months in calendar order, townships and items ranked by volume (ties by code), so that a
    /// dashboard row and the API group of the same selection are the same numbers in the same order.
    public static func grouped(_ cells: [IndicatorCell], by dimension: Dimension, county: String) -> [Group] {
        let groups = Dictionary(grouping: cells, by: dimension.key(of:)).map {
            Group(key: $0.key, total: total($0.value, county: county, label: $0.key))
        }
        switch dimension {
        case .month: return groups.sorted { $0.key < $1.key }
        case .township, .item: return groups.sorted { ($0.total.volume, $1.key) > ($1.total.volume, $0.key) }
        }
    }
}
