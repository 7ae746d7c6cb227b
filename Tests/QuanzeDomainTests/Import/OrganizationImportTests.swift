import Testing

@testable import QuanzeDomain

@Suite("OrganizationImport")
struct OrganizationImportTests {
    static let header = "code,name,kind,parent,stationed_at,credit_code,establishment,justice"

    private func validate(_ lines: [String], existing: [Organization] = OrgFixture.existing) throws
        -> OrganizationImport.Result
    {
        let rows = try CSVReader.table(
            ([Self.header] + lines).joined(separator: "\n") + "\n", required: OrganizationImport.required)
        return OrganizationImport.validate(rows: rows, county: OrgFixture.county, existing: existing)
    }

    private func issues(_ list: [ImportIssue]) -> [String] {
        list.map { "\($0.line):\($0.column ?? "-")" }
    }

    @Test("Chinese kind labels, parents and stations by code or name (also later in the file), 是/否 flags")
    func completeFile() throws {
        // setup
        let lines = [
            "ZF-1,白马镇综合行政执法中队,综合执法中队,白马镇,,,,",
            "SP-1,白马镇行政审批办公室,行政审批办公室,510104100000,,,否,否",
            "PZ-1,区市场监管局白马所,派驻机构,区市场监督管理局,白马镇,,,",
            "D-03,区市场监督管理局,区级部门,,,\(OrgFixture.validCredit),否,否",
            "D-04,区司法局,department,,,,,是",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors.isEmpty)
        #expect(result.added == 5 && result.updated == 0)
        let byCode = Dictionary(uniqueKeysWithValues: result.organizations.map { ($0.code, $0) })
        #expect(byCode["ZF-1"]?.parent == "510104100000")
        #expect(byCode["ZF-1"]?.kind == .enforcementSquad)
        #expect(byCode["SP-1"]?.kind == .approvalOffice)
        #expect(byCode["PZ-1"]?.parent == "D-03")
        #expect(byCode["PZ-1"]?.stationedAt == "510104100000")
        #expect(byCode["D-03"]?.parent == "510104-GOV")
        #expect(byCode["D-03"]?.creditCode == OrgFixture.validCredit)
        #expect(byCode["D-04"]?.isJusticeBureau == true)
    }

    @Test("a unit renamed by the file is still found by its old name in the same file")
    func oldNameInSameFile() throws {
        // setup
        let lines = ["PZ-1,派驻所,派驻机构,区应急管理局,白马镇,,,", "D-02,区应急管理和消防局,区级部门,,,,,"]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.organizations.first?.parent == "D-02")
    }

    @Test("an existing code is updated (renamed); an identical row counts as unchanged")
    func updates() throws {
        // setup
        let lines = ["D-02,区应急管理和消防局,区级部门,,,,,", "D-01,区委编办,区级部门,,,,是,"]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors.isEmpty)
        #expect(result.added == 0 && result.updated == 1 && result.unchanged == 1)
        #expect(result.organizations.first { $0.code == "D-02" }?.name == "区应急管理和消防局")
    }

    @Test(
        "every row error names its line and column",
        arguments: [
            (",甲局,区级部门,,,,,", "2:code"),
            ("D-03,,区级部门,,,,,", "2:name"),
            ("D-03,甲局,,,,,,", "2:kind"),
            ("D 3,甲局,区级部门,,,,,", "2:code"),
            ("510104200000,某乡,区级部门,,,,,", "2:code"),
            ("D-03,甲局,区级科室,,,,,", "2:kind"),
            ("D-02,区应急管理局,综合执法中队,白马镇,,,,", "2:kind"),
            ("510104100000,白马镇,区级部门,,,,,", "2:code"),
            ("D-03,区应急管理局,区级部门,,,,,", "2:name"),
            ("ZF-1,中队,综合执法中队,不存在镇,,,,", "2:parent"),
            ("ZF-1,中队,综合执法中队,,,,,", "2:parent"),
            ("ZF-1,中队,综合执法中队,区应急管理局,,,,", "2:parent"),
            ("PZ-1,所,派驻机构,区应急管理局,,,,", "2:stationed_at"),
            ("PZ-1,所,派驻机构,区应急管理局,区委编办,,,", "2:stationed_at"),
            ("PZ-1,所,派驻机构,区应急管理局,某某镇,,,", "2:stationed_at"),
            ("D-03,甲局,区级部门,,白马镇,,,", "2:stationed_at"),
            ("D-03,甲局,区级部门,,,12345,,", "2:credit_code"),
            ("D-03,甲局,区级部门,,,,也许,", "2:establishment"),
            ("D-03,甲局,区级部门,,,,,也许", "2:justice"),
            ("SP-1,办,行政审批办公室,白马镇,,,是,", "2:establishment"),
            ("SP-1,办,行政审批办公室,白马镇,,,,是", "2:justice"),
            ("D-03,甲局,区级部门,,,,是,", "2:establishment"),
        ])
    func rowError(line: String, expected: String) throws {
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors).first == expected, "\(result.errors)")
        #expect(result.organizations.isEmpty)
        #expect(result.errors.allSatisfy { !$0.message.isEmpty })
    }

    @Test("duplicate codes and names in the file are errors on the later line; good rows still write nothing")
    func duplicates() throws {
        // setup
        let lines = [
            "D-03,甲局,区级部门,,,,,", "D-03,乙局,区级部门,,,,,", "D-04,甲局,区级部门,,,,,", "D-05,丙局,区级部门,,,,,",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["3:code", "4:name"])
    }

    @Test("the 编办 flag may move within one file: checked against the county as it will be")
    func moveEstablishmentFlag() throws {
        // setup
        let lines = ["D-01,区委编办,区级部门,,,,否,", "D-03,区委机构编制委员会办公室,区级部门,,,,是,"]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors.isEmpty)
        #expect(result.organizations.filter(\.isEstablishmentOffice).map(\.code) == ["D-03"])
    }

    @Test("a retired organisation keeps its retirement when the file renames it; it cannot be a new parent")
    func retired() throws {
        // setup
        var existing = OrgFixture.existing
        existing[4].retiredOn = Fixture.day("2023-01-01")
        // act
        let renamed = try validate(["D-02,区应急局（已撤销）,区级部门,,,,,"], existing: existing)
        let child = try validate(["PZ-1,所,派驻机构,D-02,白马镇,,,"], existing: existing)
        // check
        #expect(renamed.organizations.first?.retiredOn == Fixture.day("2023-01-01"))
        #expect(issues(child.errors) == ["2:parent"])
    }
}
