import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Requirement")
struct RequirementTests {
    static let everyRequirement: [Requirement] =
        RequirementVocabulary.builtInTerms.map { Requirement(code: $0.key.requirementCode)! }
        + [.minimumCertifiedOfficers(1), .minimumCertifiedOfficers(20), .field(ProfessionalField(rawValue: "x-1")!)]

    @Test(
        "parses each kind of code",
        arguments: [
            ("field:livestock", Requirement.field(.livestock)), ("field:work-safety", .field(.workSafety)),
            ("cert:enforcement", .certificate(.enforcement)), ("equip:vehicle", .equipment(.vehicle)),
            ("min-certified:2", .minimumCertifiedOfficers(2)), (" cert:legal\u{3000}", .certificate(.legal)),
        ])
    func parses(code: String, requirement: Requirement) {
        // setup
        let input = code
        // act
        let result = Requirement(code: input)
        // check
        #expect(result == requirement)
    }

    @Test("every requirement's code parses back to it", arguments: everyRequirement)
    func codeRoundTrip(requirement: Requirement) {
        // setup
        let code = requirement.code
        // act
        let parsed = Requirement(code: code)
        // check
        #expect(parsed == requirement)
        #expect(requirement.description == code)
    }

    @Test(
        "refuses unknown prefixes, malformed codes and out-of-range counts",
        arguments: [
            "skill:livestock", "field", "", "field:", "field:livestock:extra", "cert:Enforcement", "equip:-drone",
            "equip:无人机", "field:" + String(repeating: "a", count: 41), "min-certified:0", "min-certified:21",
            "min-certified:two", "field：livestock",
        ])
    func refuses(code: String) {
        // setup
        let input = code
        // act
        let result = Requirement(code: input)
        // check
        #expect(result == nil)
    }

    @Test("parses a list separated by ASCII or full-width semicolons and keeps the malformed codes apart")
    func parsesList() {
        // setup
        let text = "field:livestock; cert:enforcement；equip:vehicle; ;min-certified:2;bogus;；field:astrology"
        // act
        let (known, unknown) = Requirement.parseList(text)
        // check
        #expect(
            known == [
                .field(.livestock), .certificate(.enforcement), .equipment(.vehicle), .minimumCertifiedOfficers(2),
                .field(ProfessionalField(rawValue: "astrology")!),
            ])
        #expect(unknown == ["bogus"])
    }

    @Test("a requirement stored as JSON before codes became vocabulary entries still decodes")
    func storedJSON() throws {
        // setup
        let stored =
            #"[{"field":{"_0":"livestock"}},{"certificate":{"_0":"enforcement"}},{"equipment":{"_0":"bodycam"}}]"#
        // act
        let decoded = try JSONDecoder().decode([Requirement].self, from: Data(stored.utf8))
        let encoded = String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self)
        // check
        #expect(decoded == [.field(.livestock), .certificate(.enforcement), .equipment(.bodycam)])
        #expect(encoded == stored)
    }

    @Test("an empty list has neither known nor unknown codes")
    func parsesEmptyList() {
        // setup
        let text = "  "
        // act
        let (known, unknown) = Requirement.parseList(text)
        // check
        #expect(known.isEmpty)
        #expect(unknown.isEmpty)
    }

    @Test("labels name the capacity in Chinese")
    func labels() {
        // setup
        let requirements: [Requirement] = [.minimumCertifiedOfficers(2), .field(.livestock), .equipment(.bodycam)]
        // act
        let labels = requirements.map(RequirementVocabulary.builtIn.label(of:))
        // check
        #expect(labels == ["持证执法人员不少于2名", "专业能力：畜禽品种鉴定", "装备：执法记录仪"])
    }
}
