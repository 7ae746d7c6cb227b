import Foundation

/// The kinds of a department's matters in which the township's participation is a governance right.
public enum MatterKind: String, Codable, Sendable, CaseIterable {
    /// 规划编制: a plan the department draws up for the township's territory.
    case plan
    /// 项目验收: the acceptance of a project carried out in the township.
    case acceptance

    public var label: String { self == .plan ? "规划编制" : "项目验收" }

    public var scope: RightScope { self == .plan ? .plan : .acceptance }

    /// The key or the Chinese word.
    public init?(text: String) {
        switch text.trimmingSpaces() {
        case "plan", "规划编制", "规划": self = .plan
        case "acceptance", "项目验收", "验收": self = .acceptance
        default: return nil
        }
    }
}

/// A plan or a project acceptance a department records for a township, with whether it says the township took
/// part. Whether the township's participation is on record is computed from the township's exercises linked to it
/// (`participation`), never stored: the township's record clears the flag.
public struct GovernanceMatter: Codable, Hashable, Sendable {
    public var id: String
    public var county: String
    public var kind: MatterKind
    public var township: String
    public var townshipName: String
    public var department: String
    public var departmentName: String
    public var title: String
    /// The plan's day of approval or the acceptance's day.
    public var on: Day
    /// What the department states: whether it had the township take part.
    public var participationClaimed: Bool
    public var note: String
    public var recordedBy: String
    public var recordedAt: Date

    static let titleLimit = 100
    static let noteLimit = 500

    /// A department records a plan or an acceptance of its own for a township of the county (names resolved by
    /// the caller: nil means the code is not a township of the county). Refused when the county's list has no
    /// participation right for the kind — there is nothing to check it against.
    public static func record(
        id: String, county: String, kind: MatterKind, township: String, townshipName: String?, title: String,
        on day: Day, participationClaimed: Bool, note: String, by principal: Principal, departmentName: String,
        rights: GovernanceRightList, today: Day, at now: Date
    ) throws(GovernanceFailure) -> GovernanceMatter {
        guard principal.role == .department else { throw .wrongRole(step: "登记\(kind.label)", needed: "区级部门") }
        guard let townshipName else { throw .notATownship(township) }
        guard rights.right(for: kind.scope) != nil else { throw .notCovered(kind.label) }
        let title = title.trimmingSpaces()
        let note = note.trimmingSpaces()
        guard !title.isEmpty else { throw .emptyMatter }
        guard title.count <= titleLimit else { throw .tooLong(field: "名称", limit: titleLimit) }
        guard note.count <= noteLimit else { throw .tooLong(field: "说明", limit: noteLimit) }
        guard day <= today else { throw .dayInFuture(day) }
        return GovernanceMatter(
            id: id, county: county, kind: kind, township: township, townshipName: townshipName,
            department: principal.organization, departmentName: departmentName, title: title, on: day,
            participationClaimed: participationClaimed, note: note, recordedBy: principal.username, recordedAt: now)
    }

    /// Whether the township's participation is on record.
    public enum Participation: Equatable, Sendable {
        /// The township recorded its exercise of the participation right linked to the matter (ids).
        case participated([String])
        /// No such exercise: flagged. `claimed` is what the department stated.
        case skipped(claimed: Bool)
        /// The county's list has no participation right for this kind (any more): nothing to check.
        case notRequired

        public var isFlagged: Bool { if case .skipped = self { true } else { false } }

        public var label: String {
            switch self {
            case .participated: "镇街已参与"
            case .skipped(let claimed): claimed ? "部门登记镇街已参与，镇街未登记参与记录" : "未经镇街参与"
            case .notRequired: "无须镇街参与"
            }
        }
    }

    /// The township's participation: its exercises of the county's right for this kind, linked to this matter.
    public func participation(_ exercises: [RightExercise], rights: GovernanceRightList) -> Participation {
        guard let right = rights.right(for: kind.scope) else { return .notRequired }
        let linked = exercises.filter { $0.matterId == id && $0.township == township && $0.right == right.code }
        return linked.isEmpty ? .skipped(claimed: participationClaimed) : .participated(linked.map(\.id))
    }
}
