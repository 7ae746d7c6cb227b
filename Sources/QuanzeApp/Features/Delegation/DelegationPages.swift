import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The staff work page of the lifecycle (`/delegation`): for each role, what waits for it, with the forms of its
/// steps (they post to the JSON API, which answers form posts with a redirect back here); and the public pages of
/// the menu and of published documents.
enum DelegationPages {
    struct Row {
        var id: String
        var title: String
        var detail: String
        var state: String
        var opinions: [String]
    }

    struct LineRow {
        var order: String
        var line: Int
        var unit: String
        var item: String
        var mode: String
        var missing: String
    }

    struct AgreementRow {
        var id: String
        var number: String
        var title: String
        var state: String
        var waiting: String
    }

    struct DelegationRow {
        var id: String
        var unit: String
        var item: String
        var mode: String
        var decision: String
        var effectiveOn: String
        var transition: String
        var state: String
        var active: Bool
        /// 赋权: the next 定期评估 due and the last one recorded; `overdue` when the due day has passed.
        var evaluation: String? = nil
        var overdue = false
    }

    struct MenuRow {
        var id: String
        var itemCode: String
        var itemName: String
        var mode: String
        var department: String
        var batch: String
        var requirements: String
        var missing: String
        var fits: Bool
    }

    struct FollowUpRow {
        var delegation: String
        var number: Int
        var unit: String
        var item: String
        var kind: String
        var reason: String
        var openedOn: String
        var canClose: Bool
    }

    /// Open follow-ups the principal sees: 编办 and supervisors all, a department those of its items, a township
    /// its own; the addressee may close them.
    static func followUps(_ delegations: [Delegation], principal: Principal) -> [FollowUpRow] {
        delegations.filter { isVisible($0, to: principal) }.flatMap { d in
            d.openFollowUps.map { f in
                FollowUpRow(
                    delegation: d.id, number: f.number, unit: d.unitName, item: "\(d.itemName)（\(d.itemCode)）",
                    kind: f.kind.label, reason: f.reason, openedOn: f.openedOn.iso,
                    canClose: d.isAddressee(of: f.kind, principal))
            }
        }.sorted { ($0.openedOn, $0.delegation) < ($1.openedOn, $1.delegation) }
    }

    struct WorkPage {
        var role: String
        var done: Bool
        var isDepartment: Bool
        var isEstablishment: Bool
        var isJustice: Bool
        var isTownship: Bool
        var canEvaluate: Bool
        var myProposals: [Row]
        var toReview: [Row]
        var toLegalReview: [Row]
        var approved: [Row]
        var recallsToExecute: [Row]
        var pendingLines: [LineRow]
        var linesToDraw: [LineRow]
        var agreements: [AgreementRow]
        var delegations: [DelegationRow]
        var followUps: [FollowUpRow]
        /// Stored, not computed: templates read properties by reflection.
        var hasFollowUps: Bool
        var menu: [MenuRow]
        var today: String
        /// Delegations matching the filter (all of them), of which `delegations` shows the first 50.
        var delegationTotal: Int
        var unitFilter: String
        var itemFilter: String
        var units: [AccountsController.Option]
        /// The county's provincial grant catalogues a 赋权 proposal may cite (文号).
        var catalogues: [String]
    }

    /// Whether a principal sees a delegation: offices that see all units see all; others their unit's or their
    /// department's.
    static func isVisible(_ d: Delegation, to principal: Principal) -> Bool {
        principal.role.seesAllOrganizations || d.unit == principal.unit || d.department == principal.organization
    }

    /// The delegations a principal sees, filtered by unit and item text: running ones first, newest first.
    static func filter(_ all: [Delegation], principal: Principal, unit: String, item: String) -> [Delegation] {
        let visible = all.filter { isVisible($0, to: principal) }
        let matching = visible.filter { d in
            (unit.isEmpty || d.unit == unit) && (item.isEmpty || d.itemCode.contains(item) || d.itemName.contains(item))
        }
        return matching.sorted { a, b in
            if (a.state == .active) != (b.state == .active) { return a.state == .active }
            if a.effectiveOn != b.effectiveOn { return a.effectiveOn > b.effectiveOn }
            return a.id < b.id
        }
    }

    static func row(_ d: Delegation, today: Day) -> DelegationRow {
        let transition = d.inTransition(on: today) ? "过渡期至 \(d.transitionEnds.iso)（工作在镇街、责任在部门）" : ""
        let state = d.recallProposalId != nil && d.state == .active ? "收回办理中" : d.state.label
        return DelegationRow(
            id: d.id, unit: d.unitName, item: "\(d.itemName)（\(d.itemCode)）",
            mode: d.isLegacy ? "\(d.mode.label)（\(Delegation.Origin.legacy.label)）" : d.mode.label,
            decision: d.decision,
            effectiveOn: d.effectiveOn.iso, transition: transition, state: state,
            active: d.state == .active && d.recallProposalId == nil,
            evaluation: d.evaluationDue.map { due in
                "每 \(d.evaluationInterval ?? Delegation.defaultEvaluationMonths) 个月评估，下次应于 \(due.iso) 前"
                    + (d.lastEvaluation.map { "（上次 \($0.iso)）" } ?? "（尚未评估）")
            }, overdue: d.evaluationOverdue(on: today))
    }

    static func rows(_ proposals: [Proposal]) -> [Row] {
        proposals.map {
            Row(
                id: $0.id, title: "\($0.itemName)（\($0.itemCode)）",
                detail: "\($0.purpose == .recall ? "收回" : $0.mode.label) · \($0.departmentName) · \($0.reasons)",
                state: $0.state.label,
                opinions: $0.opinions.map { "\($0.stageLabel)：\($0.passed ? "通过" : "退回")，\($0.text)" })
        }
    }

    @Sendable static func work(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment, .justice, .department, .township, .officer, .supervisor], "下放流程", request, context,
            services)
        let store = DelegationStore(services.database)
        let county = principal.county
        let today = services.today
        let proposals = try await store.list(Proposal.self, county: county)
        let orders = try await store.list(Order.self, county: county)
        let agreements = try await store.list(Agreement.self, county: county)
        let delegations = try await store.list(Delegation.self, county: county)
        let role = principal.role
        let unitFilter: String = request.uri.queryParameters.get("unit") ?? ""
        let itemText: String = request.uri.queryParameters.get("item") ?? ""
        let itemFilter = itemText.trimmingCharacters(in: .whitespaces)
        let shown = Self.filter(
            delegations, principal: principal, unit: unitFilter, item: itemFilter)
        let mine: (Agreement) -> Bool = { $0.side(of: principal) != nil || role.seesAllOrganizations }
        var menu: [MenuRow] = []
        if role == .township, let unit = principal.unit {
            // Only what the unit can still order — the same rule `placeOrder` enforces.
            let held = try await DelegationService(services.database).heldItems(county: county, unit: unit, on: today)
            let published = proposals.filter { $0.state == .published && !held.contains($0.itemCode) }
            let fit = try await DelegationFit.labels(
                items: published.map(\.itemCode), principal: principal, services: services)
            let vocabulary = try await RequirementStore(services.database).vocabulary(county: county)
            menu = published.map {
                let missing = fit[$0.itemCode] ?? []
                return MenuRow(
                    id: $0.id, itemCode: $0.itemCode, itemName: $0.itemName, mode: $0.mode.label,
                    department: $0.departmentName, batch: $0.batch ?? "",
                    requirements: $0.requirements.map(vocabulary.label(of:)).joined(separator: "；"),
                    missing: missing.joined(separator: "；"), fits: missing.isEmpty)
            }
        }
        func lines(_ state: Order.LineState, drawn: Bool) -> [LineRow] {
            orders.flatMap { order in
                order.lines.enumerated().compactMap { index, line in
                    guard line.state == state, (line.agreementId != nil) == drawn else { return nil }
                    return LineRow(
                        order: order.id, line: index + 1, unit: order.unitName,
                        item: "\(line.itemName)（\(line.itemCode)）",
                        mode: line.mode.label, missing: line.missingAtOrder.joined(separator: "；"))
                }
            }
        }
        let followUps = Self.followUps(delegations, principal: principal)
        let page = WorkPage(
            role: role.label, done: request.uri.queryParameters.get("done") != nil, isDepartment: role == .department,
            isEstablishment: role == .establishment, isJustice: role == .justice, isTownship: role == .township,
            canEvaluate: role == .establishment || role == .supervisor,
            myProposals: rows(proposals.filter { role == .department && $0.department == principal.organization }),
            toReview: role == .establishment ? rows(proposals.filter { $0.state == .submitted }) : [],
            toLegalReview: role == .justice ? rows(proposals.filter { $0.state == .legalReview }) : [],
            approved: role == .establishment
                ? rows(proposals.filter { $0.state == .approved && $0.purpose == .delegate }) : [],
            recallsToExecute: role == .establishment
                ? rows(proposals.filter { $0.state == .approved && $0.purpose == .recall }) : [],
            pendingLines: role == .establishment ? lines(.pending, drawn: false) : [],
            linesToDraw: role == .establishment ? lines(.approved, drawn: false) : [],
            agreements: agreements.filter { $0.state != .effective && mine($0) }.map {
                AgreementRow(
                    id: $0.id, number: $0.number, title: $0.title, state: $0.state.label,
                    waiting: ($0.missingSigners.map { "待\($0.label)签署" } + $0.missingPublishers.map { "待\($0.label)公布" })
                        .joined(separator: "、"))
            },
            delegations: shown.prefix(50).map { Self.row($0, today: today) },
            followUps: followUps, hasFollowUps: !followUps.isEmpty, menu: menu, today: today.iso,
            delegationTotal: shown.count, unitFilter: unitFilter, itemFilter: itemFilter,
            units: try await services.townships(county: county).map {
                .init(value: $0.0.code.value, label: $0.0.name, selected: $0.0.code.value == unitFilter)
            },
            catalogues: role == .department
                ? try await DelegationStore(services.database).catalogueDecisions(county: county) : [])
        return try Page.render(
            page, template: "delegation/work", title: "赋权下放", section: "delegation", services: services)
    }

    /// The public menu page: published entries by batch.
    @Sendable static func menu(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let entries = try await DelegationStore(services.database).list(
            Proposal.self, county: services.county, states: [Proposal.State.published.rawValue])
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: services.county)
        let rows = entries.map {
            MenuRow(
                id: $0.id, itemCode: $0.itemCode, itemName: $0.itemName, mode: $0.mode.label,
                department: $0.departmentName,
                batch: $0.batch ?? "", requirements: $0.requirements.map(vocabulary.label(of:)).joined(separator: "；"),
                missing: "",
                fits: true)
        }
        return try Page.render(
            ["rows": rows, "total": rows.count] as [String: Any], template: "delegation/menu", title: "下放事项目录",
            section: "menu", services: services)
    }

    /// A 委托书 or 赋权决定 printed to GB/T 9704-2012 (A4, 版头, 文号, title, body, date), public once published.
    @Sendable static func document(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let agreement = try await DelegationController.visibleAgreement(request, context: context, services: services)
        // The issuing government of a 赋权决定: the county's own (its city's name, then its own), from the regions.
        var government = "区人民政府"
        if let code = RegionCode(agreement.county + "000000"),
            let county = try await services.regions.region(code)
        {
            var city = ""
            if let parent = county.parent { city = try await services.regions.region(parent)?.name ?? "" }
            government = city + county.name + "人民政府"
        }
        let html =
            services.templates.render(
                DocumentView(agreement, government: government), withTemplate: "delegation/document")
            ?? ""
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    struct DocumentView {
        var issuer: String
        var number: String
        var title: String
        var addressee: String
        var paragraphs: [String]
        var items: [String]
        var date: String
        var signatures: [String]
        var publications: [String]

        init(_ a: Agreement, government: String) {
            let entrusted = a.mode == .entrusted
            issuer = entrusted ? a.departmentName : government
            number = a.number
            title = a.title
            addressee = entrusted ? "\(a.unitName)：" : "各镇人民政府、各街道办事处，区级各部门："
            let term = a.termTo.map { "自\(a.termFrom.chinese)起至\($0.chinese)止" } ?? "自\(a.termFrom.chinese)起"
            var p: [String] = []
            if entrusted {
                p.append(
                    "根据《中华人民共和国行政处罚法》第二十条、第二十一条的规定，经区委编办审核、区司法局合法性审查，\(a.departmentName)决定委托\(a.unitName)实施下列行政权力事项。")
                p.append("一、委托事项：见下表。")
                p.append("二、委托权限：\(a.scope)。")
                p.append("三、委托期限：\(term)。")
                p.append("四、\(a.unitName)在委托范围内以\(a.actingName)的名义实施，不得再委托其他组织或者个人实施。")
            } else {
                p.append(
                    "根据《中华人民共和国行政处罚法》第二十四条和\(a.catalogue ?? "省级赋权目录")的规定，经区委编办审核、区司法局合法性审查，区人民政府决定将下列县级行政权力事项赋予\(a.unitName)行使。"
                )
                p.append("一、赋权事项：见下表。")
                p.append("二、行使权限：\(a.scope)。\(a.unitName)以自己的名义行使，并承担相应法律责任。")
                p.append("三、施行日期：\(term)。设承接过渡期 \(a.transitionMonths) 个月，过渡期内工作在镇街、责任在部门。")
                p.append("四、定期评估：每 \(a.evaluationMonths ?? 12) 个月组织一次评估，根据评估结果保留、加强支持或者收回。")
            }
            p.append("五、主管部门职责：\(a.departmentDuties)")
            p.append("六、承接单位职责：\(a.townshipDuties)")
            paragraphs = p
            items = ["\(a.itemCode)　\(a.itemName)"]
            date = (a.publications.map(\.on).max() ?? a.termFrom).chinese
            signatures = a.signatures.map { "\($0.side.label)已签署（\($0.by)）" }
            publications = a.publications.map { "\($0.side.label)于\($0.on.chinese)在\($0.place)公布" }
        }
    }
}

extension DelegationFit {
    /// Missing requirement labels per item for the principal's unit (the fit shown before ordering).
    static func labels(items: [String], principal: Principal, services: AppServices) async throws -> [String: [String]]
    {
        try await missing(items: items, principal: principal, services: services)
    }
}
