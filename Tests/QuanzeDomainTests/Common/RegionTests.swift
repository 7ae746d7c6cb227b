import Foundation
import Testing

@testable import QuanzeDomain

@Suite("RegionCode")
struct RegionTests {
    @Test("accepts twelve digits and splits out the county and township parts")
    func acceptsTwelveDigits() throws {
        // setup
        let text = "510104100000"
        // act
        let code = try #require(RegionCode(text))
        // check
        #expect(code.value == text)
        #expect(code.county == "510104")
        #expect(code.townshipPart == "100")
        #expect(code.description == text)
    }

    @Test(
        "refuses anything but twelve ASCII digits with a real province",
        arguments: [
            "51010410000", "5101041000000", "51010410000a", "000104100000", "", "５１０１０４１００００００",
            "510104 00000", "-51010410000",
        ])
    func refusesBadCodes(text: String) {
        // setup
        let input = text
        // act
        let code = RegionCode(input)
        // check
        #expect(code == nil)
    }

    @Test(
        "derives the level from trailing zeros",
        arguments: [
            ("510000000000", RegionLevel.province), ("510100000000", .city), ("510104000000", .county),
            ("510104001000", .township), ("510104100000", .township), ("110101001000", .township),
        ])
    func levels(text: String, level: RegionLevel) throws {
        // setup
        let code = try #require(RegionCode(text))
        // act
        let result = code.level
        // check
        #expect(result == level)
    }

    @Test(
        "pads 2, 4, 6 and 9 digit NBS codes to twelve",
        arguments: [
            ("51", "510000000000"), ("5101", "510100000000"), ("510104", "510104000000"),
            ("510104001", "510104001000"), ("510104001000", "510104001000"),
        ])
    func padding(short: String, full: String) {
        // setup
        let input = short
        // act
        let code = RegionCode.padding(input)
        // check
        #expect(code?.value == full)
    }

    @Test("pads a 9-digit code to a township-level code")
    func paddedNineDigitsIsTownship() throws {
        // setup
        let short = "510104100"
        // act
        let code = try #require(RegionCode.padding(short))
        // check
        #expect(code.level == .township)
        #expect(code.county == "510104")
        #expect(code.townshipPart == "100")
    }

    @Test(
        "refuses to pad other lengths or non-digits",
        arguments: ["5", "510", "51010", "5101040", "51010400", "5101040010", "51010400a", "00"])
    func paddingRefuses(short: String) {
        // setup
        let input = short
        // act
        let code = RegionCode.padding(input)
        // check
        #expect(code == nil)
    }

    @Test("orders codes by their digits")
    func ordering() throws {
        // setup
        let a = try #require(RegionCode("510104001000"))
        let b = try #require(RegionCode("510104100000"))
        let c = try #require(RegionCode("510105001000"))
        // act
        let sorted = [c, b, a].sorted()
        // check
        #expect(sorted == [a, b, c])
    }

    @Test("round-trips through JSON as a plain string and refuses bad codes")
    func codable() throws {
        // setup
        let code = try #require(RegionCode("510104001000"))
        // act
        let data = try JSONEncoder().encode([code])
        let decoded = try JSONDecoder().decode([RegionCode].self, from: data)
        // check
        #expect(String(decoding: data, as: UTF8.self) == "[\"510104001000\"]")
        #expect(decoded == [code])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([RegionCode].self, from: Data("[\"5101040010\"]".utf8))
        }
    }

    @Test("a region's level follows its code")
    func regionLevel() throws {
        // setup
        let county = try #require(RegionCode("510104000000"))
        let code = try #require(RegionCode("510104001000"))
        // act
        let region = Region(code: code, name: "城关街道", parent: county)
        // check
        #expect(region.level == .township)
        #expect(Region(code: county, name: "大安区", parent: nil).level == .county)
    }

    @Test("a region may state its level when its padded code looks like another level's (金门县)")
    func statedLevel() throws {
        // setup
        let county = try #require(RegionCode("350527000000"))
        // act
        let unit = Region(code: county, name: "金门县", parent: county, level: .township)
        // check
        #expect(unit.code.level == .county)
        #expect(unit.level == .township)
    }

    @Test(
        "county codes are six digits without province 00",
        arguments: [
            ("510104", true), ("51010", false), ("5101040", false), ("000104", false), ("51010a", false), ("", false),
        ])
    func countyCodes(text: String, valid: Bool) {
        // setup
        let input = text
        // act
        let result = isCountyCode(input)
        // check
        #expect(result == valid)
    }
}
