import ArgumentParser
import Foundation
import QuanzeDomain
import QuanzePersistence

struct Import: AsyncParsableCommand {
    /// Reads one import file and runs `body` with it and the county it is for (`--county`, else the configured one),
    /// so every import resolves its county and reads its file the same way.
    static func file(
        _ path: String, county option: String?, _ body: (Runtime, Data, String) async throws -> Void
    ) async throws {
        try await Runtime.with { runtime in
            let county = try runtime.county(option)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try await body(runtime, data, county)
        }
    }

    static let configuration = CommandConfiguration(
        abstract: "导入区划、单位、法规、承接要求词表、事项目录、省级赋权目录或现有清单",
        subcommands: [
            Divisions.self, Organizations.self, Laws.self, ArticleMap.self, Requirements.self, Items.self,
            Catalogue.self, Assignments.self,
        ])

    struct Divisions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入国家统计局区划代码（provinces/cities/areas/streets.csv），可重复执行")

        @Argument(help: "区划文件所在目录") var directory: String

        func run() async throws {
            try await Runtime.with { runtime in
                let report = try await DivisionImporter(runtime.database).run(
                    directory: URL(fileURLWithPath: directory), now: Date(), progress: progressPrinter("导入区划"))
                let towns = try await RegionStore(runtime.database).count(level: .township)
                print("已导入区划 \(report.written) 条；库中乡级单位 \(towns) 个。")
                for w in report.warnings { print("警告：\(w)") }
            }
        }
    }

    struct Organizations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入单位 CSV（区级部门、综合执法中队、行政审批办公室、派驻机构；列见 README）；已有代码的单位更新（如改名），任何一行有错误则全部不写入")

        @Argument(help: "CSV 文件（UTF-8、带 BOM 的 UTF-8 或 GB18030）") var file: String
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Import.file(file, county: county) { runtime, data, county in
                let report = try await OrganizationService(runtime.database).importCSV(
                    data, county: county, actor: UserCommand.actor, now: Date(),
                    source: file)
                if report.added + report.updated == 0 {
                    print("文件中的 \(report.unchanged) 个单位均已是最新，未作任何修改。")
                } else {
                    print("已导入单位：新增 \(report.added) 个，更新 \(report.updated) 个，未变 \(report.unchanged) 个。")
                }
            }
        }
    }

    struct Laws: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入法规文本（每个 Markdown 文件为一部法规的一个版本，格式见 README），逐条入库；已引用其条文的未核验依据随之核验")

        @Argument(help: "法规文件所在目录，或一个法规文件“名称(YYYY-MM-DD).md”") var directory: String
        @Option(
            name: .customLong("in-force"),
            help: "某版本的施行日期，“名称(YYYY-MM-DD)=YYYY-MM-DD”，可重复；默认取条文中“自…起施行”的日期（晚于版本日期时），否则为版本日期")
        var inForce: [String] = []
        @Option(help: "某版本已废止，“名称(YYYY-MM-DD)=YYYY-MM-DD”（废止日期），可重复") var repealed: [String] = []

        /// `畜牧法(2022-10-30)=2023-03-01` → ("畜牧法(2022-10-30)", 2023-03-01).
        static func dated(_ options: [String], _ flag: String) throws -> [String: Day] {
            var out: [String: Day] = [:]
            for option in options {
                let parts = option.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
                guard parts.count == 2, let day = Day(iso: parts[1]), ArticleRef(parsing: parts[0] + "第1条") != nil
                else { throw ValidationError("\(flag) 应写作“名称(YYYY-MM-DD)=YYYY-MM-DD”：\(option)") }
                out[parts[0]] = day
            }
            return out
        }

        func run() async throws {
            let inForce = try Self.dated(inForce, "--in-force")
            let repealed = try Self.dated(repealed, "--repealed")
            try await Runtime.with { runtime in
                let report = try await LawImporter(runtime.database).run(
                    directory: URL(fileURLWithPath: directory), now: Date(), inForce: inForce, repealed: repealed,
                    progress: progressPrinter("导入法规"))
                print("已导入条文 \(report.articles) 条；事项引用其中条文 \(report.verifiedCitations) 条（已核验）。")
            }
        }
    }

    struct ArticleMap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "article-map",
            abstract:
                "导入法规新旧版本条文对照 CSV（列：law,old_version,old_article,new_version,new_article）；两个版本须已在法规库中，任何一行有错误则全部不写入")

        @Argument(help: "CSV 文件") var file: String
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Import.file(file, county: county) { runtime, data, county in
                let report = try await LawStore(runtime.database).importMappings(
                    data, county: county, actor: .system, now: Date(), source: file)
                print("已导入条文对照 \(report.written) 条。")
            }
        }
    }

    struct Requirements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "向本县承接要求词表添加条目（CSV 列：kind,code,名称）；任何一行有错误则全部不写入")

        @Argument(help: "CSV 文件") var file: String
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Import.file(file, county: county) { runtime, data, county in
                let report = try await RequirementStore(runtime.database).importTerms(
                    data, county: county, by: .system, at: Date(), source: file)
                print("已添加承接要求词表条目 \(report.written) 项。")
            }
        }
    }

    struct Items: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入事项目录 CSV（UTF-8 或 GB18030，列见 README）；任何一行有错误则全部不写入")

        @Argument(help: "CSV 文件") var file: String
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Import.file(file, county: county) { runtime, data, county in
                let report = try await CatalogImporter(runtime.database).importItems(
                    data, county: county, actor: .system, now: Date(), source: file)
                for w in report.warnings { print("警告：\(w)") }
                print("已导入事项 \(report.written) 项。")
            }
        }
    }

    struct Catalogue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入省级赋权目录 CSV（文号、事项代码或事项名称与设定依据）；事项须与本区县事项目录对应，任何一行有错误则全部不写入")

        @Argument(help: "CSV 文件") var file: String
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?
        @Option(help: "赋权目录文号，如 川办发〔2020〕85号（decision 列为空的行适用）") var decision: String?
        @Option(help: "文件标题（decision_title 列为空时适用）") var title: String?
        @Option(help: "发文机关（decision_issuer 列为空时适用）") var issuer: String?
        @Option(help: "成文日期 YYYY-MM-DD（decision_date 列为空时适用）") var date: String?

        func run() async throws {
            var day: Day?
            if let date {
                guard let d = Day(iso: date) else { throw ValidationError("日期格式应为 YYYY-MM-DD：\(date)") }
                day = d
            }
            try await Import.file(file, county: county) { runtime, data, county in
                let report = try await CatalogImporter(runtime.database).importCatalogue(
                    data, county: county,
                    defaults: CatalogueImport.Defaults(number: decision, title: title, issuer: issuer, date: day),
                    actor: .system, now: Date(), source: file)
                print("已登记赋权目录事项 \(report.written) 项。")
            }
        }
    }

    struct Assignments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入现有清单 CSV（镇街、事项、清单、方式、责任、协同部门、决定文号、日期）；任何一行有错误则全部不写入")

        @Argument(help: "CSV 文件") var file: String
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Import.file(file, county: county) { runtime, data, county in
                let report = try await CatalogImporter(runtime.database).importAssignments(
                    data, county: county, actor: .system, now: Date(), source: file)
                for w in report.warnings { print("警告：\(w)") }
                print("已写入清单记录 \(report.written) 条。")
            }
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导出清单", subcommands: [ListExport.self])

    struct ListExport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "导出一个镇街某日有效的清单（CSV，与 import assignments 的列相同）")

        @Option(help: "镇街12位代码") var township: String
        @Option(name: .customLong("as-of"), help: "截止日期 YYYY-MM-DD（默认今天）") var asOf: String?
        @Option(help: "只导出一张清单：statutory、territorial、empowerment、approval、enforcement") var list: String?
        @Option(help: "输出文件（默认标准输出）") var output: String?

        func run() async throws {
            guard let code = RegionCode(township) else { throw ValidationError("镇街代码应为12位数字：\(township)") }
            var day = Day(ordinal: Int(Date().timeIntervalSince1970 + 8 * 3600) / 86400)
            if let asOf {
                guard let d = Day(iso: asOf) else { throw ValidationError("日期格式应为 YYYY-MM-DD：\(asOf)") }
                day = d
            }
            var kind: ListKind?
            if let list {
                guard let k = ListKind(text: list) else { throw ValidationError("未知的清单类型：\(list)") }
                kind = k
            }
            try await Runtime.with { runtime in
                let entries = try await ListStore(runtime.database).inForce(
                    county: code.county, township: code, on: day
                )
                .filter { kind == nil || $0.list == kind }
                let csv = ListExportCSV.render(entries)
                if let output {
                    try Data(csv.utf8).write(to: URL(fileURLWithPath: output))
                    print("已导出 \(entries.count) 条到 \(output)")
                } else {
                    print(csv, terminator: "")
                }
            }
        }
    }
}

/// Writes entries in the `import assignments` column order, so an export can be imported elsewhere.
enum ListExportCSV {
    static func render(_ entries: [Assignment]) -> String {
        var out = "township,item_code,list,mode,role,partner,decision,valid_from,valid_to,correction_reason\n"
        for e in entries {
            out +=
                [
                    e.township.value, e.itemCode, e.list.rawValue, e.mode.rawValue, e.role?.rawValue ?? "",
                    e.partner ?? "",
                    e.decision ?? "", e.validFrom.iso, e.validTo?.iso ?? "", e.correctionReason ?? "",
                ].map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// One cell, neutralised against formulas and quoted when needed (`TableExport.csvField`, shared by every
    /// table export).
    static func field(_ text: String) -> String { TableExport.csvField(text) }
}
