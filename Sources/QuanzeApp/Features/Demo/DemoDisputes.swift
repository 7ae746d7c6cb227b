import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's boundary disputes (issue 15 point 1; the report's “推诿扯皮”, “以‘已下放’为由推卸责任”). Demo data: the
/// county's dispute rules and their document (`Demo/dispute-rules.json`), the matters, facts, answers and the ruling
/// are invented. Written through `DisputeService` by each side on its own days: one ruled in 2023 (the township
/// keeps the 巡查发现、制止和报告 duty its territorial list already gives it, so the list and the report's counts stay as
/// they are), one answered and waiting for 编办, one overdue (escalated), one waiting for its answer and one
/// withdrawn. No item is disputed three times, so the engine finds no R8 on the demo.
enum DemoDisputes {
    static let url = Bundle.quanzeResources.appendingPathComponent("Demo/dispute-rules.json")

    static func day(_ text: String) -> Day { Day(iso: text)! }

    static func township(_ code: String) -> Principal {
        Principal(username: "system", role: .township, county: DemoDistrict.county, organization: code, unit: code)
    }

    static func department(_ number: Int) -> Principal {
        Principal(
            username: "system", role: .department, county: DemoDistrict.county,
            organization: String(format: "510304-D%02d", number))
    }

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = DisputeService(database)
        guard try await service.disputes(county: county).isEmpty else { return }
        let rules = try JSONDecoder().decode(DisputeRules.self, from: Data(contentsOf: url))
        try await service.setRules(rules, county: county, actor: .system, at: now)
        let bianban = Principal(
            username: "system", role: .establishment, county: county, organization: String(format: "510304-D%02d", 1))
        let heshi = township("510304104000")
        let enforcement = department(16)

        let ruled = try await service.raise(
            item: "DA-QT-0072", matter: "居民小区楼顶违法搭建的发现、制止和查处",
            facts: "某小区楼顶出现违法搭建，群众多次反映。镇认为违法建设的查处属区综合行政执法局职责；区综合行政执法局认为该事项已下放镇街，应由镇处理（演示数据）",
            documents: ["大安编发〔2021〕3号"], respondent: enforcement.organization, on: day("2023-04-10"),
            today: DemoBuilder.today, by: heshi,
            at: now)
        _ = try await service.answer(
            ruled.id, position: .declines,
            reasons: "按属地事项清单，违法建设的巡查发现、制止和报告由镇街负责；对已建成违法建筑的立案查处和强制拆除由本局实施，需镇街配合提供巡查记录和现场协助",
            on: day("2023-04-18"), today: DemoBuilder.today, by: enforcement, at: now)
        _ = try await service.rule(
            ruled.id, primary: heshi.organization, cooperating: [enforcement.organization],
            basis: "依照属地事项清单，违法建设的巡查发现、制止和报告由镇人民政府主办；立案查处和强制拆除由区综合行政执法局实施，镇人民政府配合",
            articles: ["地方各级人民代表大会和地方各级人民政府组织法(2022-03-11)第76条"], decision: "大安编发〔2023〕9号",
            title: nil, on: day("2023-05-12"), today: DemoBuilder.today, by: bianban, at: now)

        let housing = department(7)
        let niufo = township("510304107000")
        let answered = try await service.raise(
            item: "DA-QT-0112", matter: "农村自建房安全隐患排查后的整改督促",
            facts: "排查发现的农村自建房安全隐患，镇未督促整改到位，房屋所有人拒不整改时双方均未采取措施（演示数据）",
            documents: ["大安住建发〔2023〕41号"], respondent: niufo.organization, on: day("2023-11-20"),
            today: DemoBuilder.today, by: housing,
            at: now)
        _ = try await service.answer(
            answered.id, position: .shares,
            reasons: "本镇负责排查登记和日常督促，但责令整改和采取强制措施须由住建部门依法作出，请明确双方在整改督促中的分工",
            on: day("2023-11-28"), today: DemoBuilder.today, by: niufo, at: now)

        _ = try await service.raise(
            item: nil, matter: "农贸市场外占道销售活禽的管理",
            facts: "凤凰街道某农贸市场外长期有占道销售活禽，街道认为属活禽交易市场监管范围，多次移交未获处理（演示数据）", documents: [],
            respondent: department(3).organization, on: day("2023-12-12"), today: DemoBuilder.today,
            by: township("510304006000"), at: now)

        _ = try await service.raise(
            item: "DA-QT-0121", matter: "辖区危险化学品经营门店日常检查的分工",
            facts: "辖区新增两家危险化学品经营门店，镇与区应急管理局对日常检查由谁组织认识不一（演示数据）", documents: [],
            respondent: department(4).organization, on: day("2023-12-26"), today: DemoBuilder.today,
            by: township("510304100000"), at: now)

        let withdrawn = try await service.raise(
            item: "DA-QT-0130", matter: "河道沿线养殖场污水直排的执法检查",
            facts: "群众反映河道沿线养殖场污水直排，镇认为应由区生态环境局检查（演示数据）", documents: [],
            respondent: department(8).organization, on: day("2023-08-01"), today: DemoBuilder.today,
            by: township("510304105000"), at: now)
        _ = try await service.withdraw(withdrawn.id, by: township("510304105000"), at: now)
    }
}
