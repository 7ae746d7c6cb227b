import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The annual report's pages: `/reports/annual?year=` (the report's text and figures with its status, links to the
/// printed page and the XLSX; 编办 also records processing steps and publishes) and
/// `/reports/annual/{year}/print`, the report printed to GB/T 9704-2012 with the house's `DocumentLayout` (22 lines
/// of 28 characters, blocks never split, page numbers on pages the layout made; the figures as the 附件 table).
enum ReportPages {
    struct StepRow {
        var itemCode: String
        var itemName: String
        var before: Int
        var after: Int
        var source: String
    }

    struct AnnualPage {
        var done: Bool
        var role: String
        var year: Int
        var statusLabel: String
        var isPublished: Bool
        var publishedLine: String
        var isEstablishment: Bool
        var mayPublish: Bool
        var title: String
        var sections: [AnnualReport.Section]
        var figures: [AnnualReport.Figure]
        var steps: [StepRow]
        var reductionLine: String
        var draftDiffers: Bool
    }

    @Sendable static func page(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            ReportsController.viewers, "查看年度运行报告", request, context, services)
        let year = try Query.int(request, "year", default: services.today.year, range: 2000...2100)
        let draft = ReportsController.flag(request, "draft")
        let (report, published) = try await ReportsController.report(
            county: principal.county, year: year, draft: draft, services: services)
        let steps = try await ReportService(services.database).steps(county: principal.county)
        let reduction = StepReduction.of(steps)
        let isPublished = published != nil && !draft
        return try Page.render(
            AnnualPage(
                done: request.uri.queryParameters.get("done") != nil, role: principal.role.label, year: year,
                statusLabel: isPublished ? "已发布" : "草稿（按当前数据生成，发布前随数据变化）",
                isPublished: isPublished,
                publishedLine: published.map {
                    "已于\(DateBounds.chinaDay(of: $0.publishedAt).chinese)由\($0.publishedBy)发布；发布后的数据变化不改变已发布的报告。"
                } ?? "",
                isEstablishment: principal.role == .establishment,
                mayPublish: principal.role == .establishment && published == nil, title: report.title,
                sections: report.sections, figures: report.figures,
                steps: steps.map {
                    StepRow(
                        itemCode: $0.itemCode, itemName: $0.itemName, before: $0.before, after: $0.after,
                        source: $0.source.citation)
                },
                reductionLine: reduction.items == 0
                    ? "尚未登记办理环节。"
                    : "\(reduction.items)项事项：下放前\(reduction.before)个环节，下放后\(reduction.after)个，减少\(AnnualReport.percent(reduction.reduction))。",
                draftDiffers: draft && published != nil),
            template: "reports/annual", title: "年度运行报告", section: "reports", services: services)
    }

    // MARK: the printed report

    struct Block {
        var draftText: String? = nil
        var heading: Heading? = nil
        var level1Text: String? = nil
        var level2Text: String? = nil
        var paragraphText: String? = nil
        var signOff: SignOff? = nil
        var isAnnexLabel: Bool = false
        var annexHeading: Heading? = nil
        var tableData: Table? = nil
        var height: Int = 1
    }

    struct Heading {
        var lines: [String]
    }

    struct Row {
        var cells: [String]
    }

    struct Table {
        var headers: [String]
        var rows: [Row]
    }

    struct SignOff {
        var signers: [String]
        var date: String
    }

    struct PrintedPage {
        var pageNumber: Int
        var folio: String
        var odd: Bool
        var blocks: [Block]
        var last: Bool
    }

    struct PrintView {
        var title: String
        var year: Int
        var status: String
        var pages: [PrintedPage]
    }

    /// The figures table's columns and their widths in characters (28 in all).
    static let columns: [(String, Double)] = [("指标", 12), ("数值", 5), ("来源", 11)]

    static func height(_ cells: [String]) -> Int {
        zip(cells, columns).map { DocumentLayout.lineCount($0, indent: 0, columns: $1.1 - 0.5) }.max() ?? 1
    }

    /// Lays the report out on pages: title, the level-1 heading, each section's level-2 heading and paragraphs,
    /// the sign-off (the county's 编办 and the day), then the figures as the 附件 on pages of their own.
    static func layout(_ report: AnnualReport, signer: String, date: String, draft: Bool) -> [PrintedPage] {
        var blocks: [Block] = []
        if draft { blocks.append(Block(draftText: "草稿（未发布）", height: 1)) }
        let titleLines = DocumentLayout.titleLines([report.countyName, "\(report.year)年度", "镇街权责清单运行报告"])
        blocks.append(Block(heading: Heading(lines: titleLines), height: titleLines.count + 1))
        blocks.append(Block(level1Text: "一、工作开展情况及成效", height: 1))
        for section in report.sections {
            // A heading stays with its first paragraph (one block: never the last line of a page on its own).
            var first = Block(level2Text: section.heading, height: DocumentLayout.lineCount(section.heading))
            if let text = section.paragraphs.first {
                first.paragraphText = text
                first.height += DocumentLayout.lineCount(text)
            }
            blocks.append(first)
            for text in section.paragraphs.dropFirst() {
                blocks.append(Block(paragraphText: text, height: DocumentLayout.lineCount(text)))
            }
        }
        let note = "附件：\(report.year)年度运行数据及来源"
        blocks.append(Block(paragraphText: note, height: DocumentLayout.lineCount(note)))
        blocks.append(Block(signOff: SignOff(signers: [signer], date: date), height: 4))
        var pages = DocumentLayout.paginate(blocks.map(\.height)).map { $0.map { blocks[$0] } }
        let annexTitle = DocumentLayout.titleLines(["\(report.year)年度运行数据及来源"])
        var page: [Block] = [
            Block(isAnnexLabel: true, height: 1),
            Block(annexHeading: Heading(lines: annexTitle), height: annexTitle.count + 1),
        ]
        let header = height(columns.map(\.0))
        let capacity = DocumentLayout.linesPerPage - 1
        var used = page.map(\.height).reduce(0, +) + header
        var rows: [Row] = []
        for figure in report.figures {
            let cells = [figure.label, figure.value, figure.source]
            let h = height(cells)
            if used + h > capacity && !rows.isEmpty {
                page.append(Block(tableData: Table(headers: columns.map(\.0), rows: rows)))
                pages.append(page)
                page = []
                rows = []
                used = header
            }
            rows.append(Row(cells: cells))
            used += h
        }
        page.append(Block(tableData: Table(headers: columns.map(\.0), rows: rows)))
        pages.append(page)
        return pages.enumerated().map { index, blocks in
            PrintedPage(
                pageNumber: index + 1, folio: "— \(index + 1) —", odd: index % 2 == 0, blocks: blocks,
                last: index == pages.count - 1)
        }
    }

    @Sendable static func print(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            ReportsController.viewers, "查看年度运行报告", request, context, services)
        let (year, xlsx) = try ReportsController.year(request, context: context)
        guard !xlsx else { throw AppError.notFound("页面或接口不存在") }
        let draft = ReportsController.flag(request, "draft")
        let (report, published) = try await ReportsController.report(
            county: principal.county, year: year, draft: draft, services: services)
        let isPublished = published != nil && !draft
        let office =
            try await services.organizations.all(county: principal.county).first { $0.isEstablishmentOffice }?.name
            ?? report.countyName
        let date = isPublished ? DateBounds.chinaDay(of: published!.publishedAt).chinese : services.today.chinese
        let html =
            services.templates.render(
                PrintView(
                    title: report.title, year: year,
                    status: isPublished ? "已发布的报告（发布时的数据快照）" : "草稿：按当前数据生成，未发布",
                    pages: layout(report, signer: office, date: date, draft: !isPublished)),
                withTemplate: "reports/print") ?? ""
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
