/// What the rules for dispatched agencies (派驻机构) refuse, each with a Chinese message; the rules a county keeps as
/// data (consultation, minimum township weight) are printed with their source.
public enum AgencyFailure: Error, Equatable, Sendable {
    case illegalTransition(from: String, event: String)
    case wrongRole(step: String, needed: String)
    case wrongOrganization(step: String)
    case notAnAgency(String)
    case agencyRetired(String)
    case agencyWithoutStation(String)
    case emptyPerson
    case emptyPost
    case tooLong(field: String, limit: Int)
    case emptyOpinionReasons
    case invalidNumber(String)
    case decisionBeforeProposal(decided: Day, proposed: Day)
    /// The head was to be appointed or removed without the township's opinion: the rule and its source (data).
    case opinionRequired(rule: String)
    case emptyExceptionReason
    case deadlineOutOfRange(Int)
    case minimumOutOfRange(String)
    case emptyRuleWording
    // Assessment schemes.
    case yearOutOfRange(Int)
    case noIndicators
    case emptyIndicatorName
    case duplicateIndicator(String)
    case invalidWeight(indicator: String, text: String)
    case weightsNotHundred(total: String)
    /// The township's share is below the county's minimum: the rule and its source (data).
    case townshipWeightBelowMinimum(share: String, minimum: String, rule: String)
    case schemeExists(agency: String, year: Int, id: String)
    case unknownIndicator(String)
    case notThisSide(indicator: String, side: String)
    case missingScore(indicator: String)
    case invalidScore(indicator: String, text: String)
    case scoresIncomplete(missing: [String])

    public var message: String {
        switch self {
        case .illegalTransition(let from, let event): "当前状态“\(from)”下不能执行“\(event)”"
        case .wrongRole(let step, let needed): "“\(step)”须由\(needed)办理"
        case .wrongOrganization(let step): "“\(step)”只能由该派驻机构的主管部门或所在镇街办理"
        case .notAnAgency(let code): "“\(code)”不是本区县的派驻机构"
        case .agencyRetired(let name): "派驻机构“\(name)”已撤销"
        case .agencyWithoutStation(let name): "派驻机构“\(name)”没有登记派驻的镇街，请系统管理员先在单位管理中补充"
        case .emptyPerson: "请填写拟任免人员的姓名"
        case .emptyPost: "请填写职务（如 所长）"
        case .tooLong(let field, let limit): "\(field)不能超过 \(limit) 个字"
        case .emptyOpinionReasons: "不同意时必须写明理由"
        case .invalidNumber(let n): "文号“\(n)”格式不正确，应为“机关代字〔年份〕序号号”，如 某市监党〔2023〕12号"
        case .decisionBeforeProposal(let decided, let proposed):
            "决定日期\(decided.chinese)早于提出日期\(proposed.chinese)"
        case .opinionRequired(let rule): "镇街尚未反馈意见，不能作出任免决定：\(rule)"
        case .emptyExceptionReason: "未征求镇街意见作出决定的，必须写明理由（将作为例外记录并报监督部门）"
        case .deadlineOutOfRange(let days): "镇街反馈意见的期限应为 1–90 天，不能为 \(days) 天"
        case .minimumOutOfRange(let text): "镇街评价的最低权重应在 0%–100% 之间，不能为 \(text)"
        case .emptyRuleWording: "请填写规则的表述"
        case .yearOutOfRange(let year): "考核年度 \(year) 不在 2000–2100 之间"
        case .noIndicators: "考核方案至少要有一项指标"
        case .emptyIndicatorName: "指标名称不能为空"
        case .duplicateIndicator(let name): "指标“\(name)”重复"
        case .invalidWeight(let name, let text):
            "指标“\(name)”的权重“\(text)”无效：应为大于 0、最多两位小数的百分数，如 30 或 12.5"
        case .weightsNotHundred(let total): "各项指标权重合计应为 100%，现为 \(total)"
        case .townshipWeightBelowMinimum(let share, let minimum, let rule):
            "镇街评价指标的权重合计为 \(share)，低于本区县规定的最低 \(minimum)：\(rule)"
        case .schemeExists(let agency, let year, let id): "“\(agency)”\(year) 年度已有考核方案 \(id)"
        case .unknownIndicator(let name): "考核方案中没有指标“\(name)”"
        case .notThisSide(let name, let side): "指标“\(name)”由\(side)评分"
        case .missingScore(let name): "请填写指标“\(name)”的得分"
        case .invalidScore(let name, let text): "指标“\(name)”的得分“\(text)”无效：应为 0–100、最多两位小数"
        case .scoresIncomplete(let missing): "尚有指标未评分：\(missing.joined(separator: "、"))"
        }
    }
}
