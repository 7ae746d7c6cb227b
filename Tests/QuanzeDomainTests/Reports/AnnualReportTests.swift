import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Annual report: processing steps, the reduction and the figures computed from the data")
struct AnnualReportTests {
    static func steps(_ code: String, _ before: String, _ after: String, document: String = "《某县审批服务优化方案》")
        throws(ReportFailure) -> ProcessingSteps
    {
        try ProcessingSteps.make(
            county: "990101", itemCode: code, itemName: "事项\(code)", before: before, after: after, document: document,
            number: "某府办发〔2023〕3号", provision: "第五条")
    }

    @Test("steps are 1–99, never more after than before, with a named document and a well-formed 文号")
    func stepRules() throws {
        // setup, act, check
        let ok = try Self.steps("A1", " 5 ", "2")
        #expect(ok.before == 5 && ok.after == 2)
        #expect(ok.source.citation == "《某县审批服务优化方案》（某府办发〔2023〕3号）第五条")
        #expect(throws: ReportFailure.badStepCount(field: "下放前办理环节数", text: "0")) { try Self.steps("A1", "0", "0") }
        #expect(throws: ReportFailure.badStepCount(field: "下放后办理环节数", text: "two")) { try Self.steps("A1", "5", "two") }
        #expect(throws: ReportFailure.badStepCount(field: "下放前办理环节数", text: "100")) { try Self.steps("A1", "100", "2") }
        #expect(throws: ReportFailure.moreStepsAfter(before: 3, after: 4)) { try Self.steps("A1", "3", "4") }
        #expect(throws: ReportFailure.missingDocument) { try Self.steps("A1", "5", "2", document: "  ") }
        #expect(throws: ReportFailure.badDocumentNumber("某府办发[2023]3号")) {
            try ProcessingSteps.make(
                county: "990101", itemCode: "A1", itemName: "", before: "5", after: "2", document: "《方案》",
                number: "某府办发[2023]3号", provision: "")
        }
        #expect(ReportFailure.moreStepsAfter(before: 3, after: 4).message == "下放后的办理环节（4个）不能多于下放前（3个）")
    }

    @Test("the reduction is (before − after) ÷ before over all items, in basis points rounded half up")
    func reduction() throws {
        // setup
        let list = [try Self.steps("A1", "5", "2"), try Self.steps("A2", "10", "4"), try Self.steps("A3", "6", "3")]
        // act
        let r = StepReduction.of(list)
        // check
        #expect(r.items == 3 && r.before == 21 && r.after == 9)
        #expect(r.reduction == 5714)
        #expect(AnnualReport.percent(r.reduction) == "57.1%")
        #expect(StepReduction.of([]).reduction == nil)
        #expect(AnnualReport.percent(6000) == "60%")
        #expect(AnnualReport.percent(8817) == "88.2%")
        #expect(AnnualReport.percent(9995) == "100%")
        #expect(AnnualReport.percent(nil) == "—")
        #expect(AnnualReport.range([113, 113]) == "113")
        #expect(AnnualReport.range([110, 113, 112]) == "110—113")
        #expect(AnnualReport.range([]) == "0")
        #expect(AnnualReport.count(4917) == "4917")
        #expect(AnnualReport.count(12345) == "12,345")
        #expect(AnnualReport.count(1_234_567) == "1,234,567")
    }

    /// A small county of two towns and one subdistrict with a little of everything.
    static func input() throws -> AnnualReportInput {
        let day = Day(year: 2024, month: 3, day: 1)!
        func decision(_ n: String, _ kind: Decision.Kind, _ d: Day) -> Decision {
            Decision(county: "990101", number: n, title: n, issuer: "某县人民政府", date: d, kind: kind)
        }
        let source = RuleSource(document: "《某县派驻机构管理办法》", number: "某委办发〔2022〕2号", wording: "")
        return AnnualReportInput(
            county: "990101", countyName: "某县", year: 2024,
            units: [
                .init(
                    code: "990101100000", kind: .town, statutory: 90, territorialPrimary: 30,
                    territorialCooperating: 20, empowerment: 12, licences: 3, publicServices: 8, enforcement: 40),
                .init(
                    code: "990101101000", kind: .town, statutory: 88, territorialPrimary: 30,
                    territorialCooperating: 20, empowerment: 12, licences: 3, publicServices: 8, enforcement: 40),
                .init(
                    code: "990101001000", kind: .subdistrict, statutory: 40, territorialPrimary: 30,
                    territorialCooperating: 20, empowerment: 12, licences: 3, publicServices: 8, enforcement: 40),
            ],
            previousUnits: [.init(code: "990101100000", kind: .town, empowerment: 15)],
            decisions: [
                decision("某府发〔2023〕1号", .listIssuance, Day(year: 2023, month: 2, day: 1)!),
                decision("某府发〔2023〕4号", .grantDecision, Day(year: 2023, month: 5, day: 1)!),
                decision("某府办发〔2024〕2号", .entrustment, day),
                decision("某府办发〔2024〕3号", .entrustment, day),
                decision("某府发〔2024〕9号", .adjustment, Day(year: 2024, month: 9, day: 1)!),
                decision("某府发〔2025〕1号", .grantDecision, Day(year: 2025, month: 1, day: 5)!),
            ],
            squads: 2, approvalOffices: 3,
            volumes: [
                .init(itemCode: "L1", itemName: "甲许可", volume: 40, satisfactionSum: 180, satisfactionCount: 40),
                .init(itemCode: "L2", itemName: "乙许可", volume: 60, satisfactionSum: 300, satisfactionCount: 60),
                .init(itemCode: "L3", itemName: "丙许可", volume: 5, satisfactionSum: 0, satisfactionCount: 0),
            ],
            certified: 17, enforcementEligible: 20,
            courses: [
                TrainingCourse(
                    id: "C1", county: "990101", provider: "D1", title: "执法培训", day: day, hours: 4, mode: .offline,
                    kind: .practice),
                TrainingCourse(
                    id: "C2", county: "990101", provider: "D1", title: "执法培训二", day: day, hours: 4, mode: .online,
                    kind: .theory),
                TrainingCourse(
                    id: "C3", county: "990101", provider: "D2", title: "旧培训", day: Day(year: 2023, month: 6, day: 1)!,
                    hours: 4, mode: .online, kind: .theory),
            ],
            rights: GovernanceRightList(rights: [
                GovernanceRight(code: "a", name: "任免建议权", group: .people, grantedIn: 2022, source: source),
                GovernanceRight(code: "b", name: "规划编制参与权", group: .affairs, grantedIn: 2023, source: source),
            ]),
            agencyRules: AgencyRules(
                opinionDeadlineDays: 15, allowsUnconsultedException: false, minimumTownshipWeight: 3000,
                consultation: source, townshipWeight: source),
            findings: [
                .init(rule: "无实际办件", itemCode: "A", status: "open"),
                .init(rule: "无实际办件", itemCode: "A", status: "open"),
                .init(rule: "无实际办件", itemCode: "B", status: "accepted"),
                .init(rule: "承接困难", itemCode: "A", status: "open"),
            ],
            steps: [try Self.steps("L1", "5", "2"), try Self.steps("L2", "5", "2")])
    }

    @Test("every figure is computed from the input, with its source, and the sentences carry them")
    func figures() throws {
        // setup
        let input = try Self.input()
        // act
        let report = try AnnualReport.compute(input)
        // check
        func value(_ key: String) -> String? { report.figure(key)?.value }
        #expect(report.title == "某县2024年度镇街权责清单运行报告")
        #expect(value("statutory.town") == "88—90")
        #expect(value("statutory.subdistrict") == "40")
        #expect(value("territorial.primary") == "30")
        #expect(value("territorial.cooperating") == "20")
        #expect(value("empowerment") == "12")
        #expect(value("empowerment.previous") == "15")
        #expect(value("decisions.lists") == "1")
        #expect(value("decisions.grants") == "1", "the 2025 grant is after the year")
        #expect(value("decisions.entrustments") == "1", "two 委托书 of one day are one batch")
        #expect(value("approval.licences") == "3")
        #expect(value("approval.services") == "8")
        #expect(value("approvalOffices") == "3")
        #expect(value("steps.reduction") == "60%")
        #expect(value("steps.before") == "10")
        #expect(value("steps.after") == "4")
        #expect(value("volume.L2") == "60")
        #expect(value("volume.L1") == "40")
        #expect(value("volume.L3") == "5")
        #expect(value("satisfaction") == "96%", "(180 + 300) ÷ (100 × 5)")
        #expect(value("squads") == "2")
        #expect(value("enforcement") == "40")
        #expect(value("certifiedRate") == "85%")
        #expect(value("training.sessions") == "2", "the 2023 course is not of 2024")
        #expect(value("training.providers") == "1")
        #expect(value("rights.people") == "1")
        #expect(value("rights.matters") == "1")
        #expect(value("appointments.consulted") == "0")
        #expect(value("assessment.townshipWeight") == "30%")
        #expect(value("findings") == "3", "two townships' findings on one rule and item are one problem")
        #expect(value("findings.accepted") == "1")
        #expect(value("actions") == "1")
        #expect(report.figure("assessment.townshipWeight")?.source == "《某县派驻机构管理办法》（某委办发〔2022〕2号）")
        let text = report.sections.flatMap(\.paragraphs).joined()
        #expect(text.contains("乙许可60件，甲许可40件，群众满意率达96%"))
        #expect(!text.contains("丙许可"), "the sentence names the two largest volumes")
        #expect(text.contains("据《某县审批服务优化方案》（某府办发〔2023〕3号）第五条，2项事项的办理环节由10个减为4个，审批环节优化减少60%"))
        #expect(text.contains("依《某县派驻机构管理办法》（某委办发〔2022〕2号），年度考核镇街评价结果不低于考核权重的30%"))
        #expect(text.contains("发现问题3项（承接困难1项、无实际办件2项），已采纳调整建议1项；2024年印发调整、收回决定1件（某府发〔2024〕9号）"))
        #expect(DocumentLayout.westernSpacesInChinese(text).isEmpty)
        #expect(report.export.rows.count == report.figures.count)
        #expect(report.export.header == ["指标", "数值", "来源"])
    }

    @Test("without data a figure is absent rather than invented; no townships or a bad year is refused")
    func refusals() throws {
        // setup
        var bare = AnnualReportInput(
            county: "990101", countyName: "某县", year: 2024, units: [.init(code: "990101100000", kind: .town)])
        // act
        let report = try AnnualReport.compute(bare)
        // check
        #expect(report.figure("steps.reduction") == nil)
        #expect(report.figure("satisfaction") == nil)
        #expect(report.figure("certifiedRate") == nil)
        #expect(report.figure("assessment.townshipWeight") == nil)
        #expect(report.figure("statutory.subdistrict") == nil)
        #expect(report.figure("statutory.town")?.value == "0")
        #expect(report.sections.count == 2)
        bare.units = []
        #expect(throws: ReportFailure.noTownships) { try AnnualReport.compute(bare) }
        bare.units = [.init(code: "990101100000", kind: .town)]
        bare.year = 1999
        #expect(throws: ReportFailure.yearOutOfRange(1999)) { try AnnualReport.compute(bare) }
    }
}
