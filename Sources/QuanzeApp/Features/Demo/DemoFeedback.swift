import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's third-party evaluations and public feedback (issue 15 point 4; the report asks to “完善第三方评价评估
/// 体系” and to use the supervision of “社会和群众”). Demo data, all invented: the evaluators, scores and findings of
/// six 2023 evaluations (imported as one CSV by the supervisor, through `FeedbackService` as anyone would), and five
/// submissions on item pages — three approved, one rejected with its reason, one pending for 编办.
enum DemoFeedback {
    static let csv = """
        evaluator,period,item,township,score,findings
        四川某某第三方评估中心（演示）,2023,,510304100000,92.5,清单公开及时，承接事项办理规范；个别执法案卷归档滞后（演示数据）
        四川某某第三方评估中心（演示）,2023,,510304102000,88.0,便民服务中心窗口设置合理；赋权事项办件量偏少（演示数据）
        四川某某第三方评估中心（演示）,2023-H2,,510304105000,85.5,执法人员持证率达标；部分事项未全过程记录（演示数据）
        某大学公共管理学院课题组（演示）,2023,DA-XK-0001,,90.0,宅基地审批材料一次告知到位，办理时限明显缩短（演示数据）
        某大学公共管理学院课题组（演示）,2023,DA-CF-0189,,78.5,畜禽品种鉴定专业力量不足，建议加强培训或调整下放（演示数据）
        四川某某第三方评估中心（演示）,2023-07-01~2023-12-31,DA-GG-0001,,95.0,养老保险资格认证协助就近可办，群众评价较好（演示数据）
        """

    struct Submission {
        var item: String
        var kind: String
        var text: String
        var contact: String
        /// nil: still pending; true: approved; false: rejected with `reason`.
        var approve: Bool?
        var reason: String = ""
    }

    static let submissions: [Submission] = [
        Submission(
            item: "DA-XK-0001", kind: "question", text: "在镇上申请宅基地需要准备哪些材料？可以网上提交吗？（演示数据）",
            contact: "138****0001", approve: true),
        Submission(
            item: "DA-XK-0001", kind: "suggestion", text: "建议在便民服务中心公示宅基地审批的办理进度查询方式。（演示数据）", contact: "",
            approve: true),
        Submission(
            item: "DA-GG-0001", kind: "suggestion", text: "资格认证可以由村上代办，老人不用跑镇上，很方便。（演示数据）", contact: "",
            approve: true),
        Submission(
            item: "DA-CF-0189", kind: "complaint", text: "附近集市有人销售来源不明的种畜禽，举报后很久没有回复。（演示数据）",
            contact: "电话 139****0002", approve: nil),
        Submission(
            item: "DA-XK-0001", kind: "complaint", text: "某某工作人员电话号码是多少，我要投诉他本人！！（演示数据）", contact: "",
            approve: false, reason: "涉及具体个人信息且无具体事实，已转12345热线核实，不予公开"),
    ]

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = FeedbackService(database)
        guard try await service.evaluations(county: county).isEmpty else { return }
        let supervisor = Principal(username: "jiandu", role: .supervisor, county: county, organization: "510304-GOV")
        _ = try await service.importEvaluations(Data(csv.utf8), by: supervisor, at: now)
        let establishment = Principal(
            username: "bianban", role: .establishment, county: county, organization: "510304-D01")
        let today = DemoBuilder.today
        for s in submissions {
            let made = try await service.submit(
                county: county, item: s.item, kind: s.kind, text: s.text, contact: s.contact, today: today, at: now)
            if let approve = s.approve {
                _ = try await service.moderate(
                    made.id, approve: approve, reason: s.reason, today: today, by: establishment, at: now)
            }
        }
    }
}
