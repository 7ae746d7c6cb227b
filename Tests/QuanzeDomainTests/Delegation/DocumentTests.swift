import Foundation
import Testing

@testable import QuanzeDomain

/// Documents as they are really issued: one 委托书 between one department and one township listing all its items,
/// one 赋权决定 under one 文号 covering many items and townships; 文号 rules (代字, issuer, kind, once); the
/// printed page's geometry (title lines, pages, no Western spaces in Chinese text).
@Suite("Documents: multi-line 委托书 and 赋权决定, 文号 rules, GB/T 9704 layout")
struct DocumentTests {
    static let town = ("510104100000", "团结镇")
    static let street = ("510104001000", "大安街道")
    static let market = Organization(
        code: "D-SC", county: Cast.county, name: "区市场监督管理局", kind: .department, documentPrefix: "大安市监发")

    static func line(
        _ code: String, _ mode: DelegationMode, department: Organization = AgreementTests.agriculture,
        state: Order.LineState = .approved, agreement: String? = nil
    ) -> Order.Line {
        Order.Line(
            proposalId: "P-\(code)", itemCode: code, itemName: "事项\(code)", mode: mode, department: department.code,
            departmentName: department.name, missingAtOrder: [], state: state, reason: nil, agreementId: agreement)
    }

    static func order(_ id: String, _ unit: (String, String), _ lines: [Order.Line]) -> Order {
        Order(id: id, county: Cast.county, unit: unit.0, unitName: unit.1, lines: lines, history: [])
    }

    static func township(_ unit: (String, String)) -> Principal {
        Principal(username: unit.0, role: .township, county: Cast.county, organization: unit.0, unit: unit.0)
    }

    /// Draws and answers the failure, or nil.
    static func failure(
        number: String = "大安农委〔2023〕3号", _ selections: [Agreement.Selection],
        issuer: Organization = AgreementTests.agriculture, registered: Decision? = nil, usedBy: String? = nil,
        termTo: Day? = Fixture.day("2025-06-30"), evaluationMonths: Int? = nil
    ) -> DelegationFailure? {
        let mode =
            selections.first.flatMap { $0.order.lines.indices.contains($0.line) ? $0.order.lines[$0.line].mode : nil }
            ?? .entrusted
        let ground = try? GroundsFixture.ground(mode, .penalty)
        guard let responsibility = try? GroundsFixture.responsibility(mode) else { return .emptyDocument }
        do throws(DelegationFailure) {
            _ = try Agreement.draw(
                id: "A", number: number, selections: selections, issuer: issuer, registered: registered,
                usedBy: usedBy, termFrom: Fixture.day("2023-07-01"), termTo: termTo,
                evaluationMonths: evaluationMonths, groundOf: { _ in ground }, responsibility: responsibility,
                by: Cast.establishment, at: Fixture.t2)
        } catch { return error }
        return nil
    }

    /// The citation of the seeded penalty ground of a mode, as drawing names it.
    static func citation(_ mode: DelegationMode) -> String {
        (try? GroundsFixture.ground(mode, .penalty))?.citation ?? ""
    }

    @Test("行政处罚法第20条: one 委托书 covers all items of one department at one township; each line starts a delegation")
    func entrustmentOfSeveralItems() throws {
        // setup
        let order = Self.order("O1", Self.town, [Self.line("XM-1", .entrusted), Self.line("XM-2", .entrusted)])
        // act
        let entrustedPenalty = try GroundsFixture.ground(.entrusted, .penalty)
        var letter = try Agreement.draw(
            id: "A1", number: "大安农委〔2023〕3号",
            selections: [.init(order: order, line: 0, scope: "立案、调查"), .init(order: order, line: 1, scope: "现场检查")],
            issuer: AgreementTests.agriculture, registered: nil, usedBy: nil, termFrom: Fixture.day("2023-07-01"),
            termTo: Fixture.day("2025-06-30"), evaluationMonths: nil,
            groundOf: { _ in entrustedPenalty }, responsibility: try GroundsFixture.responsibility(.entrusted),
            by: Cast.establishment, at: Fixture.t2)
        letter = try letter.signing(by: Cast.department, at: Fixture.t2).signing(by: Cast.township, at: Fixture.t2)
        letter = try letter.publishing(on: Fixture.day("2023-06-20"), place: "网站", by: Cast.department, at: Fixture.t2)
            .publishing(on: Fixture.day("2023-06-21"), place: "公开栏", by: Cast.township, at: Fixture.t2)
        let (started, delegations) = try letter.starting(
            on: Fixture.day("2023-07-01"), delegationIds: ["G1", "G2"], by: Cast.establishment, at: Fixture.t3)
        // check
        #expect(letter.lines.map(\.itemCode) == ["XM-1", "XM-2"])
        #expect(letter.lines.map(\.scope) == ["立案、调查", "现场检查"])
        #expect(letter.issuer == "D-AG" && letter.issuerName == "区农业农村局")
        #expect(letter.signers.map(\.name) == ["区农业农村局", "团结镇"])
        #expect(letter.titleParts == ["区农业农村局", "关于委托", "团结镇", "实施2项行政权力事项", "的委托书"])
        #expect(delegations.map(\.itemCode) == ["XM-1", "XM-2"])
        #expect(delegations.allSatisfy { $0.agreementId == "A1" && $0.decision == "大安农委〔2023〕3号" })
        #expect(delegations.allSatisfy { $0.actingName == "区农业农村局" && $0.termEnds == Fixture.day("2025-06-30") })
        #expect(started.lines.map(\.delegationId) == ["G1", "G2"])
    }

    @Test("a 委托书 is between one department and one township: lines of two departments or two townships are refused")
    func entrustmentIsBilateral() {
        // setup
        let twoDepartments = Self.order(
            "O1", Self.town, [Self.line("XM-1", .entrusted), Self.line("XM-2", .entrusted, department: Self.market)])
        let atTown = Self.order("O1", Self.town, [Self.line("XM-1", .entrusted)])
        let atStreet = Self.order("O2", Self.street, [Self.line("XM-2", .entrusted)])
        let mixed = Self.order("O3", Self.town, [Self.line("XM-1", .entrusted), Self.line("XM-2", .granted)])
        // act / check
        #expect(
            Self.failure([
                .init(order: twoDepartments, line: 0, scope: "x"), .init(order: twoDepartments, line: 1, scope: "x"),
            ])
                == .entrustmentOneDepartmentOneTownship)
        #expect(
            Self.failure([.init(order: atTown, line: 0, scope: "x"), .init(order: atStreet, line: 0, scope: "x")])
                == .entrustmentOneDepartmentOneTownship)
        #expect(
            Self.failure([.init(order: mixed, line: 0, scope: "x"), .init(order: mixed, line: 1, scope: "x")])
                == .mixedModes)
        #expect(Self.failure([]) == .emptyDocument)
        #expect(
            Self.failure([.init(order: atTown, line: 0, scope: "")])
                == .entrustmentNeedsItemsScopeAndTerm(citation: Self.citation(.entrusted)))
        #expect(
            Self.failure([.init(order: atTown, line: 0, scope: "x")], issuer: AgreementTests.government)
                == .wrongIssuer(expected: "区农业农村局"))
    }

    @Test("a line is drawn once, only when approved")
    func linesDrawnOnce() {
        // setup
        let order = Self.order(
            "O1", Self.town,
            [
                Self.line("XM-1", .entrusted, agreement: "A0"), Self.line("XM-2", .entrusted, state: .pending),
                Self.line("XM-3", .entrusted),
            ])
        // act / check
        #expect(Self.failure([.init(order: order, line: 0, scope: "x")]) == .lineAlreadyDrawn(itemCode: "XM-1"))
        #expect(Self.failure([.init(order: order, line: 1, scope: "x")]) == .lineNotApproved(itemCode: "XM-2"))
        #expect(
            Self.failure([.init(order: order, line: 2, scope: "x"), .init(order: order, line: 2, scope: "x")])
                == .duplicateLine(itemCode: "XM-3"))
        #expect(Self.failure([.init(order: order, line: 5, scope: "x")]) == .unknownLine(5))
        #expect(Self.failure([.init(order: order, line: 2, scope: "x")]) == nil)
    }

    @Test("行政处罚法第24条: one 赋权决定, one 文号, many items and townships; every township signs, the county publishes")
    func grantOverTownships() throws {
        // setup
        let town = Self.order("O1", Self.town, [Self.line("XM-1", .granted), Self.line("XM-2", .granted)])
        let street = Self.order("O2", Self.street, [Self.line("XM-1", .granted, department: Self.market)])
        let picks = [
            Agreement.Selection(order: town, line: 0, scope: "全部", catalogue: "川办发〔2020〕85号"),
            .init(order: town, line: 1, scope: "全部", catalogue: "川办发〔2020〕85号"),
            .init(order: street, line: 0, scope: "全部", catalogue: "川办发〔2020〕85号"),
        ]
        let registered = Decision(
            county: Cast.county, number: "大安府发〔2023〕9号", title: "决定", issuer: "区人民政府",
            date: Fixture.day("2023-06-01"), kind: .grantDecision)
        let marketStaff = Principal(
            username: "sc", role: .department, county: Cast.county, organization: "D-SC")
        // act
        let grantedPenalty = try GroundsFixture.ground(.granted, .penalty)
        var decision = try Agreement.draw(
            id: "A1", number: "大安府发〔2023〕9号", selections: picks, issuer: AgreementTests.government,
            registered: registered, usedBy: nil, termFrom: Fixture.day("2023-07-01"), termTo: nil, evaluationMonths: 12,
            groundOf: { _ in grantedPenalty }, responsibility: try GroundsFixture.responsibility(.granted),
            by: Cast.establishment, at: Fixture.t2)
        let drafted = decision
        for signer in [Cast.department, marketStaff, Cast.township] {
            decision = try decision.signing(by: signer, at: Fixture.t2)
        }
        let oneMissing = decision
        decision = try decision.signing(by: Self.township(Self.street), at: Fixture.t2)
        decision = try decision.publishing(
            on: Fixture.day("2023-06-20"), place: "区政府网站", by: Cast.establishment, at: Fixture.t2)
        let (_, delegations) = try decision.starting(
            on: Fixture.day("2023-07-01"), delegationIds: ["G1", "G2", "G3"], by: Cast.establishment, at: Fixture.t3)
        // check
        #expect(drafted.units.map(\.name) == ["团结镇", "大安街道"])
        #expect(drafted.signers.map(\.name) == ["区农业农村局", "区市场监督管理局", "团结镇", "大安街道"])
        #expect(drafted.publishers.map(\.name) == ["区人民政府"])
        #expect(drafted.titleParts == ["区人民政府", "关于赋予", "镇（街道）", "部分县级行政权力事项", "的决定"])
        #expect(oneMissing.state == .drafted && oneMissing.missingSigners.map(\.name) == ["大安街道"])
        #expect(decision.state == .published)
        #expect(delegations.map(\.unitName) == ["团结镇", "团结镇", "大安街道"])
        #expect(delegations.map(\.actingName) == ["团结镇", "团结镇", "大安街道"])
        #expect(Set(delegations.map(\.decision)) == ["大安府发〔2023〕9号"])
        #expect(
            Self.failure(number: "大安府发〔2023〕9号", picks, issuer: AgreementTests.government, evaluationMonths: nil)
                == .grantNeedsEvaluationSchedule(citation: Self.citation(.granted)))
        #expect(
            Self.failure(number: "大安府发〔2023〕9号", picks, issuer: AgreementTests.agriculture, evaluationMonths: 12)
                == .wrongIssuer(expected: "区县人民政府"))
    }

    @Test(
        "GB/T 9704 7.2.4: the 文号's 代字 is the issuer's, a 文号 is used once, a registered one is of the document's kind and issuer"
    )
    func numberRules() {
        // setup
        let order = Self.order("O1", Self.town, [Self.line("XM-1", .entrusted)])
        let pick = [Agreement.Selection(order: order, line: 0, scope: "x")]
        var noPrefix = AgreementTests.agriculture
        noPrefix.documentPrefix = nil
        let territorialNotice = Decision(
            county: Cast.county, number: "大安农委〔2023〕3号", title: "关于印发属地管理事项清单的通知",
            issuer: "区委机构编制委员会", date: Fixture.day("2023-01-01"), kind: .listIssuance)
        let othersEntrustment = Decision(
            county: Cast.county, number: "大安农委〔2023〕3号", title: "委托书", issuer: "区市场监督管理局",
            date: Fixture.day("2023-01-01"), kind: .entrustment)
        let ownEntrustment = Decision(
            county: Cast.county, number: "大安农委〔2023〕3号", title: "委托书", issuer: "区农业农村局",
            date: Fixture.day("2023-01-01"), kind: .entrustment)
        // act / check
        #expect(Self.failure(pick, issuer: noPrefix) == .issuerWithoutPrefix(issuer: "区农业农村局"))
        #expect(
            Self.failure(number: "大安府发〔2023〕3号", pick)
                == .prefixNotIssuers(number: "大安府发〔2023〕3号", issuer: "区农业农村局", prefix: "大安农委"))
        #expect(
            Self.failure(number: "大安农委发〔2023〕3号", pick)
                == .prefixNotIssuers(number: "大安农委发〔2023〕3号", issuer: "区农业农村局", prefix: "大安农委"))
        #expect(
            Self.failure(pick, usedBy: "A-0007") == .numberAlreadyUsed(number: "大安农委〔2023〕3号", document: "A-0007"))
        #expect(
            Self.failure(pick, registered: territorialNotice)
                == .decisionOfAnotherKind(
                    number: "大安农委〔2023〕3号", found: "区委机构编制委员会的清单印发", needed: "区农业农村局的委托书"))
        #expect(
            Self.failure(pick, registered: othersEntrustment)
                == .decisionOfAnotherKind(
                    number: "大安农委〔2023〕3号", found: "区市场监督管理局的委托书", needed: "区农业农村局的委托书"))
        #expect(Self.failure(pick, registered: ownEntrustment) == nil)
        #expect(Self.failure(number: "大安农委〔2023〕03号", pick) == .invalidNumber("大安农委〔2023〕03号"))
        #expect(Decision.prefix(of: "大安府发〔2021〕11号") == "大安府发")
        #expect(Decision.prefix(of: "〔2021〕11号") == nil)
    }

    @Test("title lines: fewest lines of at most 20 characters, never breaking a part, longest line shortest")
    func titleLines() {
        // act / check
        #expect(
            DocumentLayout.titleLines(["自贡市大安区人民政府", "关于赋予", "镇（街道）", "部分县级行政权力事项", "的决定"])
                == ["自贡市大安区人民政府关于赋予", "镇（街道）部分县级行政权力事项的决定"])
        #expect(
            DocumentLayout.titleLines(["大安区市场监督管理局", "关于委托", "大山铺镇", "实施12项行政权力事项", "的委托书"])
                == ["大安区市场监督管理局关于委托大山铺镇", "实施12项行政权力事项的委托书"])
        #expect(DocumentLayout.titleLines(["区农业农村局", "关于委托", "团结镇", "的委托书"]) == ["区农业农村局关于委托团结镇的委托书"])
        #expect(
            DocumentLayout.titleLines(["甲", "乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙"], width: 10)
                == ["甲", "乙乙乙乙乙乙乙乙乙乙", "乙乙乙乙乙乙乙乙乙乙", "乙乙"],
            "only a part longer than a line is cut")
        #expect(DocumentLayout.titleLines([]) == [])
    }

    @Test("widths, line counts and pages of the 28 × 22 grid")
    func grid() {
        // act / check
        #expect(DocumentLayout.width("大安2023") == 4)
        #expect(DocumentLayout.lineCount(String(repeating: "字", count: 26)) == 1)
        #expect(DocumentLayout.lineCount(String(repeating: "字", count: 27)) == 2)
        #expect(DocumentLayout.lineCount(String(repeating: "字", count: 28), indent: 0) == 1)
        #expect(DocumentLayout.lineCount("") == 1)
        #expect(DocumentLayout.paginate([6, 3, 10, 4, 5]) == [[0, 1, 2], [3, 4]])
        #expect(DocumentLayout.paginate([6, 3, 2], newPage: [2]) == [[0, 1], [2]])
        #expect(DocumentLayout.paginate([30, 1]) == [[0], [1]])
    }

    @Test("no Western space between Chinese characters")
    func westernSpaces() {
        // act / check
        #expect(DocumentLayout.westernSpacesInChinese("每 12 个月") == [])
        #expect(DocumentLayout.westernSpacesInChinese("每十二 个月评估") == ["每十二 个月评估"])
        #expect(DocumentLayout.westernSpacesInChinese("见附件。 二、期限") == ["见附件。 二、期限"])
        #expect(DocumentLayout.westernSpacesInChinese("每十二个月") == [])
        #expect(DocumentLayout.westernSpacesInChinese("a b") == [])
    }

    @Test("发文机关代字: 2–12 Chinese characters, unique in the county, only for issuing organisations")
    func documentPrefixes() {
        // setup
        let existing = [AgreementTests.agriculture, Self.market, AgreementTests.government]
        func set(_ code: String, _ prefix: String?) -> OrganizationFailure? {
            do throws(OrganizationFailure) {
                _ = try OrganizationRules.settingDocumentPrefix(code, to: prefix, in: existing)
            } catch { return error }
            return nil
        }
        let squad = Organization(
            code: "Z-1", county: Cast.county, name: "团结镇综合行政执法中队", kind: .enforcementSquad, parent: "510104100000",
            documentPrefix: "团结执法")
        // act / check
        #expect(set("D-AG", "大安农发") == nil)
        #expect(set("GOV", "大安府发") == nil)
        #expect(set("D-AG", nil) == nil)
        #expect(set("D-AG", "大安府发") == .duplicateDocumentPrefix(prefix: "大安府发", other: "区人民政府"))
        #expect(set("D-AG", "DA农") == .invalidDocumentPrefix("DA农"))
        #expect(set("D-AG", "农") == .invalidDocumentPrefix("农"))
        #expect(set("D-XX", "大安农发") == .notFound("D-XX"))
        #expect(
            OrganizationRules.problems(of: squad, among: existing).contains(
                .documentPrefixNotAllowed(kind: "综合执法中队")))
    }
}
