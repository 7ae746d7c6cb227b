import Testing

@testable import QuanzeDomain

@Suite("TownshipKind, OrganizationKind and CreditCode")
struct OrganizationTests {
    @Test(
        "classifies by the name first, whatever the code range says",
        arguments: [
            ("城关街道", "510104100000", TownshipKind.subdistrict), ("城关街道办事处", "510104100000", .subdistrict),
            ("白马镇", "510104001000", .town), ("青山乡", "510104001000", .township),
            ("团结彝族民族乡", "510104100000", .township), ("阿拉善苏木", "510104100000", .township),
            ("高新技术产业开发区", "510104100000", .other), ("天府工业园区", "510104250000", .other),
            ("红旗农场", "510104100000", .other), ("国营林场", "510104100000", .other),
        ])
    func classifiesByName(name: String, code: String, kind: TownshipKind) throws {
        // setup
        let region = try #require(RegionCode(code))
        // act
        let result = TownshipKind.classify(code: region, name: name)
        // check
        #expect(result == kind)
    }

    @Test(
        "falls back on the NBS code range when the name says nothing",
        arguments: [
            ("510104001000", TownshipKind.subdistrict), ("510104099000", .subdistrict), ("510104100000", .town),
            ("510104199000", .town), ("510104200000", .township), ("510104399000", .township),
            ("510104400000", .other), ("510104000000", .other),
        ])
    func fallsBackOnCodeRange(code: String, kind: TownshipKind) throws {
        // setup
        let region = try #require(RegionCode(code))
        // act
        let result = TownshipKind.classify(code: region, name: "城关")
        // check
        #expect(result == kind)
    }

    @Test(
        "乡 follows the town template; 街道 has its own",
        arguments: [
            (TownshipKind.town, TemplateKind.town), (.township, .town), (.subdistrict, .subdistrict), (.other, .other),
        ])
    func templates(kind: TownshipKind, template: TemplateKind) {
        // setup
        let unit = kind
        // act
        let result = unit.template
        // check
        #expect(result == template)
    }

    @Test("organisation kind keys round-trip for every kind")
    func organizationKindKeys() {
        // setup
        let kinds: [OrganizationKind] =
            [.countyGovernment, .department, .dispatchedAgency, .enforcementSquad, .approvalOffice]
            + TownshipKind.allCases.map { .township($0) }
        // act
        let decoded = kinds.map { OrganizationKind(key: $0.key) }
        // check
        #expect(decoded == kinds)
        #expect(Set(kinds.map(\.key)).count == kinds.count)
    }

    @Test(
        "unknown organisation keys are refused", arguments: ["", "township-", "township-city", "Department", "county"])
    func unknownOrganizationKeys(key: String) {
        // setup
        let input = key
        // act
        let kind = OrganizationKind(key: input)
        // check
        #expect(kind == nil)
    }

    @Test("an organisation knows its township kind only when it is a township-level unit")
    func townshipKindOfOrganization() {
        // setup
        let town = Organization(code: "510104100000", county: "510104", name: "白马镇", kind: .township(.town))
        let department = Organization(code: "D01", county: "510104", name: "区农业农村局", kind: .department)
        // act
        let kinds = [town.townshipKind, department.townshipKind]
        // check
        #expect(kinds == [.town, nil])
    }

    @Test("a real credit code with a correct check character is valid")
    func validCreditCode() {
        // setup
        let code = "91350100M000100Y43"
        // act
        let valid = CreditCode.isValid(code)
        // check
        #expect(valid)
    }

    @Test(
        "other real credit codes are valid",
        arguments: [
            "91110108551385082Q", "914403001922038216", "91330100799655058B", "91440300708461136T",
            "91110000802100433B",
        ])
    func otherValidCreditCodes(code: String) {
        // setup
        let input = code
        // act
        let valid = CreditCode.isValid(input)
        // check
        #expect(valid)
    }

    @Test("every other check character makes the code invalid")
    func wrongCheckCharacter() {
        // setup
        let body = "91350100M000100Y4"
        let others = "0123456789ABCDEFGHJKLMNPQRTUWXY".filter { $0 != "3" }
        // act
        let accepted = others.filter { CreditCode.isValid(body + String($0)) }
        // check
        #expect(others.count == 30)
        #expect(accepted.isEmpty)
    }

    @Test(
        "refuses wrong lengths, swapped characters, lower case and letters outside the alphabet",
        arguments: [
            "91350100M000100Y4", "91350100M000100Y433", "19350100M000100Y43", "91350100m000100y43",
            "91350100I000100Y43", "91350100O000100Y43", "", "９1350100M000100Y43",
        ])
    func invalidCreditCodes(code: String) {
        // setup
        let input = code
        // act
        let valid = CreditCode.isValid(input)
        // check
        #expect(!valid)
    }
}
