import Foundation
import QuanzeDomain
import QuanzePersistence

extension WorkbenchController {
    /// What waits in the delegation lifecycle for a role (待我审核, 待签署, 待公布, 待执行的收回), counted from the records.
    static func delegationTodos(for principal: Principal, services: AppServices) async throws -> [Todo] {
        let store = DelegationStore(services.database)
        let county = principal.county
        let href = "/delegation"
        switch principal.role {
        case .establishment:
            let proposals = try await store.list(Proposal.self, county: county)
            let lines = try await store.list(Order.self, county: county).flatMap(\.lines)
            let agreements = try await store.list(Agreement.self, county: county)
            let running = try await store.list(
                Delegation.self, county: county, states: [Delegation.State.active.rawValue])
            let followUps = running.flatMap(\.openFollowUps).filter { !$0.kind.forDepartment }.count
            let overdue = running.filter { $0.evaluationOverdue(on: services.today) }.count
            let dueSoon = running.filter {
                guard let due = $0.evaluationDue else { return false }
                return due >= services.today && due <= services.today.adding(days: 30)
            }.count
            let changedItems = Set(
                try await services.laws.changedCitations(county: county, on: services.today).flatMap(\.itemCodes)
            ).count
            let pendingLines = lines.filter { $0.state == .pending }.count
            let toDraw = lines.filter { $0.state == .approved && $0.agreementId == nil }.count
            return [
                todo("待我审核的下放申请", proposals.filter { $0.state == .submitted }.count, href, "编办审核后交司法局合法性审查"),
                todo("待审批的点单", pendingLines, href, "镇街点单，附承接能力缺口"),
                todo("待拟定的委托书/赋权决定", toDraw, href, "已批准的点单项"),
                todo(
                    "待公布的赋权决定",
                    agreements.filter {
                        $0.mode == .granted && $0.missingPublishers.contains { $0.side == .county }
                            && $0.missingSigners.isEmpty
                    }.count, href, "双方已签署，待区政府公布"),
                todo("待生效的文书", agreements.filter { $0.state == .published }.count, href, "已公布，确定生效日期"),
                todo(
                    "待执行的收回", proposals.filter { $0.purpose == .recall && $0.state == .approved }.count, href,
                    "已通过两道审查", alarm: true),
                todo("待办结的评估与续签跟进", followUps, href, "采纳调整建议后安排"),
                todo("逾期未评估的赋权事项", overdue, href, "定期评估未在到期日前记录", alarm: true),
                todo("30 天内到期的定期评估", dueSoon, href, "赋权事项应在到期日前完成评估并记录"),
                todo(
                    "待处理的调整建议", try await openSuggestionGroups(county: county, services: services), "/suggestions",
                    "同一规则、同一事项合为一组，采纳前先确认将启动的流程"),
                todo("法律依据已变更的事项", changedItems, "/catalog/unverified#changed", "新版本已施行或已废止，须以决定修改依据"),
            ]
        case .justice:
            let count = try await store.list(
                Proposal.self, county: county, states: [Proposal.State.legalReview.rawValue]
            ).count
            return [todo("待我合法性审查", count, href, "下放与收回申请")]
        case .supervisor:
            return [
                todo(
                    "待处理的调整建议", try await openSuggestionGroups(county: county, services: services), "/suggestions",
                    "由编办采纳或不采纳")
            ]
        case .department, .township:
            let agreements = try await store.list(Agreement.self, county: county).filter {
                $0.side(of: principal) != nil && $0.state != .effective
            }
            var todos = [
                todo(
                    "待签署的委托书/赋权协议", agreements.filter { $0.awaitsSignature(of: principal) }.count, href, "具有法律效力，请核对后签署"
                ),
                todo(
                    "待公布的委托书",
                    agreements.filter { $0.awaitsPublication(of: principal) }.count,
                    href, "委托须由双方向社会公布"),
            ]
            if principal.role == .department {
                let returned = try await store.list(
                    Proposal.self, county: county, states: [Proposal.State.returned.rawValue],
                    department: principal.organization
                ).count
                todos.insert(todo("被退回的下放申请", returned, href, "按审查意见修改后重新提交", alarm: true), at: 0)
                let needs = try await store.list(
                    Delegation.self, county: county, states: [Delegation.State.active.rawValue],
                    department: principal.organization
                ).flatMap(\.openFollowUps).filter(\.kind.forDepartment).count
                todos.append(todo("待落实的培训/装备需求", needs, href, "编办采纳调整建议后提出"))
            }
            if principal.role == .township, let unit = principal.unit {
                let lines = try await orderRows(county: county, unit: unit, services: services)
                todos.append(
                    todo(
                        "本镇街办理中的点单", lines.filter(\.inProgress).count, "/workbench#orders",
                        "已点单、尚未生效的事项，可逐项跟进到文书和生效"))
            }
            return todos
        default:
            return []
        }
    }

    /// Suggestion groups (rule and item) with at least one finding still open, as of today.
    static func openSuggestionGroups(county: String, services: AppServices) async throws -> Int {
        let (_, found) = try await SuggestionsController.current(services, county: county, asOf: services.today)
        return Set(found.filter { $0.status == "open" }.map { "\($0.suggestion.rule)|\($0.suggestion.itemCode)" })
            .count
    }

    /// One ordered item of the township, followed to its document and its start.
    struct OrderRow {
        var order: String
        var orderedOn: String
        var item: String
        var itemCode: String
        var mode: String
        var department: String
        var stage: String
        var tone: String
        var reason: String?
        var documentLink: String?
        var documentNumber: String?
        var decisionLink: String?
        var documentState: String?
        var startLink: String?
        var startedOn: String?
        var inProgress: Bool
    }

    /// The township's own orders, newest first, line by line with `OrderProgress`.
    static func orderRows(county: String, unit: String, services: AppServices) async throws -> [OrderRow] {
        let store = DelegationStore(services.database)
        let orders = try await store.list(Order.self, county: county).filter { $0.unit == unit }
        guard !orders.isEmpty else { return [] }
        let agreements = Dictionary(
            try await store.list(Agreement.self, county: county).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let delegations = try await store.list(Delegation.self, county: county, unit: unit)
        let registered = Set(try await services.decisions.all(county: county).map(\.number))
        return orders.reversed().flatMap { order in
            order.lines.map { line in
                let p = OrderProgress.of(line, unit: unit, agreements: agreements, delegations: delegations)
                return OrderRow(
                    order: order.id, orderedOn: order.history.first.map { DateBounds.chinaDay(of: $0.at).iso } ?? "",
                    item: line.itemName, itemCode: line.itemCode, mode: line.mode.label,
                    department: line.departmentName, stage: p.stage.label,
                    tone: p.stage == .started ? "ok" : p.stage == .returned ? "bad" : "warn",
                    reason: line.state == .returned ? line.reason : nil,
                    documentLink: p.agreementId.map { "/agreements/\($0)" }, documentNumber: p.documentNumber,
                    decisionLink: p.documentNumber.flatMap {
                        registered.contains($0) ? DecisionsController.link($0) : nil
                    },
                    documentState: p.documentState,
                    startLink: p.delegationId.map { _ in
                        "/delegation?unit=\(unit)&item=\(line.itemCode.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? line.itemCode)"
                    }, startedOn: p.startedOn?.iso,
                    inProgress: [.pending, .approved, .drawn].contains(p.stage))
            }
        }
    }
}
