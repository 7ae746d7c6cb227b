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
        list.map {
            let s = $0.suggestion
            return Row(
                key: s.key, fingerprint: s.fingerprint, rule: s.rule, township: s.township,
                townshipName: s.township == "*" ? "全部承接镇街" : names[s.township] ?? s.township, itemCode: s.itemCode,
                severity: s.severity.rawValue, severityLabel: s.severity.label, action: s.action.rawValue,
                actionLabel: s.action.label, evidence: s.evidence, from: s.from.iso, to: s.to.iso,
                status: $0.status == "accepted" ? "已采纳" : "待处理", open: $0.status == "open")
        }
    }

    static func load(_ request: Request, _ services: AppServices, county: String) async throws -> (Day, [Row]) {
        let asOf = try Query.day(request, "asOf", default: services.today)
        let list = try await SuggestionService(services.database).run(county: county, asOf: asOf)
        let names = Dictionary(
            try await services.townships(county: county).map { ($0.0.code.value, $0.0.name) },
            uniquingKeysWith: { a, _ in a })
        return (asOf, rows(list, names: names))
    }

    struct Answer: Encodable {
        var asOf: String
        var total: Int
        var suggestions: [Row]
    }

    @Sendable static func api(_ request: Request, context: AppContext, services: AppServices) async throws -> Response {
        let principal = try await DelegationController.require(readers, "调整建议", request, context, services)
        let (asOf, rows) = try await load(request, services, county: principal.county)
        return JSONBody.response(Answer(asOf: asOf.iso, total: rows.count, suggestions: rows))
    }

    struct PageModel {
        var asOf: String
        var total: Int
        var shown: Int
        var rows: [Row]
        var canDecide: Bool
        var byRule: [[String: Any]]
    }

    @Sendable static func page(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(readers, "调整建议", request, context, services)
        let (asOf, rows) = try await load(request, services, county: principal.county)
        let rule: String = request.uri.queryParameters.get("rule") ?? ""
        let filtered = rule.isEmpty ? rows : rows.filter { $0.rule == rule }
        let counts = Dictionary(grouping: rows, by: \.rule).map {
            ["rule": $0.key, "count": $0.value.count] as [String: Any]
        }
        .sorted { ($0["rule"] as! String) < ($1["rule"] as! String) }
        let model = PageModel(
            asOf: asOf.iso, total: filtered.count, shown: min(filtered.count, 100), rows: Array(filtered.prefix(100)),
            canDecide: principal.role == .establishment, byRule: counts)
        return try Page.render(
            model, template: "analysis/suggestions", title: "调整建议", section: "suggestions", services: services)
    }

    /// Accept or dismiss one finding, named by key and fingerprint as of a day (the evidence is recomputed here).
    @Sendable static func decide(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.establishment], "处理调整建议", request, context, services)
        let input = try await DelegationInput.read(request)
        let asOf = try input.optionalDay("asOf", "截止日期") ?? services.today
        let found = try await SuggestionService(services.database).run(county: principal.county, asOf: asOf)
        guard
            let status = found.first(where: {
                $0.suggestion.key == input["key"] && $0.suggestion.fingerprint == input["fingerprint"]
            }), status.status == "open"
        else {
            // Decided already (a double submission, or another 编办 user first): 409, not "not found".
            if let decided = try await SuggestionService(services.database).decision(
                county: principal.county, key: input["key"], fingerprint: input["fingerprint"])
            {
                throw SuggestionService.alreadyDecided(decided)
            }
            throw AppError.notFound("没有这条待处理的调整建议（证据可能已变化，请刷新）")
        }
        let started = try await SuggestionService(services.database).decide(
            status.suggestion, accept: input.bool("accept"), reason: input["reason"], by: principal, at: services.now,
            on: services.today)
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/suggestions?asOf=\(asOf.iso)"]) }
        struct Answer: Encodable {
            var decided: String
            var recallProposals: [String]
            var followUps: [String]
        }
        return JSONBody.response(
            Answer(
                decided: status.suggestion.key, recallProposals: started.recallProposals,
                followUps: started.followUps))
    }
}
