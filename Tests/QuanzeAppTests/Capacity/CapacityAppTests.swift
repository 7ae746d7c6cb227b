import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Capacity pages and API on the demo: scoping of personal data, forms that keep their values on errors, CSV
/// uploads that write all or nothing, courses by departments, district figures. Writes touch only records the
/// demo checks do not depend on (a person of the approval office, a course in 2024).
@Suite("Capacity pages and API")
struct CapacityAppTests {
    @Test("pages render in Chinese without inline script or style", arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let township = try await StaffClient.login(client, "dashanpu")
            let establishment = try await StaffClient.login(client, "bianban")
            let cases: [(StaffClient, String, [String])] = [
                (township, "/units/510304100000/capacity", ["周勇", "持证率", "登记人员", "导入人员", "执法中队标准化建设"]),
                (township, "/units/510304100000/capacity?asOf=2022-06-30&target=40", ["2022年6月30日", "目标 40 学时"]),
                (
                    township, "/units/510304100000/capacity/fit?item=DA-CF-0189",
                    ["畜禽品种", "欠缺", "承接能力不足", "持证执法人员不少于2名"]
                ),
                (township, "/units/510304100000/capacity/fit", ["DA-CF-0189", "DA-CF-0200", "畜禽品种鉴定"]),
                (establishment, "/capacity", ["全区合计", "大山铺镇", "回龙镇", "培训 5 次、3 个部门"]),
                (establishment, "/capacity/courses", ["PX-20230315-01", "大安区司法局", "登记培训"]),
            ]
            for (staff, uri, needles) in cases {
                // act
                let response = try await staff.get(client, uri)
                // check
                #expect(response.status == .ok, "\(uri)")
                for needle in needles { #expect(response.text.contains(needle), "\(uri) lacks \(needle)") }
                #expect(!response.text.contains("<script") && !response.text.contains("style="), "\(uri)")
            }
        }
    }

    @Test(
        "a township sees only its own unit's capacity: another unit's gives 403 without its staff names",
        arguments: Engine.available)
    func scoping(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let database = try await DemoDatabases.shared.database(engine)
            let heping = try await CapacityStore(database).snapshot(county: "510304", unit: "510304005000")
            let names = heping.staff.map(\.name)
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let officer = try await StaffClient.login(client, "zhifa")
            let own = try await StaffClient.login(client, "heping")
            // act
            let responses = [
                try await dashanpu.get(client, "/units/510304005000/capacity"),
                try await dashanpu.get(client, "/units/510304005000/capacity/fit?item=DA-CF-0189"),
                try await dashanpu.get(client, "/api/v1/units/510304005000/capacity"),
                try await officer.get(client, "/units/510304005000/capacity"),
                try await dashanpu.post(
                    client, "/units/510304005000/capacity/import/staff",
                    [
                        (
                            "csv",
                            "id,name,organization,kind,position,education,hire_date\nX-1,伪造,510304005000,在编,执法,本科,2020-01-01"
                        )
                    ]),
            ]
            let district = try await dashanpu.get(client, "/capacity")
            let districtAPI = try await dashanpu.get(client, "/api/v1/capacity")
            let ownPage = try await own.get(client, "/units/510304005000/capacity")
            // check
            #expect(names.count > 5)
            for response in responses {
                #expect(response.status == .forbidden)
                #expect(!names.contains { response.text.contains($0) })
            }
            #expect(district.status == .seeOther && district.headers[.location] == "/units/510304100000/capacity")
            #expect(districtAPI.status == .forbidden)
            #expect(ownPage.status == .ok && names.allSatisfy { ownPage.text.contains($0) })
            #expect(!ownPage.text.contains("伪造"))
        }
    }

    @Test(
        "forms: refused input comes back 422 with the message and the values; accepted input is saved",
        arguments: Engine.available)
    func forms(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let staff = try await StaffClient.login(client, "dashanpu")
            let base = "/units/510304100000/capacity"
            let person = [
                ("id", "TEST-CAP-\(engine.rawValue)"), ("name", "测试人员甲"), ("organization", "510304100000-SP"),
                ("kind", "auxiliary"), ("position", "approval"), ("education", "secondary"),
                ("hire_date", "2023-01-01"),
            ]
            // act
            let badPerson = try await staff.post(
                client, base + "/staff",
                person.filter { $0.0 != "hire_date" }.map { $0.0 == "kind" ? ($0.0, "临时工") : $0 })
            let saved = try await staff.post(client, base + "/staff", person)
            let badCertificate = try await staff.post(
                client, base + "/certificates",
                [
                    ("staff_id", "TEST-CAP-\(engine.rawValue)"), ("certificate", "enforcement"),
                    ("certificate_no", "X-1"),
                    ("issued_on", "2023-02-01"), ("expires_on", "2028-02-01"),
                ])
            let certificate = try await staff.post(
                client, base + "/certificates",
                [
                    ("staff_id", "TEST-CAP-\(engine.rawValue)"), ("certificate", "field:food"),
                    ("certificate_no", "SP-T-1"),
                    ("issued_on", "2023-02-01"), ("expires_on", "2028-02-01"),
                ])
            let badSecondment = try await staff.post(
                client, base + "/secondments",
                [
                    ("staff_id", "TEST-CAP-\(engine.rawValue)"), ("destination", "区政务服务中心"), ("from", "2023-05-01"),
                    ("until", "2023-04-30"),
                ])
            let equipment = try await staff.post(
                client, base + "/equipment",
                [("organization", "510304100000-SP"), ("kind", "scanner"), ("count", "-2"), ("since", "2023-01-01")])
            let page = try await staff.get(client, base)
            // check
            #expect(badPerson.status == .unprocessableContent)
            #expect(badPerson.text.contains("未知的人员类别“临时工”") && badPerson.text.contains("请填写入职日期"))
            #expect(badPerson.text.contains("value=\"测试人员甲\""), "the entered name is kept")
            #expect(saved.status == .seeOther && saved.headers[.location] == base + "?saved=staff")
            #expect(badCertificate.status == .unprocessableContent && badCertificate.text.contains("不能持有行政执法证"))
            #expect(certificate.status == .seeOther)
            #expect(badSecondment.status == .unprocessableContent)
            #expect(badSecondment.text.contains("借调结束日期2023年4月30日早于开始日期2023年5月1日"))
            #expect(badSecondment.text.contains("value=\"区政务服务中心\""))
            #expect(equipment.status == .unprocessableContent && equipment.text.contains("数量“-2”无效"))
            #expect(page.text.contains("测试人员甲") && page.text.contains("SP-T-1"))
        }
    }

    @Test(
        "CSV uploads: a bad row writes nothing and names its line; a raw CSV body answers JSON",
        arguments: Engine.available)
    func imports(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let staff = try await StaffClient.login(client, "dashanpu")
            let base = "/units/510304100000/capacity"
            let header =
                "id,name,organization,kind,position,education,hire_date,certificate,certificate_no,issued_on,expires_on"
            let suffix = engine.rawValue.uppercased()
            let bad = [
                header, "IMP-\(suffix)-1,导入测试乙,大山铺镇行政审批办公室,编外辅助,审批,高中,2023-03-01,,,,",
                "IMP-\(suffix)-2,导入测试丙,大山铺镇行政审批办公室,编外辅助,审批,高中,2023-03-01,执法证,Z-1,2023-04-01,2028-04-01",
            ].joined(separator: "\n")
            let good = [
                header, "IMP-\(suffix)-3,导入测试丁,大山铺镇行政审批办公室,编外辅助,审批,大专,2023-03-01,,,,",
            ].joined(separator: "\n")
            // act
            let refused = try await staff.post(client, base + "/import/staff", [("csv", bad)])
            let raw = try await client.execute(
                uri: base + "/import/staff", method: .post,
                headers: staff.headers([
                    .contentType: "text/csv; charset=utf-8", .origin: testOrigin,
                    HTTPField.Name("X-CSRF-Token")!: staff.csrf ?? "",
                ]), body: ByteBuffer(string: good))
            let attendance = try await staff.post(
                client, base + "/import/attendance",
                [
                    (
                        "csv",
                        "course_id,staff_id,name\nPX-20230616-01,IMP-\(suffix)-3,导入测试丁\nPX-20230616-01,IMP-\(suffix)-3,"
                    )
                ])
            let rawBad = try await client.execute(
                uri: base + "/import/attendance", method: .post,
                headers: staff.headers([
                    .contentType: "text/csv", .origin: testOrigin, HTTPField.Name("X-CSRF-Token")!: staff.csrf ?? "",
                ]), body: ByteBuffer(string: "course_id,staff_id\nPX-0,IMP-\(suffix)-3"))
            let page = try await staff.get(client, base)
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("第 3 行") && refused.text.contains("不能持有行政执法证"))
            #expect(refused.text.contains("导入测试乙"), "the pasted text is kept in the form")
            #expect(!page.text.contains("导入测试乙"), "nothing of the refused file was written")
            #expect(raw.status == .ok)
            let json = try raw.json() as? [String: Any]
            #expect(json?["written"] as? Int == 1)
            #expect(attendance.status == .seeOther)
            #expect(attendance.headers[.location]?.contains("imported=attendance&count=1&warnings=1") == true)
            #expect(rawBad.status == .unprocessableContent)
            let error = (try rawBad.json() as? [String: Any])?["error"] as? [String: Any]
            #expect((error?["issues"] as? [String])?.first?.contains("没有编号为“PX-0”的培训") == true)
            #expect(page.text.contains("导入测试丁"))
        }
    }

    @Test("departments record their own courses; other roles may not", arguments: Engine.available)
    func courses(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let department = try await StaffClient.login(client, "shichang")
            let supervisor = try await StaffClient.login(client, "jiandu")
            let fields = [
                ("provider", "大安区司法局"), ("title", "测试培训（\(engine.rawValue)）"), ("day", "2024-03-01"), ("hours", "2.5"),
                ("mode", "online"), ("kind", "theory"),
            ]
            // act
            let bad = try await department.post(
                client, "/capacity/courses", fields.map { $0.0 == "hours" ? ($0.0, "-3") : $0 })
            let created = try await department.post(client, "/capacity/courses", fields)
            let refused = try await supervisor.post(client, "/capacity/courses", fields)
            let list = try await department.get(client, "/capacity/courses")
            // check
            #expect(bad.status == .unprocessableContent && bad.text.contains("学时“-3”无效"))
            #expect(bad.text.contains("测试培训"), "values are kept")
            #expect(created.status == .seeOther)
            #expect(created.headers[.location]?.hasPrefix("/capacity/courses?created=PX-20240301-") == true)
            #expect(refused.status == .forbidden)
            let row = list.text.components(separatedBy: "<tr>").first { $0.contains("测试培训（\(engine.rawValue)）") }
            #expect(row?.contains("大安区市场监督管理局") == true, "a department's course is its own, whatever the form says")
        }
    }

    @Test(
        "the API gives district figures from summed counts and the fit with its evidence", arguments: Engine.available)
    func api(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let establishment = try await StaffClient.login(client, "bianban")
            // act
            let district = try await establishment.get(client, "/api/v1/capacity?asOf=2023-12-31")
            let unit = try await establishment.get(client, "/api/v1/units/510304107000/capacity")
            let fit = try await establishment.get(client, "/api/v1/units/510304107000/capacity/fit?item=DA-CF-0189")
            let noItem = try await establishment.get(client, "/api/v1/units/510304107000/capacity/fit")
            let unknown = try await establishment.get(client, "/api/v1/units/510304107000/capacity/fit?item=NOPE-1")
            let badTarget = try await establishment.get(client, "/api/v1/capacity?target=0")
            // check
            let body = try district.json() as? [String: Any]
            let totals = body?["district"] as? [String: Any]
            let units = body?["units"] as? [[String: Any]] ?? []
            let certified = units.compactMap { ($0["figures"] as? [String: Any])?["certified"] as? Int }.reduce(0, +)
            #expect(units.count == 15)
            #expect(totals?["certified"] as? Int == certified)
            #expect((totals?["certifiedRate"] as? Double ?? 0) > 0.85)
            #expect((body?["training"] as? [String: Any])?["courses"] as? Int == 5)
            let staff = (try unit.json() as? [String: Any])?["staff"] as? [[String: Any]] ?? []
            #expect(staff.contains { $0["secondedTo"] as? String == "区农业农村局" })
            let answer = try fit.json() as? [String: Any]
            let requirements = answer?["requirements"] as? [[String: Any]] ?? []
            #expect(answer?["fit"] as? Bool == false)
            let livestock = requirements.first { $0["requirement"] as? String == "field:livestock" }
            #expect(livestock?["held"] as? Bool == false)
            #expect((livestock?["evidence"] as? String)?.contains("借调至区农业农村局") == true)
            #expect(requirements.first { $0["requirement"] as? String == "min-certified:2" }?["held"] as? Bool == true)
            #expect(noItem.status == .badRequest && unknown.status == .notFound && badTarget.status == .badRequest)
        }
    }
}
