import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The supervision page (`/supervision`): the year's internal review (案件内审) beside the case-compliance figures of
/// each township, the samples with their frame, seed and findings (司法局 draws and records findings), and the yearly
/// assessment of the townships (编办 sets the weights and publishes; the ranking is the page's long table with CSV and
/// XLSX export). A township sees its own samples and, once published, the ranking with its own detail. The public
/// page `/supervision/ranking` shows a published ranking to anyone.
enum SupervisionPages {
    struct Option {
        var value: String
        var label: String
    }

    struct AspectCell {
        var label: String
        var ok: Bool
        var note: String
        var hasNote: Bool
    }

    struct CaseRow {
        var caseId: String
        var order: Int
        var reviewed: Bool
        var hasProblem: Bool
        var reviewedOn: String
        var aspects: [AspectCell]
    }

    struct SampleView {
        var dto: SupervisionController.SampleDTO
        var period: String
        var drawnOn: String
        var rows: [CaseRow]
        var frameText: String
        var unreviewed: [String]
        var hasUnreviewed: Bool
    }

    struct RankingRow {
        var dto: SupervisionController.ScoreDTO
        var hasDetail: Bool
    }

    struct WorkPage {
        var done: Bool
        var role: String
        var year: Int
        var years: [Int]
        var article: String
        /// The statute as a reader cites it (the assessment's `article` is the reference the API gives).
        var lawText: String
        var reviewRows: [SupervisionController.ReviewRowDTO]
        var aspectLabels: [String]
        var samples: [SampleView]
        var hasSamples: Bool
        var mayDraw: Bool
        var townships: [Option]
        var aspects: [Option]
        var periodFrom: String
        var periodTo: String
        var assessment: SupervisionController.AssessmentDTO?
        var ranking: [RankingRow]
        var controls: TableControls?
        var disputesNote: String?
        var mayMakeScheme: Bool
        var mayPublish: Bool
        var indicators: [Option]
        var publicLink: String?
    }

    static func sampleView(_ s: ReviewSample) -> SampleView {
        let rows = s.cases.enumerated().map { index, id in
            let f = s.findings.first { $0.caseId == id }
            return CaseRow(
                caseId: id, order: index + 1, reviewed: f != nil, hasProblem: f?.hasProblem ?? false,
                reviewedOn: f.map { Format.day($0.reviewedOn) } ?? "",
                aspects: (f?.aspects ?? []).map {
                    AspectCell(label: $0.aspect.label, ok: $0.ok, note: $0.note, hasNote: !$0.note.isEmpty)
                })
        }
        return SampleView(
            dto: .init(s), period: "\(Format.day(s.from))至\(Format.day(s.to))", drawnOn: Format.day(s.drawnOn),
            rows: rows, frameText: s.frame.joined(separator: "\n"),
            unreviewed: s.cases.filter { id in !s.findings.contains { $0.caseId == id } },
            hasUnreviewed: s.findings.count < s.cases.count)
    }

    @Sendable static func work(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            SupervisionController.viewers, "查看案件内审与镇街考核", request, context, services)
        let year = try SupervisionController.year(request, services: services)
        let service = SupervisionService(services.database)
        let samples = try await service.samples(for: principal, year: year)
        let reviewRows = try await SupervisionController.reviewRows(principal, year: year, services: services)
        let isTownship = principal.role == .township
        let schemes = try await service.assessments(county: principal.county)
        let scheme = schemes.first { $0.year == year }
        var assessment: SupervisionController.AssessmentDTO?
        if let scheme, !isTownship || scheme.state == .published {
            assessment = try await SupervisionController.view(year, principal: principal, services: services)
        }
        let spec = SupervisionController.rankingSpec
        let query = try TableControls.query(request, spec: spec)
        let format = try TableControls.format(request)
        let table = query.apply(assessment?.results ?? []) { SupervisionController.rankingRecord($0) }
        if format != .html {
            guard var dto = assessment else {
                throw SupervisionServiceFailure.notFound("\(year)年度没有可导出的镇街考核结果")
            }
            dto.results = table.filtered
            return TableControls.download(
                SupervisionController.export(dto), format: format, filename: "镇街年度考核_\(year)")
        }
        let townships = try await service.townships(county: principal.county)
        let yearSet = Set(schemes.map(\.year) + samples.map(\.from.year) + [year, services.today.year])
        return try Page.render(
            WorkPage(
                done: request.uri.queryParameters.get("done") != nil, role: principal.role.label, year: year,
                years: yearSet.sorted(by: >), article: ReviewSample.article.display,
                lawText: TownshipAssessment.article.display,
                reviewRows: reviewRows,
                aspectLabels: ReviewAspect.allCases.map(\.label), samples: samples.map(sampleView),
                hasSamples: !samples.isEmpty, mayDraw: principal.role == .justice,
                townships: townships.map { Option(value: $0.code, label: $0.name) },
                aspects: ReviewAspect.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                periodFrom: "\(year)-01-01", periodTo: "\(year)-12-31", assessment: assessment,
                ranking: table.rows.map { RankingRow(dto: $0, hasDetail: $0.indicators != nil) },
                controls: assessment == nil
                    ? nil
                    : TableControls(
                        path: "/supervision", hidden: [("year", String(year))], spec: spec, query: query, page: table,
                        placeholder: "镇街名称中的字词"),
                disputesNote: assessment.map { $0.disputesConnected ? nil : DisputeCounts.notConnected } ?? nil,
                mayMakeScheme: principal.role == .establishment && scheme == nil,
                mayPublish: principal.role == .establishment && scheme?.state == .draft,
                indicators: AssessmentIndicator.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                publicLink: scheme?.state == .published ? "/supervision/ranking?year=\(year)" : nil),
            template: "supervision/work", title: "案件内审与镇街考核", section: "supervision", services: services)
    }

    struct RankingPage {
        var year: Int
        var publishedOn: String
        var citation: String
        var rows: [SupervisionController.ScoreDTO]
        var weights: [SupervisionController.WeightDTO]
    }

    /// The public page of a published ranking (the app's county): rank, township and total, with the weights and
    /// the document that sets them.
    @Sendable static func ranking(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let year = try SupervisionController.year(request, services: services)
        let a = try await SupervisionService(services.database).assessments(county: services.county).first {
            $0.year == year && $0.state == .published
        }
        guard let a else { throw SupervisionServiceFailure.notFound("\(year)年度的镇街考核结果尚未公布") }
        let dto = SupervisionController.AssessmentDTO(a, results: a.results, connected: a.disputesRecorded) { _ in false
        }
        return try Page.render(
            RankingPage(
                year: year, publishedOn: a.publishedOn.map(Format.day) ?? "", citation: dto.citation,
                rows: dto.results, weights: dto.weights),
            template: "supervision/ranking", title: "\(year)年度镇街考核结果", section: "supervision",
            services: services)
    }
}
