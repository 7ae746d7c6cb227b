import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's empowerment list, built through the delegation lifecycle (DESIGN §4) rather than inserted: for each
/// decision that delegates (大安府发〔2021〕11号 赋权, 大安府办发〔2022〕9号 and 〔2022〕21号 委托) the competent
/// departments propose the items, 编办 and 司法局 review them, 编办 publishes them as a menu batch, each of the 15
/// units orders them all, 编办 approves every line and draws the documents as they are really issued — one 赋权决定
/// under the decision's 文号 covering every item at every unit, and one 委托书 per department and unit under the
/// department's own 文号 (its 代字) — both sides sign, the documents are published on the decision's publication
/// day and the delegations start on its date. The
/// 2023 removals (大安府发〔2023〕7号, 大安府办发〔2023〕14号) go through evaluation, a recall proposal, both reviews
/// and the recall itself. One `DelegationService` batch (one transaction) per decision; every step writes its audit
/// entry, by a demo principal named "system" in the role that takes the step.
struct DemoDelegation {
    /// One item a decision delegates to every unit.
    struct Grant: Sendable {
        var itemCode: String
        var mode: DelegationMode
    }

    /// Decision key → the items it delegates, in plan order.
    var grants: [String: [Grant]] = [:]
    /// Decision key → the delegated items it takes back.
    var recalls: [String: [String]] = [:]
    /// The plan rows (indices) the lifecycle writes: the empowerment rows and the approval and enforcement rows
    /// `Delegation.startChanges` derives from the same items; the rest of the plan stays `ListService` batches.
    var covered: Set<Int> = []

    /// 委托 terms in the demo: three years from the decision (行政处罚法 第20条: a 委托书 names its term).
    static let entrustmentMonths = 36

    /// Works out which plan rows the lifecycle writes, refusing a plan the lifecycle could not reproduce row for row
    /// (an approval or enforcement row the start would add that the plan lacks, or one ending on another day).
    init(plan: DemoPlan, items: [String: PowerItem]) throws {
        for (index, row) in plan.rows.enumerated() where row.list == .empowerment {
            let mode: DelegationMode = row.terms.mode == .granted ? .granted : .entrusted
            guard row.scope == "all", let item = items[row.itemCode] else {
                throw ImportFailure(message: "演示计划：扩权赋能事项 \(row.itemCode) 须下放到全部镇街且在事项目录中")
            }
            var lists: [ListKind] = []
            if item.category.isApproval { lists.append(.approval) }
            if item.category.isEnforcement { lists.append(.enforcement) }
            // What `Delegation.startChanges` writes: a 委托 entry names the department it acts for.
            let terms = Assignment.Terms(mode: mode.assignmentMode, partner: mode == .entrusted ? item.department : nil)
            guard row.terms == terms else {
                throw ImportFailure(message: "演示计划与下放流程不符：\(row.itemCode) 的扩权赋能条目方式或委托部门与下放流程不一致")
            }
            var rows = [index]
            for list in lists {
                guard
                    let match = plan.rows.indices.first(where: { other in
                        let r = plan.rows[other]
                        return r.list == list && r.itemCode == row.itemCode && r.from == row.from && r.to == row.to
                            && r.scope == "all" && r.terms == terms
                    })
                else {
                    throw ImportFailure(
                        message: "演示计划与下放流程不符：\(row.itemCode) 下放后应在\(list.label)中（\(row.from)），计划中没有相同的一行")
                }
                rows.append(match)
            }
            covered.formUnion(rows)
            grants[row.from, default: []].append(Grant(itemCode: row.itemCode, mode: mode))
            if let to = row.to { recalls[to, default: []].append(row.itemCode) }
        }
    }

    /// The principals of the demo's lifecycle steps: username "system", the role and organisation of the step.
    struct Principals {
        let county: String
        let establishment: Principal
        let justice: Principal
        /// Department name → its code.
        let departments: [String: String]
        /// Organisation code → its 发文机关代字.
        let prefixes: [String: String]

        init(county: String, organizations: [Organization]) throws {
            self.county = county
            func principal(_ role: Role, _ flag: (Organization) -> Bool) throws -> Principal {
                guard let org = organizations.first(where: flag) else {
                    throw ImportFailure(message: "演示单位中缺少\(role.label)")
                }
                return Principal(username: "system", role: role, county: county, organization: org.code)
            }
            establishment = try principal(.establishment) { $0.isEstablishmentOffice }
            justice = try principal(.justice) { $0.isJusticeBureau }
            departments = Dictionary(
                organizations.filter { $0.kind == .department }.map { ($0.name, $0.code) },
                uniquingKeysWith: { a, _ in a })
            prefixes = Dictionary(
                organizations.compactMap { org in org.documentPrefix.map { (org.code, $0) } },
                uniquingKeysWith: { a, _ in a })
        }

        func department(_ name: String) throws -> Principal {
            guard let code = departments[name] else { throw ImportFailure(message: "演示单位中没有“\(name)”") }
            return Principal(username: "system", role: .department, county: county, organization: code)
        }

        func township(_ unit: String) -> Principal {
            Principal(username: "system", role: .township, county: county, organization: unit, unit: unit)
        }
    }

    /// Runs one decision's delegations in one batch; returns the delegations started ("unit/item" → id).
    static func delegate(
        _ grants: [Grant], decision: Decision, units: [RegionCode], items: [String: PowerItem],
        principals: Principals, grounds: LegalGroundTable, serialBase: Int, service: DelegationService, now: Date
    ) async throws -> [String: String] {
        // The rule of DESIGN §4 step 7: a delegation may not take effect before its publication.
        let published = decision.publishedOn ?? decision.date
        guard published <= decision.date else {
            throw ImportFailure(
                message: "演示决定 \(decision.number) 公布于\(published.chinese)，晚于生效日\(decision.date.chinese)：下放不得早于公布生效")
        }
        let bureau = principals.establishment
        let responsibilities = try LegalGroundsData.responsibilities()
        return try await service.batch(county: principals.county) { batch in
            var ids: [String] = []
            for grant in grants {
                guard let item = items[grant.itemCode] else {
                    throw DelegationServiceFailure.unknownItem(grant.itemCode)
                }
                let department = try principals.department(item.department)
                let proposal = try await batch.propose(
                    itemCode: item.code, mode: grant.mode, reasons: reasons(item, grant.mode),
                    expectedYearlyVolume: volume(item),
                    catalogue: grant.mode == .granted ? DemoBuilder.provincialCatalogue : nil,
                    by: department, departmentName: item.department, at: now)
                _ = try await batch.apply(
                    .review(passed: true, opinion: "镇街有承接需求和基础，同意列入下放目录"), to: proposal.id, by: bureau, at: now)
                _ = try await batch.apply(
                    .legalReview(
                        passed: true,
                        opinion: legalOpinion(grant.mode, ground: grounds.ground(grant.mode, item.category))),
                    to: proposal.id,
                    by: principals.justice,
                    at: now)
                ids.append(proposal.id)
            }
            _ = try await batch.publishMenu(batch: "\(decision.number)下放目录", proposals: ids, by: bureau, at: now)
            var started: [String: String] = [:]
            var granted: [DelegationService.DocumentLine] = []
            // 委托: one 委托书 per department and township, under the department's own 文号.
            var entrusted: [String: [DelegationService.DocumentLine]] = [:]
            var townships: [String: Principal] = [:]
            for unit in units {
                let township = principals.township(unit.value)
                townships[unit.value] = township
                let order = try await batch.placeOrder(
                    proposals: ids, missing: [:], by: township, today: decision.date, at: now)
                for line in order.lines.indices {
                    _ = try await batch.decideLine(
                        order: order.id, line: line, approve: true, reason: "", by: bureau, at: now)
                }
                for (index, line) in order.lines.enumerated() {
                    guard let item = items[line.itemCode] else {
                        throw DelegationServiceFailure.unknownItem(line.itemCode)
                    }
                    let pick = DelegationService.DocumentLine(order: order.id, line: index, scope: scope(item))
                    if line.mode == .granted {
                        granted.append(pick)
                    } else {
                        entrusted[line.department + "/" + unit.value, default: []].append(pick)
                    }
                }
            }
            func record(_ delegations: [Delegation]) {
                for d in delegations { started[d.unit + "/" + d.itemCode] = d.id }
            }
            if !granted.isEmpty {
                // One 赋权决定 under the decision's 文号, covering every item at every township (its 附件).
                let agreement = try await batch.drawAgreement(
                    lines: granted, number: decision.number, termFrom: decision.date, termTo: nil,
                    evaluationMonths: 12, responsibilities: responsibilities, by: bureau, at: now)
                for party in agreement.signers {
                    let signer =
                        party.side == .department
                        ? Principal(
                            username: "system", role: .department, county: principals.county,
                            organization: party.code)
                        : principals.township(party.code)
                    _ = try await batch.agreement(agreement.id, .sign, by: signer, at: now)
                }
                _ = try await batch.agreement(
                    agreement.id, .publish(on: published, place: "大安区人民政府网站"), by: bureau, at: now)
                record(try await batch.start(agreement: agreement.id, on: decision.date, by: bureau, at: now))
            }
            // Each department numbers its 委托书 in its own series, township by township.
            var serials: [String: Int] = [:]
            for key in entrusted.keys.sorted() {
                guard let picks = entrusted[key], let departmentCode = key.split(separator: "/").first.map(String.init),
                    let unit = key.split(separator: "/").last.map(String.init), let township = townships[unit],
                    let prefix = principals.prefixes[departmentCode]
                else { throw ImportFailure(message: "演示委托书缺少发文机关代字：\(key)") }
                let serial = serials[departmentCode, default: serialBase] + 1
                serials[departmentCode] = serial
                let department = Principal(
                    username: "system", role: .department, county: principals.county, organization: departmentCode)
                let agreement = try await batch.drawAgreement(
                    lines: picks, number: "\(prefix)〔\(decision.date.parts.year)〕\(serial)号",
                    termFrom: decision.date, termTo: decision.date.addingMonths(entrustmentMonths),
                    evaluationMonths: nil, responsibilities: responsibilities, by: bureau, at: now)
                _ = try await batch.agreement(agreement.id, .sign, by: department, at: now)
                _ = try await batch.agreement(agreement.id, .sign, by: township, at: now)
                _ = try await batch.agreement(
                    agreement.id, .publish(on: published, place: "大安区人民政府网站"), by: department, at: now)
                _ = try await batch.agreement(
                    agreement.id, .publish(on: published, place: "\(agreement.unitName)政务公开栏"), by: township, at: now)
                record(try await batch.start(agreement: agreement.id, on: decision.date, by: bureau, at: now))
            }
            return started
        }
    }

    /// Takes the items back from every unit holding them: evaluation (conclusion 收回), a recall proposal, both
    /// reviews and the recall under the decision's 文号 from its date — in one batch.
    static func recall(
        _ itemCodes: [String], decision: Decision, units: [RegionCode], delegations: [String: String],
        principals: Principals, service: DelegationService, now: Date
    ) async throws {
        let bureau = principals.establishment
        try await service.batch(county: principals.county) { batch in
            for code in itemCodes {
                for unit in units {
                    guard let id = delegations[unit.value + "/" + code] else {
                        throw DelegationServiceFailure.notFound(kind: "下放事项", id: unit.value + "/" + code)
                    }
                    let evaluated = try await batch.evaluate(
                        delegation: id, on: decision.date.adding(days: -30), conclusion: .recall,
                        findings: findings(decision), by: bureau, at: now)
                    let proposal = try await batch.openRecall(
                        delegation: id, reasons: "定期评估结论为收回（\(evaluated.unitName)），提请按程序收回", by: bureau, at: now)
                    _ = try await batch.apply(
                        .review(passed: true, opinion: "同意收回，由区级主管部门实施"), to: proposal.id, by: bureau, at: now)
                    _ = try await batch.apply(
                        .legalReview(passed: true, opinion: "收回程序合法，应以决定形式公布"), to: proposal.id,
                        by: principals.justice, at: now)
                    _ = try await batch.executeRecall(
                        proposal: proposal.id, decision: decision.number, title: decision.title, on: decision.date,
                        by: bureau, at: now)
                }
            }
        }
    }

    /// 定期评估 as the 赋权 documents schedule them: every running 赋权 whose evaluation falls due on or before `day` is
    /// evaluated on its due day (conclusion 保留), as often as it falls due — except the items the decision of
    /// `day` takes back (`recalling`), whose evaluation is the recall's. In one batch, in the order of the due days
    /// (then of the delegations), each recorded on its due day (`DemoBuilder.recorded(on:now:)`).
    static func evaluateDue(
        by day: Day, recalling: Set<String>, principals: Principals, service: DelegationService,
        database: any Database, now: Date
    ) async throws {
        let due = try await DelegationStore(database).list(
            Delegation.self, county: principals.county, states: [Delegation.State.active.rawValue]
        ).filter { d in !recalling.contains(d.itemCode) && d.evaluationDue.map { $0 <= day } ?? false }
        guard !due.isEmpty else { return }
        let bureau = principals.establishment
        try await service.batch(county: principals.county) { batch in
            var current = Dictionary(due.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            // The next evaluation of all: the earliest due day, then the delegation's id.
            func next() -> (on: Day, id: String)? {
                current.values.compactMap { d in d.evaluationDue.flatMap { $0 <= day ? (on: $0, id: d.id) : nil } }
                    .min { ($0.on, $0.id) < ($1.on, $1.id) }
            }
            while let (on, id) = next() {
                current[id] = try await batch.evaluate(
                    delegation: id, on: on, conclusion: .keep,
                    findings: "按期定期评估：办件正常，承接人员和装备到位，保留赋权", by: bureau,
                    at: DemoBuilder.recorded(on: on, now: now))
            }
        }
    }

    // MARK: the words of the demo's steps (demo data)

    static func reasons(_ item: PowerItem, _ mode: DelegationMode) -> String {
        let why: String
        switch item.category {
        case .licensing: why = "申请集中在镇街，就近受理办理可减少群众往返"
        case .penalty, .coercion, .coercionMeasure, .coercionExecution: why = "违法行为多发于镇村，镇街就近发现、及时查处更有效"
        case .inspection: why = "检查对象分布在镇村，镇街日常巡查可及时发现问题"
        default: why = "事项发生在镇街，镇街更便于就近办理"
        }
        return mode == .granted
            ? "\(why)；事项列入省级赋权指导目录（\(DemoBuilder.provincialCatalogue)），申请赋予镇（街道）以自己名义实施"
            : "\(why)；申请委托镇（街道）以本部门名义实施，本部门负责监督指导并承担法律责任"
    }

    /// The 司法局's opinion in the demo: it names the ground that applies (the county's ground row, from data).
    static func legalOpinion(_ mode: DelegationMode, ground: LegalGround?) -> String {
        let basis = ground?.basis(catalogue: mode == .granted ? DemoBuilder.provincialCatalogue : nil) ?? ""
        return mode == .granted
            ? "事项在省级赋权目录内，符合\(basis)，同意赋权"
            : "受托镇（街道）为行政机关，委托事项、权限和期限明确，符合\(basis)，同意委托"
    }

    static func volume(_ item: PowerItem) -> Int {
        switch item.category {
        case .licensing: 60
        case .inspection: 40
        case .penalty: 12
        case .coercion, .coercionMeasure, .coercionExecution: 6
        default: 20
        }
    }

    static func scope(_ item: PowerItem) -> String {
        switch item.category {
        case .licensing: "受理、审查、作出许可决定和送达"
        case .penalty: "立案、调查取证、告知、作出处罚决定和执行"
        case .coercion, .coercionMeasure: "依法实施行政强制措施"
        case .coercionExecution: "依法实施行政强制执行"
        case .inspection: "现场检查、责令改正和移送"
        default: "依法实施“\(item.name)”的全部环节"
        }
    }

    static func findings(_ decision: Decision) -> String {
        decision.kind == .recall
            ? "镇街缺少专业执法人员和设备，案件仍主要由主管部门办理，建议收回委托"
            : "镇街实际办件少、承接条件不足，按“放得下、接得住”原则建议调整收回"
    }
}
