import ArgumentParser
import Foundation
import QuanzeDomain
import QuanzePersistence

/// `quanze province …`: data at a province's scale, for measuring how the product grows (issue 17).
struct ProvinceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "province", abstract: "按真实区划生成一个省的测试数据（用于规模测试）", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "按国家统计局区划为一个省的区县生成测试数据：区县与镇街、部门、事项目录、清单、账号和办件",
            discussion: """
                全部经由产品自身的导入路径写入（区县初始化、单位导入、事项与赋权目录导入、现有清单导入、办件接收），\
                数据由种子决定，同一种子每次生成相同的数据。可中断后重新执行：已完成的区县跳过，未完成的从缺少的步骤和\
                办件批次继续。事项与清单取自演示数据（换成各区县名称），决定文号、数据来源和账号均注明“生成数据”；\
                生成的账号为 g<区县代码>-bianban、-sifa、-jiandu、-town，密码与演示账号相同。仅用于测试和性能测量，\
                不要在正式库中执行。
                """)

        @Option(help: "省级代码（2位，如四川 51）") var province = "51"
        @Option(help: "随机种子") var seed: UInt64 = 1
        @Option(help: "生成的区县数（按种子抽取；默认全部）") var counties: Int?
        @Option(help: "生成的区县比例（0 至 1，如 0.1；与 --counties 二选一）") var fraction: Double?
        @Option(name: .customLong("entries-per-township"), help: "每个镇街最多的清单条目数") var entriesPerTownship = 400
        @Option(help: "每个区县的办件数") var cases = 55_000
        @Option(help: "区划文件目录；默认为相对当前工作目录的 ../shared/data/divisions")
        var divisions = "../shared/data/divisions"

        func validate() throws {
            if counties != nil && fraction != nil { throw ValidationError("--counties 与 --fraction 只能选一个") }
            if let counties, counties < 1 { throw ValidationError("--counties 应为正整数") }
            if let fraction, !(fraction > 0 && fraction <= 1) { throw ValidationError("--fraction 应大于 0 且不大于 1") }
            if entriesPerTownship < 0 || cases < 0 { throw ValidationError("条目数和办件数不能为负数") }
        }

        func run() async throws {
            let options = ProvinceGenerator.Options(
                province: province, seed: seed, counties: counties, fraction: fraction,
                entriesPerTownship: entriesPerTownship, casesPerCounty: cases,
                divisions: URL(fileURLWithPath: divisions))
            try await Runtime.with { runtime in
                let start = ContinuousClock.now
                let totals = Totals()
                let reports = try await ProvinceGenerator(runtime.database).run(options, now: Date()) {
                    done, total, r in
                    let (entries, cases) = totals.add(r)
                    let elapsed = ContinuousClock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    let state = r.skipped ? "已完成，跳过" : String(format: "%.1f 秒", r.seconds)
                    print(
                        "[\(done)/\(total)] \(r.county) \(r.name)：镇街 \(r.townships)，清单条目 \(r.entries)，办件 \(r.cases)（\(state)）；"
                            + "累计条目 \(entries)、办件 \(cases)，"
                            + String(format: "%.0f 秒，%.0f 件/秒", seconds, Double(cases) / max(seconds, 0.001)))
                }
                let townships = reports.reduce(0) { $0 + $1.townships }
                let (entries, cases) = totals.add(nil)
                print("完成：区县 \(reports.count) 个，镇街 \(townships) 个，清单条目 \(entries) 条，办件 \(cases) 件。")
            }
        }
    }

    /// Running totals for the progress lines (the progress closure is `@Sendable`).
    final class Totals: @unchecked Sendable {
        // Safe: every access to the counters holds `lock`.
        private let lock = NSLock()
        private var entries = 0
        private var cases = 0

        func add(_ report: ProvinceGenerator.CountyReport?) -> (Int, Int) {
            lock.withLock {
                if let report {
                    entries += report.entries
                    cases += report.cases
                }
                return (entries, cases)
            }
        }
    }
}
