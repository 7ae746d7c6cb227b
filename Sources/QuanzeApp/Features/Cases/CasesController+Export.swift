import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The dashboards' figures as a CSV file (`?format=csv&groupBy=month|township|item` on the dashboard's own
/// address): the same selection and the same groups as the page and `GET /api/v1/indicators`, with Chinese column
/// names, in UTF-8 with a byte-order mark so that Excel and WPS open the Chinese intact.
extension CasesController {
    /// The page's links to its data: one per grouping the page shows.
    struct DataLink {
        var label: String
        var href: String
        /// "、" between links, empty after the last.
        var separator: String
    }

    /// Whether the request asks for the CSV file rather than the page; anything else than `csv` is refused.
    static func wantsCSV(_ request: Request) throws -> Bool {
        guard let format = request.uri.queryParameters.get("format"), !format.isEmpty else { return false }
        guard format == "csv" else { throw AppError.badRequest("下载格式只能是 CSV") }
        return true
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

    /// Links to the CSV of each grouping, for the page's address `path` with its selection `query`.
    static func dataLinks(path: String, query: String, dimensions: [IndicatorCell.Dimension]) -> [DataLink] {
        dimensions.enumerated().map { index, d in
            DataLink(
                label: dimensionLabel(d), href: "\(path)?\(query)&format=csv&groupBy=\(d.rawValue)",
                separator: index == dimensions.count - 1 ? "" : "、")
        }
    }

    static func csvResponse(_ s: IndicatorSelection, by d: IndicatorCell.Dimension, services: AppServices)
        async throws -> Response
    {
        let groups = try await s.groups(by: d, services: services)
        let body = csv(groups, by: d)
        let name = "indicators-\(d.rawValue)-\(s.from)-\(s.to).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
            ], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The CSV text: a header row and one row per group; rates as percentages with one decimal, empty
    /// when there is nothing to rate.
    static func csv(_ groups: [IndicatorSelection.NamedGroup], by d: IndicatorCell.Dimension) -> String {
        let keyColumns: [String]
        switch d {
        case .month: keyColumns = ["受理月份"]
        case .township: keyColumns = ["镇街代码", "镇街"]
        case .item: keyColumns = ["事项编码", "事项名称"]
        }
        let figures = ["办件量", "按期办结率(%)", "超期", "平均办理天数", "满意度", "部门代办占比(%)", "经合规检查件数", "不合规件数"]
        func percent(_ x: Double?) -> String { x.map { String(format: "%.1f", $0 * 100) } ?? "" }
        var lines = [(keyColumns + figures).joined(separator: ",")]
        for g in groups {
            let c = g.total
            let keys = d == .month ? [g.key] : [g.key, g.name ?? ""]
            let values = [
                String(c.volume), percent(c.onTimeRate), String(c.overdue),
                c.meanDuration.map { String(format: "%.1f", $0) } ?? "",
                c.satisfaction.map { String(format: "%.2f", $0) } ?? "", percent(c.departmentShare),
                String(c.compliance.cases), String(c.compliance.nonCompliant),
            ]
            lines.append((keys + values).map(ListExportCSV.field).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
