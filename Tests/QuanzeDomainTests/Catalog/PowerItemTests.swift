import Foundation
import Testing

@testable import QuanzeDomain

@Suite("PowerItem and ItemCategory")
struct PowerItemTests {
    static let platformCode = "11510104MB0000-510104100000-000-11510104MB12345678-1-00"

    @Test(
        "item codes are 1–64 ASCII letters, digits or hyphens",
        arguments: [
            ("XM-001", true), ("a", true), (String(repeating: "A", count: 64), true),
            (String(repeating: "A", count: 65), false), ("511A09001023", true),
            ("511A0138000000-511602000000-000-115113010833722043-1-00", true), ("", false), ("XM_001", false),
            ("XM 001", false),
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

    /// The real Sichuan file, found from this source file (package root → ../shared/data).
    static let guangan = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/service-items/guangan-items-part1.csv")

    @Test(
        "recognises one real code of every shape the Sichuan platform issues",
        arguments: [
            "511A0900300012-511602000000-000-11511300008778693M-1-00",
            "511A09001023-511602000000-000-11511300008778693M-1-00",
            "511A0080800002-511602000000-000-1151130000877869M-1-00",
            "511F0118100001-511602000000-000-0087790701-1-00",
            "E-000010-001-511602000000-000-11511301008778220W-1-00",
            "511A0014100002-511602000000-000-2222222222222-1-00",
            "1J-5100-00027-511602000000-000-11511301008778386B-1-00",
            "511F0167300000-511602000000-000-45225901-3-2-00", "511A0126800000-511602000000-000-76726532-X-1-00",
            "E-000004-001-11511301008778386B", "E-000021-001-1111111111111111", "H-000185-001-4444444444",
            "A-005818-5818-511602000000-000-115113010087783353-1-00",
        ])
    func realShapes(code: String) {
        // setup
        let input = code
        // act
        let known = PowerItem.isKnownPlatformCode(input)
        let valid = PowerItem.isValidCode(input)
        // check
        #expect(known && valid)
    }

    @Test("every 实施编码 of the real 广安区 file is a valid item code and a known platform code")
    func everyRealCode() throws {
        // setup
        let text = try CSVReader.decode(try Data(contentsOf: Self.guangan))
        let rows = try CSVReader.table(text, required: ["item_code"])
        // act
        let invalid = rows.compactMap { $0["item_code"] }.filter { !PowerItem.isValidCode($0) }
        let unknown = rows.compactMap { $0["item_code"] }.filter { !PowerItem.isKnownPlatformCode($0) }
        // check
        #expect(rows.count == 696)
        #expect(invalid.isEmpty)
        #expect(unknown.isEmpty)
    }

    @Test(
        "a 12- or 14-character 基本编码 of upper-case letters and digits",
        arguments: [
            ("511A09001023", true), ("511A0138000000", true), ("511A0900100", false), ("511a09001023", false),
            ("511A090010230", false),
        ])
    func basicCodes(code: String, valid: Bool) {
        // setup
        let input = code
        // act
        let result = PowerItem.isBasicCode(input)
        // check
        #expect(result == valid)
    }

    @Test(
        "flags other implementation code formats as unknown",
        arguments: [
            "", "SC-XM-001", "11510104MB000-510104100000-000-11510104MB12345678-1-00",
            "11510104MB0000-51010410000A-000-11510104MB12345678-1-00",
            "11510104MB0000-510104100000-001-11510104MB12345678-1-00",
            "11510104MB0000-510104100000-000-1151010-1-00", "E-000004-001", "E-00-001-11511301008778386B",
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

    @Test("the eleven categories with 行政强制 split into its two kinds (the old value still read); every label reads back")
    func everyCategoryLabel() {
        // setup
        let categories = ItemCategory.allCases
        // act
        let parsed = categories.map { ItemCategory(text: $0.label) }
        // check
        #expect(categories.count == 13)
        #expect(parsed == categories)
        #expect(ItemCategory(text: "行政强制措施") == .coercionMeasure)
        #expect(ItemCategory(text: "coercion-execution") == .coercionExecution)
        #expect(ItemCategory(text: "行政强制") == .coercion)
        #expect(categories.filter(\.isCoercion) == [.coercion, .coercionMeasure, .coercionExecution])
        #expect(ItemCategory.coercion.matching == [.coercion, .coercionMeasure, .coercionExecution])
        #expect(ItemCategory.coercionMeasure.matching == [.coercionMeasure])
    }

    @Test("penalty, coercion and inspection go to the enforcement list; licensing to the approval list")
    func listRouting() {
        // setup
        let categories = ItemCategory.allCases
        // act
        let enforcement = Set(categories.filter(\.isEnforcement))
        let approval = Set(categories.filter(\.isApproval))
        // check
        #expect(enforcement == [.penalty, .coercion, .coercionMeasure, .coercionExecution, .inspection])
        #expect(approval == [.licensing])
    }
}
