import ArgumentParser
import Foundation
import QuanzeDomain
import QuanzePersistence

/// `quanze county …`: setting up the county a deployment serves (DESIGN §11).
struct CountyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "county", abstract: "建立本区县（区县政府、镇街单位及其区划）",
        subcommands: [Init.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "按国家统计局区划数据建立一个区县：区县人民政府、每个乡级单位一个镇街单位，以及尚未导入的省、市、县、乡区划",
            discussion: "可重复执行：已存在的区划和单位保持不变（包括已改名的单位），再次执行不作任何修改并提示。全部写入在一个事务中，记一条审计日志。")

        @Argument(help: "区县代码（6位，GB/T 2260，如 510107）") var code: String
        @Option(help: "区划文件目录（provinces/cities/areas/streets.csv）；默认为相对当前工作目录的 ../shared/data/divisions")
        var divisions = "../shared/data/divisions"

        func run() async throws {
            try await Runtime.with { runtime in
                let report = try await CountyInitializer(runtime.database).run(
                    county: code, divisions: URL(fileURLWithPath: divisions), actor: UserCommand.actor, now: Date())
                if report.changedNothing {
                    print("\(report.governmentName)（\(report.county)）及其 \(report.townships) 个镇街单位已建立，本次未作任何修改。")
                } else {
                    print(
                        "已建立 \(report.governmentName)（\(report.county)）：新增区划 \(report.addedRegions) 个、单位 \(report.addedOrganizations) 个（镇街 \(report.townships) 个）。"
                    )
                }
                // The legal grounds of delegation (赋权/委托 × item category), seeded from the product's data file;
                // rows 编办 has edited since are kept.
                let seeded = try await LegalGroundsData.seed(
                    county: report.county, database: runtime.database, actor: UserCommand.actor, at: Date())
                if seeded > 0 { print("已按法规数据建立下放法律依据表 \(seeded) 行（编办可在“下放法律依据”页面修改）。") }
                let configured = runtime.configuration.county
                if !configured.isEmpty && report.county != configured {
                    print("提示：QUANZE_COUNTY 当前为 \(configured)，服务本区县请设置 QUANZE_COUNTY=\(report.county)。")
                }
            }
        }
    }
}
