/// What capacity input is refused for, with the input field it concerns (the form field and CSV column names are the
/// same) and a Chinese message.
public enum CapacityFailure: Error, Hashable, Sendable {
    case required(field: String, label: String)
    case tooLong(field: String, label: String, maximum: Int)
    case invalidStaffId(String)
    case invalidDay(field: String, value: String)
    case unknownValue(field: String, label: String, value: String, expected: String)
    case organizationOutsideUnit(String)
    case auxiliaryCannotHoldEnforcement(staffId: String)
    case expiryNotAfterIssue(issued: Day, expires: Day)
    case secondmentEndsBeforeStart(from: Day, until: Day)
    case secondmentBeforeHire(from: Day, hired: Day)
    case secondmentOverlaps(staffId: String, existingFrom: Day)
    case invalidHours(String)
    case invalidCount(String)
    case invalidTarget(String)
    case unknownStaff(String)
    case staffOfOtherUnit(String)
    case unknownCourse(String)
    case unknownDepartment(String)
    case nameMismatch(staffId: String, recorded: String)

    /// The input field (form field and CSV column) the failure concerns; nil for the whole record.
    public var field: String? {
        switch self {
        case .required(let f, _), .tooLong(let f, _, _), .invalidDay(let f, _), .unknownValue(let f, _, _, _): f
        case .invalidStaffId, .staffOfOtherUnit: "id"
        case .organizationOutsideUnit: "organization"
        case .auxiliaryCannotHoldEnforcement: "certificate"
        case .expiryNotAfterIssue: "expires_on"
        case .secondmentEndsBeforeStart: "until"
        case .secondmentBeforeHire, .secondmentOverlaps: "from"
        case .invalidHours: "hours"
        case .invalidCount: "count"
        case .invalidTarget: "target"
        case .unknownStaff: "staff_id"
        case .unknownCourse: "course_id"
        case .unknownDepartment: "provider"
        case .nameMismatch: "name"
        }
    }

    public var message: String {
        switch self {
        case .required(_, let label): "请填写\(label)"
        case .tooLong(_, let label, let max): "\(label)最多 \(max) 个字"
        case .invalidStaffId(let id): "人员编号“\(id)”格式不正确（字母、数字和连字符，最长 40 位）"
        case .invalidDay(_, let value): "日期“\(value)”格式不正确，应为 YYYY-MM-DD"
        case .unknownValue(_, let label, let value, let expected): "未知的\(label)“\(value)”（可选：\(expected)）"
        case .organizationOutsideUnit(let org): "机构“\(org)”不属于本单位（应为本单位、本单位执法中队或审批办公室）"
        case .auxiliaryCannotHoldEnforcement(let id): "人员 \(id) 为编外辅助人员，不能持有行政执法证"
        case .expiryNotAfterIssue(let issued, let expires): "有效期截止日\(expires.chinese)必须晚于发证日期\(issued.chinese)"
        case .secondmentEndsBeforeStart(let from, let until): "借调结束日期\(until.chinese)早于开始日期\(from.chinese)"
        case .secondmentBeforeHire(let from, let hired): "借调开始日期\(from.chinese)早于入职日期\(hired.chinese)"
        case .secondmentOverlaps(let id, let existing): "人员 \(id) 自\(existing.chinese)起的借调与本次借调时间重叠"
        case .invalidHours(let value): "学时“\(value)”无效：应为大于 0、不超过 200 的数字"
        case .invalidCount(let value): "数量“\(value)”无效：应为 0–9999 的整数"
        case .invalidTarget(let value): "年度培训学时目标“\(value)”无效：应为 1–500 的数字"
        case .unknownStaff(let id): "本单位没有人员编号为“\(id)”的人员"
        case .staffOfOtherUnit(let id): "人员编号“\(id)”已登记在其他单位"
        case .unknownCourse(let id): "没有编号为“\(id)”的培训"
        case .unknownDepartment(let name): "“\(name)”不是本区县的部门"
        case .nameMismatch(let id, let recorded): "人员 \(id) 登记的姓名是“\(recorded)”，与本行不符"
        }
    }
}
