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
        /// What a review queue names on every row: the township (a recall's; a delegation proposal goes to the menu
        /// every township orders from), the item, the department and the mode.
        var township: String = ""
        var item: String = ""
        var department: String = ""
        var mode: String = ""
        var state: String
        var opinions: [String]
        /// The legal ground that applies (the county's row for the mode and the item's category), as printed.
        var ground: String
        /// The steps the proposal allows the viewer (`Proposal.allowedActions`): the page offers only these.
        var canResubmit = false
        var canWithdraw = false
        /// The row's form (its `_form` key is the row's queue and id), and the withdrawal's.
        var form = FormState()
        var withdrawForm = FormState()
        /// Ticked in the queue's batch form that was refused.
        var ticked = false
        /// Either step is offered (stored, not computed: templates read properties by reflection).
        var selectable = false
    }

    struct LineRow {
        var order: String
        var line: Int
        var unit: String
        var item: String
        var mode: String
        var missing: String
        var department: String = ""
        var form = FormState()
        var ticked = false
    }

    /// Approved lines that one document can cover: all lines of one department and township (委托书), or every
    /// approved 赋权 line (one 赋权决定 with its 附件).
    struct DrawGroup {
        var title: String
        var entrusted: Bool
        var lines: [DrawLine]
        /// `draw:` and the first line's key.
        var key: String = ""
        var form = FormState()
    }

    struct DrawLine {
        /// `O-0001/2`: the order and the line (from 1).
        var key: String
        var label: String
        var ticked = true
    }

    struct AgreementRow {
        var id: String
        var number: String
        /// The decision page of the 文号, once the decision is registered.
        var decisionLink: String?
        var title: String
        var state: String
        var waiting: String
        /// The steps the document allows the viewer (`Agreement.allowedActions`), with their forms.
        var canSign = false
        var canPublish = false
        var canStart = false
        var signForm = FormState()
        var publishForm = FormState()
        var startForm = FormState()
    }

    struct DelegationRow {
        var id: String
        var unit: String
        var item: String
        var mode: String
        var decision: String
        var decisionLink: String?
        var effectiveOn: String
        var transition: String
        /// Who answers in law for the whole term (the responsibility statements of the mode).
        var liability: String
        var state: String
        var active: Bool
        /// 赋权: the next 定期评估 due and the last one recorded; `overdue` when the due day has passed.
        var evaluation: String? = nil
        var overdue = false
        /// The steps the delegation allows the viewer (`Delegation.allowedActions`), with their forms.
        var evaluable = false
        var recallable = false
        var evaluateForm = FormState()
        var recallForm = FormState()
        var hasActions = false
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
        var ticked = false
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
        var form = FormState()
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

    /// What a done form says on the page it returns to: `kind` of step and `ref` (the record's id, a batch's name
    /// or event), the page reads the record again to name it and link to it (nothing typed travels in the URL).
    struct Done: Sendable {
        var kind: String
        var ref: String
        var count: Int? = nil

        var location: String {
            let plain = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
            var query = "done=\(kind)&ref=" + (ref.addingPercentEncoding(withAllowedCharacters: plain) ?? "")
            if let count { query += "&count=\(count)" }
            return "/delegation?" + query
        }
    }

    /// The confirmation at the top of the page: what was done, and a link to it.
    struct Notice {
        var text: String
        var href: String?
        var link: String?
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct WorkPage {
        var role: String
        var notice: Notice?
        /// A refused form's message, at the top of the page (and next to its field in the form).
        var refusal: String?
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
        var drawGroups: [DrawGroup]
        var agreements: [AgreementRow]
        var delegations: [DelegationRow]
        var followUps: [FollowUpRow]
        /// Stored, not computed: templates read properties by reflection.
        var hasFollowUps: Bool
        var menu: [MenuRow]
        var today: String
        /// Delegations matching the filter (all of them), of which `delegations` shows the first 50.
        /// The delegations table's filter bar, counts, pager and exports.
        var delegationTable: TableControls
        /// The county's provincial grant catalogues a 赋权 proposal may cite (文号).
        var catalogues: [Option]
        /// The page's own forms (row forms are on their rows).
        var proposeForm: FormState
        var proposeGranted: Bool
        var menuForm: FormState
        var orderForm: FormState
        var batchReviewForm: FormState
        var batchLinesForm: FormState
        var batchLegalForm: FormState
        var batchMineForm: FormState
        /// The department's own proposals it may still act on (the batch form shows only then).
        var hasSelectableProposals: Bool
    }

    /// The approved lines not yet in a document, as the documents they make: one 委托书 per department and
    /// township, one 赋权决定 for all 赋权 lines.
    static func drawGroups(_ orders: [Order]) -> [DrawGroup] {
        var groups: [String: DrawGroup] = [:]
        var keys: [String] = []
        for order in orders {
            for (index, line) in order.lines.enumerated() where line.state == .approved && line.agreementId == nil {
                let entrusted = line.mode == .entrusted
                let key = entrusted ? "委托/\(line.department)/\(order.unit)" : "赋权"
                if groups[key] == nil {
                    keys.append(key)
                    groups[key] = DrawGroup(
                        title: entrusted ? "委托书：\(line.departmentName)委托\(order.unitName)" : "赋权决定（区人民政府）",
                        entrusted: entrusted, lines: [])
                }
                groups[key]?.lines.append(
                    DrawLine(
                        key: "\(order.id)/\(index + 1)", label: "\(order.unitName)：\(line.itemName)（\(line.itemCode)）"))
            }
        }
        return keys.compactMap { groups[$0] }
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

    /// The delegations table: filters by township, mode and state; sorts by township, item, mode, day in force and
    /// state; by default the order of `filter` (in force first, the latest first).
    static func delegationSpec(townships: [(Region, TownshipKind)]) -> TableSpec {
        TableSpec(
            sortable: [
                .init("order", "在办优先"), .init("unit", "镇街"), .init("item", "事项编码"), .init("mode", "方式"),
                .init("effective", "生效日期"), .init("state", "状态"),
            ],
            filters: [
                .init("unit", "镇街", options: townships.map { .init($0.0.code.value, $0.0.name) }),
                .init("mode", "方式", options: DelegationMode.allCases.map { .init($0.rawValue, $0.label) }),
                .init("state", "状态", options: [.init("active", "实施中"), .init("recalled", "已收回")]),
            ], defaultSort: "order")
    }

    static func delegationRecord(_ d: Delegation, order: Int) -> TableRecord {
        TableRecord(
            values: [
                "order": .number(order), "unit": .text(d.unit), "item": .text(d.itemCode),
                "mode": .text(d.mode.rawValue),
                "effective": .day(d.effectiveOn), "state": .text(d.state.rawValue),
            ], searchText: [d.itemCode, d.itemName, d.unitName, d.decision].joined(separator: "\u{1F}"))
    }

    static func delegationExport(_ list: [Delegation], today: Day) -> TableExport {
        TableExport(
            sheetName: "下放事项", header: ["镇街", "事项编码", "事项名称", "方式", "决定", "生效日期", "状态", "下次评估期限"],
            rows: list.map { d in
                [
                    .text(d.unitName), .text(d.itemCode), .text(d.itemName), .text(d.mode.label), .text(d.decision),
                    .day(d.effectiveOn), .text(d.state.label), d.evaluationDue.map(TableValue.day) ?? .empty,
                ]
            })
    }

    static func row(
        _ d: Delegation, today: Day, responsibilities: [DelegationMode: Responsibility], registered: Set<String> = []
    ) -> DelegationRow {
        let filled = responsibilities[d.mode]?.filled(delegation: d)
        let transition = d.inTransition(on: today) ? filled?.transition ?? "" : ""
        let state = d.recallProposalId != nil && d.state == .active ? "收回办理中" : d.state.label
        return DelegationRow(
            id: d.id, unit: d.unitName, item: "\(d.itemName)（\(d.itemCode)）",
            mode: d.isLegacy ? "\(d.mode.label)（\(Delegation.Origin.legacy.label)）" : d.mode.label,
            decision: d.decision,
            decisionLink: registered.contains(d.decision) ? DecisionsController.link(d.decision) : nil,
            effectiveOn: d.effectiveOn.iso, transition: transition, liability: filled?.liability ?? "", state: state,
            active: d.state == .active && d.recallProposalId == nil,
            evaluation: d.evaluationDue.map { due in
                "每\(d.evaluationInterval ?? Delegation.defaultEvaluationMonths)个月评估，下次应于\(due.chinese)前"
                    + (d.lastEvaluation.map { "（上次\($0.chinese)）" } ?? "（尚未评估）")
            }, overdue: d.evaluationOverdue(on: today))
    }

    /// Proposal rows with the legal ground that applies to each (`grounds` of the county, the items' categories).
    static func rows(
        _ proposals: [Proposal], grounds: LegalGroundTable, items: [String: PowerItem], units: [String: String] = [:]
    ) -> [Row] {
        proposals.map { p in
            Row(
                id: p.id, title: "\(p.itemName)（\(p.itemCode)）",
                detail: "\(p.purpose == .recall ? "收回" : p.mode.label) · \(p.departmentName) · \(p.reasons)",
                township: p.purpose == .recall
                    ? p.delegationId.flatMap { units[$0] } ?? "—" : "各镇街（发布后点单）",
                item: "\(p.itemName)（\(p.itemCode)）", department: p.departmentName,
                mode: p.purpose == .recall ? "收回\(p.mode.label)" : p.mode.label,
                state: p.state.label,
                opinions: p.opinions.map { "\($0.stageLabel)：\($0.passed ? "通过" : "退回")，\($0.text)" },
                ground: Self.ground(p, grounds: grounds, items: items))
        }
    }

    /// The printed ground of a proposal, or why there is none.
    static func ground(_ p: Proposal, grounds: LegalGroundTable, items: [String: PowerItem]) -> String {
        guard let item = items[p.itemCode] else { return "事项目录中没有该事项" }
        guard let ground = grounds.ground(p.mode, item.category) else {
            return "法律依据表中没有“\(p.mode.label)·\(item.category.label)”的依据"
        }
        let printed = ground.printed(catalogue: p.catalogue)
        return ground.permitted ? printed : "不得下放：\(printed)"
    }

    /// The work page; with `refusal`, the page a refused form came from, rendered again with its status, its
    /// message and what was typed (`FormReturn`).
    @Sendable static func work(
        _ request: Request, context: AppContext, services: AppServices, refusal: FormRefusal? = nil
    ) async throws -> Response {
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
        let visible = Self.filter(delegations, principal: principal, unit: "", item: "")
        let spec = Self.delegationSpec(townships: try await services.townships(county: county))
        var parameters = TableControls.parameters(request)
        // `item`, the keyword's name before the table mechanism, still works in kept links.
        if parameters["q"] == nil, let item = parameters["item"] { parameters["q"] = item }
        let query = try TableControls.query(parameters, spec: spec)
        let format = try TableControls.format(request)
        let order = Dictionary(uniqueKeysWithValues: visible.enumerated().map { ($1.id, $0) })
        let table = query.apply(visible) { Self.delegationRecord($0, order: order[$0.id] ?? 0) }
        if format != .html {
            return TableControls.download(
                Self.delegationExport(table.filtered, today: today), format: format, filename: "下放事项_\(today.iso)")
        }
        let mine: (Agreement) -> Bool = { $0.side(of: principal) != nil || role.seesAllOrganizations }
        /// The state of one of the page's forms: what was typed, if it is the refused one.
        func form(_ key: String) -> FormState { refusal?.state(key) ?? FormState() }
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
                    missing: missing.joined(separator: "；"), fits: missing.isEmpty,
                    ticked: form("order").ticked("proposals", $0.id))
            }
        }
        func lines(_ state: Order.LineState, drawn: Bool) -> [LineRow] {
            orders.flatMap { order in
                order.lines.enumerated().compactMap { index, line in
                    guard line.state == state, (line.agreementId != nil) == drawn else { return nil }
                    let key = "\(order.id)/\(index + 1)"
                    return LineRow(
                        order: order.id, line: index + 1, unit: order.unitName,
                        item: "\(line.itemName)（\(line.itemCode)）",
                        mode: line.mode.label,
                        // An empty string is truthy for Mustache: the gap column would stay blank, not say "无".
                        missing: line.missingAtOrder.isEmpty ? "无" : line.missingAtOrder.joined(separator: "；"),
                        department: line.departmentName, form: form("line:\(key)"),
                        ticked: form("batch-lines").ticked("rows", key))
                }
            }
        }
        let followUps = Self.followUps(delegations, principal: principal)
        let grounds = try await LegalGroundStore(services.database).table(county: county)
        let proposalItems = Dictionary(
            try await services.items.items(county: county, codes: Array(Set(proposals.map(\.itemCode)))).map {
                ($0.code, $0)
            }, uniquingKeysWith: { a, _ in a })
        let responsibilities = try LegalGroundsData.responsibilities()
        let unitOfDelegation = Dictionary(delegations.map { ($0.id, $0.unitName) }, uniquingKeysWith: { a, _ in a })
        /// Proposal rows of one queue: its forms are `<queue>:<id>`, its batch form `batch`; the steps offered are
        /// the ones the proposal allows the viewer.
        func rows(_ list: [Proposal], queue: String, batch: String = "") -> [Row] {
            let byId = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return Self.rows(list, grounds: grounds, items: proposalItems, units: unitOfDelegation).map { row in
                var row = row
                let allowed = byId[row.id]?.allowedActions(for: principal) ?? []
                row.canResubmit = allowed.contains(.resubmit)
                row.canWithdraw = allowed.contains(.withdraw)
                row.selectable = row.canResubmit || row.canWithdraw
                row.form = form("\(queue):\(row.id)")
                row.withdrawForm = form("withdraw:\(row.id)")
                row.ticked = batch.isEmpty ? false : form(batch).ticked("rows", row.id)
                return row
            }
        }
        let allowed: (Proposal, Proposal.Action) -> Bool = { $0.allowedActions(for: principal).contains($1) }
        let notice = try Self.notice(
            request, principal: principal, proposals: proposals, orders: orders, agreements: agreements,
            delegations: delegations, services: services)
        let catalogues =
            role == .department ? try await DelegationStore(services.database).catalogueDecisions(county: county) : []
        let proposeForm = form("propose")
        let myProposals = rows(
            proposals.filter { role == .department && $0.department == principal.organization }, queue: "resubmit",
            batch: "batch-mine")
        let registered = Set(try await services.decisions.all(county: county).map(\.number))
        let page = WorkPage(
            role: role.label, notice: notice, refusal: refusal?.message, isDepartment: role == .department,
            isEstablishment: role == .establishment, isJustice: role == .justice, isTownship: role == .township,
            canEvaluate: role == .establishment || role == .supervisor,
            myProposals: myProposals,
            toReview: rows(proposals.filter { allowed($0, .review) }, queue: "review", batch: "batch-review"),
            toLegalReview: rows(
                proposals.filter { allowed($0, .legalReview) }, queue: "legal", batch: "batch-legal"),
            approved: rows(proposals.filter { allowed($0, .publish) }, queue: "publish").map { row in
                var row = row
                row.ticked = form("menu").ticked("proposals", row.id, fallback: true)
                return row
            },
            recallsToExecute: rows(proposals.filter { allowed($0, .execute) }, queue: "execute"),
            pendingLines: role == .establishment
                ? lines(.pending, drawn: false).filter { line in
                    orders.first { $0.id == line.order }?.canDecide(line: line.line - 1, by: principal) ?? false
                } : [],
            drawGroups: role == .establishment
                ? Self.drawGroups(orders).map { group in
                    var group = group
                    group.key = "draw:" + (group.lines.first?.key ?? "")
                    group.form = form(group.key)
                    group.lines = group.lines.map { line in
                        var line = line
                        line.ticked = group.form.ticked("lines", line.key, fallback: true)
                        return line
                    }
                    return group
                } : [],
            agreements: agreements.filter { $0.state != .effective && mine($0) }.map { a in
                let actions = a.allowedActions(for: principal)
                return AgreementRow(
                    id: a.id, number: a.number,
                    decisionLink: registered.contains(a.number) ? DecisionsController.link(a.number) : nil,
                    title: a.title, state: a.state.label,
                    waiting: (a.missingSigners.map { "待\($0.label)签署" } + a.missingPublishers.map { "待\($0.label)公布" })
                        .joined(separator: "、"),
                    canSign: actions.contains(.sign), canPublish: actions.contains(.publish),
                    canStart: actions.contains(.start), signForm: form("sign:\(a.id)"),
                    publishForm: form("publish:\(a.id)"), startForm: form("start:\(a.id)"))
            },
            delegations: table.rows.map { d in
                var row = Self.row(d, today: today, responsibilities: responsibilities, registered: registered)
                let actions = d.allowedActions(for: principal)
                // Evaluation and recall are offered where the table has its column (编办, supervisors).
                row.evaluable = actions.contains(.evaluate)
                row.recallable = actions.contains(.recall) && role == .establishment
                row.hasActions = row.evaluable || row.recallable
                row.evaluateForm = form("evaluate:\(d.id)")
                row.recallForm = form("recall:\(d.id)")
                return row
            },
            followUps: followUps.map { f in
                var f = f
                f.form = form("close:\(f.delegation)/\(f.number)")
                return f
            }, hasFollowUps: !followUps.isEmpty, menu: menu, today: today.iso,
            delegationTable: TableControls(
                path: "/delegation", spec: spec, query: query, page: table, placeholder: "事项名称、编码、镇街或文号中的字词"),
            catalogues: catalogues.map {
                Option(value: $0, label: $0, selected: proposeForm.values["catalogue"] == $0)
            },
            proposeForm: proposeForm, proposeGranted: proposeForm.values["mode"] == DelegationMode.granted.rawValue,
            menuForm: form("menu"), orderForm: form("order"), batchReviewForm: form("batch-review"),
            batchLinesForm: form("batch-lines"), batchLegalForm: form("batch-legal"), batchMineForm: form("batch-mine"),
            hasSelectableProposals: myProposals.contains { $0.selectable })
        return try Page.render(
            page, template: "delegation/work", title: "赋权下放", section: "delegation", services: services,
            status: refusal?.status ?? .ok)
    }

    /// What the done form of the previous request did (`Done` in the query), named from the records as they now
    /// are, with a link to the thing done; nil without `done`, or when the record is not the viewer's to see.
    static func notice(
        _ request: Request, principal: Principal, proposals: [Proposal], orders: [Order], agreements: [Agreement],
        delegations: [Delegation], services: AppServices
    ) throws -> Notice? {
        let query = request.uri.queryParameters
        guard let done = query.get("done"), !done.isEmpty else { return nil }
        let kind = String(done)
        let ref = query.get("ref").map { String($0) } ?? ""
        let count = query.get("count").flatMap { Int($0) } ?? 0
        let proposal = proposals.first { $0.id == ref }
        let agreement = agreements.first {
            $0.id == ref && ($0.side(of: principal) != nil || principal.role.seesAllOrganizations)
        }
        let delegation = delegations.first { $0.id == ref && Self.isVisible($0, to: principal) }
        /// A proposal's own row for its department; the item's page for the reviewing offices.
        func proposalLink(_ p: Proposal) -> (String, String) {
            principal.role == .department && p.department == principal.organization
                ? ("#proposal-\(p.id)", "查看本部门的申请") : ("/items/\(p.itemCode)", "查看事项“\(p.itemName)”")
        }
        func delegationLink(_ d: Delegation) -> String {
            "/delegation?unit=\(d.unit)&q=\(d.itemCode.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        switch kind {
        case "proposed":
            guard let p = proposal else { return nil }
            let (href, link) = proposalLink(p)
            return Notice(text: "已提交下放申请 \(p.id)（\(p.itemName)），待编办审核。", href: href, link: link)
        case "proposal":
            guard let p = proposal else { return nil }
            let (href, link) = proposalLink(p)
            return Notice(text: "已办理申请 \(p.id)（\(p.itemName)），当前状态：\(p.state.label)。", href: href, link: link)
        case "executed":
            guard let p = proposal, let decision = p.decision else { return nil }
            return Notice(
                text: "已执行收回申请 \(p.id)（\(p.itemName)），收回决定 \(decision)。",
                href: DecisionsController.link(decision), link: "查看决定 \(decision)")
        case "menu":
            return Notice(text: "已发布下放目录“\(ref)”，共 \(count) 项，镇街可以点单。", href: "/menu", link: "查看下放事项目录")
        case "ordered":
            guard let order = orders.first(where: { $0.id == ref && $0.unit == principal.unit }) else { return nil }
            return Notice(
                text: "已提交点单 \(order.id)，共 \(order.lines.count) 项，待编办审批。", href: "/workbench", link: "在工作台跟踪点单")
        case "line":
            guard orders.contains(where: { $0.id == ref }) else { return nil }
            return Notice(text: "已审批点单 \(ref) 的一项。", href: "#pending-lines", link: "继续审批点单")
        case "drawn", "signed", "published", "started":
            guard let a = agreement else { return nil }
            let what =
                switch kind {
                case "drawn": "已拟定"
                case "signed": "已签署"
                case "published": "已公布"
                default: "已生效，开始实施 \(count) 项下放事项："
                }
            return Notice(text: "\(what)\(a.number)《\(a.title)》。", href: "/agreements/\(a.id)", link: "查看文书")
        case "evaluated", "recall", "followup":
            guard let d = delegation else { return nil }
            let what =
                switch kind {
                case "evaluated": "已记录评估"
                case "recall": "已提出收回，待编办审核和司法局合法性审查"
                default: "已办结跟进事项"
                }
            return Notice(text: "\(what)：\(d.unitName)“\(d.itemName)”。", href: delegationLink(d), link: "查看该下放事项")
        case "batch":
            let (what, href, link): (String, String, String) =
                switch ref {
                case "review": ("已审核 \(count) 项申请", "#to-review", "继续审核")
                case "legal-review": ("已对 \(count) 项申请完成合法性审查", "#to-legal-review", "继续审查")
                case "order-line": ("已审批 \(count) 项点单", "#pending-lines", "继续审批")
                case "resubmit": ("已重新提交 \(count) 项申请", "#my-proposals", "查看本部门的申请")
                case "withdraw": ("已撤回 \(count) 项申请", "#my-proposals", "查看本部门的申请")
                default: ("已办理 \(count) 项", "#", "返回")
                }
            return Notice(text: "\(what)，逐项记入审计日志。", href: href, link: link)
        default:
            return nil
        }
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

    /// A 委托书 or 赋权决定 printed to GB/T 9704-2012, public once published: pages computed by `DocumentLayout`
    /// (22 lines of 28 characters), each with its page number outside the text block — right on odd pages, left
    /// on even ones — the 附件 on pages of its own, and the 版记 at the foot of the last page.
    @Sendable static func document(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let agreement = try await DelegationController.visibleAgreement(request, context: context, services: services)
        let orgs = try await services.organizations.all(county: agreement.county)
        let wording = try await Self.wording(agreement, services: services)
        let html =
            services.templates.render(
                DocumentView(agreement, organizations: orgs, wording: wording), withTemplate: "delegation/document")
            ?? ""
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The ground and responsibility paragraphs of a document (fixed when drawn; for older documents the county's
    /// current ground row and the mode's statements).
    static func wording(_ a: Agreement, services: AppServices) async throws -> DocumentWording {
        var ground: LegalGround?
        if a.statements == nil,
            let category = try await services.items.items(county: a.county, codes: [a.lines.first?.itemCode ?? ""])
                .first?.category
        {
            ground = try await LegalGroundStore(services.database).table(county: a.county).ground(a.mode, category)
        }
        return DocumentWording.of(a, ground: ground, responsibility: try LegalGroundsData.responsibility(a.mode))
    }

    /// The ground's wording in brackets after its citation (nothing when the ground has none).
    static func explained(_ wording: DocumentWording) -> String {
        wording.wording.isEmpty ? "" : "（\(wording.wording)）"
    }

    /// One cell row of the 附件 table.
    struct AnnexRow {
        var cells: [String]
    }

    /// One block of a printed page; exactly one of the kinds is set.
    struct Block {
        var isMasthead: Bool = false
        var heading: Heading? = nil
        var addresseeText: String? = nil
        var paragraphText: String? = nil
        var signOff: SignOff? = nil
        var isAnnexLabel: Bool = false
        var annexHeading: Heading? = nil
        var tableData: Table? = nil
        var recordData: Record? = nil
        /// Lines of the 28 × 22 grid the block takes.
        var height: Int = 1
    }

    /// A title's lines, as `DocumentLayout.titleLines` broke it.
    struct Heading {
        var lines: [String]
    }

    struct Table {
        var headers: [String]
        var rows: [AnnexRow]
        var wide: Bool
    }

    /// 发文机关署名 and 成文日期: one signer (the county for 赋权) or two side by side (委托方, 受委托方).
    struct SignOff {
        var signers: [String]
        var date: String
        var two: Bool
    }

    /// 版记 (GB/T 9704-2012 7.4): 抄送, then 印发机关 and 印发日期.
    struct Record {
        var copies: String
        var printer: String
        var printed: String
    }

    struct PrintedPage {
        var pageNumber: Int
        var folio: String
        var odd: Bool
        var blocks: [Block]
        var last: Bool
    }

    struct DocumentView {
        var issuer: String
        /// The issuer mark's size class (longer names in smaller type, one line in the text block).
        var markSize: String
        var number: String
        var title: String
        var pages: [PrintedPage]
        var signatures: [String]
        var publications: [String]

        /// The columns of the 附件 table and their widths in characters (28 in all).
        static let entrustColumns: [(String, Double)] = [("序号", 3), ("事项名称（编码）", 12), ("委托权限", 13)]
        static let grantColumns: [(String, Double)] = [("序号", 3), ("事项名称（编码）", 10), ("主管部门", 6), ("行使权限", 9)]

        init(_ a: Agreement, organizations: [Organization], wording: DocumentWording) {
            let entrusted = a.mode == .entrusted
            issuer = a.issuerName
            markSize = ["s", "m", "l", "xl"][min(3, max(0, (a.issuerName.count - 8) / 3))]
            number = a.number
            title = a.title
            let date = (a.publications.map(\.on).max() ?? a.termFrom).chinese
            var blocks: [Block] = [Block(isMasthead: true, height: 6)]
            let titleLines = DocumentLayout.titleLines(a.titleParts)
            blocks.append(Block(heading: Heading(lines: titleLines), height: titleLines.count + 1))
            let addressee = entrusted ? "\(a.unitName)：" : "各镇人民政府、各街道办事处，区级各部门："
            blocks.append(Block(addresseeText: addressee, height: 1))
            for text in Self.body(a, wording: wording) {
                blocks.append(Block(paragraphText: text, height: DocumentLayout.lineCount(text)))
            }
            let annexName = entrusted ? "委托事项及权限目录" : "赋予镇（街道）的县级行政权力事项目录"
            let note = "附件：\(annexName)"
            blocks.append(Block(paragraphText: note, height: DocumentLayout.lineCount(note)))
            blocks.append(
                Block(
                    signOff: SignOff(
                        signers: entrusted ? ["委托方：\(a.departmentName)", "受委托方：\(a.unitName)"] : [a.issuerName],
                        date: date, two: entrusted), height: entrusted ? 5 : 4))
            if !entrusted {
                let accepted = "承接单位：" + a.units.map(\.name).joined(separator: "、") + "（已签署承接）"
                blocks.append(Block(paragraphText: accepted, height: DocumentLayout.lineCount(accepted, indent: 0)))
            }
            var pages = DocumentLayout.paginate(blocks.map(\.height)).map { $0.map { blocks[$0] } }
            // The 附件 on pages of its own: label, title, then the table with its header on every page.
            let columns = entrusted ? Self.entrustColumns : Self.grantColumns
            let annexTitle = DocumentLayout.titleLines([annexName])
            var first: [Block] = [
                Block(isAnnexLabel: true, height: 1),
                Block(annexHeading: Heading(lines: annexTitle), height: annexTitle.count + 1),
            ]
            if let term = a.termTo {
                let text = "委托期限：自\(a.termFrom.chinese)起至\(term.chinese)止。"
                first.append(Block(paragraphText: text, height: DocumentLayout.lineCount(text)))
            }
            if !entrusted {
                let text = "承接镇（街道）：\(a.units.map(\.name).joined(separator: "、"))，共\(a.units.count)个。"
                first.append(Block(paragraphText: text, height: DocumentLayout.lineCount(text)))
            }
            let rows = Self.annexRows(a)
            let header = Self.height(columns.map(\.0), columns)
            // One line of each page is left free: table rules add a little to every row.
            let capacity = DocumentLayout.linesPerPage - 1
            var page = first
            var used = first.map(\.height).reduce(0, +) + header
            var tableRows: [AnnexRow] = []
            for row in rows {
                let height = Self.height(row.cells, columns)
                if used + height > capacity && !tableRows.isEmpty {
                    page.append(Block(tableData: Table(headers: columns.map(\.0), rows: tableRows, wide: !entrusted)))
                    pages.append(page)
                    page = []
                    tableRows = []
                    used = header
                }
                tableRows.append(row)
                used += height
            }
            page.append(Block(tableData: Table(headers: columns.map(\.0), rows: tableRows, wide: !entrusted)))
            let copies = Self.copies(a, organizations: organizations)
            let record = Record(
                copies: "抄送：\(copies)。", printer: entrusted ? "\(a.issuerName)办公室" : "\(a.issuerName)办公室",
                printed: "\(date)印发")
            let recordHeight = 2 + DocumentLayout.lineCount(record.copies, indent: 1)
            if used + recordHeight > DocumentLayout.linesPerPage {
                pages.append(page)
                page = []
            }
            page.append(Block(recordData: record, height: recordHeight))
            pages.append(page)
            self.pages = pages.enumerated().map { index, blocks in
                PrintedPage(
                    pageNumber: index + 1, folio: "— \(index + 1) —", odd: index % 2 == 0, blocks: blocks,
                    last: index == pages.count - 1)
            }
            let names = Dictionary(
                (a.signers + a.publishers).map { ($0.side.rawValue + "/" + $0.code, $0.name) },
                uniquingKeysWith: { x, _ in x })
            signatures = a.signatures.map {
                "\(names[$0.side.rawValue + "/" + ($0.organization ?? "")] ?? $0.side.label)已签署"
            }
            publications = a.publications.map {
                "\(names[$0.side.rawValue + "/" + ($0.organization ?? "")] ?? $0.side.label)于\($0.on.chinese)在\($0.place)公布"
            }
        }

        /// Lines a table row takes: its tallest cell.
        static func height(_ cells: [String], _ columns: [(String, Double)]) -> Int {
            zip(cells, columns).map { DocumentLayout.lineCount($0, indent: 0, columns: $1.1 - 0.5) }.max() ?? 1
        }

        /// The 附件 rows: a 委托书's items with their 权限; a 赋权决定's items once each, with the townships that take
        /// them when not all of the decision's townships do.
        static func annexRows(_ a: Agreement) -> [AnnexRow] {
            if a.mode == .entrusted {
                return a.lines.enumerated().map { index, line in
                    AnnexRow(cells: ["\(index + 1)", "\(line.itemName)（\(line.itemCode)）", line.scope])
                }
            }
            let all = a.units.count
            return a.linesByItem.enumerated().map { index, group in
                let (code, lines) = group
                let first = lines[0]
                var item = "\(first.itemName)（\(code)）"
                if lines.count != all { item += "；承接：" + lines.map(\.unitName).joined(separator: "、") }
                return AnnexRow(cells: ["\(index + 1)", item, first.departmentName, first.scope])
            }
        }

        /// 抄送: the offices that review and keep the lists, and for a 赋权决定 the departments handing items over.
        static func copies(_ a: Agreement, organizations: [Organization]) -> String {
            var names: [String] = []
            if a.mode == .entrusted, let government = organizations.first(where: { $0.kind == .countyGovernment }) {
                names.append(government.name)
            }
            names += organizations.filter { $0.isEstablishmentOffice || $0.isJusticeBureau }.map(\.name)
            if a.mode == .granted { names += a.departments.map(\.name) }
            var seen = Set<String>()
            return names.filter { seen.insert($0).inserted }.joined(separator: "，")
        }

        /// The document's running text. The legal ground and the responsibilities come from data
        /// (`DocumentWording`: the ground table and the responsibility statements, fixed when the document was
        /// drawn); only the document's frame is written here.
        static func body(_ a: Agreement, wording: DocumentWording) -> [String] {
            let legal = legalParagraphs(a, wording: wording)
            let entrusted = a.mode == .entrusted
            let term = a.termTo.map { "自\(a.termFrom.chinese)起至\($0.chinese)止" } ?? "自\(a.termFrom.chinese)起"
            var p: [String] = [legal.ground]
            if entrusted {
                p.append("一、委托事项及权限：共\(a.lines.count)项，见附件。")
                p.append("二、委托期限：\(term)。")
                p.append("三、\(a.unitName)在委托范围内以\(a.departmentName)的名义实施。")
            } else {
                let items = Set(a.lines.map(\.itemCode)).count
                p.append("一、赋权事项：\(items)项，承接镇（街道）\(a.units.count)个，见附件。")
                p.append("二、行使权限：见附件。")
                p.append("三、施行日期：\(term)。设承接过渡期\(a.transitionMonths)个月。")
                p.append("四、定期评估：每\(a.evaluationMonths ?? 12)个月组织一次评估，根据评估结果保留、加强支持或者收回。")
            }
            let first = entrusted ? 4 : 5
            for (offset, text) in legal.responsibilities.enumerated() {
                p.append("\(Self.ordinals[first + offset - 1])、\(text)")
            }
            return p
        }

        static let ordinals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

        /// The legal ground and the responsibilities the document prints, from `DocumentWording`.
        static func legalParagraphs(_ a: Agreement, wording: DocumentWording) -> (
            ground: String, responsibilities: [String]
        ) {
            let ground = "根据\(wording.basis)的规定\(DelegationPages.explained(wording))，经区委编办审核、区司法局合法性审查，"
            if a.mode == .entrusted {
                return (ground + "\(a.departmentName)决定委托\(a.unitName)实施下列行政权力事项。", wording.responsibility)
            }
            return (ground + "\(a.issuerName)决定将下列县级行政权力事项赋予有关镇（街道）行使。", wording.responsibility)
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
