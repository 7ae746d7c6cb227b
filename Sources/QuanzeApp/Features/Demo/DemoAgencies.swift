import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's dispatched agencies (issue 14 point 6; the report's section 一: “派出机构累计有9名负责人调整征求镇街意见，
/// 年度考核镇街评价结果不低于考核权重的30%”). Demo data: the agencies, people, 文号 and scores are invented; the
/// county's rules and their source document (《大安区派驻(出)机构管理办法(试行)》, whose 文号 the report does not give)
/// come from `Demo/agency-rules.json`. Everything is written through the operations a user's change goes through:
/// organisations added as the system administrator adds them, appointments proposed by the department, answered
/// by the township and decided by the department, schemes made, scored by both sides and published.
enum DemoAgencies {
    /// The 9 towns each have a 市场监督管理所 of 区市场监督管理局 (510304-D03); 3 of them a 自然资源所 of
    /// 区自然资源和规划局 (510304-D05).
    static let market = "510304-D03"
    static let resources = "510304-D05"
    static let towns: [(String, String)] = DemoDistrict.townships.filter { $0.1.hasSuffix("镇") }
    static let resourceTowns = ["510304100000", "510304107000", "510304109000"]

    static func organizations() -> [Organization] {
        towns.map { code, name in
            Organization(
                code: "\(market)-\(code.dropFirst(6).prefix(3))", county: DemoDistrict.county,
                name: "大安区市场监督管理局\(name)市场监督管理所", kind: .dispatchedAgency, parent: market,
                stationedAt: code)
        }
            + resourceTowns.map { code in
                Organization(
                    code: "\(resources)-\(code.dropFirst(6).prefix(3))", county: DemoDistrict.county,
                    name: "大安区自然资源和规划局\(towns.first { $0.0 == code }?.1 ?? code)自然资源所", kind: .dispatchedAgency,
                    parent: resources, stationedAt: code)
            }
    }

    /// The 9 head appointments of 2023 (6 of the market offices, 3 of the resource offices), each answered by the
    /// township within the deadline and decided with the department's 文号.
    static let appointments:
        [(
            agency: String, action: HeadAppointment.Action, person: String, proposed: String, opinion: String,
            decided: String
        )] = [
            ("510304-D03-100", .appoint, "王建华", "2023-02-06", "2023-02-13", "2023-02-20"),
            ("510304-D03-102", .appoint, "刘明", "2023-03-01", "2023-03-09", "2023-03-16"),
            ("510304-D03-103", .remove, "陈志强", "2023-03-20", "2023-03-27", "2023-04-03"),
            ("510304-D03-103", .appoint, "赵丽", "2023-03-20", "2023-03-28", "2023-04-03"),
            ("510304-D03-105", .appoint, "孙伟", "2023-05-08", "2023-05-15", "2023-05-22"),
            ("510304-D03-107", .appoint, "周静", "2023-07-03", "2023-07-12", "2023-07-19"),
            ("510304-D05-100", .appoint, "吴刚", "2023-08-14", "2023-08-21", "2023-08-28"),
            ("510304-D05-107", .appoint, "郑海", "2023-09-11", "2023-09-18", "2023-09-25"),
            ("510304-D05-109", .appoint, "黄敏", "2023-10-16", "2023-10-24", "2023-10-30"),
        ]

    static let departmentDocumentPrefixes = [market: "大安市监党", resources: "大安自然资规党"]

    /// The 2023 scheme of every market office: the township scores 30 % (its minimum), the department 70 %.
    static let indicators: [AssessmentScheme.IndicatorInput] = [
        .init(name: "服务镇街中心工作", side: .township, weight: "20"),
        .init(name: "协同镇街执法与应急处置", side: .township, weight: "10"),
        .init(name: "市场监管业务工作", side: .department, weight: "50"),
        .init(name: "队伍建设与依法行政", side: .department, weight: "20"),
    ]

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = AgencyService(database)
        guard try await service.appointments(county: county).isEmpty else { return }
        let rules = try AgencyRulesData.load(AgencyRulesData.demoURL)
        try await service.setRules(rules, county: county, actor: .system, at: now)
        let existing = Set(try await OrganizationStore(database).all(county: county).map(\.code))
        for org in organizations() where !existing.contains(org.code) {
            _ = try await OrganizationService(database).add(org, by: .system, at: now)
        }
        func department(_ code: String) -> Principal {
            Principal(username: "system", role: .department, county: county, organization: code)
        }
        func township(_ code: String) -> Principal {
            Principal(username: "system", role: .township, county: county, organization: code, unit: code)
        }
        var serial: [String: Int] = [:]
        for row in appointments {
            let dept = String(row.agency.prefix(10))
            let town = "510304\(row.agency.suffix(3))000"
            let made = try await service.propose(
                agency: row.agency, action: row.action, person: row.person, post: "所长", reasons: "工作需要（演示数据）",
                on: Day(iso: row.proposed)!, rules: rules, by: department(dept), at: now)
            _ = try await service.apply(
                .giveOpinion(agrees: true, reasons: "", on: Day(iso: row.opinion)!), to: made.id, rules: rules,
                by: township(town), at: now)
            serial[dept, default: 0] += 1
            let number = "\(departmentDocumentPrefixes[dept] ?? "大安")〔2023〕\(serial[dept]! + 10)号"
            _ = try await service.apply(
                .decide(number: number, on: Day(iso: row.decided)!), to: made.id, rules: rules, by: department(dept),
                at: now)
        }
        for (index, (code, _)) in towns.enumerated() {
            let agency = "\(market)-\(code.dropFirst(6).prefix(3))"
            let scheme = try await service.makeScheme(
                agency: agency, year: 2023, indicators: indicators, rules: rules, by: department(market), at: now)
            // Invented scores, spread so that the totals differ: township 88–96, department 84–92.
            let t = 88 + index
            let d = 84 + index
            _ = try await service.scheme(
                scheme.id, .score(["服务镇街中心工作": "\(t)", "协同镇街执法与应急处置": "\(t - 2).5"]), by: township(code),
                at: now)
            _ = try await service.scheme(
                scheme.id, .score(["市场监管业务工作": "\(d)", "队伍建设与依法行政": "\(d + 1)"]), by: department(market),
                at: now)
            _ = try await service.scheme(
                scheme.id, .publish(on: Day(iso: "2023-12-28")!), by: department(market), at: now)
        }
    }
}
