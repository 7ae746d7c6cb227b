import Testing

@testable import QuanzeDomain

@Suite("AssignmentImport")
struct AssignmentImportTests {
    static let header =
        "township,item_code,list,mode,role,partner,decision,decision_title,decision_issuer,decision_date,"
        + "decision_kind,valid_from,valid_to,correction_reason"
    static let registered = Fixture.decision("大安编发〔2023〕5号", date: "2023-06-01")
    static let townships = [Fixture.town: "白马镇", Fixture.subdistrict: "城关街道"]

    /// Reads `lines` under the full header and validates them against the fixture county.
    private func validate(_ lines: [String]) throws -> AssignmentImport.Result {
        let rows = try CSVReader.table(
            ([Self.header] + lines).joined(separator: "\r\n"), required: AssignmentImport.required)
        return AssignmentImport.validate(
            rows: rows, county: Fixture.county, townships: Self.townships, items: ["XM-001", "XM-002"],
            departments: Fixture.departments, decisions: [Self.registered.number: Self.registered],
            catalogued: ["XM-001"])
    }

    @Test("赋权 only for items in a registered provincial catalogue; 委托 needs none (no back door through an import)")
    func grantNeedsCatalogue() throws {
        // setup
        let lines = [
            "白马镇,XM-002,扩权赋能清单,赋权,,,大安编发〔2023〕5号,,,,,2023-07-01,,",
            "白马镇,XM-001,扩权赋能清单,赋权,,,大安编发〔2023〕5号,,,,,2023-07-01,,",
            "城关街道,XM-002,扩权赋能清单,委托,,区农业农村局,大安编发〔2023〕5号,,,,,2023-07-01,2026-07-01,",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["2:mode"])
        #expect(result.errors.first?.message.contains("省级赋权目录") == true)
        #expect(result.entries.map(\.line) == [3, 4])
    }

    @Test("a 赋权 entry may bring its 定期评估 interval (1–60 months) and last evaluation; a 委托 entry may not")
    func evaluationMonths() throws {
        // setup
        let rows = try CSVReader.table(
            [
                Self.header + ",evaluation_months,last_evaluated",
                "白马镇,XM-001,扩权赋能清单,赋权,,,大安编发〔2023〕5号,,,,,2023-07-01,,,6,2023-09-30",
                "城关街道,XM-001,扩权赋能清单,赋权,,,大安编发〔2023〕5号,,,,,2023-07-01,,,,",
                "白马镇,XM-001,执法,赋权,,,大安编发〔2023〕5号,,,,,2023-07-01,,,0,2023-06-30",
                "城关街道,XM-002,扩权赋能清单,委托,,区农业农村局,大安编发〔2023〕5号,,,,,2023-07-01,2026-07-01,,12,",
            ].joined(separator: "\r\n"), required: AssignmentImport.required)
        // act
        let result = AssignmentImport.validate(
            rows: rows, county: Fixture.county, townships: Self.townships, items: ["XM-001", "XM-002"],
            departments: Fixture.departments, decisions: [Self.registered.number: Self.registered],
            catalogued: ["XM-001"])
        // check
        #expect(result.entries.map(\.evaluationMonths) == [6, nil])
        #expect(result.entries.map(\.lastEvaluated) == [Fixture.day("2023-09-30"), nil])
        #expect(issues(result.errors) == ["4:evaluation_months", "4:last_evaluated", "5:evaluation_months"])
        #expect(
            result.errors.map(\.message) == ["评估周期“0”应为 1 至 60 的月数", "上次评估日期早于生效日期", "定期评估周期只适用于赋权条目"])
    }

    private func issues(_ list: [ImportIssue]) -> [String] {
        list.map { "\($0.line):\($0.column ?? "-")" }
    }

    @Test("a valid row becomes an add change citing the registered decision")
    func validRow() throws {
        // setup
        let line = "510104100000,XM-001,扩权赋能清单,赋权,,,大安编发〔2023〕5号,,,,,2023-07-01,2024-07-01,"
        // act
        let result = try validate([line])
        // check
        #expect(result.errors.isEmpty)
        #expect(result.newDecisions.isEmpty)
        #expect(
            result.entries == [
                AssignmentImport.Entry(
                    line: 2,
                    change: .add(
                        township: Fixture.town, itemCode: "XM-001", list: .empowerment, terms: .init(mode: .granted),
                        from: Fixture.day("2023-07-01"), until: Fixture.day("2024-07-01")),
                    decisionNumber: Self.registered.number, correctionReason: nil)
            ])
    }

    @Test(
        "a unit is found by its 12-digit code, its 9-digit code or its name",
        arguments: [
            "510104001000", "510104001", "城关街道",
        ])
    func townshipReferences(reference: String) throws {
        // setup
        let line = "\(reference),XM-001,enforcement,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,"
        // act
        let result = try validate([line])
        // check
        #expect(result.errors.isEmpty)
        guard case .add(let township, _, _, _, _, _) = result.entries.first?.change else {
            Issue.record("expected one add change, got \(result.entries)")
            return
        }
        #expect(township == Fixture.subdistrict)
    }

    @Test(
        "an unknown unit is an error on its line",
        arguments: [
            "510104999000", "510104999", "510105100000", "青山乡", "5101041",
        ])
    func unknownTownship(reference: String) throws {
        // setup
        let lines = [
            "510104100000,XM-001,enforcement,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,",
            "\(reference),XM-002,enforcement,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["3:township"])
        #expect(result.entries.map(\.line) == [2])
    }

    @Test("each missing required field is an error on its line and column", arguments: AssignmentImport.required)
    func missingRequiredField(column: String) throws {
        // setup
        var values = [
            "township": "白马镇", "item_code": "XM-001", "list": "enforcement", "mode": "entrusted",
            "decision": "大安编发〔2023〕5号", "valid_from": "2023-07-01",
        ]
        values[column] = ""
        let line = Self.header.split(separator: ",").map { values[String($0)] ?? "" }.joined(separator: ",")
        // act
        let result = try validate(["白马镇,XM-002,enforcement,entrusted,,,大安编发〔2023〕5号,,,,,2023-07-01,,", line])
        // check
        #expect(issues(result.errors) == ["3:\(column)"])
        #expect(result.entries.map(\.line) == [2])
    }

    @Test("an item missing from the catalogue is an error on its line")
    func unknownItem() throws {
        // setup
        let line = "白马镇,XM-404,enforcement,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,"
        // act
        let result = try validate(["白马镇,XM-001,enforcement,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,", line])
        // check
        #expect(issues(result.errors) == ["3:item_code"])
        #expect(result.errors.first?.message.contains("XM-404") == true)
    }

    @Test(
        "unknown list kinds, modes, roles and partners are errors in their columns",
        arguments: [
            ("白马镇,XM-001,第六张清单,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,", "2:list"),
            ("白马镇,XM-001,enforcement,授权,,,大安编发〔2023〕5号,,,,,2023-07-01,,", "2:mode"),
            ("白马镇,XM-001,属地,法定,牵头,区农业农村局,大安编发〔2023〕5号,,,,,2023-07-01,,", "2:role"),
            ("白马镇,XM-001,属地,法定,主体,区文旅局,大安编发〔2023〕5号,,,,,2023-07-01,,", "2:partner"),
            ("白马镇,XM-001,属地,法定,主体,区粮食局,大安编发〔2023〕5号,,,,,2023-07-01,,", "2:partner"),
        ])
    func unknownVocabulary(line: String, issue: String) throws {
        // setup
        let lines = [line]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors).first == issue)
        #expect(result.entries.isEmpty)
    }

    @Test(
        "a territorial row with a Chinese role and a known partner, by name or code, is accepted",
        arguments: ["区应急管理局", "D-02"])
    func territorialRow(partner: String) throws {
        // setup
        let line = "白马镇,XM-001,属地,法定,配合,\(partner),大安编发〔2023〕5号,,,,,2023-07-01,,"
        // act
        let result = try validate([line])
        // check
        #expect(result.errors.isEmpty)
        guard case .add(_, _, let list, let terms, _, _) = result.entries.first?.change else {
            Issue.record("expected one add change, got \(result.entries)")
            return
        }
        #expect(list == .territorial)
        #expect(terms == Assignment.Terms(mode: .statutory, role: .cooperating, partner: "区应急管理局"))
    }

    @Test(
        "the ledger's term rules apply to each row, reported on its line",
        arguments: [
            ("白马镇,XM-001,属地,法定,,,大安编发〔2023〕5号,,,,,2023-07-01,,", ListFailure.territorialNeedsRole),
            ("白马镇,XM-001,属地,法定,主体,,大安编发〔2023〕5号,,,,,2023-07-01,,", .partnerRequired(.primary)),
            ("白马镇,XM-001,执法,委托,主体,区应急管理局,大安编发〔2023〕5号,,,,,2023-07-01,,", .roleOnlyForTerritorial),
            ("白马镇,XM-001,法定,赋权,,,大安编发〔2023〕5号,,,,,2023-07-01,,", .statutoryListNeedsStatutoryMode),
            ("白马镇,XM-001,赋能,法定,,,大安编发〔2023〕5号,,,,,2023-07-01,,", .statutoryModeOnlyForStatutoryList),
        ])
    func termRules(line: String, failure: ListFailure) throws {
        // setup
        let lines = ["白马镇,XM-002,执法,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,", line]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors == [ImportIssue(line: 3, message: failure.message)])
        #expect(result.entries.map(\.line) == [2])
    }

    @Test("an unregistered decision described in the row is created once and cited by every row naming it")
    func newDecision() throws {
        // setup
        let described = "大安编发〔2024〕2号,关于委托实施的决定,大安区人民政府,2024-01-10,委托书"
        let lines = [
            "白马镇,XM-001,执法,委托,,,\(described),2024-02-01,,",
            "城关街道,XM-001,执法,委托,,,大安编发〔2024〕2号,,,,,2024-02-01,,",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(result.errors.isEmpty)
        #expect(
            result.newDecisions == [
                Decision(
                    county: Fixture.county, number: "大安编发〔2024〕2号", title: "关于委托实施的决定", issuer: "大安区人民政府",
                    date: Fixture.day("2024-01-10"), kind: .entrustment)
            ])
        #expect(result.entries.map(\.decisionNumber) == ["大安编发〔2024〕2号", "大安编发〔2024〕2号"])
    }

    @Test("a new decision without a kind is taken as a list issuance")
    func newDecisionDefaultKind() throws {
        // setup
        let line = "白马镇,XM-001,执法,委托,,,大安编发〔2024〕2号,关于印发清单的通知,大安区人民政府,2024-01-10,,2024-02-01,,"
        // act
        let result = try validate([line])
        // check
        #expect(result.newDecisions.map(\.kind) == [.listIssuance])
    }

    @Test(
        "an unregistered decision must be described, and its number well formed",
        arguments: [
            "白马镇,XM-001,执法,委托,,,大安编发〔2024〕2号,,,,,2024-02-01,,",
            "白马镇,XM-001,执法,委托,,,大安编发〔2024〕2号,标题,大安区人民政府,2024-02-30,,2024-03-01,,",
            "白马镇,XM-001,执法,委托,,,大安编发[2024]2号,标题,大安区人民政府,2024-01-10,,2024-02-01,,",
        ])
    func undescribedDecision(line: String) throws {
        // setup
        let lines = [line]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["2:decision"])
        #expect(result.newDecisions.isEmpty)
        #expect(result.entries.isEmpty)
    }

    @Test("a row citing neither a decision nor a correction is an error")
    func missingCitation() throws {
        // setup
        let line = "白马镇,XM-001,执法,委托,,,,,,,,2023-07-01,,"
        // act
        let result = try validate([line])
        // check
        #expect(issues(result.errors) == ["2:decision"])
    }

    @Test("a correction row of a 法定 entry carries its reason and no decision")
    func correctionRow() throws {
        // setup
        let line = "白马镇,XM-001,执法,法定,,,,,,,,2020-01-01,,历史清单补录遗漏"
        // act
        let result = try validate([line])
        // check
        #expect(result.errors.isEmpty)
        #expect(result.entries.map(\.decisionNumber) == [nil])
        #expect(result.entries.map(\.correctionReason) == ["历史清单补录遗漏"])
    }

    @Test("a correction row may not create a 赋权 or 委托 entry, nor give a reason that says nothing")
    func correctionRowRefused() throws {
        // setup
        let lines = [
            "白马镇,XM-001,执法,委托,,,,,,,,2020-01-01,,历史清单补录遗漏",
            "白马镇,XM-001,扩权赋能清单,赋权,,,,,,,,2020-01-01,,历史清单补录遗漏",
            "白马镇,XM-001,执法,法定,,,,,,,,2020-01-01,,补录",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["2:correction_reason", "3:correction_reason", "4:correction_reason"])
        #expect(result.entries.isEmpty)
        #expect(result.errors.first?.message.contains("不能以勘误新增或改为委托条目") == true)
    }

    @Test(
        "dates must be well formed, ordered, and not before the decision",
        arguments: [
            ("白马镇,XM-001,执法,委托,,,大安编发〔2023〕5号,,,,,2023/07/01,,", "2:valid_from"),
            ("白马镇,XM-001,执法,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,2023-13-01,", "2:valid_to"),
            ("白马镇,XM-001,执法,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,2023-07-01,", "2:valid_to"),
            ("白马镇,XM-001,执法,委托,,,大安编发〔2023〕5号,,,,,2023-05-31,,", "2:valid_from"),
        ])
    func badDates(line: String, issue: String) throws {
        // setup
        let lines = [line]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == [issue])
        #expect(result.entries.isEmpty)
    }

    @Test("errors carry the line of their row across a file with several bad rows")
    func lineNumbers() throws {
        // setup
        let lines = [
            "白马镇,XM-001,执法,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,",
            "青山乡,XM-001,执法,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,",
            "城关街道,XM-002,执法,委托,,,大安编发〔2023〕5号,,,,,2023-07-01,,",
            "城关街道,XM-404,执法,委托,,,大安编发〔2023〕5号,,,,,,,",
        ]
        // act
        let result = try validate(lines)
        // check
        #expect(issues(result.errors) == ["3:township", "5:valid_from", "5:item_code"])
        #expect(result.entries.map(\.line) == [2, 4])
    }
}
