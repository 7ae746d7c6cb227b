/// A typed requirement for exercising an item (not free text), so capacity fit can be computed from data.
public enum Requirement: Hashable, Sendable, Codable, CustomStringConvertible {
    case field(ProfessionalField)
    case certificate(CertificateKind)
    case equipment(EquipmentKind)
    case minimumCertifiedOfficers(Int)

    /// Parses `field:livestock`, `cert:enforcement`, `equip:vehicle`, `min-certified:2`.
    public init?(code: String) {
        let parts = code.trimmingSpaces().split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "field":
            guard let f = ProfessionalField(rawValue: parts[1]) else { return nil }
            self = .field(f)
        case "cert":
            guard let c = CertificateKind(rawValue: parts[1]) else { return nil }
            self = .certificate(c)
        case "equip":
            guard let e = EquipmentKind(rawValue: parts[1]) else { return nil }
            self = .equipment(e)
        case "min-certified":
            guard let n = Int(parts[1]), (1...20).contains(n) else { return nil }
            self = .minimumCertifiedOfficers(n)
        default:
            return nil
        }
    }

    public var code: String {
        switch self {
        case .field(let f): "field:\(f.rawValue)"
        case .certificate(let c): "cert:\(c.rawValue)"
        case .equipment(let e): "equip:\(e.rawValue)"
        case .minimumCertifiedOfficers(let n): "min-certified:\(n)"
        }
    }

    public var description: String { code }

    public var label: String {
        switch self {
        case .field(let f): "专业能力：\(f.label)"
        case .certificate(let c): "持有证件：\(c.label)"
        case .equipment(let e): "装备：\(e.label)"
        case .minimumCertifiedOfficers(let n): "持证执法人员不少于\(n)名"
        }
    }

    /// Parses a `;`-separated list; returns the unknown codes separately.
    public static func parseList(_ text: String) -> (known: [Requirement], unknown: [String]) {
        var known: [Requirement] = []
        var unknown: [String] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "；" }) {
            let code = String(part).trimmingSpaces()
            guard !code.isEmpty else { continue }
            if let r = Requirement(code: code) { known.append(r) } else { unknown.append(code) }
        }
        return (known, unknown)
    }
}

/// Professional fields (专业领域) a township's staff may hold.
public enum ProfessionalField: String, Sendable, Codable, CaseIterable {
    case livestock, geology, fishery, publishing, food, planning, construction, environment, culture, transport
    case water
    case workSafety = "work-safety"
    case hazchem

    public var label: String {
        switch self {
        case .livestock: "畜禽品种鉴定"
        case .geology: "地质灾害防治"
        case .fishery: "渔业渔政"
        case .publishing: "出版物市场管理"
        case .food: "食品安全"
        case .planning: "城乡规划"
        case .construction: "建设工程"
        case .environment: "生态环境"
        case .culture: "文化市场"
        case .transport: "交通运输"
        case .water: "水务水利"
        case .workSafety: "安全生产"
        case .hazchem: "危险化学品"
        }
    }
}

/// Certificates that count for capacity.
public enum CertificateKind: String, Sendable, Codable, CaseIterable {
    case enforcement, legal

    public var label: String { self == .enforcement ? "行政执法证" : "法律职业资格证书" }
}

/// Equipment that counts for capacity.
public enum EquipmentKind: String, Sendable, Codable, CaseIterable {
    case vehicle, bodycam, scanner, network

    public var label: String {
        switch self {
        case .vehicle: "执法车辆"
        case .bodycam: "执法记录仪"
        case .scanner: "高拍仪"
        case .network: "政务专网"
        }
    }
}
