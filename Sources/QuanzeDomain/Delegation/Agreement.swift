import Foundation

/// The document approved order lines become (DESIGN §4 step 6), as it is really issued: a 委托书 between one
/// department and one township listing all the items it entrusts with their 权限 and term; or one 赋权决定 of the
/// county government with one 文号 covering many items and townships (its 附件 table). It records the signatures
/// of both sides, the publications and the sealed scans, and starts one delegation per line.
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

    /// One organisation that signs or publishes: its side and code (the county's is the government's code).
    public struct Party: Codable, Hashable, Sendable {
        public var side: Side
        public var code: String
        public var name: String

        public init(side: Side, code: String, name: String) {
            self.side = side
            self.code = code
            self.name = name
        }

        /// How a missing step names it: the organisation.
        public var label: String { name }
    }

    public struct Signature: Codable, Hashable, Sendable {
        public var side: Side
        /// The organisation that signed (nil only in records written before documents covered several lines).
        public var organization: String?
        public var by: String
        public var at: Date
    }

    public struct Publication: Codable, Hashable, Sendable {
        public var side: Side
        public var organization: String?
        public var on: Day
        public var place: String
    }

    /// One approved order line the document covers: an item at a township, with its 权限.
    public struct Line: Codable, Hashable, Sendable {
        public var orderId: String
        /// The line's index in its order.
        public var line: Int
        public var proposalId: String
        public var itemCode: String
        public var itemName: String
        public var department: String
        public var departmentName: String
        public var unit: String
        public var unitName: String
        /// 权限: what the township may do with the item.
        public var scope: String
        /// 赋权: the provincial catalogue the proposal stands in.
        public var catalogue: String?
        /// The delegation this line started, once started.
        public var delegationId: String?
    }

    /// What the 编办 picks for a document: an approved line of an order, its 权限 and (赋权) its catalogue.
    public struct Selection: Sendable {
        public var order: Order
        public var line: Int
        public var scope: String
        public var catalogue: String?

        public init(order: Order, line: Int, scope: String, catalogue: String? = nil) {
            self.order = order
            self.line = line
            self.scope = scope
            self.catalogue = catalogue
        }
    }

    public var id: String
    public var county: String
    public var mode: DelegationMode
    /// The 文号 of the 委托书 or of the county's 赋权 decision.
    public var number: String
    public var title: String
    /// The title's meaningful parts (no line of the printed title breaks inside one).
    public var titleParts: [String]
    /// The issuing organisation: the department for 委托, the county government for 赋权.
    public var issuer: String
    public var issuerName: String
    public var lines: [Line]
    public var termFrom: Day
    /// The end of a 委托 term; nil for 赋权 (which runs until recalled, with evaluations).
    public var termTo: Day?
    public var departmentDuties: String
    public var townshipDuties: String
    /// 赋权: months between evaluations (定期评估).
    public var evaluationMonths: Int?
    /// 赋权: the provincial catalogues the lines stand in.
    public var catalogue: String?
    public var transitionMonths: Int
    public var signatures: [Signature]
    public var publications: [Publication]
    public var attachments: [Attachment]
    public var state: State
    public var effectiveOn: Day?
    public var history: [StepRecord]
    /// The legal ground and the statements of responsibility printed on the document, fixed when it is drawn from
    /// the county's ground table and the responsibility statements (nil for documents drawn before they existed).
    public var statements: Statements?

    /// What a document prints about its ground and who answers for it, each from data with its statute.
    public struct Statements: Codable, Hashable, Sendable {
        /// What the document cites after 根据 (`LegalGround.basis`).
        public var basis: String
        /// The ground's wording.
        public var wording: String
        public var responsibility: Responsibility.Filled
    }

    /// The first line's department and township: for a 委托书 its only ones.
    public var department: String { lines.first?.department ?? "" }
    public var departmentName: String { lines.first?.departmentName ?? "" }
    public var unit: String { lines.first?.unit ?? "" }
    public var unitName: String { lines.first?.unitName ?? "" }

    /// The departments and townships of the lines, each once, in line order.
    public var departments: [Party] {
        Self.distinct(lines.map { Party(side: .department, code: $0.department, name: $0.departmentName) })
    }
    public var units: [Party] { Self.distinct(lines.map { Party(side: .township, code: $0.unit, name: $0.unitName) }) }

    /// The lines grouped by item, items in line order: what a 附件 prints as one row per item.
    public var linesByItem: [(itemCode: String, lines: [Line])] {
        var order: [String] = []
        var byItem: [String: [Line]] = [:]
        for line in lines {
            if byItem[line.itemCode] == nil { order.append(line.itemCode) }
            byItem[line.itemCode, default: []].append(line)
        }
        return order.map { ($0, byItem[$0] ?? []) }
    }

    /// In whose name the township acts: the department's for 委托, its own for 赋权.
    public func actingName(of line: Line) -> String { mode == .entrusted ? line.departmentName : line.unitName }

    /// Who signs: the department and the township of a 委托书; for a 赋权决定 every department that hands an item
    /// over and every township that takes one on (the 承接 side), the county issuing it.
    public var signers: [Party] { departments + units }

    /// Who publishes: both sides of a 委托书 (行政处罚法 第20条), the county for a 赋权决定 (第24条).
    public var publishers: [Party] {
        mode == .entrusted ? departments + units : [Party(side: .county, code: issuer, name: issuerName)]
    }

    static func distinct(_ parties: [Party]) -> [Party] {
        var seen = Set<String>()
        return parties.filter { seen.insert($0.side.rawValue + "/" + $0.code).inserted }
    }

    /// Draws one document for several approved lines, enforcing the written-form rules of 行政处罚法 第20、24条
    /// and the 文号 rules of GB/T 9704-2012 (7.2.4): the 代字 is the issuer's, a 文号 is used once by its issuer,
    /// and a registered decision of that 文号 must be of the document's kind and issuer.
    ///
    /// - Parameters:
    ///   - issuer: the department of the lines (委托) or the county government (赋权).
    ///   - registered: the decision already registered under `number`, if any.
    ///   - usedBy: the id of another document already drawn under `number`, if any.
    ///   - groundOf: the county's legal ground of a line's item (by item code) for the document's mode; every line
    ///     needs one that permits it.
    ///   - responsibility: the statements of responsibility of the mode, printed from the document.
    public static func draw(
        id: String, number: String, selections: [Selection], issuer: Organization, registered: Decision?,
        usedBy: String?, termFrom: Day, termTo: Day?, evaluationMonths: Int?,
        transitionMonths: Int = Delegation.defaultTransitionMonths, groundOf: (String) -> LegalGround?,
        responsibility: Responsibility, by principal: Principal, at now: Date
    ) throws(DelegationFailure) -> Agreement {
        guard principal.role == .establishment else { throw .wrongRole(step: "拟定文书", needed: "编办") }
        guard let first = selections.first else { throw .emptyDocument }
        var lines: [Line] = []
        var seen = Set<String>()
        for selection in selections {
            let order = selection.order
            guard order.lines.indices.contains(selection.line) else { throw .unknownLine(selection.line) }
            let line = order.lines[selection.line]
            guard seen.insert("\(order.id)/\(selection.line)").inserted else {
                throw .duplicateLine(itemCode: line.itemCode)
            }
            guard line.state == .approved else { throw .lineNotApproved(itemCode: line.itemCode) }
            guard line.agreementId == nil else { throw .lineAlreadyDrawn(itemCode: line.itemCode) }
            let scope = selection.scope.trimmingCharacters(in: .whitespacesAndNewlines)
            lines.append(
                Line(
                    orderId: order.id, line: selection.line, proposalId: line.proposalId, itemCode: line.itemCode,
                    itemName: line.itemName, department: line.department, departmentName: line.departmentName,
                    unit: order.unit, unitName: order.unitName,
                    scope: scope.isEmpty ? "依法实施“\(line.itemName)”的全部权限" : scope, catalogue: selection.catalogue))
        }
        let mode = first.order.lines[first.line].mode
        guard lines.allSatisfy({ l in selections.allSatisfy { $0.order.lines[$0.line].mode == mode } }) else {
            throw .mixedModes
        }
        var lineGrounds: [LegalGround] = []
        for line in lines {
            guard let ground = groundOf(line.itemCode), ground.mode == mode, responsibility.mode == mode else {
                throw .noLegalGround(itemCode: line.itemCode, mode: mode.label, category: "")
            }
            guard ground.permitted else {
                throw .forbiddenCombination(
                    itemCode: line.itemCode, mode: mode.label, category: ground.category.label,
                    wording: ground.wording, citation: ground.citation)
            }
            lineGrounds.append(ground)
        }
        let citation = lineGrounds.first?.citation ?? ""
        var unitKeys = Set<String>()
        for line in lines where !unitKeys.insert(line.unit + "/" + line.itemCode).inserted {
            throw .duplicateLine(itemCode: line.itemCode)
        }
        switch mode {
        case .entrusted:
            // 行政处罚法 第20条: a 委托书 is between the entrusting department and the entrusted body.
            guard Set(lines.map(\.department)).count == 1, Set(lines.map(\.unit)).count == 1 else {
                throw .entrustmentOneDepartmentOneTownship
            }
            guard issuer.kind == .department, issuer.code == lines[0].department else {
                throw .wrongIssuer(expected: lines[0].departmentName)
            }
            guard selections.allSatisfy({ !$0.scope.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }),
                let termTo
            else { throw .entrustmentNeedsItemsScopeAndTerm(citation: citation) }
            guard termTo > termFrom else { throw .termEndsBeforeStart }
        case .granted:
            guard issuer.kind == .countyGovernment else { throw .wrongIssuer(expected: "区县人民政府") }
            guard let months = evaluationMonths, months > 0 else {
                throw .grantNeedsEvaluationSchedule(citation: citation)
            }
            guard lines.allSatisfy({ $0.catalogue?.isEmpty == false }) else { throw .grantNeedsCatalogue }
        }
        try checkNumber(number, mode: mode, issuer: issuer, registered: registered, usedBy: usedBy)
        let entrusted = mode == .entrusted
        let parts = titleParts(mode: mode, issuer: issuer.name, lines: lines)
        let catalogues = Array(Set(lines.compactMap(\.catalogue))).sorted()
        // A document of one department and one township names them; a 赋权决定 over several speaks of the
        // departments and townships of its table.
        let departmentNames = Set(lines.map(\.departmentName))
        let unitNames = Set(lines.map(\.unitName))
        let filled = responsibility.filled(
            department: departmentNames.count == 1 ? lines[0].departmentName : "各有关部门",
            township: unitNames.count == 1 ? lines[0].unitName : "各承接镇（街道）",
            transition: "（\(transitionMonths)个月）")
        func distinct(_ texts: [String]) -> [String] {
            var seen = Set<String>()
            return texts.filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        // The catalogue decision (赋权) once, then every article the lines' grounds cite, each once.
        var references: [ArticleRef] = []
        for ref in lineGrounds.flatMap(\.references) where !references.contains(ref) { references.append(ref) }
        let basis = distinct([
            entrusted ? "" : catalogues.joined(separator: "、"), StatuteCitation.text(references),
        ])
        return Agreement(
            id: id, county: first.order.county, mode: mode, number: number, title: parts.joined(), titleParts: parts,
            issuer: issuer.code, issuerName: issuer.name, lines: lines, termFrom: termFrom,
            termTo: entrusted ? termTo : nil,
            departmentDuties: filled.departmentDuties, townshipDuties: filled.townshipDuties,
            evaluationMonths: entrusted ? nil : evaluationMonths,
            catalogue: entrusted ? nil : catalogues.joined(separator: "、"), transitionMonths: transitionMonths,
            signatures: [], publications: [], attachments: [], state: .drafted, effectiveOn: nil,
            history: [
                StepRecord(
                    step: "拟定文书", by: principal.username, role: principal.role.rawValue, at: now,
                    note: "\(number)，\(lines.count) 项")
            ],
            statements: Statements(
                basis: basis.joined(separator: "和"),
                wording: distinct(lineGrounds.map(\.wording)).joined(separator: "；"), responsibility: filled))
    }

    /// The 文号 rules: its form, its 代字 the issuer's, not used by the issuer for another document, and a decision
    /// registered under it of the document's kind and issuer (a 委托书 cannot cite, say, the 编委's list notice).
    public static func checkNumber(
        _ number: String, mode: DelegationMode, issuer: Organization, registered: Decision?, usedBy: String?
    ) throws(DelegationFailure) {
        guard Decision.isValidNumber(number) else { throw .invalidNumber(number) }
        guard let prefix = issuer.documentPrefix, !prefix.isEmpty else {
            throw .issuerWithoutPrefix(issuer: issuer.name)
        }
        guard Decision.prefix(of: number) == prefix else {
            throw .prefixNotIssuers(number: number, issuer: issuer.name, prefix: prefix)
        }
        if let usedBy { throw .numberAlreadyUsed(number: number, document: usedBy) }
        if let registered {
            let kind: Decision.Kind = mode == .entrusted ? .entrustment : .grantDecision
            guard registered.kind == kind, registered.issuer == issuer.name else {
                throw .decisionOfAnotherKind(
                    number: number, found: "\(registered.issuer)的\(registered.kind.label)",
                    needed: "\(issuer.name)的\(kind.label)")
            }
        }
    }

    /// The title in its meaningful parts: issuer, 关于…, the partner, the subject, the kind of document.
    static func titleParts(mode: DelegationMode, issuer: String, lines: [Line]) -> [String] {
        switch mode {
        case .entrusted:
            let subject = lines.count == 1 ? "实施“\(lines[0].itemName)”" : "实施\(lines.count)项行政权力事项"
            return [issuer, "关于委托", lines[0].unitName, subject, "的委托书"]
        case .granted:
            let units = Set(lines.map(\.unit))
            let partner = units.count == 1 ? lines[0].unitName : "镇（街道）"
            return [issuer, "关于赋予", partner, "部分县级行政权力事项", "的决定"]
        }
    }

    /// The party a principal signs or publishes for: a department for its own lines, a township for its own, the
    /// county (编办 on the government's behalf) for a 赋权 decision.
    public func party(of principal: Principal) -> Party? {
        if principal.role == .department, let d = departments.first(where: { $0.code == principal.organization }) {
            return d
        }
        if principal.role == .township, let u = units.first(where: { $0.code == principal.unit }) { return u }
        if principal.role == .establishment && mode == .granted { return publishers.first }
        return nil
    }

    /// The side a principal acts for, if it is a party.
    public func side(of principal: Principal) -> Side? { party(of: principal)?.side }

    func signed(_ party: Party) -> Bool {
        signatures.contains { $0.side == party.side && ($0.organization == nil || $0.organization == party.code) }
    }

    func published(_ party: Party) -> Bool {
        publications.contains { $0.side == party.side && ($0.organization == nil || $0.organization == party.code) }
    }

    public func signing(by principal: Principal, at now: Date) throws(DelegationFailure) -> Agreement {
        guard state == .drafted || state == .signed else { throw .illegalTransition(from: state.label, event: "签署") }
        guard let party = party(of: principal), signers.contains(party) else {
            throw .wrongOrganization(step: "签署")
        }
        guard !signed(party) else { throw .alreadySigned(side: party.name) }
        var next = self
        next.signatures.append(Signature(side: party.side, organization: party.code, by: principal.username, at: now))
        if next.missingSigners.isEmpty { next.state = .signed }
        next.history.append(
            StepRecord(step: "签署", by: principal.username, role: principal.role.rawValue, at: now, note: party.name))
        return next
    }

    public func publishing(on day: Day, place: String, by principal: Principal, at now: Date)
        throws(DelegationFailure) -> Agreement
    {
        guard state == .signed || state == .published else {
            if state == .drafted { throw .missingSignature(side: missingSigners.first?.label ?? "双方") }
            throw .illegalTransition(from: state.label, event: "公布")
        }
        guard let party = party(of: principal), publishers.contains(party) else {
            throw .wrongOrganization(step: "公布")
        }
        guard !published(party) else { throw .alreadyPublished(side: party.name) }
        var next = self
        next.publications.append(Publication(side: party.side, organization: party.code, on: day, place: place))
        if next.missingPublishers.isEmpty { next.state = .published }
        next.history.append(
            StepRecord(
                step: "公布", by: principal.username, role: principal.role.rawValue, at: now,
                note: "\(party.name) \(day.chinese)"))
        return next
    }

    public var missingSigners: [Party] { signers.filter { !signed($0) } }
    public var missingPublishers: [Party] { publishers.filter { !published($0) } }

    /// Whether a principal's organisation still has to sign, or (once all have signed) to publish.
    public func awaitsSignature(of principal: Principal) -> Bool {
        guard let party = party(of: principal) else { return false }
        return missingSigners.contains(party)
    }

    public func awaitsPublication(of principal: Principal) -> Bool {
        guard missingSigners.isEmpty, let party = party(of: principal) else { return false }
        return missingPublishers.contains(party)
    }

    /// The day the last required publication happened, once all have.
    public var publishedOn: Day? {
        guard missingPublishers.isEmpty else { return nil }
        return publications.map(\.on).max()
    }

    /// Attaches the sealed scan: PDF, JPEG or PNG, at most 20 MB, stored with its SHA-256.
    public func attaching(_ attachment: Attachment, by principal: Principal, at now: Date) throws(DelegationFailure)
        -> Agreement
    {
        guard party(of: principal) != nil || principal.role == .establishment else {
            throw .wrongOrganization(step: "上传盖章扫描件")
        }
        guard ["application/pdf", "image/jpeg", "image/png"].contains(attachment.mediaType) else {
            throw .badAttachment("只接受 PDF、JPEG 或 PNG")
        }
        guard attachment.size > 0, attachment.size <= 20 << 20 else { throw .badAttachment("大小应在 20 MB 以内") }
        guard attachment.sha256.count == 64, attachment.sha256.allSatisfy(\.isHexDigit) else {
            throw .badAttachment("缺少有效的 SHA-256 摘要")
        }
        guard !attachments.contains(where: { $0.sha256 == attachment.sha256 }) else {
            throw .duplicateAttachment(name: attachment.name)
        }
        var next = self
        next.attachments.append(attachment)
        next.history.append(
            StepRecord(
                step: "上传盖章扫描件", by: principal.username, role: principal.role.rawValue, at: now, note: attachment.name))
        return next
    }

    /// Starts the delegations on `effective`, one per line: never before publication (by both sides for 委托),
    /// never after a 委托 term ends. `delegationIds` has one id per line, in line order.
    public func starting(on effective: Day, delegationIds: [String], by principal: Principal, at now: Date)
        throws(DelegationFailure) -> (Agreement, [Delegation])
    {
        guard principal.role == .establishment else { throw .wrongRole(step: "启动下放", needed: "编办") }
        guard state == .published else {
            if let party = missingSigners.first { throw .missingSignature(side: party.label) }
            if let party = missingPublishers.first { throw .missingPublication(side: party.label) }
            throw .illegalTransition(from: state.label, event: "启动下放")
        }
        guard let published = publishedOn else { throw .missingPublication(side: missingPublishers.first?.label ?? "") }
        guard effective >= published else {
            throw .effectiveBeforePublication(effective: effective, published: published)
        }
        if let termTo, effective >= termTo { throw .effectiveAfterTermEnd }
        guard delegationIds.count == lines.count else { throw .illegalTransition(from: state.label, event: "启动下放") }
        var next = self
        next.state = .effective
        next.effectiveOn = effective
        next.history.append(
            StepRecord(
                step: "启动下放", by: principal.username, role: principal.role.rawValue, at: now, note: effective.chinese))
        var delegations: [Delegation] = []
        for (index, line) in lines.enumerated() {
            next.lines[index].delegationId = delegationIds[index]
            delegations.append(
                Delegation(
                    id: delegationIds[index], county: county, agreementId: id, decision: number, mode: mode,
                    itemCode: line.itemCode, itemName: line.itemName, department: line.department,
                    departmentName: line.departmentName, unit: line.unit, unitName: line.unitName,
                    actingName: actingName(of: line), effectiveOn: effective,
                    transitionEnds: effective.addingMonths(transitionMonths), termEnds: termTo, state: .active,
                    evaluations: [], recallProposalId: nil, recallDecision: nil, endedOn: nil,
                    history: [
                        StepRecord(step: "开始实施", by: principal.username, role: principal.role.rawValue, at: now)
                    ], evaluationMonths: evaluationMonths))
        }
        return (next, delegations)
    }
}

extension Agreement {
    private enum LegacyKeys: String, CodingKey {
        case orderId, proposalId, itemCode, itemName, department, departmentName, unit, unitName, scope
    }

    /// Reads records of both shapes: documents of several lines, and those written when a document covered one
    /// line (its item, department and township as fields of the document).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        county = try c.decode(String.self, forKey: .county)
        mode = try c.decode(DelegationMode.self, forKey: .mode)
        number = try c.decode(String.self, forKey: .number)
        title = try c.decode(String.self, forKey: .title)
        titleParts = try c.decodeIfPresent([String].self, forKey: .titleParts) ?? [title]
        termFrom = try c.decode(Day.self, forKey: .termFrom)
        termTo = try c.decodeIfPresent(Day.self, forKey: .termTo)
        departmentDuties = try c.decode(String.self, forKey: .departmentDuties)
        townshipDuties = try c.decode(String.self, forKey: .townshipDuties)
        evaluationMonths = try c.decodeIfPresent(Int.self, forKey: .evaluationMonths)
        catalogue = try c.decodeIfPresent(String.self, forKey: .catalogue)
        transitionMonths = try c.decode(Int.self, forKey: .transitionMonths)
        signatures = try c.decode([Signature].self, forKey: .signatures)
        publications = try c.decode([Publication].self, forKey: .publications)
        attachments = try c.decode([Attachment].self, forKey: .attachments)
        state = try c.decode(State.self, forKey: .state)
        effectiveOn = try c.decodeIfPresent(Day.self, forKey: .effectiveOn)
        history = try c.decode([StepRecord].self, forKey: .history)
        statements = try c.decodeIfPresent(Statements.self, forKey: .statements)
        if let lines = try c.decodeIfPresent([Line].self, forKey: .lines) {
            self.lines = lines
            issuer = try c.decode(String.self, forKey: .issuer)
            issuerName = try c.decode(String.self, forKey: .issuerName)
        } else {
            let old = try decoder.container(keyedBy: LegacyKeys.self)
            let line = Line(
                orderId: try old.decode(String.self, forKey: .orderId), line: 0,
                proposalId: try old.decode(String.self, forKey: .proposalId),
                itemCode: try old.decode(String.self, forKey: .itemCode),
                itemName: try old.decode(String.self, forKey: .itemName),
                department: try old.decode(String.self, forKey: .department),
                departmentName: try old.decode(String.self, forKey: .departmentName),
                unit: try old.decode(String.self, forKey: .unit),
                unitName: try old.decode(String.self, forKey: .unitName),
                scope: try old.decode(String.self, forKey: .scope), catalogue: catalogue, delegationId: nil)
            lines = [line]
            issuer = mode == .entrusted ? line.department : ""
            issuerName = mode == .entrusted ? line.departmentName : "区人民政府"
        }
    }
}
