import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Resources: budgets in exact fen and the disbursement rate")
struct BudgetTests {
    static func make(
        _ budgeted: String, _ disbursed: String, year: Int = 2023, document: String = "", note: String = ""
    )
        throws(ResourceFailure) -> TownshipBudget
    {
        try TownshipBudget.make(
            county: "510304", township: "510304100000", year: year, budgeted: budgeted, disbursed: disbursed,
            document: document, note: note)
    }

    @Test("yuan are read exactly into fen and printed back with separators")
    func money() {
        // setup, act, check
        #expect(Fen(yuan: "120000")?.value == 12_000_000)
        #expect(Fen(yuan: "3500.5")?.value == 350_050)
        #expect(Fen(yuan: "1,200,000.07 元")?.value == 120_000_007)
        #expect(Fen(yuan: "0.1")?.value == 10)
        #expect(Fen(yuan: "-1") == nil)
        #expect(Fen(yuan: "1.005") == nil)
        #expect(Fen(yuan: "1e5") == nil)
        #expect(Fen(yuan: "") == nil)
        #expect(Fen(120_000_007).yuan == "1,200,000.07")
        #expect(Fen(99).yuan == "0.99")
        #expect(Fen(100_000).yuan == "1,000.00")
        #expect(Fen(120_000_007).plain == "1200000.07")
    }

    @Test("the rate is disbursed ÷ budgeted in basis points, rounded half up; full disbursement is marked")
    func rate() throws {
        // setup
        let full = try Self.make("420000", "420000")
        let part = try Self.make("300000", "100000")
        let over = try Self.make("100", "150")
        let nothing = try Self.make("0", "0")
        // act, check
        #expect(full.disbursementRate == 10000)
        #expect(full.isFullyDisbursed)
        #expect(full.outstanding == Fen(0))
        #expect(part.disbursementRate == 3333)
        #expect(!part.isFullyDisbursed)
        #expect(part.outstanding.yuan == "200,000.00")
        #expect(over.disbursementRate == 15000)
        #expect(over.isFullyDisbursed)
        #expect(nothing.disbursementRate == nil)
        #expect(!nothing.isFullyDisbursed)
        #expect(basisPoints(2, of: 3) == 6667)
        #expect(basisPoints(1, of: 0) == nil)
    }

    @Test("a district's total adds the amounts and recomputes the rate (never an average of rates)")
    func total() throws {
        // setup
        let a = try Self.make("100", "100")
        let b = try Self.make("300", "0")
        // act
        let t = TownshipBudget.total([a, b], county: "510304", year: 2023)
        // check: (100% + 0%) / 2 would be 50 %; the sums give 25 %
        #expect(t.budgeted == Fen(40000))
        #expect(t.disbursed == Fen(10000))
        #expect(t.disbursementRate == 2500)
    }

    @Test("bad input is refused with its reason")
    func refusals() {
        // setup, act, check
        #expect(throws: ResourceFailure.invalidAmount(field: "预算金额", text: "十万")) { try Self.make("十万", "0") }
        #expect(throws: ResourceFailure.invalidAmount(field: "已拨付金额", text: "-5")) { try Self.make("5", "-5") }
        #expect(throws: ResourceFailure.yearOutOfRange(1999)) { try Self.make("5", "5", year: 1999) }
        #expect(throws: ResourceFailure.invalidNumber("财预3号")) { try Self.make("5", "5", document: "财预3号") }
        #expect(throws: ResourceFailure.tooLong(field: "备注", limit: 200)) {
            try Self.make("5", "5", note: String(repeating: "注", count: 201))
        }
        #expect(ResourceFailure.invalidAmount(field: "预算金额", text: "十万").message.contains("预算金额“十万”无效"))
    }

    @Test("a valid 文号 and a note are kept")
    func kept() throws {
        // setup, act
        let b = try Self.make("5", "5", document: "某财预〔2023〕3号", note: " 年初预算 ")
        // check
        #expect(b.document == "某财预〔2023〕3号")
        #expect(b.note == "年初预算")
    }
}
