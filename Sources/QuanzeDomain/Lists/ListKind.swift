/// The five lists (五张清单).
public enum ListKind: String, Sendable, Codable, CaseIterable {
    case statutory, territorial, empowerment, approval, enforcement

    public var label: String {
        switch self {
        case .statutory: "法定权力清单"
        case .territorial: "属地事项清单"
        case .empowerment: "扩权赋能清单"
        case .approval: "审批服务清单"
        case .enforcement: "执法清单"
        }
    }

    public var shortLabel: String {
        switch self {
        case .statutory: "法定"
        case .territorial: "属地"
        case .empowerment: "赋能"
        case .approval: "审批服务"
        case .enforcement: "执法"
        }
    }
}

/// How the township holds the item (statutory, 赋权 or 委托).
public enum AssignmentMode: String, Sendable, Codable, CaseIterable {
    case statutory, granted, entrusted

    public var label: String {
        switch self {
        case .statutory: "法定"
        case .granted: "赋权"
        case .entrusted: "委托"
        }
    }
}

/// Territorial duties: who leads, who helps.
public enum TerritorialRole: String, Sendable, Codable, CaseIterable {
    case primary, cooperating

    public var label: String { self == .primary ? "主体责任" : "配合责任" }
}
