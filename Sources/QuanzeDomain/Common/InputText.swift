/// What text the product accepts from outside (parameters, forms, JSON, CSV cells, case records): no control
/// characters — NUL, the C0 controls except tab, line feed and carriage return, DEL and the C1 controls — and no
/// value longer than its limit. PostgreSQL cannot store NUL in text at all; the others are never typed by a person
/// and break exports and logs. One rule for every engine and every route.
public enum InputText {
    /// The longest value of one field in a form, a JSON body, a CSV cell or a case record (characters).
    public static let maximumFieldLength = 8_000
    /// The longest query parameter value (a search word, a filter, a page number).
    public static let maximumParameterLength = 200

    /// Why a value is refused, naming the field as the sender named it.
    public enum Problem: Error, Equatable, Sendable {
        case controlCharacter(field: String, scalar: String)
        case tooLong(field: String, limit: Int)

        /// The field as the sender named it.
        public var field: String {
            switch self {
            case .controlCharacter(let field, _), .tooLong(let field, _): field
            }
        }

        public var message: String {
            switch self {
            case .controlCharacter(let field, let scalar):
                "“\(field)”含有不允许的控制字符（\(scalar)），请删除后重新提交"
            case .tooLong(let field, let limit): "“\(field)”超过 \(limit) 个字符的长度上限"
            }
        }
    }

    /// Whether a scalar is a control character that text may not carry (tab, LF and CR are allowed).
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// The first forbidden scalar of a text, written as `U+0000`, or nil when the text is clean.
    public static func firstForbidden(in text: some StringProtocol) -> String? {
        guard let scalar = text.unicodeScalars.first(where: isForbidden) else { return nil }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Checks one value of a field: control characters, then length.
    public static func check(_ value: some StringProtocol, field: String, limit: Int = maximumFieldLength)
        throws(Problem)
    {
        if let scalar = firstForbidden(in: value) { throw .controlCharacter(field: field, scalar: scalar) }
        if value.count > limit { throw .tooLong(field: field, limit: limit) }
    }
}
