import Foundation

/// The document an approved order line becomes (DESIGN §4 step 6): for 委托 a 委托书 between department and
/// township; for 赋权 the county's decision (citing the provincial catalogue) with the 承接协议. It records both
/// signatures, the publications and the sealed scans, and starts the delegation.
public struct Agreement: Codable, Hashable, Sendable {
    public enum Side: String, Codable, Sendable, CaseIterable {
        case department, township, county

        public var label: String {
            switch self {
            case .department: "主管部门"
            case .township: "镇街"
            case .county: "区人民政府"
            }
        }
    }

    public enum State: String, Codable, Sendable {
        case drafted, signed, published, effective

        public var label: String {
            switch self {
            case .drafted: "待签署"
            case .signed: "已签署"
            case .published: "已公布"
            case .effective: "已生效"
            }
        }
    }

    public struct Signature: Codable, Hashable, Sendable {
        public var side: Side
        public var by: String
        public var at: Date
    }

    public struct Publication: Codable, Hashable, Sendable {
        public var side: Side
        public var on: Day
        public var place: String
    }

    public var id: String
    public var county: String
    public var mode: DelegationMode
    /// The 文号 of the 委托书 or of the county's 赋权 decision.
    public var number: String
    public var title: String
    public var orderId: String
    public var proposalId: String
    public var itemCode: String
    public var itemName: String
    public var department: String
    public var departmentName: String
    public var unit: String
    public var unitName: String
    /// 权限: what the township may do with the item.
    public var scope: String
    public var termFrom: Day
    /// The end of a 委托 term; nil for 赋权 (which runs until recalled, with evaluations).
    public var termTo: Day?
    /// In whose name the township acts: the department's for 委托, its own for 赋权.
    public var actingName: String
    public var departmentDuties: String
    public var townshipDuties: String
    /// 赋权: months between evaluations (定期评估).
    public var evaluationMonths: Int?
    public var catalogue: String?
    public var transitionMonths: Int
    public var signatures: [Signature]
    public var publications: [Publication]
    public var attachments: [Attachment]
    public var state: State
    public var effectiveOn: Day?
    public var history: [StepRecord]

    /// Which sides must sign: always the department and the township.
    public static let signers: [Side] = [.department, .township]

    /// Which sides must publish: both for 委托 (行政处罚法 第20条), the county for 赋权 (第24条).
    public var publishers: [Side] { mode == .entrusted ? [.department, .township] : [.county] }

    /// Draws the document for an approved line, enforcing the written-form rules of 行政处罚法 第20、24条.
    public static func draw(
        id: String, number: String, order: Order, line index: Int, scope: String, termFrom: Day, termTo: Day?,
        evaluationMonths: Int?, catalogue: String?, transitionMonths: Int = Delegation.defaultTransitionMonths,
        by principal: Principal, at now: Date
    ) throws(DelegationFailure) -> Agreement {
        guard principal.role == .establishment else { throw .wrongRole(step: "拟定文书", needed: "编办") }
        guard order.lines.indices.contains(index) else { throw .unknownLine(index) }
        let line = order.lines[index]
        guard line.state == .approved else { throw .lineNotApproved(itemCode: line.itemCode) }
        guard Decision.isValidNumber(number) else { throw .invalidNumber(number) }
        let scopeText = scope.trimmingCharacters(in: .whitespacesAndNewlines)
        switch line.mode {
        case .entrusted:
            guard !scopeText.isEmpty, let termTo else { throw .entrustmentNeedsItemsScopeAndTerm }
            guard termTo > termFrom else { throw .termEndsBeforeStart }
        case .granted:
            guard let months = evaluationMonths, months > 0 else { throw .grantNeedsEvaluationSchedule }
            guard catalogue?.isEmpty == false else { throw .grantNeedsCatalogue }
        }
        let entrusted = line.mode == .entrusted
        return Agreement(
            id: id, county: order.county, mode: line.mode, number: number,
            title: entrusted
                ? "\(line.departmentName)关于委托\(order.unitName)实施“\(line.itemName)”的委托书"
                : "关于向\(order.unitName)赋予“\(line.itemName)”行政权力的决定",
            orderId: order.id, proposalId: line.proposalId, itemCode: line.itemCode, itemName: line.itemName,
            department: line.department, departmentName: line.departmentName, unit: order.unit,
            unitName: order.unitName,
            scope: scopeText.isEmpty ? "依法实施“\(line.itemName)”的全部权限" : scopeText, termFrom: termFrom,
            termTo: entrusted ? termTo : nil, actingName: entrusted ? line.departmentName : order.unitName,
            departmentDuties: entrusted
                ? "对受委托镇街实施的行为负责监督，并对其后果承担法律责任；提供业务指导、培训和执法文书；过渡期内承担主体责任。"
                : "做好业务指导、培训和技术支持；过渡期内与镇街共同承担工作责任（工作在镇街、责任在部门）。",
            townshipDuties: entrusted
                ? "在委托范围内以委托部门名义实施，不得再委托其他组织或者个人；按要求报送办件数据。"
                : "以本镇街名义依法实施并承担法律责任；配齐人员和装备；接受定期评估。",
            evaluationMonths: entrusted ? nil : evaluationMonths, catalogue: entrusted ? nil : catalogue,
            transitionMonths: transitionMonths, signatures: [], publications: [], attachments: [], state: .drafted,
            effectiveOn: nil,
            history: [StepRecord(step: "拟定文书", by: principal.username, role: principal.role.rawValue, at: now)])
    }

    /// The side a principal signs or publishes for: the department for its own agreements, the township for its
    /// own, the county (编办 on the government's behalf) for a 赋权 decision.
    public func side(of principal: Principal) -> Side? {
        if principal.role == .department && principal.organization == department { return .department }
        if principal.role == .township && principal.unit == unit { return .township }
        if principal.role == .establishment && mode == .granted { return .county }
        return nil
    }

    public func signing(by principal: Principal, at now: Date) throws(DelegationFailure) -> Agreement {
        guard state == .drafted || state == .signed else { throw .illegalTransition(from: state.label, event: "签署") }
        guard let side = side(of: principal), Self.signers.contains(side) else {
            throw .wrongOrganization(step: "签署")
        }
        guard !signatures.contains(where: { $0.side == side }) else { throw .alreadySigned(side: side.label) }
        var next = self
        next.signatures.append(Signature(side: side, by: principal.username, at: now))
        if Self.signers.allSatisfy({ s in next.signatures.contains { $0.side == s } }) { next.state = .signed }
        next.history.append(
            StepRecord(step: "签署", by: principal.username, role: principal.role.rawValue, at: now, note: side.label))
        return next
    }

    public func publishing(on day: Day, place: String, by principal: Principal, at now: Date)
        throws(DelegationFailure) -> Agreement
    {
        guard state == .signed || state == .published else {
            if state == .drafted { throw .missingSignature(side: missingSigners.first?.label ?? "双方") }
            throw .illegalTransition(from: state.label, event: "公布")
        }
        guard let side = side(of: principal), publishers.contains(side) else { throw .wrongOrganization(step: "公布") }
        guard !publications.contains(where: { $0.side == side }) else { throw .alreadyPublished(side: side.label) }
        var next = self
        next.publications.append(Publication(side: side, on: day, place: place))
        if publishers.allSatisfy({ s in next.publications.contains { $0.side == s } }) { next.state = .published }
        next.history.append(
            StepRecord(
                step: "公布", by: principal.username, role: principal.role.rawValue, at: now,
                note: "\(side.label) \(day.iso)"))
        return next
    }

    public var missingSigners: [Side] { Self.signers.filter { s in !signatures.contains { $0.side == s } } }
    public var missingPublishers: [Side] { publishers.filter { s in !publications.contains { $0.side == s } } }

    /// The day the last required publication happened, once all have.
    public var publishedOn: Day? {
        guard missingPublishers.isEmpty else { return nil }
        return publications.filter { publishers.contains($0.side) }.map(\.on).max()
    }

    /// Attaches the sealed scan: PDF, JPEG or PNG, at most 20 MB, stored with its SHA-256.
    public func attaching(_ attachment: Attachment, by principal: Principal, at now: Date) throws(DelegationFailure)
        -> Agreement
    {
        guard side(of: principal) != nil || principal.role == .establishment else {
            throw .wrongOrganization(step: "上传盖章扫描件")
        }
        guard ["application/pdf", "image/jpeg", "image/png"].contains(attachment.mediaType) else {
            throw .badAttachment("只接受 PDF、JPEG 或 PNG")
        }
        guard attachment.size > 0, attachment.size <= 20 << 20 else { throw .badAttachment("大小应在 20 MB 以内") }
        guard attachment.sha256.count == 64, attachment.sha256.allSatisfy(\.isHexDigit) else {
            throw .badAttachment("缺少有效的 SHA-256 摘要")
        }
        var next = self
        next.attachments.append(attachment)
        next.history.append(
            StepRecord(
                step: "上传盖章扫描件", by: principal.username, role: principal.role.rawValue, at: now, note: attachment.name))
        return next
    }

    /// Starts the delegation on `effective`: never before publication (by both sides for 委托), never after a
    /// 委托 term ends. Returns the agreement and the running delegation.
    public func starting(on effective: Day, delegationId: String, by principal: Principal, at now: Date)
        throws(DelegationFailure) -> (Agreement, Delegation)
    {
        guard principal.role == .establishment else { throw .wrongRole(step: "启动下放", needed: "编办") }
        guard state == .published else {
            if let side = missingSigners.first { throw .missingSignature(side: side.label) }
            if let side = missingPublishers.first { throw .missingPublication(side: side.label) }
            throw .illegalTransition(from: state.label, event: "启动下放")
        }
        guard let published = publishedOn else { throw .missingPublication(side: missingPublishers.first?.label ?? "") }
        guard effective >= published else {
            throw .effectiveBeforePublication(effective: effective, published: published)
        }
        if let termTo, effective >= termTo { throw .effectiveAfterTermEnd }
        var next = self
        next.state = .effective
        next.effectiveOn = effective
        next.history.append(
            StepRecord(
                step: "启动下放", by: principal.username, role: principal.role.rawValue, at: now, note: effective.iso))
        let delegation = Delegation(
            id: delegationId, county: county, agreementId: id, decision: number, mode: mode, itemCode: itemCode,
            itemName: itemName, department: department, departmentName: departmentName, unit: unit, unitName: unitName,
            actingName: actingName, effectiveOn: effective,
            transitionEnds: effective.addingMonths(transitionMonths), termEnds: termTo, state: .active, evaluations: [],
            recallProposalId: nil, recallDecision: nil, endedOn: nil,
            history: [StepRecord(step: "开始实施", by: principal.username, role: principal.role.rawValue, at: now)],
            evaluationMonths: evaluationMonths)
        return (next, delegation)
    }
}
