import Foundation
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The rest of the long tables through the one table mechanism (issue 13, point 1): the audit log, the capacity
/// tables and the indicator pages' item rankings filter, sort, page and export exactly the expected rows; bad
/// parameters are refused in Chinese. The audit log names what its entries concern (point 7).
@Suite("Long tables: audit, capacity and indicators")
struct LongTablesTests {
    static let township = "510304100000"

    /// The first cell (after `label`) of each body row of the first table after `marker`.
    static func cells(_ html: String, label: String, after marker: String = "<tbody>") -> [String] {
        guard let start = html.range(of: marker),
            let body = html.range(of: "<tbody>", range: start.lowerBound..<html.endIndex),
            let end = html.range(of: "</tbody>", range: body.upperBound..<html.endIndex)
        else { return [] }
        let pattern = try! NSRegularExpression(pattern: "<td data-label=\"\(label)\"[^>]*>(.*?)</td>")
        let text = String(html[body.upperBound..<end.lowerBound])
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }

    static func stripTags(_ s: String) -> String {
        s.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
    }

    /// A Beijing time on a day as the log stores it.
    static func beijing(_ day: String, hour: Int) -> Date {
        AuditController.beijingMidnight(Day(iso: day)!).addingTimeInterval(Double(hour) * 3600)
    }

    @Test(
        "the audit log filters by keyword, action and days, pages and exports exactly those entries, by name",
        arguments: Engine.available)
    func audit(engine: Engine) async throws {
        // setup: three entries of our own, on days of 2031 nothing else writes, with a tag only they carry
        let database = try await DemoDatabases.shared.database(engine)
        let tag = "审计表\(Int.random(in: 10000...99999))"
        let audit = AuditStore(database)
        let account = try #require(
            try await AccountStore(database).list(county: "510304").first { $0.username == "bianban" })
        let organization = try #require(
            try await OrganizationStore(database).all(county: "510304").first { $0.code == account.organization })
        let actor = Actor(name: "bianban", role: "establishment", organization: organization.code)
        try await audit.record(
            AuditEvent(
                county: "510304", actor: actor, at: Self.beijing("2031-05-01", hour: 10), action: "delegation.recall",
                subject: Self.township, detail: "\(tag) 令牌权限 cases:write"))
        try await audit.record(
            AuditEvent(
                county: "510304", actor: actor, at: Self.beijing("2031-05-02", hour: 9), action: "account.role",
                subject: "bianban", detail: "\(tag) 调整为 establishment，共 12345 条"))
        try await audit.record(
            AuditEvent(
                county: "510304", actor: actor, at: Self.beijing("2031-05-03", hour: 8), action: "login",
                subject: "bianban", detail: "\(tag) 登录成功"))
        let keyword = tag.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
        try await withDemoApp(engine) { client in
            let auditor = try await StaffClient.login(client, "auditadmin")
            // act
            let all = try await auditor.get(client, "/audit?q=\(keyword)")
            let days = try await auditor.get(
                client, "/audit?q=\(keyword)&from=2031-05-01&to=2031-05-02&sort=at&dir=asc")
            let recall = try await auditor.get(client, "/audit?q=\(keyword)&action=delegation.recall")
            let paged = try await auditor.get(client, "/audit?q=\(keyword)&size=2&page=2")
            let csv = try await auditor.get(client, "/audit?q=\(keyword)&format=csv")
            let xlsx = try await auditor.get(client, "/audit?q=\(keyword)&action=login&format=xlsx")
            // check
            #expect(all.status == .ok)
            #expect(Self.cells(all.text, label: "操作") == ["登录", "调整角色", "收回下放"], "newest first, by name")
            #expect(
                Self.cells(all.text, label: "操作人").first?.contains(organization.name) == true,
                "the actor's organisation by name")
            #expect(all.text.contains("筛选出 3 条"))
            #expect(Self.cells(days.text, label: "操作") == ["收回下放", "调整角色"], "two days, oldest first")
            #expect(Self.cells(recall.text, label: "操作") == ["收回下放"])
            #expect(Self.cells(recall.text, label: "对象").map(Self.stripTags) == ["大山铺镇"], "a township by its name")
            #expect(
                Self.cells(recall.text, label: "说明").map(Self.stripTags).first?.hasPrefix("\(tag) 令牌权限 办件数据（写入）")
                    == true)
            #expect(Self.cells(paged.text, label: "操作") == ["收回下放"], "page 2 of 2 rows each")
            #expect(paged.text.contains("筛选出 3 条") && paged.text.contains("第 2 / 2 页"))
            let role = Self.cells(all.text, label: "说明").dropFirst().first ?? ""
            #expect(role.hasPrefix("<div>\(tag) 调整为 <code>establishment</code>，共 12,345 条"), "\(role)")
            #expect(PageText.identifiers(in: all.text).filter { $0 != "bianban" && $0 != "auditadmin" }.isEmpty)
            let rows = TablePagesTests.csvRows(csv.text)
            #expect(rows.first == ["序号", "时间", "操作人", "角色", "所属单位", "操作", "对象", "说明", "结果", "变更后摘要"])
            #expect(rows.dropFirst().map { $0[5] } == ["登录", "调整角色", "收回下放"])
            #expect(rows.dropFirst().map { $0[6] } == ["bianban", "bianban", "大山铺镇"])
            #expect(
                rows.dropFirst().map { $0[1] } == ["2031-05-03 08:00:00", "2031-05-02 09:00:00", "2031-05-01 10:00:00"])
            let sheet = try TablePagesTests.xlsxRows(Array(buffer: xlsx.body))
            #expect(sheet.count == 2 && sheet.last?[5] == "登录")
        }
    }

    @Test(
        "the district's capacity table and a unit's staff filter, sort and export exactly the expected rows",
        arguments: Engine.available)
    func capacity(engine: Engine) async throws {
        // setup: what the tables should show, from the stored capacity data
        let database = try await DemoDatabases.pristine.database(engine)
        let snapshots = try await CapacityStore(database).snapshots(county: "510304")
        let streets = snapshots.filter { $0.unitName.contains("街道") }.map(\.unitName)
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        try #require(!streets.isEmpty && streets.count < snapshots.count)
        let snapshot = try await CapacityStore(database).snapshot(county: "510304", unit: Self.township)
        let auxiliary = snapshot.staff.filter { $0.kind == .auxiliary }.sorted { $0.id > $1.id }.map(\.id)
        try #require(auxiliary.count > 1)
        let enforcement = snapshot.staff.filter { $0.position == .enforcement }.sorted { $0.id < $1.id }.map(\.id)
        try #require(enforcement.count > 3)
        try await withDemoApp(engine, databases: .pristine) { client in
            let bianban = try await StaffClient.login(client, "bianban")
            let unit = "/units/\(Self.township)/capacity"
            // act
            let district = try await bianban.get(client, "/capacity?q=%E8%A1%97%E9%81%93")
            let districtCSV = try await bianban.get(client, "/capacity?q=%E8%A1%97%E9%81%93&format=csv")
            let staff = try await bianban.get(client, "\(unit)?kind=auxiliary&sort=id&dir=desc")
            let paged = try await bianban.get(client, "\(unit)?position=enforcement&size=2&page=2")
            let xlsx = try await bianban.get(client, "\(unit)?position=enforcement&format=xlsx")
            // check
            #expect(Self.cells(district.text, label: "镇街").map(Self.stripTags) == streets, "two Chinese characters")
            #expect(district.text.contains("筛选出 \(streets.count) 条，共 \(snapshots.count) 条"))
            #expect(TablePagesTests.csvRows(districtCSV.text).dropFirst().map { $0[0] } == streets)
            #expect(Self.cells(staff.text, label: "人员编号", after: "id=\"staff\"").map(Self.stripTags) == auxiliary)
            #expect(
                Self.cells(paged.text, label: "人员编号", after: "id=\"staff\"").map(Self.stripTags)
                    == Array(enforcement[2..<4]))
            #expect(paged.text.contains("筛选出 \(enforcement.count) 条，共 \(snapshot.staff.count) 条"))
            let sheet = try TablePagesTests.xlsxRows(Array(buffer: xlsx.body))
            #expect(sheet.first?.prefix(3) == ["人员编号", "姓名", "所在机构"])
            #expect(sheet.dropFirst().map { $0[0] } == enforcement)
        }
    }

    @Test("a township's item ranking filters, sorts and exports exactly the API's groups", arguments: Engine.available)
    func indicators(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup: the API's groups for 2022, the ones whose name holds 许可 (two Chinese characters), by code
            let period = "from=2022-01&to=2022-12"
            let response = try await client.execute(
                uri: "/api/v1/indicators?township=\(Self.township)&\(period)&groupBy=item", method: .get)
            let groups = (try response.json() as? [String: Any])?["groups"] as? [[String: Any]] ?? []
            let expected = groups.filter { ($0["name"] as? String ?? "").contains("许可") }.compactMap {
                $0["key"] as? String
            }
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            try #require(!expected.isEmpty && expected.count < groups.count)
            let base = "/indicators/townships/\(Self.township)?\(period)&q=%E8%AE%B8%E5%8F%AF&sort=code&dir=asc"
            // act
            let page = try await client.execute(uri: base, method: .get)
            let csv = try await client.execute(uri: base + "&groupBy=item&format=csv", method: .get)
            let district = try await client.execute(uri: "/indicators?\(period)&page=2", method: .get)
            // check
            let rows = IndicatorDashboardTests.rankingRows(page.text, linkPrefix: "/indicators/items/")
            #expect(Set(rows.keys) == Set(expected))
            let codes = page.text.matches(of: #/<td data-label="事项编码"><code class="code">([^<]+)</code>/#).map {
                String($0.output.1)
            }
            #expect(codes == expected, "in the order asked")
            #expect(page.text.contains("筛选出 \(expected.count) 条，共 \(groups.count) 条"))
            #expect(TablePagesTests.csvRows(csv.text).dropFirst().map { $0[0] } == expected)
            let districtRows = IndicatorDashboardTests.rankingRows(district.text, linkPrefix: "/indicators/items/")
            #expect(districtRows.count == 20 && district.text.contains("第 2 / "), "the district's items, 20 a page")
        }
    }

    @Test(
        "bad parameters of these tables are refused with a Chinese 400",
        arguments: [
            ("/audit?action=secret", "auditadmin", "操作“secret”不在可选范围内"),
            ("/audit?from=2031-05-03&to=2031-05-01", "auditadmin", "起始日期2031年5月3日晚于截止日期2031年5月1日"),
            ("/audit?sort=seq", "auditadmin", "不能按“seq”排序，可排序的列：时间"),
            ("/audit?page=0", "auditadmin", "页码“0”不正确，应为正整数"),
            ("/audit?format=pdf", "auditadmin", "导出格式“pdf”不正确，应为 csv 或 xlsx"),
            ("/capacity?standardisation=done", "bianban", "标准化建设“done”不在可选范围内"),
            ("/units/510304100000/capacity?kind=boss", "bianban", "类别“boss”不在可选范围内（可选：在编、编外辅助、派驻）"),
            ("/units/510304100000/capacity?size=0", "bianban", "每页条数“0”不正确，应为 1–200 的整数"),
            ("/indicators/townships/510304100000?sort=rank", "", "不能按“rank”排序，可排序的列：办件量、按期办结率"),
            ("/indicators?q=\(String(repeating: "食", count: 51))", "", "关键词过长（最多 50 个字）"),
        ])
    func refused(uri: String, user: String, message: String) async throws {
        try await withDemoApp(.sqlite) { client in
            let staff = user.isEmpty ? StaffClient.anonymous : try await StaffClient.login(client, user)
            // act
            let response = try await staff.get(
                client, uri.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? uri)
            // check
            #expect(response.status == .badRequest, "\(uri)")
            #expect(response.text.contains(message), "\(uri)")
        }
    }
}
