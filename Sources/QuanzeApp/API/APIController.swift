import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The public read API under `/api/v1`. Every shape here is described in `openapi.json`.
enum APIController {
    struct TownshipDTO: Encodable {
        var code: String
        var name: String
        var kind: String
        var kindLabel: String
    }

    @Sendable static func townships(_ request: Request, services: AppServices) async throws -> Response {
        let county = try Query.county(request, default: services.county)
        let units = try await services.townships(county: county)
        guard !units.isEmpty else { throw AppError.notFound("没有区县代码为 \(county) 的镇街数据") }
        return JSONBody.response(
            units.map {
                TownshipDTO(code: $0.0.code.value, name: $0.0.name, kind: $0.1.rawValue, kindLabel: $0.1.label)
            })
    }

    struct ListDTO: Encodable {
        var kind: String
        var label: String
        var count: Int
        var entries: [EntryView]
    }

    struct ListsDTO: Encodable {
        var township: TownshipDTO
        var asOf: String
        var knownAt: String?
        var counts: [String: Int]
        var total: Int
        var lists: [String: ListDTO]
    }

    @Sendable static func lists(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> Response
    {
        let code = try Query.township(context)
        let (region, kind) = try await services.township(code)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let knownAt = try Query.optionalDay(request, "knownAt")
        // The encoded answer is kept while the county's data is unchanged: most of its cost is the encoding.
        let body = try await services.reads.value(
            "lists-api|\(code.value)|\(asOf.iso)|\(knownAt?.iso ?? "")", county: code.county,
            database: services.database
        ) {
            let data = try await ListsController.TownshipLists.load(
                code, on: asOf, knownAt: knownAt, services: services)
            let entries = data.entries
            let sections = listSections(entries, items: data.items, townshipName: region.name, notes: data.notes)
            return JSONBody.encoded(
                ListsDTO(
                    township: TownshipDTO(
                        code: code.value, name: region.name, kind: kind.rawValue, kindLabel: kind.label),
                    asOf: asOf.iso, knownAt: knownAt?.iso,
                    counts: Dictionary(uniqueKeysWithValues: sections.map { ($0.kind, $0.count) }),
                    total: entries.count,
                    lists: Dictionary(
                        uniqueKeysWithValues: sections.map {
                            ($0.kind, ListDTO(kind: $0.kind, label: $0.label, count: $0.count, entries: $0.entries))
                        })))
        }
        return JSONBody.response(data: body)
    }

    struct TermsDTO: Encodable {
        var mode: String
        var role: String?
        var partner: String?
    }

    struct ChangeDTO: Encodable {
        var itemCode: String
        var itemName: String
        var list: String
        var before: TermsDTO
        var after: TermsDTO
        var decision: String?
        var correctionReason: String?
    }

    struct DiffDTO: Encodable {
        var township: TownshipDTO
        var from: String
        var to: String
        var added: [EntryView]
        var removed: [EntryView]
        var changed: [ChangeDTO]
    }

    @Sendable static func diff(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> Response
    {
        let code = try Query.township(context)
        let (region, kind) = try await services.township(code)
        let (from, to) = try ListsController.diffDays(request, services: services)
        let diff = ListDiff.between(
            try await services.lists.history(county: code.county, township: code), from: from, to: to)
        let items = try await ListsController.itemsByCode(
            diff.added.map(\.itemCode) + diff.removed.map(\.itemCode) + diff.changed.map(\.after.itemCode),
            county: code.county, services: services)
        func terms(_ a: Assignment) -> TermsDTO {
            TermsDTO(mode: a.mode.rawValue, role: a.role?.rawValue, partner: a.partner)
        }
        return JSONBody.response(
            DiffDTO(
                township: TownshipDTO(code: code.value, name: region.name, kind: kind.rawValue, kindLabel: kind.label),
                from: from.iso, to: to.iso,
                added: diff.added.map { EntryView($0, item: items[$0.itemCode], townshipName: region.name) },
                removed: diff.removed.map { EntryView($0, item: items[$0.itemCode], townshipName: region.name) },
                changed: diff.changed.map {
                    ChangeDTO(
                        itemCode: $0.after.itemCode, itemName: items[$0.after.itemCode]?.name ?? $0.after.itemCode,
                        list: $0.after.list.rawValue, before: terms($0.before), after: terms($0.after),
                        decision: $0.after.decision, correctionReason: $0.after.correctionReason)
                }))
    }

    @Sendable static func summary(_ request: Request, services: AppServices) async throws -> Response {
        let county = try Query.county(request, default: services.county)
        let asOf = try Query.day(request, "asOf", default: services.today)
        return JSONBody.response(try await SummaryQuery.run(county: county, asOf: asOf, services: services))
    }

    struct ItemDTO: Encodable {
        struct Basis: Encodable {
            var law: String
            var version: String
            var article: Int
            var reference: String
            var text: String?
            /// On the item itself (not in lists): whether the law library holds the article; false = 未核验.
            var verified: Bool?
        }

        var code: String
        var name: String
        var category: String
        var categoryLabel: String
        var parentCode: String?
        var department: String
        var legalBases: [Basis]
        /// 实施层级: county, township, town or subdistrict, and the statute articles that give it.
        var competentLevel: String
        var competentLevelLabel: String
        var levelBasis: [Basis]
        var duties: String
        var accountability: String
        var statutoryLimit: String?
        var promisedLimit: String?
        var requirements: [String]
        var platformCode: String?
        var status: String

        /// `articles`: the cited articles the library holds, when the caller looked them up (the item's own answer).
        init(_ item: PowerItem, articles: [ArticleRef: Article]? = nil) {
            code = item.code
            name = item.name
            category = item.category.rawValue
            categoryLabel = item.category.label
            parentCode = item.parentCode
            department = item.department
            func basis(_ ref: ArticleRef) -> Basis {
                Basis(
                    law: ref.law, version: ref.version.iso, article: ref.article, reference: ref.description,
                    text: articles?[ref]?.text, verified: articles.map { $0[ref] != nil })
            }
            legalBases = item.legalBases.map(basis)
            competentLevel = item.competentLevel.rawValue
            competentLevelLabel = item.competentLevel.label
            levelBasis = item.levelBasis.map(basis)
            duties = item.duties
            accountability = item.accountability
            statutoryLimit = item.statutoryLimit?.description
            promisedLimit = item.promisedLimit?.description
            requirements = item.requirements.map(\.code)
            platformCode = item.platformCode
            status = item.status.rawValue
        }
    }

    struct ItemsDTO: Encodable {
        var total: Int
        var limit: Int
        var offset: Int
        var items: [ItemDTO]
    }

    @Sendable static func items(_ request: Request, services: AppServices) async throws -> Response {
        let limit = try Query.int(request, "limit", default: 50, range: 1...500)
        let filter = try CatalogController.filter(request, services: services, limit: limit)
        // A search asked again (the public's short queries are) is answered from `searches` while the county's
        // data is unchanged; its key is the whole query.
        let body = try await services.searches.value(
            "items|\(services.today.iso)|" + (request.uri.query ?? ""), county: services.county,
            database: services.database
        ) {
            let (items, total) = try await services.items.search(county: services.county, filter: filter)
            return JSONBody.encoded(
                ItemsDTO(total: total, limit: limit, offset: filter.offset, items: items.map { ItemDTO($0) }))
        }
        return JSONBody.response(data: body)
    }

    struct ItemDetailDTO: Encodable {
        var item: ItemDTO
        var asOf: String
        var assignments: [CatalogController.WhereView]
    }

    @Sendable static func item(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> Response
    {
        let page = try await CatalogController.itemPage(request, context: context, services: services)
        let articles = try await services.laws.articles(page.item.legalBases + page.item.levelBasis)
        return JSONBody.response(
            ItemDetailDTO(item: ItemDTO(page.item, articles: articles), asOf: page.asOf, assignments: page.assignments))
    }

    struct DecisionsDTO: Encodable {
        var total: Int
        var decisions: [DecisionsController.Row]
    }

    @Sendable static func decisions(_ request: Request, services: AppServices) async throws -> Response {
        let page = try Listing.page(request, try await DecisionsController.rows(services: services))
        return JSONBody.response(DecisionsDTO(total: page.total, decisions: page.items), page: page.headers)
    }
}

extension APIController {
    struct MeDTO: Encodable {
        var username: String
        var displayName: String
        var role: String
        var roleLabel: String
        var county: String
        var organization: String
        var organizationName: String
        var unit: String?
        var via: String
        var scope: [String]
        /// The token's scopes (`cases:write` …); absent for a web session, which has its role's rights.
        var permissions: [String]?
        /// A city- or province-level account: its division (`county` is then the county this request reads).
        var division: String?
    }

    /// Who the caller is: lets an integrating system check its token and scope before it pushes data.
    @Sendable static func me(_ request: Request, context: AppContext, services: AppServices) async throws -> Response {
        guard let identity = context.identity else {
            throw AppError(status: .unauthorized, code: "unauthorized", message: "请先登录或提供有效的 API 令牌")
        }
        let p = identity.principal
        let via: String
        if case .token = identity.via { via = "token" } else { via = "session" }
        return JSONBody.response(
            MeDTO(
                username: p.username, displayName: identity.displayName, role: p.role.rawValue, roleLabel: p.role.label,
                county: p.county, organization: p.organization, organizationName: identity.organizationName,
                unit: p.unit, via: via, scope: p.tokenScope.sorted(),
                permissions: p.tokenScopes.map { $0.sorted().map(\.description) }, division: p.scope))
    }
}
