import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The pages of the guidance library: the staff page `/guidance` (publish a document or a new version of one,
/// publish a discretion standard), a document with its versions `/guidance/documents/{id}`, the public search of
/// discretion standards `/guidance/discretion?q=`, and the part of the item page that shows the item's guidance.
enum GuidancePages {
    /// The rows of the staff form: the four grades preset, and two more for circumstances of the department's own.
    static let formRows = 6

    struct Option {
        var value: String
        var label: String
    }

    struct DocumentLine {
        var id: String
        var kindLabel: String
        var title: String
        var version: Int
        var source: String
        var issuer: String
        var effective: String
        var standing: String
        var itemCount: Int
    }

    struct RowLine {
        var circumstance: String
        var facts: String
        var penalty: String
        var articles: [String]
    }

    struct VersionLine {
        var version: Int
        var effective: String
        var source: String
        var issuer: String
        var standing: String
        var isCurrent: Bool
    }

    struct StandardBlock {
        var itemCode: String
        var itemName: String
        var version: Int
        var source: String
        var issuer: String
        var effective: String
        var rows: [RowLine]
        var versions: [VersionLine]
        var hasHistory: Bool
    }

    static func document(_ d: GuidanceDocument, among versions: [GuidanceDocument], on day: Day) -> DocumentLine {
        DocumentLine(
            id: d.id, kindLabel: d.kind.label, title: d.title, version: d.version, source: d.source,
            issuer: d.issuer.name, effective: Format.day(d.effectiveOn),
            standing: GuidanceRules.standing(of: d, among: versions, on: day).label, itemCount: d.itemCodes.count)
    }

    static func rows(_ rows: [DiscretionRow]) -> [RowLine] {
        rows.map {
            RowLine(
                circumstance: $0.circumstance, facts: $0.facts, penalty: $0.penalty.summary(count: Format.count),
                articles: $0.articles.map(\.display))
        }
    }

    static func block(
        _ s: DiscretionStandard, versions: [DiscretionStandard], on day: Day, rows shown: [DiscretionRow]? = nil
    )
        -> StandardBlock
    {
        StandardBlock(
            itemCode: s.itemCode, itemName: s.itemName, version: s.version, source: s.source, issuer: s.issuer.name,
            effective: Format.day(s.effectiveOn), rows: rows(shown ?? s.rows),
            versions: versions.sorted { $0.version > $1.version }.map {
                VersionLine(
                    version: $0.version, effective: Format.day($0.effectiveOn), source: $0.source,
                    issuer: $0.issuer.name,
                    standing: GuidanceRules.standing(of: $0, among: versions, on: day).label, isCurrent: $0 == s)
            }, hasHistory: versions.count > 1)
    }

    // MARK: staff page

    struct FormRow {
        var n: Int
        var circumstance: String
        var kinds: [Option]
    }

    struct WorkPage {
        var done: Bool
        var role: String
        var scope: String
        var documents: [DocumentLine]
        var hasDocuments: Bool
        var standards: [StandardBlock]
        var hasStandards: Bool
        var kinds: [Option]
        var revisable: [Option]
        var penaltyItems: [Option]
        var hasPenaltyItems: Bool
        var formRows: [FormRow]
        var today: String
    }

    @Sendable static func work(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            GuidanceRules.publishers, "发布指导材料和裁量基准", request, context, services)
        let service = GuidanceService(services.database)
        let today = services.today
        let own = principal.role == .department
        let documents = Dictionary(grouping: try await service.documents(county: principal.county), by: \.id).values
            .compactMap { versions in versions.max { $0.version < $1.version }.map { ($0, versions) } }
            .filter { pair in !own || pair.1.contains { $0.issuer.code == principal.organization } }.sorted {
                $0.0.id < $1.0.id
            }
        let items = try await service.penaltyItems(for: principal)
        let codes = Set(items.map(\.code))
        let standards = Dictionary(grouping: try await service.standards(county: principal.county), by: \.itemCode)
            .filter { codes.contains($0.key) }.sorted { $0.key < $1.key }
            .compactMap { _, versions in
                (GuidanceRules.current(versions, on: today) ?? versions.last).map {
                    block($0, versions: versions, on: today)
                }
            }
        let grades = CircumstanceGrade.allCases.map(\.label)
        let page = WorkPage(
            done: request.uri.queryParameters.get("done") != nil, role: principal.role.label,
            scope: own ? "本部门实施的行政处罚事项" : "全区行政处罚事项",
            documents: documents.map { document($0.0, among: $0.1, on: today) }, hasDocuments: !documents.isEmpty,
            standards: standards, hasStandards: !standards.isEmpty,
            kinds: GuidanceKind.allCases.map { Option(value: $0.rawValue, label: $0.label) },
            revisable: documents.map {
                Option(value: $0.0.id, label: "\($0.0.id) \($0.0.title)（现为第 \($0.0.version) 版）")
            },
            penaltyItems: items.map { Option(value: $0.code, label: "\($0.code) \($0.name)") },
            hasPenaltyItems: !items.isEmpty,
            formRows: (1...formRows).map { n in
                FormRow(
                    n: n, circumstance: n <= grades.count ? grades[n - 1] : "",
                    kinds: PenaltyKind.allCases.map { Option(value: $0.rawValue, label: $0.label) })
            }, today: today.iso)
        return try Page.render(
            page, template: "guidance/work", title: "指导材料与裁量基准", section: "guidance", services: services)
    }

    // MARK: a document

    struct DocumentPage {
        var line: DocumentLine
        var paragraphs: [String]
        var items: [Option]
        var versions: [VersionLine]
        var hasHistory: Bool
        var publishedOn: String
    }

    @Sendable static func document(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let id = context.parameters.get("id") ?? ""
        let versions = try await GuidanceService(services.database).document(id, county: services.county)
        let today = services.today
        let asked = try Query.int(request, "version", default: 0, range: 0...10_000)
        guard
            let shown = asked > 0
                ? versions.first(where: { $0.version == asked })
                : (GuidanceRules.current(versions, on: today) ?? versions.last)
        else { throw AppError.notFound("指导材料 \(id) 没有第 \(asked) 版") }
        let names = try await services.items.items(county: services.county, codes: shown.itemCodes)
        let page = DocumentPage(
            line: document(shown, among: versions, on: today),
            paragraphs: shown.body.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces() }.filter {
                !$0.isEmpty
            },
            items: shown.itemCodes.map { code in
                Option(value: code, label: names.first { $0.code == code }?.name ?? code)
            },
            versions: versions.sorted { $0.version > $1.version }.map {
                VersionLine(
                    version: $0.version, effective: Format.day($0.effectiveOn), source: $0.source,
                    issuer: $0.issuer.name,
                    standing: GuidanceRules.standing(of: $0, among: versions, on: today).label, isCurrent: $0 == shown)
            }, hasHistory: versions.count > 1, publishedOn: Format.day(DateBounds.chinaDay(of: shown.publishedAt)))
        return try Page.render(
            page, template: "guidance/document", title: shown.title, section: "items",
            breadcrumb: [.init(label: "裁量基准与指导材料", href: "/guidance/discretion"), .init(label: shown.id, href: nil)],
            services: services)
    }

    // MARK: public search

    struct SearchPage {
        var query: String
        var hasQuery: Bool
        var results: [StandardBlock]
        var hasResults: Bool
        var standardCount: Int
        var rowCount: Int
        var asOf: String
    }

    @Sendable static func search(_ request: Request, services: AppServices) async throws -> Response {
        let q = try Query.text(request, "q") ?? ""
        let today = services.today
        let found = try await GuidanceService(services.database).search(county: services.county, query: q, on: today)
        let results = found.map { block($0.standard, versions: [$0.standard], on: today, rows: $0.rows) }
        return try Page.render(
            SearchPage(
                query: q, hasQuery: !q.trimmingSpaces().isEmpty, results: results, hasResults: !results.isEmpty,
                standardCount: results.count, rowCount: found.map(\.rows.count).reduce(0, +), asOf: Format.day(today)),
            template: "guidance/discretion", title: "行政处罚裁量基准查询", section: "discretion", services: services)
    }
}

/// The item page's part of the library: the guidance documents in force that name the item and, for a penalty
/// item, its discretion standard in force with the list of its versions.
struct ItemGuidanceView {
    var documents: [GuidancePages.DocumentLine]
    var hasDocuments: Bool
    var standard: GuidancePages.StandardBlock?
    var isPenalty: Bool
    var hasAny: Bool

    static func build(item: PowerItem, services: AppServices) async throws -> ItemGuidanceView {
        let today = services.today
        let found = try await GuidanceService(services.database).forItem(item.code, county: services.county, on: today)
        let standard = found.standard.map { GuidancePages.block($0, versions: found.standardVersions, on: today) }
        return ItemGuidanceView(
            documents: found.documents.map { GuidancePages.document($0, among: [$0], on: today) },
            hasDocuments: !found.documents.isEmpty, standard: standard, isPenalty: item.category == .penalty,
            hasAny: !found.documents.isEmpty || standard != nil)
    }
}
