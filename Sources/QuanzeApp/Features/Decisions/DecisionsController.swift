import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The decisions register (文件登记): every 文号 that changed a list, with what it changed.
enum DecisionsController {
    struct Row: Encodable {
        var number: String
        var title: String
        var issuer: String
        var date: String
        var kind: String
        var kindLabel: String
        var publishedOn: String?
        var added: Int
        var ended: Int
    }

    /// A register row on the page, with the link to the decision's own page.
    struct RegisterRow {
        var row: Row
        var link: String
    }

    struct RegisterPage {
        var controls: TableControls
        var rows: [RegisterRow]
        var isEmpty: Bool { rows.isEmpty }
    }

    /// One entry a decision changed, as its page shows it.
    struct ChangeRow {
        var change: String
        var township: String
        var townshipLink: String
        var item: String
        var itemLink: String
        var list: String
        var mode: String
        var actingName: String
        var liableBody: String
        var detail: String
        var validFrom: String
        var validTo: String
    }

    /// A document published under the decision's 文号 (委托书 or 赋权决定) with its sealed scans and its 附件:
    /// the items it covers, each once, with the townships that take them.
    struct DocumentRow {
        var title: String
        var link: String
        var kind: String
        var extent: String
        var scans: [Scan]
        var hasScans: Bool
        var annex: [AnnexGroup]
    }

    /// A sealed scan of the document: its file name and the start of its SHA-256 digest, both shown as code.
    struct Scan {
        var name: String
        var digest: String
        var separator: String
    }

    struct AnnexGroup {
        var index: Int
        var item: String
        var itemLink: String
        var department: String
        var scope: String
        var townships: String
    }

    /// Entries a decision page shows at once; the rest are on further pages (`?page=`).
    static let pageSize = 200

    struct DecisionPage {
        var decision: Row
        var changes: [ChangeRow]
        var added: Int
        var ended: Int
        var amended: Int
        var townships: Int
        var documents: [DocumentRow]
        /// The page of changes shown and the links to the others.
        var pageNumber: Int
        var pageCount: Int
        var shownFrom: Int
        var shownTo: Int
        var previousLink: String?
        var nextLink: String?
        /// Delegations running or ended under the decision, and how many of them came in with existing lists (存量).
        var delegations: Int
        var legacy: Int
    }

    /// The path of a decision's page: its 文号 percent-encoded as one path segment.
    static func link(_ number: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return "/decisions/" + (number.addingPercentEncoding(withAllowedCharacters: allowed) ?? number)
    }

    static func rows(services: AppServices) async throws -> [Row] {
        let decisions = try await services.decisions.all(county: services.county)
        let counts = try await services.decisions.entryCounts(county: services.county)
        return decisions.map { d in
            Row(
                number: d.number, title: d.title, issuer: d.issuer, date: d.date.iso, kind: d.kind.rawValue,
                kindLabel: d.kind.label, publishedOn: d.publishedOn?.iso, added: counts[d.number]?.added ?? 0,
                ended: counts[d.number]?.ended ?? 0)
        }
    }

    /// The register as a table: filter by kind and issuer, sort by 文号, dates and counts.
    static func registerSpec(_ rows: [Row]) -> TableSpec {
        TableSpec(
            sortable: [
                .init("number", "文号"), .init("date", "成文日期"), .init("published", "公布日期"),
                .init("added", "生效条目"), .init("ended", "终止/变更条目"),
            ],
            filters: [
                .init("kind", "类别", options: Decision.Kind.allCases.map { .init($0.rawValue, $0.label) }),
                .init("issuer", "发文机关", options: Set(rows.map(\.issuer)).sorted().map { .init($0, $0) }),
            ], defaultSort: "date")
    }

    static func registerRecord(_ r: Row) -> TableRecord {
        TableRecord(
            values: [
                "number": .text(r.number), "kind": .text(r.kind), "issuer": .text(r.issuer),
                "date": Day(iso: r.date).map(TableValue.day) ?? .empty,
                "published": r.publishedOn.flatMap(Day.init(iso:)).map(TableValue.day) ?? .empty,
                "added": .number(r.added), "ended": .number(r.ended),
            ], searchText: [r.number, r.title, r.issuer].joined(separator: "\u{1F}"))
    }

    @Sendable static func register(_ request: Request, services: AppServices) async throws -> Response {
        let all = try await rows(services: services)
        let spec = registerSpec(all)
        let query = try TableControls.query(request, spec: spec)
        let format = try TableControls.format(request)
        let page = query.apply(all, record: registerRecord)
        if format != .html {
            let export = TableExport(
                sheetName: "决定文件登记",
                header: ["文号", "标题", "发文机关", "类别", "成文日期", "公布日期", "生效条目", "终止/变更条目"],
                rows: page.filtered.map { r in
                    let record = registerRecord(r)
                    return [
                        .text(r.number), .text(r.title), .text(r.issuer), .text(r.kindLabel), record.values["date"]!,
                        record.values["published"]!, .number(r.added), .number(r.ended),
                    ]
                })
            return TableControls.download(export, format: format, filename: "决定文件登记")
        }
        return try Page.render(
            RegisterPage(
                controls: TableControls(
                    path: "/decisions", spec: spec, query: query, page: page, placeholder: "文号、标题或发文机关中的字词"),
                rows: page.rows.map { RegisterRow(row: $0, link: link($0.number)) }),
            template: "decisions/register", title: "决定文件登记", section: "decisions", services: services)
    }

    /// One decision with everything it changed, however many townships and items it covers, and its documents.
    @Sendable static func decision(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let raw = context.parameters.get("number") ?? ""
        let number = raw.removingPercentEncoding ?? raw
        guard let decision = try await services.decisions.find(county: services.county, number: number) else {
            throw AppError.notFound("没有文号为“\(number)”的决定")
        }
        let changes = try await services.decisions.changes(county: services.county, number: number)
        let townships = Dictionary(
            try await services.townships(county: services.county).map { ($0.0.code.value, $0.0.name) },
            uniquingKeysWith: { a, _ in a })
        let items = Dictionary(
            try await services.items.items(
                county: services.county, codes: Array(Set(changes.map(\.entry.itemCode)))
            ).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let pageCount = max(1, (changes.count + pageSize - 1) / pageSize)
        let pageText: String = request.uri.queryParameters.get("page") ?? "1"
        guard let pageNumber = Int(pageText), (1...pageCount).contains(pageNumber) else {
            throw AppError.notFound("本决定的变更没有第“\(pageText)”页")
        }
        let shown = changes[min(changes.count, (pageNumber - 1) * pageSize)..<min(changes.count, pageNumber * pageSize)]
        let rows = shown.map { c in
            let e = c.entry
            let townshipName = townships[e.township.value] ?? e.township.value
            let standing = EntryStanding.of(e, townshipName: townshipName, department: items[e.itemCode]?.department)
            var detail = [e.role?.label, e.partner].compactMap { $0 }.joined(separator: " · ")
            if let p = c.previous, p.mode != e.mode || p.role != e.role || p.partner != e.partner {
                detail = "原为\(p.mode.label)\(p.partner.map { "（\($0)）" } ?? "")" + (detail.isEmpty ? "" : "；") + detail
            }
            return ChangeRow(
                change: c.kind.label, township: townshipName,
                townshipLink: "/townships/\(e.township.value)",
                item: "\(items[e.itemCode]?.name ?? e.itemCode)（\(e.itemCode)）",
                itemLink: "/items/\(e.itemCode)", list: e.list.label, mode: e.mode.label,
                actingName: standing.actingName, liableBody: standing.liableBody, detail: detail,
                validFrom: e.validFrom.iso, validTo: e.validTo?.iso ?? "")
        }
        let documents = try await PublishedDocuments.load(county: services.county, services: services)
            .filter { $0.number == number }
            .map { a in
                let link = PublishedDocuments.link(a)
                return DocumentRow(
                    title: a.title, link: link.link, kind: link.kind, extent: link.extent,
                    scans: a.attachments.enumerated().map { index, scan in
                        Scan(
                            name: scan.name, digest: String(scan.sha256.prefix(12)),
                            separator: index == a.attachments.count - 1 ? "" : "；")
                    }, hasScans: !a.attachments.isEmpty,
                    annex: annex(a))
            }
        let delegations = try await DelegationStore(services.database).list(Delegation.self, county: services.county)
            .filter { $0.decision == number }
        let counts = Dictionary(grouping: changes, by: \.kind).mapValues(\.count)
        let row = Row(
            number: decision.number, title: decision.title, issuer: decision.issuer, date: decision.date.chinese,
            kind: decision.kind.rawValue, kindLabel: decision.kind.label, publishedOn: decision.publishedOn?.chinese,
            added: counts[.added] ?? 0, ended: counts[.ended] ?? 0)
        return try Page.render(
            DecisionPage(
                decision: row, changes: rows, added: counts[.added] ?? 0, ended: counts[.ended] ?? 0,
                amended: counts[.amended] ?? 0, townships: Set(changes.map(\.entry.township)).count,
                documents: documents, pageNumber: pageNumber, pageCount: pageCount,
                shownFrom: shown.isEmpty ? 0 : shown.startIndex + 1, shownTo: shown.endIndex,
                previousLink: pageNumber > 1 ? link(number) + "?page=\(pageNumber - 1)" : nil,
                nextLink: pageNumber < pageCount ? link(number) + "?page=\(pageNumber + 1)" : nil,
                delegations: delegations.count, legacy: delegations.filter(\.isLegacy).count),
            template: "decisions/decision", title: decision.number, section: "decisions",
            breadcrumb: [.init(label: "决定文件登记", href: "/decisions")], services: services)
    }

    /// A document's 附件 as the decision page shows it: each item once (a 赋权决定 of 90 items at 15 townships is
    /// 90 rows, not 1,350), with its townships — "全部N个镇街" when every township of the document takes it.
    static func annex(_ a: Agreement) -> [AnnexGroup] {
        let all = a.units.count
        return a.linesByItem.enumerated().map { index, group in
            let (code, lines) = group
            let first = lines[0]
            return AnnexGroup(
                index: index + 1, item: "\(first.itemName)（\(code)）", itemLink: "/items/\(code)",
                department: first.departmentName, scope: first.scope,
                townships: lines.count == all && all > 1
                    ? "全部\(all)个镇街" : lines.map(\.unitName).joined(separator: "、"))
        }
    }
}

extension DecisionsController.RegisterPage: ComputedView {
    var computed: [String: Any] { ["isEmpty": isEmpty] }
}
