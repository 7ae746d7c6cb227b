import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The county's provincial grant catalogues (赋权目录) for 编办: the registered ones with their item counts, and an
/// upload of a new one (the `quanze import catalogue` CSV, pasted), checked against the county's item catalogue.
enum CataloguesController {
    struct Row: Encodable {
        var number: String
        var title: String
        var issuer: String
        var date: String
        var items: Int
        var link: String
    }

    struct UploadForm: ComputedView {
        var csv = ""
        var decision = ""
        var title = ""
        var issuer = ""
        var date = ""
        var issues: [String] = []

        var computed: [String: Any] { ["hasIssues": !issues.isEmpty] }
    }

    struct CataloguesPage {
        var rows: [Row]
        var total: Int
        var form: UploadForm
        var notice: String?
    }

    static let step = "管理省级赋权目录"

    @Sendable static func page(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], step, request, context, services)
        let imported = request.uri.queryParameters.get("imported").flatMap { Int($0) }
        return try await render(
            principal, form: UploadForm(), notice: imported.map { "已导入赋权目录事项 \($0) 项。" }, services: services)
    }

    @Sendable static func upload(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], step, request, context, services)
        let input = try await Form.read(request)
        var form = UploadForm(
            csv: input["csv"], decision: input["decision"], title: input["title"], issuer: input["issuer"],
            date: input["date"])
        let date = Day(iso: form.date)
        if !form.date.isEmpty && date == nil {
            form.issues = ["成文日期“\(form.date)”格式不正确，应为 YYYY-MM-DD"]
            return try await render(
                principal, form: form, notice: nil, services: services, status: .unprocessableContent)
        }
        let defaults = CatalogueImport.Defaults(
            number: form.decision.isEmpty ? nil : form.decision, title: form.title.isEmpty ? nil : form.title,
            issuer: form.issuer.isEmpty ? nil : form.issuer, date: date)
        do {
            let report = try await CatalogImporter(services.database).importCatalogue(
                Data(form.csv.utf8), county: principal.county, defaults: defaults, actor: principal.actor,
                now: services.now, source: "网页上传")
            return Response(
                status: .seeOther, headers: [.location: "/delegation/catalogues?imported=\(report.written)"])
        } catch let failure as ImportFailure {
            form.issues = failure.issues.map { $0.line > 0 ? $0.description : $0.message }
            return try await render(
                principal, form: form, notice: nil, services: services, status: .unprocessableContent)
        }
    }

    static func render(
        _ principal: Principal, form: UploadForm, notice: String?, services: AppServices,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let counts = try await DelegationStore(services.database).catalogueCounts(county: principal.county)
        let decisions = try await services.decisions.all(county: principal.county)
        let rows = decisions.filter { $0.kind == .provincialCatalogue || counts[$0.number] != nil }.map { d in
            Row(
                number: d.number, title: d.title, issuer: d.issuer, date: d.date.iso, items: counts[d.number] ?? 0,
                link: DecisionsController.link(d.number))
        }
        return try Page.render(
            CataloguesPage(rows: rows, total: rows.count, form: form, notice: notice),
            template: "delegation/catalogues", title: "省级赋权目录", section: "delegation",
            breadcrumb: [.init(label: "赋权下放", href: "/delegation")], services: services, status: status)
    }
}
