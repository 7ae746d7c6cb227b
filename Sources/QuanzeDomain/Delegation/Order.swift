import Foundation

/// A township's order (点单) of entries from the published menu; the establishment office approves or returns
/// each line. Each line keeps the capacity fit the township saw when it sent the order.
public struct Order: Codable, Hashable, Sendable {
    public enum LineState: String, Codable, Sendable {
        case pending, approved, returned

        public var label: String {
            switch self {
            case .pending: "待审核"
            case .approved: "已批准"
            case .returned: "已退回"
            }
        }
    }

    public struct Line: Codable, Hashable, Sendable {
        public var proposalId: String
        public var itemCode: String
        public var itemName: String
        public var mode: DelegationMode
        public var department: String
        public var departmentName: String
        /// Requirements the township lacked when it ordered (labels), as shown to it before sending.
        public var missingAtOrder: [String]
        public var state: LineState
        public var reason: String?
        /// The agreement drawn for this line, once drawn.
        public var agreementId: String?
    }

    public var id: String
    public var county: String
    public var unit: String
    public var unitName: String
    public var lines: [Line]
    public var history: [StepRecord]

    /// Whether every line has been decided.
    public var isDecided: Bool { lines.allSatisfy { $0.state != .pending } }

    /// A township's order: only published entries, each once, none it already holds; the legal ground of each
    /// entry (mode × the item's category) must still permit it, and where the ground requires an administrative
    /// body (委托 of a licence, 行政许可法 第24条) the township must be one.
    public static func place(
        id: String, county: String, unit: Organization, by principal: Principal, entries: [Proposal],
        items: [String: PowerItem], missing: [String: [String]], alreadyHeld: Set<String>,
        grounds: LegalGroundTable, at now: Date
    ) throws(DelegationFailure) -> Order {
        guard principal.role == .township else { throw .wrongRole(step: "点单", needed: "镇街") }
        guard principal.unit == unit.code else { throw .wrongOrganization(step: "点单") }
        guard !entries.isEmpty else { throw .emptyOrder }
        var seen = Set<String>()
        var lines: [Line] = []
        for entry in entries {
            guard entry.state == .published, entry.purpose == .delegate else { throw .notOnMenu(proposalId: entry.id) }
            guard seen.insert(entry.itemCode).inserted else { throw .duplicateLine(itemCode: entry.itemCode) }
            guard !alreadyHeld.contains(entry.itemCode) else { throw .alreadyHeld(itemCode: entry.itemCode) }
            if let item = items[entry.itemCode] {
                guard let ground = grounds.ground(entry.mode, item.category) else {
                    throw .noLegalGround(itemCode: item.code, mode: entry.mode.label, category: item.category.label)
                }
                guard ground.permitted else {
                    throw .forbiddenCombination(
                        itemCode: item.code, mode: entry.mode.label, category: item.category.label,
                        wording: ground.wording, citation: ground.citation)
                }
                if ground.administrativeBodyOnly && !AdministrativeBody.isAdministrativeBody(unit.kind) {
                    throw .licensingToNonAdministrativeBody(
                        itemCode: entry.itemCode, organization: unit.name, citation: ground.citation)
                }
            }
            lines.append(
                Line(
                    proposalId: entry.id, itemCode: entry.itemCode, itemName: entry.itemName, mode: entry.mode,
                    department: entry.department, departmentName: entry.departmentName,
                    missingAtOrder: missing[entry.itemCode] ?? [], state: .pending, reason: nil, agreementId: nil))
        }
        return Order(
            id: id, county: county, unit: unit.code, unitName: unit.name, lines: lines,
            history: [StepRecord(step: "点单", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// The establishment office approves or returns one pending line (a return needs a reason).
    public func deciding(line index: Int, approve: Bool, reason: String, by principal: Principal, at now: Date)
        throws(DelegationFailure) -> Order
    {
        guard principal.role == .establishment else { throw .wrongRole(step: "审核点单", needed: "编办") }
        guard lines.indices.contains(index) else { throw .unknownLine(index) }
        guard lines[index].state == .pending else {
            throw .illegalTransition(from: lines[index].state.label, event: approve ? "批准" : "退回")
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard approve || !text.isEmpty else { throw .emptyOpinion }
        var next = self
        next.lines[index].state = approve ? .approved : .returned
        next.lines[index].reason = text.isEmpty ? nil : text
        next.history.append(
            StepRecord(
                step: approve ? "批准点单" : "退回点单", by: principal.username, role: principal.role.rawValue, at: now,
                note: lines[index].itemCode))
        return next
    }
}
