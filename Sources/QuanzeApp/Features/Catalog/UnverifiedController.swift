import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// 待核验依据: the articles the county's items cite whose law (version) is not in the library yet, with counts per
/// law. Public like the items that cite them; a citation leaves this page when its law is imported. Below them, the
/// citations rule R5 flags: their version was replaced by a newer one in force, or repealed.
enum UnverifiedController {
    struct CitationView {
        var reference: String
        var items: [String]
        var count: Int
    }

    struct LawView {
        var law: String
        var version: String
        var articles: Int
        var items: Int
        var citations: [CitationView]
    }

    struct ChangedView {
        var reference: String
        var evidence: String
        var items: [String]
    }

    struct PageModel {
        var laws: [LawView]
        var total: Int
        var isEmpty: Bool
        /// Rule R5: citations whose version no longer applies on the day, with the items citing them.
        var changed: [ChangedView] = []
        var hasChanged = false
        var changedItems = 0
        var asOf = ""
    }

    @Sendable static func page(_ request: Request, services: AppServices) async throws -> Response {
        let citations = try await services.laws.unverifiedCitations(county: services.county)
        var laws: [LawView] = []
        for c in citations {
            let view = CitationView(reference: c.reference.display, items: c.itemCodes, count: c.itemCodes.count)
            if let last = laws.last, last.law == c.reference.law, last.version == c.reference.version.iso {
                laws[laws.count - 1].citations.append(view)
                laws[laws.count - 1].articles += 1
            } else {
                laws.append(
                    LawView(
                        law: c.reference.law, version: c.reference.version.iso, articles: 1, items: 0,
                        citations: [view]))
            }
        }
        for i in laws.indices { laws[i].items = Set(laws[i].citations.flatMap(\.items)).count }
        let asOf = try Query.day(request, "asOf", default: services.today)
        let changed = try await services.laws.changedCitations(county: services.county, on: asOf)
        let model = PageModel(
            laws: laws, total: citations.count, isEmpty: citations.isEmpty,
            changed: changed.map {
                ChangedView(reference: $0.change.cited.display, evidence: $0.change.evidence, items: $0.itemCodes)
            }, hasChanged: !changed.isEmpty, changedItems: Set(changed.flatMap(\.itemCodes)).count,
            asOf: Format.day(asOf))
        return try Page.render(
            model, template: "catalog/unverified",
            title: "待核验依据", section: "items",
            breadcrumb: [.init(label: "事项目录", href: "/items"), .init(label: "待核验依据", href: nil)],
            services: services)
    }
}
