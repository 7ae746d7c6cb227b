import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Adjustment suggestions (DESIGN §5): staff-only; 编办, 司法局 and supervisors read them, 编办 accepts or dismisses.
enum SuggestionsController {
    static let readers: Set<Role> = [.establishment, .justice, .supervisor]

    struct Row: Encodable {
        var key: String
        var fingerprint: String
        var rule: String
        var ruleName: String
        var township: String
        var townshipName: String
        var itemCode: String
        var severity: String
        var severityLabel: String
        var action: String
        var actionLabel: String
        var evidence: String
        var from: String
        var to: String
        var status: String
        var open: Bool
    }

    static func rows(_ list: [SuggestionStatus], names: [String: String]) -> [Row] {
        let ruleNames = SuggestionEngine().ruleNames
        return list.map {
            let s = $0.suggestion
            return Row(
                key: s.key, fingerprint: s.fingerprint, rule: s.rule, ruleName: ruleNames[s.rule] ?? s.rule,
                township: s.township,
                townshipName: s.township == "*" ? "全部承接镇街" : names[s.township] ?? s.township, itemCode: s.itemCode,
                severity: s.severity.rawValue, severityLabel: s.severity.label, action: s.action.rawValue,
                actionLabel: s.action.label, evidence: s.evidence, from: s.from.iso, to: s.to.iso,
                status: $0.status == "accepted" ? "已采纳" : "待处理", open: $0.status == "open")
        }
    }

    /// The findings as of a day with their status: the stored result for today (`SuggestionService.current`),
    /// computed on the read for another day.
    static func current(_ services: AppServices, county: String, asOf: Day) async throws -> (
        StoredFindings, [SuggestionStatus]
    ) {
        try await SuggestionService(services.database).current(
            county: county, asOf: asOf, today: services.today, refresh: services.analysisRefresh)
    }

    struct Answer: Encodable {
        var asOf: String
        /// When the findings were computed (UTC), and whether the data has changed since (a newer result follows
        /// within the server's analysis interval).
        var computedAt: String
        var stale: Bool
        var total: Int
        var suggestions: [Row]
    }

    @Sendable static func api(_ request: Request, context: AppContext, services: AppServices) async throws -> Response {
        let principal = try await DelegationController.require(readers, "调整建议", request, context, services)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let (stored, list) = try await current(services, county: principal.county, asOf: asOf)
        let names = Dictionary(
            try await services.townships(county: principal.county).map { ($0.0.code.value, $0.0.name) },
            uniquingKeysWith: { a, _ in a })
        let rows = rows(list, names: names)
        let page = try Listing.page(request, rows)
        return JSONBody.response(
            Answer(
                asOf: asOf.iso, computedAt: AtomFeed.timestamp(stored.computedAt), stale: stored.stale,
                total: rows.count, suggestions: page.items), page: page.headers)
    }

    typealias Option = FormOption

    struct GroupEvidence: Encodable {
        var text: String
        var places: String
    }

    struct GroupAction: Encodable {
        var label: String
        var open: Int
        var decided: Int
        var hasOpen: Bool
        var hasDecided: Bool
        var href: String
    }

    /// One rule on one item: its townships and evidence once, and one button per action it asks for.
    struct GroupRow: Encodable {
        var rule: String
        var ruleName: String
        var itemCode: String
        var itemName: String
        var severity: String
        var severityLabel: String
        var townships: String
        /// "（15 个）" when the group names townships (not only the district as a whole).
        var townshipCount: String?
        var evidence: [GroupEvidence]
        var period: String
        var actions: [GroupAction]
    }

    struct PageModel {
        /// The day as running text prints it (2023年12月31日).
        var asOfText: String
        /// How many findings the filtered groups hold.
        var findings: String
        var groups: [GroupRow]
        var canDecide: Bool
        var controls: TableControls
        var notice: String?
        /// When the findings were computed, and a notice when the data changed since.
        var computed: String
        var stale: String?
    }

    /// The findings as of the request's day with their status, the townships' names and the items' names.
    static func findings(_ request: Request, _ services: AppServices, county: String) async throws -> (
        asOf: Day, stored: StoredFindings, found: [SuggestionStatus], townships: [String: String],
        items: [String: String]
    ) {
        let asOf = try Query.day(request, "asOf", default: services.today)
        let (stored, found) = try await current(services, county: county, asOf: asOf)
        let townships = Dictionary(
            try await services.townships(county: county).map { ($0.0.code.value, $0.0.name) },
            uniquingKeysWith: { a, _ in a })
        let items = Dictionary(
            try await ItemStore(services.database).items(
                county: county, codes: Array(Set(found.map(\.suggestion.itemCode))).sorted()
            ).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return (asOf, stored, found, townships, items)
    }

    static func place(_ township: String, _ names: [String: String]) -> String {
        township == "*" ? "全部承接镇街" : names[township] ?? township
    }

    static func confirmHref(asOf: Day, rule: String, item: String, action: Suggestion.Action) -> String {
        var parts = URLComponents()
        parts.path = "/suggestions/confirm"
        parts.queryItems = [
            .init(name: "asOf", value: asOf.iso), .init(name: "rule", value: rule), .init(name: "item", value: item),
            .init(name: "action", value: action.rawValue),
        ]
        return parts.string ?? "/suggestions"
    }

    /// The groups' table: filters by rule, township and severity (a township keeps its own findings of each group),
    /// a keyword on the item's code and name and the rule's name, sorting, paging and export.
    static func spec(ruleNames: [String: String], townships: [(code: String, name: String)]) -> TableSpec {
        let rules = ruleNames.keys.sorted { ($0.count, $0) < ($1.count, $1) }
        let severities: [Suggestion.Severity] = [.serious, .warning, .info]
        return TableSpec(
            sortable: [
                .init("severity", "严重程度"), .init("rule", "规则"), .init("item", "事项编码"), .init("townships", "涉及镇街数"),
                .init("open", "待处理条数"),
            ],
            filters: [
                .init("rule", "规则", options: rules.map { .init($0, "\($0) \(ruleNames[$0] ?? $0)") }),
                .init(
                    "township", "镇街",
                    options: [.init("*", place("*", [:]))] + townships.map { .init($0.code, $0.name) }),
                .init("severity", "严重程度", options: severities.map { .init($0.rawValue, $0.label) }),
            ], defaultSort: "severity", defaultDescending: true, defaultPageSize: 20)
    }

    @Sendable static func page(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(readers, "调整建议", request, context, services)
        let format = try TableControls.format(request)
        let (asOf, stored, found, names, items) = try await findings(request, services, county: principal.county)
        let ruleNames = SuggestionEngine().ruleNames
        // The townships' names `findings` read already, by code.
        let spec = spec(ruleNames: ruleNames, townships: names.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let query = try TableControls.query(request, spec: spec)
        // The filters keep findings, then the kept findings are grouped: a township keeps its own findings of each
        // group, a severity the findings of that severity (as the page always filtered).
        let filters = query.filters
        let kept = found.filter {
            let s = $0.suggestion
            return (filters["rule"] == nil || filters["rule"] == s.rule)
                && (filters["township"] == nil || filters["township"] == s.township)
                && (filters["severity"] == nil || filters["severity"] == s.severity.rawValue)
        }
        let open = Set(kept.filter { $0.status == "open" }.map(\.suggestion.key))
        var ordering = query
        ordering.filters = [:]
        var page = ordering.apply(SuggestionGroup.grouping(kept.map(\.suggestion), names: ruleNames)) { g in
            TableRecord(
                values: [
                    "severity": .number(g.severity == .serious ? 3 : g.severity == .warning ? 2 : 1),
                    "rule": .number(Int(g.rule.dropFirst()) ?? 0), "item": .text(g.itemCode),
                    "townships": .number(g.townships.filter { $0 != "*" }.count),
                    "open": .number(g.members.filter { open.contains($0.key) }.count),
                ], searchText: g.itemCode + " " + (items[g.itemCode] ?? "") + " " + g.ruleName)
        }
        page.total =
            filters.isEmpty ? page.total : Set(found.map { "\($0.suggestion.rule)|\($0.suggestion.itemCode)" }).count
        func row(_ g: SuggestionGroup) -> GroupRow {
            GroupRow(
                rule: g.rule, ruleName: g.ruleName, itemCode: g.itemCode, itemName: items[g.itemCode] ?? g.itemCode,
                severity: g.severity.rawValue, severityLabel: g.severity.label,
                townships: g.townships.map { place($0, names) }.joined(separator: "、"),
                townshipCount: g.townships.contains { $0 != "*" }
                    ? "（\(g.townships.filter { $0 != "*" }.count) 个）" : nil,
                evidence: g.evidence.map {
                    GroupEvidence(text: $0.text, places: $0.townships.map { place($0, names) }.joined(separator: "、"))
                },
                period: "\(g.members[0].from.chinese)至\(g.members[0].to.chinese)",
                actions: g.actions.map { action in
                    let members = g.members(for: action)
                    let pending = members.filter { open.contains($0.key) }.count
                    return GroupAction(
                        label: action.label, open: pending, decided: members.count - pending, hasOpen: pending > 0,
                        hasDecided: pending < members.count,
                        href: confirmHref(asOf: asOf, rule: g.rule, item: g.itemCode, action: action))
                })
        }
        if format != .html {
            let export = TableExport(
                sheetName: "调整建议",
                header: ["严重程度", "规则", "规则名称", "事项编码", "事项名称", "涉及镇街", "镇街数", "证据", "统计期间", "待处理条数", "已采纳条数"],
                rows: page.filtered.map { g in
                    let shown = row(g)
                    let pending = g.members.filter { open.contains($0.key) }.count
                    return [
                        .text(shown.severityLabel), .text(g.rule), .text(g.ruleName), .text(g.itemCode),
                        .text(shown.itemName),
                        .text(shown.townships), .number(g.townships.filter { $0 != "*" }.count),
                        .text(shown.evidence.map { "\($0.text)（\($0.places)）" }.joined(separator: "；")),
                        .text(shown.period), .number(pending), .number(g.members.count - pending),
                    ]
                })
            return TableControls.download(export, format: format, filename: "调整建议_\(asOf.iso)")
        }
        let accepted = request.uri.queryParameters.get("accepted").flatMap { Int($0) }
        let asOfText = try Query.text(request, "asOf")
        let model = PageModel(
            asOfText: asOf.chinese,
            findings: Format.count(page.filtered.reduce(0) { $0 + $1.members.count }),
            groups: page.rows.map(row), canDecide: principal.role == .establishment,
            controls: TableControls(
                path: "/suggestions",
                inputs: [.init(name: "asOf", label: "截止日期", type: "date", value: asOfText ?? "", placeholder: "")],
                spec: spec, query: query, page: page, placeholder: "输入事项名称、编码或规则名称", unit: "组"),
            notice: accepted.map { "已采纳，启动了 \($0) 项流程，可在“下放管理”中查看和跟进。" },
            computed: "分析结果计算于\(Stamp.prose(stored.computedAt))，用时 \(Format.count(stored.tookMilliseconds)) 毫秒。",
            stale: stored.stale
                ? "此后数据已有变化，系统将在下一轮定时分析时按最新数据重新计算，届时刷新本页即可看到。" : nil)
        return try Page.render(
            model, template: "analysis/suggestions", title: "调整建议", section: "suggestions", services: services)
    }

    struct ConfirmModel: Encodable {
        var asOf: String
        var ruleName: String
        var rule: String
        var itemCode: String
        var itemName: String
        var actionLabel: String
        var severityLabel: String
        var severity: String
        var evidence: [GroupEvidence]
        var sentences: [String]
        var startCount: Int
        var nothingStarts: Bool
        /// Townships where a recall is already under way (nil when none).
        var alreadyRecalling: String?
        var amendment: Bool
        var decisions: [String]
        var back: String
        /// A refused decision's message at the top, and its reason typed again (`FormReturn`).
        var refusal: String? = nil
        var reason: String = ""
        var reasonError: String? = nil
        /// The action's key, posted back so a refused decision can show this page again.
        var action: String = ""
    }

    /// What accepting a group's findings for one action will start, named township by township, before anything is
    /// written; the page's form posts the decision (with CSRF) to `POST /api/v1/suggestions/decisions`.
    @Sendable static func confirm(
        _ request: Request, context: AppContext, services: AppServices, refusal: FormRefusal? = nil
    ) async throws -> Response {
        let principal = try await DelegationController.require([.establishment], "处理调整建议", request, context, services)
        guard let rule = request.uri.queryParameters.get("rule"), let item = request.uri.queryParameters.get("item"),
            let actionText = request.uri.queryParameters.get("action")
        else { throw AppError.unprocessable("请从调整建议列表选择要处理的建议（缺少规则、事项或处理方式）") }
        guard let action = Suggestion.Action(rawValue: actionText) else {
            throw AppError.unprocessable("处理方式“\(actionText)”不存在")
        }
        let (asOf, _, found, names, items) = try await findings(request, services, county: principal.county)
        let members = found.filter {
            $0.status == "open" && $0.suggestion.rule == rule && $0.suggestion.itemCode == item
                && $0.suggestion.action == action
        }.map(\.suggestion)
        guard let first = members.first,
            let group = SuggestionGroup.grouping(members, names: SuggestionEngine().ruleNames).first
        else { throw AppError.notFound("没有这条待处理的调整建议（可能已处理，或证据已变化，请刷新）") }
        let plan = try await SuggestionService(services.database).plan(members, county: principal.county)
        let model = ConfirmModel(
            asOf: asOf.iso, ruleName: group.ruleName, rule: rule, itemCode: item, itemName: items[item] ?? item,
            actionLabel: action.label, severityLabel: group.severity.label, severity: group.severity.rawValue,
            evidence: group.evidence.map {
                GroupEvidence(text: $0.text, places: $0.townships.map { place($0, names) }.joined(separator: "、"))
            },
            sentences: plan.sentences, startCount: plan.starts.count,
            nothingStarts: plan.starts.isEmpty && plan.amendments.isEmpty,
            alreadyRecalling: plan.alreadyRecalling.isEmpty
                ? nil : plan.alreadyRecalling.map(\.townshipName).joined(separator: "、"),
            amendment: !plan.amendments.isEmpty, decisions: members.map { $0.key + "#" + $0.fingerprint },
            back: "/suggestions?asOf=\(asOf.iso)&rule=\(first.rule)", refusal: refusal?.message,
            reason: refusal?.state("dismiss").values["reason"] ?? "",
            reasonError: refusal?.state("dismiss").errors["reason"], action: action.rawValue)
        return try Page.render(
            model, template: "analysis/confirm", title: "确认处理调整建议", section: "suggestions", services: services,
            status: refusal?.status ?? .ok)
    }

    /// The confirmation page a refused decision was posted from, rendered again: its group is named by the form's
    /// `asOf`, `rule`, `item` and `action` fields (as the page's own address names it).
    @Sendable static func confirmAgain(
        _ request: Request, context: AppContext, services: AppServices, refusal: FormRefusal
    ) async throws -> Response {
        var parts = URLComponents()
        parts.path = "/suggestions/confirm"
        parts.queryItems = ["asOf", "rule", "item", "action"].map {
            URLQueryItem(name: $0, value: refusal.values[$0]?.first ?? "")
        }
        let page = Request(
            head: HTTPRequest(method: .get, scheme: nil, authority: nil, path: parts.string ?? "/suggestions/confirm"),
            body: .init(buffer: ByteBuffer()))
        return try await confirm(page, context: context, services: services, refusal: refusal)
    }

    /// Accept or dismiss findings, named by key and fingerprint as of a day (the evidence is recomputed here): one
    /// (`key`, `fingerprint`) or several (`decisions`, each `key#fingerprint`), all in one transaction.
    @Sendable static func decide(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], "处理调整建议", request, context, services)
        let input = try await DelegationInput.read(request)
        let asOf = try input.optionalDay("asOf", "截止日期") ?? services.today
        var named = input.list("decisions").map { entry -> (String, String) in
            let parts = entry.split(separator: "#", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        if named.isEmpty { named = [(input["key"], input["fingerprint"])] }
        let (_, found) = try await current(services, county: principal.county, asOf: asOf)
        var chosen: [Suggestion] = []
        for (key, fingerprint) in named {
            guard
                let status = found.first(where: { $0.suggestion.key == key && $0.suggestion.fingerprint == fingerprint }
                ),
                status.status == "open"
            else {
                // Decided already (a double submission, or another 编办 user first): 409, not "not found".
                if let decided = try await SuggestionService(services.database).decision(
                    county: principal.county, key: key, fingerprint: fingerprint)
                {
                    throw SuggestionService.alreadyDecided(decided)
                }
                throw AppError.notFound("没有这条待处理的调整建议（证据可能已变化，请刷新）")
            }
            chosen.append(status.suggestion)
        }
        let accept = input.bool("accept")
        guard accept || !input["reason"].isEmpty else {
            throw AppError.unprocessable("不采纳时请写明理由", field: "reason")
        }
        let started = try await SuggestionService(services.database).decide(
            chosen, accept: accept, reason: input["reason"], by: principal, at: services.now, on: services.today)
        if input.isForm {
            let count = started.recallProposals.count + started.followUps.count
            let location = "/suggestions?asOf=\(asOf.iso)" + (accept ? "&accepted=\(count)" : "")
            return Response(status: .seeOther, headers: [.location: location])
        }
        struct Answer: Encodable {
            /// The first key decided (one key when one was named), and all of them.
            var decided: String
            var keys: [String]
            var recallProposals: [String]
            var followUps: [String]
        }
        return JSONBody.response(
            Answer(
                decided: chosen.first?.key ?? "", keys: chosen.map(\.key), recallProposals: started.recallProposals,
                followUps: started.followUps))
    }
}
