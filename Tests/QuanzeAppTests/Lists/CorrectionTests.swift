import Foundation
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// A 勘误 corrects a recording mistake of an existing entry; it never creates a 赋权 or 委托 entry (that needs a
/// decision of the right kind), and it says what was wrong — through the import and the list service, on the demo.
@Suite("勘误 (list corrections) on the demo")
struct CorrectionTests {
    static let county = "510304"
    static let town = RegionCode("510304100000")!
    static let day = Day(iso: "2023-12-31")!

    @Test(
        "an import row may not create a delegated entry by 勘误, nor give a reason that says nothing; nothing is written",
        arguments: Engine.available)
    func importRefusesDelegatedCorrections(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let before = try await ListStore(database).history(county: Self.county, township: Self.town).count
        let csv = """
            township,item_code,list,mode,role,partner,decision,valid_from,valid_to,correction_reason
            大山铺镇,DA-CF-0189,执法清单,委托,,大安区市场监督管理局,,2023-01-01,,历史清单补录遗漏的委托事项
            大山铺镇,DA-CF-0189,扩权赋能清单,赋权,,,,2023-01-01,,历史清单补录遗漏的赋权事项
            大山铺镇,DA-CF-0189,执法清单,法定,,,,2023-01-01,,补录

            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qz-correction-\(UUID()).csv")
        try Data(csv.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // act
        var failure: ImportFailure?
        do {
            try await runCommand(
                ["import", "assignments", file.path, "--county", Self.county], on: database, county: Self.county)
        } catch let error as ImportFailure { failure = error }
        let after = try await ListStore(database).history(county: Self.county, township: Self.town).count
        // check
        let issues = try #require(failure).issues.filter { $0.column == "correction_reason" }
        #expect(issues.map(\.line) == [2, 3, 4])
        #expect(
            issues[0].message
                == "勘误只能更正已有条目的录入错误，不能以勘误新增或改为委托条目（事项 DA-CF-0189）；委托须依据委托书的文号办理")
        #expect(issues[1].message.contains("不能以勘误新增或改为赋权条目") && issues[1].message.contains("赋权决定"))
        #expect(issues[2].message.hasPrefix("勘误必须写明录入错误的具体内容（不少于6个字）"))
        #expect(after == before)
    }

    @Test(
        "the list service refuses a 勘误 turning a 法定 entry into 委托, or of an entry that does not exist: 422, nothing written",
        arguments: Engine.available)
    func serviceRefusesCorrections(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let store = ListStore(database)
        let statutory = try #require(
            try await store.inForce(county: Self.county, township: Self.town, on: Self.day).first {
                $0.list == .enforcement && $0.mode == .statutory
            })
        let before = try await store.history(county: Self.county, township: Self.town).count
        let service = ListService(database)
        func refusal(_ change: ListChange) async -> AppError? {
            do {
                try await service.apply(
                    [change], county: Self.county, citation: .correction(reason: "方式录入有误，应为委托"), actor: .system,
                    at: Date())
            } catch { return AppError.from(error) }
            return nil
        }
        // act
        let turned = await refusal(
            .rewrite(
                entryId: statutory.entryId, terms: .init(mode: .entrusted, partner: "大安区市场监督管理局"),
                validFrom: statutory.validFrom, validTo: statutory.validTo))
        let unknown = await refusal(
            .rewrite(entryId: "no-such-entry", terms: .init(mode: .statutory), validFrom: Self.day, validTo: nil))
        let after = try await store.history(county: Self.county, township: Self.town).count
        // check
        #expect(turned?.status == .unprocessableContent)
        #expect(
            turned?.message
                == "勘误只能更正已有条目的录入错误，不能以勘误新增或改为委托条目（事项 \(statutory.itemCode)）；委托须依据委托书的文号办理")
        #expect(unknown?.status == .unprocessableContent)
        #expect(unknown?.message == "清单条目不存在：no-such-entry")
        #expect(after == before)
    }
}
