import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The annual operation report (年度运行报告, issue 15 point 5) over the API (`/api/v1/reports/…`, also the target of
/// the page's forms). 编办 records the items' processing steps, reads the draft computed from the data and
/// publishes the year's report (a stored snapshot: later data changes never alter a published report); 司法局,
/// supervisors and townships read it. A township reads the county-wide report too: it holds the county's figures
/// only (counts, rates, no personal data), and the townships are what it reports on. Every read and write is of
/// the principal's county.
enum ReportsController {
    static let viewers: Set<Role> = [.establishment, .justice, .supervisor, .township]

    static func service(_ services: AppServices) -> ReportService { ReportService(services.database) }

    /// The year of a path parameter (`2023`, or `2023.xlsx` for the workbook).
    static func year(_ request: Request, context: AppContext) throws -> (year: Int, xlsx: Bool) {
        let text = context.parameters.get("year") ?? ""
        let xlsx = text.hasSuffix(".xlsx")
        let digits = xlsx ? String(text.dropLast(5)) : text
        guard let year = Int(digits), (2000...2100).contains(year) else {
            throw AppError.badRequest("年度“\(text)”无效：应为2000至2100之间的年份")
        }
        return (year, xlsx)
    }

    /// The report of a year: the published snapshot, else (or with `draft`) computed now from the data.
    static func report(county: String, year: Int, draft: Bool, services: AppServices) async throws
        -> (AnnualReport, PublishedReport?)
    {
        let published = try await service(services).published(county: county, year: year)
        if let published, !draft { return (published.report, published) }
        return (try await compute(county: county, year: year, services: services), published)
    }

    static func compute(county: String, year: Int, services: AppServices) async throws -> AnnualReport {
        let s = service(services)
        let input = try await s.input(county: county, year: year, countyName: try await s.countyName(county: county))
        do throws(ReportFailure) {
            return try AnnualReport.compute(input)
        } catch { throw error }
    }

    struct ReportDTO: Encodable {
        var year: Int
        var status: String
        var statusLabel: String
        var publishedBy: String?
        var publishedAt: String?
        var report: AnnualReport
    }

    static func dto(_ report: AnnualReport, _ published: PublishedReport?, draft: Bool) -> ReportDTO {
        let isPublished = published != nil && !draft
        return ReportDTO(
            year: report.year, status: isPublished ? "published" : "draft",
            statusLabel: isPublished ? "已发布" : "草稿（按当前数据生成）",
            publishedBy: isPublished ? published?.publishedBy : nil,
            publishedAt: isPublished ? published.map { ISO8601DateFormatter().string(from: $0.publishedAt) } : nil,
            report: report)
    }

    static func flag(_ request: Request, _ name: String) -> Bool {
        ["1", "true", "yes"].contains(request.uri.queryParameters.get(name) ?? "")
    }

    // MARK: reads

    @Sendable static func annual(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看年度运行报告", request, context, services)
        let (year, xlsx) = try Self.year(request, context: context)
        let draft = flag(request, "draft")
        let (report, published) = try await Self.report(
            county: principal.county, year: year, draft: draft, services: services)
        if xlsx {
            return TableControls.download(report.export, format: .xlsx, filename: "年度运行报告_\(year)")
        }
        return JSONBody.response(dto(report, published, draft: draft))
    }

    @Sendable static func steps(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看办理环节", request, context, services)
        let list = try await service(services).steps(county: principal.county)
        struct Answer: Encodable {
            var steps: [ProcessingSteps]
            var reduction: StepReduction
        }
        return JSONBody.response(Answer(steps: list, reduction: .of(list)))
    }

    // MARK: writes

    /// One item's steps (JSON or the page's form), or a CSV of several (`text/csv`: columns `item_code, before,
    /// after, document`, optional `number, provision`), all or nothing with each problem's line.
    @Sendable static func saveSteps(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], "登记办理环节", request, context, services)
        let type = request.headers[.contentType] ?? ""
        var list: [ProcessingSteps] = []
        var isForm = false
        if type.hasPrefix("text/csv") || type.hasPrefix("application/octet-stream") {
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let rows: [CSVRow]
            do throws(CSVReader.Failure) {
                rows = try CSVReader.table(
                    try CSVReader.decode(Data(buffer: buffer)), required: ["item_code", "before", "after", "document"])
            } catch { throw AppError.unprocessable(error.message) }
            for row in rows {
                func v(_ k: String) -> String { row.values[k] ?? "" }
                do throws(ReportFailure) {
                    list.append(
                        try ProcessingSteps.make(
                            county: principal.county, itemCode: v("item_code"), itemName: "", before: v("before"),
                            after: v("after"), document: v("document"), number: v("number"),
                            provision: v("provision")))
                } catch { throw AppError.unprocessable("第\(row.line)行：\(error.message)") }
            }
            guard !list.isEmpty else { throw AppError.unprocessable("CSV 中没有数据行") }
        } else {
            let input = try await DelegationInput.read(request)
            isForm = input.isForm
            let itemCode = try input.required("itemCode", "事项编码")
            do throws(ReportFailure) {
                list.append(
                    try ProcessingSteps.make(
                        county: principal.county, itemCode: itemCode, itemName: "",
                        before: input["before"], after: input["after"], document: input["document"],
                        number: input["number"], provision: input["provision"]))
            } catch { throw error }
        }
        let changed = try await service(services).setSteps(
            list, county: principal.county, actor: principal.actor, at: services.now)
        if isForm { return Response(status: .seeOther, headers: [.location: "/reports/annual?done=1"]) }
        return JSONBody.response(["changed": changed, "rows": list.count])
    }

    @Sendable static func publish(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], "发布年度运行报告", request, context, services)
        let (year, xlsx) = try Self.year(request, context: context)
        guard !xlsx else { throw AppError.notFound("页面或接口不存在") }
        let input = try await DelegationInput.read(request)
        let report = try await compute(county: principal.county, year: year, services: services)
        try await service(services).publish(report, actor: principal.actor, at: services.now)
        if input.isForm {
            return Response(status: .seeOther, headers: [.location: "/reports/annual?year=\(year)&done=1"])
        }
        let published = try await service(services).published(county: principal.county, year: year)
        return JSONBody.response(dto(report, published, draft: false), status: .created)
    }
}

func addReportRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = ReportsController
    let api = router.group("api/v1/reports")
    api.get("annual/:year") { r, c in try await C.annual(r, context: c, services: s) }
    api.post("annual/:year/publish") { r, c in try await C.publish(r, context: c, services: s) }
    api.get("steps") { r, c in try await C.steps(r, context: c, services: s) }
    api.post("steps") { r, c in try await C.saveSteps(r, context: c, services: s) }
    router.get("/reports/annual") { r, c in try await ReportPages.page(r, context: c, services: s) }
    router.get("/reports/annual/:year/print") { r, c in try await ReportPages.print(r, context: c, services: s) }
}
