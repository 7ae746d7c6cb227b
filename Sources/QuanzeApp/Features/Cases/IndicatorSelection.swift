import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// One selection of indicator cells — a period, optionally one township and one item — read the same way by the
/// three dashboards and `GET /api/v1/indicators`, so that a page's figures and the API's are the same numbers.
struct IndicatorSelection {
    var county: String
    var from: String
    var to: String
    var township: String?
    var item: String?
    /// The selection's cells: all of them, or the page asked for (`read(…page:)`).
    var cells: [IndicatorCell]
    /// How many cells the selection has, and their sum.
    var cellCount: Int
    var total: IndicatorCell

    /// A group with the name a reader knows it by (township and item names; months have none).
    struct NamedGroup {
        var key: String
        var name: String?
        var total: IndicatorCell
    }

    /// Reads `from`/`to` (YYYY-MM, 400 when malformed, else the given defaults) and the cells of the selection;
    /// with `page` (limit, offset) only that part of them, the count and the total added by the database.
    static func read(
        _ request: Request, services: AppServices, defaultFrom: String, defaultTo: String, township: String?,
        item: String?, page: (limit: Int, offset: Int)? = nil
    ) async throws -> IndicatorSelection {
        let from = try Query.month(request, "from") ?? defaultFrom
        let to = try Query.month(request, "to") ?? defaultTo
        let township = township.flatMap { $0.isEmpty ? nil : $0 }
        let item = item.flatMap { $0.isEmpty ? nil : $0 }
        let store = CaseStore(services.database)
        let cells = try await store.cells(
            county: services.county, from: from, to: to, township: township, item: item, page: page)
        var (count, total) = (cells.count, IndicatorCell.total(cells, county: services.county, label: "合计"))
        if page != nil {
            (count, total) = try await store.cellSummary(
                county: services.county, from: from, to: to, township: township, item: item)
            (total.township, total.itemCode, total.month) = ("合计", "合计", "合计")
        }
        return IndicatorSelection(
            county: services.county, from: from, to: to, township: township, item: item, cells: cells,
            cellCount: count, total: total)
    }

    /// The period of the pages when none is asked for: the calendar year of today.
    static func yearOf(_ today: Day) -> (from: String, to: String) {
        (String(format: "%04d-01", today.year), String(format: "%04d-12", today.year))
    }

    /// The selection totalled by one dimension (`IndicatorCell.grouped`), with township or item names.
    func groups(by dimension: IndicatorCell.Dimension, services: AppServices) async throws -> [NamedGroup] {
        let groups = IndicatorCell.grouped(cells, by: dimension, county: county)
        let names: [String: String]
        switch dimension {
        case .month: names = [:]
        case .township: names = try await Self.townshipNames(services)
        case .item:
            names = Dictionary(
                try await services.items.items(county: county, codes: groups.map(\.key)).map { ($0.code, $0.name) },
                uniquingKeysWith: { a, _ in a })
        }
        return groups.map { NamedGroup(key: $0.key, name: names[$0.key], total: $0.total) }
    }

    static func townshipNames(_ services: AppServices) async throws -> [String: String] {
        Dictionary(
            try await services.townships(county: services.county).map { ($0.0.code.value, $0.0.name) },
            uniquingKeysWith: { a, _ in a })
    }
}
