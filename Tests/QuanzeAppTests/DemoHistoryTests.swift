import Foundation
import HummingbirdTesting
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzeApp
@testable import QuanzePersistence

/// The demo's history is recorded as it happened: every decision's changes are recorded on the decision's day
/// (`DemoBuilder.recorded(on:now:)`), so the lists read "as recorded at" a past day show what the system held then.
///
/// The expected counts come from the demo's data (`Resources/Demo/decisions.csv` and `plan.csv`): an entry of a
/// plan row is in a unit's list on day D as known at day K when the row's scope applies to the unit's kind (`all`,
/// `town` or `subdistrict`), its `from` decision is dated on or before both D and K, and its `to` decision (if any)
/// is dated after D or after K (not yet recorded at K). Counting the rows so gives, for every 镇 and every 街道:
/// - at the end of each year as known then, the counts the README states (and `DemoCountsTests` reads for today);
/// - known at 2021-03-12 (大安府发〔2021〕5号, the first decision that fills lists), only its statutory rows: 111
///   for a 镇, 46 for a 街道; known at 2021-03-11 nothing at all;
/// - 2023-12-31 as known at the end of 2022: the lists in force on 2022-12-31, since no decision recorded by then
///   ends an entry before 2024 (the 委托 terms of 2022 run 36 months) and the 2023 decisions are not yet recorded.
@Suite("Demo history as recorded")
struct DemoHistoryTests {
    static let town = "510304100000"  // 大山铺镇
    static let subdistrict = "510304001000"  // 大安街道

    static func counts(_ s: Int, _ t: Int, _ e: Int, _ a: Int, _ f: Int) -> [String: Int] {
        ["statutory": s, "territorial": t, "empowerment": e, "approval": a, "enforcement": f]
    }

    /// (asOf, knownAt, 镇 counts, 街道 counts).
    static let expected: [(String, String, [String: Int], [String: Int])] = [
        ("2021-12-31", "2021-12-31", counts(111, 106, 90, 90, 210), counts(46, 106, 90, 90, 210)),
        ("2022-12-31", "2022-12-31", counts(113, 109, 140, 106, 256), counts(47, 109, 140, 106, 256)),
        ("2023-12-31", "2023-12-31", counts(113, 109, 126, 108, 246), counts(47, 109, 126, 108, 246)),
        ("2023-12-31", "2022-12-31", counts(113, 109, 140, 106, 256), counts(47, 109, 140, 106, 256)),
        ("2021-03-12", "2021-03-12", counts(111, 0, 0, 0, 0), counts(46, 0, 0, 0, 0)),
        ("2023-12-31", "2021-03-11", counts(0, 0, 0, 0, 0), counts(0, 0, 0, 0, 0)),
    ]

    @Test(
        "the lists read as recorded at the end of 2021, 2022 and 2023 and before the first decision",
        arguments: Engine.available)
    func knownAt(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            for (asOf, knownAt, town, subdistrict) in Self.expected {
                for (code, want) in [(Self.town, town), (Self.subdistrict, subdistrict)] {
                    // act
                    let response = try await client.execute(
                        uri: "/api/v1/townships/\(code)/lists?asOf=\(asOf)&knownAt=\(knownAt)", method: .get)
                    // check
                    #expect(response.status == .ok)
                    let body = try response.json() as? [String: Any]
                    #expect(body?["knownAt"] as? String == knownAt)
                    let counts = (body?["counts"] as? [String: Int] ?? [:]).filter { $0.value > 0 }
                    #expect(counts == want.filter { $0.value > 0 }, "\(code) \(asOf) known at \(knownAt)")
                    #expect(body?["total"] as? Int == want.values.reduce(0, +), "\(code) \(asOf) known at \(knownAt)")
                }
            }
        }
    }

    @Test("the township page reads the lists as recorded at a day", arguments: Engine.available)
    func page(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // act
            let then = try await client.execute(
                uri: "/townships/\(Self.town)?asOf=2023-12-31&knownAt=2022-12-31", method: .get)
            let before = try await client.execute(
                uri: "/townships/\(Self.town)?asOf=2023-12-31&knownAt=2021-03-11", method: .get)
            let today = try await client.execute(uri: "/townships/\(Self.town)?asOf=2023-12-31", method: .get)
            // check: 113 + 109 + 140 + 106 + 256 as the system held them at the end of 2022, 702 today
            #expect(then.status == .ok)
            #expect(then.text.contains("共 724 条"))
            #expect(then.text.contains("系统记录"))
            #expect(before.status == .ok)
            #expect(before.text.contains("共 0 条"))
            #expect(today.text.contains("共 702 条"))
        }
    }

    /// The demo's load time in `DemoDatabases` (micros): what other suites write later is not the demo's.
    static let loaded: Int64 = 1_704_000_000_000_000

    @Test(
        "the demo's audit chain runs in time order from the first decision's day and verifies",
        arguments: Engine.available)
    func auditInTimeOrder(engine: Engine) async throws {
        let database = try await DemoDatabases.pristine.database(engine)
        // act
        let entries = try await database.read { db in
            try await db.raw(
                "SELECT seq, at, action FROM audit_entries WHERE county = '510304' AND at <= \(bind: Self.loaded) ORDER BY seq"
            ).all().map {
                (
                    seq: try $0.decode(column: "seq", as: Int64.self), at: try $0.decode(column: "at", as: Int64.self),
                    action: try $0.decode(column: "action", as: String.self)
                )
            }
        }
        let reports = try await AuditStore(database).verify()
        // check
        let outOfOrder = zip(entries, entries.dropFirst()).filter { $0.at > $1.at }.map(\.1.seq)
        #expect(outOfOrder.isEmpty, "entries recorded before their predecessor: \(outOfOrder.prefix(5))")
        // 2020-11-20 09:00 China time, the day of 川办发〔2020〕85号: the catalogue and the grounds are in place.
        #expect(entries.first?.at == 1_605_834_000_000_000)
        // 2021-03-12 09:00 China time: 大安府发〔2021〕5号, the first decision that changes the lists.
        let lists = entries.filter { $0.action == "demo.list.change" }
        #expect(lists.first?.at == 1_615_510_800_000_000)
        #expect(reports.first { $0.county == "510304" }?.problem == nil)
    }
}
