import Foundation
import Testing

@testable import QuanzeDomain

/// The townships' governance rights: the county's list (data, each right with its source), the exercises a
/// township records, the exercises the agencies' records are, the counts, and the participation check of a
/// department's plans and acceptances.
@Suite("Governance rights: the list, exercises and the participation check")
struct GovernanceRightsTests {
    static let resources = AgencyFixture.resources

    static func list(_ file: String) throws -> GovernanceRightList {
        try JSONDecoder().decode(
            GovernanceRightList.self, from: Data(contentsOf: resources.appendingPathComponent(file)))
    }

    static let town = "510104100000"
    static let other = "510104005000"
    static let today = Fixture.day("2023-12-31")
    static let township = AgencyFixture.township
    static let establishment = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "D-BB")
    static let department = Principal(
        username: "zhujian", role: .department, county: Fixture.county, organization: "D-ZJ")

    static func input(
        _ right: String, township: String = town, matter: String = "征求意见", on day: String = "2023-05-01",
        concerned: String? = nil, matterId: String? = nil, documents: [String] = []
    ) -> RightExercise.Input {
        RightExercise.Input(
            township: township, right: right, matter: matter, on: Fixture.day(day), outcome: "提出意见 3 条",
            documents: documents, concerned: concerned, matterId: matterId)
    }

    static func matter(_ kind: MatterKind, township: String = town, claimed: Bool = true, id: String = "GM-0001")
        throws -> GovernanceMatter
    {
        try GovernanceMatter.record(
            id: id, county: Fixture.county, kind: kind, township: township, townshipName: "大山铺镇", title: "土地综合整治规划",
            on: Fixture.day("2023-06-01"), participationClaimed: claimed, note: "", by: department,
            departmentName: "区住房和城乡建设局", rights: try list("Demo/governance-rights.json"), today: today, at: Fixture.t0)
    }

    static func record(
        _ input: RightExercise.Input, by principal: Principal = township, townshipName: String? = "大山铺镇",
        concernedName: String? = nil, linked: GovernanceMatter? = nil, id: String = "GE-0001"
    ) throws(GovernanceFailure) -> RightExercise {
        let rights = try! list("Demo/governance-rights.json")
        return try RightExercise.record(
            input, id: id, county: Fixture.county, townshipName: townshipName, concernedName: concernedName,
            linked: linked, by: principal, rights: rights, today: today, at: Fixture.t0)
    }

    /// The refusal of `body`, nil when it succeeds (another error would show as an unexpected failure).
    static func failure(_ body: () throws -> Void) -> GovernanceFailure? {
        do {
            try body()
            return nil
        } catch {
            return error as? GovernanceFailure ?? .unknownRight("unexpected: \(error)")
        }
    }

    @Test("the product's and the demo's lists: five rights, 2 管人 + 3 管事, sources as data")
    func lists() throws {
        // act
        let product = try Self.list("governance-rights.json")
        let demo = try Self.list("Demo/governance-rights.json")
        // check
        #expect(Self.failure { try product.validate(requireDocuments: false) } == nil)
        #expect(Self.failure { try product.validate(requireDocuments: true) } == .missingDocument("人事考核权"))
        #expect(Self.failure { try demo.validate(requireDocuments: true) } == nil)
        #expect(product.rights.map(\.name) == ["人事考核权", "任免建议/征得同意权", "规划参与权", "项目验收参与权", "重大事项建议权"])
        #expect(demo.rights.map(\.code) == product.rights.map(\.code))
        #expect(demo.group(.people).map(\.grantedIn) == [2021, 2021])
        #expect(demo.group(.affairs).map(\.grantedIn) == [2022, 2022, 2022])
        #expect(Set(demo.group(.people).map(\.source.document)) == ["《大安区派驻(出)机构管理办法(试行)》"])
        #expect(Set(demo.group(.affairs).map(\.source.document)) == ["《大安区落实赋予镇(街道)相关职权的实施方案》"])
        #expect(product.right(for: .plan)?.source.printed == "县级部门编制涉及镇街的规划，应当请镇街参与（依据：本区县尚未登记依据文件）")
        #expect(demo.right(for: .acceptance)?.source.printed == "赋予镇街项目验收参与权（依据：《大安区落实赋予镇(街道)相关职权的实施方案》）")
    }

    @Test("a list a county may keep: each refusal")
    func validation() throws {
        // setup
        let base = try Self.list("Demo/governance-rights.json")
        func with(_ change: (inout GovernanceRightList) -> Void) -> GovernanceFailure? {
            var list = base
            change(&list)
            return Self.failure { try list.validate(requireDocuments: true) }
        }
        let sample = base.rights[4]
        // act + check
        #expect(with { $0.rights = [] } == .emptyList)
        #expect(with { $0.rights = Array(repeating: sample, count: 21) } == .tooManyRights(21))
        #expect(with { $0.rights[0].code = "Planning" } == .invalidCode("Planning"))
        #expect(with { $0.rights[0].code = "-x" } == .invalidCode("-x"))
        #expect(with { $0.rights[0].code = "" } == .invalidCode(""))
        #expect(with { $0.rights[1].code = "personnel-assessment" } == .duplicateCode("personnel-assessment"))
        #expect(with { $0.rights[0].name = " " } == .emptyName)
        #expect(with { $0.rights[0].name = String(repeating: "权", count: 21) } == .tooLong(field: "权力名称", limit: 20))
        #expect(with { $0.rights[1].name = "人事考核权" } == .duplicateName("人事考核权"))
        #expect(with { $0.rights[2].source.wording = "" } == .emptyWording("规划参与权"))
        #expect(with { $0.rights[2].source.document = "" } == .missingDocument("规划参与权"))
        #expect(with { $0.rights[2].source.number = "大安编发2022-3" } == .invalidNumber("大安编发2022-3"))
        #expect(with { $0.rights[2].source.number = "大安编发〔2022〕3号" } == nil)
        #expect(with { $0.rights[2].grantedIn = 1999 } == .yearOutOfRange(1999))
        #expect(with { $0.rights[4].scope = .plan } == .scopeTwice(scope: "规划编制", first: "规划参与权", second: "重大事项建议权"))
        #expect(
            with { $0.rights[2].source.provision = String(repeating: "条", count: 501) }
                == .tooLong(field: "依据", limit: 500))
    }

    @Test("an exercise: who records it, for which township, of which right, and what it must say")
    func exerciseRules() throws {
        // setup
        let planMatter = try Self.matter(.plan)
        let otherMatter = try Self.matter(.plan, township: Self.other, id: "GM-0002")
        let acceptance = try Self.matter(.acceptance, id: "GM-0003")
        // act
        let recorded = try Self.record(Self.input("major-matters", concerned: "D-ZRZY"), concernedName: "区自然资源和规划局")
        let linked = try Self.record(Self.input("planning", matter: "", matterId: "GM-0001"), linked: planMatter)
        let byEstablishment = try Self.record(Self.input("major-matters", township: Self.other), by: Self.establishment)
        // check
        #expect(recorded.origin == .recorded && recorded.group == .affairs && recorded.rightName == "重大事项建议权")
        #expect(recorded.concernedName == "区自然资源和规划局")
        #expect(linked.matter == "土地综合整治规划", "an empty matter takes the linked plan's title")
        #expect(linked.matterId == "GM-0001")
        #expect(byEstablishment.township == Self.other && byEstablishment.recordedBy == "bianban")
        for role in Role.allCases where role != .township && role != .establishment {
            let principal = Principal(
                username: "u", role: role, county: Fixture.county, organization: "X", unit: Self.town)
            #expect(
                Self.failure { _ = try Self.record(Self.input("major-matters"), by: principal) }
                    == .wrongRole(step: "登记权力行使", needed: "镇街或编办"), "\(role)")
        }
        #expect(
            Self.failure { _ = try Self.record(Self.input("major-matters", township: Self.other)) } == .notOwnTownship)
        #expect(
            Self.failure { _ = try Self.record(Self.input("major-matters"), by: Self.establishment, townshipName: nil) }
                == .notATownship(Self.town))
        #expect(Self.failure { _ = try Self.record(Self.input("no-such")) } == .unknownRight("no-such"))
        #expect(
            Self.failure { _ = try Self.record(Self.input("appointment-consent")) }
                == .derivedRight(right: "任免建议/征得同意权", from: "派驻机构负责人任免的镇街意见"))
        #expect(
            Self.failure { _ = try Self.record(Self.input("personnel-assessment")) }
                == .derivedRight(right: "人事考核权", from: "派驻机构年度考核的镇街评分"))
        #expect(Self.failure { _ = try Self.record(Self.input("major-matters", matter: " ")) } == .emptyMatter)
        #expect(
            Self.failure {
                _ = try Self.record(Self.input("major-matters", matter: String(repeating: "事", count: 101)))
            }
                == .tooLong(field: "事项名称", limit: 100))
        #expect(
            Self.failure {
                _ = try Self.record(Self.input("major-matters", documents: Array(repeating: "文", count: 11)))
            }
                == .tooLong(field: "文件份数", limit: 10))
        #expect(
            Self.failure { _ = try Self.record(Self.input("major-matters", on: "2024-01-01")) }
                == .dayInFuture(Fixture.day("2024-01-01")))
        #expect(Self.failure { _ = try Self.record(Self.input("major-matters", on: "2023-12-31")) } == nil)
        #expect(
            Self.failure { _ = try Self.record(Self.input("planning", on: "2021-12-31")) }
                == .dayBeforeGrant(right: "规划参与权", year: 2022))
        #expect(Self.failure { _ = try Self.record(Self.input("planning", on: "2022-01-01")) } == nil)
        #expect(
            Self.failure { _ = try Self.record(Self.input("major-matters", concerned: "D-X")) } == .notConcerned("D-X"))
        #expect(
            Self.failure { _ = try Self.record(Self.input("planning", matterId: "GM-0009")) }
                == .unknownMatter("GM-0009"))
        #expect(
            Self.failure { _ = try Self.record(Self.input("planning", matterId: "GM-0002"), linked: otherMatter) }
                == .matterOfAnotherTownship("GM-0002"))
        #expect(
            Self.failure { _ = try Self.record(Self.input("acceptance", matterId: "GM-0001"), linked: planMatter) }
                == .matterOfAnotherKind(matter: "土地综合整治规划", kind: "规划编制", right: "项目验收参与权"))
        #expect(
            Self.failure { _ = try Self.record(Self.input("major-matters", matterId: "GM-0003"), linked: acceptance) }
                == .rightNotForMatters("重大事项建议权"))
    }

    @Test("a plan or acceptance: recorded by a department only, for a township, when the list covers its kind")
    func matterRules() throws {
        // setup
        let rights = try Self.list("Demo/governance-rights.json")
        var withoutAcceptance = rights
        withoutAcceptance.rights.removeAll { $0.scope == .acceptance }
        func make(
            _ kind: MatterKind = .plan, by principal: Principal = Self.department, townshipName: String? = "大山铺镇",
            title: String = "规划", note: String = "", on day: String = "2023-06-01", list: GovernanceRightList? = nil
        ) -> GovernanceFailure? {
            Self.failure {
                _ = try GovernanceMatter.record(
                    id: "GM-0001", county: Fixture.county, kind: kind, township: Self.town, townshipName: townshipName,
                    title: title, on: Fixture.day(day), participationClaimed: false, note: note, by: principal,
                    departmentName: "区住建局", rights: list ?? rights, today: Self.today, at: Fixture.t0)
            }
        }
        // act + check
        #expect(make() == nil)
        #expect(make(.acceptance) == nil)
        for role in Role.allCases where role != .department {
            let principal = Principal(
                username: "u", role: role, county: Fixture.county, organization: "X", unit: Self.town)
            #expect(make(by: principal) == .wrongRole(step: "登记规划编制", needed: "区级部门"), "\(role)")
        }
        #expect(make(townshipName: nil) == .notATownship(Self.town))
        #expect(make(.acceptance, list: withoutAcceptance) == .notCovered("项目验收"))
        #expect(make(title: "") == .emptyMatter)
        #expect(make(title: String(repeating: "规", count: 101)) == .tooLong(field: "名称", limit: 100))
        #expect(make(note: String(repeating: "说", count: 501)) == .tooLong(field: "说明", limit: 500))
        #expect(make(on: "2024-01-01") == .dayInFuture(Fixture.day("2024-01-01")))
    }

    @Test("participation: flagged exactly when no exercise of the matching right by that township is linked")
    func participationExhaustive() throws {
        // setup
        let rights = try Self.list("Demo/governance-rights.json")
        var none = rights
        none.rights.removeAll { $0.scope == .plan || $0.scope == .acceptance }
        func exercise(_ right: String, township: String, matterId: String?) -> RightExercise {
            RightExercise(
                id: "GE-\(right)-\(township)-\(matterId ?? "")", county: Fixture.county, township: township,
                townshipName: "", right: right, rightName: "", group: .affairs, matter: "m",
                on: Fixture.day("2023-06-01"),
                outcome: "", documents: [], matterId: matterId, origin: .recorded)
        }
        var checked = 0
        for kind in MatterKind.allCases {
            for claimed in [true, false] {
                let matter = try Self.matter(kind, claimed: claimed)
                let matching = kind == .plan ? "planning" : "acceptance"
                let wrongRight = kind == .plan ? "acceptance" : "planning"
                // Every combination of one exercise's right, township and link, alone, then with the list lacking
                // the participation rights.
                for right in [matching, wrongRight, "major-matters"] {
                    for township in [Self.town, Self.other] {
                        for link in ["GM-0001", "GM-0002", nil] as [String?] {
                            // act
                            let e = exercise(right, township: township, matterId: link)
                            let status = matter.participation([e], rights: rights)
                            let uncovered = matter.participation([e], rights: none)
                            // check
                            let counts = right == matching && township == Self.town && link == "GM-0001"
                            let expected: GovernanceMatter.Participation =
                                counts ? .participated([e.id]) : .skipped(claimed: claimed)
                            #expect(status == expected)
                            #expect(status.isFlagged == !counts)
                            #expect(uncovered == .notRequired && !uncovered.isFlagged)
                            checked += 1
                        }
                    }
                }
                #expect(matter.participation([], rights: rights) == .skipped(claimed: claimed))
            }
        }
        #expect(checked == 2 * 2 * 3 * 2 * 3)
        #expect(GovernanceMatter.Participation.skipped(claimed: false).label == "未经镇街参与")
        #expect(GovernanceMatter.Participation.skipped(claimed: true).label == "部门登记镇街已参与，镇街未登记参与记录")
        #expect(GovernanceMatter.Participation.participated(["GE-0001"]).label == "镇街已参与")
    }

    @Test("the agencies' records are exercises: each township opinion and each published assessment, once")
    func derived() throws {
        // setup
        let agencyRules = try AgencyFixture.demoRules()
        let rights = try Self.list("Demo/governance-rights.json")
        let proposed = try AgencyFixture.proposed(agencyRules)
        let answered = try proposed.applying(
            .giveOpinion(agrees: false, reasons: "建议另选", on: Fixture.day("2023-03-05")), by: AgencyFixture.township,
            rules: agencyRules, at: Fixture.t0)
        let decided = try answered.applying(
            .decide(number: "大安市监党〔2023〕12号", on: Fixture.day("2023-03-10")), by: AgencyFixture.department,
            rules: agencyRules, at: Fixture.t0)
        var scheme = try AssessmentSchemeTests.make()
        scheme = try scheme.scoring(["服务镇街中心工作": "90", "协同执法配合": "80"], by: AgencyFixture.township, at: Fixture.t0)
        scheme = try scheme.scoring(["业务工作完成": "85", "队伍建设": "88"], by: AgencyFixture.department, at: Fixture.t0)
        let unpublished = scheme
        let published = try scheme.publishing(
            on: Fixture.day("2023-12-28"), by: AgencyFixture.department, at: Fixture.t0)
        var withoutPeople = rights
        withoutPeople.rights.removeAll { $0.group == .people }
        // act
        let all = RightExercise.derived(
            appointments: [proposed, decided], schemes: [unpublished, published], rights: rights)
        let none = RightExercise.derived(appointments: [decided], schemes: [published], rights: withoutPeople)
        // check
        #expect(all.map(\.id) == ["AP-0001", "AS-0001"], "the unanswered proposal and the unpublished scheme are not")
        #expect(all[0].right == "appointment-consent" && all[0].origin == .headAppointment)
        #expect(all[0].on == Fixture.day("2023-03-05") && all[0].outcome == "不同意：建议另选")
        #expect(all[0].documents == ["大安市监党〔2023〕12号"] && all[0].township == "510104100000")
        #expect(all[0].matter == "任职所长 张明" && all[0].concernedName == "大山铺市场监管所")
        #expect(all[1].right == "personnel-assessment" && all[1].on == Fixture.day("2023-12-28"))
        #expect(
            all[1].outcome == "镇街评价得分 26.00（权重 30%），总分 86.24",
            "20%×90 + 10%×80 = 26; + 45.5%×85 + 24.5%×88 = 60.235; 86.235 rounds half up")
        #expect(none.isEmpty)
    }

    @Test("counts per township and year, per right, zeros included, the district's row last")
    func counts() throws {
        // setup
        let rights = try Self.list("Demo/governance-rights.json")
        func e(_ right: String, _ township: String, _ day: String) -> RightExercise {
            RightExercise(
                id: UUID().uuidString, county: Fixture.county, township: township, townshipName: "", right: right,
                rightName: "", group: .affairs, matter: "m", on: Fixture.day(day), outcome: "", documents: [],
                origin: .recorded)
        }
        let exercises = [
            e("planning", Self.town, "2023-01-01"), e("planning", Self.town, "2023-12-31"),
            e("acceptance", Self.town, "2023-06-01"), e("planning", Self.other, "2023-06-01"),
            e("planning", Self.town, "2022-12-31"), e("retired-right", Self.town, "2023-06-01"),
            e("planning", "510104999000", "2023-06-01"),
        ]
        // act
        let table = ExerciseCount.table(
            exercises, year: 2023, townships: [(Self.town, "大山铺镇"), (Self.other, "和平街道")], rights: rights)
        // check
        #expect(table.map(\.township) == [Self.town, Self.other, "*"])
        #expect(
            table[0].byRight == [
                "personnel-assessment": 0, "appointment-consent": 0, "planning": 2, "acceptance": 1, "major-matters": 0,
            ])
        #expect(table[0].total == 4, "the retired right counts in the total only")
        #expect(table[1].byRight["planning"] == 1 && table[1].total == 1)
        #expect(table[2].townshipName == "合计" && table[2].byRight["planning"] == 3 && table[2].total == 5)
    }
}
