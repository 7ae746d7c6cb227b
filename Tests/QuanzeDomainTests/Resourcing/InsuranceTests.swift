import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Resources: front-line enforcement staff's insurance and its expiry")
struct InsuranceTests {
    static func day(_ text: String) -> Day { ResourceFixture.day(text) }

    static func policy(
        _ staff: String, from: String, until: String, number: String = "P-1", id: String = "IP-0001",
        existing: [InsurancePolicy] = []
    ) throws(ResourceFailure) -> InsurancePolicy {
        try InsurancePolicy.make(
            id: id, snapshot: ResourceFixture.snapshot, staffId: staff, insurer: "某保险公司", number: number,
            kind: "意外险", from: day(from), until: day(until), cover: "500000", existing: existing)
    }

    @Test("a policy is made for front-line enforcement staff of the unit, with exact cover")
    func make() throws {
        // act
        let p = try Self.policy("ZF-005", from: "2023-07-01", until: "2024-06-30")
        // check
        #expect(p.township == "510304100000")
        #expect(p.staffName == "人员005")
        #expect(p.kind == .accident)
        #expect(p.cover == Fen(50_000_000))
        #expect(p.covers(Self.day("2023-07-01")))
        #expect(p.covers(Self.day("2024-06-30")))
        #expect(!p.covers(Self.day("2024-07-01")))
    }

    @Test("refused: approval staff, unknown staff, reversed period, bad cover, unknown kind, empty fields, duplicates")
    func refusals() throws {
        // setup
        let first = try Self.policy("ZF-001", from: "2023-07-01", until: "2024-06-30")
        // act, check
        #expect(throws: ResourceFailure.notFrontLine("人员001")) {
            try Self.policy("SP-001", from: "2023-07-01", until: "2024-06-30")
        }
        #expect(throws: ResourceFailure.unknownStaff("ZF-999")) {
            try Self.policy("ZF-999", from: "2023-07-01", until: "2024-06-30")
        }
        #expect(throws: ResourceFailure.periodReversed(from: Self.day("2024-01-02"), until: Self.day("2024-01-01"))) {
            try Self.policy("ZF-001", from: "2024-01-02", until: "2024-01-01")
        }
        #expect(throws: ResourceFailure.duplicatePolicy("P-1")) {
            try Self.policy("ZF-001", from: "2024-07-01", until: "2025-06-30", existing: [first])
        }
        #expect(throws: ResourceFailure.invalidAmount(field: "保险金额", text: "0")) {
            try InsurancePolicy.make(
                id: "IP-2", snapshot: ResourceFixture.snapshot, staffId: "ZF-001", insurer: "甲", number: "N",
                kind: "accident", from: Self.day("2023-01-01"), until: Self.day("2023-12-31"), cover: "0",
                existing: [])
        }
        #expect(throws: ResourceFailure.unknownKind("寿险")) {
            try InsurancePolicy.make(
                id: "IP-2", snapshot: ResourceFixture.snapshot, staffId: "ZF-001", insurer: "甲", number: "N",
                kind: "寿险", from: Self.day("2023-01-01"), until: Self.day("2023-12-31"), cover: "1", existing: [])
        }
        #expect(throws: ResourceFailure.emptyField("保险公司")) {
            try InsurancePolicy.make(
                id: "IP-2", snapshot: ResourceFixture.snapshot, staffId: "ZF-001", insurer: " ", number: "N",
                kind: "accident", from: Self.day("2023-01-01"), until: Self.day("2023-12-31"), cover: "1",
                existing: [])
        }
        #expect(throws: ResourceFailure.emptyField("保单号")) {
            try InsurancePolicy.make(
                id: "IP-2", snapshot: ResourceFixture.snapshot, staffId: "ZF-001", insurer: "甲", number: "",
                kind: "accident", from: Self.day("2023-01-01"), until: Self.day("2023-12-31"), cover: "1",
                existing: [])
        }
        // The same number for another person is another policy (a group policy covers several people).
        #expect(
            try Self.policy("ZF-002", from: "2023-07-01", until: "2024-06-30", existing: [first]).staffId == "ZF-002")
    }

    @Test("cover on a day: covered, expiring within the window (its last day included), uncovered; renewals chain")
    func cover() throws {
        // setup
        let today = Self.day("2023-12-31")
        let policies = [
            try Self.policy("ZF-001", from: "2023-07-01", until: "2024-06-30"),  // beyond 90 days
            try Self.policy("ZF-002", from: "2023-04-01", until: "2024-03-30"),  // exactly day 90: warns
            try Self.policy("ZF-004", from: "2023-04-01", until: "2024-03-31"),  // day 91: covered
            // ZF-005: ends within the window but a renewal follows without a gap
            try Self.policy("ZF-005", from: "2023-02-01", until: "2024-01-31", number: "P-5a"),
            try Self.policy("ZF-005", from: "2024-02-01", until: "2025-01-31", number: "P-5b"),
            // ZF-003: only a future policy → uncovered today
            try Self.policy("ZF-003", from: "2024-01-01", until: "2024-12-31"),
        ]
        // act
        let covers = StaffCover.of(ResourceFixture.snapshot, policies: policies, on: today, window: 90)
        let status = Dictionary(uniqueKeysWithValues: covers.map { ($0.staffId, $0.status) })
        let until = Dictionary(uniqueKeysWithValues: covers.map { ($0.staffId, $0.coveredUntil) })
        // check: only enforcement posts (SP-… are approval staff), seconded-away ZF-002 included
        #expect(covers.map(\.staffId) == ["ZF-001", "ZF-002", "ZF-003", "ZF-004", "ZF-005"])
        #expect(status["ZF-001"] == .covered)
        #expect(status["ZF-002"] == .expiring)
        #expect(until["ZF-002"] == Self.day("2024-03-30"))
        #expect(status["ZF-004"] == .covered)
        #expect(status["ZF-005"] == .covered)
        #expect(until["ZF-005"] == Self.day("2025-01-31"))
        #expect(status["ZF-003"] == .uncovered)
        #expect(until["ZF-003"] == .some(nil))
    }

    @Test("a gap day breaks the chain; staff hired after the day are not listed; the window is the county's")
    func gapsAndWindow() throws {
        // setup
        let policies = [
            try Self.policy("ZF-001", from: "2023-02-01", until: "2024-01-31", number: "a"),
            try Self.policy("ZF-001", from: "2024-02-02", until: "2025-01-31", number: "b"),
        ]
        // act
        let june = StaffCover.of(ResourceFixture.snapshot, policies: policies, on: Self.day("2023-06-30"), window: 90)
        let december = StaffCover.of(
            ResourceFixture.snapshot, policies: policies, on: Self.day("2023-12-31"), window: 31)
        // check
        #expect(june.map(\.staffId) == ["ZF-001", "ZF-002", "ZF-004", "ZF-005"])
        #expect(june.first?.status == .covered)
        #expect(december.first?.coveredUntil == Self.day("2024-01-31"))
        #expect(december.first?.status == .expiring)
        #expect(december.filter { $0.status == .uncovered }.map(\.staffId) == ["ZF-002", "ZF-003", "ZF-004", "ZF-005"])
    }

    @Test("rules: wording required, 1–365 warning days, a valid 文号 when given; printed with the source")
    func rules() {
        // setup
        let source = RuleSource(document: "《某办法》", number: "某编发〔2023〕1号", provision: "第十条", wording: "依法办理保险")
        // act, check
        #expect((try? ResourceRules(insurance: source, expiryWarningDays: 90).validate()) != nil)
        #expect(throws: ResourceFailure.warningDaysOutOfRange(0)) {
            try ResourceRules(insurance: source, expiryWarningDays: 0).validate()
        }
        #expect(throws: ResourceFailure.warningDaysOutOfRange(366)) {
            try ResourceRules(insurance: source, expiryWarningDays: 366).validate()
        }
        #expect(throws: ResourceFailure.emptyRuleWording) {
            try ResourceRules(insurance: RuleSource(document: "", wording: " "), expiryWarningDays: 90).validate()
        }
        #expect(throws: ResourceFailure.invalidNumber("1号")) {
            try ResourceRules(
                insurance: RuleSource(document: "《某办法》", number: "1号", wording: "x"), expiryWarningDays: 90
            ).validate()
        }
        #expect(source.printed == "依法办理保险（依据：《某办法》（某编发〔2023〕1号）第十条）")
        #expect(RuleSource(document: "", wording: "依法办理保险").printed == "依法办理保险（依据：本区县尚未登记依据文件）")
    }

    @Test("insurance kinds read from keys, labels and short forms")
    func kinds() {
        // act, check
        #expect(InsuranceKind(text: "liability") == .liability)
        #expect(InsuranceKind(text: "执法责任保险") == .liability)
        #expect(InsuranceKind(text: "意外险") == .accident)
        #expect(InsuranceKind(text: "医疗险") == .medical)
        #expect(InsuranceKind(text: "寿险") == nil)
    }
}
