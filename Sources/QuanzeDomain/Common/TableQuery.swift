import Foundation

/// One value of a table cell as filters, sorting and exports see it: text, a whole number or a day.
public enum TableValue: Hashable, Sendable {
    case text(String)
    case number(Int)
    case day(Day)
    case empty

    /// The value as a page or a CSV cell prints it (days as YYYY-MM-DD).
    public var display: String {
        switch self {
        case .text(let s): s
        case .number(let n): String(n)
        case .day(let d): d.iso
        case .empty: ""
        }
    }

    /// Sort order: numbers by value, days by date, text by Unicode code points; an empty cell sorts last in either
    /// direction (handled by `TableQuery.apply`).
    static func ascending(_ a: TableValue, _ b: TableValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): x < y
        case (.day(let x), .day(let y)): x < y
        default: a.display.unicodeScalars.lexicographicallyPrecedes(b.display.unicodeScalars)
        }
    }
}

/// What a table offers: its sortable columns and its filters, each filter with the values it accepts.
public struct TableSpec: Hashable, Sendable {
    public struct Column: Hashable, Sendable {
        public var key: String
        public var label: String
        public init(_ key: String, _ label: String) {
            self.key = key
            self.label = label
        }
    }

    public struct Filter: Hashable, Sendable {
        public var key: String
        public var label: String
        /// Accepted values (a key and its Chinese label); a value outside them is refused with a 400.
        public var options: [Column]
        public init(_ key: String, _ label: String, options: [Column]) {
            self.key = key
            self.label = label
            self.options = options
        }
    }

    public var sortable: [Column]
    public var filters: [Filter]
    public var defaultSort: String
    public var defaultDescending: Bool
    /// Rows per page when the query does not say (`TableQuery.defaultPageSize` unless the table wants another).
    public var defaultPageSize: Int

    public init(
        sortable: [Column], filters: [Filter], defaultSort: String, defaultDescending: Bool = false,
        defaultPageSize: Int = TableQuery.defaultPageSize
    ) {
        self.sortable = sortable
        self.filters = filters
        self.defaultSort = defaultSort
        self.defaultDescending = defaultDescending
        self.defaultPageSize = defaultPageSize
    }
}

/// A bad table parameter, with the Chinese message the page or the API returns (400).
public struct TableQueryFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One row as the table mechanism sees it: the values of its columns (by key) and the text the keyword searches.
public struct TableRecord: Hashable, Sendable {
    public var values: [String: TableValue]
    public var searchText: String
    public init(values: [String: TableValue], searchText: String) {
        self.values = values
        self.searchText = searchText
    }
}

/// The rows of one page of a filtered, sorted table, with the counts the filter bar prints.
public struct TablePage<Row> {
    /// The rows of the page, in order.
    public var rows: [Row]
    /// Every filtered row in order (what an export writes).
    public var filtered: [Row]
    /// How many rows the table has before filtering.
    public var total: Int
    /// The page shown (after clamping) and how many pages the filtered rows make (at least 1).
    public var page: Int
    public var pageCount: Int
    /// How many rows the filter kept (`filtered.count` when the rows were filtered in memory).
    public var filteredCount: Int

    /// A page whose rows a database filtered and paged (the audit log): `filtered` stays empty, the counts say how
    /// many rows there are; `page` is clamped to the last page as `TableQuery.apply` does.
    public init(rows: [Row], filteredCount: Int, total: Int, page: Int, pageSize: Int) {
        self.rows = rows
        self.filtered = []
        self.total = total
        self.filteredCount = filteredCount
        self.pageCount = max(1, (filteredCount + pageSize - 1) / pageSize)
        self.page = min(max(1, page), self.pageCount)
    }

    init(rows: [Row], filtered: [Row], total: Int, page: Int, pageCount: Int) {
        self.rows = rows
        self.filtered = filtered
        self.total = total
        self.page = page
        self.pageCount = pageCount
        self.filteredCount = filtered.count
    }
}

/// A table's query: keyword, filters, sort and page, as read from a query string.
///
/// Rules: the keyword (at most `maxKeyword` characters, trimmed) matches when it is a substring of the row's search
/// text, so one or two Chinese characters (“食品”, “燃”) find their rows; each filter keeps rows whose value for the
/// filter's key equals the chosen option; the sort is one sortable column, ascending unless `dir=desc`, ties kept
/// in the table's own order, empty cells last; pages hold `pageSize` rows (1–`maxPageSize`, default
/// `defaultPageSize`); a page past the last is shown as the last page (clamped, so a link kept after a filter
/// narrowed the rows still opens), while a page number that is not a positive whole number is refused.
public struct TableQuery: Hashable, Sendable {
    public static let defaultPageSize = 50
    public static let maxPageSize = 200
    public static let maxKeyword = 50

    public var keyword: String?
    /// Chosen filter values by filter key.
    public var filters: [String: String]
    public var sort: String
    public var descending: Bool
    public var page: Int
    public var pageSize: Int

    public init(
        keyword: String? = nil, filters: [String: String] = [:], sort: String, descending: Bool = false,
        page: Int = 1, pageSize: Int = TableQuery.defaultPageSize
    ) {
        self.keyword = keyword
        self.filters = filters
        self.sort = sort
        self.descending = descending
        self.page = page
        self.pageSize = pageSize
    }

    /// Reads `q`, each filter's key, `sort`, `dir` (`asc`/`desc`), `page` and `size` from query parameters (the
    /// first value of each name counts; an empty value is the same as none).
    public static func parse(_ parameters: [String: String], spec: TableSpec) throws(TableQueryFailure) -> TableQuery {
        func value(_ name: String) -> String? {
            guard let v = parameters[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
                return nil
            }
            return v
        }
        var query = TableQuery(
            sort: spec.defaultSort, descending: spec.defaultDescending, pageSize: spec.defaultPageSize)
        if let q = value("q") {
            guard q.count <= maxKeyword else {
                throw TableQueryFailure(message: "关键词过长（最多 \(maxKeyword) 个字）")
            }
            query.keyword = q
        }
        for filter in spec.filters {
            guard let v = value(filter.key) else { continue }
            guard filter.options.contains(where: { $0.key == v }) else {
                let names = filter.options.prefix(12).map(\.label).joined(separator: "、")
                throw TableQueryFailure(
                    message: "\(filter.label)“\(v)”不在可选范围内（可选：\(names)\(filter.options.count > 12 ? "等" : "")）")
            }
            query.filters[filter.key] = v
        }
        if let s = value("sort") {
            guard spec.sortable.contains(where: { $0.key == s }) else {
                let names = spec.sortable.map(\.label).joined(separator: "、")
                throw TableQueryFailure(message: "不能按“\(s)”排序，可排序的列：\(names)")
            }
            query.sort = s
        }
        if let d = value("dir") {
            switch d {
            case "asc": query.descending = false
            case "desc": query.descending = true
            default: throw TableQueryFailure(message: "排序方向“\(d)”不正确，应为升序（asc）或降序（desc）")
            }
        }
        if let p = value("page") {
            guard let n = Int(p), n >= 1, n <= 1_000_000 else {
                throw TableQueryFailure(message: "页码“\(p)”不正确，应为正整数")
            }
            query.page = n
        }
        if let s = value("size") {
            guard let n = Int(s), (1...maxPageSize).contains(n) else {
                throw TableQueryFailure(message: "每页条数“\(s)”不正确，应为 1–\(maxPageSize) 的整数")
            }
            query.pageSize = n
        }
        return query
    }

    /// Filters, sorts and pages `rows`; `record` gives each row's values and search text.
    public func apply<Row>(_ rows: [Row], record: (Row) -> TableRecord) -> TablePage<Row> {
        let records = rows.map(record)
        var kept: [(Int, TableRecord)] = []
        for (i, r) in records.enumerated() {
            if let keyword, !r.searchText.localizedLowercase.contains(keyword.localizedLowercase) { continue }
            if filters.contains(where: { key, value in r.values[key]?.display != value }) { continue }
            kept.append((i, r))
        }
        let descending = self.descending
        let sort = self.sort
        kept.sort { a, b in
            let x = a.1.values[sort] ?? .empty
            let y = b.1.values[sort] ?? .empty
            if x == y { return a.0 < b.0 }
            if x == .empty { return false }
            if y == .empty { return true }
            if TableValue.ascending(x, y) == TableValue.ascending(y, x) { return a.0 < b.0 }
            return descending ? TableValue.ascending(y, x) : TableValue.ascending(x, y)
        }
        let filtered = kept.map { rows[$0.0] }
        let pageCount = max(1, (filtered.count + pageSize - 1) / pageSize)
        let page = min(self.page, pageCount)
        let start = (page - 1) * pageSize
        let slice = Array(filtered[min(start, filtered.count)..<min(start + pageSize, filtered.count)])
        return TablePage(rows: slice, filtered: filtered, total: rows.count, page: page, pageCount: pageCount)
    }

    /// The query string of this query with some parameters replaced (nil removes one), for links that keep the
    /// filters: sort headers, pages and exports. Parameters come in a fixed order; defaults are left out.
    public func parameters(spec: TableSpec) -> [(String, String)] {
        var out: [(String, String)] = []
        if let keyword { out.append(("q", keyword)) }
        for f in spec.filters { if let v = filters[f.key] { out.append((f.key, v)) } }
        if sort != spec.defaultSort || descending != spec.defaultDescending {
            out.append(("sort", sort))
            out.append(("dir", descending ? "desc" : "asc"))
        }
        if pageSize != spec.defaultPageSize { out.append(("size", String(pageSize))) }
        if page != 1 { out.append(("page", String(page))) }
        return out
    }
}
