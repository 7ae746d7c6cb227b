import Foundation

/// The audited actions and their Chinese names: the one vocabulary the audit log's page, its filter, its export and
/// its API read (issue 13, point 7). Keys are what the log stores (`delegation.recall`); a reader sees the name
/// (“收回赋权”). An action written by code must have its name here (`AuditActionsTests` checks every key the code
/// writes and the demo's log).
public enum AuditActions {
    /// Every action key with its Chinese name, in the order the filter lists them (by area).
    public static let all: [(key: String, label: String)] = [
        ("login", "登录"), ("logout", "退出"), ("access.refused", "拒绝访问"), ("token.invalid", "无效令牌"),
        ("account.create", "开设账号"), ("account.disable", "停用账号"), ("account.enable", "启用账号"),
        ("account.reset-password", "重置密码"), ("account.password", "修改密码"), ("account.role", "调整角色"),
        ("token.create", "发放令牌"), ("token.revoke", "吊销令牌"),
        ("county.init", "开通区县"), ("organization.add", "新增单位"), ("organization.rename", "单位更名"),
        ("organization.retire", "撤销单位"), ("organization.prefix", "设置单位人员编号前缀"),
        ("unit.contact", "更新单位办事信息"),
        ("list.change", "清单变更"), ("list.apply", "清单批量变更"), ("demo.list.change", "演示清单变更"),
        ("item.legal-basis", "修改事项依据"), ("legal-ground.seed", "载入法律依据"), ("legal-ground.update", "修改法律依据"),
        ("requirements.add", "新增承接条件"), ("catalogue.save", "登记省级赋权目录"),
        ("delegation.propose", "提出下放申请"), ("delegation.proposal", "办理下放申请"), ("delegation.menu", "发布下放目录"),
        ("delegation.order", "镇街点单"), ("delegation.agreement", "办理委托书或赋权决定"), ("delegation.start", "开始实施"),
        ("delegation.evaluate", "定期评估"), ("delegation.follow-up", "登记跟进事项"),
        ("delegation.follow-up.close", "办结跟进事项"), ("delegation.recall", "收回下放"),
        ("delegation.legacy", "登记存量下放"), ("suggestion.decide", "处理调整建议"),
        ("agency.rules", "登记派驻机构管理规则"), ("agency.appointment.propose", "提出派驻机构负责人任免"),
        ("agency.appointment.opinion", "反馈任免意见"), ("agency.appointment.decide", "作出任免决定"),
        ("agency.appointment.decide-exception", "未征求意见作出任免决定（例外）"),
        ("agency.appointment.withdraw", "撤回任免提议"), ("agency.scheme.make", "制定派驻机构考核方案"),
        ("agency.scheme.score", "派驻机构考核评分"), ("agency.scheme.publish", "公布派驻机构考核结果"),
        ("capacity.staff", "登记人员"), ("capacity.certificate", "登记执法证件"), ("capacity.secondment", "登记借调"),
        ("capacity.equipment", "登记装备"), ("capacity.standardisation", "登记标准化建设"), ("capacity.course", "登记培训"),
        ("capacity.import.staff", "导入人员与证件"), ("capacity.import.attendance", "导入参训记录"),
        ("capacity.load", "载入承接能力数据"),
        ("cases.ingest", "接收办件数据"), ("satisfaction", "接收满意度评价"),
        ("import.divisions", "导入区划"), ("import.organizations", "导入单位"), ("import.laws", "导入法规"),
        ("import.items", "导入事项"), ("import.assignments", "导入清单条目"), ("import.article-map", "导入条文对照"),
        ("resource.rules", "登记资源保障规则"), ("resource.budget", "登记审批执法经费"),
        ("resource.establishment", "核定编制数"), ("resource.insurance", "登记执法人员保险"),
        ("accountability.situation", "登记问责情形"), ("accountability.case.open", "问责立案"),
        ("accountability.case.decide", "作出问责决定"),
        ("dispute.rules", "登记争议处理规则"), ("dispute.raise", "提出职责边界争议"), ("dispute.answer", "答复职责边界争议"),
        ("dispute.withdraw", "撤回职责边界争议"), ("dispute.rule", "裁定职责边界争议"),
        ("governance.rights", "登记镇街治理权力清单"), ("governance.exercise", "登记镇街治理权力行使"),
        ("governance.matter", "登记规划编制或项目验收"),
        ("evaluation.import", "导入第三方评估"), ("feedback.submit", "收到群众意见"), ("feedback.moderate", "审核群众意见"),
        ("report.steps", "登记办理环节"), ("report.publish", "发布年度运行报告"),
        ("supervision.review.draw", "案件内审抽样"), ("supervision.review.finding", "登记案件内审结论"),
        ("supervision.assessment.scheme", "制定镇街考核方案"), ("supervision.assessment.publish", "公布镇街考核结果"),
        ("subscription.create", "订阅清单变更"), ("subscription.request", "收到公众订阅申请"),
        ("subscription.confirm", "确认订阅"), ("subscription.cancel", "退订清单变更"),
        ("outbox.dead", "通知转为死信"), ("outbox.retry", "重新发送死信"),
        ("guidance.document.publish", "发布指导材料"), ("guidance.document.revise", "修订指导材料"),
        ("guidance.discretion.publish", "发布行政处罚裁量基准"),
    ]

    private static let labels = Dictionary(all.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })

    /// The Chinese name of an action key; nil for a key outside the vocabulary.
    public static func label(of key: String) -> String? { labels[key] }

    /// The name a page prints: the vocabulary's, or “其他操作” for a key it does not know (an entry written by an
    /// older or newer version), never the key itself.
    public static func name(_ key: String) -> String { labels[key] ?? "其他操作" }
}
