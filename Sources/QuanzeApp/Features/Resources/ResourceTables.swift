import Foundation
import QuanzeDomain

/// Every sentence of the resources feature that is not a rule (rules are data: `ResourceRules`), in one place.
enum ResourceText {
    static let countedStaff =
        "编制数对应在编人员：实有在编人数为统计日期在册（入职日不晚于统计日期）的在编人员，借调在外的仍占编制、单列显示；编外辅助和派驻人员不占本机构编制，单列显示。"
    static let workloadDefinition =
        "每编工作量 = 承接事项数 × 办件量 ÷ 核定编制数。承接事项数为统计日期有效的审批服务清单和执法清单条目数之和；办件量为本年度截至统计日期所在月份的办件总量（运行指标）；核定编制数为本年度镇街行政审批办公室与综合行政执法中队的核定编制之和。结果四舍五入保留两位小数；未核定编制的镇街无法计算，排在最前。"
}

/// The resources page's long table (the workload ranking, the basis of 编制激励) through the one table mechanism
/// (`TableQuery`, `TableControls`, `TableExport`), shared by the page and `GET /api/v1/resources/workload?format=`.
enum ResourceTables {
    static let rankingSpec = TableSpec(
        sortable: [
            .init("rank", "排名"), .init("name", "镇街"), .init("items", "承接事项"), .init("cases", "办件量"),
            .init("posts", "核定编制"),
        ],
        filters: [], defaultSort: "rank")

    static func rankingRecord(_ r: ResourcesController.WorkloadDTO) -> TableRecord {
        TableRecord(
            values: [
                "rank": .number(r.rank), "name": .text(r.name), "items": .number(r.items), "cases": .number(r.cases),
                "posts": .number(r.posts),
            ], searchText: r.name + "\u{1F}" + r.township)
    }

    static func rankingExport(_ rows: [ResourcesController.WorkloadDTO]) -> TableExport {
        TableExport(
            sheetName: "每编工作量",
            header: ["排名", "镇街代码", "镇街", "承接事项数", "办件量", "核定编制数", "工作量（事项×办件）", "每编工作量"],
            rows: rows.map {
                [
                    .number($0.rank), .text($0.township), .text($0.name), .number($0.items), .number($0.cases),
                    .number($0.posts), .number($0.load), .text($0.perPost),
                ]
            })
    }
}
