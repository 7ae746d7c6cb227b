import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Delegation: orders, agreements, start, transition, evaluation, recall")
struct AgreementTests {
    static let town = Organization(code: "510104100000", county: Cast.county, name: "团结镇", kind: .township(.town))
    static let zone = Organization(code: "510104400000", county: Cast.county, name: "高新区管委会", kind: .township(.other))
    static let licence = PowerItem(
        county: Cast.county, code: "XK-001", name: "出版物零售业务经营许可", category: .licensing, department: "区文广旅局",
        legalBases: [])

    static func published(_ mode: DelegationMode, item: String = "XM-001") throws -> Proposal {
        var p = try Cast.proposal(in: .published)
        p.mode = mode
        p.itemCode = item
        return p
    }

    static func order(_ mode: DelegationMode) throws -> Order {
        try Order.place(
            id: "O1", county: Cast.county, unit: town, by: Cast.township, entries: [try published(mode)],
            items: ["XM-001": Fixture.item()], missing: ["XM-001": ["专业能力：畜禽品种鉴定"]], alreadyHeld: [],
            grounds: Cast.grounds, at: Fixture.t0)
    }

    static func approvedOrder(_ mode: DelegationMode) throws -> Order {
        try order(mode).deciding(line: 0, approve: true, reason: "", by: Cast.establishment, at: Fixture.t1)
    }

    /// The issuers: the competent department (委托书) and the county government (赋权决定), with their 代字.
    static let agriculture = Organization(
        code: "D-AG", county: Cast.county, name: "区农业农村局", kind: .department, documentPrefix: "大安农委")
    static let government = Organization(
        code: "GOV", county: Cast.county, name: "区人民政府", kind: .countyGovernment, documentPrefix: "大安府发")

    static func draw(_ mode: DelegationMode, termTo: Day? = Fixture.day("2025-06-30")) throws -> Agreement {
        let ground = try GroundsFixture.ground(mode, .penalty)
        return try Agreement.draw(
            id: "A1", number: mode == .entrusted ? "大安农委〔2023〕3号" : "大安府发〔2023〕9号",
            selections: [
                Agreement.Selection(
                    order: approvedOrder(mode), line: 0, scope: "立案、调查、作出处罚决定",
                    catalogue: mode == .granted ? "川办发〔2020〕85号" : nil)
            ], issuer: mode == .entrusted ? agriculture : government, registered: nil, usedBy: nil,
            termFrom: Fixture.day("2023-07-01"), termTo: termTo, evaluationMonths: mode == .granted ? 12 : nil,
            groundOf: { _ in ground },
            responsibility: try GroundsFixture.responsibility(mode),
            by: Cast.establishment, at: Fixture.t2)
    }

    @Test("a township orders only published entries, once each, none it already holds; the fit is kept per line")
    func ordering() throws {
        // setup
        let entry = try Self.published(.entrusted)
        func place(_ by: Principal, _ entries: [Proposal], held: Set<String> = [], unit: Organization = Self.town)
            -> DelegationFailure?
        {
            do throws(DelegationFailure) {
                _ = try Order.place(
                    id: "O", county: Cast.county, unit: unit, by: by, entries: entries,
                    items: ["XK-001": Self.licence, "XM-001": Fixture.item()], missing: [:], alreadyHeld: held,
                    grounds: Cast.grounds, at: Fixture.t0)
            } catch { return error }
            return nil
        }
        var licence = entry
        licence.itemCode = "XK-001"
        // act / check
        #expect(try Self.order(.granted).lines[0].missingAtOrder == ["专业能力：畜禽品种鉴定"])
        #expect(place(Cast.township, []) == .emptyOrder)
        #expect(place(Cast.township, [try Cast.proposal(in: .approved)]) == .notOnMenu(proposalId: "P1"))
        #expect(place(Cast.township, [entry, entry]) == .duplicateLine(itemCode: "XM-001"))
        #expect(place(Cast.township, [entry], held: ["XM-001"]) == .alreadyHeld(itemCode: "XM-001"))
        #expect(place(Cast.otherTownship, [entry]) == .wrongOrganization(step: "点单"))
        #expect(place(Cast.department, [entry]) == .wrongRole(step: "点单", needed: "镇街"))
        #expect(place(Cast.township, [licence]) == nil, "a 镇 government is an administrative body")
    }

    @Test("行政许可法第24条: licensing is entrusted only to an administrative body")
    func licensingEntrustee() throws {
        // setup
        var entry = try Self.published(.entrusted, item: "XK-001")
        let zoneStaff = Principal(
            username: "gx", role: .township, county: Cast.county, organization: Self.zone.code, unit: Self.zone.code)
        // act
        var failure: DelegationFailure?
        do throws(DelegationFailure) {
            _ = try Order.place(
                id: "O", county: Cast.county, unit: Self.zone, by: zoneStaff, entries: [entry],
                items: ["XK-001": Self.licence], missing: [:], alreadyHeld: [], grounds: Cast.grounds, at: Fixture.t0)
        } catch { failure = error }
        entry.mode = .granted
        let granted = try Order.place(
            id: "O", county: Cast.county, unit: Self.zone, by: zoneStaff, entries: [entry],
            items: ["XK-001": Self.licence], missing: [:], alreadyHeld: [], grounds: Cast.grounds, at: Fixture.t0)
        // check
        #expect(
            failure
                == .licensingToNonAdministrativeBody(
                    itemCode: "XK-001", organization: "高新区管委会", citation: "《行政许可法》第二十四条"))
        #expect(granted.lines.count == 1)
        #expect(!AdministrativeBody.isAdministrativeBody(.enforcementSquad))
        #expect(AdministrativeBody.isAdministrativeBody(.township(.subdistrict)))
    }

    @Test("编办 approves or returns each line once; a return needs a reason")
    func deciding() throws {
        // setup
        let order = try Self.order(.entrusted)
        func decide(_ o: Order, _ line: Int, _ approve: Bool, _ reason: String, _ by: Principal) -> DelegationFailure? {
            do throws(DelegationFailure) {
                _ = try o.deciding(line: line, approve: approve, reason: reason, by: by, at: Fixture.t1)
            } catch {
                return error
            }
            return nil
        }
        let approved = try order.deciding(line: 0, approve: true, reason: "", by: Cast.establishment, at: Fixture.t1)
        // check
        #expect(approved.lines[0].state == .approved && approved.isDecided)
        #expect(decide(order, 0, false, "", Cast.establishment) == .emptyOpinion)
        #expect(decide(order, 3, true, "", Cast.establishment) == .unknownLine(3))
        #expect(decide(order, 0, true, "", Cast.justice) == .wrongRole(step: "审核点单", needed: "编办"))
        #expect(decide(approved, 0, false, "重复", Cast.establishment) == .illegalTransition(from: "已批准", event: "退回"))
    }

    @Test("行政处罚法第20条: a 委托书 names items, scope and term and acts in the department's name")
    func entrustmentForm() throws {
        // setup
        let letter = try Self.draw(.entrusted)
        var missingTerm: DelegationFailure?
        do { _ = try Self.draw(.entrusted, termTo: nil) } catch let error as DelegationFailure { missingTerm = error }
        var backwards: DelegationFailure?
        do { _ = try Self.draw(.entrusted, termTo: Fixture.day("2023-06-30")) } catch let error as DelegationFailure {
            backwards = error
        }
        // check
        #expect(letter.actingName(of: letter.lines[0]) == "区农业农村局" && letter.termTo == Fixture.day("2025-06-30"))
        #expect(letter.publishers.map(\.side) == [.department, .township])
        #expect(letter.townshipDuties.contains("不得再委托"))
        #expect(missingTerm == .entrustmentNeedsItemsScopeAndTerm(citation: "《行政处罚法》第二十条、第二十一条"))
        #expect(backwards == .termEndsBeforeStart)
    }

    @Test("行政处罚法第24条: a 赋权 decision acts in the township's name, cites the catalogue, has an evaluation schedule")
    func grantForm() throws {
        // setup
        let decision = try Self.draw(.granted, termTo: nil)
        var noSchedule: DelegationFailure?
        let approved = try Self.approvedOrder(.granted)
        let ground = try GroundsFixture.ground(.granted, .penalty)
        let responsibility = try GroundsFixture.responsibility(.granted)
        do throws(DelegationFailure) {
            _ = try Agreement.draw(
                id: "A", number: "大安府发〔2023〕9号",
                selections: [.init(order: approved, line: 0, scope: "", catalogue: "川办发〔2020〕85号")],
                issuer: Self.government, registered: nil, usedBy: nil, termFrom: Fixture.day("2023-07-01"), termTo: nil,
                evaluationMonths: nil, groundOf: { _ in ground }, responsibility: responsibility,
                by: Cast.establishment, at: Fixture.t2)
        } catch { noSchedule = error }
        var badNumber: DelegationFailure?
        do throws(DelegationFailure) {
            _ = try Agreement.draw(
                id: "A", number: "大安府发[2023]9号",
                selections: [.init(order: approved, line: 0, scope: "", catalogue: "川办发〔2020〕85号")],
                issuer: Self.government, registered: nil, usedBy: nil, termFrom: Fixture.day("2023-07-01"), termTo: nil,
                evaluationMonths: 12, groundOf: { _ in ground }, responsibility: responsibility,
                by: Cast.establishment, at: Fixture.t2)
        } catch { badNumber = error }
        // check
        #expect(decision.actingName(of: decision.lines[0]) == "团结镇" && decision.termTo == nil)
        #expect(decision.evaluationMonths == 12)
        #expect(decision.publishers.map(\.side) == [.county])
        #expect(noSchedule == .grantNeedsEvaluationSchedule(citation: "《行政处罚法》第二十四条"))
        #expect(badNumber == .invalidNumber("大安府发[2023]9号"))
    }

    @Test("a 委托 starts only when both sides signed and published, never before publication")
    func start() throws {
        // setup
        var letter = try Self.draw(.entrusted)
        func starting(_ a: Agreement, _ day: String) -> DelegationFailure? {
            do throws(DelegationFailure) {
                _ = try a.starting(
                    on: Fixture.day(day), delegationIds: ["G1"], by: Cast.establishment, at: Fixture.t3)
            } catch { return error }
            return nil
        }
        // act / check
        #expect(starting(letter, "2023-07-01") == .missingSignature(side: "区农业农村局"))
        letter = try letter.signing(by: Cast.department, at: Fixture.t2)
        #expect(throws: DelegationFailure.alreadySigned(side: "区农业农村局")) {
            try letter.signing(by: Cast.department, at: Fixture.t2)
        }
        #expect(throws: DelegationFailure.wrongOrganization(step: "签署")) {
            try letter.signing(by: Cast.otherTownship, at: Fixture.t2)
        }
        letter = try letter.signing(by: Cast.township, at: Fixture.t2)
        #expect(letter.state == .signed)
        #expect(starting(letter, "2023-07-01") == .missingPublication(side: "区农业农村局"))
        letter = try letter.publishing(
            on: Fixture.day("2023-06-20"), place: "区政府网站", by: Cast.department, at: Fixture.t2)
        #expect(starting(letter, "2023-07-01") == .missingPublication(side: "团结镇"))
        letter = try letter.publishing(
            on: Fixture.day("2023-06-25"), place: "镇政务公开栏", by: Cast.township, at: Fixture.t2)
        #expect(letter.publishedOn == Fixture.day("2023-06-25"))
        #expect(
            starting(letter, "2023-06-24")
                == .effectiveBeforePublication(
                    effective: Fixture.day("2023-06-24"), published: Fixture.day("2023-06-25")))
        #expect(starting(letter, "2025-06-30") == .effectiveAfterTermEnd)
        let (started, delegations) = try letter.starting(
            on: Fixture.day("2023-07-01"), delegationIds: ["G1"], by: Cast.establishment, at: Fixture.t3)
        let delegation = try #require(delegations.first)
        #expect(started.state == .effective)
        #expect(delegation.transitionEnds == Fixture.day("2024-07-01"))
        #expect(delegation.termEnds == Fixture.day("2025-06-30"))
    }

    @Test("a 赋权 decision is published by the county; the township acts in its own name after the transition")
    func grantStartAndTransition() throws {
        // setup
        var decision = try Self.draw(.granted, termTo: nil)
        decision = try decision.signing(by: Cast.department, at: Fixture.t2)
        decision = try decision.signing(by: Cast.township, at: Fixture.t2)
        #expect(throws: DelegationFailure.wrongOrganization(step: "公布")) {
            try decision.publishing(on: Fixture.day("2023-06-20"), place: "x", by: Cast.department, at: Fixture.t2)
        }
        decision = try decision.publishing(
            on: Fixture.day("2023-06-20"), place: "区政府网站", by: Cast.establishment, at: Fixture.t2)
        // act
        let delegation = try #require(
            try decision.starting(
                on: Fixture.day("2023-07-01"), delegationIds: ["G1"], by: Cast.establishment, at: Fixture.t3
            ).1.first)
        // check
        #expect(delegation.inTransition(on: Fixture.day("2023-07-01")))
        #expect(delegation.responsible(on: Fixture.day("2024-06-30")) == "区农业农村局", "工作在镇街、责任在部门")
        #expect(!delegation.inTransition(on: Fixture.day("2024-07-01")))
        #expect(delegation.responsible(on: Fixture.day("2024-07-01")) == "团结镇")
        #expect(!delegation.inTransition(on: Fixture.day("2023-06-30")))
        let changes = delegation.startChanges(township: Fixture.town, category: .penalty)
        #expect(changes.count == 2, "a penalty goes on the empowerment and the enforcement list")
    }

    @Test("entrusted terms warn 60 days ahead; the department answers for an entrusted item throughout")
    func termWarning() throws {
        // setup
        var letter = try Self.draw(.entrusted)
        letter = try letter.signing(by: Cast.department, at: Fixture.t2).signing(by: Cast.township, at: Fixture.t2)
        letter = try letter.publishing(on: Fixture.day("2023-06-20"), place: "网站", by: Cast.department, at: Fixture.t2)
            .publishing(on: Fixture.day("2023-06-20"), place: "公开栏", by: Cast.township, at: Fixture.t2)
        let d = try #require(
            try letter.starting(
                on: Fixture.day("2023-07-01"), delegationIds: ["G1"], by: Cast.establishment, at: Fixture.t3
            ).1.first)
        // check
        #expect(!d.termEndsSoon(on: Fixture.day("2025-04-30")))
        #expect(d.termEndsSoon(on: Fixture.day("2025-05-01")))
        #expect(d.termEndsSoon(on: Fixture.day("2025-06-30")))
        #expect(d.responsible(on: Fixture.day("2025-01-01")) == "区农业农村局")
    }

    @Test("evaluation and recall: the same two reviews, then the assignments end with the recall decision")
    func recall() throws {
        // setup
        var letter = try Self.draw(.granted, termTo: nil)
        letter = try letter.signing(by: Cast.department, at: Fixture.t2).signing(by: Cast.township, at: Fixture.t2)
        letter = try letter.publishing(
            on: Fixture.day("2023-06-20"), place: "网站", by: Cast.establishment, at: Fixture.t2)
        var d = try #require(
            try letter.starting(
                on: Fixture.day("2023-07-01"), delegationIds: ["G1"], by: Cast.establishment, at: Fixture.t3
            ).1.first)
        // act
        #expect(throws: DelegationFailure.wrongRole(step: "定期评估", needed: "编办或监督评估人员")) {
            try d.evaluating(
                on: Fixture.day("2024-07-01"), conclusion: .keep, findings: "x", by: Cast.township, at: Fixture.t3)
        }
        d = try d.evaluating(
            on: Fixture.day("2024-07-01"), conclusion: .recall, findings: "12个月无办件", by: Cast.establishment,
            at: Fixture.t3)
        var proposal = try Proposal.recall(
            id: "R1", delegation: d, by: Cast.establishment, reasons: "无实际办件", at: Fixture.t3)
        d = try d.openingRecall(proposalId: "R1", by: Cast.establishment, at: Fixture.t3)
        #expect(throws: DelegationFailure.recallAlreadyOpen(id: "G1")) {
            try d.openingRecall(proposalId: "R2", by: Cast.establishment, at: Fixture.t3)
        }
        proposal = try proposal.applying(.review(passed: true, opinion: ""), by: Cast.establishment, at: Fixture.t3)
        #expect(throws: DelegationFailure.illegalTransition(from: "待合法性审查", event: "执行收回")) {
            try proposal.applying(.execute(decision: "大安府办发〔2024〕3号"), by: Cast.establishment, at: Fixture.t3)
        }
        proposal = try proposal.applying(.legalReview(passed: true, opinion: "合法"), by: Cast.justice, at: Fixture.t3)
        proposal = try proposal.applying(.execute(decision: "大安府办发〔2024〕3号"), by: Cast.establishment, at: Fixture.t3)
        d = try d.recalled(by: proposal, on: Fixture.day("2024-08-01"), principal: Cast.establishment, at: Fixture.t3)
        // check
        #expect(d.state == .recalled && d.recallDecision == "大安府办发〔2024〕3号" && d.endedOn == Fixture.day("2024-08-01"))
        #expect(d.evaluations.map(\.conclusion) == [.recall])
        #expect(d.recallChanges(township: Fixture.town, category: .penalty, on: Fixture.day("2024-08-01")).count == 2)
        #expect(throws: DelegationFailure.notActive(id: "G1")) {
            try d.evaluating(
                on: Fixture.day("2024-09-01"), conclusion: .keep, findings: "x", by: Cast.establishment, at: Fixture.t3)
        }
    }

    @Test("a sealed scan is PDF, JPEG or PNG within 20 MB and carries its SHA-256")
    func attachments() throws {
        // setup
        let letter = try Self.draw(.entrusted)
        let digest = String(repeating: "a", count: 64)
        // act / check
        #expect(
            try letter.attaching(
                .init(name: "委托书.pdf", mediaType: "application/pdf", size: 1000, sha256: digest), by: Cast.department,
                at: Fixture.t3
            ).attachments.count == 1)
        #expect(throws: DelegationFailure.badAttachment("只接受 PDF、JPEG 或 PNG")) {
            try letter.attaching(
                .init(name: "a.exe", mediaType: "application/x-msdownload", size: 10, sha256: digest),
                by: Cast.department, at: Fixture.t3)
        }
        #expect(throws: DelegationFailure.badAttachment("大小应在 20 MB 以内")) {
            try letter.attaching(
                .init(name: "a.pdf", mediaType: "application/pdf", size: 21 << 20, sha256: digest), by: Cast.department,
                at: Fixture.t3)
        }
        #expect(throws: DelegationFailure.wrongOrganization(step: "上传盖章扫描件")) {
            try letter.attaching(
                .init(name: "a.pdf", mediaType: "application/pdf", size: 10, sha256: digest), by: Cast.otherTownship,
                at: Fixture.t3)
        }
    }

    @Test("months are added calendar-wise and clamp to the month's end")
    func months() {
        #expect(Fixture.day("2023-01-31").addingMonths(1) == Fixture.day("2023-02-28"))
        #expect(Fixture.day("2023-07-01").addingMonths(12) == Fixture.day("2024-07-01"))
        #expect(Fixture.day("2023-11-15").addingMonths(3) == Fixture.day("2024-02-15"))
        #expect(Fixture.day("2024-02-29").addingMonths(12) == Fixture.day("2025-02-28"))
    }
}
