import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The dashboards' figures as a file (`?format=csv|xlsx&groupBy=month|township|item` on the dashboard's own
/// address): the same selection and the same groups as the page and `GET /api/v1/indicators`, with Chinese column
/// names, written by the one table export (`TableExport`: CSV with a byte-order mark, or XLSX) that every table uses.
extension CasesController {
    /// The page's links to its data: one per grouping the page shows, as CSV and as XLSX.
    struct DataLink {
        var label: String
        var href: String
        var xlsxHref: String
        /// "；" between groupings, empty after the last.
        var separator: String
    }

    /// The file the request asks for instead of the page (`.html` for the page itself); anything but csv or xlsx is
    /// refused.
    static func exportFormat(_ request: Request) throws -> TableControls.Format {
        try TableControls.format(request)
    }

    static func dimension(_ request: Request, allowed: [IndicatorCell.Dimension]) throws -> IndicatorCell.Dimension {
        guard let text = request.uri.queryParameters.get("groupBy"), !text.isEmpty else { return .month }
        guard let d = IndicatorCell.Dimension(rawValue: text), allowed.contains(d) else {
            throw AppError.badRequest("分组方式只能是\(allowed.map(dimensionLabel).joined(separator: "、"))")
        }
        return d
    }

    static func dimensionLabel(_ d: IndicatorCell.Dimension) -> String {
        switch d {
        case .month: "按月"
        case .township: "按镇街"
        case .item: "按事项"
        }
    }

    /// Links to the data of each grouping, for the page's address `path` with its selection `query`.
    static func dataLinks(path: String, query: String, dimensions: [IndicatorCell.Dimension]) -> [DataLink] {
        dimensions.enumerated().map { index, d in
            DataLink(
                label: dimensionLabel(d), href: "\(path)?\(query)&format=csv&groupBy=\(d.rawValue)",
                xlsxHref: "\(path)?\(query)&format=xlsx&groupBy=\(d.rawValue)",
                separator: index == dimensions.count - 1 ? "" : "；")
        }
    }

    static func download(
        _ s: IndicatorSelection, by d: IndicatorCell.Dimension, format: TableControls.Format, services: AppServices
    ) async throws -> Response {
        let groups = try await s.groups(by: d, services: services)
        return TableControls.download(
            table(groups, by: d), format: format, filename: "indicators-\(d.rawValue)-\(s.from)-\(s.to)")
    }

    /// A header row and one row per group; counts as numbers, rates as percentages with one decimal, empty when there
    /// is nothing to rate.
    static func table(_ groups: [IndicatorSelection.NamedGroup], by d: IndicatorCell.Dimension) -> TableExport {
        let keyColumns: [String]
        switch d {
        case .month: keyColumns = ["受理月份"]
        case .township: keyColumns = ["镇街代码", "镇街"]
        case .item: keyColumns = ["事项编码", "事项名称"]
        }
        let figures = ["办件量", "按期办结率(%)", "超期", "平均办理天数", "满意度", "部门代办占比(%)", "经合规检查件数", "不合规件数"]
        func decimal(_ x: Double?, _ digits: String) -> TableValue {
            x.map { .text(String(format: digits, $0)) } ?? .empty
        }
        let rows: [[TableValue]] = groups.map { g in
            let c = g.total
            let keys: [TableValue] = d == .month ? [.text(g.key)] : [.text(g.key), .text(g.name ?? "")]
            return keys + [
                .number(c.volume), decimal(c.onTimeRate.map { $0 * 100 }, "%.1f"), .number(c.overdue),
                decimal(c.meanDuration, "%.1f"), decimal(c.satisfaction, "%.2f"),
                decimal(c.departmentShare.map { $0 * 100 }, "%.1f"), .number(c.compliance.cases),
                .number(c.compliance.nonCompliant),
            ]
        }
        return TableExport(sheetName: "办件指标\(dimensionLabel(d))", header: keyColumns + figures, rows: rows)
    }
}
