/// Why a list changes: a decision (文号), or a correction (勘误) of a recording mistake with a written reason.
public enum Citation: Hashable, Sendable {
    case decision(Decision)
    case correction(reason: String)

    /// A correction's reason says what was recorded wrongly (e.g. "生效日期录入有误"): at least this many characters,
    /// spaces not counted.
    public static let minimumReasonLength = 6

    public var decisionNumber: String? {
        if case .decision(let d) = self { return d.number }
        return nil
    }
}

/// A requested change to one township's lists.
public enum ListChange: Hashable, Sendable {
    /// Puts an item on a list from a day (optionally until a day).
    case add(township: RegionCode, itemCode: String, list: ListKind, terms: Assignment.Terms, from: Day, until: Day?)
    /// Ends an entry on a day (it is no longer in force from that day).
    case end(entryId: String, on: Day)
    /// Changes an entry's terms from a day on; before that day it stays as it was.
    case amend(entryId: String, terms: Assignment.Terms, from: Day)
    /// Ends whichever entry of the township holds the item on the list on that day.
    case withdraw(township: RegionCode, itemCode: String, list: ListKind, on: Day)
    /// Rewrites what was recorded for an entry, for its whole validity (correction only).
    case rewrite(entryId: String, terms: Assignment.Terms, validFrom: Day, validTo: Day?)
}

/// What the lists domain refuses, with enough context for a Chinese message.
public enum ListFailure: Error, Equatable, Sendable {
    case missingCitation
    case correctionNeedsReason
    /// A 勘误 never makes a delegated (赋权/委托) entry: adding one, or turning an entry into one, needs a decision.
    case correctionCannotDelegate(itemCode: String, mode: AssignmentMode)
    case rewriteNeedsCorrection
    case decisionNotForCounty(number: String)
    case effectiveBeforeDecision(decision: String, decisionDate: Day, from: Day)
    case emptyPeriod(from: Day, until: Day)
    case overlapping(itemCode: String, list: ListKind, existingFrom: Day)
    case unknownEntry(String)
    case endOutsidePeriod(entryId: String, day: Day)
    case territorialNeedsRole
    case roleOnlyForTerritorial
    case partnerRequired(TerritorialRole)
    case statutoryModeOnlyForStatutoryList
    case statutoryListNeedsStatutoryMode
    case unchanged(entryId: String)
    case itemNotActive(String)
    case notOnList(itemCode: String, list: ListKind, day: Day)
    /// A 法定 entry for an item the law does not give to this kind of unit (`Competence`).
    case notOwnPower(
        itemCode: String, itemName: String, holder: String, basis: [ArticleRef], kind: TownshipKind, delegable: Bool)
    /// A 赋权 or 委托 entry for an item that is no county department's power (`Competence`).
    case notCountyPower(
        itemCode: String, itemName: String, mode: AssignmentMode, holder: String, basis: [ArticleRef],
        kind: TownshipKind?, own: Bool)

    /// "依《…》第N条、…" naming the statutes from the item's data, or nothing when it cites none.
    static func according(_ basis: [ArticleRef]) -> String {
        basis.isEmpty ? "" : "依" + basis.map(\.display).joined(separator: "、")
    }

    static func unit(_ kind: TownshipKind?) -> String {
        guard let kind else { return "镇街" }
        return kind == .other ? "该乡级单位" : kind.label
    }

    public var message: String {
        switch self {
        case .missingCitation: "清单变更必须引用决定文号；属于录入错误的，请按勘误办理并写明理由"
        case .correctionNeedsReason:
            "勘误必须写明录入错误的具体内容（不少于\(Citation.minimumReasonLength)个字），如“生效日期录入有误，应为2023年7月1日”"
        case .correctionCannotDelegate(let code, let mode):
            "勘误只能更正已有条目的录入错误，不能以勘误新增或改为\(mode.label)条目（事项 \(code)）；\(mode.label)须依据\(mode == .granted ? "赋权决定" : "委托书")的文号办理"
        case .rewriteNeedsCorrection: "改写已记录的条目只能以勘误办理"
        case .decisionNotForCounty(let n): "决定“\(n)”不属于本区县"
        case .effectiveBeforeDecision(let d, let date, let from):
            "生效日期\(from.chinese)早于决定“\(d)”的成文日期\(date.chinese)，不得溯及既往"
        case .emptyPeriod(let from, let until): "截止日期\(until.chinese)必须晚于生效日期\(from.chinese)"
        case .overlapping(let item, let list, let from): "事项 \(item) 已在\(list.label)中（自\(from.chinese)起有效），期间不得重叠"
        case .unknownEntry(let id): "清单条目不存在：\(id)"
        case .endOutsidePeriod(let id, let day): "终止日期\(day.chinese)不在条目 \(id) 的有效期内"
        case .territorialNeedsRole: "属地事项必须注明主体责任或配合责任"
        case .roleOnlyForTerritorial: "主体/配合责任只适用于属地事项清单"
        case .partnerRequired(let role): "属地事项（\(role.label)）必须注明协同部门"
        case .statutoryModeOnlyForStatutoryList: "“法定”方式只适用于法定权力、属地、审批服务和执法清单"
        case .statutoryListNeedsStatutoryMode: "法定权力清单的条目只能为“法定”方式"
        case .unchanged(let id): "条目 \(id) 没有任何变化"
        case .itemNotActive(let code): "事项 \(code) 已废止或暂停，不能列入清单"
        case .notOnList(let code, let list, let day): "\(day.chinese)时事项 \(code) 不在\(list.label)中，无从取消"
        case .notOwnPower(let code, let name, let holder, let basis, let kind, let delegable):
            "事项“\(name)”（\(code)）\(Self.according(basis))由\(holder)行使，不是\(Self.unit(kind))的法定职权，不能以“法定”方式列入"
                + (delegable ? "；区县部门的职权只能依赋权或委托决定、以该方式列入镇街清单" : "")
        case .notCountyPower(let code, let name, let mode, let holder, let basis, let kind, let own):
            own
                ? "事项“\(name)”（\(code)）\(Self.according(basis))是\(Self.unit(kind))自己的法定职权，应以“法定”方式列入，不能\(mode.label)"
                : "事项“\(name)”（\(code)）\(Self.according(basis))由\(holder)行使，不是区县部门的职权，区县不能将其\(mode.label)给\(Self.unit(kind))"
        }
    }
}
