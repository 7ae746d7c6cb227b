import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The audit-log viewer and its API: the audit administrator (审计管理员) alone reads them.
enum AuditController {
    struct EntryRow: Encodable {
        var county: String
        var seq: Int64
        var at: String
        var actor: String
        var role: String
        var organization: String
        var action: String
        var actionLabel: String
        var subject: String
        var detail: String
        var outcome: String
        var outcomeLabel: String
        var beforeDigest: String
        var afterDigest: String
        var hash: String
    }

    struct ChainRow {
        var county: String
        var entries: Int64
        var head: String
        var ok: Bool
        var message: String
    }

    struct AuditPage {
        var rows: [EntryRow]
        var total: Int
        var from: String
        var to: String
        var actor: String
        var action: String
        var outcomes: [AccountsController.Option]
        var actions: [AccountsController.Option]
        var previous: String?
        var next: String?
        var chains: [ChainRow]
        var verified: Bool
        var checkpointNote: String
    }

    /// Chinese names of the audited actions.
    static let actionLabels: [(String, String)] = [
        ("login", "登录"), ("logout", "退出"), ("access.refused", "拒绝访问"), ("token.invalid", "无效令牌"),
        ("account.create", "创建账号"), ("account.disable", "停用账号"), ("account.enable", "启用账号"),
        ("account.reset-password", "重置密码"), ("account.password", "修改密码"), ("account.role", "调整角色"),
        ("token.create", "发放令牌"), ("token.revoke", "吊销令牌"), ("unit.contact", "更新单位办事信息"),
        ("list.change", "清单变更"), ("list.apply", "清单批量变更"), ("demo.list.change", "演示清单变更"),
        ("import.divisions", "导入区划"), ("import.laws", "导入法规"), ("import.items", "导入事项"),
        ("import.assignments", "导入清单条目"), ("import.article-map", "导入条文对照"), ("item.legal-basis", "修改事项依据"),
    ]

    static func label(_ action: String) -> String {
        actionLabels.first { $0.0 == action }?.1 ?? action
    }

    /// Reads the filters; bad dates are a 400 with the field named.
    static func filter(_ request: Request, county: String) throws -> AuditFilter {
        let q = request.uri.queryParameters
        var filter = AuditFilter(county: county)
        filter.actor = q.get("actor").map { $0.trimmingCharacters(in: .whitespaces) }
        filter.action = q.get("action")
        if let text = q.get("outcome"), !text.isEmpty {
            guard let outcome = AuditOutcome(rawValue: text) else {
                throw AppError.badRequest("结果只能是成功、被拒绝或失败")
            }
            filter.outcome = outcome
        }
        let from = try Query.optionalDay(request, "from")
        let to = try Query.optionalDay(request, "to")
        // Days are Beijing days: [from 00:00, to + 1 day 00:00) in UTC+8.
        filter.from = from.map(beijingMidnight)
        filter.to = to.map { beijingMidnight($0.adding(days: 1)) }
        filter.limit = try Query.int(request, "limit", default: 50, range: 1...500)
        filter.offset = try Query.int(request, "offset", default: 0, range: 0...10_000_000)
        return filter
    }

    /// Imports, the demo and the command line act as `system` without an account; the public as anonymous.
    static func roleLabel(_ entry: AuditEntryView) -> String {
        if entry.role == "anonymous" { return "未登录" }
        if entry.role == "system" && (entry.actor == "system" || entry.actor == "cli") { return "系统（导入、演示、命令行）" }
        return Role(rawValue: entry.role)?.label ?? entry.role
    }

    static func beijingMidnight(_ day: Day) -> Date {
        Date(timeIntervalSince1970: Double(day.ordinal) * 86400 - 8 * 3600)
    }

    static func rows(_ entries: [AuditEntryView]) -> [EntryRow] {
        entries.map {
            EntryRow(
                county: $0.county, seq: $0.seq, at: Stamp.text($0.at), actor: $0.actor, role: roleLabel($0),
                organization: $0.organization ?? "", action: $0.action, actionLabel: label($0.action),
                subject: $0.subject,
                detail: $0.detail, outcome: $0.outcome,
                outcomeLabel: AuditOutcome(rawValue: $0.outcome)?.label ?? $0.outcome,
                beforeDigest: $0.beforeDigest, afterDigest: $0.afterDigest, hash: $0.hash)
        }
    }

    @Sendable static func index(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await Guard.require(.readAudit, request, context, services)
        let filter = try filter(request, county: principal.county)
        let (total, entries) = try await services.audit.search(filter)
        let q = request.uri.queryParameters
        func link(_ offset: Int) -> String {
            var parts = URLComponents()
            parts.queryItems =
                ["actor", "action", "outcome", "from", "to"].compactMap { name in
                    q.get(name).flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) }
                } + [URLQueryItem(name: "offset", value: String(offset))]
            return "/audit?" + (parts.percentEncodedQuery ?? "")
        }
        let verify = q.get("verify") == "1"
        var chains: [ChainRow] = []
        var note = "未指定检查点文件（QUANZE_AUDIT_CHECKPOINT）：只能从链首逐条校验，无法发现截断或整链重算。"
        if verify {
            var checkpoints: [AuditCheckpoint] = []
            if let path = services.auditCheckpointFile, FileManager.default.fileExists(atPath: path) {
                checkpoints = try AuditCheckpoint.load(from: URL(fileURLWithPath: path))
                note = "已对照检查点文件中的 \(checkpoints.count) 个检查点校验。"
            }
            chains = try await services.audit.verify(against: checkpoints).filter { $0.county == principal.county }.map
            {
                ChainRow(
                    county: $0.county, entries: $0.entries, head: String(($0.headHash ?? "").prefix(16)),
                    ok: $0.problem == nil, message: $0.problem?.message ?? "完整")
            }
        }
        let page = AuditPage(
            rows: rows(entries), total: total, from: q.get("from") ?? "", to: q.get("to") ?? "",
            actor: filter.actor ?? "", action: filter.action ?? "",
            outcomes: AuditOutcome.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: filter.outcome == $0)
            },
            actions: actionLabels.map { .init(value: $0.0, label: $0.1, selected: filter.action == $0.0) },
            previous: filter.offset > 0 ? link(max(0, filter.offset - filter.limit)) : nil,
            next: filter.offset + filter.limit < total ? link(filter.offset + filter.limit) : nil,
            chains: chains, verified: verify, checkpointNote: note)
        return try Page.render(page, template: "audit/index", title: "审计日志", section: "audit", services: services)
    }

    struct APIAnswer: Encodable {
        var total: Int
        var limit: Int
        var offset: Int
        var entries: [EntryRow]
    }

    @Sendable static func api(_ request: Request, context: AppContext, services: AppServices) async throws -> Response {
        let principal = try await Guard.require(.readAudit, request, context, services)
        let filter = try filter(request, county: principal.county)
        let (total, entries) = try await services.audit.search(filter)
        return JSONBody.response(
            APIAnswer(total: total, limit: filter.limit, offset: filter.offset, entries: rows(entries)))
    }
}
