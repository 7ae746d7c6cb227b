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
                todo("法律依据已变更的事项", changedItems, "/catalog/unverified#changed", "新版本已施行或已废止，须以决定修改依据"),
            ]
        case .justice:
            let count = try await store.list(
                Proposal.self, county: county, states: [Proposal.State.legalReview.rawValue]
            ).count
            return [todo("待我合法性审查", count, href, "下放与收回申请")]
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
            return todos
        default:
            return []
        }
    }
}
