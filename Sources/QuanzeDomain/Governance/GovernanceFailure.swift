/// What the rules of the townships' governance rights (镇街治理权力: 管人 and 管事) refuse, each with a Chinese message.
public enum GovernanceFailure: Error, Equatable, Sendable {
    case emptyList
    case tooManyRights(Int)
    case invalidCode(String)
    case duplicateCode(String)
    case emptyName
    case duplicateName(String)
    case tooLong(field: String, limit: Int)
    case emptyWording(String)
    case missingDocument(String)
    case invalidNumber(String)
    case yearOutOfRange(Int)
    case scopeTwice(scope: String, first: String, second: String)
    case unknownRight(String)
    /// The right's exercises are counted from another record of the product (a head appointment's opinion, an
    /// assessment's scores): recording it here would count it twice.
    case derivedRight(right: String, from: String)
    case wrongRole(step: String, needed: String)
    case notOwnTownship
    case notATownship(String)
    case notConcerned(String)
    case emptyMatter
    case dayInFuture(Day)
    case dayBeforeGrant(right: String, year: Int)
    case unknownMatter(String)
    case matterOfAnotherTownship(String)
    case matterOfAnotherKind(matter: String, kind: String, right: String)
    case rightNotForMatters(String)
    case notCovered(String)

    public var message: String {
        switch self {
        case .emptyList: "治理权力清单至少要有一项权力"
        case .tooManyRights(let n): "治理权力清单最多 20 项，现为 \(n) 项"
        case .invalidCode(let code): "权力代码“\(code)”无效：应为 1–40 个小写字母、数字或“-”，如 planning"
        case .duplicateCode(let code): "权力代码“\(code)”重复"
        case .emptyName: "权力名称不能为空"
        case .duplicateName(let name): "权力“\(name)”重复"
        case .tooLong(let field, let limit): "\(field)不能超过 \(limit) 个字"
        case .emptyWording(let name): "请填写权力“\(name)”的表述"
        case .missingDocument(let name): "请写明权力“\(name)”的依据文件（赋予镇街该项权力的本区县文件）"
        case .invalidNumber(let n): "文号“\(n)”格式不正确，应为“机关代字〔年份〕序号号”"
        case .yearOutOfRange(let year): "年份 \(year) 不在 2000–2100 之间"
        case .scopeTwice(let scope, let first, let second): "“\(first)”和“\(second)”都对应\(scope)，每类记录只能对应一项权力"
        case .unknownRight(let code): "本区县的治理权力清单中没有“\(code)”"
        case .derivedRight(let right, let from): "“\(right)”的行使由\(from)自动统计，请在派驻机构页面办理，不在此重复登记"
        case .wrongRole(let step, let needed): "“\(step)”须由\(needed)办理"
        case .notOwnTownship: "镇街只能登记本单位的权力行使"
        case .notATownship(let code): "“\(code)”不是本区县的镇街"
        case .notConcerned(let code): "“\(code)”不是本区县在用的区级部门或派驻机构"
        case .emptyMatter: "请填写事项名称"
        case .dayInFuture(let day): "日期 \(day.chinese) 晚于今天"
        case .dayBeforeGrant(let right, let year): "“\(right)”自 \(year) 年起赋予镇街，此前不能行使"
        case .unknownMatter(let id): "没有编号为“\(id)”的规划编制或项目验收"
        case .matterOfAnotherTownship(let id): "“\(id)”不是本镇街的规划编制或项目验收"
        case .matterOfAnotherKind(let matter, let kind, let right): "“\(matter)”是\(kind)，不能登记为“\(right)”的行使"
        case .rightNotForMatters(let right): "“\(right)”不对应规划编制或项目验收，不能关联"
        case .notCovered(let kind): "本区县的治理权力清单中没有对应\(kind)的参与权，无须登记镇街参与"
        }
    }
}
