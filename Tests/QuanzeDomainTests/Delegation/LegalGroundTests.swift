import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Delegation: legal grounds per mode × category, and who answers for a delegation")
struct LegalGroundTests {
    static let laws = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "Sources/QuanzeApp/Resources/Laws")

    /// Every article of the product's law library.
    static func library() throws -> Set<ArticleRef> {
        var refs = Set<ArticleRef>()
        for name in try FileManager.default.contentsOfDirectory(atPath: laws.path) where name.hasSuffix(".md") {
            let text = try String(contentsOf: laws.appendingPathComponent(name), encoding: .utf8)
            let law = try LawParser.parse(fileName: name, text: text)
            for article in law.articles {
                refs.insert(ArticleRef(law: law.name, version: law.version, article: article.number))
            }
        }
        return refs
    }

    static func item(_ category: ItemCategory, code: String = "XM-001") -> PowerItem {
        PowerItem(
            county: Cast.county, code: code, name: "对畜禽品种违法行为的处罚", category: category, department: "区农业农村局",
            legalBases: [])
    }

    static func propose(
        _ mode: DelegationMode, _ category: ItemCategory, grounds: LegalGroundTable = Cast.grounds
    ) -> DelegationFailure? {
        do throws(DelegationFailure) {
            _ = try Proposal.propose(
                id: "P", county: Cast.county, item: item(category), by: Cast.department, departmentName: "区农业农村局",
                mode: mode, reasons: "就近办理", expectedYearlyVolume: 1, catalogue: Cast.catalogue, grounds: grounds,
                at: Fixture.t0)
        } catch { return error }
        return nil
    }

    // MARK: - the seeded table

    @Test("the seeded table has one row per mode × category and every article it cites is in the law library")
    func seededTableResolves() throws {
        // setup
        let file = try GroundsFixture.file()
        let known = try Self.library()
        // act / check
        try LegalGroundTable.validate(file.grounds, known: known)
        #expect(file.grounds.count == DelegationMode.allCases.count * ItemCategory.allCases.count)
        #expect(file.references.subtracting(known).isEmpty)
        for mode in DelegationMode.allCases { try #require(file.responsibilities[mode]).validate(known: known) }
    }

    @Test("the seeded grounds cite the statutes the law gives for each combination")
    func seededCitations() throws {
        // setup
        let table = try GroundsFixture.table()
        func row(_ mode: DelegationMode, _ category: ItemCategory) throws -> LegalGround {
            try #require(table.ground(mode, category))
        }
        // act / check: 委托 of a penalty — 行政处罚法第二十条 (and 第二十一条, the entrustee's conditions)
        #expect(try row(.entrusted, .penalty).citation == "《行政处罚法》第二十条、第二十一条")
        #expect(try row(.entrusted, .penalty).permitted)
        // 委托 of a licence — 行政许可法第二十四条, only to an administrative body
        #expect(try row(.entrusted, .licensing).citation == "《行政许可法》第二十四条")
        #expect(try row(.entrusted, .licensing).administrativeBodyOnly)
        #expect(table.rows.filter(\.administrativeBodyOnly).map(\.category) == [.licensing])
        // 行政强制措施 may not be entrusted — 行政强制法第十七条
        #expect(try !row(.entrusted, .coercionMeasure).permitted)
        #expect(try row(.entrusted, .coercionMeasure).citation == "《行政强制法》第十七条")
        // 强制执行 is never conferred or entrusted by a county decision — 行政强制法第十三条
        #expect(try !row(.granted, .coercionExecution).permitted && !row(.entrusted, .coercionExecution).permitted)
        #expect(try row(.granted, .coercionExecution).citation == "《行政强制法》第十三条")
        // 赋权 — 行政处罚法第二十四条 only for penalty powers (and the measures tied to them)
        let citingArticle24 = table.rows.filter {
            $0.mode == .granted && $0.references.contains { $0.law == "行政处罚法" && $0.article == 24 }
        }.map(\.category)
        #expect(citingArticle24 == [.penalty, .coercionMeasure])
        #expect(try row(.granted, .penalty).citation == "《行政处罚法》第二十四条")
        #expect(try row(.granted, .licensing).citation.contains("行政处罚法") == false)
    }

    @Test("a 赋权 ground prints the provincial catalogue decision first, a 委托 ground does not")
    func printedGround() throws {
        // setup
        let granted = try GroundsFixture.ground(.granted, .penalty)
        let entrusted = try GroundsFixture.ground(.entrusted, .penalty)
        // act
        let grantText = granted.printed(catalogue: "川办发〔2020〕85号")
        let entrustText = entrusted.printed(catalogue: "川办发〔2020〕85号")
        // check
        #expect(grantText == "依据川办发〔2020〕85号；\(granted.wording)（《行政处罚法》第二十四条）")
        #expect(entrustText == "\(entrusted.wording)（《行政处罚法》第二十条、第二十一条）")
    }

    // MARK: - proposals

    @Test(
        "illegal combinations are refused at proposal time with the statute of the ground",
        arguments: [
            (DelegationMode.entrusted, ItemCategory.coercionMeasure, "《行政强制法》第十七条"),
            (.entrusted, .coercionExecution, "《行政强制法》第十三条"),
            (.granted, .coercionExecution, "《行政强制法》第十三条"),
            (.entrusted, .coercion, "《行政强制法》第十三条、第十七条"),
            (.granted, .coercion, "《行政强制法》第十三条、第十七条"),
        ])
    func forbiddenCombinations(mode: DelegationMode, category: ItemCategory, citation: String) throws {
        // setup
        let ground = try GroundsFixture.ground(mode, category)
        // act
        let failure = Self.propose(mode, category)
        // check
        #expect(
            failure
                == .forbiddenCombination(
                    itemCode: "XM-001", mode: mode.label, category: category.label, wording: ground.wording,
                    citation: citation))
        #expect(failure?.message == "事项 XM-001（\(category.label)）不得以\(mode.label)方式下放：\(ground.wording)（\(citation)）")
    }

    @Test(
        "permitted combinations pass",
        arguments: [
            (DelegationMode.granted, ItemCategory.penalty), (.entrusted, .penalty), (.granted, .coercionMeasure),
            (.entrusted, .licensing), (.granted, .licensing), (.entrusted, .inspection), (.granted, .publicService),
        ])
    func permittedCombinations(mode: DelegationMode, category: ItemCategory) {
        #expect(Self.propose(mode, category) == nil)
    }

    @Test("the statute a refusal names comes from the ground data, not from the code")
    func citationFromData() throws {
        // setup: a table whose 委托·处罚 row forbids and cites another article
        var rows = try GroundsFixture.table().rows
        let index = try #require(rows.firstIndex { $0.mode == .entrusted && $0.category == .penalty })
        rows[index].permitted = false
        rows[index].wording = "测试表述"
        rows[index].references = [ArticleRef(law: "行政处罚法", version: Fixture.day("2021-01-22"), article: 18)]
        // act
        let failure = Self.propose(.entrusted, .penalty, grounds: LegalGroundTable(rows: rows))
        let missing = Self.propose(.entrusted, .penalty, grounds: LegalGroundTable(rows: []))
        // check
        #expect(
            failure
                == .forbiddenCombination(
                    itemCode: "XM-001", mode: "委托", category: "行政处罚", wording: "测试表述", citation: "《行政处罚法》第十八条"))
        #expect(missing == .noLegalGround(itemCode: "XM-001", mode: "委托", category: "行政处罚"))
    }

    @Test("no DelegationFailure message writes a statute into code: every citation comes from the failure's data")
    func noStatuteInMessages() {
        // setup: every case that carries a citation, given an empty one
        let failures: [DelegationFailure] = [
            .notInProvincialCatalogue(itemCode: "X", citation: ""),
            .reDelegation(itemCode: "X", proposer: "P", citation: ""),
            .licensingToNonAdministrativeBody(itemCode: "X", organization: "O", citation: ""),
            .entrustmentNeedsItemsScopeAndTerm(citation: ""), .grantNeedsEvaluationSchedule(citation: ""),
            .forbiddenCombination(itemCode: "X", mode: "委托", category: "C", wording: "W", citation: ""),
            .noLegalGround(itemCode: "X", mode: "委托", category: "C"), .grantNeedsCatalogue, .emptyReasons,
        ]
        // act / check
        for failure in failures {
            #expect(!failure.message.contains("法第"), "\(failure.message)")
            #expect(!failure.message.contains("《"), "\(failure.message)")
        }
    }

    @Test("an order checks the ground again: administrative body only where the ground says so")
    func orderUsesGround() throws {
        // setup
        let zone = AgreementTests.zone
        let staff = Principal(
            username: "gx", role: .township, county: Cast.county, organization: zone.code, unit: zone.code)
        var entry = try AgreementTests.published(.entrusted, item: "XK-001")
        entry.itemCode = "XK-001"
        var rows = try GroundsFixture.table().rows
        let index = try #require(rows.firstIndex { $0.mode == .entrusted && $0.category == .licensing })
        rows[index].administrativeBodyOnly = false
        func place(_ grounds: LegalGroundTable, _ items: [String: PowerItem]) -> DelegationFailure? {
            do throws(DelegationFailure) {
                _ = try Order.place(
                    id: "O", county: Cast.county, unit: zone, by: staff, entries: [entry], items: items, missing: [:],
                    alreadyHeld: [], grounds: grounds, at: Fixture.t0)
            } catch { return error }
            return nil
        }
        // act / check
        #expect(
            place(Cast.grounds, ["XK-001": AgreementTests.licence])
                == .licensingToNonAdministrativeBody(
                    itemCode: "XK-001", organization: "高新区管委会", citation: "《行政许可法》第二十四条"))
        #expect(place(LegalGroundTable(rows: rows), ["XK-001": AgreementTests.licence]) == nil)
        let measure = Self.item(.coercionMeasure, code: "XK-001")
        #expect(
            place(Cast.grounds, ["XK-001": measure])
                == .forbiddenCombination(
                    itemCode: "XK-001", mode: "委托", category: "行政强制措施", wording: "行政强制措施权不得委托",
                    citation: "《行政强制法》第十七条"))
    }

    // MARK: - editing the table

    @Test("an edit is refused when it would permit what the statutes forbid, or cites what the library lacks")
    func validation() throws {
        // setup
        let known = try Self.library()
        let measure = try GroundsFixture.ground(.entrusted, .coercionMeasure)
        var permitted = measure
        permitted.permitted = true
        var unknown = try GroundsFixture.ground(.entrusted, .penalty)
        unknown.references = [ArticleRef(law: "行政处罚法", version: Fixture.day("2021-01-22"), article: 999)]
        var empty = unknown
        empty.references = []
        empty.wording = "　"
        var bare = measure
        bare.references = []
        let rows = try GroundsFixture.table().rows
        // act / check
        #expect(throws: LegalGroundFailure.forbiddenByStatute(mode: "委托", category: "行政强制措施")) {
            try LegalGroundTable.validate(permitted, known: known)
        }
        #expect(throws: LegalGroundFailure.unknownArticle("行政处罚法(2021-01-22)第999条")) {
            try LegalGroundTable.validate(unknown, known: known)
        }
        #expect(throws: LegalGroundFailure.emptyWording(mode: "委托", category: "行政处罚")) {
            try LegalGroundTable.validate(empty, known: known)
        }
        #expect(throws: LegalGroundFailure.forbiddenNeedsReference(mode: "委托", category: "行政强制措施")) {
            try LegalGroundTable.validate(bare, known: known)
        }
        #expect(throws: LegalGroundFailure.missingRow(mode: "赋权", category: "行政许可")) {
            try LegalGroundTable.validate(
                rows.filter { !($0.mode == .granted && $0.category == .licensing) }, known: known)
        }
        #expect(throws: LegalGroundFailure.duplicateRow(mode: "赋权", category: "行政处罚")) {
            try LegalGroundTable.validate(rows + [rows[0]], known: known)
        }
        #expect(rows[0].mode == .granted && rows[0].category == .penalty)
    }

    @Test("references parse as typed, separated by ；、 or line breaks; a malformed one is named")
    func parsingReferences() throws {
        // act
        let refs = try LegalGroundTable.references(parsing: "行政处罚法(2021-01-22)第20条；行政处罚法(2021-01-22)第21条、\n")
        // check
        #expect(refs.map(\.description) == ["行政处罚法(2021-01-22)第20条", "行政处罚法(2021-01-22)第21条"])
        #expect(throws: LegalGroundFailure.malformedReference("行政处罚法第20条")) {
            try LegalGroundTable.references(parsing: "行政处罚法第20条")
        }
    }

    @Test("statute numbers print as the statutes write them")
    func chineseNumerals() {
        #expect(
            [13, 17, 20, 21, 24, 81, 100, 101, 110, 120].map(StatuteCitation.chinese)
                == ["十三", "十七", "二十", "二十一", "二十四", "八十一", "一百", "一百零一", "一百一十", "一百二十"])
    }

    // MARK: - responsibility

    @Test("the statements of each mode do not contradict each other: 赋权 never makes the department liable in law")
    func responsibilityConsistent() throws {
        // setup
        let granted = try GroundsFixture.responsibility(.granted)
        let entrusted = try GroundsFixture.responsibility(.entrusted)
        // act
        let g = granted.filled(department: "区农业农村局", township: "团结镇", transition: "至2024年6月30日")
        let e = entrusted.filled(department: "区农业农村局", township: "团结镇", transition: "至2024年6月30日")
        // check: who answers in law
        #expect(granted.liable == .township && granted.actingName == .township && g.actingName == "团结镇")
        #expect(entrusted.liable == .department && entrusted.actingName == .department && e.actingName == "区农业农村局")
        #expect(g.liability.contains("团结镇") && !g.liability.contains("区农业农村局"))
        #expect(g.liability.contains("法律责任") && g.liability.hasSuffix("（《行政处罚法》第二十四条）"))
        #expect(e.liability.contains("区农业农村局") && e.liability.contains("委托期限内"))
        #expect(e.liability.hasSuffix("（《行政处罚法》第二十条；《行政许可法》第二十四条）"))
        // legal liability is stated once; the transition is the department's duty to guide and support
        for filled in [g, e] {
            let others = [filled.departmentDuties, filled.townshipDuties, filled.transition]
            #expect(others.allSatisfy { !$0.contains("法律责任") })
            #expect(filled.transition.contains("工作在镇街、责任在部门") && filled.transition.contains("区农业农村局负责业务指导"))
            #expect(filled.transition.hasPrefix("过渡期至2024年6月30日"))
        }
    }

    @Test("a contradicting statement is refused: each rule of consistency fails when broken")
    func responsibilityContradictions() throws {
        // setup
        let granted = try GroundsFixture.responsibility(.granted)
        let entrusted = try GroundsFixture.responsibility(.entrusted)
        var departmentLiable = granted
        departmentLiable.liable = .department
        var namesDepartment = granted
        namesDepartment.liability.text = "{镇街}以自己的名义行使，{部门}承担法律责任"
        var transitionLiable = granted
        transitionLiable.transition.text = "过渡期{过渡期}由{部门}承担法律责任"
        var entrustedInTownshipName = entrusted
        entrustedInTownshipName.actingName = .township
        var noStatute = entrusted
        noStatute.liability.references = []
        var dutiesLiable = entrusted
        dutiesLiable.townshipDuties.text = "{镇街}承担法律责任"
        var transitionWithoutDepartment = entrusted
        transitionWithoutDepartment.transition.text = "过渡期{过渡期}由{镇街}自行承接"
        // act / check
        try granted.validate()
        try entrusted.validate()
        #expect(throws: ResponsibilityFailure.wrongLiableParty(mode: "赋权")) { try departmentLiable.validate() }
        #expect(throws: ResponsibilityFailure.liabilityNamesDepartment) { try namesDepartment.validate() }
        #expect(throws: ResponsibilityFailure.liabilityOutsideItsStatement(mode: "赋权", statement: "过渡期安排")) {
            try transitionLiable.validate()
        }
        #expect(throws: ResponsibilityFailure.wrongActingName(mode: "委托")) { try entrustedInTownshipName.validate() }
        #expect(throws: ResponsibilityFailure.liabilityWithoutStatute(mode: "委托")) { try noStatute.validate() }
        #expect(throws: ResponsibilityFailure.liabilityOutsideItsStatement(mode: "委托", statement: "承接单位职责")) {
            try dutiesLiable.validate()
        }
        #expect(throws: ResponsibilityFailure.transitionOmitsDepartment(mode: "委托")) {
            try transitionWithoutDepartment.validate()
        }
    }

    @Test("a drawn document prints its ground and one statement of each responsibility, from data")
    func documentWording() throws {
        // setup
        let decision = try AgreementTests.draw(.granted, termTo: nil)
        let letter = try AgreementTests.draw(.entrusted)
        // act
        let grant = DocumentWording.of(
            decision, ground: nil, responsibility: try GroundsFixture.responsibility(.granted))
        let entrust = DocumentWording.of(
            letter, ground: nil, responsibility: try GroundsFixture.responsibility(.entrusted))
        // check
        #expect(grant.basis == "川办发〔2020〕85号和《行政处罚法》第二十四条")
        #expect(grant.wording == (try GroundsFixture.ground(.granted, .penalty)).wording)
        #expect(entrust.basis == "《行政处罚法》第二十条、第二十一条")
        for wording in [grant, entrust] {
            #expect(wording.responsibility.count == 4)
            #expect(wording.responsibility.filter { $0.contains("法律责任") }.count == 1)
            #expect(wording.responsibility[0].hasPrefix("法律责任："))
        }
        #expect(grant.responsibility[0].contains("团结镇以自己的名义") && !grant.responsibility[0].contains("区农业农村局"))
        #expect(grant.responsibility[3].hasPrefix("过渡期安排：过渡期（12个月）实行“工作在镇街、责任在部门”"))
        #expect(decision.townshipDuties == grant.responsibility[2].dropFirst("承接单位职责：".count).dropLast())
        #expect(letter.actingName(of: letter.lines[0]) == "区农业农村局")
        #expect(decision.actingName(of: decision.lines[0]) == "团结镇")
    }
}
