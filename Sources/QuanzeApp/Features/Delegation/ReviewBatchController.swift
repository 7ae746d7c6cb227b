import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Deciding several rows of a queue with one opinion (issue 13): the 编办's review of proposals, the 司法局's legal
/// review and the 编办's approval of order lines, and a department resubmitting (with one revised reason) or
/// withdrawing several of its own proposals. One transaction: every row is decided and audited as if alone, or
/// none is, and a refusal names the row that failed. The domain decides who may take which step on which row.
enum ReviewBatchController {
    /// `POST /api/v1/delegation/reviews`: `event` (review, legal-review, order-line, resubmit, withdraw), `rows`
    /// (proposal ids, or order lines as `O-0001/2`), `passed` and `opinion` (`reasons` to resubmit) for all of them.
    @Sendable static func decide(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment, .justice, .department], "批量办理", request, context, services)
        let input = try await DelegationInput.read(request)
        let rows = input.list("rows")
        guard !rows.isEmpty else { throw AppError.unprocessable("请勾选要办理的事项") }
        guard Set(rows).count == rows.count else { throw AppError.unprocessable("同一事项勾选了两次") }
        let passed = input.bool("passed")
        let opinion = input["opinion"]
        let event = input["event"]
        guard ["review", "legal-review", "order-line", "resubmit", "withdraw"].contains(event) else {
            throw AppError.unprocessable("办理类型应为编办审核、合法性审查、点单审批、重新提交或撤回")
        }
        let reasons = input["reasons"]
        let store = DelegationStore(services.database)
        let county = principal.county
        let now = services.now
        // Each row's name as the queue prints it, for a refusal that names the row.
        var labels: [String: String] = [:]
        if event == "order-line" {
            for order in try await store.list(Order.self, county: county) {
                for (index, line) in order.lines.enumerated() {
                    labels["\(order.id)/\(index + 1)"] = "\(order.unitName)·\(line.itemName)"
                }
            }
        } else {
            for p in try await store.list(Proposal.self, county: county) {
                labels[p.id] = "\(p.id) \(p.itemName)"
            }
        }
        let names = labels
        let decided = try await DelegationController.service(services).batch(county: county) { b in
            for (index, row) in rows.enumerated() {
                let name = names[row] ?? row
                do {
                    switch event {
                    case "order-line":
                        let parts = row.split(separator: "/")
                        guard parts.count == 2, let n = Int(parts[1]), n >= 1 else {
                            throw AppError.unprocessable("点单项“\(row)”格式不正确，应为 点单编号/序号")
                        }
                        _ = try await b.decideLine(
                            order: String(parts[0]), line: n - 1, approve: passed, reason: opinion, by: principal,
                            at: now)
                    default:
                        let step: Proposal.Event
                        switch event {
                        case "review": step = .review(passed: passed, opinion: opinion)
                        case "legal-review": step = .legalReview(passed: passed, opinion: opinion)
                        case "resubmit": step = .resubmit(reasons: reasons)
                        default: step = .withdraw
                        }
                        _ = try await b.apply(step, to: row, by: principal, at: now)
                    }
                } catch {
                    let failure = AppError.from(error)
                    throw AppError(
                        status: failure.status, code: failure.code,
                        message: "第 \(index + 1) 项（\(name)）未能办理：\(failure.message)。全部未保存，请修改后重新提交。",
                        field: failure.field)
                }
            }
            return rows.count
        }
        if input.isForm {
            return Response(
                status: .seeOther,
                headers: [.location: DelegationPages.Done(kind: "batch", ref: event, count: decided).location])
        }
        struct Answer: Encodable {
            var decided: Int
            var rows: [String]
        }
        return JSONBody.response(Answer(decided: decided, rows: rows))
    }
}
