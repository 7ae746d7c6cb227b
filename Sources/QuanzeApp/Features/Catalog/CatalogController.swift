import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The item catalogue (filter and Chinese substring search) and the item page.
enum CatalogController {
    static let pageSize = 50

    typealias Option = FormOption

    struct ItemRowView {
        var code: String
        var name: String
        var category: String
        var department: String
        var limit: String
    }

    struct CatalogPage {
        var controls: TableControls
        var rows: [ItemRowView]
        var isEmpty: Bool { rows.isEmpty }
    }

    /// Reads the catalogue filters from the query string, refusing unknown values with a Chinese message.
    static func filter(_ request: Request, services: AppServices, limit: Int) throws -> ItemFilter {
        var filter = ItemFilter(
            query: try Query.text(request, "q"), asOf: try Query.day(request, "asOf", default: services.today))
        if let text = try Query.text(request, "category") {
            guard let c = ItemCategory(text: text) else { throw AppError.badRequest("未知的事项类型“\(text)”") }
            filter.category = c
        }
        filter.department = try Query.text(request, "department")
        if let text = try Query.text(request, "list") {
            guard let l = ListKind(text: text) else { throw AppError.badRequest("未知的清单类型“\(text)”") }
            filter.list = l
        }
        filter.limit = limit
        filter.offset = (try Query.page(request) - 1) * limit
        return filter
    }

    /// The catalogue table: the database filters (keyword on name and code, category, department, list), the
    /// table mechanism sorts, pages and exports.
    static func spec(departments: [String]) -> TableSpec {
        TableSpec(
            sortable: [
                .init("code", "事项编码"), .init("name", "事项名称"), .init("category", "类型"), .init("department", "实施部门"),
            ],
            filters: [
                .init("category", "事项类型", options: ItemCategory.allCases.map { .init($0.rawValue, $0.label) }),
                .init("department", "实施部门", options: departments.map { .init($0, $0) }),
                .init("list", "所在清单", options: ListKind.allCases.map { .init($0.rawValue, $0.label) }),
            ], defaultSort: "code")
    }

    @Sendable static func catalogue(_ request: Request, services: AppServices) async throws -> Response {
        let format = try TableControls.format(request)
        let asOfText = try Query.text(request, "asOf")
        let asOf = try Query.day(request, "asOf", default: services.today)
        let departments = try await services.items.departments(county: services.county)
        let spec = spec(departments: departments)
        var parameters = TableControls.parameters(request)
        // Links kept from before accept a category or list by its Chinese name too.
        if let c = parameters["category"].flatMap(ItemCategory.init(text:)) { parameters["category"] = c.rawValue }
        if let l = parameters["list"].flatMap(ListKind.init(text:)) { parameters["list"] = l.rawValue }
        let query = try TableControls.query(parameters, spec: spec)
        var filter = ItemFilter(query: query.keyword, asOf: asOf, limit: 1_000_000)
        filter.category = query.filters["category"].flatMap(ItemCategory.init(rawValue:))
        filter.department = query.filters["department"]
        filter.list = query.filters["list"].flatMap(ListKind.init(rawValue:))
        let (items, _) = try await services.items.search(county: services.county, filter: filter)
        let (_, total) = try await services.items.search(
            county: services.county, filter: ItemFilter(asOf: asOf, limit: 0))
        var ordering = query
        ordering.keyword = nil
        ordering.filters = [:]
        var page = ordering.apply(items) { item in
            TableRecord(
                values: [
                    "code": .text(item.code), "name": .text(item.name), "category": .text(item.category.label),
                    "department": .text(item.department),
                ], searchText: "")
        }
        page.total = total
        if format != .html {
            let export = TableExport(
                sheetName: "事项目录", header: ["事项编码", "事项名称", "事项类型", "实施部门", "法定时限", "承诺时限"],
                rows: page.filtered.map {
                    [
                        .text($0.code), .text($0.name), .text($0.category.label), .text($0.department),
                        .text($0.statutoryLimit?.description ?? ""), .text($0.promisedLimit?.description ?? ""),
                    ]
                })
            return TableControls.download(export, format: format, filename: "事项目录_\(asOf.iso)")
        }
        let view = CatalogPage(
            controls: TableControls(
                path: "/items", hidden: asOfText.map { [("asOf", $0)] } ?? [], spec: spec, query: query, page: page,
                placeholder: "输入事项名称或关键词，如：食品、燃气、宅基地"),
            rows: page.rows.map {
                ItemRowView(
                    code: $0.code, name: $0.name, category: $0.category.label, department: $0.department,
                    limit: $0.statutoryLimit?.description ?? "—")
            })
        return try Page.render(view, template: "catalog/items", title: "事项目录", section: "items", services: services)
    }

    struct BasisView {
        var reference: String
        var chapter: String
        var text: String
        var missing: Bool
        /// Rule R5 as of the page's day: what became of the cited version (empty while it is in force), and the
        /// article the map names in its successor.
        var change: String? = nil
        var newReference: String? = nil
        var newText: String? = nil
        var asOf: String = ""
    }

    /// Where an item is assigned: one row of the item page and of `GET /api/v1/items/{code}`.
    struct WhereView: Encodable {
        var township: String
        var townshipName: String
        var list: String
        var listLabel: String
        var mode: String
        var modeLabel: String
        var actingName: String
        var liableBody: String
        var role: String?
        var roleLabel: String?
        var partner: String?
        var decision: String?
        var validFrom: String
        var transition: String?
        /// Who answers in law for a delegated entry (the responsibility statements of its mode).
        var liability: String?
    }

    struct ItemPage {
        var item: PowerItem
        /// Labels, not the item's keys: the template reads them inside `{{#item}}`, where the item's own
        /// `category` and `status` (English keys) would win over same-named fields.
        var categoryLabel: String
        var statutoryLimit: String
        var promisedLimit: String
        var statusLabel: String
        var requirements: [String]
        var hasRequirements: Bool
        var bases: [BasisView]
        /// 实施层级 and the statute articles that give the item to that level (none for a county department's item).
        var levelLabel: String
        var departmentLabel: String
        var levelBases: [BasisView]
        var hasLevelBasis: Bool
        var parentCode: String
        var hasParent: Bool
        var children: [ItemRowView]
        var hasChildren: Bool
        var assignments: [WhereView]
        var hasAssignments: Bool
        var asOf: String
        var asOfChinese: String
        /// The published 委托书 and 赋权决定 that cover the item.
        var documents: [PublishedDocuments.Link]
    }

    /// The public item page; `feedbackForm` and `status` when the public feedback form comes back refused.
    @Sendable static func item(
        _ request: Request, context: some RequestContext, services: AppServices, feedbackForm: FormState = FormState(),
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = try await itemPage(request, context: context, services: services)
        let guide = try await PublicGuide.build(view, request: request, services: services)
        let (feedback, headers) = try await ItemFeedbackView.build(
            item: view.item.code, request: request, form: feedbackForm, services: services)
        return try Page.render(
            PublicItemPage(
                page: view, guide: guide,
                accountability: try await AccountabilityService(services.database).counts(
                    county: services.county, item: view.item.code), feedback: feedback,
                library: try await ItemGuidanceView.build(item: view.item, services: services)),
            template: "catalog/item",
            title: view.item.name, section: "items",
            breadcrumb: [.init(label: "事项目录", href: "/items"), .init(label: view.item.code, href: nil)],
            services: services, status: status, headers: headers)
    }

    static func itemCode(_ context: some RequestContext) throws -> String {
        let code = context.parameters.get("code") ?? ""
        guard PowerItem.isValidCode(code) else { throw AppError.badRequest("事项编码“\(code)”格式不正确") }
        return code
    }

    static func itemPage(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> ItemPage
    {
        let code = try itemCode(context)
        guard let item = try await services.items.item(county: services.county, code: code) else {
            throw AppError.notFound("事项目录中没有编码为 \(code) 的事项")
        }
        let asOf = try Query.day(request, "asOf", default: services.today)
        let changes = try await services.laws.timeline(county: services.county).changes(of: item.legalBases, on: asOf)
        let articles = try await services.laws.articles(
            item.legalBases + item.levelBasis + changes.compactMap(\.newArticle))
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: services.county)
        let names = Dictionary(
            uniqueKeysWithValues: try await services.townships(county: services.county).map { ($0.0.code, $0.0.name) })
        let entries = try await services.lists.forItem(county: services.county, itemCode: code, on: asOf)
        let notes = try await TransitionNotes.load(county: services.county, item: code, on: asOf, services: services)
        let children = try await services.items.children(county: services.county, of: code)
        func basis(_ ref: ArticleRef) -> BasisView {
            let article = articles[ref]
            return BasisView(
                reference: ref.display, chapter: article?.chapter ?? "",
                text: article?.text ?? "法规库中尚无该条文，依据未核验：导入该法规版本后自动核验。", missing: article == nil)
        }
        return ItemPage(
            item: item, categoryLabel: item.category.label, statutoryLimit: item.statutoryLimit?.description ?? "—",
            promisedLimit: item.promisedLimit?.description ?? "—", statusLabel: item.status.label,
            requirements: item.requirements.map(vocabulary.label(of:)), hasRequirements: !item.requirements.isEmpty,
            bases: item.legalBases.map { ref in
                let article = articles[ref]
                let change = changes.first { $0.cited == ref }
                return BasisView(
                    reference: ref.display, chapter: article?.chapter ?? "",
                    text: article?.text ?? "法规库中尚无该条文，依据未核验：导入该法规版本后自动核验。", missing: article == nil,
                    change: change?.evidence, newReference: change?.newArticle?.display,
                    newText: change?.newArticle.flatMap { articles[$0]?.text }, asOf: Format.day(asOf))
            }, levelLabel: item.competentLevel.label,
            departmentLabel: item.competentLevel == .county ? "实施部门" : "业务主管部门",
            levelBases: item.levelBasis.map { basis($0) }, hasLevelBasis: !item.levelBasis.isEmpty,
            parentCode: item.parentCode ?? "", hasParent: item.parentCode != nil,
            children: children.map {
                ItemRowView(
                    code: $0.code, name: $0.name, category: $0.category.label, department: $0.department, limit: "")
            }, hasChildren: !children.isEmpty,
            assignments: entries.map { a in
                let name = names[a.township] ?? a.township.value
                let standing = EntryStanding.of(a, townshipName: name, department: item.department)
                return WhereView(
                    township: a.township.value, townshipName: name, list: a.list.rawValue, listLabel: a.list.label,
                    mode: a.mode.rawValue, modeLabel: a.mode.label,
                    actingName: standing.actingName, liableBody: standing.liableBody, role: a.role?.rawValue,
                    roleLabel: a.role?.label, partner: a.partner, decision: a.decision, validFrom: a.validFrom.iso,
                    transition: notes.note(township: a.township.value, item: a.itemCode),
                    liability: EntryView.liability(a, item: item, townshipName: name))
            }, hasAssignments: !entries.isEmpty, asOf: asOf.iso, asOfChinese: asOf.chinese,
            documents: try await PublishedDocuments.load(county: services.county, item: code, services: services)
                .map(PublishedDocuments.link))
    }
}

/// Percent-encodes a query value.
func percentEncode(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

extension CatalogController.CatalogPage: ComputedView {
    var computed: [String: Any] { ["isEmpty": isEmpty] }
}
