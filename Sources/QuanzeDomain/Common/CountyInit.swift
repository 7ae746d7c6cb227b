/// `quanze county init`: what a county starts from, built from nothing but the national division list — its
/// regions (province, city, county, townships), its government and one organisation per township-level unit.
public enum CountyInit {
    /// The rows of the NBS division files that concern one county (short codes as the files hold them).
    public struct Divisions: Sendable, Equatable {
        public var province: (code: String, name: String)
        public var city: (code: String, name: String)
        public var county: (code: String, name: String)
        public var townships: [(code: String, name: String)]

        public init(
            province: (code: String, name: String), city: (code: String, name: String),
            county: (code: String, name: String), townships: [(code: String, name: String)]
        ) {
            self.province = province
            self.city = city
            self.county = county
            self.townships = townships
        }

        public static func == (lhs: Divisions, rhs: Divisions) -> Bool {
            lhs.province == rhs.province && lhs.city == rhs.city && lhs.county == rhs.county
                && lhs.townships.elementsEqual(rhs.townships, by: ==)
        }
    }

    public enum Failure: Error, Equatable, Sendable {
        case invalidCountyCode(String)
        case unknownCounty(String)
        case missingParent(county: String, parent: String)
        case invalidTownshipCode(String)

        public var message: String {
            switch self {
            case .invalidCountyCode(let code): "区县代码应为6位数字（GB/T 2260），“\(code)”不是"
            case .unknownCounty(let code): "区划数据中没有代码为 \(code) 的区县"
            case .missingParent(let county, let parent): "区划数据不完整：区县 \(county) 的上级 \(parent) 不存在"
            case .invalidTownshipCode(let code): "区划数据中的乡级代码“\(code)”无效"
            }
        }
    }

    /// What the county needs: regions and organisations, in the order they are written.
    public struct Plan: Sendable, Equatable {
        public var regions: [Region]
        public var organizations: [Organization]
        public var governmentName: String
    }

    /// Picks one county out of the division files' rows (CSV rows with lower-cased headers).
    public static func divisions(
        county: String, provinces: [CSVRow], cities: [CSVRow], areas: [CSVRow], streets: [CSVRow]
    ) throws(Failure) -> Divisions {
        guard isCountyCode(county) else { throw .invalidCountyCode(county) }
        guard let area = areas.first(where: { $0["code"] == county }), let name = area["name"] else {
            throw .unknownCounty(county)
        }
        let cityCode = area["citycode"] ?? String(county.prefix(4))
        let provinceCode = area["provincecode"] ?? String(county.prefix(2))
        guard let city = cities.first(where: { $0["code"] == cityCode }), let cityName = city["name"] else {
            throw .missingParent(county: county, parent: cityCode)
        }
        guard let province = provinces.first(where: { $0["code"] == provinceCode }), let provinceName = province["name"]
        else {
            throw .missingParent(county: county, parent: provinceCode)
        }
        let townships = streets.filter { $0["areacode"] == county }.compactMap { row -> (String, String)? in
            guard let code = row["code"], let name = row["name"] else { return nil }
            return (code, name)
        }
        return Divisions(
            province: (provinceCode, provinceName), city: (cityCode, cityName), county: (county, name),
            townships: townships)
    }

    /// "<city><county>人民政府" (成都市武侯区人民政府). Where the city level is only a statistical grouping (市辖区, 县,
    /// 省直辖县级行政区划) the province's name stands in its place (北京市东城区人民政府).
    public static func governmentName(_ d: Divisions) -> String {
        let grouping = d.city.name == "市辖区" || d.city.name == "县" || d.city.name.hasSuffix("直辖县级行政区划")
        return (grouping ? d.province.name : d.city.name) + d.county.name + "人民政府"
    }

    /// The county's government code, as the demo and every county use it.
    public static func governmentCode(_ county: String) -> String { county + "-GOV" }

    /// Regions and organisations of the county. Township kinds come from the division data (`TownshipKind.classify`).
    public static func plan(_ d: Divisions) throws(Failure) -> Plan {
        let county = d.county.code
        guard let provinceCode = RegionCode.padding(d.province.code), let cityCode = RegionCode.padding(d.city.code),
            let countyCode = RegionCode.padding(county)
        else { throw .invalidCountyCode(county) }
        var regions = [
            Region(code: provinceCode, name: d.province.name, parent: nil, level: .province),
            Region(code: cityCode, name: d.city.name, parent: provinceCode, level: .city),
            Region(code: countyCode, name: d.county.name, parent: cityCode, level: .county),
        ]
        let government = Organization(
            code: governmentCode(county), county: county, name: governmentName(d), kind: .countyGovernment)
        var organizations = [government]
        for (short, name) in d.townships {
            guard short.count == 9, let code = RegionCode.padding(short), code.county == county else {
                throw .invalidTownshipCode(short)
            }
            regions.append(Region(code: code, name: name, parent: countyCode, level: .township))
            organizations.append(
                Organization(
                    code: code.value, county: county, name: name,
                    kind: .township(TownshipKind.classify(code: code, name: name)), parent: government.code))
        }
        return Plan(regions: regions, organizations: organizations, governmentName: government.name)
    }

    /// What is still missing from a county that may already be (partly) set up: regions by code and level,
    /// organisations by code. What exists is left as it is — a renamed government keeps its name.
    public static func missing(
        _ plan: Plan, existingRegions: Set<String>, existingOrganizations: Set<String>
    ) -> Plan {
        Plan(
            regions: plan.regions.filter { !existingRegions.contains(regionKey($0)) },
            organizations: plan.organizations.filter { !existingOrganizations.contains($0.code) },
            governmentName: plan.governmentName)
    }

    /// The key of a region row: code and level (a township's padded code may equal its county's, see `Region`).
    public static func regionKey(_ region: Region) -> String { region.code.value + "/" + region.level.rawValue }
}
