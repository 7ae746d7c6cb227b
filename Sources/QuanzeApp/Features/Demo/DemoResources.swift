import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's resources (issue 14 points 4 and 6; the report's section 三: “将审批执法经费纳入预算、足额拨付”, “加大对承接
/// 事项多的镇街编制激励力度”, “依法为基层一线行政执法人员办理保险”). Demo data: the amounts, posts, insurer and policy
/// numbers are invented (the report gives none); the 2023 budgets are disbursed in full, as the report asks. The
/// insurance rule's source is the report's recommendation (`Demo/resource-rules.json`; the report's own title is
/// not in the seed, so the document is named by what it is). Everything is written through `ResourceService`, as
/// 编办 and the townships write it.
enum DemoResources {
    /// Per unit: the 2023 budget for approval and enforcement work (yuan, disbursed in full), the authorised posts
    /// of its approval office and of its enforcement squad (nil: the unit has no squad).
    static let units: [(unit: String, budget: String, approvalPosts: Int, squadPosts: Int?)] = [
        ("510304001000", "280000", 4, 6), ("510304002000", "180000", 3, nil), ("510304003000", "160000", 3, nil),
        ("510304004000", "150000", 2, nil), ("510304005000", "260000", 3, 6), ("510304006000", "300000", 3, 6),
        ("510304100000", "420000", 4, 8), ("510304102000", "320000", 3, 6), ("510304103000", "260000", 2, 5),
        ("510304104000", "300000", 3, 7), ("510304105000", "260000", 2, 5), ("510304106000", "250000", 2, 4),
        ("510304107000", "360000", 3, 8), ("510304108000", "250000", 2, 5), ("510304109000", "260000", 2, 6),
    ]

    static let insurer = "中国人民财产保险股份有限公司自贡市分公司"
    static let year = 2023
    /// The county's yearly policy: 2023-07-01 to 2024-06-30 (staff hired later are insured from their hire day).
    static let from = Day(iso: "2023-07-01")!
    static let until = Day(iso: "2024-06-30")!
    /// 大山铺镇's first two auxiliary officers are on an older policy ending on 2024-01-31, 牛佛镇's first officer
    /// on one ending on 2024-03-20 — both within 90 days of 2023-12-31; 和平街道's officer hired in September 2023
    /// is not insured yet.
    static let earlyEnds: [String: (Day, Day)] = [
        "ZF-510304100-011": (Day(iso: "2023-02-01")!, Day(iso: "2024-01-31")!),
        "ZF-510304100-012": (Day(iso: "2023-02-01")!, Day(iso: "2024-01-31")!),
        "ZF-510304107-001": (Day(iso: "2023-03-21")!, Day(iso: "2024-03-20")!),
    ]
    static let uninsuredUnit = "510304005000"

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = ResourceService(database)
        guard try await service.budgets(county: county, year: year).isEmpty else { return }
        try await service.setRules(
            try ResourceRulesData.load(ResourceRulesData.demoURL), county: county, actor: .system, at: now)
        for row in units {
            let budget = try TownshipBudget.make(
                county: county, township: row.unit, year: year, budgeted: row.budget, disbursed: row.budget,
                document: "", note: "")
            try await service.setBudget(budget, actor: .system, at: now)
            try await service.setEstablishment(
                county: county, office: row.unit + "-SP", year: year, posts: row.approvalPosts, document: "",
                actor: .system, at: now)
            if let posts = row.squadPosts {
                try await service.setEstablishment(
                    county: county, office: row.unit + "-ZF", year: year, posts: posts, document: "", actor: .system,
                    at: now)
            }
        }
        let today = DemoBuilder.today
        for snapshot in try await CapacityStore(database).snapshots(county: county) {
            let frontLine = snapshot.onRoll(on: today).filter { $0.position == .enforcement }
            for person in frontLine {
                let newcomer = person.hireDate > from
                if newcomer && snapshot.unit == uninsuredUnit { continue }
                let (start, end) = earlyEnds[person.id] ?? (newcomer ? person.hireDate : from, until)
                _ = try await service.addPolicy(
                    county: county, township: snapshot.unit, staffId: person.id, insurer: insurer,
                    number: "PICC\(start.year)\(person.id.replacingOccurrences(of: "-", with: ""))", kind: "accident",
                    from: start, until: end, cover: person.kind == .auxiliary ? "300000" : "500000", actor: .system,
                    at: now)
            }
        }
    }
}
