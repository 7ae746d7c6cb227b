import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's governance rights (issue 14 point 6; the report's section 一: 2021 《大安区派驻(出)机构管理办法(试行)》
/// gave the townships 2 rights over people (任免建议权, 工作考核权), 2022 《大安区落实赋予镇(街道)相关职权的实施方案》 3
/// over affairs (规划编制和项目验收参与权 …), in use in 土地综合整治, 市政设施安装, 老旧小区改造 and, with the agencies'
/// help, 耕地恢复, 纠纷调解, 食品安全). The list and its sources come from `Demo/governance-rights.json` (the report
/// gives neither 文号 nor text; the third 管事 right, 重大事项建议权, is named by the product, not the report). The
/// plans, acceptances and exercises are invented demo data, written through `GovernanceService` as the departments
/// and townships write them; the opinions on the 9 head appointments and the scores of the 9 yearly assessments
/// are not entered again — they are the agencies' records (`DemoAgencies`), counted as exercises.
enum DemoGovernance {
    static let resources = "510304-D05"
    static let housing = "510304-D07"
    static let justice = "510304-D02"

    /// Plans and acceptances of 2023: (department, kind, township, title, day, whether the department had the
    /// township take part). The last one skipped 和平街道: flagged.
    static let matters: [(String, MatterKind, String, String, String, Bool)] = [
        (resources, .plan, "510304100000", "大山铺镇土地综合整治专项规划（2023—2035年）", "2023-04-18", true),
        (resources, .plan, "510304107000", "牛佛镇全域土地综合整治试点实施方案", "2023-06-09", true),
        (resources, .plan, "510304109000", "回龙镇土地综合整治与生态修复规划", "2023-09-22", true),
        (housing, .acceptance, "510304006000", "凤凰街道市政路灯及附属设施安装工程竣工验收", "2023-05-30", true),
        (housing, .acceptance, "510304001000", "大安街道老旧小区改造项目（一期）竣工验收", "2023-07-14", true),
        (housing, .acceptance, "510304003000", "马冲口街道老旧小区改造项目竣工验收", "2023-10-20", true),
        (housing, .acceptance, "510304002000", "龙井街道市政燃气管道安装工程竣工验收", "2023-11-08", true),
        (housing, .acceptance, "510304005000", "和平街道老旧小区改造项目（二期）竣工验收", "2023-12-12", false),
    ]

    /// The townships' own records of 2023: (township, right, matter, day, outcome, documents, concerned, matter id).
    static let exercises: [(String, String, String, String, String, [String], String?, String?)] = [
        (
            "510304100000", "planning", "", "2023-03-28", "提出村庄建设用地布局调整等意见 6 条，采纳 5 条", ["大山铺镇关于土地综合整治专项规划的意见（演示）"],
            resources, "GM-0001"
        ),
        ("510304107000", "planning", "", "2023-05-22", "提出复垦地块选址意见 4 条，全部采纳", [], resources, "GM-0002"),
        ("510304109000", "planning", "", "2023-09-05", "参加规划论证会，提出意见 3 条，采纳 2 条", [], resources, "GM-0003"),
        ("510304006000", "acceptance", "", "2023-05-30", "参加验收，提出整改意见 2 条，已整改后通过", [], housing, "GM-0004"),
        ("510304001000", "acceptance", "", "2023-07-14", "参加验收，居民代表意见纳入验收记录", [], housing, "GM-0005"),
        ("510304003000", "acceptance", "", "2023-10-20", "参加验收，同意通过", [], housing, "GM-0006"),
        ("510304002000", "acceptance", "", "2023-11-08", "参加验收，提出恢复路面意见 1 条，已整改", [], housing, "GM-0007"),
        (
            "510304105000", "major-matters", "关于耕地恢复项目实施时序的建议", "2023-04-10", "区自然资源和规划局采纳，调整为分两批实施", [],
            resources, nil
        ),
        (
            "510304102000", "major-matters", "关于建立矛盾纠纷联调机制的建议", "2023-06-15", "区司法局采纳，司法所与镇综治中心联合调解", [], justice,
            nil
        ),
        (
            "510304104000", "major-matters", "关于加强农村集体聚餐食品安全监管的建议", "2023-08-23", "市场监督管理所采纳，纳入年度检查计划", [],
            "510304-D03-104", nil
        ),
    ]

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = GovernanceService(database)
        guard try await service.exercises(county: county).isEmpty else { return }
        let rights = try GovernanceRightsData.load(GovernanceRightsData.demoURL)
        try await service.setRights(rights, county: county, actor: .system, at: now)
        let today = DemoBuilder.today
        for (department, kind, township, title, day, claimed) in matters {
            _ = try await service.recordMatter(
                kind: kind, township: township, title: title, on: Day(iso: day)!, participationClaimed: claimed,
                note: claimed ? "" : "验收组未邀请街道参加（演示数据）", rights: rights,
                by: Principal(username: "system", role: .department, county: county, organization: department),
                today: today, at: now)
        }
        for (township, right, matter, day, outcome, documents, concerned, matterId) in exercises {
            _ = try await service.record(
                RightExercise.Input(
                    township: township, right: right, matter: matter, on: Day(iso: day)!, outcome: outcome,
                    documents: documents, concerned: concerned, matterId: matterId), rights: rights,
                by: Principal(
                    username: "system", role: .township, county: county, organization: township, unit: township),
                today: today, at: now)
        }
    }
}
