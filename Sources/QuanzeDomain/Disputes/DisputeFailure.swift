/// What the dispute rules refuse, each with a Chinese message.
public enum DisputeFailure: Error, Equatable, Sendable {
    case illegalTransition(from: String, event: String)
    case wrongRole(step: String, needed: String)
    case notYourSide(step: String)
    case sameSide
    case emptyMatter
    case emptyFacts
    case tooLong(field: String, limit: Int)
    case tooManyDocuments(Int)
    case emptyReasons
    case bareDelegationClaim
    case dayBeforeRaised(day: Day, raised: Day)
    case answerOutstanding(deadline: Day)
    case notAParty(String)
    case emptyBasis
    case invalidNumber(String)
    case deadlineOutOfRange(Int)
    case repeatedCountOutOfRange(Int)
    case repeatedMonthsOutOfRange(Int)
    case emptyRuleWording
    case emptyRuleDocument
    case dayAfterToday(step: String, day: Day, today: Day)

    public var message: String {
        switch self {
        case .illegalTransition(let from, let event): "当前状态“\(from)”下不能执行“\(event)”"
        case .wrongRole(let step, let needed): "“\(step)”须由\(needed)办理"
        case .notYourSide(let step): "“\(step)”只能由争议的相关一方办理"
        case .sameSide: "争议的提出方和答复方不能是同一单位"
        case .emptyMatter: "请填写争议事由"
        case .emptyFacts: "请写明事实经过"
        case .tooLong(let field, let limit): "\(field)不能超过 \(limit) 个字"
        case .tooManyDocuments(let limit): "所附材料最多 \(limit) 项"
        case .emptyReasons: "请写明答复理由"
        case .bareDelegationClaim:
            "答复不能只说“已下放”：请写明本案中双方各自做什么、依据是什么（下放决定的文号、清单条目或法律条文）"
        case .dayBeforeRaised(let day, let raised): "日期\(day.chinese)早于争议提出日期\(raised.chinese)"
        case .answerOutstanding(let deadline): "对方答复期限至\(deadline.chinese)，期满未答复或已答复后方可裁定"
        case .notAParty(let code): "“\(code)”不是本争议的一方"
        case .emptyBasis: "请写明裁定依据"
        case .invalidNumber(let n): "文号“\(n)”格式不正确，应为“机关代字〔年份〕序号号”，如 某编委〔2024〕3号"
        case .deadlineOutOfRange(let days): "答复期限应为 1–60 天，不能为 \(days) 天"
        case .repeatedCountOutOfRange(let n): "反复争议的件数应为 2–20 件，不能为 \(n) 件"
        case .repeatedMonthsOutOfRange(let n): "反复争议的统计期应为 1–36 个月，不能为 \(n) 个月"
        case .emptyRuleWording: "请填写规则的表述"
        case .emptyRuleDocument: "请填写规则所依据的文件名称"
        case .dayAfterToday(let step, let day, let today): "\(step)日期\(day.chinese)晚于今天（\(today.chinese)）"
        }
    }
}

/// Rule R8 (反复争议): the items on which `rules.repeatedCount` or more disputes were raised within the
/// `rules.repeatedMonths` months up to `asOf` (withdrawn ones included: a dispute raised is a sign of friction).
public enum RepeatedDisputes {
    public struct Finding: Hashable, Sendable {
        public var itemCode: String
        public var disputeIds: [String]
        public var from: Day
        public var to: Day

        /// The finding's evidence, as the suggestions print it.
        public var evidence: String {
            "\(from.chinese)至\(to.chinese)就该事项提出职责边界争议 \(disputeIds.count) 件（\(disputeIds.joined(separator: "、"))）"
        }
    }

    public static func find(_ disputes: [Dispute], asOf: Day, rules: DisputeRules) -> [Finding] {
        let from = asOf.addingMonths(-rules.repeatedMonths).adding(days: 1)
        var byItem: [String: [Dispute]] = [:]
        for d in disputes where d.raisedOn >= from && d.raisedOn <= asOf {
            guard let item = d.itemCode else { continue }
            byItem[item, default: []].append(d)
        }
        return byItem.filter { $0.value.count >= rules.repeatedCount }
            .map { item, list in
                Finding(
                    itemCode: item,
                    disputeIds: list.sorted { ($0.raisedOn, $0.id) < ($1.raisedOn, $1.id) }.map(\.id), from: from,
                    to: asOf)
            }
            .sorted { $0.itemCode < $1.itemCode }
    }
}
