import Mustache
import QuanzeDomain

/// One entry as pages and the API show it: the item, how it is held, in whose name, on which decision.
struct EntryView: Encodable {
    var entryId: String
    var itemCode: String
    var itemName: String
    var category: String
    var list: String
    var listLabel: String
    var mode: String
    var modeLabel: String
    var role: String?
    var roleLabel: String?
    var partner: String?
    /// 行使名义 and 法律责任主体 (`EntryStanding`): 法定 and 赋权 the township, 委托 the entrusting department.
    var actingName: String
    var liableBody: String
    var decision: String?
    var endDecision: String?
    var correctionReason: String?
    var validFrom: String
    var validTo: String?
    /// The transition statement (the department's duty to guide and support) while a delegated entry is in its
    /// transition period, from the responsibility data.
    var transition: String?
    /// Who answers in law for a delegated entry, for its whole term (the responsibility statements of its mode).
    var liability: String?
    /// The decision page of `decision`, set by pages that know the decision is registered (never a link to a 404).
    var decisionLink: String?

    init(_ a: Assignment, item: PowerItem?, townshipName: String, transition: String? = nil) {
        entryId = a.entryId
        itemCode = a.itemCode
        itemName = item?.name ?? a.itemCode
        category = item?.category.label ?? ""
        list = a.list.rawValue
        listLabel = a.list.label
        mode = a.mode.rawValue
        modeLabel = a.mode.label
        role = a.role?.rawValue
        roleLabel = a.role?.label
        partner = a.partner
        let standing = EntryStanding.of(a, townshipName: townshipName, department: item?.department)
        actingName = standing.actingName
        liableBody = standing.liableBody
        decision = a.decision
        endDecision = a.endDecision
        correctionReason = a.correctionReason
        validFrom = a.validFrom.iso
        validTo = a.validTo?.iso
        self.transition = transition
        liability = Self.liability(a, item: item, townshipName: townshipName)
    }

    /// The liability statement of a 赋权 or 委托 entry (nil for 法定), from the one source of responsibility data.
    static func liability(_ a: Assignment, item: PowerItem?, townshipName: String) -> String? {
        guard let mode = DelegationMode(a.mode), let responsibility = try? LegalGroundsData.responsibility(mode) else {
            return nil
        }
        return responsibility.filled(
            department: a.partner ?? item?.department ?? "", township: townshipName, transition: ""
        ).liability
    }

    var isEntrusted: Bool { mode == AssignmentMode.entrusted.rawValue }
    var isGranted: Bool { mode == AssignmentMode.granted.rawValue }
}

/// One of the five lists of one township.
struct ListSection: Encodable {
    var kind: String
    var label: String
    var count: Int
    var entries: [EntryView]
    var isTerritorial: Bool
    var summary: String
    var isEmpty: Bool { entries.isEmpty }
}

/// Builds the five sections from entries, every kind present and in the canonical order.
func listSections(
    _ entries: [Assignment], items: [String: PowerItem], townshipName: String, notes: TransitionNotes? = nil
) -> [ListSection] {
    ListKind.allCases.map { kind in
        let views = entries.filter { $0.list == kind }
            .sorted { $0.itemCode < $1.itemCode }
            .map {
                EntryView(
                    $0, item: items[$0.itemCode], townshipName: townshipName,
                    transition: notes?.note(township: $0.township.value, item: $0.itemCode))
            }
        return ListSection(
            kind: kind.rawValue, label: kind.label, count: views.count, entries: views,
            isTerritorial: kind == .territorial,
            summary: sectionSummary(kind, entries.filter { $0.list == kind }, items: items))
    }
}

/// The count line of one list: the number of entries, with 主体/配合 for the territorial list and 审批/公共服务 for
/// the approval list.
func sectionSummary(_ kind: ListKind, _ entries: [Assignment], items: [String: PowerItem]) -> String {
    var summary = "共 \(entries.count) 项"
    if kind == .territorial {
        let primary = entries.filter { $0.role == .primary }.count
        summary += "（主体责任 \(primary) 项，配合责任 \(entries.count - primary) 项）"
    }
    if kind == .approval {
        let approvals = entries.filter { items[$0.itemCode]?.category == .licensing }.count
        summary += "（审批权力 \(approvals) 项，公共服务 \(entries.count - approvals) 项）"
    }
    return summary
}

extension ListSection: ComputedView {
    var computed: [String: Any] { ["isEmpty": isEmpty] }
}
