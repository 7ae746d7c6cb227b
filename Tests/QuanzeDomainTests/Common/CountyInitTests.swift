import Testing

@testable import QuanzeDomain

@Suite("CountyInit")
struct CountyInitTests {
    static func rows(_ header: [String], _ lines: [[String]]) -> [CSVRow] {
        lines.enumerated().map { index, values in
            CSVRow(line: index + 2, values: Dictionary(uniqueKeysWithValues: zip(header, values)))
        }
    }

    static let provinces = rows(["code", "name"], [["51", "四川省"], ["11", "北京市"]])
    static let cities = rows(
        ["code", "name", "provincecode"], [["5101", "成都市", "51"], ["1101", "市辖区", "11"], ["5134", "凉山彝族自治州", "51"]])
    static let areas = rows(
        ["code", "name", "citycode", "provincecode"],
        [["510107", "武侯区", "5101", "51"], ["110101", "东城区", "1101", "11"], ["513401", "西昌市", "5134", "51"]])
    static let streets = rows(
        ["code", "name", "areacode"],
        [
            ["510107001", "浆洗街街道", "510107"], ["510107100", "金花桥镇", "510107"], ["510107201", "某某乡", "510107"],
            ["510107400", "高新技术产业开发区", "510107"], ["110101001", "东华门街道", "110101"],
        ])

    static func divisions(_ county: String) throws(CountyInit.Failure) -> CountyInit.Divisions {
        try CountyInit.divisions(
            county: county, provinces: provinces, cities: cities, areas: areas, streets: streets)
    }

    @Test("the county's regions and organisations come from its division rows only, kinds from TownshipKind")
    func plan() throws {
        // setup
        let divisions = try Self.divisions("510107")
        // act
        let plan = try CountyInit.plan(divisions)
        // check
        #expect(
            plan.regions.map { "\($0.code.value)/\($0.level.rawValue)" } == [
                "510000000000/province", "510100000000/city", "510107000000/county", "510107001000/township",
                "510107100000/township", "510107201000/township", "510107400000/township",
            ])
        #expect(
            plan.organizations.map(\.code) == [
                "510107-GOV", "510107001000", "510107100000", "510107201000", "510107400000",
            ])
        #expect(
            plan.organizations.map(\.kind) == [
                .countyGovernment, .township(.subdistrict), .township(.town), .township(.township),
                .township(.other),
            ])
        #expect(plan.organizations.dropFirst().allSatisfy { $0.parent == "510107-GOV" && $0.county == "510107" })
        #expect(plan.governmentName == "成都市武侯区人民政府")
    }

    @Test(
        "the government is named after city and county; a statistical city level gives way to the province",
        arguments: [("510107", "成都市武侯区人民政府"), ("110101", "北京市东城区人民政府"), ("513401", "凉山彝族自治州西昌市人民政府")])
    func governmentName(county: String, expected: String) throws {
        // setup
        let divisions = try Self.divisions(county)
        // act
        let name = CountyInit.governmentName(divisions)
        // check
        #expect(name == expected)
    }

    @Test("a county without township rows still gets its government")
    func noTownships() throws {
        // setup
        let divisions = try Self.divisions("513401")
        // act
        let plan = try CountyInit.plan(divisions)
        // check
        #expect(plan.organizations.map(\.code) == ["513401-GOV"])
        #expect(plan.regions.count == 3)
    }

    @Test(
        "an unknown or malformed county code is refused in Chinese",
        arguments: [
            ("510199", CountyInit.Failure.unknownCounty("510199")), ("5101", .invalidCountyCode("5101")),
            ("00ABCD", .invalidCountyCode("00ABCD")),
        ])
    func unknownCounty(code: String, expected: CountyInit.Failure) {
        // act
        var failure: CountyInit.Failure?
        do throws(CountyInit.Failure) { _ = try Self.divisions(code) } catch { failure = error }
        // check
        #expect(failure == expected)
        #expect(failure?.message.contains(code) == true)
    }

    @Test("a county whose city is missing from the files is refused, naming the missing parent")
    func missingParent() {
        // setup
        let areas = Self.rows(["code", "name", "citycode", "provincecode"], [["510107", "武侯区", "5101", "51"]])
        // act
        var failure: CountyInit.Failure?
        do throws(CountyInit.Failure) {
            _ = try CountyInit.divisions(
                county: "510107", provinces: Self.provinces, cities: [], areas: areas, streets: [])
        } catch { failure = error }
        // check
        #expect(failure == .missingParent(county: "510107", parent: "5101"))
    }

    @Test("only what is missing is planned again: existing regions and organisations (even renamed) stay")
    func missing() throws {
        // setup
        let plan = try CountyInit.plan(try Self.divisions("510107"))
        let regions = Set(plan.regions.prefix(4).map(CountyInit.regionKey))
        let orgs: Set<String> = ["510107-GOV", "510107001000"]
        // act
        let missing = CountyInit.missing(plan, existingRegions: regions, existingOrganizations: orgs)
        let none = CountyInit.missing(
            plan, existingRegions: Set(plan.regions.map(CountyInit.regionKey)),
            existingOrganizations: Set(plan.organizations.map(\.code)))
        // check
        #expect(missing.regions.map(\.code.value) == ["510107100000", "510107201000", "510107400000"])
        #expect(missing.organizations.map(\.code) == ["510107100000", "510107201000", "510107400000"])
        #expect(none.regions.isEmpty && none.organizations.isEmpty)
    }
}
