import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's accountability cases (issue 14 point 5; the report's recommendation “细化追责、免予问责情形和容错纠错
/// 程序”). Demo data: the county document 《大安区基层行政执法追责免责和容错纠错办法(试行)》, its 文号 and provisions
/// (`Demo/accountability-situations.json`), the matters, facts and decisions are invented; the persons are staff of
/// the demo's capacity records. Everything is written through `AccountabilityService` as 司法局 records it: the
/// situations, then each case opened and decided on its own days — 2 追责, 2 免予问责, 1 容错纠错 decided in 2023, and
/// one case opened in December and not yet decided.
enum DemoAccountability {
    static let url = Bundle.quanzeResources.appendingPathComponent("Demo/accountability-situations.json")

    struct Row {
        var item: String
        var township: String
        var person: String
        var matter: String
        var facts: String
        var occurred: String
        var opened: String
        var decision: AccountabilityCase.DecisionInput?
    }

    static func day(_ text: String) -> Day { Day(iso: text)! }

    static let body = "大安区纪委监委"

    static let rows: [Row] = [
        Row(
            item: "DA-CF-0065", township: "510304105000", person: "ZF-510304105-001",
            matter: "安排新入职人员独立开展安全设备执法检查", facts: "新入职人员尚未取得行政执法证件，被安排独立开展安全设备维护检测情况检查（演示数据）",
            occurred: "2023-03-14", opened: "2023-04-03",
            decision: .init(
                kind: .imposed, number: "大安纪发〔2023〕12号", on: day("2023-05-10"), body: body, measure: "通报批评",
                situations: ["ZZ-02"], articles: ["行政处罚法(2021-01-22)第76条"])),
        Row(
            item: "DA-CF-0064", township: "510304102000", person: "ZF-510304102-002",
            matter: "对安全设备不符合标准的违法行为未予处罚", facts: "群众多次举报某企业安全设备不符合国家标准，未予立案查处，后发生设备故障（演示数据）",
            occurred: "2023-06-08", opened: "2023-07-05",
            decision: .init(
                kind: .imposed, number: "大安纪发〔2023〕19号", on: day("2023-08-22"), body: body, measure: "诫勉",
                situations: ["ZZ-01"], articles: ["行政处罚法(2021-01-22)第83条"])),
        Row(
            item: "DA-CF-0200", township: "510304108000", person: "ZF-510304108-002",
            matter: "地质灾害危险区内违法削坡未能及时制止", facts: "巡查发现后已书面告知当事人停止作业并报告区自然资源和规划局，当事人夜间擅自施工（演示数据）",
            occurred: "2023-07-19", opened: "2023-08-01",
            decision: .init(
                kind: .exempted, number: "大安纪发〔2023〕23号", on: day("2023-09-15"), body: body,
                situations: ["MY-01"])),
        Row(
            item: "DA-CF-0189", township: "510304107000", person: "ZF-510304107-001",
            matter: "畜禽品种违法销售举报未能及时查处", facts: "镇畜禽品种鉴定人员被区农业农村局借调，镇已报告并请区农业农村局协助查处（演示数据）",
            occurred: "2023-05-22", opened: "2023-06-12",
            decision: .init(
                kind: .exempted, number: "大安纪发〔2023〕17号", on: day("2023-07-20"), body: body,
                situations: ["MY-02"])),
        Row(
            item: "DA-CF-0125", township: "510304100000", person: "ZF-510304100-002",
            matter: "剧毒化学品销售处罚案件未全过程记录", facts: "承接委托事项初期办理的处罚案件未按规定全过程记录，未造成损害后果（演示数据）",
            occurred: "2023-04-18", opened: "2023-10-09",
            decision: .init(
                kind: .tolerated, number: "大安纪发〔2023〕31号", on: day("2023-11-28"), body: body,
                correction: .init(measures: "补正案卷，配备并启用执法记录仪，参加行政执法程序培训", on: day("2023-11-20")),
                situations: ["RC-01"])),
        Row(
            item: "DA-CF-0213", township: "510304109000", person: "ZF-510304109-001",
            matter: "渔港水域违法作业举报未予核查", facts: "举报件转办后未在规定期限内核查回复（演示数据）",
            occurred: "2023-11-27", opened: "2023-12-18", decision: nil),
    ]

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = AccountabilityService(database)
        guard try await service.cases(county: county).isEmpty else { return }
        let justice = Principal(username: "system", role: .justice, county: county, organization: "510304-D02")
        let today = DemoBuilder.today
        if try await service.situations(county: county).isEmpty {
            let situations = try JSONDecoder().decode([AccountabilitySituation].self, from: Data(contentsOf: url))
            for s in situations {
                _ = try await service.recordSituation(
                    code: s.code, kind: s.kind, source: s.source, by: justice, at: now)
            }
        }
        for row in rows {
            let made = try await service.open(
                item: row.item, township: row.township, person: row.person, matter: row.matter, facts: row.facts,
                occurredOn: day(row.occurred), openedOn: day(row.opened), today: today, by: justice, at: now)
            if let decision = row.decision {
                _ = try await service.decide(made.id, decision, today: today, by: justice, at: now)
            }
        }
    }
}
