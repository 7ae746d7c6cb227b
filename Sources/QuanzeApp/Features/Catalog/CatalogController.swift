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
        var query: String
        var categories: [Option]
        var departments: [Option]
        var lists: [Option]
        var rows: [ItemRowView]
        var total: Int
        var page: Int
        var pages: Int
        var hasPrevious: Bool
        var hasNext: Bool
        var previousHref: String
        var nextHref: String
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

    @Sendable static func catalogue(_ request: Request, services: AppServices) async throws -> Response {
        let filter = try filter(request, services: services, limit: pageSize)
        let (items, total) = try await services.items.search(county: services.county, filter: filter)
        let page = filter.offset / pageSize + 1
        let pages = max(1, (total + pageSize - 1) / pageSize)
        func href(_ p: Int) -> String {
            var parts: [(String, String)] = []
            if let q = filter.query { parts.append(("q", q)) }
            if let c = filter.category { parts.append(("category", c.rawValue)) }
            if let d = filter.department { parts.append(("department", d)) }
            if let l = filter.list { parts.append(("list", l.rawValue)) }
            parts.append(("page", String(p)))
            return "/items?" + parts.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
        }
        let departments = try await services.items.departments(county: services.county)
        let view = CatalogPage(
            query: filter.query ?? "",
            categories: ItemCategory.allCases.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.category)
            },
            departments: departments.map { Option(value: $0, label: $0, selected: $0 == filter.department) },
            lists: ListKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.list) },
            rows: items.map {
                ItemRowView(
                    code: $0.code, name: $0.name, category: $0.category.label, department: $0.department,
                    limit: $0.statutoryLimit?.description ?? "—")
            }, total: total, page: page, pages: pages, hasPrevious: page > 1, hasNext: page < pages,
            previousHref: href(page - 1), nextHref: href(page + 1))
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

    @Sendable static func item(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> Response
    {
        let view = try await itemPage(request, context: context, services: services)
        let guide = try await PublicGuide.build(view, request: request, services: services)
        return try Page.render(
            PublicItemPage(page: view, guide: guide), template: "catalog/item", title: view.item.name,
            section: "items",
            breadcrumb: [.init(label: "事项目录", href: "/items"), .init(label: view.item.code, href: nil)],
            services: services)
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
                    newText: change?.newArticle.flatMap { articles[$0]?.text }, asOf: asOf.iso)
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
