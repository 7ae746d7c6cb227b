/// What the resource records (经费, 编制, 保险; issue 14 point 4) refuse, each with a Chinese message.
public enum ResourceFailure: Error, Equatable, Sendable {
    case yearOutOfRange(Int)
    case invalidAmount(field: String, text: String)
    case notATownship(String)
    case notAnOffice(String)
    case officeRetired(String)
    case postsOutOfRange(Int)
    case invalidNumber(String)
    case notFrontLine(String)
    case unknownStaff(String)
    case emptyField(String)
    case tooLong(field: String, limit: Int)
    case periodReversed(from: Day, until: Day)
    case unknownKind(String)
    case duplicatePolicy(String)
    case emptyRuleWording
    case warningDaysOutOfRange(Int)

    public var message: String {
        switch self {
        case .yearOutOfRange(let year): "年度 \(year) 不在 2000–2100 之间"
        case .invalidAmount(let field, let text): "\(field)“\(text)”无效：应为不小于 0、最多两位小数的金额（元），如 120000 或 3500.50"
        case .notATownship(let code): "“\(code)”不是本区县的镇街"
        case .notAnOffice(let code): "“\(code)”不是本区县镇街的行政审批办公室或综合行政执法中队"
        case .officeRetired(let name): "“\(name)”已撤销"
        case .postsOutOfRange(let n): "编制数应为 0–999 的整数，不能为 \(n)"
        case .invalidNumber(let n): "文号“\(n)”格式不正确，应为“机关代字〔年份〕序号号”，如 某编发〔2023〕5号"
        case .notFrontLine(let name): "“\(name)”不在执法岗位，不属于一线执法人员"
        case .unknownStaff(let id): "本单位没有人员编号为“\(id)”的人员"
        case .emptyField(let field): "请填写\(field)"
        case .tooLong(let field, let limit): "\(field)不能超过 \(limit) 个字"
        case .periodReversed(let from, let until): "保险期间的终止日 \(until.iso) 早于起始日 \(from.iso)"
        case .unknownKind(let text): "险种“\(text)”不在可选范围内：\(InsuranceKind.allCases.map(\.label).joined(separator: "、"))"
        case .duplicatePolicy(let number): "保单号“\(number)”已为该人员登记"
        case .emptyRuleWording: "请填写规则的表述"
        case .warningDaysOutOfRange(let days): "到期提醒天数应为 1–365 天，不能为 \(days) 天"
        }
    }
}
