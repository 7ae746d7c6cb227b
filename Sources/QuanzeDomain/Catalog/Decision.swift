/// A document (文件) that changes lists: every change to a list cites one, except a correction (勘误).
public struct Decision: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case listIssuance = "list-issuance"
        case provincialCatalogue = "provincial-catalogue"
        case grantDecision = "grant-decision"
        case entrustment
        case adjustment
        case recall
        case disputeRuling = "dispute-ruling"

        public var label: String {
            switch self {
            case .listIssuance: "清单印发"
            case .provincialCatalogue: "省级赋权目录"
            case .grantDecision: "赋权决定"
            case .entrustment: "委托书"
            case .adjustment: "调整决定"
            case .recall: "收回决定"
            case .disputeRuling: "争议裁定"
            }
        }
    }

    public var county: String
    public var number: String
    public var title: String
    public var issuer: String
    public var date: Day
    public var kind: Kind
    public var publishedOn: Day?
    public var publishedAt: String?
    public var attachments: [Attachment]

    public init(
        county: String, number: String, title: String, issuer: String, date: Day, kind: Kind,
        publishedOn: Day? = nil, publishedAt: String? = nil, attachments: [Attachment] = []
    ) {
        self.county = county
        self.number = number
        self.title = title
        self.issuer = issuer
        self.date = date
        self.kind = kind
        self.publishedOn = publishedOn
        self.publishedAt = publishedAt
        self.attachments = attachments
    }

    /// The 机关代字 of a 文号: what precedes 〔 (川办发 of 川办发〔2020〕85号).
    public static func prefix(of number: String) -> String? {
        guard let open = number.firstIndex(of: "〔"), open > number.startIndex else { return nil }
        return String(number[..<open])
    }

    /// A 文号 reads `机关代字〔年份〕序号号`: 川办发〔2020〕85号. Half-width brackets and 【】 are refused
    /// because GB/T 9704-2012 prescribes 〔〕.
    public static func isValidNumber(_ text: String) -> Bool {
        guard let open = text.firstIndex(of: "〔"), let close = text.firstIndex(of: "〕"), open < close,
            text.hasSuffix("号"), text.startIndex < open
        else { return false }
        let year = text[text.index(after: open)..<close]
        let serial = text[text.index(after: close)..<text.index(before: text.endIndex)]
        guard year.count == 4, year.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return !serial.isEmpty && serial.allSatisfy { $0.isASCII && $0.isNumber } && serial.first != "0"
    }
}

/// A file attached to a decision (the scanned 红头文件 or sealed agreement), identified by its SHA-256.
public struct Attachment: Hashable, Sendable, Codable {
    public var name: String
    public var mediaType: String
    public var size: Int
    public var sha256: String

    public init(name: String, mediaType: String, size: Int, sha256: String) {
        self.name = name
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
    }
}
