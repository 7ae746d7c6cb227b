import Foundation
import QuanzeDomain
import QuanzePersistence

extension WorkbenchController {
    /// 编办's moderation queue of public feedback (issue 15 point 4): nothing shows on an item page before it.
    static func feedbackTodos(for principal: Principal, services: AppServices) async throws -> [Todo] {
        guard FeedbackController.moderators.contains(principal.role) else { return [] }
        let pending = try await FeedbackService(services.database).pendingCount(county: principal.county)
        return [todo("待审核的群众意见", pending, "/feedback#queue", "审核通过后才在事项页面公开")]
    }
}
