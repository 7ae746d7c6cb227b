import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The change feed (issue 16 point 1): every published change — an entry added, ended, amended or corrected, a
/// decision or a document published — as Atom per county, township, item or department (`/feeds/…`), as JSON with
/// a cursor (`/api/v1/changes`), and as a page (`/changes`). All public: only what is published is in it.
enum FeedController {
    /// The most events one JSON page carries, and how many when the caller does not say.
    static let maximumPage = 500
    static let defaultPage = 100
    /// How many of the newest events an Atom feed shows, and a page of the change page.
    static let atomLength = 100
    static let pageLength = 50

    struct Scope {
        var filter: ChangeFilter
        /// "本区" or the township's, item's or department's name, for titles.
        var name: String
        var key: String
    }

    /// Checks that the township, item or department named belongs to the county; 404 in Chinese otherwise.
    static func scope(
        township: String?, item: String?, department: String?, services: AppServices
    ) async throws -> Scope {
        let county = services.county
        let countyName = try await services.regions.region(RegionCode.padding(county)!)?.name ?? county
        if let township, !township.isEmpty {
            guard let code = RegionCode(township), code.county == county else {
                throw AppError.notFound("本区县没有代码为 \(township) 的镇街")
            }
            let (region, _) = try await services.township(code)
            return Scope(filter: ChangeFilter(township: code.value), name: region.name, key: "township:\(code.value)")
        }
        if let item, !item.isEmpty {
            guard let found = try await services.items.item(county: county, code: item) else {
                throw AppError.notFound("事项目录中没有事项“\(item)”")
            }
            return Scope(filter: ChangeFilter(item: found.code), name: "“\(found.name)”", key: "item:\(found.code)")
        }
        if let department, !department.isEmpty {
            guard
                let org = try await OrganizationStore(services.database).all(county: county)
                    .first(where: { $0.code == department })
            else { throw AppError.notFound("本区县没有代码为 \(department) 的部门") }
            return Scope(filter: ChangeFilter(department: org.code), name: org.name, key: "department:\(org.code)")
        }
        return Scope(filter: .county, name: countyName, key: "county")
    }

    /// The absolute address of this site: the configured public origin, else as the client reached it (Atom wants
    /// absolute links).
    static func base(_ request: Request, services: AppServices) -> String {
        services.security.publicOrigin
            ?? (SessionCookie.isTLS(request, services.security) ? "https://" : "http://")
            + (request.head.authority ?? "localhost")
    }

    /// The page an event links to: its decision, else its township's lists on its day, else the change page.
    static func link(_ event: ChangeEvent) -> String {
        if let d = event.decision { return DecisionsController.link(d) }
        if let t = event.township { return "/townships/\(t)?date=\(event.day.iso)" }
        return "/changes"
    }

    // MARK: Atom

    @Sendable static func atom(
        _ request: Request, context: some RequestContext, kind: String, services: AppServices
    ) async throws -> Response {
        let code = context.parameters.get("code")
        let scope = try await Self.scope(
            township: kind == "townships" ? code : nil, item: kind == "items" ? code : nil,
            department: kind == "departments" ? code : nil, services: services)
        let events = try await ChangeFeedStore(services.database).latest(
            county: services.county, filter: scope.filter, limit: atomLength)
        let base = Self.base(request, services: services)
        let feed = AtomFeed(
            id: "urn:quanze:\(services.county):feed:\(scope.key)", title: "\(scope.name)权责清单变更",
            author: scope.name, selfLink: base + request.uri.path,
            pageLink: base + "/changes" + Self.query(scope.filter), events: events,
            link: { base + Self.link($0) })
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: feed.xml)))
    }

    static func query(_ filter: ChangeFilter) -> String {
        if let t = filter.township { return "?township=\(t)" }
        if let i = filter.item { return "?item=\(i)" }
        if let d = filter.department { return "?department=\(d)" }
        return ""
    }

    /// The e-mail subscription form of a scope (`/subscribe`, issue 16 point 2).
    static func subscribePath(_ filter: ChangeFilter) -> String {
        if let t = filter.township { return "/subscribe?scope=township&code=\(t)" }
        if let i = filter.item { return "/subscribe?scope=item&code=\(i)" }
        if let d = filter.department { return "/subscribe?scope=department&code=\(d)" }
        return "/subscribe"
    }

    static func atomPath(_ filter: ChangeFilter) -> String {
        if let t = filter.township { return "/feeds/townships/\(t)" }
        if let i = filter.item { return "/feeds/items/\(i)" }
        if let d = filter.department { return "/feeds/departments/\(d)" }
        return "/feeds/changes"
    }

    // MARK: JSON

    struct EventDTO: Encodable {
        var id: String
        var seq: Int64
        var kind: String
        var kindLabel: String
        var recordedAt: String
        var day: String
        var township: String?
        var townshipName: String?
        var itemCode: String?
        var itemName: String?
        var department: String?
        var decision: String?
        var summary: String
        var link: String
        var entry: EntryDTO?

        struct EntryDTO: Encodable {
            var entryId: String
            var list: String
            var listLabel: String
            var mode: String
            var role: String?
            var partner: String?
            var validFrom: String
            var validTo: String?
            var previousMode: String?
            var previousRole: String?
            var correctionReason: String?
        }

        init(_ e: ChangeEvent) {
            id = e.id
            seq = e.seq
            kind = e.kind.rawValue
            kindLabel = e.kind.label
            recordedAt = AtomFeed.timestamp(e.at)
            day = e.day.iso
            township = e.township
            townshipName = e.townshipName
            itemCode = e.itemCode
            itemName = e.itemName
            department = e.department
            decision = e.decision
            summary = e.summary
            link = FeedController.link(e)
            entry = e.entry.map {
                EntryDTO(
                    entryId: $0.entryId, list: $0.list.rawValue, listLabel: $0.list.label, mode: $0.mode.rawValue,
                    role: $0.role?.rawValue, partner: $0.partner, validFrom: $0.validFrom.iso, validTo: $0.validTo?.iso,
                    previousMode: $0.previous?.mode.rawValue, previousRole: $0.previous?.role?.rawValue,
                    correctionReason: $0.correctionReason)
            }
        }
    }

    struct PageDTO: Encodable {
        var county: String
        var events: [EventDTO]
        /// Pass as `after` to read on; the same number when nothing new came.
        var next: Int64
        var hasMore: Bool
        /// The county's newest event number.
        var head: Int64
    }

    /// `GET /api/v1/changes?after=N&limit=M&township=…|item=…|department=…`: the events after number N, oldest
    /// first. A reader keeps `next` and asks again with it: nothing is missed or repeated.
    @Sendable static func api(_ request: Request, services: AppServices) async throws -> Response {
        let q = request.uri.queryParameters
        var after: Int64 = 0
        if let text = q.get("after"), !text.isEmpty {
            guard let n = Int64(text), n >= 0 else {
                throw AppError.badRequest("参数 after 应为不小于 0 的整数（上次返回的 next）")
            }
            after = n
        }
        var limit = defaultPage
        if let text = q.get("limit"), !text.isEmpty {
            guard let n = Int(text), (1...maximumPage).contains(n) else {
                throw AppError.badRequest("参数 limit 应为 1 至 \(maximumPage) 之间的整数")
            }
            limit = n
        }
        let scope = try await Self.scope(
            township: q.get("township"), item: q.get("item"), department: q.get("department"), services: services)
        let store = ChangeFeedStore(services.database)
        let events = try await store.events(
            county: services.county, after: after, filter: scope.filter, limit: limit + 1)
        let page = Array(events.prefix(limit))
        return JSONBody.response(
            PageDTO(
                county: services.county, events: page.map(EventDTO.init), next: page.last?.seq ?? after,
                hasMore: events.count > limit, head: try await store.head(county: services.county)))
    }

    // MARK: page

    struct Row {
        var seq: String
        var recorded: String
        var kind: String
        var day: String
        var summary: String
        var link: String
        var decision: String?
        var decisionLink: String?
    }

    struct ChangesPage {
        var scopeName: String
        var atom: String
        /// The e-mail subscription form for the same scope.
        var subscribe: String
        var api: String
        var rows: [Row]
        var hasRows: Bool
        var count: String
        var filtered: Bool
        /// The next page of older changes, and the way back to the newest.
        var older: String?
        var newest: String?
    }

    @Sendable static func page(_ request: Request, services: AppServices) async throws -> Response {
        let q = request.uri.queryParameters
        let scope = try await Self.scope(
            township: q.get("township"), item: q.get("item"), department: q.get("department"), services: services)
        var before: Int64?
        if let text = q.get("before"), !text.isEmpty {
            guard let n = Int64(text), n > 0 else { throw AppError.badRequest("参数 before 应为正整数（变更编号）") }
            before = n
        }
        let events = try await ChangeFeedStore(services.database).latest(
            county: services.county, filter: scope.filter, before: before, limit: pageLength + 1)
        let rows = events.prefix(pageLength).map { e in
            Row(
                seq: Format.count(Int(e.seq)), recorded: Stamp.text(e.at), kind: e.kind.label, day: e.day.iso,
                summary: e.summary, link: link(e), decision: e.decision,
                decisionLink: e.decision.map(DecisionsController.link))
        }
        let filterQuery = Self.query(scope.filter)
        let older =
            events.count > pageLength
            ? "/changes" + (filterQuery.isEmpty ? "?" : filterQuery + "&") + "before=\(events[pageLength - 1].seq)"
            : nil
        return try Page.render(
            ChangesPage(
                scopeName: scope.name, atom: atomPath(scope.filter), subscribe: subscribePath(scope.filter),
                api: "/api/v1/changes" + filterQuery, rows: rows, hasRows: !rows.isEmpty,
                count: Format.count(rows.count), filtered: scope.filter != .county, older: older,
                newest: before == nil ? nil : "/changes" + filterQuery),
            template: "feed/changes", title: "\(scope.name)权责清单变更动态", section: "changes", services: services,
            headers: [.init("Link")!: "<\(atomPath(scope.filter))>; rel=\"alternate\"; type=\"application/atom+xml\""])
    }
}

func addFeedRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = FeedController
    router.get("/changes") { r, _ in try await C.page(r, services: s) }
    router.get("/feeds/changes") { r, c in try await C.atom(r, context: c, kind: "county", services: s) }
    for kind in ["townships", "items", "departments"] {
        router.get("/feeds/\(kind)/:code") { r, c in try await C.atom(r, context: c, kind: kind, services: s) }
    }
    router.group("api/v1").get("changes") { r, _ in try await C.api(r, services: s) }
}
