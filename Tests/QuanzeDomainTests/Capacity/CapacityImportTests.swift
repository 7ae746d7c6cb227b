import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Capacity CSV imports")
struct CapacityImportTests {
    typealias F = CapacityFixture
    static let header =
        "id,name,organization,kind,position,education,hire_date,person,certificate,certificate_no,issued_on,expires_on"

    func staff(_ lines: [String], others: Set<String> = []) throws -> StaffImport.Result {
        let rows = try CSVReader.table(
            ([Self.header] + lines).joined(separator: "\r\n"), required: StaffImport.required)
        return StaffImport.validate(
            rows: rows, county: Fixture.county, unitOrganizations: F.organizations, otherUnitsStaff: others,
            vocabulary: .builtIn)
    }

    func issues(_ list: [ImportIssue]) -> [String] { list.map { "\($0.line):\($0.column ?? "-")" } }

    @Test("a person with two certificates on two rows; a person without certificates on one")
    func validStaff() throws {
        // setup
        let lines = [
            "ZF-1,张一,白马镇综合行政执法中队,在编,执法,本科,2020-05-01,,执法证,51010400001,2020-08-01,2025-08-01",
            "ZF-1,张一,白马镇综合行政执法中队,在编,执法,本科,2020-05-01,,食品安全,SP-9,2021-01-01,2026-01-01",
            "SP-1,李二,\(F.office),编外辅助,审批,高中,2023-02-01,,,,,",
        ]
        // act
        let result = try staff(lines)
        // check
        #expect(result.errors.isEmpty)
        #expect(result.staff.map(\.id) == ["ZF-1", "SP-1"])
        #expect(result.certificates.map(\.kind) == [.enforcement, .professional(.food)])
        #expect(result.staff[1].kind == .auxiliary && result.staff[1].education == .secondary)
    }

    @Test("errors carry spreadsheet line numbers and columns, and nothing is returned to write")
    func staffErrors() throws {
        // setup
        let lines = [
            "ZF-1,张一,白马镇综合行政执法中队,在编,执法,本科,2020-05-01,,执法证,51010400001,2020-08-01,2025-08-01",
            "",
            "ZF-2,赵四,白马镇综合行政执法中队,编外辅助,执法,高中,2022-05-01,,执法证,51010400002,2022-08-01,2027-08-01",
            "ZF-1,张一,白马镇行政审批办公室,在编,执法,本科,2020-05-01,,,,,",
            "ZF-3,王三,白马镇综合行政执法中队,在编,执法,本科,2020-05-01,,执法证,51010400003,2022-08-01,2021-08-01",
            "ZF-4,钱五,白马镇综合行政执法中队,在编,执法,本科,2020-05-01,,执法证,51010400001,2020-08-01,2025-08-01",
            "ZF-1,张一,白马镇综合行政执法中队,在编,执法,本科,2020-05-01,,执法证,51010400001,2020-08-01,2025-08-01",
            "OT-1,孙六,白马镇,派驻,执法,大专,2020-05-01,,,,,",
        ]
        // act
        let result = try staff(lines, others: ["OT-1"])
        // check
        #expect(result.staff.isEmpty && result.certificates.isEmpty)
        #expect(issues(result.errors) == ["4:certificate", "5:id", "6:expires_on", "8:certificate_no", "9:id"])
        #expect(result.errors[0].description == "第 4 行（certificate）：人员 ZF-2 为编外辅助人员，不能持有行政执法证")
        #expect(result.errors[1].message.contains("与第 2 行不一致"))
        #expect(result.errors[3].message == "证件与第 2 行重复")
        #expect(result.errors[4].message == "人员编号“OT-1”已登记在其他单位")
    }

    @Test("a missing column is refused before any row is read")
    func missingColumn() {
        // setup
        let text = "id,name,organization\nZF-1,张一,\(F.squad)"
        // act
        var failure: CSVReader.Failure?
        do throws(CSVReader.Failure) { _ = try CSVReader.table(text, required: StaffImport.required) } catch {
            failure = error
        }
        // check
        #expect(failure == .missingColumns(["kind", "position", "education", "hire_date"]))
        #expect(failure?.message == "缺少必需的列：kind、position、education、hire_date")
    }

    @Test("a GB18030 file as Chinese Excel saves it reads like UTF-8")
    func gb18030() throws {
        // setup
        let text =
            Self.header + "\r\nZF-1,张一,白马镇综合行政执法中队,在编,执法,本科,2020-05-01,,执法证,51010400001,2020-08-01,2025-08-01\r\n"
        let data = try #require(text.data(using: CSVReader.gb18030))
        // act
        let decoded = try CSVReader.decode(data)
        let rows = try CSVReader.table(decoded, required: StaffImport.required)
        let result = StaffImport.validate(
            rows: rows, county: Fixture.county, unitOrganizations: F.organizations, otherUnitsStaff: [],
            vocabulary: .builtIn)
        // check
        #expect(data != Data(text.utf8))
        #expect(result.errors.isEmpty && result.staff.first?.name == "张一")
    }

    @Test("attendance: unknown course and person are errors with lines; a repeated row is a warning")
    func attendance() throws {
        // setup
        let text = "course_id,staff_id,name\nPX-1,A,张一\nPX-1,A,张一\nPX-2,A,\nPX-1,B,\nPX-1,A,张二"
        let rows = try CSVReader.table(text, required: AttendanceImport.required)
        let staff = ["A": F.staff("A", "张一")]
        // act
        let result = AttendanceImport.validate(rows: rows, staff: staff, courses: ["PX-1"])
        let clean = AttendanceImport.validate(rows: Array(rows.prefix(2)), staff: staff, courses: ["PX-1"])
        // check
        #expect(issues(result.errors) == ["4:course_id", "5:staff_id", "6:name"])
        #expect(result.attendance.isEmpty)
        #expect(clean.errors.isEmpty && clean.attendance == [Attendance(courseId: "PX-1", staffId: "A")])
        #expect(clean.warnings.map(\.line) == [3])
    }
}
