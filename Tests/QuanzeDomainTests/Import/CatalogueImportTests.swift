import Testing

@testable import QuanzeDomain

@Suite("CatalogueImport")
struct CatalogueImportTests {
    static let header = "decision,decision_title,decision_issuer,decision_date,item_code,item_name,legal_basis"
    static let province = "川办发〔2020〕85号"
    static let items: [PowerItem] = [
        item("XM-001", "对畜禽品种违法行为的处罚", law: "畜牧法", "2015-04-24", 61),
        item("XM-002", "对渔港水域违法捕捞的处罚", law: "渔业法", "2013-12-28", 48),
        item("XM-003", "对渔港水域违法捕捞的处罚", law: "渔业法", "2013-12-28", 38),
    ]

    static func item(_ code: String, _ name: String, law: String, _ version: String, _ article: Int) -> PowerItem {
        var item = Fixture.item(code)
        item.name = name
        item.legalBases = [ArticleRef(law: law, version: Fixture.day(version), article: article)]
        return item
    }

    private func validate(
        _ lines: [String], defaults: CatalogueImport.Defaults = .init(), decisions: [Decision] = []
    ) throws -> CatalogueImport.Result {
        let rows = try CSVReader.table(([Self.header] + lines).joined(separator: "\n"), required: [])
        return CatalogueImport.validate(
            rows: rows, county: Fixture.county, defaults: defaults, items: Self.items,
            decisions: Dictionary(uniqueKeysWithValues: decisions.map { ($0.number, $0) }))
    }

    private func issues(_ list: [ImportIssue]) -> [String] { list.map { "\($0.line):\($0.column ?? "-")" } }

    @Test(
        "entries match by code, or by name and legal basis; the decision comes from the defaults when cells are empty")
    func matches() throws {
        // setup
        let lines = [",,,,XM-001,,", ",,,,,对渔港水域违法捕捞的处罚,《渔业法》第48条"]
        let defaults = CatalogueImport.Defaults(
            number: Self.province, title: "指导目录", issuer: "四川省人民政府办公厅", date: Fixture.day("2020-11-20"))
        // act
        let result = try validate(lines, defaults: defaults)
        // check
        #expect(result.errors.isEmpty)
        #expect(result.catalogues.map(\.itemCodes) == [["XM-001", "XM-002"]])
        #expect(
            result.catalogues.first?.decision
                == Decision(
                    county: Fixture.county, number: Self.province, title: "指导目录", issuer: "四川省人民政府办公厅",
                    date: Fixture.day("2020-11-20"), kind: .provincialCatalogue))
        #expect(result.catalogues.first?.isNew == true)
    }

    @Test("an entry that matches no item, or several, or an unknown code is an error naming its line and column")
    func unmatched() throws {
        // setup
        let d = "\(Self.province),目录,四川省人民政府办公厅,2020-11-20"
        let lines = [
            "\(d),XM-009,,",
            "\(d),,对渔港水域违法捕捞的处罚,",
            "\(d),,对渔港水域违法捕捞的处罚,渔业法第99条",
            "\(d),,不存在的事项,",
            "\(d),XM-001,另一个名称,",
            "\(d),,对渔港水域违法捕捞的处罚,渔业法(2013-12-28)第38条",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["2:item_code", "3:legal_basis", "4:item_name", "5:item_name", "6:item_name"])
        #expect(result.errors[2].message.contains("渔业法第99条"))
        #expect(result.catalogues.map(\.itemCodes) == [["XM-003"]])
    }

    @Test("a new catalogue needs its issuer and date; a registered 文号 must be a provincial catalogue")
    func decisions() throws {
        // setup
        let lines = [
            "川办发〔2021〕1号,,,2021-01-01,XM-001,,",
            "川办发〔2021〕2号,,四川省人民政府办公厅,,XM-001,,",
            "大安编发〔2023〕5号,,,,XM-001,,",
            "\(Self.province),,,,XM-002,,",
        ]
        let registered = [
            Fixture.decision("大安编发〔2023〕5号"),
            Fixture.decision(Self.province, date: "2020-11-20", kind: .provincialCatalogue),
        ]
        // act
        let result = try validate(lines, decisions: registered)
        // check
        #expect(issues(result.errors) == ["2:decision_issuer", "3:decision_date", "4:decision"])
        #expect(result.catalogues.map(\.decision.number) == [Self.province])
        #expect(result.catalogues.map(\.isNew) == [false])
    }

    @Test("one file may hold several catalogues; an item listed twice counts once")
    func severalCatalogues() throws {
        // setup
        let lines = [
            "川办发〔2021〕1号,,四川省人民政府办公厅,2021-01-01,XM-001,,",
            "川办发〔2021〕1号,,,,XM-001,,",
            "川办发〔2022〕7号,,四川省人民政府办公厅,2022-03-01,XM-002,,",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors.isEmpty)
        #expect(result.catalogues.map(\.decision.number) == ["川办发〔2021〕1号", "川办发〔2022〕7号"])
        #expect(result.catalogues.map(\.itemCodes) == [["XM-001"], ["XM-002"]])
    }
}
