import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Case records and indicators")
struct IndicatorTests {
    static func record(
        _ id: String, received: String, closed: String? = nil, due: String? = nil,
        handler: CaseRecord.Handler = .township,
        satisfaction: Int? = nil, township: String = "510104100000", item: String = "XM-001"
    ) -> CaseRecord {
        CaseRecord(
            county: Fixture.county, source: "一体化平台", externalId: id, sourceVersion: Fixture.t0, itemCode: item,
            township: township, handler: handler, kind: .application, receivedOn: Fixture.day(received),
            dueOn: due.map(Fixture.day), closedOn: closed.map(Fixture.day), satisfaction: satisfaction)
    }

    @Test("a record is refused with its reason: unknown item or township, out of scope, closed before received")
    func validation() {
        // setup
        let items: Set<String> = ["XM-001"]
        let towns: Set<String> = ["510104100000", "510104001000"]
        func check(_ r: CaseRecord, scope: Set<String>? = nil) -> CaseRejection? {
            CaseValidation.check(r, knownItems: items, knownTownships: towns, scope: scope)
        }
        // act / check
        #expect(check(Self.record("1", received: "2023-03-01")) == nil)
        #expect(check(Self.record("1", received: "2023-03-01", item: "XX")) == .unknownItem("XX"))
        #expect(
            check(Self.record("1", received: "2023-03-01", township: "510104999000"))
                == .unknownTownship("510104999000"))
        #expect(
            check(Self.record("1", received: "2023-03-01"), scope: ["510104001000"]) == .outsideScope("510104100000"))
        #expect(
            check(Self.record("1", received: "2023-03-05", closed: "2023-03-04"))
                == .closedBeforeReceived(received: Fixture.day("2023-03-05"), closed: Fixture.day("2023-03-04")))
        #expect(check(Self.record("1", received: "2023-03-05", satisfaction: 6)) == .badSatisfaction(6))
        #expect(check(Self.record(" ", received: "2023-03-05")) == .missing("externalId"))
    }

    @Test("closing on the due day is on time; a day later is overdue; removing a record undoes it exactly")
    func cells() {
        // setup
        var cell = IndicatorCell(county: Fixture.county, township: "510104100000", itemCode: "XM-001", month: "2023-03")
        let onDay = Self.record("a", received: "2023-03-01", closed: "2023-03-10", satisfaction: 5)
        let late = Self.record("b", received: "2023-03-01", closed: "2023-03-11", handler: .department, satisfaction: 3)
        let open = Self.record("c", received: "2023-03-02")
        let due = Fixture.day("2023-03-10")
        // act
        cell.apply(onDay, due: due, sign: 1)
        cell.apply(late, due: due, sign: 1)
        cell.apply(open, due: due, sign: 1)
        let full = cell
        cell.apply(late, due: due, sign: -1)
        // check
        #expect(full.volume == 3 && full.closed == 2 && full.onTime == 1 && full.overdue == 1)
        #expect(full.onTimeRate == 0.5 && full.meanDuration == 9.5 && full.satisfaction == 4)
        #expect(full.departmentShare == 1.0 / 3.0)
        #expect(cell.volume == 2 && cell.overdue == 0 && cell.byDepartment == 0 && cell.satisfaction == 5)
    }

    @Test("due days come from the source, else from the item's limit with the holiday calendar")
    func dueDays() {
        // setup
        let calendar = HolidayCalendar(holidays: [Fixture.day("2023-10-02")], workdays: [Fixture.day("2023-10-07")])
        let record = Self.record("a", received: "2023-09-29")
        // act
        let working = CaseDue.due(record, limit: TimeLimit(amount: 3, unit: .workingDays), calendar: calendar)
        let natural = CaseDue.due(record, limit: TimeLimit(amount: 3, unit: .naturalDays), calendar: calendar)
        let stated = CaseDue.due(
            Self.record("b", received: "2023-09-29", due: "2023-10-20"), limit: nil, calendar: calendar)
        // check
        #expect(working != nil && working! > natural!, "working days skip the holiday and the weekend")
        #expect(natural == Fixture.day("2023-10-02"))
        #expect(stated == Fixture.day("2023-10-20"))
        #expect(CaseDue.due(record, limit: nil, calendar: calendar) == nil)
    }

    @Test("district totals add sums, never average rates")
    func totals() {
        // setup
        var a = IndicatorCell(county: "c", township: "t1", itemCode: "i", month: "2023-01")
        var b = IndicatorCell(county: "c", township: "t2", itemCode: "i", month: "2023-01")
        for n in 0..<9 {
            a.apply(
                Self.record("a\(n)", received: "2023-01-02", closed: "2023-01-03"), due: Fixture.day("2023-01-05"),
                sign: 1)
        }
        b.apply(Self.record("b", received: "2023-01-02", closed: "2023-01-09"), due: Fixture.day("2023-01-05"), sign: 1)
        // act
        let total = IndicatorCell.total([a, b], county: "c", label: "全区")
        // check
        #expect(total.volume == 10 && total.onTimeRate == 0.9, "not (1.0 + 0.0) / 2")
    }
}
