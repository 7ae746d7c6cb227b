/// What the accountability rules refuse (追责、免予问责、容错纠错), each with a Chinese message. The situations a
/// case cites are county data with their source; statute articles must exist in the law library.
public enum AccountabilityFailure: Error, Equatable, Sendable {
    case wrongRole(step: String)
    case tooLong(field: String, limit: Int)
    case empty(field: String)
    // Situations (情形).
    case invalidSituationCode(String)
    case situationWithoutDocument
    case invalidNumber(String)
    case duplicateSituation(String)
    // Opening a case.
    case unknownItem(String)
    case unknownTownship(String)
    case personNotInTownship(person: String, township: String)
    case personNotOnRoll(person: String, hired: Day, occurred: Day)
    case futureDay(field: String, day: Day, today: Day)
    case openedBeforeFacts(opened: Day, occurred: Day)
    // Deciding.
    case alreadyDecided(id: String)
    case decisionBeforeOpening(decided: Day, opened: Day)
    case noGrounds
    case unknownSituation(String)
    case unknownArticle(String)
    case invalidArticle(String)
    case situationOfOtherKind(code: String, situationKind: String, caseKind: String)
    case situationRequired(kind: String)
    case measureRequired
    case correctionRequired
    case correctionBeforeFacts(corrected: Day, occurred: Day)

    public var message: String {
        switch self {
        case .wrongRole(let step): "“\(step)”须由编办或司法局办理"
        case .tooLong(let field, let limit): "\(field)不能超过 \(limit) 个字"
        case .empty(let field): "请填写\(field)"
        case .invalidSituationCode(let code):
            "情形编号“\(code)”无效：应为 1–20 个英文字母、数字或连字符，如 ZZ-01"
        case .situationWithoutDocument: "情形必须写明依据文件（如《……容错纠错办法》），否则不能登记"
        case .invalidNumber(let n): "文号“\(n)”格式不正确，应为“机关代字〔年份〕序号号”，如 某纪发〔2023〕12号"
        case .duplicateSituation(let code): "本区县已登记编号为“\(code)”的情形"
        case .unknownItem(let code): "事项目录中没有编码为 \(code) 的事项"
        case .unknownTownship(let code): "“\(code)”不是本区县的镇街"
        case .personNotInTownship(let person, let township): "人员编号“\(person)”不在\(township)的人员名册中"
        case .personNotOnRoll(let person, let hired, let occurred):
            "人员“\(person)”\(hired.iso) 才入职，事实发生之日（\(occurred.iso)）不在该镇街人员名册中"
        case .futureDay(let field, let day, let today): "\(field) \(day.iso) 晚于今天（\(today.iso)）"
        case .openedBeforeFacts(let opened, let occurred): "立案日期 \(opened.iso) 早于事实发生日期 \(occurred.iso)"
        case .alreadyDecided(let id): "案件 \(id) 已作出决定，不能再次决定"
        case .decisionBeforeOpening(let decided, let opened): "决定日期 \(decided.iso) 早于立案日期 \(opened.iso)"
        case .noGrounds: "决定必须写明依据：本区县登记的情形，或法律法规条文"
        case .unknownSituation(let code): "本区县没有登记编号为“\(code)”的情形"
        case .unknownArticle(let ref): "法规库中没有“\(ref)”，请先导入该法规版本或改正条文"
        case .invalidArticle(let text): "条文“\(text)”格式不正确，应为“法规名(YYYY-MM-DD)第N条”"
        case .situationOfOtherKind(let code, let situationKind, let caseKind):
            "情形“\(code)”属于\(situationKind)情形，不能作为\(caseKind)的依据"
        case .situationRequired(let kind): "\(kind)决定必须援引本区县登记的\(kind)情形"
        case .measureRequired: "追责决定必须写明问责方式（如 诫勉、通报批评）"
        case .correctionRequired: "容错纠错决定必须登记纠错情况（采取的纠正措施和完成日期）"
        case .correctionBeforeFacts(let corrected, let occurred):
            "纠错完成日期 \(corrected.iso) 早于事实发生日期 \(occurred.iso)"
        }
    }
}
