import Foundation
import Hummingbird
import QuanzeDomain

/// The one table mechanism of the pages: reads a `TableQuery` from the request, builds the filter bar (a GET form,
/// so it works without JavaScript), the counts, the sort links, the pager and the export links; and answers
/// `?format=csv` / `?format=xlsx` with exactly the filtered rows. Rules live in `TableQuery` and `TableExport`.
struct TableControls {
    struct Field {
        var name: String
        var value: String
    }

    /// A filter typed rather than chosen (a day, a login name): an `<input>` of the bar whose value every link keeps.
    struct InputView {
        var name: String
        var label: String
        var type: String
        var value: String
        var placeholder: String
    }

    struct FilterView {
        var key: String
        var label: String
        var options: [FormOption]
    }

    struct SortLink {
        var label: String
        var href: String
        /// ↑ or ↓ on the column sorted by, empty elsewhere.
        var arrow: String
        var active: Bool
    }

    var action: String
    /// Parameters the form and every link keep (a day, the list shown), as hidden fields.
    var hidden: [Field]
    var keyword: String
    var keywordPlaceholder: String
    /// What a row is called in the counts ("条", or "组" for the suggestion groups).
    var unit: String
    var inputs: [InputView]
    var filters: [FilterView]
    var sortLinks: [SortLink]
    /// Counts as the bar prints them, grouped by thousands (10,061).
    var total: String
    var filteredCount: String
    var isFiltered: Bool
    var page: Int
    var pageCount: Int
    var pageSize: Int
    var sizeOptions: [FormOption]
    var hasPrevious: Bool
    var hasNext: Bool
    var previousHref: String
    var nextHref: String
    var csvHref: String
    var xlsxHref: String
    var resetHref: String
    var hasPages: Bool { pageCount > 1 }

    enum Format: String {
        case html, csv, xlsx
    }

    /// The first value of each query parameter.
    static func parameters(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in request.uri.queryParameters where out[String(k)] == nil { out[String(k)] = String(v) }
        return out
    }

    static func query(_ request: Request, spec: TableSpec) throws -> TableQuery {
        try query(parameters(request), spec: spec)
    }

    static func query(_ parameters: [String: String], spec: TableSpec) throws -> TableQuery {
        do throws(TableQueryFailure) {
            return try TableQuery.parse(parameters, spec: spec)
        } catch {
            throw AppError.badRequest(error.message)
        }
    }

    static func format(_ request: Request) throws -> Format {
        guard let text = parameters(request)["format"], !text.isEmpty else { return .html }
        guard let f = Format(rawValue: text) else {
            throw AppError.badRequest("导出格式“\(text)”不正确，应为 csv 或 xlsx")
        }
        return f
    }

    static func href(_ path: String, _ parameters: [(String, String)]) -> String {
        parameters.isEmpty
            ? path : path + "?" + parameters.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    init<Row>(
        path: String, hidden: [(String, String)] = [], inputs: [InputView] = [], spec: TableSpec, query: TableQuery,
        page: TablePage<Row>, placeholder: String = "输入名称或编码中的字词", unit: String = "条"
    ) {
        action = path
        self.hidden = hidden.map { Field(name: $0.0, value: $0.1) }
        self.inputs = inputs
        let kept = hidden + inputs.filter { !$0.value.isEmpty }.map { ($0.name, $0.value) }
        keyword = query.keyword ?? ""
        keywordPlaceholder = placeholder
        self.unit = unit
        filters = spec.filters.map { f in
            FilterView(
                key: f.key, label: f.label,
                options: f.options.map {
                    FormOption(value: $0.key, label: $0.label, selected: query.filters[f.key] == $0.key)
                })
        }
        func link(_ q: TableQuery, extra: [(String, String)] = []) -> String {
            Self.href(path, kept + q.parameters(spec: spec) + extra)
        }
        var shown = query
        shown.page = page.page
        sortLinks = spec.sortable.map { c in
            var q = query
            q.page = 1
            let active = query.sort == c.key
            q.sort = c.key
            q.descending = active ? !query.descending : false
            return SortLink(
                label: c.label, href: link(q), arrow: active ? (query.descending ? "↓" : "↑") : "", active: active)
        }
        total = QuanzeApp.Format.count(page.total)
        filteredCount = QuanzeApp.Format.count(page.filteredCount)
        isFiltered = query.keyword != nil || !query.filters.isEmpty || kept.count > hidden.count
        self.page = page.page
        pageCount = page.pageCount
        pageSize = query.pageSize
        sizeOptions = Set([
            20, spec.defaultPageSize, TableQuery.defaultPageSize, 100, TableQuery.maxPageSize, query.pageSize,
        ]).sorted().map {
            FormOption(value: String($0), label: "\($0) 条", selected: $0 == query.pageSize)
        }
        hasPrevious = page.page > 1
        hasNext = page.page < page.pageCount
        var previous = shown
        previous.page = max(1, page.page - 1)
        var next = shown
        next.page = min(page.pageCount, page.page + 1)
        previousHref = link(previous)
        nextHref = link(next)
        var all = query
        all.page = 1
        csvHref = link(all, extra: [("format", "csv")])
        xlsxHref = link(all, extra: [("format", "xlsx")])
        resetHref = Self.href(path, hidden)
    }

    /// A download's Content-Disposition: an ASCII `fallback` name and the real name in UTF-8 (RFC 6266 `filename*`).
    static func attachment(_ name: String, fallback: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            .init(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// The export response: CSV (UTF-8 with BOM) or XLSX, named after the table in UTF-8 (RFC 6266 `filename*`).
    static func download(_ table: TableExport, format: Format, filename: String) -> Response {
        let bytes: [UInt8]
        let type: String
        switch format {
        case .xlsx:
            bytes = table.xlsx
            type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default:
            bytes = Array(table.csv.utf8)
            type = "text/csv; charset=utf-8"
        }
        let name = "\(filename).\(format == .xlsx ? "xlsx" : "csv")"
        var fields = HTTPFields()
        fields[.contentType] = type
        fields[.contentDisposition] = attachment(name, fallback: "export.\(format.rawValue)")
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension TableControls: ComputedView {
    var computed: [String: Any] { ["hasPages": hasPages] }
}
