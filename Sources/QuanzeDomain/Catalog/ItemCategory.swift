/// The 11 categories of power items (事项类型).
public enum ItemCategory: String, Sendable, Codable, CaseIterable {
    case licensing, penalty, coercion, levy, benefit, inspection, confirmation, award, adjudication, other
    case publicService = "public-service"

    public var label: String {
        switch self {
        case .licensing: "行政许可"
        case .penalty: "行政处罚"
        case .coercion: "行政强制"
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

    /// Enforcement powers go on the enforcement list when handed down.
    public var isEnforcement: Bool { self == .penalty || self == .coercion || self == .inspection }
    /// Approval powers go on the approval list when handed down.
    public var isApproval: Bool { self == .licensing }
}
