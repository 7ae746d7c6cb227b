import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's supervision (issue 15 points 2 and 3; the report's “建立案件内审、考核评价机制，重点对镇街依法合规、限时办结
/// 等进行考核”). Demo data: the seeds, the findings, the county document 《大安区镇（街道）年度工作考核办法（试行）》, its
/// 文号 and weights are invented. Written through `SupervisionService` as 司法局 and 编办 record them: a 2023 sample of
/// three enforcement cases at each of three townships (seeds fixed), a finding on every sampled case (two of them
/// with problems), then the 2023 assessment scheme and its published ranking of all townships.
enum DemoSupervision {
    struct Draw {
        var township: String
        var seed: Int
        /// Per drawn case (in draw order), the aspects with a problem and the note.
        var problems: [Int: [(ReviewAspect, String)]]
    }

    static let draws: [Draw] = [
        Draw(
            township: "510304100000", seed: 20_231_201,
            problems: [0: [(.evidence, "现场检查笔录缺当事人签字确认（演示数据）")]]),
        Draw(
            township: "510304102000", seed: 20_231_202,
            problems: [1: [(.procedure, "未书面告知陈述、申辩权利（演示数据）"), (.discretion, "罚款数额未说明适用的裁量基准（演示数据）")]]),
        Draw(township: "510304105000", seed: 20_231_203, problems: [:]),
    ]

    static let sampleSize = 3

    static let source = RuleSource(
        document: "《大安区镇（街道）年度工作考核办法（试行）》", number: "大安委编办〔2023〕5号", provision: "第六条",
        wording: "镇（街道）年度考核设依法合规、限时办结、群众满意度、持证率、培训学时和职责争议六项指标，权重分别为30%、25%、15%、15%、10%和5%（演示数据）")

    static let weights: [(indicator: String, weight: String)] = [
        ("compliance", "30"), ("on-time", "25"), ("satisfaction", "15"), ("certified", "15"), ("training", "10"),
        ("disputes", "5"),
    ]

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = SupervisionService(database)
        guard try await service.assessments(county: county).isEmpty else { return }
        let today = DemoBuilder.today
        let justice = Principal(username: "system", role: .justice, county: county, organization: "510304-D02")
        let bianban = Principal(username: "system", role: .establishment, county: county, organization: "510304-D01")
        for draw in draws {
            let sample = try await service.draw(
                township: draw.township, from: Day(year: 2023, month: 1, day: 1)!,
                to: Day(year: 2023, month: 12, day: 31)!,
                seed: draw.seed, size: sampleSize, today: today, by: justice, at: now)
            for (index, caseId) in sample.cases.enumerated() {
                var findings: [ReviewAspect: (ok: Bool, note: String)] = [:]
                for aspect in ReviewAspect.allCases { findings[aspect] = (true, "") }
                for (aspect, note) in draw.problems[index] ?? [] { findings[aspect] = (false, note) }
                _ = try await service.review(
                    sample: sample.id, case: caseId, findings: findings, reviewedOn: today, today: today, by: justice,
                    at: now)
            }
        }
        _ = try await service.makeScheme(
            year: 2023, weights: weights, trainingTarget: "60", disputeDeduction: "5", source: source, by: bianban,
            at: now)
        // The disputes of the records, once connected (`DisputeCounts`); the demo's disputes load before this part.
        let disputes = try await DisputeCounts.read(county: county, year: 2023, database: database)
        _ = try await service.publish(year: 2023, disputes: disputes, today: today, by: bianban, at: now)
    }
}
