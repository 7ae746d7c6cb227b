/// The categories of power items (事项类型): the 11 of the catalogue standard, with 行政强制 split into its two
/// legally different kinds — 行政强制措施 (which may not be entrusted, 行政强制法 第17条) and 行政强制执行 (set by law
/// only, 第13条). `coercion` stays readable for items imported before the split (行政强制, kind not recorded).
public enum ItemCategory: String, Sendable, Codable, CaseIterable {
    case licensing, penalty, coercion
    case coercionMeasure = "coercion-measure"
    case coercionExecution = "coercion-execution"
    case levy, benefit, inspection, confirmation, award, adjudication, other
    case publicService = "public-service"

    public var label: String {
        switch self {
        case .licensing: "行政许可"
        case .penalty: "行政处罚"
        case .coercion: "行政强制"
        case .coercionMeasure: "行政强制措施"
        case .coercionExecution: "行政强制执行"
        case .levy: "行政征收"
        case .benefit: "行政给付"
        case .inspection: "行政检查"
        case .confirmation: "行政确认"
        case .award: "行政奖励"
        case .adjudication: "行政裁决"
        case .other: "其他行政权力"
        case .publicService: "公共服务"
        }
    }

    /// Accepts the code key or the Chinese name.
    public init?(text: String) {
        let t = text.trimmingSpaces()
        if let c = ItemCategory(rawValue: t) {
            self = c
        } else if let c = ItemCategory.allCases.first(where: { $0.label == t }) {
            self = c
        } else {
            return nil
        }
    }

    /// 行政强制 of either kind, or of a kind not recorded.
    public var isCoercion: Bool { self == .coercion || self == .coercionMeasure || self == .coercionExecution }
    /// The categories a filter on this one matches: 行政强制 matches both of its kinds.
    public var matching: [ItemCategory] {
        self == .coercion ? [.coercion, .coercionMeasure, .coercionExecution] : [self]
    }

    /// Enforcement powers go on the enforcement list when handed down.
    public var isEnforcement: Bool { self == .penalty || isCoercion || self == .inspection }
    /// Approval powers go on the approval list when handed down.
    public var isApproval: Bool { self == .licensing }
}
