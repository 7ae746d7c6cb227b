import Testing

@testable import QuanzeDomain

@Suite("ItemImport")
struct ItemImportTests {
    static let header =
        "code,name,category,parent_code,department,legal_basis,duties,accountability,statutory_limit,promised_limit,"
        + "requirements,platform_code"
    static let penalty24 = ArticleRef(law: "行政处罚法", version: Fixture.day("2021-01-22"), article: 24)
    static let livestock61 = ArticleRef(law: "畜牧法", version: Fixture.day("2015-04-24"), article: 61)
    static let platformCode = "11510104MB0000-510104100000-000-11510104MB12345678-1-00"

    /// Reads `lines` under the full header and validates them against a small catalogue.
    private func validate(
        _ lines: [String], knownItems: Set<String> = ["XM-000"], vocabulary: RequirementVocabulary = .builtIn
    ) throws -> ItemImport.Result {
        let rows = try CSVReader.table(
            ([Self.header] + lines).joined(separator: "\n") + "\n", required: ItemImport.required)
        return ItemImport.validate(
            rows: rows, county: Fixture.county, knownArticles: [Self.penalty24, Self.livestock61],
            knownItems: knownItems, departments: Fixture.departments, vocabulary: vocabulary)
    }

    private func issues(_ list: [ImportIssue]) -> [String] {
        list.map { "\($0.line):\($0.column ?? "-")" }
    }

    @Test("a complete row becomes an item with every field parsed")
    func completeRow() throws {
        // setup
        let line =
            "XM-001,对畜禽品种违法行为的处罚,行政处罚,XM-000,区农业农村局,畜牧法(2015-04-24)第61条；行政处罚法(2021-01-22)第24条,"
            + "依法查处,未履职的追责,90自然日,60日,field:livestock;cert:enforcement;min-certified:2,\(Self.platformCode)"
        // act
        let result = try validate([line])
        // check
        #expect(result.errors.isEmpty)
        #expect(result.warnings.isEmpty)
        let item = try #require(result.items.first)
        #expect(
            item
                == PowerItem(
                    county: Fixture.county, code: "XM-001", name: "对畜禽品种违法行为的处罚", category: .penalty,
                    parentCode: "XM-000", department: "区农业农村局", legalBases: [Self.livestock61, Self.penalty24],
                    duties: "依法查处", accountability: "未履职的追责", statutoryLimit: TimeLimit(amount: 90, unit: .naturalDays),
                    promisedLimit: TimeLimit(amount: 60, unit: .naturalDays),
                    requirements: [.field(.livestock), .certificate(.enforcement), .minimumCertifiedOfficers(2)],
                    platformCode: Self.platformCode, departmentCode: "D-01"))
    }

    @Test("each missing required field is an error on its row's line and column", arguments: ItemImport.required)
    func missingRequiredField(column: String) throws {
        // setup
        var values = [
            "code": "XM-001", "name": "事项", "category": "penalty", "department": "区农业农村局",
            "legal_basis": "畜牧法(2015-04-24)第61条",
        ]
        values[column] = ""
        let line = ["code", "name", "category", "", "department", "legal_basis"].map { values[$0] ?? "" }
            .joined(separator: ",")
        // act
        let result = try validate(["XM-009,好行,penalty,,区农业农村局,畜牧法(2015-04-24)第61条", line])
        // check
        #expect(issues(result.errors) == ["3:\(column)"])
        #expect(result.items.map(\.code) == ["XM-009"])
    }

    @Test("an unknown category is an error on its line")
    func unknownCategory() throws {
        // setup
        let lines = [
            "XM-001,甲,行政处罚,,区农业农村局,畜牧法(2015-04-24)第61条",
            "XM-002,乙,行政命令,,区农业农村局,畜牧法(2015-04-24)第61条",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["3:category"])
        #expect(result.errors.first?.message.contains("行政命令") == true)
        #expect(result.items.map(\.code) == ["XM-001"])
    }

    @Test("a department is named by its code or its exact name; the item keeps the code and shows the name")
    func departmentByCodeOrName() throws {
        // setup
        let lines = [
            "XM-001,甲,penalty,,D-02,畜牧法(2015-04-24)第61条", "XM-002,乙,penalty,,区应急管理局,畜牧法(2015-04-24)第61条",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors.isEmpty)
        #expect(result.items.map(\.departmentCode) == ["D-02", "D-02"])
        #expect(result.items.map(\.department) == ["区应急管理局", "区应急管理局"])
    }

    @Test("a retired department takes no new items, by code or by name", arguments: ["D-09", "区粮食局"])
    func retiredDepartment(text: String) throws {
        // setup
        let line = "XM-001,甲,penalty,,\(text),畜牧法(2015-04-24)第61条"
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors) == ["2:department"])
        #expect(result.items.isEmpty)
    }

    @Test("an unknown department is an error")
    func unknownDepartment() throws {
        // setup
        let line = "XM-001,甲,penalty,,区文旅局,畜牧法(2015-04-24)第61条"
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors) == ["2:department"])
        #expect(result.items.isEmpty)
    }

    @Test("a malformed legal basis is an error on its line", arguments: ["畜牧法第61条", "畜牧法(2015-04-24)第六十一条"])
    func badLegalBasis(basis: String) throws {
        // setup
        let line = "XM-001,甲,penalty,,区农业农村局,\(basis)"
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors) == ["2:legal_basis"])
        #expect(result.items.isEmpty)
    }

    @Test(
        "a citation not in the law library is kept as unverified with a warning, never refused for that alone",
        arguments: ["畜牧法(2022-10-30)第61条", "畜牧法(2015-04-24)第62条", "某省特种设备安全条例(2024-03-01)第12条"])
    func unverifiedLegalBasis(basis: String) throws {
        // setup
        let line = "XM-001,甲,penalty,,区农业农村局,行政处罚法(2021-01-22)第24条;\(basis)"
        // act
        let result = try validate([line])
        // check
        #expect(result.errors.isEmpty)
        #expect(issues(result.warnings) == ["2:legal_basis"])
        #expect(result.warnings.first?.message.contains("未核验") == true)
        #expect(result.items.first?.legalBases == [Self.penalty24, ArticleRef(parsing: basis)!])
    }

    @Test("a malformed item code is an error", arguments: ["XM_001", "事项一", String(repeating: "X", count: 65)])
    func badItemCode(code: String) throws {
        // setup
        let line = "\(code),甲,penalty,,区农业农村局,畜牧法(2015-04-24)第61条"
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors) == ["2:code"])
    }

    @Test("a duplicate code is an error on the later row naming the earlier one")
    func duplicateCode() throws {
        // setup
        let line = "XM-001,甲,penalty,,区农业农村局,畜牧法(2015-04-24)第61条"
        // act
        let result = try validate([line, "XM-002,乙,penalty,,区农业农村局,畜牧法(2015-04-24)第61条", line])
        // check
        #expect(issues(result.errors) == ["4:code"])
        #expect(result.errors.first?.message.contains("第 2 行") == true)
        #expect(result.items.map(\.code) == ["XM-001", "XM-002"])
    }

    @Test("a parent must be known or come earlier in the file, and never be the item itself")
    func parents() throws {
        // setup
        let lines = [
            "XM-002,子项,penalty,XM-001,区农业农村局,畜牧法(2015-04-24)第61条",
            "XM-001,母项,penalty,,区农业农村局,畜牧法(2015-04-24)第61条",
            "XM-003,子项,penalty,XM-001,区农业农村局,畜牧法(2015-04-24)第61条",
            "XM-004,子项,penalty,XM-000,区农业农村局,畜牧法(2015-04-24)第61条",
            "XM-005,自指,penalty,XM-005,区农业农村局,畜牧法(2015-04-24)第61条",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["2:parent_code", "6:parent_code"])
        #expect(result.items.map(\.code) == ["XM-001", "XM-003", "XM-004"])
    }

    @Test("malformed time limits are errors")
    func badLimits() throws {
        // setup
        let line = "XM-001,甲,licensing,,区农业农村局,畜牧法(2015-04-24)第61条,,,二十工作日,0日"
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors) == ["2:statutory_limit", "2:promised_limit"])
    }

    @Test("a promised limit may not be longer than the statutory one in the same unit")
    func promisedLongerThanStatutory() throws {
        // setup
        let lines = [
            "XM-001,甲,licensing,,区农业农村局,畜牧法(2015-04-24)第61条,,,20工作日,21工作日",
            "XM-002,乙,licensing,,区农业农村局,畜牧法(2015-04-24)第61条,,,20工作日,20工作日",
            "XM-003,丙,licensing,,区农业农村局,畜牧法(2015-04-24)第61条,,,20工作日,25自然日",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["2:promised_limit"])
        #expect(result.items.map(\.code) == ["XM-002", "XM-003"])
    }

    @Test("a requirement outside the county's vocabulary is an error naming the code; a malformed one too")
    func unknownRequirement() throws {
        // setup
        let line = "XM-001,甲,penalty,,区农业农村局,畜牧法(2015-04-24)第61条,,,,,field:livestock;field:astrology;cert:Bad"
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors) == ["2:requirements", "2:requirements"])
        #expect(result.errors.map(\.message).joined().contains("field:astrology"))
        #expect(result.errors.map(\.message).joined().contains("cert:Bad"))
    }

    @Test("a county's own terms are accepted once they are in its vocabulary")
    func countyRequirement() throws {
        // setup
        let vocabulary = try RequirementVocabulary.builtIn
            .adding(.init(kind: .field, code: "special-equipment", name: "特种设备安全监察"))
            .adding(.init(kind: .certificate, code: "boiler-inspector", name: "锅炉检验员证"))
            .adding(.init(kind: .equipment, code: "thickness-gauge", name: "测厚仪"))
        let line =
            "XM-001,甲,penalty,,区农业农村局,畜牧法(2015-04-24)第61条,,,,,"
            + "field:special-equipment;cert:boiler-inspector;equip:thickness-gauge"
        // act
        let refused = try validate([line])
        let accepted = try validate([line], vocabulary: vocabulary)
        // check
        #expect(issues(refused.errors) == ["2:requirements", "2:requirements", "2:requirements"])
        #expect(accepted.errors.isEmpty)
        #expect(
            accepted.items.first?.requirements == [
                .field(ProfessionalField(rawValue: "special-equipment")!),
                .certificate(CertificateKind(rawValue: "boiler-inspector")!),
                .equipment(EquipmentKind(rawValue: "thickness-gauge")!),
            ])
    }

    @Test("an unknown platform code format is a warning and the row is kept with the code as given")
    func unknownPlatformCode() throws {
        // setup
        let line = "XM-001,甲,penalty,,区农业农村局,畜牧法(2015-04-24)第61条,,,,,,SC-510104-XM-001"
        // act
        let result = try validate([line])
        // check
        #expect(result.errors.isEmpty)
        #expect(issues(result.warnings) == ["2:platform_code"])
        #expect(result.items.map(\.platformCode) == ["SC-510104-XM-001"])
    }

    @Test("every problem of every row is reported with its own line")
    func severalBadRows() throws {
        // setup
        let lines = [
            "XM-001,甲,penalty,,区农业农村局,畜牧法(2015-04-24)第61条",
            "XM-002,,处罚,,区文旅局,畜牧法(2015-04-24)第61条",
            "XM-003,丙,penalty,,区应急管理局,畜牧法(2015-04-24)第61条",
            ",丁,penalty,,区农业农村局,",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["3:name", "3:category", "3:department", "5:code", "5:legal_basis"])
        #expect(result.items.map(\.code) == ["XM-001", "XM-003"])
    }
}
