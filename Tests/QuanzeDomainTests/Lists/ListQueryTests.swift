import Foundation
import Testing

@testable import QuanzeDomain

@Suite("ListQuery and ListDiff")
struct ListQueryTests {
    static let d1 = Fixture.decision("大安编发〔2023〕5号", date: "2023-06-01", kind: .listIssuance)
    static let d2 = Fixture.decision("大安编发〔2023〕9号", date: "2023-12-01", kind: .adjustment)
    static let d3 = Fixture.decision("大安编发〔2024〕3号", date: "2024-05-01", kind: .recall)
    static let partner = "区应急管理局"

    private static func add(
        _ item: String, _ list: ListKind, _ terms: Assignment.Terms, from: String = "2023-07-01"
    ) -> ListChange {
        .add(township: Fixture.town, itemCode: item, list: list, terms: terms, from: Fixture.day(from), until: nil)
    }

    private static func entryId(_ history: History, item: String) throws -> String {
        try #require(history.current.first { $0.itemCode == item }?.entryId)
    }

    /// t1 (d1): XM-001 empowerment granted, XM-002 enforcement entrusted, XM-003 territorial, all from 2023-07-01.
    /// t2 (d2): from 2024-01-01 XM-001 becomes entrusted, XM-002 ends, XM-004 joins the approval list.
    private static func adjustedHistory() throws -> History {
        var history = History()
        for change in [
            add("XM-001", .empowerment, .init(mode: .granted)), add("XM-002", .enforcement, .init(mode: .entrusted)),
            add("XM-003", .territorial, .init(mode: .statutory, role: .primary, partner: partner)),
        ] {
            try history.apply(change, citation: .decision(d1), at: Fixture.t1)
        }
        let newYear = Fixture.day("2024-01-01")
        for change in [
            ListChange.amend(
                entryId: try entryId(history, item: "XM-001"), terms: .init(mode: .entrusted), from: newYear),
            .end(entryId: try entryId(history, item: "XM-002"), on: newYear),
            add("XM-004", .approval, .init(mode: .statutory), from: "2024-01-01"),
        ] {
            try history.apply(change, citation: .decision(d2), at: Fixture.t2)
        }
        return history
    }

    /// t1: XM-001 recorded as granted from 2023-07-01; t2: corrected to entrusted and ending 2023-09-01.
    private static func correctedHistory() throws -> History {
        var history = History()
        try history.apply(add("XM-001", .empowerment, .init(mode: .granted)), citation: .decision(d1), at: Fixture.t1)
        try history.apply(
            .rewrite(
                entryId: try entryId(history, item: "XM-001"), terms: .init(mode: .entrusted),
                validFrom: Fixture.day("2023-07-01"), validTo: Fixture.day("2023-09-01")),
            citation: .correction(reason: "方式与截止日期录入有误"), at: Fixture.t2)
        return history
    }

    // MARK: - as of a day

    @Test("as of a day: in force from the start day, no longer on the end day")
    func inForceAsOfDay() throws {
        // setup
        let history = try Self.adjustedHistory()
        // act
        let beforeStart = ListQuery.inForce(history.versions, on: Fixture.day("2023-06-30"))
        let onStart = ListQuery.inForce(history.versions, on: Fixture.day("2023-07-01"))
        let lastDay = ListQuery.inForce(history.versions, on: Fixture.day("2023-12-31"))
        let onEnd = ListQuery.inForce(history.versions, on: Fixture.day("2024-01-01"))
        // check
        #expect(beforeStart.isEmpty)
        #expect(Set(onStart.map(\.itemCode)) == ["XM-001", "XM-002", "XM-003"])
        #expect(Set(lastDay.map(\.itemCode)) == ["XM-001", "XM-002", "XM-003"])
        #expect(Set(onEnd.map(\.itemCode)) == ["XM-001", "XM-003", "XM-004"])
        #expect(onEnd.first { $0.itemCode == "XM-001" }?.mode == .entrusted)
        #expect(lastDay.first { $0.itemCode == "XM-001" }?.mode == .granted)
    }

    @Test("without knownAt only current versions count")
    func inForceIgnoresSuperseded() throws {
        // setup
        let history = try Self.adjustedHistory()
        // act
        let result = ListQuery.inForce(history.versions, on: Fixture.day("2024-06-01"))
        // check
        #expect(result.allSatisfy { $0.isCurrent })
        #expect(result.count == 3)
        #expect(history.versions.contains { !$0.isCurrent && $0.isInForce(on: Fixture.day("2024-06-01")) })
    }

    // MARK: - as known at an instant

    @Test("knownAt shows what the system said at that instant, before and after a correction")
    func inForceKnownAt() throws {
        // setup
        let history = try Self.correctedHistory()
        let day = Fixture.day("2023-08-01")
        // act
        let beforeRecording = ListQuery.inForce(history.versions, on: day, knownAt: Fixture.t0)
        let atRecording = ListQuery.inForce(history.versions, on: day, knownAt: Fixture.t1)
        let betweenSteps = ListQuery.inForce(history.versions, on: day, knownAt: Fixture.t1.addingTimeInterval(1800))
        let atCorrection = ListQuery.inForce(history.versions, on: day, knownAt: Fixture.t2)
        let now = ListQuery.inForce(history.versions, on: day)
        // check
        #expect(beforeRecording.isEmpty)
        #expect(atRecording.map(\.mode) == [.granted])
        #expect(betweenSteps.map(\.mode) == [.granted])
        #expect(atCorrection.map(\.mode) == [.entrusted])
        #expect(now.map(\.mode) == [.entrusted])
        #expect(atCorrection.first?.correctionReason == "方式与截止日期录入有误")
    }

    @Test("knownAt before a retroactive correction still shows the entry after the corrected end")
    func knownAtBeforeRetroactiveEnd() throws {
        // setup
        let history = try Self.correctedHistory()
        let day = Fixture.day("2023-10-01")
        // act
        let then = ListQuery.inForce(history.versions, on: day, knownAt: Fixture.t1)
        let now = ListQuery.inForce(history.versions, on: day, knownAt: Fixture.t3)
        // check
        #expect(then.map(\.itemCode) == ["XM-001"])
        #expect(now.isEmpty)
    }

    @Test("counts every list kind, with zero for empty lists")
    func counts() throws {
        // setup
        let entries = ListQuery.inForce(try Self.adjustedHistory().versions, on: Fixture.day("2024-01-01"))
        // act
        let counts = ListQuery.counts(entries)
        // check
        #expect(
            counts == [.statutory: 0, .territorial: 1, .empowerment: 1, .approval: 1, .enforcement: 0])
    }

    // MARK: - diff

    @Test("diff lists added, removed and changed entries with the decisions behind them")
    func diffAcrossAdjustment() throws {
        // setup
        let history = try Self.adjustedHistory()
        // act
        let diff = ListDiff.between(history.versions, from: Fixture.day("2023-12-31"), to: Fixture.day("2024-01-01"))
        // check
        #expect(diff.from.iso == "2023-12-31")
        #expect(diff.to.iso == "2024-01-01")
        #expect(diff.added.map(\.itemCode) == ["XM-004"])
        #expect(diff.added.map(\.decision) == [Self.d2.number])
        #expect(diff.removed.map(\.itemCode) == ["XM-002"])
        #expect(diff.removed.map(\.endDecision) == [Self.d2.number])
        #expect(diff.removed.map(\.decision) == [Self.d1.number])
        #expect(diff.changed.map(\.after.itemCode) == ["XM-001"])
        #expect(diff.changed.map(\.before.mode) == [.granted])
        #expect(diff.changed.map(\.after.mode) == [.entrusted])
        #expect(diff.changed.map(\.after.decision) == [Self.d2.number])
        #expect(!diff.isEmpty)
    }

    @Test("diff sorts by list then item")
    func diffOrder() throws {
        // setup
        let history = try Self.adjustedHistory()
        // act
        let diff = ListDiff.between(history.versions, from: Fixture.day("2023-06-30"), to: Fixture.day("2024-01-01"))
        // check
        #expect(diff.added.map(\.list) == [.approval, .empowerment, .territorial])
        #expect(diff.added.map(\.itemCode) == ["XM-004", "XM-001", "XM-003"])
        #expect(diff.removed.isEmpty)
        #expect(diff.changed.isEmpty)
    }

    @Test("diff of a day with itself, or across days without changes, is empty")
    func diffEmpty() throws {
        // setup
        let history = try Self.adjustedHistory()
        // act
        let sameDay = ListDiff.between(history.versions, from: Fixture.day("2024-01-01"), to: Fixture.day("2024-01-01"))
        let quietPeriod = ListDiff.between(
            history.versions, from: Fixture.day("2023-08-01"), to: Fixture.day("2023-11-30"))
        // check
        #expect(sameDay.isEmpty)
        #expect(quietPeriod.isEmpty)
    }

    @Test("a removed entry carries the decision that ended it, not the one that amended it on the way")
    func diffRemovedAfterAmendment() throws {
        // setup
        var history = try Self.adjustedHistory()
        try history.apply(
            .end(entryId: try Self.entryId(history, item: "XM-001"), on: Fixture.day("2024-06-01")),
            citation: .decision(Self.d3), at: Fixture.t3)
        // act
        let diff = ListDiff.between(history.versions, from: Fixture.day("2023-12-31"), to: Fixture.day("2024-07-01"))
        // check
        let removed = try #require(diff.removed.first { $0.itemCode == "XM-001" })
        #expect(diff.removed.map(\.itemCode) == ["XM-001", "XM-002"])
        #expect(removed.endDecision == Self.d3.number)
        #expect(removed.validTo == Fixture.day("2024-06-01"))
    }

    @Test("a withdrawal on the day an amendment took effect is reported with the withdrawing decision")
    func diffRemovedOnAmendmentDay() throws {
        // setup
        let recall = Fixture.decision("大安编发〔2023〕12号", date: "2023-12-15", kind: .recall)
        var history = try Self.adjustedHistory()
        try history.apply(
            .withdraw(township: Fixture.town, itemCode: "XM-001", list: .empowerment, on: Fixture.day("2024-01-01")),
            citation: .decision(recall), at: Fixture.t3)
        // act
        let diff = ListDiff.between(history.versions, from: Fixture.day("2023-12-31"), to: Fixture.day("2024-01-01"))
        // check
        #expect(diff.removed.map(\.itemCode) == ["XM-001", "XM-002"])
        #expect(diff.removed.map(\.endDecision) == [recall.number, Self.d2.number])
        #expect(diff.changed.isEmpty)
        #expect(diff.added.map(\.itemCode) == ["XM-004"])
    }

    @Test("a diff as known at an instant ignores later corrections")
    func diffKnownAt() throws {
        // setup
        let history = try Self.correctedHistory()
        let from = Fixture.day("2023-08-01")
        let to = Fixture.day("2023-10-01")
        // act
        let then = ListDiff.between(history.versions, from: from, to: to, knownAt: Fixture.t1)
        let now = ListDiff.between(history.versions, from: from, to: to)
        // check
        #expect(then.isEmpty)
        #expect(now.removed.map(\.itemCode) == ["XM-001"])
        #expect(now.removed.map(\.endDecision) == [nil])
        #expect(now.removed.map(\.correctionReason) == ["方式与截止日期录入有误"])
    }

    @Test("an entry added by correction shows the correction reason and no decision")
    func diffAddedByCorrection() throws {
        // setup
        var history = History()
        try history.apply(
            Self.add("XM-009", .enforcement, .init(mode: .statutory), from: "2023-03-01"),
            citation: .correction(reason: "补录遗漏的法定事项"), at: Fixture.t1)
        // act
        let diff = ListDiff.between(history.versions, from: Fixture.day("2023-01-01"), to: Fixture.day("2023-03-01"))
        // check
        #expect(diff.added.map(\.decision) == [nil])
        #expect(diff.added.map(\.correctionReason) == ["补录遗漏的法定事项"])
    }
}
