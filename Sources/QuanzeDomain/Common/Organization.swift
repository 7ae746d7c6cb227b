/// Kind of a township-level unit. A 镇 or 乡 is a level of government; a 街道 is a 派出机关 of the district
/// (地方组织法 第85–86条), so its statutory list differs.
public enum TownshipKind: String, Sendable, Codable, CaseIterable {
    case town, township, subdistrict, other

    public var label: String {
        switch self {
        case .town: "镇"
        case .township: "乡"
        case .subdistrict: "街道"
        case .other: "其他"
        }
    }

    /// Classifies a unit from its name first (names are authoritative) and the NBS code range second.
    public static func classify(code: RegionCode, name: String) -> TownshipKind {
        if name.hasSuffix("街道") || name.hasSuffix("街道办事处") { return .subdistrict }
        if name.hasSuffix("镇") { return .town }
        if name.hasSuffix("乡") || name.hasSuffix("民族乡") || name.hasSuffix("苏木") { return .township }
        if name.contains("开发区") || name.contains("园区") || name.contains("农场") || name.contains("林场")
            || name.contains("管委会") || name.contains("办事处") || name.contains("区")
        {
            return .other
        }
        switch Int(code.townshipPart) ?? 0 {
        case 1...99: return .subdistrict
        case 100...199: return .town
        case 200...399: return .township
        default: return .other
        }
    }

    /// The statutory template a unit of this kind follows: 乡 shares the 镇 template (both are governments).
    public var template: TemplateKind {
        switch self {
        case .town, .township: .town
        case .subdistrict: .subdistrict
        case .other: .other
        }
    }
}

/// Which statutory template applies.
public enum TemplateKind: String, Sendable, Codable, CaseIterable {
    case town, subdistrict, other

    public var label: String {
        switch self {
        case .town: "镇（乡）"
        case .subdistrict: "街道"
        case .other: "其他乡级单位"
        }
    }
}

/// Kind of organisation (DESIGN §3).
public enum OrganizationKind: Sendable, Codable, Hashable {
    case countyGovernment
    case department
    case township(TownshipKind)
    case dispatchedAgency
    case enforcementSquad
    case approvalOffice

    public var key: String {
        switch self {
        case .countyGovernment: "county-government"
        case .department: "department"
        case .township(let kind): "township-\(kind.rawValue)"
        case .dispatchedAgency: "dispatched-agency"
        case .enforcementSquad: "enforcement-squad"
        case .approvalOffice: "approval-office"
        }
    }

    public init?(key: String) {
        switch key {
        case "county-government": self = .countyGovernment
        case "department": self = .department
        case "dispatched-agency": self = .dispatchedAgency
        case "enforcement-squad": self = .enforcementSquad
        case "approval-office": self = .approvalOffice
        default:
            guard key.hasPrefix("township-"), let kind = TownshipKind(rawValue: String(key.dropFirst(9))) else {
                return nil
            }
            self = .township(kind)
        }
    }

    public var label: String {
        switch self {
        case .countyGovernment: "区县人民政府"
        case .department: "区级部门"
        case .township(let kind): kind.label
        case .dispatchedAgency: "派驻机构"
        case .enforcementSquad: "综合执法中队"
        case .approvalOffice: "行政审批办公室"
        }
    }
}

/// Any organisation: a county government, a department, a township-level unit, an agency, squad or office.
/// Townships are identified by their 12-digit region code; other organisations by a code unique in the county.
public struct Organization: Hashable, Sendable, Codable {
    public var code: String
    public var county: String
    public var name: String
    public var kind: OrganizationKind
    public var parent: String?
    public var stationedAt: String?
    public var creditCode: String?
    public var isEstablishmentOffice: Bool
    public var isJusticeBureau: Bool
    /// The day it was retired (撤销): still named where history refers to it, but it takes no new items,
    /// accounts or staff.
    public var retiredOn: Day?
    /// 发文机关代字 (GB/T 9704-2012 7.2.4): the prefix of the 文号 it issues, e.g. 川府发, 川办发.
    public var documentPrefix: String? = nil

    public init(
        code: String, county: String, name: String, kind: OrganizationKind, parent: String? = nil,
        stationedAt: String? = nil, creditCode: String? = nil, isEstablishmentOffice: Bool = false,
        isJusticeBureau: Bool = false, retiredOn: Day? = nil, documentPrefix: String? = nil
    ) {
        self.documentPrefix = documentPrefix
        self.code = code
        self.county = county
        self.name = name
        self.kind = kind
        self.parent = parent
        self.stationedAt = stationedAt
        self.creditCode = creditCode
        self.isEstablishmentOffice = isEstablishmentOffice
        self.isJusticeBureau = isJusticeBureau
        self.retiredOn = retiredOn
    }

    public var isRetired: Bool { retiredOn != nil }

    public var townshipKind: TownshipKind? {
        if case .township(let kind) = kind { return kind }
        return nil
    }
}

/// 统一社会信用代码 (GB 32100-2015): 18 characters with a mod-31 check character.
public enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public static func isValid(_ text: String) -> Bool {
        let chars = Array(text)
        guard chars.count == 18 else { return false }
        var sum = 0
        for index in 0..<17 {
            guard let value = alphabet.firstIndex(of: chars[index]) else { return false }
            sum += value * weights[index]
        }
        let check = (31 - sum % 31) % 31
        return alphabet[check] == chars[17]
    }
}
