import Foundation
import QuanzeDomain
import QuanzePersistence

/// The 委托书 and 赋权决定 the public may read: those published by every side that must publish them (行政处罚法
/// 第20、24条 require their publication); drafts and signed but unpublished ones stay with the parties and the
/// offices that see all units (`DelegationController.visibleAgreement`).
enum PublishedDocuments {
    /// A published document as the township, item and decision pages link it.
    struct Link {
        var number: String
        var title: String
        var kind: String
        var link: String
        var decisionLink: String
        var issuer: String
        var publishedOn: String
        /// How many items at how many townships it covers.
        var extent: String
    }

    /// The states in which a document is public.
    static let publicStates: [Agreement.State] = [.published, .effective]

    static func isPublic(_ a: Agreement) -> Bool { publicStates.contains(a.state) }

    /// The county's published documents, optionally those covering a township or an item.
    static func load(county: String, unit: String? = nil, item: String? = nil, services: AppServices) async throws
        -> [Agreement]
    {
        try await DelegationStore(services.database).list(
            Agreement.self, county: county, states: publicStates.map(\.rawValue), sharedWith: (unit, item)
        )
        .filter { a in
            (unit.map { u in a.lines.contains { $0.unit == u } } ?? true)
                && (item.map { i in a.lines.contains { $0.itemCode == i } } ?? true)
        }
    }

    static func link(_ a: Agreement) -> Link {
        let items = Set(a.lines.map(\.itemCode)).count
        return Link(
            number: a.number, title: a.title, kind: a.mode == .entrusted ? "委托书" : "赋权决定", link: "/agreements/\(a.id)",
            decisionLink: DecisionsController.link(a.number), issuer: a.issuerName,
            publishedOn: a.publishedOn?.iso ?? "", extent: "\(items)项事项、\(a.units.count)个镇街")
    }
}
