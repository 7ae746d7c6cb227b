import Testing

@testable import QuanzeDomain

@Suite("PowerItem and ItemCategory")
struct PowerItemTests {
    static let platformCode = "11510104MB0000-510104100000-000-11510104MB12345678-1-00"

    @Test(
        "item codes are 1–40 ASCII letters, digits or hyphens",
        arguments: [
            ("XM-001", true), ("a", true), (String(repeating: "A", count: 40), true),
            (String(repeating: "A", count: 41), false), ("", false), ("XM_001", false), ("XM 001", false),
            ("事项1", false), ("XM/001", false), ("ＸＭ001", false),
        ])
    func itemCodes(code: String, valid: Bool) {
        // setup
        let input = code
        // act
        let result = PowerItem.isValidCode(input)
        // check
        #expect(result == valid)
    }

    @Test("recognises the platform's implementation code with a 17 or 18 character credit code")
    func knownPlatformCodes() {
        // setup
        let codes = [Self.platformCode, "11510104MB0000-510104100000-000-11510104MB1234567-2-01"]
        // act
        let known = codes.map(PowerItem.isKnownPlatformCode)
        // check
        #expect(known == [true, true])
    }

    @Test(
        "flags other implementation code formats as unknown",
        arguments: [
            "", "SC-XM-001", "11510104MB000-510104100000-000-11510104MB12345678-1-00",
            "11510104MB0000-51010410000A-000-11510104MB12345678-1-00",
            "11510104MB0000-510104100000-001-11510104MB12345678-1-00",
            "11510104MB0000-510104100000-000-11510104MB123456-1-00",
            "11510104MB0000-510104100000-000-11510104MB12345678-1",
            "11510104MB0000-510104100000-000-11510104MB12345678-1-00-7",
            "11510104MB0000-510104100000-000-11510104MB12345678-v1-00",
        ])
    func unknownPlatformCodes(code: String) {
        // setup
        let input = code
        // act
        let known = PowerItem.isKnownPlatformCode(input)
        // check
        #expect(!known)
    }

    @Test(
        "reads a category from its key or its Chinese name",
        arguments: [
            ("penalty", ItemCategory.penalty), ("行政处罚", .penalty), ("public-service", .publicService),
            ("公共服务", .publicService), (" 行政许可 ", .licensing), ("其他行政权力", .other),
        ])
    func categoryFromText(text: String, category: ItemCategory) {
        // setup
        let input = text
        // act
        let result = ItemCategory(text: input)
        // check
        #expect(result == category)
    }

    @Test("refuses unknown categories", arguments: ["", "处罚", "Penalty", "行政命令"])
    func unknownCategory(text: String) {
        // setup
        let input = text
        // act
        let result = ItemCategory(text: input)
        // check
        #expect(result == nil)
    }

    @Test("there are eleven categories and every label reads back")
    func everyCategoryLabel() {
        // setup
        let categories = ItemCategory.allCases
        // act
        let parsed = categories.map { ItemCategory(text: $0.label) }
        // check
        #expect(categories.count == 11)
        #expect(parsed == categories)
    }

    @Test("penalty, coercion and inspection go to the enforcement list; licensing to the approval list")
    func listRouting() {
        // setup
        let categories = ItemCategory.allCases
        // act
        let enforcement = Set(categories.filter(\.isEnforcement))
        let approval = Set(categories.filter(\.isApproval))
        // check
        #expect(enforcement == [.penalty, .coercion, .inspection])
        #expect(approval == [.licensing])
    }
}
