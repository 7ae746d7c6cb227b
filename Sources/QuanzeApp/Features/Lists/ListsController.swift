import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Pages of the five lists: the district overview, a township's lists as of a day, and the diff of two days.
enum ListsController {
    struct Cell {
        var label: String
        var value: Int
    }

    struct OverviewRow {
        var code: String
        var name: String
        var kind: String
        var counts: [Cell]
        var total: Int
        var asOf: String
    }

    struct OverviewPage {
        var asOf: String
        var asOfChinese: String
        var countyName: String
        var headers: [String]
        var rows: [OverviewRow]
        /// Counts as printed (`Format.count`: 10,134).
        var totals: [String]
        var grandTotal: String
        var townshipCount: Int
        var hasRows: Bool { !rows.isEmpty }
    }

    @Sendable static func overview(_ request: Request, services: AppServices) async throws -> Response {
        let asOf = try Query.day(request, "asOf", default: services.today)
        let summary = try await SummaryQuery.run(county: services.county, asOf: asOf, services: services)
        let county = try await services.regions.region(RegionCode.padding(services.county)!)
        let page = OverviewPage(
            asOf: asOf.iso, asOfChinese: asOf.chinese, countyName: county?.name ?? services.county,
            headers: ListKind.allCases.map(\.label),
            rows: summary.townships.map { t in
                OverviewRow(
                    code: t.code, name: t.name, kind: t.kindLabel,
                    counts: ListKind.allCases.map { Cell(label: $0.label, value: t.counts[$0.rawValue] ?? 0) },
                    total: t.total, asOf: asOf.iso)
            },
            totals: ListKind.allCases.map { Format.count(summary.totals[$0.rawValue] ?? 0) },
            grandTotal: Format.count(summary.total),
            townshipCount: summary.townships.count)
        return try Page.render(page, template: "lists/overview", title: "清单总览", section: "overview", services: services)
    }

    struct TownshipPage {
        var code: String
        var name: String
        var kindLabel: String
        var asOf: String
        var asOfChinese: String
        var knownAt: String
        /// The 记录时点 in running text (2022年12月31日).
        var knownAtChinese: String
        var hasKnownAt: Bool
        /// The five lists with their counts and links: what the page opens on.
        var summary: [ListSummary]
        /// One list, filtered, sorted and paged, when `list` names it.
        var table: ListTable?
        var total: Int
        var diffFrom: String
        /// Where to go and whom to call, as the unit keeps it (nil until it does).
        var contact: UnitContact?
        /// Items the county took back (上级部门收回), with their recall decisions.
        var recalled: [RecalledView]
        /// The published 委托书 and 赋权决定 that cover the township.
        var documents: [PublishedDocuments.Link]
        var showsSummary: Bool { table == nil }
    }

    struct ListSummary {
        var kind: String
        var label: String
        var count: Int
        var summary: String
        var href: String
        var current: Bool
    }

    struct ListTable {
        var kind: String
        var label: String
        var summary: String
        var isTerritorial: Bool
        var controls: TableControls
        var entries: [EntryView]
        var isEmpty: Bool { entries.isEmpty }
    }

    struct RecalledView {
        var itemCode: String
        var itemName: String
        var mode: String
        var department: String
        var decision: String
        var endedOn: String
        var decisionLink: String?
    }

    /// The table of one list of a township: sortable columns and filters (the departments are those of the
    /// entries shown, so every option finds rows).
    static func entrySpec(_ entries: [Assignment], items: [String: PowerItem]) -> TableSpec {
        let departments = Set(entries.compactMap { items[$0.itemCode]?.department }).sorted()
        return TableSpec(
            sortable: [
                .init("code", "事项编码"), .init("name", "事项名称"), .init("category", "类型"), .init("mode", "方式"),
                .init("decision", "依据文件"), .init("from", "生效日期"),
            ],
            filters: [
                .init("mode", "方式", options: AssignmentMode.allCases.map { .init($0.rawValue, $0.label) }),
                .init("category", "事项类型", options: ItemCategory.allCases.map { .init($0.rawValue, $0.label) }),
                .init("department", "主管部门", options: departments.map { .init($0, $0) }),
            ], defaultSort: "code")
    }

    static func entryRecord(_ a: Assignment, item: PowerItem?) -> TableRecord {
        let name = item?.name ?? a.itemCode
        return TableRecord(
            values: [
                "code": .text(a.itemCode), "name": .text(name), "category": .text(item?.category.rawValue ?? ""),
                "mode": .text(a.mode.rawValue), "department": .text(item?.department ?? ""),
                "decision": .text(a.decision ?? ""), "from": .day(a.validFrom),
            ],
            searchText: [a.itemCode, name, a.decision ?? "", a.partner ?? "", item?.department ?? ""]
                .joined(separator: "\u{1F}"))
    }

    /// The export of one list's filtered entries: the columns of the page, days as dates.
    static func entryExport(_ views: [EntryView], kind: ListKind, townshipName: String, validFrom: [Day])
        -> TableExport
    {
        let territorial = kind == .territorial
        var header = ["事项编码", "事项名称", "事项类型", "方式"]
        if territorial { header.append("责任") }
        header += ["行使名义", "法律责任主体", "协同部门", "依据文件", "生效日期"]
        let rows: [[TableValue]] = zip(views, validFrom).map { v, day in
            var row: [TableValue] = [.text(v.itemCode), .text(v.itemName), .text(v.category), .text(v.modeLabel)]
            if territorial { row.append(.text(v.roleLabel ?? "")) }
            row += [
                .text(v.actingName), .text(v.liableBody), .text(v.partner ?? ""),
                .text(v.decision ?? "勘误：\(v.correctionReason ?? "")"), .day(day),
            ]
            return row
        }
        return TableExport(sheetName: "\(townshipName)\(kind.label)", header: header, rows: rows)
    }

    @Sendable static func township(_ request: Request, context: some RequestContext, services: AppServices)
        async throws -> Response
    {
        let code = try Query.township(context)
        let (region, kind) = try await services.township(code)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let knownAtDay = try Query.optionalDay(request, "knownAt")
        var list: ListKind?
        if let text = try Query.text(request, "list") {
            guard let l = ListKind(text: text) else {
                throw AppError.badRequest("未知的清单“\(text)”，可选：\(ListKind.allCases.map(\.label).joined(separator: "、"))")
            }
            list = l
        }
        let format = try TableControls.format(request)
        if format != .html && list == nil {
            throw AppError.badRequest("导出须先选定五张清单中的一张")
        }
        let data = try await TownshipLists.load(code, on: asOf, knownAt: knownAtDay, services: services)
        let (entries, items, notes) = (data.entries, data.items, data.notes)
        var kept: [(String, String)] = [("asOf", asOf.iso)]
        if let knownAtDay { kept.append(("knownAt", knownAtDay.iso)) }
        let summary = ListKind.allCases.map { k in
            let rows = entries.filter { $0.list == k }
            return ListSummary(
                kind: k.rawValue, label: k.label, count: rows.count, summary: sectionSummary(k, rows, items: items),
                href: TableControls.href("/townships/\(code.value)", kept + [("list", k.rawValue)]), current: k == list)
        }
        let registered = data.registered
        var table: ListTable?
        if let list {
            let rows = entries.filter { $0.list == list }
            let spec = entrySpec(rows, items: items)
            let query = try TableControls.query(request, spec: spec)
            let page = query.apply(rows) { entryRecord($0, item: items[$0.itemCode]) }
            func view(_ a: Assignment) -> EntryView {
                var v = EntryView(
                    a, item: items[a.itemCode], townshipName: region.name,
                    transition: notes.note(township: a.township.value, item: a.itemCode))
                if let d = a.decision, registered.contains(d) { v.decisionLink = DecisionsController.link(d) }
                return v
            }
            if format != .html {
                let export = entryExport(
                    page.filtered.map(view), kind: list, townshipName: region.name,
                    validFrom: page.filtered.map(\.validFrom))
                return TableControls.download(
                    export, format: format, filename: "\(region.name)\(list.label)_\(asOf.iso)")
            }
            table = ListTable(
                kind: list.rawValue, label: list.label, summary: sectionSummary(list, rows, items: items),
                isTerritorial: list == .territorial,
                controls: TableControls(
                    path: "/townships/\(code.value)", hidden: kept + [("list", list.rawValue)], spec: spec,
                    query: query,
                    page: page, placeholder: "事项名称、编码或文号中的字词，如：食品"),
                entries: page.rows.map(view))
        }
        let page = TownshipPage(
            code: code.value, name: region.name, kindLabel: kind.label, asOf: asOf.iso, asOfChinese: asOf.chinese,
            knownAt: knownAtDay?.iso ?? "", knownAtChinese: knownAtDay.map(Format.day) ?? "",
            hasKnownAt: knownAtDay != nil,
            summary: summary, table: table,
            total: entries.count,
            diffFrom: Day(year: asOf.year - 1, month: 12, day: 31)?.iso ?? asOf.iso,
            contact: data.contact,
            recalled: notes.recalled(township: code.value).map {
                RecalledView(
                    itemCode: $0.itemCode, itemName: $0.itemName, mode: $0.mode.label, department: $0.departmentName,
                    decision: $0.recallDecision ?? "", endedOn: $0.endedOn?.iso ?? "",
                    decisionLink: $0.recallDecision.flatMap {
                        registered.contains($0) ? DecisionsController.link($0) : nil
                    })
            },
            documents: data.documents.map(PublishedDocuments.link))
        var crumbs: [Layout.Crumb] = [.init(label: "清单总览", href: "/")]
        if let list {
            crumbs.append(.init(label: region.name, href: TableControls.href("/townships/\(code.value)", kept)))
            crumbs.append(.init(label: list.label, href: nil))
        } else {
            crumbs.append(.init(label: region.name, href: nil))
        }
        return try Page.render(
            page, template: "lists/township", title: "\(region.name)\(list?.label ?? "权责清单")", section: "overview",
            breadcrumb: crumbs, services: services)
    }

    struct DiffRow {
        var list: String
        var itemCode: String
        var itemName: String
        var before: String
        var after: String
        var decision: String
        /// The decision page of the cited 文号 (none for a correction, 勘误).
        var decisionLink: String? {
            decision.hasPrefix("勘误") || decision == "—" ? nil : DecisionsController.link(decision)
        }
    }

    struct DiffPage {
        var code: String
        var name: String
        var from: String
        var to: String
        var fromChinese: String
        var toChinese: String
        var added: [DiffRow]
        var removed: [DiffRow]
        var changed: [DiffRow]
        var isEmpty: Bool
        var addedCount: Int { added.count }
        var removedCount: Int { removed.count }
        var changedCount: Int { changed.count }
        var addedAny: Bool { !added.isEmpty }
        var removedAny: Bool { !removed.isEmpty }
        var changedAny: Bool { !changed.isEmpty }
    }

    @Sendable static func diff(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> Response
    {
        let code = try Query.township(context)
        let (region, _) = try await services.township(code)
        let (from, to) = try diffDays(request, services: services)
        let diff = ListDiff.between(
            try await services.lists.history(county: code.county, township: code), from: from, to: to)
        let codes = diff.added.map(\.itemCode) + diff.removed.map(\.itemCode) + diff.changed.map(\.after.itemCode)
        let items = try await itemsByCode(codes, county: code.county, services: services)
        func describe(_ a: Assignment) -> String {
            let standing = EntryStanding.of(a, townshipName: region.name, department: items[a.itemCode]?.department)
            return [
                a.mode.label, a.role?.label, a.partner, "\(EntryStanding.actingLabel)：\(standing.actingName)",
                "\(EntryStanding.liableLabel)：\(standing.liableBody)",
            ].compactMap { $0 }.joined(separator: " · ")
        }
        func name(_ c: String) -> String { items[c]?.name ?? c }
        let page = DiffPage(
            code: code.value, name: region.name, from: from.iso, to: to.iso, fromChinese: from.chinese,
            toChinese: to.chinese,
            added: diff.added.map {
                DiffRow(
                    list: $0.list.label, itemCode: $0.itemCode, itemName: name($0.itemCode), before: "",
                    after: describe($0),
                    decision: $0.decision ?? "勘误：\($0.correctionReason ?? "")")
            },
            removed: diff.removed.map {
                DiffRow(
                    list: $0.list.label, itemCode: $0.itemCode, itemName: name($0.itemCode), before: describe($0),
                    after: "",
                    decision: $0.endDecision ?? ($0.correctionReason.map { "勘误：\($0)" } ?? "—"))
            },
            changed: diff.changed.map {
                DiffRow(
                    list: $0.after.list.label, itemCode: $0.after.itemCode, itemName: name($0.after.itemCode),
                    before: describe($0.before), after: describe($0.after),
                    decision: $0.after.decision ?? "勘误：\($0.after.correctionReason ?? "")")
            }, isEmpty: diff.isEmpty)
        return try Page.render(
            page, template: "lists/diff", title: "\(region.name)清单变化", section: "overview",
            breadcrumb: [
                .init(label: "清单总览", href: "/"), .init(label: region.name, href: "/townships/\(code.value)"),
                .init(label: "清单变化", href: nil),
            ], services: services)
    }

    static func diffDays(_ request: Request, services: AppServices) throws -> (Day, Day) {
        let to = try Query.day(request, "to", default: services.today)
        let from = try Query.day(request, "from", default: Day(year: to.year - 1, month: 12, day: 31) ?? to)
        guard from <= to else { throw AppError.badRequest("起始日期\(from.chinese)不能晚于截止日期\(to.chinese)") }
        return (from, to)
    }

    /// "Known at" a day means as recorded by the end of that day (China time).
    static func endOfDay(_ day: Day) -> Date {
        Date(timeIntervalSince1970: Double((day.ordinal + 1) * 86400 - 8 * 3600) - 0.000001)
    }

    /// What a township's page and its lists API read for a day, loaded once while the county's data is unchanged
    /// (`ReadCache`): the entries in force, their items, the transition notes, the registered decisions, the unit's
    /// contact and its published documents.
    struct TownshipLists: Sendable {
        var entries: [Assignment]
        var items: [String: PowerItem]
        var notes: TransitionNotes
        var registered: Set<String>
        var contact: UnitContact?
        var documents: [Agreement]

        static func load(_ code: RegionCode, on asOf: Day, knownAt: Day?, services: AppServices) async throws
            -> TownshipLists
        {
            let county = code.county
            return try await services.reads.value(
                "township-lists|\(code.value)|\(asOf.iso)|\(knownAt?.iso ?? "")", county: county,
                database: services.database
            ) {
                let entries = try await services.lists.inForce(
                    county: county, township: code, on: asOf, knownAt: knownAt.map(endOfDay))
                return TownshipLists(
                    entries: entries,
                    items: try await itemsByCode(entries.map(\.itemCode), county: county, services: services),
                    notes: try await TransitionNotes.load(
                        county: county, unit: code.value, on: asOf, services: services),
                    registered: Set(try await services.decisions.all(county: county).map(\.number)),
                    contact: try await services.contacts.find(county: county, unit: code.value),
                    documents: try await PublishedDocuments.load(county: county, unit: code.value, services: services))
            }
        }
    }

    static func itemsByCode(_ codes: [String], county: String, services: AppServices) async throws -> [String:
        PowerItem]
    {
        let unique = Array(Set(codes))
        return Dictionary(
            uniqueKeysWithValues: try await services.items.items(county: county, codes: unique).map { ($0.code, $0) })
    }
}

extension Query {
    static func optionalDay(_ request: Request, _ name: String) throws -> Day? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard let day = Day(iso: String(text.prefix(10))), text.count == 10 else {
            throw AppError.badRequest("\(Query.label(name))“\(text)”不是有效日期，应写作 2023-12-31 这样的年-月-日")
        }
        return day
    }
}

extension ListsController.OverviewPage: ComputedView {
    var computed: [String: Any] { ["hasRows": hasRows] }
}

extension ListsController.TownshipPage: ComputedView {
    var computed: [String: Any] { ["showsSummary": showsSummary] }
}

extension ListsController.ListTable: ComputedView {
    var computed: [String: Any] { ["isEmpty": isEmpty] }
}

extension ListsController.DiffPage: ComputedView {
    var computed: [String: Any] {
        [
            "addedCount": addedCount, "removedCount": removedCount, "changedCount": changedCount, "addedAny": addedAny,
            "removedAny": removedAny, "changedAny": changedAny,
        ]
    }
}

extension ListsController.DiffRow: ComputedView {
    var computed: [String: Any] { ["decisionLink": decisionLink as Any] }
}
