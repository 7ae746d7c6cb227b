import Testing

@testable import QuanzeDomain

/// The catalogue's competent-level columns (`level`, `level_basis`): absent means the county department.
@Suite("ItemImport level")
struct ItemLevelImportTests {
    static let organic76 = ArticleRef(
        law: "地方各级人民代表大会和地方各级人民政府组织法", version: Fixture.day("2022-03-11"), article: 76)
    static let organic86 = ArticleRef(
        law: "地方各级人民代表大会和地方各级人民政府组织法", version: Fixture.day("2022-03-11"), article: 86)
    static let organic = "地方各级人民代表大会和地方各级人民政府组织法(2022-03-11)"

    private func validate(header: String, _ lines: [String]) throws -> ItemImport.Result {
        let rows = try CSVReader.table(([header] + lines).joined(separator: "\n") + "\n", required: ItemImport.required)
        return ItemImport.validate(
            rows: rows, county: Fixture.county, knownArticles: [Self.organic76, Self.organic86], knownItems: [],
            departments: Fixture.departments, vocabulary: .builtIn)
    }

    static let header = "code,name,category,department,legal_basis,level,level_basis"

    @Test("a catalogue without the columns holds county departments' items")
    func absentColumn() throws {
        let result = try validate(
            header: "code,name,category,department,legal_basis", ["XM-001,民间纠纷处理,行政裁决,区农业农村局,\(Self.organic)第76条"])
        #expect(result.errors.isEmpty)
        #expect(result.items.map(\.competentLevel) == [.county])
        #expect(result.items.map(\.levelBasis) == [[]])
    }

    @Test("each level with its statute is read; an empty cell is the county department")
    func levels() throws {
        let result = try validate(
            header: Self.header,
            [
                "XM-001,民间纠纷处理,行政裁决,区农业农村局,\(Self.organic)第76条,township,\(Self.organic)第76条;\(Self.organic)第86条",
                "XM-002,殡葬管理,其他行政权力,区农业农村局,\(Self.organic)第76条,乡镇人民政府,\(Self.organic)第76条",
                "XM-003,社区网格化服务管理,其他行政权力,区农业农村局,\(Self.organic)第86条,街道,\(Self.organic)第86条",
                "XM-004,对畜禽品种违法行为的处罚,行政处罚,区农业农村局,\(Self.organic)第76条,,",
            ])
        #expect(result.errors.isEmpty)
        #expect(result.items.map(\.competentLevel) == [.township, .town, .subdistrict, .county])
        #expect(
            result.items.map(\.levelBasis) == [
                [Self.organic76, Self.organic86], [Self.organic76], [Self.organic86], [],
            ])
    }

    @Test("an unknown level, a township level without its statute and a county item with one are errors")
    func errors() throws {
        let result = try validate(
            header: Self.header,
            [
                "XM-001,民间纠纷处理,行政裁决,区农业农村局,\(Self.organic)第76条,市级,",
                "XM-002,殡葬管理,其他行政权力,区农业农村局,\(Self.organic)第76条,town,",
                "XM-003,社区网格化服务管理,其他行政权力,区农业农村局,\(Self.organic)第86条,county,\(Self.organic)第86条",
                "XM-004,居民会议,其他行政权力,区农业农村局,\(Self.organic)第86条,subdistrict,地方组织法第86条",
            ])
        #expect(result.items.isEmpty)
        #expect(
            result.errors.map { "\($0.line):\($0.column ?? "-")" } == [
                "2:level", "3:level_basis", "4:level_basis", "5:level_basis", "5:level_basis",
            ])
        #expect(result.errors[1].message.hasPrefix("实施层级为乡镇人民政府的事项必须写明赋予该层级职权的法律条文"))
    }
}
