import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The public dashboards (district, township, item): each reads one `IndicatorSelection` and shows its groups —
/// the same groups `GET /api/v1/indicators?groupBy=…` answers — as SVG charts with their numbers in tables.
extension CasesController {
    /// One row of a dashboard table (a month, a township or an item) with its figures formatted.
    struct FigureRow {
        /// Place in a ranking (1 = most cases); 0 in the trend table.
        var rank = 0
        var key: String
        var label: String
        var href: String?
        var volume: String
        var onTimeRate: String
        var overdue: String
        var meanDuration: String
        var satisfaction: String
        var departmentShare: String
        /// Non-compliant of the cases checked against the statutes ("2 / 16").
        var nonCompliant: String
    }

    /// The trend by month: volume chart, on-time rate chart, and the table with the period's total.
    struct TrendView {
        var chart: String
        var onTimeChart: String
        var rows: [FigureRow]
        var total: FigureRow
    }

    /// A ranking of townships or items by volume: chart and table of the first rows, the rest folded below.
    struct RankingView {
        var title: String
        var header: String
        var showCode: Bool
        var chart: String
        var rows: [FigureRow]
        var more: [FigureRow]
        var hasMore: Bool
        var moreCount: Int
        var note: String?
        /// The filter bar, sort links, counts, pager and export of a long ranking (items); nil on short ones.
        var controls: TableControls?
    }

    /// A long ranking's table (the items of the district or of a township): keyword over code and name, sorted by
    /// any figure (by volume, largest first, unless asked), paged; its export (`format=…&groupBy=item`) writes
    /// exactly the filtered rows. `pageSize`: 20 on the district's page (its top 20 as before), 200 on a township's.
    static func itemRankingSpec(pageSize: Int) -> TableSpec {
        TableSpec(
            sortable: [
                .init("volume", "办件量"), .init("onTime", "按期办结率"), .init("overdue", "超期"),
                .init("duration", "平均办理天数"), .init("satisfaction", "满意度"), .init("code", "事项编码"),
            ], filters: [], defaultSort: "volume", defaultDescending: true, defaultPageSize: pageSize)
    }

    /// A group with its place in the ranking by volume (kept whatever the table is sorted by).
    typealias RankedGroup = (rank: Int, group: IndicatorSelection.NamedGroup)

    static func rankingRecord(_ r: RankedGroup) -> TableRecord {
        let c = r.group.total
        func scaled(_ x: Double?, _ by: Double) -> TableValue { x.map { .number(Int(($0 * by).rounded())) } ?? .empty }
        return TableRecord(
            values: [
                "volume": .number(c.volume), "onTime": scaled(c.onTimeRate, 1000), "overdue": .number(c.overdue),
                "duration": scaled(c.meanDuration, 10), "satisfaction": scaled(c.satisfaction, 100),
                "code": .text(r.group.key),
            ], searchText: [r.group.key, r.group.name ?? ""].joined(separator: "\u{1F}"))
    }

    /// The item ranking through the table mechanism: the page of rows and its controls.
    static func itemTable(
        _ groups: [IndicatorSelection.NamedGroup], request: Request, path: String, hidden: [(String, String)],
        pageSize: Int
    ) throws -> (page: TablePage<RankedGroup>, controls: TableControls) {
        let spec = itemRankingSpec(pageSize: pageSize)
        let query = try TableControls.query(request, spec: spec)
        let ranked: [RankedGroup] = groups.enumerated().map { (rank: $0.offset + 1, group: $0.element) }
        let page = query.apply(ranked, record: rankingRecord)
        return (
            page,
            TableControls(
                path: path, hidden: hidden + [("groupBy", "item")], spec: spec, query: query, page: page,
                placeholder: "事项名称或编码中的字词")
        )
    }

    /// A ranking section whose rows come from an item table: the chart of the first rows of the whole ranking, the
    /// table of the page (its first rows open, the rest folded).
    static func ranking(
        table: (page: TablePage<RankedGroup>, controls: TableControls), all groups: [IndicatorSelection.NamedGroup],
        title: String, link: (String) -> String
    ) -> RankingView {
        let rows = table.page.rows.map { r in
            var row = row(r.group.name ?? r.group.key, r.group.total, key: r.group.key, href: link(r.group.key))
            row.rank = r.rank
            return row
        }
        return RankingView(
            title: title, header: "事项", showCode: true,
            chart: Charts.ranking(
                groups.prefix(firstRows).map { ($0.name ?? $0.key, Double($0.total.volume)) }, title: title,
                axis: "办件量（件）", format: { Format.count(Int($0)) }),
            rows: Array(rows.prefix(firstRows)), more: Array(rows.dropFirst(firstRows)),
            hasMore: rows.count > firstRows, moreCount: max(rows.count - firstRows, 0), note: nil,
            controls: table.controls)
    }

    /// The export of an item ranking: exactly the rows its table keeps (`q`, `sort`, …), every page.
    static func itemDownload(
        _ s: IndicatorSelection, request: Request, format: TableControls.Format, pageSize: Int, services: AppServices
    ) async throws -> Response {
        let groups = try await s.groups(by: .item, services: services)
        let spec = itemRankingSpec(pageSize: pageSize)
        let query = try TableControls.query(request, spec: spec)
        let ranked: [RankedGroup] = groups.enumerated().map { (rank: $0.offset + 1, group: $0.element) }
        let kept = query.apply(ranked, record: rankingRecord).filtered.map { $0.group }
        return TableControls.download(
            table(kept, by: .item), format: format, filename: "indicators-item-\(s.from)-\(s.to)")
    }

    struct DistrictDashboardPage {
        var from: String
        var to: String
        var item: String
        var townships: [AccountsController.Option]
        var trend: TrendView
        var townshipRanking: RankingView
        var itemRanking: RankingView
        var compliance: ComplianceView
        /// The page's figures as CSV files, one per grouping it shows.
        var data: [DataLink]
        var empty: Bool
    }

    struct TownshipDashboardPage {
        var code: String
        var name: String
        var from: String
        var to: String
        var periodText: String
        var total: FigureRow
        var trend: TrendView
        var itemRanking: RankingView
        var compliance: ComplianceView
        /// The page's figures as CSV files, one per grouping it shows.
        var data: [DataLink]
        var empty: Bool
    }

    struct ItemDashboardPage {
        var code: String
        var name: String
        var department: String
        var from: String
        var to: String
        var periodText: String
        var total: FigureRow
        var trend: TrendView
        var townshipRanking: RankingView
        var compliance: ComplianceView
        /// The page's figures as CSV files, one per grouping it shows.
        var data: [DataLink]
        var empty: Bool
    }

    /// How many items the district's item ranking lists.
    static let topItems = 20
    /// How many rows a ranking charts and lists unfolded (a township handles over a hundred items).
    static let firstRows = 20

    static func percentText(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    static func row(_ label: String, _ c: IndicatorCell, key: String = "", href: String? = nil) -> FigureRow {
        FigureRow(
            key: key, label: label, href: href, volume: Format.count(c.volume), onTimeRate: percentText(c.onTimeRate),
            overdue: String(c.overdue), meanDuration: c.meanDuration.map { String(format: "%.1f", $0) } ?? "—",
            satisfaction: c.satisfaction.map { String(format: "%.2f", $0) } ?? "—",
            departmentShare: percentText(c.departmentShare), nonCompliant: nonCompliantText(c.compliance))
    }

    /// Month labels for a chart: "3月" within one year, "23/03" across years.
    static func monthLabel(_ month: String, oneYear: Bool) -> String {
        let m = Int(month.suffix(2)) ?? 0
        return oneYear ? "\(m)月" : "\(month.dropFirst(2).prefix(2))/\(month.suffix(2))"
    }

    static func trend(_ selection: IndicatorSelection) -> TrendView {
        let months = IndicatorCell.grouped(selection.cells, by: .month, county: selection.county)
        let oneYear = Set(months.map { $0.key.prefix(4) }).count <= 1
        let labels = months.map { monthLabel($0.key, oneYear: oneYear) }
        return TrendView(
            chart: Charts.bars(
                zip(labels, months).map { ($0, Double($1.total.volume)) }, title: "各月办件量", axis: "办件量（件）",
                across: "受理月份", format: { Format.count(Int($0)) }),
            onTimeChart: Charts.bars(
                zip(labels, months).map { ($0, $1.total.onTimeRate) }, title: "各月按期办结率", axis: "按期办结率（%）",
                across: "受理月份", height: 180, scale: 1, format: { String(format: "%.0f%%", $0 * 100) }),
            rows: months.map { row($0.key, $0.total, key: $0.key) }, total: row("合计", selection.total))
    }

    /// A ranking section from the selection's groups; `link` gives each row's dashboard address.
    static func ranking(
        _ groups: [IndicatorSelection.NamedGroup], title: String, header: String, showCode: Bool,
        limit: Int? = nil, link: (String) -> String
    ) -> RankingView {
        let shown = limit.map { Array(groups.prefix($0)) } ?? groups
        let rows = shown.enumerated().map { index, group in
            var r = row(group.name ?? group.key, group.total, key: group.key, href: link(group.key))
            r.rank = index + 1
            return r
        }
        return RankingView(
            title: title, header: header, showCode: showCode,
            chart: Charts.ranking(
                shown.prefix(firstRows).map { ($0.name ?? $0.key, Double($0.total.volume)) }, title: title,
                axis: "办件量（件）", format: { Format.count(Int($0)) }),
            rows: Array(rows.prefix(firstRows)), more: Array(rows.dropFirst(firstRows)),
            hasMore: rows.count > firstRows, moreCount: max(rows.count - firstRows, 0),
            note: groups.count > shown.count ? "共 \(groups.count) 项，列出办件量前 \(shown.count) 项" : nil,
            controls: nil)
    }

    static func period(_ s: IndicatorSelection) -> String { "from=\(s.from)&to=\(s.to)" }

    /// A month "2023-01" as running text reads it: "2023年1月".
    static func monthText(_ month: String) -> String {
        guard let y = Int(month.prefix(4)), let m = Int(month.suffix(2)) else { return month }
        return "\(y)年\(m)月"
    }

    /// The selection's period in running text: "2023年1月至2023年12月".
    static func periodText(_ s: IndicatorSelection) -> String {
        s.from == s.to ? monthText(s.from) : "\(monthText(s.from))至\(monthText(s.to))"
    }

    /// The district dashboard (public aggregates): trend by month, ranking of townships and of items.
    @Sendable static func dashboard(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let q = request.uri.queryParameters
        let year = IndicatorSelection.yearOf(services.today)
        let s = try await IndicatorSelection.read(
            request, services: services, defaultFrom: year.from, defaultTo: year.to, township: q.get("township"),
            item: q.get("item"))
        let names = try await IndicatorSelection.townshipNames(services)
        let filter = [s.township.map { "&township=\(percentEncode($0))" }, s.item.map { "&item=\(percentEncode($0))" }]
            .compactMap { $0 }.joined()
        let format = try exportFormat(request)
        if format != .html {
            let d = try dimension(request, allowed: [.month, .township, .item])
            if d == .item {
                return try await itemDownload(
                    s, request: request, format: format, pageSize: topItems, services: services)
            }
            return try await download(s, by: d, format: format, services: services)
        }
        let itemGroups = try await s.groups(by: .item, services: services)
        let selection =
            [("from", s.from), ("to", s.to)]
            + [s.township.map { ("township", $0) }, s.item.map { ("item", $0) }]
            .compactMap { $0 }
        let items = try itemTable(
            itemGroups, request: request, path: "/indicators", hidden: selection, pageSize: topItems)
        let page = DistrictDashboardPage(
            from: s.from, to: s.to, item: s.item ?? "",
            townships: names.sorted { $0.key < $1.key }.map {
                .init(value: $0.key, label: $0.value, selected: $0.key == s.township)
            }, trend: trend(s),
            townshipRanking: ranking(
                try await s.groups(by: .township, services: services), title: "各镇街办件量排名", header: "镇街",
                showCode: false, link: { "/indicators/townships/\($0)?\(period(s))" }),
            itemRanking: ranking(
                table: items, all: itemGroups, title: "事项办件量排名", link: { "/indicators/items/\($0)?\(period(s))" }),
            compliance: try await compliance(s.total, services: services),
            data: dataLinks(
                path: "/indicators", query: "\(period(s))\(filter)", dimensions: [.month, .township, .item]),
            empty: s.cells.isEmpty)
        return try Page.render(
            page, template: "cases/dashboard", title: "运行指标", section: "indicators", services: services)
    }

    /// A township's dashboard: its trend by month and the ranking of the items it handled.
    @Sendable static func townshipDashboard(_ request: Request, context: AppContext, services: AppServices)
        async throws -> Response
    {
        let code = try Query.township(context)
        let (region, _) = try await services.township(code)
        let year = IndicatorSelection.yearOf(services.today)
        let s = try await IndicatorSelection.read(
            request, services: services, defaultFrom: year.from, defaultTo: year.to, township: code.value, item: nil)
        let format = try exportFormat(request)
        if format != .html {
            let d = try dimension(request, allowed: [.month, .item])
            if d == .item {
                return try await itemDownload(
                    s, request: request, format: format, pageSize: TableQuery.maxPageSize, services: services)
            }
            return try await download(s, by: d, format: format, services: services)
        }
        let itemGroups = try await s.groups(by: .item, services: services)
        let items = try itemTable(
            itemGroups, request: request, path: "/indicators/townships/\(code.value)",
            hidden: [("from", s.from), ("to", s.to)], pageSize: TableQuery.maxPageSize)
        let page = TownshipDashboardPage(
            code: code.value, name: region.name, from: s.from, to: s.to, periodText: periodText(s),
            total: row("合计", s.total), trend: trend(s),
            itemRanking: ranking(
                table: items, all: itemGroups, title: "本镇街事项办件量排名",
                link: { "/indicators/items/\($0)?\(period(s))" }),
            compliance: try await compliance(s.total, services: services),
            data: dataLinks(
                path: "/indicators/townships/\(code.value)", query: period(s), dimensions: [.month, .item]),
            empty: s.cells.isEmpty)
        return try Page.render(
            page, template: "cases/township", title: "\(region.name)运行指标", section: "indicators",
            breadcrumb: [.init(label: "运行指标", href: "/indicators?\(period(s))"), .init(label: region.name, href: nil)],
            services: services)
    }

    /// An item's dashboard: its trend by month and the ranking of the townships that handled it.
    @Sendable static func itemDashboard(_ request: Request, context: AppContext, services: AppServices)
        async throws -> Response
    {
        let code = try CatalogController.itemCode(context)
        guard let item = try await services.items.item(county: services.county, code: code) else {
            throw AppError.notFound("事项目录中没有编码为 \(code) 的事项")
        }
        let year = IndicatorSelection.yearOf(services.today)
        let s = try await IndicatorSelection.read(
            request, services: services, defaultFrom: year.from, defaultTo: year.to, township: nil, item: code)
        let format = try exportFormat(request)
        if format != .html {
            return try await download(
                s, by: try dimension(request, allowed: [.month, .township]), format: format, services: services)
        }
        let page = ItemDashboardPage(
            code: code, name: item.name, department: item.department, from: s.from, to: s.to, periodText: periodText(s),
            total: row("合计", s.total), trend: trend(s),
            townshipRanking: ranking(
                try await s.groups(by: .township, services: services), title: "各镇街办件量排名", header: "镇街",
                showCode: false, link: { "/indicators/townships/\($0)?\(period(s))" }),
            compliance: try await compliance(s.total, services: services),
            data: dataLinks(path: "/indicators/items/\(code)", query: period(s), dimensions: [.month, .township]),
            empty: s.cells.isEmpty)
        return try Page.render(
            page, template: "cases/item", title: "\(item.name)运行指标", section: "indicators",
            breadcrumb: [.init(label: "运行指标", href: "/indicators?\(period(s))"), .init(label: code, href: nil)],
            services: services)
    }
}
