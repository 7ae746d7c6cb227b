/// In whose name a unit exercises a list entry (行使名义) and who answers for it in law (法律责任主体), derived from
/// the entry's mode and what its decision says: a power the unit holds by law (法定) or that a decision confers on
/// it (赋权) is exercised in the unit's own name and the unit answers for it; an entrusted power (委托) is exercised
/// in the name of the entrusting department, which answers for it (the department is the one the entry and its
/// 委托 decision name, else the item's competent department). Every public page and the API show these two through
/// this one function; the statute behind each mode is the delegation grounds' data, not this function's.
public struct EntryStanding: Hashable, Sendable, Codable {
    /// 行使名义: the body in whose name the unit acts.
    public var actingName: String
    /// 法律责任主体: the body that answers in law (reconsideration, litigation, compensation).
    public var liableBody: String

    public init(actingName: String, liableBody: String) {
        self.actingName = actingName
        self.liableBody = liableBody
    }

    /// The name the public reads beside the acting body: 本机关名义 for 法定 and 赋权, 委托机关名义 for 委托 (the
    /// unit acts for the department that entrusted it; `of` names that department).
    public static func nameLabel(_ mode: AssignmentMode) -> String {
        switch mode {
        case .statutory, .granted: "本机关名义"
        case .entrusted: "委托机关名义"
        }
    }

    public static let actingLabel = "行使名义"
    public static let liableLabel = "法律责任主体"

    /// - Parameters:
    ///   - department: the item's competent department, for a 委托 entry that names none.
    public static func of(_ entry: Assignment, townshipName: String, department: String?) -> EntryStanding {
        switch entry.mode {
        case .statutory, .granted:
            return EntryStanding(actingName: townshipName, liableBody: townshipName)
        case .entrusted:
            let partner = entry.partner?.trimmingSpaces()
            let entrusting = (partner?.isEmpty == false ? partner : nil) ?? department ?? ""
            return EntryStanding(actingName: entrusting, liableBody: entrusting)
        }
    }
}
