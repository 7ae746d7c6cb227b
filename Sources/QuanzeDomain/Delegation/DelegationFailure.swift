/// What the delegation lifecycle refuses, each with the rule it enforces and a Chinese message.
public enum DelegationFailure: Error, Equatable, Sendable {
    /// A transition not allowed from the current state (e.g. publishing a proposal still under review).
    case illegalTransition(from: String, event: String)
    /// The actor's role may not take this step.
    case wrongRole(step: String, needed: String)
    /// The actor belongs to another organisation than the one this step is for.
    case wrongOrganization(step: String)
    case emptyReasons
    case emptyOpinion
    case negativeVolume
    /// 行政处罚法 第24条: only items of a provincial grant catalogue may be granted. `citation` is the printed
    /// statute of the legal ground that applies (data, never written here).
    case notInProvincialCatalogue(itemCode: String, citation: String)
    /// Only the item's competent department may offer it; anyone else would re-delegate a power it does not own
    /// (行政处罚法 第20条: 受委托组织不得再委托).
    case reDelegation(itemCode: String, proposer: String, citation: String)
    /// 行政许可法 第24条: licensing may be entrusted only to an administrative body (行政机关) — whichever ground
    /// row says so.
    case licensingToNonAdministrativeBody(itemCode: String, organization: String, citation: String)
    /// The county's table of legal grounds has no row for the item's category in this mode.
    case noLegalGround(itemCode: String, mode: String, category: String)
    /// The legal ground of this mode and category forbids handing the item down (e.g. 行政强制法 第17条: 行政强制措施
    /// may not be entrusted); the wording and citation come from the ground.
    case forbiddenCombination(itemCode: String, mode: String, category: String, wording: String, citation: String)
    case notOnMenu(proposalId: String)
    case alreadyHeld(itemCode: String)
    case duplicateLine(itemCode: String)
    case emptyOrder
    case unknownLine(Int)
    case lineNotApproved(itemCode: String)
    /// 行政处罚法 第20条: a 委托书 names items, scope (权限) and term.
    case entrustmentNeedsItemsScopeAndTerm(citation: String)
    /// 行政处罚法 第24条: a 赋权 decision must be published and carry an evaluation schedule.
    case grantNeedsEvaluationSchedule(citation: String)
    case grantNeedsCatalogue
    case invalidNumber(String)
    case termEndsBeforeStart
    case alreadySigned(side: String)
    case alreadyPublished(side: String)
    case missingSignature(side: String)
    case missingPublication(side: String)
    /// The delegation may not take effect before its publication (by both sides for 委托).
    case effectiveBeforePublication(effective: Day, published: Day)
    case effectiveAfterTermEnd
    case notActive(id: String)
    case recallAlreadyOpen(id: String)
    case unknownFollowUp(Int)
    case followUpClosed(Int)
    case emptyNote
    case badAttachment(String)
    /// A second open offer of the same item and mode (a double submission).
    case openProposalExists(itemCode: String, id: String)
    /// A second evaluation of a delegation on the same day (a double submission).
    case evaluationAlreadyRecorded(on: Day)
    /// The same scan (by SHA-256) attached twice.
    case duplicateAttachment(name: String)
    /// The level rule (`Competence`): only a county department's power may be handed down.
    case competence(ListFailure)
    /// A document covers at least one approved line.
    case emptyDocument
    case lineAlreadyDrawn(itemCode: String)
    /// One document is either a 委托书 or a 赋权决定.
    case mixedModes
    /// 行政处罚法 第20条: a 委托书 is between one department and one township.
    case entrustmentOneDepartmentOneTownship
    /// The issuer is the department (委托) or the county government (赋权).
    case wrongIssuer(expected: String)
    /// GB/T 9704-2012 7.2.4: a 文号 carries its issuer's 代字 …
    case issuerWithoutPrefix(issuer: String)
    case prefixNotIssuers(number: String, issuer: String, prefix: String)
    /// … and one 文号 is one document.
    case numberAlreadyUsed(number: String, document: String)
    /// A document cites only a decision of its own kind and issuer.
    case decisionOfAnotherKind(number: String, found: String, needed: String)

    public var message: String {
        switch self {
        case .illegalTransition(let from, let event): "当前状态“\(from)”下不能执行“\(event)”"
        case .wrongRole(let step, let needed): "“\(step)”须由\(needed)办理"
        case .wrongOrganization(let step): "“\(step)”只能由本单位办理"
        case .emptyReasons: "请填写申请下放的理由"
        case .emptyOpinion: "退回时必须写明意见"
        case .negativeVolume: "预计年办件量不能为负数"
        case .notInProvincialCatalogue(let code, let citation):
            "事项 \(code) 不在省级赋权目录中，不能以赋权方式下放\(Self.cited(citation))；可改为委托"
        case .reDelegation(let code, let proposer, let citation):
            "“\(proposer)”不是事项 \(code) 的主管部门，不得再行委托或赋权\(Self.cited(citation))"
        case .licensingToNonAdministrativeBody(let code, let org, let citation):
            "事项 \(code) 只能委托其他行政机关实施，“\(org)”不是行政机关\(Self.cited(citation))"
        case .noLegalGround(let code, let mode, let category):
            "法律依据表中没有“\(mode)·\(category)”的依据，事项 \(code) 暂不能以\(mode)方式下放；请编办先补充法律依据"
        case .forbiddenCombination(let code, let mode, let category, let wording, let citation):
            "事项 \(code)（\(category)）不得以\(mode)方式下放：\(wording)\(Self.cited(citation))"
        case .notOnMenu(let id): "事项“\(id)”不在已发布的下放目录中"
        case .competence(let failure): failure.message
        case .alreadyHeld(let code): "本镇街已承接事项 \(code)，不能重复点单"
        case .duplicateLine(let code): "事项 \(code) 在点单中重复"
        case .emptyOrder: "请至少选择一个事项"
        case .unknownLine(let n): "点单中没有第 \(n + 1) 项"
        case .lineNotApproved(let code): "事项 \(code) 的点单尚未获批准，不能拟定文书"
        case .entrustmentNeedsItemsScopeAndTerm(let citation): "委托书必须写明委托事项、权限和期限\(Self.cited(citation))"
        case .grantNeedsEvaluationSchedule(let citation): "赋权决定必须明确定期评估安排\(Self.cited(citation))"
        case .grantNeedsCatalogue: "赋权决定必须引用省级赋权目录"
        case .invalidNumber(let n): "文号“\(n)”格式不正确，应为“机关代字〔年份〕序号号”，如 川办发〔2020〕85号"
        case .termEndsBeforeStart: "委托期限的截止日期必须晚于起始日期"
        case .alreadySigned(let side): "\(side)已签署"
        case .alreadyPublished(let side): "\(side)已公布"
        case .missingSignature(let side): "尚缺\(side)签署"
        case .missingPublication(let side): "尚未由\(side)向社会公布"
        case .effectiveBeforePublication(let effective, let published):
            "生效日期\(effective.chinese)早于公布日期\(published.chinese)：未公布的委托或赋权不得生效"
        case .effectiveAfterTermEnd: "生效日期不能晚于委托期限"
        case .notActive(let id): "下放事项 \(id) 当前不在实施中"
        case .unknownFollowUp(let n): "没有第 \(n) 项跟进事项"
        case .followUpClosed(let n): "第 \(n) 项跟进事项已办结"
        case .emptyNote: "请写明办理情况"
        case .recallAlreadyOpen(let id): "下放事项 \(id) 已有收回程序在办理"
        case .badAttachment(let why): "附件不符合要求：\(why)"
        case .openProposalExists(let code, let id): "事项 \(code) 已有以同一方式下放的申请 \(id) 在办理中，未重复提交"
        case .duplicateAttachment(let name): "扫描件“\(name)”（内容相同）已上传过，未重复保存"
        case .evaluationAlreadyRecorded(let day): "该下放事项\(day.chinese)的评估已经记录，未重复提交"
        case .emptyDocument: "请至少选择一个已批准的点单事项"
        case .lineAlreadyDrawn(let code): "事项 \(code) 已拟定文书，不能重复拟定"
        case .mixedModes: "一份文书只能是委托书或赋权决定：所选事项的下放方式不一致"
        case .entrustmentOneDepartmentOneTownship: "一份委托书只能由一个部门委托一个镇街：所选事项涉及多个部门或镇街"
        case .wrongIssuer(let expected): "发文机关应为\(expected)"
        case .issuerWithoutPrefix(let issuer): "“\(issuer)”尚未登记发文机关代字，请系统管理员在单位管理中填写后再拟定文书"
        case .prefixNotIssuers(let number, let issuer, let prefix):
            "文号“\(number)”的机关代字不是“\(issuer)”的代字“\(prefix)”（GB/T 9704—2012 第7.2.4条）"
        case .numberAlreadyUsed(let number, let document): "文号“\(number)”已用于文书 \(document)，同一发文机关的文号不得重复"
        case .decisionOfAnotherKind(let number, let found, let needed):
            "文号“\(number)”已登记为\(found)，本文书须为\(needed)"
        }
    }

    /// The statute of the ground, in brackets after a message (nothing when the ground cites none).
    static func cited(_ citation: String) -> String { citation.isEmpty ? "" : "（\(citation)）" }
}
