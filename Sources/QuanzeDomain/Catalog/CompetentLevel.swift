/// Who the law makes competent for an item (实施层级): a county department, or the township-level unit itself —
/// a 乡、民族乡、镇 people's government (地方组织法 第76条) and a 街道办事处, the district's 派出机关 (第85–86条), are
/// different bodies, so a power the law gives to one kind is not the other's. Which statute gives it is data on the
/// item (`PowerItem.levelBasis`), never a sentence in code.
public enum CompetentLevel: String, Sendable, Codable, CaseIterable {
    /// A department of the county government (the default: what a catalogue without the column holds).
    case county
    /// Both the 乡镇 people's governments and the 街道办事处.
    case township
    /// Only the 乡、民族乡、镇 people's governments.
    case town
    /// Only the 街道办事处.
    case subdistrict

    public var label: String {
        switch self {
        case .county: "区县部门"
        case .township: "乡镇人民政府和街道办事处"
        case .town: "乡镇人民政府"
        case .subdistrict: "街道办事处"
        }
    }

    /// Reads the catalogue's `level` cell: the English key or its Chinese name.
    public init?(text: String) {
        let t = text.trimmingSpaces()
        if let key = CompetentLevel(rawValue: t.lowercased()) {
            self = key
            return
        }
        switch t {
        case "区县部门", "县级部门", "区级部门", "区县": self = .county
        case "乡镇人民政府和街道办事处", "镇街", "乡镇和街道", "乡镇街道": self = .township
        case "乡镇人民政府", "乡镇", "镇乡", "乡镇政府": self = .town
        case "街道办事处", "街道": self = .subdistrict
        default: return nil
        }
    }

    /// Whether the law gives an item of this level to a unit of `kind` as its own power. A unit of kind `other`
    /// (开发区, 农场 …) is no people's government and no 街道办事处: it holds nothing by law.
    public func isOwnPower(of kind: TownshipKind) -> Bool {
        switch (self, kind) {
        case (.township, .town), (.township, .township), (.township, .subdistrict): true
        case (.town, .town), (.town, .township): true
        case (.subdistrict, .subdistrict): true
        default: false
        }
    }
}
