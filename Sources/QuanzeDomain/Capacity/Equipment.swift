/// How many of one kind of equipment an organisation of a unit has from a day on. Records accumulate: the one in
/// force on a day is the latest whose `since` is on or before it, so a count of 0 records a disposal and history
/// stays answerable.
public struct Equipment: Hashable, Sendable, Codable {
    /// The organisation holding it: the unit, its squad or its approval office.
    public var organization: String
    public var kind: EquipmentKind
    public var count: Int
    public var since: Day

    public init(organization: String, kind: EquipmentKind, count: Int, since: Day) {
        self.organization = organization
        self.kind = kind
        self.count = count
        self.since = since
    }

    public var auditText: String { [organization, kind.rawValue, String(count), since.iso].joined(separator: "|") }
}

extension EquipmentKind {
    /// The measure word a count takes (2 辆执法车辆, 6 台执法记录仪, 1 条政务专网); a county's own equipment counts in 台.
    public var unitWord: String {
        switch self {
        case .vehicle: "辆"
        case .network: "条"
        default: "台"
        }
    }

    /// The short forms clerks write for the built-in equipment (执法车, 记录仪, 专网).
    init?(builtInText t: String) {
        switch t {
        case "执法车", "执法用车", "车辆": self = .vehicle
        case "记录仪", "执法仪": self = .bodycam
        case "专网", "业务专网", "业务网线": self = .network
        default: return nil
        }
    }
}

/// Where a unit stands in the standardisation of its enforcement squad (执法中队标准化建设), from a day on.
/// Like equipment, records accumulate and the latest on or before a day is in force.
public struct Standardisation: Hashable, Sendable, Codable {
    public var unit: String
    public var state: State
    public var since: Day
    public var note: String

    public init(unit: String, state: State, since: Day, note: String = "") {
        self.unit = unit
        self.state = state
        self.since = since
        self.note = note
    }

    public var auditText: String { [unit, state.rawValue, since.iso, note].joined(separator: "|") }

    /// 未开展, 建设中, 已达标.
    public enum State: String, Sendable, Codable, CaseIterable {
        case notStarted, underway, completed

        public var label: String {
            switch self {
            case .notStarted: "未开展"
            case .underway: "建设中"
            case .completed: "已达标"
            }
        }

        public init?(text: String) {
            let t = text.trimmingSpaces()
            guard let s = State(rawValue: t) ?? State.allCases.first(where: { $0.label == t }) else { return nil }
            self = s
        }
    }
}
