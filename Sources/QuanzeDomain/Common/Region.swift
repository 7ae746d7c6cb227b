/// A 12-digit 统计用区划代码. The public sees these codes, never database ids.
public struct RegionCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    /// Accepts exactly twelve ASCII digits whose province part is not 00.
    public init?(_ text: String) {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), !text.hasPrefix("00") else {
            return nil
        }
        value = text
    }

    /// The 6-digit county (GB/T 2260) part: the distribution key of every large table.
    public var county: String { String(value.prefix(6)) }
    /// The 3-digit township part (001–099 subdistricts, 100–199 towns, 200–399 townships by NBS convention).
    public var townshipPart: String { String(value.dropFirst(6).prefix(3)) }
    public var level: RegionLevel {
        if value.hasSuffix("0000000000") { return .province }
        if value.hasSuffix("00000000") { return .city }
        if value.hasSuffix("000000") { return .county }
        return .township
    }
    public var description: String { value }
    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.value < rhs.value }

    /// Pads a 2/4/6/9-digit division code from the NBS files to 12 digits.
    public static func padding(_ short: String) -> RegionCode? {
        guard [2, 4, 6, 9, 12].contains(short.count) else { return nil }
        return RegionCode(short + String(repeating: "0", count: 12 - short.count))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = RegionCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad region"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// Administrative level of a region.
public enum RegionLevel: String, Sendable, Codable, CaseIterable {
    case province, city, county, township
}

/// A region with its name and parent, as imported from the division files.
/// The level is stored, not derived: the NBS list holds a township-level unit whose padded code equals its county's
/// (金门县 350527000 under county 350527), so code and level together identify a region.
public struct Region: Hashable, Sendable, Codable {
    public var code: RegionCode
    public var name: String
    public var parent: RegionCode?
    public var level: RegionLevel

    public init(code: RegionCode, name: String, parent: RegionCode?, level: RegionLevel? = nil) {
        self.code = code
        self.name = name
        self.parent = parent
        self.level = level ?? code.level
    }
}

/// Validates a 6-digit county code.
public func isCountyCode(_ text: String) -> Bool {
    text.utf8.count == 6 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !text.hasPrefix("00")
}
