/// An amount of money in fen (分, 1/100 yuan), kept as an integer: read from yuan with at most two decimals and
/// printed exactly — never through a binary floating-point number.
public struct Fen: Hashable, Sendable, Comparable, Codable {
    public var value: Int

    public init(_ value: Int) { self.value = value }

    /// Parses yuan: `120000`, `3500.5`, `3500.50`, also with thousands separators (`1,200,000.00`) or a trailing
    /// 元; nil for negative, exponent or three-decimal text. At most 9 whole digits (under one billion yuan).
    public init?(yuan text: String) {
        var t = text.trimmingSpaces().replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        if t.hasSuffix("元") { t = String(t.dropLast()).trimmingSpaces() }
        guard let hundredths = Hundredths.parse(t) else { return nil }
        value = hundredths
    }

    /// `1,200,000.00`: yuan with thousands separators and two decimals, as Chinese finance tables print it.
    public var yuan: String {
        let whole = String(abs(value) / 100)
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        let cents = abs(value) % 100
        return "\(value < 0 ? "-" : "")\(grouped).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// `1200000.00`: yuan with two decimals and no separators (CSV, JSON).
    public var plain: String { Hundredths.fixed(value) }

    public static func < (a: Fen, b: Fen) -> Bool { a.value < b.value }
}

/// A ratio `numerator / denominator` in basis points (1 = 0.01 %), rounded half up; nil when the denominator is 0.
public func basisPoints(_ numerator: Int, of denominator: Int) -> Int? {
    guard denominator > 0, numerator >= 0 else { return nil }
    return (numerator * 10000 * 2 + denominator) / (denominator * 2)
}
