/// What the guidance rules refuse (the library of 工作指南, 案例手册, 执法实用手册 and 裁量基准), each with a Chinese
/// message that names the field or the row at fault.
public enum GuidanceFailure: Error, Equatable, Sendable {
    case wrongRole(role: String)
    case notCompetent(item: String, department: String)
    case noItems
    case tooManyItems(Int)
    case duplicateItem(String)
    case notAPenaltyItem(item: String, category: String)
    case emptyTitle
    case emptyBody
    case emptySource
    case tooLong(field: String, limit: Int)
    case kindChanged(from: String, to: String)
    case dayBeforePrevious(day: Day, previous: Day, version: Int)
    case noRows
    case tooManyRows(Int)
    case emptyCircumstance(row: Int)
    case emptyFacts(row: Int)
    case duplicateCircumstance(String)
    case noPenaltyKind(row: Int)
    case noPenaltyWithOthers(row: Int)
    case fineWithoutAmount(row: Int)
    case fineIncomplete(row: Int)
    case negativeFine(row: Int)
    case fineRangeInverted(row: Int, min: Int, max: Int)
    case amountWithoutFine(row: Int)
    case overlappingRanges(lower: String, higher: String)
    case noArticle(row: Int)

    public var message: String {
        switch self {
        case .wrongRole(let role): "“\(role)”不能发布指导材料或裁量基准：须由事项的实施部门、编办或司法局发布"
        case .notCompetent(let item, let department): "事项“\(item)”的实施部门是\(department)，只有该部门、编办或司法局可以为其发布"
        case .noItems: "请至少选择一个关联事项"
        case .tooManyItems(let limit): "一份材料最多关联 \(limit) 个事项"
        case .duplicateItem(let code): "事项“\(code)”重复"
        case .notAPenaltyItem(let item, let category): "裁量基准只适用于行政处罚事项，“\(item)”是\(category)事项"
        case .emptyTitle: "请填写标题"
        case .emptyBody: "请填写正文"
        case .emptySource: "请填写制定依据（文号或文件名称）"
        case .tooLong(let field, let limit): "\(field)不能超过 \(limit) 个字"
        case .kindChanged(let from, let to): "修订版本须与原材料同类：原为\(from)，不能改为\(to)"
        case .dayBeforePrevious(let day, let previous, let version):
            "新版本的施行日期\(day.chinese)早于第 \(version) 版的施行日期\(previous.chinese)"
        case .noRows: "裁量基准至少要有一档违法情节"
        case .tooManyRows(let limit): "裁量基准最多 \(limit) 档违法情节"
        case .emptyCircumstance(let row): "第 \(row) 档：请填写违法情节（轻微、一般、较重、严重或自拟）"
        case .emptyFacts(let row): "第 \(row) 档：请写明适用情形"
        case .duplicateCircumstance(let label): "违法情节“\(label)”重复：每档情节只能出现一次"
        case .noPenaltyKind(let row): "第 \(row) 档：请选择处罚种类"
        case .noPenaltyWithOthers(let row): "第 \(row) 档：“不予处罚”不能与其他处罚种类同时选择"
        case .fineWithoutAmount(let row): "第 \(row) 档：罚款须写明金额幅度（下限和上限），或写明按倍数计算的办法"
        case .fineIncomplete(let row): "第 \(row) 档：罚款金额须同时填写下限和上限"
        case .negativeFine(let row): "第 \(row) 档：罚款金额不能为负数"
        case .fineRangeInverted(let row, let min, let max):
            "第 \(row) 档：罚款下限 \(Self.grouped(min)) 元高于上限 \(Self.grouped(max)) 元"
        case .amountWithoutFine(let row): "第 \(row) 档：填写了罚款金额，但处罚种类中没有罚款"
        case .overlappingRanges(let lower, let higher): "情节“\(lower)”的罚款上限高于情节“\(higher)”的罚款下限：各档幅度不能交叉"
        case .noArticle(let row): "第 \(row) 档：请注明适用的法律条文"
        }
    }

    /// An amount as pages print numbers (GB/T 15835: five digits and more in groups of three), for messages.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        guard n.magnitude >= 10000 else { return String(n) }
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }
}
