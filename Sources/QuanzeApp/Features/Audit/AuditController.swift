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
        /// How many entries, grouped by thousands as every count on a page (10,066).
        var entries: String
        var head: String
        var ok: Bool
        var message: String
    }

    /// An entry as the page shows it: actions by their Chinese names, the actor's organisation by its name, the
    /// subject and the detail read through `AuditText` (known codes named, other identifiers set as code).
    struct PageRow {
        /// The entry's number in its county's chain, grouped by thousands as every number on a page (10,066).
        var seq: String
        var at: String
        var actor: String
        var role: String
        var organization: String?
        var actionLabel: String
        var subject: [AuditText.Segment]
        var detail: [AuditText.Segment]
        var outcome: String
        var outcomeLabel: String
        var afterDigest: String?
    }

    struct AuditPage {
        var controls: TableControls
        var rows: [PageRow]
        var isEmpty: Bool { rows.isEmpty }
        var chains: [ChainRow]
        var verified: Bool
        /// How many checkpoints verification used; nil when no checkpoint file is configured.
        var checkpoints: Int?
    }

    /// The Chinese name of an audited action (one vocabulary: `AuditActions`).
    static func label(_ action: String) -> String { AuditActions.name(action) }

    /// Reads the API's filters; bad dates are a 400 with the field named.
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
        try days(request, into: &filter)
        filter.limit = try Query.int(request, "limit", default: 50, range: 1...500)
        filter.offset = try Query.int(request, "offset", default: 0, range: 0...10_000_000)
        return filter
    }

    /// `from` and `to` as Beijing days: [from 00:00, to + 1 day 00:00) in UTC+8; `from` after `to` is a 400.
    static func days(_ request: Request, into filter: inout AuditFilter) throws {
        let from = try Query.optionalDay(request, "from")
        let to = try Query.optionalDay(request, "to")
        if let from, let to, from > to {
            throw AppError.badRequest("起始日期\(Format.day(from))晚于截止日期\(Format.day(to))")
        }
        filter.from = from.map(beijingMidnight)
        filter.to = to.map { beijingMidnight($0.adding(days: 1)) }
    }

    /// Imports, the demo and the command line act as `system` without an account; the public as anonymous.
    static func roleLabel(_ entry: AuditEntryView) -> String {
        if entry.role == "anonymous" { return "未登录" }
        if entry.role == "system" && (entry.actor == "system" || entry.actor == "cli") { return "系统（导入、演示、命令行）" }
        return Role(rawValue: entry.role)?.label ?? "其他角色"
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

    /// The page's table: filter by action and outcome (and, typed, by actor and days), keyword over subject, detail
    /// and actor, sorted by time (newest first unless asked), paged in the database.
    static let spec = TableSpec(
        sortable: [.init("at", "时间")],
        filters: [
            .init("action", "操作", options: AuditActions.all.map { .init($0.key, $0.label) }),
            .init("outcome", "结果", options: AuditOutcome.allCases.map { .init($0.rawValue, $0.label) }),
        ], defaultSort: "at", defaultDescending: true)

    /// The most entries one export writes; a wider selection is refused with a 400 asking for a narrower one.
    static let maxExport = 100_000

    @Sendable static func index(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let principal = try await Guard.require(.readAudit, request, context, services)
        let query = try TableControls.query(request, spec: spec)
        let format = try TableControls.format(request)
        let actor = try Query.text(request, "actor", max: 64) ?? ""
        var filter = AuditFilter(county: principal.county)
        filter.actor = actor.isEmpty ? nil : actor
        filter.action = query.filters["action"]
        filter.outcome = query.filters["outcome"].flatMap(AuditOutcome.init(rawValue:))
        filter.keyword = query.keyword
        filter.ascending = !query.descending
        try days(request, into: &filter)
        let total = try await services.audit.count(county: principal.county)
        let text = try await AuditText.load(county: principal.county, services: services)
        if format != .html {
            let count = try await services.audit.count(filter)
            guard count <= maxExport else {
                throw AppError.badRequest(
                    "筛选出 \(Format.count(count)) 条，超过一次导出的上限 \(Format.count(maxExport)) 条，请缩小日期范围或增加筛选条件后再导出")
            }
            filter.limit = max(count, 1)
            filter.offset = 0
            let (_, entries) = try await services.audit.search(filter)
            let export = TableExport(
                sheetName: "审计日志",
                header: ["序号", "时间", "操作人", "角色", "所属单位", "操作", "对象", "说明", "结果", "变更后摘要"],
                rows: entries.map { e in
                    [
                        .number(Int(e.seq)), .text(Stamp.text(e.at)), .text(e.actor), .text(roleLabel(e)),
                        .text(text.organization(e.organization)), .text(label(e.action)),
                        .text(AuditText.plain(text.segments(e.subject))),
                        .text(AuditText.plain(text.segments(e.detail))),
                        .text(AuditOutcome(rawValue: e.outcome)?.label ?? e.outcome), .text(e.afterDigest),
                    ]
                })
            return TableControls.download(export, format: format, filename: "审计日志")
        }
        filter.limit = query.pageSize
        filter.offset = (query.page - 1) * query.pageSize
        var (filtered, entries) = try await services.audit.search(filter)
        let lastPage = max(1, (filtered + query.pageSize - 1) / query.pageSize)
        if query.page > lastPage {
            filter.offset = (lastPage - 1) * query.pageSize
            (filtered, entries) = try await services.audit.search(filter)
        }
        let q = request.uri.queryParameters
        let verify = q.get("verify") == "1"
        var chains: [ChainRow] = []
        var used: Int?
        if verify {
            var checkpoints: [AuditCheckpoint] = []
            if let path = services.auditCheckpointFile, FileManager.default.fileExists(atPath: path) {
                checkpoints = try AuditCheckpoint.load(from: URL(fileURLWithPath: path))
                used = checkpoints.count
            }
            chains = try await services.audit.verify(against: checkpoints).filter { $0.county == principal.county }.map
            {
                ChainRow(
                    county: $0.county, entries: Format.count(Int($0.entries)),
                    head: String(($0.headHash ?? "").prefix(16)),
                    ok: $0.problem == nil, message: $0.problem?.message ?? "完整")
            }
        }
        let page = TablePage(
            rows: entries, filteredCount: filtered, total: total, page: query.page, pageSize: query.pageSize)
        let inputs = [
            TableControls.InputView(name: "actor", label: "操作人", type: "search", value: actor, placeholder: "用户名"),
            TableControls.InputView(
                name: "from", label: "起始日期", type: "date", value: q.get("from") ?? "", placeholder: ""),
            TableControls.InputView(name: "to", label: "截止日期", type: "date", value: q.get("to") ?? "", placeholder: ""),
        ]
        let model = AuditPage(
            controls: TableControls(
                path: "/audit", inputs: inputs, spec: spec, query: query, page: page, placeholder: "对象或说明中的字词"),
            rows: entries.map { e in
                PageRow(
                    seq: Format.count(Int(e.seq)), at: Stamp.text(e.at), actor: e.actor, role: roleLabel(e),
                    organization: e.organization.map { text.organization($0) }.flatMap { $0.isEmpty ? nil : $0 },
                    actionLabel: label(e.action), subject: text.segments(e.subject), detail: text.segments(e.detail),
                    outcome: e.outcome,
                    outcomeLabel: AuditOutcome(rawValue: e.outcome)?.label ?? "其他",
                    afterDigest: e.afterDigest.isEmpty ? nil : e.afterDigest)
            },
            chains: chains, verified: verify, checkpoints: used)
        return try Page.render(model, template: "audit/index", title: "审计日志", section: "audit", services: services)
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

extension AuditController.AuditPage: ComputedView {
    var computed: [String: Any] { ["isEmpty": isEmpty] }
}
