import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The pages of boundary disputes: `/disputes` (the county's settings, the raise form of a township or a department,
/// the disputes the viewer may see with their state and deadline, the items disputed again and again), one
/// dispute `/disputes/{id}` with the steps the viewer may take, and the public summary of rulings `/rulings`.
enum DisputePages {
    struct Option {
        var value: String
        var label: String
    }

    struct Row {
        var id: String
        var subject: String
        var itemCode: String?
        var sides: String
        var raisedOn: String
        var deadline: String
        var stateLabel: String
        var tone: String
        var overdue: Bool
    }

    struct Repeated {
        var itemCode: String
        var itemName: String
        var count: Int
        var evidence: String
    }

    struct WorkPage {
        var done: Bool
        var role: String
        var rules: DisputesController.RulesDTO
        var mayConfigure: Bool
        var maySeeRepeated: Bool
        var side: String?
        var respondents: [Option]
        var today: String
        var rows: [Row]
        var hasRows: Bool
        var open: Int
        var overdue: Int
        var ruled: Int
        var withdrawn: Int
        var repeated: [Repeated]
        var hasRepeated: Bool
    }

    static func row(_ d: Dispute, today: Day) -> Row {
        let overdue = d.isOverdue(on: today)
        return Row(
            id: d.id, subject: d.itemName.map { "\($0)：\(d.matter)" } ?? d.matter, itemCode: d.itemCode,
            sides: "\(d.raisedBy.name) → \(d.respondent.name)", raisedOn: d.raisedOn.iso, deadline: d.deadline.iso,
            stateLabel: overdue ? "逾期未答复，已上报编办" : d.state.label,
            tone: overdue ? "bad" : d.state == .ruled ? "ok" : d.state == .withdrawn ? "info" : "warn", overdue: overdue
        )
    }

    @Sendable static func work(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await DelegationController.require(
            DisputesController.viewers, "查看职责边界争议", request, context, services)
        let service = DisputeService(services.database)
        let today = services.today
        let rules = try await service.rules(county: principal.county)
        let list = try await service.disputes(for: principal)
        let parties = try await service.parties(county: principal.county)
        let own = DisputeService.side(of: principal, among: parties)
        let wide = [Role.establishment, .justice, .supervisor].contains(principal.role)
        var repeated: [Repeated] = []
        if wide {
            for finding in RepeatedDisputes.find(list, asOf: today, rules: rules) {
                repeated.append(
                    Repeated(
                        itemCode: finding.itemCode,
                        itemName: list.first { $0.itemCode == finding.itemCode }?.itemName ?? finding.itemCode,
                        count: finding.disputeIds.count, evidence: finding.evidence))
            }
        }
        let page = WorkPage(
            done: request.uri.queryParameters.get("done") != nil, role: principal.role.label,
            rules: .init(rules), mayConfigure: principal.role == .establishment, maySeeRepeated: wide,
            side: own?.name,
            respondents: parties.filter { $0.code != own?.code }.map {
                Option(value: $0.code, label: "\($0.name)（\($0.kind.label)）")
            }, today: today.iso,
            rows: list.sorted { ($0.raisedOn, $0.id) > ($1.raisedOn, $1.id) }.map { row($0, today: today) },
            hasRows: !list.isEmpty,
            open: list.filter { !$0.state.isFinal }.count, overdue: list.filter { $0.isOverdue(on: today) }.count,
            ruled: list.filter { $0.state == .ruled }.count, withdrawn: list.filter { $0.state == .withdrawn }.count,
            repeated: repeated, hasRepeated: !repeated.isEmpty)
        return try Page.render(
            page, template: "disputes/work", title: "职责边界争议", section: "disputes", services: services)
    }

    struct Step {
        var step: String
        var by: String
        var at: String
        var note: String
    }

    struct DetailPage {
        var done: Bool
        var dispute: DisputesController.DisputeDTO
        var status: Row
        var documentsText: String
        var raisedOnText: String
        var deadlineText: String
        var answeredOn: String?
        var ruledOn: String?
        var decisionLink: String?
        var citedArticles: [String]
        var hasArticles: Bool
        var hasListChanges: Bool
        var steps: [Step]
        var mayAnswer: Bool
        var mayRule: Bool
        var mayWithdraw: Bool
        var positions: [Option]
        var sides: [Option]
        var today: String
    }

    @Sendable static func detail(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            DisputesController.viewers, "查看职责边界争议", request, context, services)
        let today = services.today
        let d = try await DisputeService(services.database).dispute(
            context.parameters.get("id") ?? "", for: principal)
        let events = d.allowedEvents(for: principal, on: today)
        let accounts = try await services.accounts.list(county: principal.county)
        let page = DetailPage(
            done: request.uri.queryParameters.get("done") != nil, dispute: .init(d, today: today),
            status: row(d, today: today),
            documentsText: d.documents.isEmpty ? "无" : d.documents.joined(separator: "；"),
            raisedOnText: Format.day(d.raisedOn), deadlineText: Format.day(d.deadline),
            answeredOn: d.answer.map { Format.day($0.on) }, ruledOn: d.ruling.map { Format.day($0.on) },
            decisionLink: d.ruling.map { DecisionsController.link($0.decision) },
            citedArticles: (d.ruling?.articles ?? []).map(\.display), hasArticles: d.ruling?.articles.isEmpty == false,
            hasListChanges: d.ruling?.listChanges.isEmpty == false,
            steps: d.history.map {
                Step(
                    step: $0.step, by: SecurityController.actorName($0.by, accounts: accounts), at: Stamp.text($0.at),
                    note: $0.note)
            }, mayAnswer: events.contains(.answer), mayRule: events.contains(.rule),
            mayWithdraw: events.contains(.withdraw),
            positions: Dispute.Position.allCases.map { Option(value: $0.rawValue, label: $0.label) },
            sides: [d.raisedBy, d.respondent].map { Option(value: $0.code, label: $0.name) }, today: today.iso)
        return try Page.render(
            page, template: "disputes/detail", title: "职责边界争议 \(d.id)", section: "disputes",
            breadcrumb: [.init(label: "职责边界争议", href: "/disputes"), .init(label: d.id, href: nil)],
            services: services)
    }

    struct PublicRuling {
        var id: String
        var subject: String
        var itemCode: String?
        var sides: String
        var primary: String
        var cooperating: String?
        var basis: String
        var articles: [String]
        var decision: String
        var decisionLink: String
        var on: String
        var listChanges: [String]
        var hasArticles: Bool
        var hasListChanges: Bool
    }

    struct RulingsPage {
        var rulings: [PublicRuling]
        var hasRulings: Bool
        var count: Int
    }

    @Sendable static func rulings(_ request: Request, services: AppServices) async throws -> Response {
        let list = try await DisputeService(services.database).rulings(county: services.county)
        let rulings = list.compactMap { d -> PublicRuling? in
            guard let r = d.ruling else { return nil }
            let cooperating = r.cooperating.map(\.name).joined(separator: "、")
            return PublicRuling(
                id: d.id, subject: d.itemName ?? d.matter, itemCode: d.itemCode,
                sides: "\(d.raisedBy.name)、\(d.respondent.name)", primary: r.primary.name,
                cooperating: cooperating.isEmpty ? nil : cooperating, basis: r.basis,
                articles: r.articles.map(\.display), decision: r.decision,
                decisionLink: DecisionsController.link(r.decision), on: Format.day(r.on), listChanges: r.listChanges,
                hasArticles: !r.articles.isEmpty, hasListChanges: !r.listChanges.isEmpty)
        }
        return try Page.render(
            RulingsPage(rulings: rulings, hasRulings: !rulings.isEmpty, count: rulings.count),
            template: "disputes/rulings", title: "职责边界争议裁定公示", section: "rulings", services: services)
    }
}
