import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Open data (开放数据): every published list as of any day, for one township or the whole county, as CSV, JSON or
/// XLSX (`OpenDataset`), streamed page by page from the database; the public page that links every download and
/// the data dictionary.
enum OpenDataController {
    /// Entries read from the database per page of a download.
    static let pageSize = 1_000

    /// What a download covers.
    struct Scope: Sendable {
        var county: String
        var township: RegionCode?
        var code: String
        var name: String
    }

    @Sendable static func countyDownload(_ request: Request, services: AppServices) async throws -> Response {
        let county = try Query.county(request, default: services.county)
        guard let region = try await services.regions.region(RegionCode.padding(county)!) else {
            throw AppError.notFound("没有区县代码为 \(county) 的数据")
        }
        return try await download(
            Scope(county: county, township: nil, code: region.code.value, name: region.name), request: request,
            services: services)
    }

    @Sendable static func townshipDownload(_ request: Request, context: some RequestContext, services: AppServices)
        async throws -> Response
    {
        let code = try Query.township(context)
        let (region, _) = try await services.township(code)
        return try await download(
            Scope(county: code.county, township: code, code: code.value, name: region.name), request: request,
            services: services)
    }

    /// The `format` of a download: csv, json (the default) or xlsx.
    static func format(_ request: Request) throws -> OpenDataset.Format {
        guard let text = request.uri.queryParameters.get("format"), !text.isEmpty else { return .json }
        guard let format = OpenDataset.Format(rawValue: text.lowercased()) else {
            throw AppError.badRequest("下载格式“\(text)”不正确，应为 csv、json 或 xlsx")
        }
        return format
    }

    /// The response streams (`stream`); only the scope and the parameters are checked before it starts.
    static func download(_ scope: Scope, request: Request, services: AppServices) async throws -> Response {
        let asOf = try Query.day(request, "asOf", default: services.today)
        let format = try format(request)
        let knownAt = services.now
        let database = services.database
        var fields = HTTPFields()
        fields[.contentType] = format.mediaType
        fields[.contentDisposition] = TableControls.attachment(
            "\(scope.name)权责清单_\(asOf.iso).\(format.rawValue)", fallback: "lists.\(format.rawValue)")
        let body = ResponseBody { writer in
            try await stream(scope, asOf: asOf, format: format, knownAt: knownAt, database: database) { bytes in
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: fields, body: body)
    }

    /// Writes one file through `emit`: the head (metadata and decisions cited) first, then each page of entries as
    /// it is read, then the tail — one `emit` per piece, so no more than one page is held at a time. Every read
    /// takes the same instant `knownAt`, so the file is one consistent state of the lists.
    static func stream(
        _ scope: Scope, asOf: Day, format: OpenDataset.Format, knownAt: Date, database: any Database,
        pageSize: Int = OpenDataController.pageSize, emit: ([UInt8]) async throws -> Void
    ) async throws {
        let store = OpenDataStore(database)
        let items = ItemStore(database)
        let count = try await store.count(county: scope.county, township: scope.township, on: asOf, knownAt: knownAt)
        let meta = OpenDataset.Meta(
            title: "\(scope.name)镇街权责清单", scopeCode: scope.code, scopeName: scope.name, asOf: asOf,
            recordedAt: knownAt, entryCount: count,
            decisions: try await store.citedDecisions(
                county: scope.county, township: scope.township, on: asOf, knownAt: knownAt))
        let names = Dictionary(
            uniqueKeysWithValues: try await RegionStore(database).townships(county: scope.county).map {
                ($0.0.code.value, $0.0.name)
            })
        var out = OpenDataset.Writer(format: format)
        try await emit(out.head(meta))
        var cursor: OpenDataStore.Cursor?
        var known: [String: PowerItem] = [:]
        repeat {
            let page = try await store.page(
                county: scope.county, township: scope.township, on: asOf, knownAt: knownAt, after: cursor,
                limit: pageSize)
            let missing = Set(page.entries.map(\.itemCode)).subtracting(known.keys)
            if !missing.isEmpty {
                for item in try await items.items(county: scope.county, codes: Array(missing)) {
                    known[item.code] = item
                }
            }
            let records = page.entries.map {
                OpenDataset.Record(
                    entry: $0, item: known[$0.itemCode], townshipName: names[$0.township.value] ?? $0.township.value)
            }
            if !records.isEmpty { try await emit(out.rows(records)) }
            cursor = page.next
        } while cursor != nil
        try await emit(out.tail())
    }

    struct DownloadLink {
        var label: String
        var href: String
    }

    struct Row {
        var code: String
        var name: String
        var kind: String
        var total: String
        var links: [DownloadLink]
        var duties: String?
    }

    struct OpenDataPage {
        var asOf: String
        var asOfChinese: String
        var countyName: String
        var county: Row
        var rows: [Row]
        var townshipCount: Int
    }

    static func links(_ path: String, asOf: Day) -> [DownloadLink] {
        OpenDataset.Format.allCases.map {
            DownloadLink(
                label: $0.label, href: TableControls.href(path, [("format", $0.rawValue), ("asOf", asOf.iso)]))
        }
    }

    @Sendable static func page(_ request: Request, services: AppServices) async throws -> Response {
        let asOf = try Query.day(request, "asOf", default: services.today)
        let county = services.county
        let region = try await services.regions.region(RegionCode.padding(county)!)
        let counts = try await services.lists.counts(county: county, on: asOf)
        let townships = try await services.townships(county: county)
        let rows = townships.map { t, kind in
            Row(
                code: t.code.value, name: t.name, kind: kind.label,
                total: Format.count(counts[t.code]?.values.reduce(0, +) ?? 0),
                links: links("/api/v1/open-data/townships/\(t.code.value)/lists", asOf: asOf),
                duties: TableControls.href("/townships/\(t.code.value)/duties", [("asOf", asOf.iso)]))
        }
        let name = region?.name ?? county
        let page = OpenDataPage(
            asOf: asOf.iso, asOfChinese: asOf.chinese, countyName: name,
            county: Row(
                code: region?.code.value ?? county, name: "\(name)（全区县）", kind: "区县",
                total: Format.count(counts.values.flatMap(\.values).reduce(0, +)),
                links: links("/api/v1/open-data/county/lists", asOf: asOf), duties: nil),
            rows: rows, townshipCount: rows.count)
        return try Page.render(
            page, template: "opendata/index", title: "开放数据", section: "opendata",
            breadcrumb: [.init(label: "清单总览", href: "/"), .init(label: "开放数据", href: nil)], services: services)
    }

    struct FieldView {
        var index: Int
        var key: String
        var name: String
        var meaning: String
        var type: String
        var example: String
        var codeList: String?
    }

    struct CodeView {
        var code: String
        var label: String
    }

    struct CodeListView {
        var key: String
        var name: String
        var codes: [CodeView]
    }

    struct MetaView {
        var key: String
        var label: String
    }

    struct DictionaryPage {
        var fields: [FieldView]
        var codeLists: [CodeListView]
        var meta: [MetaView]
        var decisionColumns: String
        var decisionKeys: String
        var pageSize: Int
    }

    @Sendable static func dictionary(_ request: Request, services: AppServices) async throws -> Response {
        let sample = OpenDataset.Meta(
            title: "", scopeCode: "", scopeName: "", asOf: services.today, recordedAt: services.now, entryCount: 0,
            decisions: [])
        let page = DictionaryPage(
            fields: OpenDataset.fields.enumerated().map { i, f in
                FieldView(
                    index: i + 1, key: f.key, name: f.name, meaning: f.meaning, type: f.type, example: f.example,
                    codeList: f.codeList.flatMap { key in OpenDataset.codeLists.first { $0.key == key }?.name })
            },
            codeLists: OpenDataset.codeLists.map { list in
                CodeListView(
                    key: list.key, name: list.name, codes: list.codes.map { CodeView(code: $0.code, label: $0.label) })
            },
            meta: sample.pairs.map { MetaView(key: $0.key, label: $0.label) },
            decisionColumns: OpenDataset.Meta.decisionHeader.joined(separator: "、"),
            decisionKeys: OpenDataset.Meta.decisionKeys.joined(separator: "、"), pageSize: pageSize)
        return try Page.render(
            page, template: "opendata/dictionary", title: "开放数据字典", section: "opendata",
            breadcrumb: [
                .init(label: "清单总览", href: "/"), .init(label: "开放数据", href: "/open-data"),
                .init(label: "数据字典", href: nil),
            ], services: services)
    }
}

func addOpenDataRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = OpenDataController
    router.get("/open-data") { r, _ in try await C.page(r, services: s) }
    router.get("/open-data/dictionary") { r, _ in try await C.dictionary(r, services: s) }
    let api = router.group("api/v1/open-data")
    api.get("county/lists") { r, _ in try await C.countyDownload(r, services: s) }
    api.get("townships/:code/lists") { r, c in try await C.townshipDownload(r, context: c, services: s) }
}
