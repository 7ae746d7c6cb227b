import Foundation

extension Dispute {
    /// The territorial list changes a ruling on an item makes, from the ruling's day, for each township side:
    /// the primary side holds the item as 主体责任, a cooperating side as 配合责任, and a township the ruling gives no
    /// part loses the entry it held. The 协同部门 is the department side when there is one; between two townships
    /// the entry keeps the department it names, or names the other township when it had none. A township whose
    /// entry already says what the ruling says is left alone. A dispute about a matter without an item, or between
    /// departments only, changes no list.
    ///
    /// - Parameter current: the townships' territorial entries for the item in force on the ruling's day.
    /// - Returns: the changes, and one line per change as the pages print it.
    public func rulingChanges(current: [Assignment]) -> (changes: [ListChange], lines: [String]) {
        guard let ruling, let itemCode else { return ([], []) }
        let sides = [raisedBy, respondent]
        let department = sides.first { $0.kind == .department }
        var changes: [ListChange] = []
        var lines: [String] = []
        for side in sides where side.kind == .township {
            guard let township = RegionCode(side.code) else { continue }
            let held = current.first {
                $0.township == township && $0.itemCode == itemCode && $0.list == .territorial
            }
            guard let role = ruling.role(of: side.code) else {
                if held != nil {
                    changes.append(.withdraw(township: township, itemCode: itemCode, list: .territorial, on: ruling.on))
                    lines.append("\(side.name)：不再承担该事项的属地责任")
                }
                continue
            }
            let other = sides.first { $0.code != side.code }?.name ?? ""
            let partner = department?.name ?? held?.partner ?? other
            let terms = Assignment.Terms(mode: held?.mode ?? .statutory, role: role, partner: partner)
            let line = "\(side.name)：\(role.label)（协同：\(partner)）"
            if let held {
                guard held.terms != terms else { continue }
                changes.append(.amend(entryId: held.entryId, terms: terms, from: ruling.on))
            } else {
                changes.append(
                    .add(
                        township: township, itemCode: itemCode, list: .territorial, terms: terms, from: ruling.on,
                        until: nil))
            }
            lines.append(line)
        }
        return (changes, lines)
    }
}

extension Dispute {
    /// A step is dated today or earlier: nobody raises, answers or rules ahead of time.
    public static func check(_ day: Day, step: String, today: Day) throws(DisputeFailure) {
        guard day <= today else { throw .dayAfterToday(step: step, day: day, today: today) }
    }
}

extension DisputeRules {
    /// The settings a county works under until it records its own: answers due in 10 days, 3 disputes on one item
    /// within 12 months are repeated (DESIGN §5, R8). No source: pages say that the county has not registered the
    /// document that sets them (`isRegistered`).
    public static let unregistered = DisputeRules(
        answerDeadlineDays: 10, repeatedCount: 3, repeatedMonths: 12, source: RuleSource(document: "", wording: ""))

    /// Whether a county recorded these settings with their source document.
    public var isRegistered: Bool { !source.document.trimmingSpaces().isEmpty }
}
