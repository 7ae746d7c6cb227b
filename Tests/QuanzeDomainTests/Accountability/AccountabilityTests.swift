import Foundation
import Testing

@testable import QuanzeDomain

/// 追责、免予问责、容错纠错: situations as county data with their source, a case opened against a person of the
/// township's staff, decided once with grounds — every rule and every role.
@Suite("Accountability")
struct AccountabilityTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let today = Day(iso: "2023-12-31")!
    static let justice = Principal(username: "sifa", role: .justice, county: Fixture.county, organization: "D-SF")
    static let document = "《某区基层行政执法追责免责和容错纠错办法(试行)》"

    static func source(_ wording: String, number: String? = "某委办发〔2023〕8号") -> RuleSource {
        RuleSource(document: document, number: number, provision: "第六条", wording: wording)
    }

    static let list: [AccountabilitySituation] = [
        .init(code: "ZZ-01", kind: .imposed, source: source("不予制止、处罚的")),
        .init(code: "MY-01", kind: .exempted, source: source("已履行告知、报告职责的")),
        .init(code: "RC-01", kind: .tolerated, source: source("初期程序瑕疵且主动纠正的")),
    ]

    static let article = ArticleRef(law: "行政处罚法", version: Day(iso: "2021-01-22")!, article: 83)
    static let known: Set<ArticleRef> = [article]

    static let staff = [
        Staff(
            id: "ZF-1", county: Fixture.county, organization: "510104100000-ZF", name: "张三", kind: .establishment,
            position: .enforcement, education: .bachelor, hireDate: Day(iso: "2016-03-01")!),
        Staff(
            id: "ZF-2", county: Fixture.county, organization: "510104100000-ZF", name: "李四", kind: .establishment,
            position: .enforcement, education: .bachelor, hireDate: Day(iso: "2023-09-01")!),
    ]

    static func opened(
        occurred: String = "2023-06-01", opened: String = "2023-07-01", by principal: Principal = justice
    ) throws(AccountabilityFailure) -> AccountabilityCase {
        try AccountabilityCase.open(
            id: "WZ-0001", county: Fixture.county, itemCode: "DA-CF-0001", itemName: "某处罚", township: "510104100000",
            townshipName: "大山铺镇", person: AccountablePerson(staffId: "ZF-1", name: "张三"), matter: "未予处罚",
            facts: "举报后未立案查处", occurredOn: Day(iso: occurred)!, openedOn: Day(iso: opened)!, today: today,
            by: principal, at: now)
    }

    static func decision(
        _ kind: AccountabilityKind, number: String = "某纪发〔2023〕12号", on: String = "2023-08-01",
        body: String = "某区纪委监委", measure: String = "", correction: AccountabilityCase.Correction? = nil,
        situations: [String] = [], articles: [String] = []
    ) -> AccountabilityCase.DecisionInput {
        .init(
            kind: kind, number: number, on: Day(iso: on)!, body: body, measure: measure, correction: correction,
            situations: situations, articles: articles)
    }

    static func decide(_ c: AccountabilityCase, _ input: AccountabilityCase.DecisionInput, by: Principal = justice)
        throws(AccountabilityFailure) -> AccountabilityCase
    {
        try c.deciding(input, situations: list, knownArticles: known, today: today, by: by, at: now)
    }

    /// The failure a step throws, nil when it succeeds (every step here throws only `AccountabilityFailure`).
    static func failure(_ body: () throws -> Void) -> AccountabilityFailure? {
        do {
            try body()
            return nil
        } catch { return error as? AccountabilityFailure ?? .empty(field: "意外的错误：\(error)") }
    }

    // MARK: situations

    @Test("a situation needs 编办 or 司法局, a code, a source document, a wording, a valid 文号 and a new code")
    func situations() throws {
        func record(
            _ code: String = "ZZ-09", _ source: RuleSource = AccountabilityTests.source("情形"),
            by: Principal = AccountabilityTests.justice
        ) -> AccountabilityFailure? {
            Self.failure {
                _ = try AccountabilitySituation.record(
                    code: code, kind: .imposed, source: source, by: by, existing: Self.list)
            }
        }
        for role in Role.allCases {
            let p = Principal(username: "u", role: role, county: Fixture.county, organization: "X")
            let allowed = role == .establishment || role == .justice
            #expect(record(by: p) == (allowed ? nil : .wrongRole(step: "登记问责情形")), "\(role)")
        }
        #expect(record("") == .invalidSituationCode(""))
        #expect(record("追责一") == .invalidSituationCode("追责一"))
        #expect(record(String(repeating: "A", count: 21)) == .invalidSituationCode(String(repeating: "A", count: 21)))
        #expect(record("ZZ-09", RuleSource(document: " ", wording: "情形")) == .situationWithoutDocument)
        #expect(record("ZZ-09", RuleSource(document: Self.document, wording: "  ")) == .empty(field: "情形表述"))
        #expect(
            record("ZZ-09", RuleSource(document: Self.document, wording: String(repeating: "字", count: 501)))
                == .tooLong(field: "情形表述", limit: 500))
        #expect(record("ZZ-09", Self.source("情形", number: "8号文")) == .invalidNumber("8号文"))
        #expect(record("ZZ-01") == .duplicateSituation("ZZ-01"))
        let made = try AccountabilitySituation.record(
            code: " ZZ-09 ", kind: .exempted, source: RuleSource(document: Self.document, number: "", wording: " 情形 "),
            by: Self.justice, existing: Self.list)
        #expect(
            made == .init(code: "ZZ-09", kind: .exempted, source: RuleSource(document: Self.document, wording: "情形")))
        #expect(made.source.printed == "情形（依据：《某区基层行政执法追责免责和容错纠错办法(试行)》）")
    }

    // MARK: the person

    @Test("the person must be of the township's staff and on its roll on the day of the facts")
    func person() throws {
        let found = try AccountablePerson.find(
            "ZF-1", in: Self.staff, townshipName: "大山铺镇", on: Day(iso: "2023-06-01")!)
        #expect(found == AccountablePerson(staffId: "ZF-1", name: "张三"))
        #expect(
            Self.failure {
                _ = try AccountablePerson.find("ZF-9", in: Self.staff, townshipName: "大山铺镇", on: Self.today)
            }
                == .personNotInTownship(person: "ZF-9", township: "大山铺镇"))
        #expect(
            Self.failure { _ = try AccountablePerson.find(" ", in: Self.staff, townshipName: "大山铺镇", on: Self.today) }
                == .empty(field: "人员编号"))
        #expect(
            Self.failure {
                _ = try AccountablePerson.find(
                    "ZF-2", in: Self.staff, townshipName: "大山铺镇", on: Day(iso: "2023-06-01")!)
            } == .personNotOnRoll(person: "李四", hired: Day(iso: "2023-09-01")!, occurred: Day(iso: "2023-06-01")!))
        let hiredThatDay = try AccountablePerson.find(
            "ZF-2", in: Self.staff, townshipName: "大山铺镇", on: Day(iso: "2023-09-01")!)
        #expect(hiredThatDay.name == "李四")
    }

    // MARK: opening

    @Test("立案 by 编办 or 司法局 only; matter and facts required; no day after today; not before the facts")
    func open() throws {
        for role in Role.allCases {
            let p = Principal(username: "u", role: role, county: Fixture.county, organization: "X")
            let allowed = role == .establishment || role == .justice
            #expect(
                Self.failure { _ = try Self.opened(by: p) } == (allowed ? nil : .wrongRole(step: "问责立案")), "\(role)")
        }
        func attempt(
            matter: String = "事由", facts: String = "事实", occurred: String = "2023-06-01", opened: String = "2023-07-01"
        )
            -> AccountabilityFailure?
        {
            Self.failure {
                _ = try AccountabilityCase.open(
                    id: "WZ-0001", county: Fixture.county, itemCode: "I", itemName: "N", township: "T",
                    townshipName: "镇", person: .init(staffId: "ZF-1", name: "张三"), matter: matter, facts: facts,
                    occurredOn: Day(iso: occurred)!, openedOn: Day(iso: opened)!, today: Self.today, by: Self.justice,
                    at: Self.now)
            }
        }
        #expect(attempt(matter: " ") == .empty(field: "问责事由"))
        #expect(attempt(matter: String(repeating: "事", count: 201)) == .tooLong(field: "问责事由", limit: 200))
        #expect(attempt(facts: "") == .empty(field: "基本事实"))
        #expect(attempt(facts: String(repeating: "实", count: 2001)) == .tooLong(field: "基本事实", limit: 2000))
        #expect(
            attempt(occurred: "2024-01-01", opened: "2024-01-02")
                == .futureDay(field: "事实发生日期", day: Day(iso: "2024-01-01")!, today: Self.today))
        #expect(
            attempt(opened: "2024-01-01") == .futureDay(field: "立案日期", day: Day(iso: "2024-01-01")!, today: Self.today))
        #expect(
            attempt(occurred: "2023-07-02", opened: "2023-07-01")
                == .openedBeforeFacts(opened: Day(iso: "2023-07-01")!, occurred: Day(iso: "2023-07-02")!))
        #expect(attempt(occurred: "2023-12-31", opened: "2023-12-31") == nil)
        let c = try Self.opened()
        #expect(c.state == .open && c.decision == nil && c.kind == nil && c.year == nil)
        #expect(c.history.map(\.step) == ["立案"])
    }

    // MARK: deciding

    @Test("each kind decided with its grounds: 追责 with a measure, 免予问责 and 容错纠错 with their situation")
    func decisions() throws {
        let c = try Self.opened()
        let imposed = try Self.decide(
            c, Self.decision(.imposed, measure: " 诫勉 ", situations: ["ZZ-01"], articles: ["行政处罚法(2021-01-22)第83条"]))
        #expect(imposed.state == .decided && imposed.kind == .imposed && imposed.year == 2023)
        #expect(imposed.decision?.measure == "诫勉")
        #expect(imposed.decision?.situations.map(\.code) == ["ZZ-01"])
        #expect(imposed.decision?.articles == [Self.article])
        #expect(imposed.history.map(\.step) == ["立案", "作出追责决定"])
        let byStatute = try Self.decide(
            c, Self.decision(.imposed, measure: "通报批评", articles: ["行政处罚法(2021-01-22)第83条"]))
        #expect(byStatute.decision?.situations == [] && byStatute.decision?.articles == [Self.article])
        let exempted = try Self.decide(c, Self.decision(.exempted, situations: ["MY-01", "MY-01"]))
        #expect(exempted.kind == .exempted && exempted.decision?.situations.map(\.code) == ["MY-01"])
        #expect(exempted.decision?.measure == nil)
        let tolerated = try Self.decide(
            c,
            Self.decision(
                .tolerated, correction: .init(measures: " 补正案卷 ", on: Day(iso: "2023-07-15")!), situations: ["RC-01"]))
        #expect(tolerated.decision?.correction == .init(measures: "补正案卷", on: Day(iso: "2023-07-15")!))
    }

    @Test("a decision is refused for every broken rule, with the rule's own failure")
    func refusals() throws {
        let c = try Self.opened()
        func refused(_ input: AccountabilityCase.DecisionInput) -> AccountabilityFailure? {
            Self.failure { _ = try Self.decide(c, input) }
        }
        #expect(
            refused(Self.decision(.imposed, number: " ", measure: "诫勉", situations: ["ZZ-01"])) == .empty(field: "决定文号")
        )
        #expect(
            refused(Self.decision(.imposed, number: "12号", measure: "诫勉", situations: ["ZZ-01"]))
                == .invalidNumber("12号"))
        #expect(
            refused(Self.decision(.imposed, on: "2024-01-01", measure: "诫勉", situations: ["ZZ-01"]))
                == .futureDay(field: "决定日期", day: Day(iso: "2024-01-01")!, today: Self.today))
        #expect(
            refused(Self.decision(.imposed, on: "2023-06-30", measure: "诫勉", situations: ["ZZ-01"]))
                == .decisionBeforeOpening(decided: Day(iso: "2023-06-30")!, opened: Day(iso: "2023-07-01")!))
        #expect(
            refused(Self.decision(.imposed, body: "", measure: "诫勉", situations: ["ZZ-01"])) == .empty(field: "作出决定的机关")
        )
        #expect(
            refused(
                Self.decision(.imposed, body: String(repeating: "机", count: 51), measure: "诫勉", situations: ["ZZ-01"]))
                == .tooLong(field: "作出决定的机关", limit: 50))
        #expect(refused(Self.decision(.imposed, measure: "诫勉", situations: [" "], articles: [""])) == .noGrounds)
        #expect(refused(Self.decision(.imposed, measure: "诫勉", situations: ["ZZ-99"])) == .unknownSituation("ZZ-99"))
        #expect(
            refused(Self.decision(.imposed, measure: "诫勉", situations: ["MY-01"]))
                == .situationOfOtherKind(code: "MY-01", situationKind: "免予问责", caseKind: "追责"))
        #expect(
            refused(Self.decision(.exempted, situations: ["RC-01"]))
                == .situationOfOtherKind(code: "RC-01", situationKind: "容错纠错", caseKind: "免予问责"))
        #expect(
            refused(Self.decision(.imposed, measure: "诫勉", articles: ["行政处罚法第83条"])) == .invalidArticle("行政处罚法第83条"))
        #expect(
            refused(Self.decision(.imposed, measure: "诫勉", articles: ["行政处罚法(2021-01-22)第99条"]))
                == .unknownArticle("行政处罚法(2021-01-22)第99条"))
        #expect(refused(Self.decision(.imposed, situations: ["ZZ-01"])) == .measureRequired)
        #expect(
            refused(Self.decision(.imposed, measure: String(repeating: "诫", count: 101), situations: ["ZZ-01"]))
                == .tooLong(field: "问责方式", limit: 100))
        #expect(
            refused(Self.decision(.exempted, articles: ["行政处罚法(2021-01-22)第83条"])) == .situationRequired(kind: "免予问责"))
        #expect(
            refused(
                Self.decision(
                    .tolerated, correction: .init(measures: "补正", on: Self.today), articles: ["行政处罚法(2021-01-22)第83条"]))
                == .situationRequired(kind: "容错纠错"))
        #expect(refused(Self.decision(.tolerated, situations: ["RC-01"])) == .correctionRequired)
        #expect(
            refused(Self.decision(.tolerated, correction: .init(measures: " ", on: Self.today), situations: ["RC-01"]))
                == .correctionRequired)
        #expect(
            refused(
                Self.decision(
                    .tolerated, correction: .init(measures: String(repeating: "补", count: 501), on: Self.today),
                    situations: ["RC-01"])) == .tooLong(field: "纠错情况", limit: 500))
        #expect(
            refused(
                Self.decision(
                    .tolerated, correction: .init(measures: "补正", on: Day(iso: "2024-01-01")!), situations: ["RC-01"]))
                == .futureDay(field: "纠错完成日期", day: Day(iso: "2024-01-01")!, today: Self.today))
        #expect(
            refused(
                Self.decision(
                    .tolerated, correction: .init(measures: "补正", on: Day(iso: "2023-05-31")!), situations: ["RC-01"]))
                == .correctionBeforeFacts(corrected: Day(iso: "2023-05-31")!, occurred: Day(iso: "2023-06-01")!))
        let decided = try Self.decide(c, Self.decision(.exempted, situations: ["MY-01"]))
        #expect(
            Self.failure { _ = try Self.decide(decided, Self.decision(.exempted, situations: ["MY-01"])) }
                == .alreadyDecided(id: "WZ-0001"))
    }

    @Test("only 编办 and 司法局 decide", arguments: Role.allCases)
    func decidingRoles(role: Role) throws {
        let c = try Self.opened()
        let p = Principal(username: "u", role: role, county: Fixture.county, organization: "X")
        let allowed = role == .establishment || role == .justice
        let outcome = Self.failure { _ = try Self.decide(c, Self.decision(.exempted, situations: ["MY-01"]), by: p) }
        #expect(outcome == (allowed ? nil : .wrongRole(step: "作出问责决定")))
    }

    @Test("kinds read from their keys and Chinese names")
    func kinds() {
        #expect(AccountabilityKind.allCases.map(\.label) == ["追责", "免予问责", "容错纠错"])
        #expect(AccountabilityKind(text: "tolerated") == .tolerated)
        #expect(AccountabilityKind(text: " 免予问责 ") == .exempted)
        #expect(AccountabilityKind(text: "问责") == nil)
    }

    @Test("counts per kind and per township × year count decided cases; open ones apart")
    func counts() throws {
        let open = try Self.opened()
        var other = try Self.opened()
        other.township = "510104005000"
        other.townshipName = "和平街道"
        let a = try Self.decide(open, Self.decision(.imposed, measure: "诫勉", situations: ["ZZ-01"]))
        let b = try Self.decide(open, Self.decision(.exempted, on: "2023-09-01", situations: ["MY-01"]))
        let c = try Self.decide(
            other, Self.decision(.tolerated, correction: .init(measures: "补正", on: Self.today), situations: ["RC-01"]))
        var earlier = try Self.opened(occurred: "2022-03-01", opened: "2022-04-01")
        earlier = try Self.decide(
            earlier, Self.decision(.imposed, on: "2022-05-01", measure: "诫勉", situations: ["ZZ-01"]))
        let all = [a, b, c, earlier, open]
        #expect(AccountabilityCounts.of(all) == .init(imposed: 2, exempted: 1, tolerated: 1, open: 1))
        #expect(AccountabilityCounts.of(all).decided == 4)
        let table = AccountabilityCounts.table(all)
        #expect(
            table.map { "\($0.township) \($0.year)" } == [
                "510104005000 2023", "510104100000 2022", "510104100000 2023",
            ])
        #expect(
            table.map(\.counts) == [
                .init(tolerated: 1), .init(imposed: 1), .init(imposed: 1, exempted: 1),
            ])
        #expect(table[0].townshipName == "和平街道")
    }

    @Test("every failure has a Chinese message")
    func messages() {
        let samples: [AccountabilityFailure] = [
            .wrongRole(step: "问责立案"), .situationWithoutDocument, .noGrounds, .measureRequired, .correctionRequired,
            .situationRequired(kind: "免予问责"), .unknownArticle("行政处罚法(2021-01-22)第99条"),
        ]
        #expect(
            samples.map(\.message) == [
                "“问责立案”须由编办或司法局办理", "情形必须写明依据文件（如《……容错纠错办法》），否则不能登记",
                "决定必须写明依据：本区县登记的情形，或法律法规条文", "追责决定必须写明问责方式（如 诫勉、通报批评）",
                "容错纠错决定必须登记纠错情况（采取的纠正措施和完成日期）", "免予问责决定必须援引本区县登记的免予问责情形",
                "法规库中没有“行政处罚法(2021-01-22)第99条”，请先导入该法规版本或改正条文",
            ])
    }
}
