import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Decision")
struct DecisionTests {
    @Test("accepts 文号 of the form 机关代字〔年份〕序号号", arguments: ["大安编发〔2023〕5号", "川府发〔2019〕123号", "大安农〔2024〕10号"])
    func validNumbers(number: String) {
        // setup
        let input = number
        // act
        let valid = Decision.isValidNumber(input)
        // check
        #expect(valid)
    }

    @Test(
        "refuses 文号 with wrong brackets, no issuer, bad year or bad serial",
        arguments: [
            "大安编发[2023]5号", "大安编发【2023】5号", "大安编发(2023)5号", "〔2023〕5号", "大安编发〔23〕5号", "大安编发〔20234〕5号",
            "大安编发〔２０２３〕5号", "大安编发〔2023〕05号", "大安编发〔2023〕号", "大安编发〔2023〕5", "大安编发〔2023〕五号",
            "大安编发〕2023〔5号", "", "大安编发〔2023〕5号文",
        ])
    func invalidNumbers(number: String) {
        // setup
        let input = number
        // act
        let valid = Decision.isValidNumber(input)
        // check
        #expect(!valid)
    }

    @Test(
        "reads a decision kind from its key or its Chinese label",
        arguments: [
            ("grant-decision", Decision.Kind.grantDecision), ("赋权决定", .grantDecision), ("委托书", .entrustment),
            ("entrustment", .entrustment), (" 收回决定 ", .recall), ("dispute-ruling", .disputeRuling),
            ("省级赋权目录", .provincialCatalogue),
        ])
    func kindFromText(text: String, kind: Decision.Kind) {
        // setup
        let input = text
        // act
        let result = Decision.Kind(text: input)
        // check
        #expect(result == kind)
    }

    @Test("every kind reads back from its label and from its key")
    func kindRoundTrip() {
        // setup
        let kinds = Decision.Kind.allCases
        // act
        let fromLabels = kinds.map { Decision.Kind(text: $0.label) }
        let fromKeys = kinds.map { Decision.Kind(text: $0.rawValue) }
        // check
        #expect(fromLabels == kinds)
        #expect(fromKeys == kinds)
    }

    @Test("unknown kinds are refused", arguments: ["", "决定", "Grant-Decision", "grant"])
    func unknownKind(text: String) {
        // setup
        let input = text
        // act
        let result = Decision.Kind(text: input)
        // check
        #expect(result == nil)
    }

    @Test("a decision round-trips through JSON with its date as ISO text")
    func codable() throws {
        // setup
        var decision = Fixture.decision(date: "2023-06-01")
        decision.attachments = [Attachment(name: "决定.pdf", mediaType: "application/pdf", size: 1024, sha256: "ab")]
        // act
        let data = try JSONEncoder().encode(decision)
        let decoded = try JSONDecoder().decode(Decision.self, from: data)
        // check
        #expect(decoded == decision)
        #expect(String(decoding: data, as: UTF8.self).contains("\"2023-06-01\""))
    }
}
