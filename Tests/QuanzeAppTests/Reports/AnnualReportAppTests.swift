import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The annual operation report (issue 15 point 5) through the API and pages: the demo's 2023 figures one by one
/// against section 一 of the report, and a small county of the test's own (唐山市汉沽管理区, three units) loaded
/// through the command line and the API, which records its processing steps, produces and publishes its report.
@Suite("Annual report through the API")
struct AnnualReportAppTests {
    /// (figure key, exact value, the report's wording the value reproduces).
    static let demo2023: [(String, String, String)] = [
        ("decisions.lists", "3", "陆续印发文件：大安府发〔2021〕5号、大安编发〔2021〕3号、大安府办发〔2021〕23号"),
        ("statutory.town", "113", "陆续印发文件明确镇法定事项113项"),
        ("statutory.subdistrict", "47", "街道法定事项47项"),
        ("territorial.primary", "62", "明确镇街属地主体责任事项62项"),
        ("territorial.cooperating", "47", "配合责任事项47项"),
        ("empowerment", "126", "2023年优化调整为126项"),
        ("empowerment.previous", "140", "分批向镇街赋予县级行政权力事项（2022年末140项）"),
        ("decisions.grants", "4", "分批向镇街赋予（赋权批次：大安府发〔2021〕11号、〔2021〕17号、〔2022〕15号、〔2023〕16号）"),
        ("decisions.entrustments", "3", "分批委托（大安府办发〔2021〕16号、〔2022〕9号、〔2022〕21号及其委托书）"),
        ("approvalOffices", "15", "在各镇街设置行政审批办公室"),
        ("approval.licences", "15", "下放审批权力15项"),
        ("approval.services", "93", "公共服务事项93小项"),
        ("steps.reduction", "60%", "审批环节优化减少60%"),
        ("volume.511A0074300005", "4917", "2023年各镇街办理个体户营业执照设立4917件"),
        ("volume.511A0005200004", "91", "新办食品经营许可证91件"),
        ("satisfaction", "100%", "群众满意率达100%"),
        ("squads", "12", "成立12个镇街综合执法中队"),
        ("enforcement", "246", "逐年动态调整镇街执法事项为246项"),
        ("certifiedRate", "88.2%", "中队持证率超85%"),
        ("training.sessions", "5", "2023年仅区司法局等3个部门累计开展5次培训"),
        ("training.providers", "3", "仅区司法局等3个部门"),
        ("rights.people", "2", "赋予镇街对县级部门派驻机构主要负责人任免建议权和工作考核权等2项权力"),
        ("rights.matters", "3", "赋予镇街规划编制和项目验收参与权等3项权力"),
        ("appointments.consulted", "9", "全区派出机构累计有9名负责人调整征求镇街意见"),
        ("assessment.townshipWeight", "30%", "年度考核镇街评价结果不低于考核权重的30%"),
        ("actions", "3", "2023年优化调整、收回：大安府发〔2023〕7号、大安府办发〔2023〕14号、〔2023〕19号"),
        (
            "findings", "8",
            "数据发现的问题（按规则和事项计）：第二部分的六个问题事项（无办件2、承接困难2、能力缺口2），畜禽品种处罚的依据变更（R5），大山铺镇剧毒化学品处罚的合规风险（R9）"
        ),
    ]

    @Test("the demo's 2023 report reproduces section 一 of the report, figure by figure", arguments: Engine.available)
    func demoFigures(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            // act
            let response = try await bianban.get(client, "/api/v1/reports/annual/2023")
            // check
            #expect(response.status == .ok)
            let body = try JSONCalls.object(response)
            #expect(body["status"] as? String == "draft")
            let report = try #require(body["report"] as? [String: Any])
            #expect(report["title"] as? String == "大安区2023年度镇街权责清单运行报告")
            let figures = report["figures"] as? [[String: Any]] ?? []
            let values = Dictionary(
                figures.map { ($0["key"] as? String ?? "", $0["value"] as? String ?? "") },
                uniquingKeysWith: { a, _ in a })
            for (key, value, wording) in Self.demo2023 {
                #expect(values[key] == value, "\(wording)（\(key)）")
            }
            let text = (report["sections"] as? [[String: Any]] ?? []).flatMap { $0["paragraphs"] as? [String] ?? [] }
                .joined()
            #expect(text.contains("个体工商户设立登记4917件，食品(含保健食品)经营许可核发91件，群众满意率达100%"))
            #expect(text.contains("审批环节优化减少60%"))
            #expect(text.contains("《大安区深化政务服务标准化规范化便利化建设实施方案》（大安府办发〔2022〕18号）附件2"))
            #expect(text.contains("依《大安区派驻(出)机构管理办法(试行)》"), "the 30 % rule cites its source")
            #expect(DocumentLayout.westernSpacesInChinese(text).isEmpty)
        }
    }

    @Test("the demo's report prints to GB/T 9704 pages and exports to XLSX", arguments: Engine.available)
    func demoPrintAndWorkbook(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let sifa = try await StaffClient.login(client, "sifa")
            // act
            let print = try await sifa.get(client, "/reports/annual/2023/print")
            let workbook = try await sifa.get(client, "/api/v1/reports/annual/2023.xlsx")
            let page = try await sifa.get(client, "/reports/annual?year=2023")
            let bad = try await sifa.get(client, "/api/v1/reports/annual/20x3")
            // check
            #expect(print.status == .ok)
            #expect(print.text.contains("<span class=\"tline\">大安区2023年度镇街权责清单运行报告</span>"))
            #expect(print.text.contains("— 1 —") && print.text.contains("一、工作开展情况及成效"))
            #expect(print.text.contains("草稿（未发布）"))
            #expect(workbook.status == .ok)
            #expect(
                workbook.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(workbook.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            #expect(page.status == .ok && page.text.contains("审批环节优化减少60%"))
            #expect(!page.text.contains("发布2023年度运行报告"), "only 编办 publishes")
            #expect(bad.status == .badRequest)
            #expect(try JSONCalls.message(bad) == "年度“20x3”无效：应为2000至2100之间的年份")
        }
    }

    // MARK: a county of the test's own

    static let county = "130272"
    static let town = "130272101000"

    static func write(_ folder: URL, _ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// 唐山市汉沽管理区 (3 units) through the command line: county init, organisations (编办, 司法局, 审批局, one squad,
    /// one approval office), the law library, 4 items and their lists; one 编办 account.
    static func setUp(_ database: any Database) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qz-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func cli(_ arguments: [String]) async throws { try await runCommand(arguments, on: database, county: county) }
        let shared = AdoptionTests.shared
        try await cli(["county", "init", county, "--divisions", shared.appendingPathComponent("divisions").path])
        try await cli([
            "import", "organizations",
            try write(
                folder, "orgs.csv",
                """
                code,name,kind,parent,stationed_at,credit_code,establishment,justice
                HG-BB,汉沽管理区编办,区级部门,,,,是,否
                HG-SF,汉沽管理区司法局,区级部门,,,,否,是
                HG-SP,汉沽管理区行政审批局,区级部门,,,,否,否
                \(town)-ZF,汉丰镇综合行政执法中队,综合执法中队,\(town),,,否,否
                \(town)-SP,汉丰镇行政审批办公室,行政审批办公室,\(town),,,否,否

                """),
        ])
        try await cli(["import", "laws", shared.appendingPathComponent("laws").path])
        let organic = "地方各级人民代表大会和地方各级人民政府组织法(2022-03-11)"
        try await cli([
            "import", "items",
            try write(
                folder, "items.csv",
                """
                code,name,category,department,legal_basis,level,level_basis
                HG-CJ-0001,民间纠纷处理,行政裁决,HG-SF,\(organic)第76条,township,\(organic)第76条;\(organic)第86条
                HG-XK-0001,个体工商户设立登记,行政许可,HG-SP,行政许可法(2019-04-23)第12条,county,
                HG-XK-0002,食品经营许可,行政许可,HG-SP,行政许可法(2019-04-23)第12条,county,
                HG-GF-0001,社会保障卡申领,公共服务,HG-SP,行政许可法(2019-04-23)第12条,county,

                """),
        ])
        var rows = [
            "township,item_code,list,mode,decision,decision_title,decision_issuer,decision_date,decision_kind,valid_from,valid_to"
        ]
        for unit in ["130272101000", "130272451000", "130272452000"] {
            rows.append(
                "\(unit),HG-CJ-0001,statutory,statutory,汉管发〔2022〕1号,关于印发法定权力清单的通知,汉沽管理区管委会,2022-03-01,list-issuance,2022-03-01,"
            )
            for item in ["HG-XK-0001", "HG-XK-0002", "HG-GF-0001"] {
                rows.append(
                    "\(unit),\(item),approval,entrusted,汉管办发〔2022〕3号,关于委托镇街办理审批服务事项的通知,汉沽管理区管委会办公室,2022-05-01,entrustment,2022-05-01,2025-04-30"
                )
            }
        }
        try await cli([
            "import", "assignments", try write(folder, "assignments.csv", rows.joined(separator: "\n") + "\n"),
        ])
        let hash = try await Passwords.hash(DemoAccounts.password, cost: 4)
        try await AccountStore(database).create(
            Account(
                username: "hg-bianban", county: county, displayName: "汉沽编办 王芳", role: .establishment,
                organization: "HG-BB", passwordHash: hash, passwordChangedAt: Date(), createdAt: Date()), by: .system,
            at: Date())
    }

    static func values(_ response: TestResponse) throws -> [String: String] {
        let report = try #require(try JSONCalls.object(response)["report"] as? [String: Any])
        return Dictionary(
            (report["figures"] as? [[String: Any]] ?? []).map {
                ($0["key"] as? String ?? "", $0["value"] as? String ?? "")
            },
            uniquingKeysWith: { a, _ in a })
    }

    static func post(_ client: any TestClientProtocol, _ staff: StaffClient, _ uri: String, csv: String) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post,
            headers: staff.headers([
                .contentType: "text/csv", .origin: testOrigin, .init("X-CSRF-Token")!: staff.csrf ?? "",
            ]), body: ByteBuffer(string: csv))
    }

    @Test(
        "any county records its steps, produces its report from its own data and publishes a snapshot",
        arguments: Engine.available)
    func ownCounty(engine: Engine) async throws {
        // setup
        let database = try await engine.openScratch(prefix: "qz_report")
        do {
            try await Self.run(database)
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    static func run(_ database: any Database) async throws {
        try await Self.setUp(database)
        let configuration = AppConfiguration(
            database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: Self.county,
            today: Day(iso: "2023-12-31"), security: testSecurity)
        let app = try await buildApplication(
            configuration: configuration, database: database, logger: quietLogger, demoToday: nil)
        try await app.test(.router) { client in
            let clerk = try await StaffClient.login(client, "hg-bianban")
            let cases = try await Self.post(
                client, clerk, "/api/v1/cases/import",
                csv: """
                    source,external_id,source_version,item_code,township,handler,kind,received_on,closed_on,satisfaction
                    政务平台,HG1,2023-03-02,HG-XK-0001,\(Self.town),township,application,2023-03-01,2023-03-02,5
                    政务平台,HG2,2023-04-02,HG-XK-0001,\(Self.town),township,application,2023-04-01,2023-04-02,5
                    政务平台,HG3,2023-05-02,HG-XK-0001,130272451000,township,application,2023-05-01,2023-05-02,4
                    政务平台,HG4,2023-06-02,HG-XK-0002,130272452000,township,application,2023-06-01,2023-06-02,3
                    政务平台,HG5,2022-06-02,HG-XK-0002,130272452000,township,application,2022-06-01,2022-06-02,1

                    """)
            #expect(cases.status == .created, "\(cases.text.prefix(300))")
            // act: a CSV with a bad line writes nothing; a good one records both items
            let refused = try await Self.post(
                client, clerk, "/api/v1/reports/steps",
                csv: "item_code,before,after,document\nHG-XK-0001,4,2,《汉沽审批优化方案》\nHG-XK-0002,3,6,《汉沽审批优化方案》\n")
            let unknown = try await JSONCalls.post(
                client, clerk, "/api/v1/reports/steps",
                ["itemCode": "HG-XX-9999", "before": "4", "after": "2", "document": "《汉沽审批优化方案》"])
            let afterRefusal = try JSONCalls.object(try await clerk.get(client, "/api/v1/reports/steps"))
            let saved = try await Self.post(
                client, clerk, "/api/v1/reports/steps",
                csv:
                    "item_code,before,after,document,number,provision\nHG-XK-0001,4,2,《汉沽审批优化方案》,汉管办发〔2022〕7号,第三条\nHG-XK-0002,6,3,《汉沽审批优化方案》,汉管办发〔2022〕7号,第三条\n"
            )
            let draft = try await clerk.get(client, "/api/v1/reports/annual/2023")
            let published = try await JSONCalls.post(client, clerk, "/api/v1/reports/annual/2023/publish", [:])
            let changed = try await JSONCalls.post(
                client, clerk, "/api/v1/reports/steps",
                ["itemCode": "HG-XK-0002", "before": "6", "after": "5", "document": "《汉沽审批优化方案》"])
            let stored = try await clerk.get(client, "/api/v1/reports/annual/2023")
            let recomputed = try await clerk.get(client, "/api/v1/reports/annual/2023?draft=1")
            let again = try await JSONCalls.post(client, clerk, "/api/v1/reports/annual/2023/publish", [:])
            let print = try await clerk.get(client, "/reports/annual/2023/print")
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(try JSONCalls.message(refused) == "第3行：下放后的办理环节（6个）不能多于下放前（3个）")
            #expect(unknown.status == .notFound)
            #expect((afterRefusal["steps"] as? [Any])?.isEmpty == true, "a refused file writes nothing")
            #expect(saved.status == .ok)
            #expect(try JSONCalls.object(saved)["changed"] as? Int == 2)
            let values = try Self.values(draft)
            #expect(values["statutory.town"] == "1")
            #expect(values["statutory.subdistrict"] == "1")
            #expect(values["approval.licences"] == "2")
            #expect(values["approval.services"] == "1")
            #expect(values["empowerment"] == "0")
            #expect(values["decisions.entrustments"] == "1")
            #expect(values["squads"] == "1")
            #expect(values["approvalOffices"] == "1")
            #expect(values["steps.reduction"] == "50%", "(4 + 6 − 2 − 3) ÷ 10")
            #expect(values["volume.HG-XK-0001"] == "3")
            #expect(values["volume.HG-XK-0002"] == "1", "the 2022 application is not of 2023")
            #expect(values["satisfaction"] == "85%", "(5 + 5 + 4 + 3) ÷ (4 × 5)")
            #expect(values["certifiedRate"] == nil, "no capacity records: no rate is invented")
            #expect(published.status == .created)
            #expect(changed.status == .ok)
            #expect(try JSONCalls.object(stored)["status"] as? String == "published")
            #expect(try Self.values(stored)["steps.reduction"] == "50%", "a published report keeps its figures")
            #expect(try Self.values(recomputed)["steps.reduction"] == "30%", "the draft follows the data")
            #expect(again.status == .conflict)
            #expect(try JSONCalls.message(again) == "2023年度运行报告已发布，不能重复发布")
            #expect(print.status == .ok && print.text.contains("已发布的报告") && print.text.contains("汉沽管理区编办"))
            let audit = AuditStore(database)
            #expect(try await audit.count(AuditFilter(county: Self.county, action: "report.steps")) == 3)
            #expect(try await audit.count(AuditFilter(county: Self.county, action: "report.publish")) == 1)
        }
    }
}
