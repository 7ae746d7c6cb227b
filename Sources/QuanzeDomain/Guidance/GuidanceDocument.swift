import Foundation

/// The three kinds of guidance material townships asked for when powers came down (扶上马，送一程).
public enum GuidanceKind: String, Codable, Sendable, CaseIterable {
    case workGuide = "work-guide"
    case caseManual = "case-manual"
    case handbook

    public var label: String {
        switch self {
        case .workGuide: "工作指南"
        case .caseManual: "案例手册"
        case .handbook: "执法实用手册"
        }
    }

    /// Accepts the key or the Chinese name.
    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let kind = GuidanceKind(rawValue: t) ?? GuidanceKind.allCases.first(where: { $0.label == t }) else {
            return nil
        }
        self = kind
    }
}

/// One version of a guidance document (工作指南, 案例手册 or 执法实用手册) attached to catalogue items: its text, the
/// document it comes from (文号 or name) and its issuer, the day it takes effect. A revision is a new version of
/// the same `id`; every version is kept, and the one in force is the highest that has taken effect.
public struct GuidanceDocument: Codable, Hashable, Sendable, GuidanceVersioned {
    /// What the publisher writes; the rest comes from the items, the principal and the clock.
    public struct Draft: Hashable, Sendable {
        public var kind: GuidanceKind
        public var itemCodes: [String]
        public var title: String
        public var body: String
        public var source: String
        public var effectiveOn: Day

        public init(
            kind: GuidanceKind, itemCodes: [String], title: String, body: String, source: String, effectiveOn: Day
        ) {
            self.kind = kind
            self.itemCodes = itemCodes
            self.title = title
            self.body = body
            self.source = source
            self.effectiveOn = effectiveOn
        }
    }

    public var county: String
    public var id: String
    public var version: Int
    public var kind: GuidanceKind
    public var itemCodes: [String]
    public var title: String
    public var body: String
    /// The document it comes from: a 文号 or the name of a published document.
    public var source: String
    public var issuer: GuidanceIssuer
    public var effectiveOn: Day
    public var publishedBy: String
    public var publishedAt: Date

    public static let titleLimit = 100
    public static let bodyLimit = 20000
    public static let sourceLimit = 100
    public static let itemLimit = 50

    /// Publishes a new document (`previous` nil) or the next version of one: the items are those of the draft,
    /// resolved in the catalogue by the caller, in the draft's order.
    public static func publish(
        _ draft: Draft, id: String, county: String, items: [GuidanceItem], previous: GuidanceDocument?,
        issuer: GuidanceIssuer, by principal: Principal, at now: Date
    ) throws(GuidanceFailure) -> GuidanceDocument {
        guard !items.isEmpty else { throw .noItems }
        guard items.count <= itemLimit else { throw .tooManyItems(itemLimit) }
        var seen: Set<String> = []
        for item in items where !seen.insert(item.code).inserted { throw .duplicateItem(item.code) }
        try GuidanceRules.checkPublisher(principal, items: items)
        let title = try GuidanceRules.text(draft.title, limit: titleLimit, field: "标题", empty: .emptyTitle)
        let body = try GuidanceRules.text(draft.body, limit: bodyLimit, field: "正文", empty: .emptyBody)
        let source = try GuidanceRules.text(draft.source, limit: sourceLimit, field: "制定依据", empty: .emptySource)
        if let previous, previous.kind != draft.kind {
            throw .kindChanged(from: previous.kind.label, to: draft.kind.label)
        }
        let version = try GuidanceRules.nextVersion(after: previous, effectiveOn: draft.effectiveOn)
        return GuidanceDocument(
            county: county, id: id, version: version, kind: draft.kind, itemCodes: items.map(\.code), title: title,
            body: body, source: source, issuer: issuer, effectiveOn: draft.effectiveOn,
            publishedBy: principal.username, publishedAt: now)
    }
}
