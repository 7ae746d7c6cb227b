import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Each role's home page: the to-do panel (UI.md: what waits for me, with counts) and the pages of its work.
enum WorkbenchController {
    struct Todo {
        var label: String
        var count: Int
        var href: String
        var hint: String
        /// "zero", "due" (warning) or "alarm".
        var tone: String
    }

    struct WorkbenchPage {
        var greeting: String
        var role: String
        var organization: String
        var todos: [Todo]
        var links: [Layout.Link]
        var allClear: Bool
        /// A township's own orders, line by line (empty for other roles).
        var orders: [OrderRow]
        var orderTotal: Int
        var isTownship: Bool
    }

    @Sendable static func index(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        let todos =
            try await delegationTodos(for: principal, services: services) + panel(for: principal, services: services)
            + DisputesController.todos(for: principal, services: services)
            + feedbackTodos(for: principal, services: services)
        // A township's ordered items: those still under way first, then the latest that took effect (at most 20).
        let orders =
            principal.role == .township && principal.unit != nil
            ? try await orderRows(county: principal.county, unit: principal.unit ?? "", services: services) : []
        let ordered = orders.filter(\.inProgress) + orders.filter { !$0.inProgress }
        let page = WorkbenchPage(
            greeting: context.identity?.displayName ?? principal.username, role: principal.role.label,
            organization: context.identity?.organizationName ?? principal.organization, todos: todos,
            links: StaffMenu.links(for: principal).filter { $0.section != "workbench" },
            allClear: todos.allSatisfy { $0.count == 0 },
            orders: Array(ordered.prefix(20)), orderTotal: orders.count, isTownship: principal.role == .township)
        return try Page.render(
            page, template: "workbench/index", title: "工作台", section: "workbench", services: services)
    }

    static func todo(_ label: String, _ count: Int, _ href: String, _ hint: String, alarm: Bool = false) -> Todo {
        Todo(label: label, count: count, href: href, hint: hint, tone: count == 0 ? "zero" : alarm ? "alarm" : "due")
    }

    /// What waits for each role, counted from the data. Later workflows (proposals to review, agreements to sign,
    /// suggestions to handle) add their lines here.
    static func panel(for principal: Principal, services: AppServices) async throws -> [Todo] {
        let now = services.now
        let today = services.today
        let county = principal.county
        let dayAgo = now.addingTimeInterval(-86400)
        switch principal.role {
        case .establishment, .justice, .supervisor:
            let expiring = try await services.lists.expiringEntrusted(county: county, on: today, within: 60)
            return [todo("即将到期的委托事项", expiring, "/", "60 天内委托期限届满，需续签或收回")]
        case .department:
            let expiring = try await services.lists.expiringEntrusted(
                county: county, on: today, within: 60, department: principal.organization)
            return [todo("本部门即将到期的委托事项", expiring, "/items", "60 天内委托期限届满")]
        case .township, .officer:
            guard let unit = principal.unit else { return [] }
            let expiring = try await services.lists.expiringEntrusted(
                county: county, on: today, within: 60, township: unit)
            var todos = [todo("本单位即将到期的委托事项", expiring, "/townships/\(unit)", "60 天内委托期限届满")]
            if principal.role == .township {
                let missing = try await services.contacts.find(county: county, unit: unit) == nil ? 1 : 0
                todos.append(todo("待完善的办事信息", missing, "/units/\(unit)", "办事地址与咨询电话将向公众公开"))
                let uninsured = try await ResourcesController.insuranceAttention(
                    county: county, unit: unit, services: services)
                todos.append(todo("一线执法人员保险即将到期或未参保", uninsured, "/resources", "保险到期前续保，未参保的及时办理"))
            }
            return todos
        case .systemAdmin:
            var locked = 0
            var mustChange = 0
            var expired = 0
            var awaiting = 0
            for account in try await services.accounts.list(county: county) where !account.disabled {
                let (label, _) = try await AccountsController.status(of: account, services: services, now: now)
                if label.hasPrefix("登录受限") { locked += 1 }
                if account.awaitingGrant { awaiting += 1 }
                if label == "待修改密码" { mustChange += 1 }
                if label == "密码已过期" { expired += 1 }
            }
            return [
                todo("登录受限的账号", locked, "/admin/accounts", "某一地址连续登录失败，须等待后再试", alarm: true),
                todo("待安全管理员授予角色的账号", awaiting, "/admin/accounts", "授予前不能登录"),
                todo("待修改密码的账号", mustChange, "/admin/accounts", "新建或重置后尚未登录改密"),
                todo("密码已过期的账号", expired, "/admin/accounts", "按密码策略须更换"),
            ]
        case .securityAdmin:
            let tokens = try await services.tokens.list(county: county).filter { $0.revokedAt == nil }
            let idle = tokens.filter { ($0.lastUsedAt ?? $0.createdAt) < now.addingTimeInterval(-90 * 86400) }.count
            let refused = try await services.audit.count(AuditFilter(county: county, outcome: .refused, from: dayAgo))
            let awaiting = try await services.accounts.list(county: county).filter {
                $0.awaitingGrant && !$0.disabled
            }.count
            return [
                todo("待授予角色的账号", awaiting, "/security#pending", "系统管理员已开设，核对后授予角色"),
                todo("90 天未使用的有效令牌", idle, "/security", "考虑吊销不再使用的令牌"),
                todo("近 24 小时被拒绝的请求", refused, "/security", "越权访问、跨站请求校验失败、无效令牌", alarm: true),
            ]
        case .auditAdmin:
            let failed = try await services.audit.count(
                AuditFilter(county: county, action: "login", outcome: .failed, from: dayAgo))
            let refused = try await services.audit.count(AuditFilter(county: county, outcome: .refused, from: dayAgo))
            return [
                todo("近 24 小时登录失败", failed, "/audit?action=login&outcome=failed", "用户名或密码错误", alarm: true),
                todo("近 24 小时被拒绝的请求", refused, "/audit?outcome=refused", "越权、锁定期间登录、跨站请求校验失败", alarm: true),
            ]
        case .system:
            return []
        }
    }
}
