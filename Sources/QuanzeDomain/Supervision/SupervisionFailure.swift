/// What the supervision rules refuse (案件内审 and the yearly assessment of townships), each with a Chinese message.
public enum SupervisionFailure: Error, Equatable, Sendable {
    case wrongRole(step: String, needed: String)
    case tooLong(field: String, limit: Int)
    // Internal review (案件内审).
    case unknownTownship(String)
    case invalidPeriod(from: Day, to: Day)
    case invalidSeed(String)
    case invalidSampleSize(String)
    case sampleLargerThanFrame(size: Int, frame: Int)
    case emptyFrame(township: String)
    case sampleExists(id: String)
    case caseNotSampled(String)
    case aspectMissing(String)
    case noteRequired(aspect: String)
    case futureDay(Day)
    case reviewBeforeDraw(reviewed: Day, drawn: Day)
    // Assessment (年度考核).
    case yearOutOfRange(Int)
    case noIndicators
    case duplicateIndicator(String)
    case unknownIndicator(String)
    case invalidWeight(indicator: String, text: String)
    case weightsNotHundred(total: String)
    case sourceRequired
    case invalidTrainingTarget(String)
    case invalidDeduction(String)
    case schemeExists(year: Int)
    case alreadyPublished(year: Int)
    case noTownships

    public var message: String {
        switch self {
        case .wrongRole(let step, let needed): "\(step)须由\(needed)办理"
        case .tooLong(let field, let limit): "\(field)不得超过\(limit)个字"
        case .unknownTownship(let code): "本区县没有编码为“\(code)”的镇街"
        case .invalidPeriod(let from, let to): "抽样期间的起始日（\(from.iso)）不得晚于截止日（\(to.iso)），且不得跨年"
        case .invalidSeed(let text): "随机种子须为0至9007199254740991之间的整数，收到“\(text)”"
        case .invalidSampleSize(let text): "抽样数量须为正整数，收到“\(text)”"
        case .sampleLargerThanFrame(let size, let frame): "抽样数量（\(size)）超过抽样框中的案件数（\(frame)）"
        case .emptyFrame(let township): "\(township)在所选期间没有执法案件，无法抽样"
        case .sampleExists(let id): "该镇街同一期间已有抽样（\(id)），不得重复抽取"
        case .caseNotSampled(let id): "案件“\(id)”不在本次抽样中"
        case .aspectMissing(let aspect): "请填写“\(aspect)”方面的审查结论"
        case .noteRequired(let aspect): "“\(aspect)”存在问题时须写明问题"
        case .futureDay(let day): "日期（\(day.iso)）不得晚于今天"
        case .reviewBeforeDraw(let reviewed, let drawn): "审查日期（\(reviewed.iso)）不得早于抽样日期（\(drawn.iso)）"
        case .yearOutOfRange(let year): "考核年度“\(year)”不在2000至2100年之间"
        case .noIndicators: "考核方案至少须有一项指标"
        case .duplicateIndicator(let name): "指标“\(name)”重复"
        case .unknownIndicator(let name): "没有名为“\(name)”的考核指标"
        case .invalidWeight(let indicator, let text): "指标“\(indicator)”的权重“\(text)”不是大于0、至多两位小数的百分数"
        case .weightsNotHundred(let total): "各指标权重之和须恰为100%，现为\(total)"
        case .sourceRequired: "请填写设定权重的文件名称"
        case .invalidTrainingTarget(let text): "年度培训学时目标须为1至1000之间的整数，收到“\(text)”"
        case .invalidDeduction(let text): "每件争议扣分须为大于0、不超过100、至多两位小数的分值，收到“\(text)”"
        case .schemeExists(let year): "\(year)年度已有镇街考核方案"
        case .alreadyPublished(let year): "\(year)年度的考核结果已公布"
        case .noTownships: "本区县没有镇街，无法计算考核结果"
        }
    }
}
