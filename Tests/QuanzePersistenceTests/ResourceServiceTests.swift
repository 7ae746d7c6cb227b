import Foundation
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzePersistence

/// Resources on every engine: each write audited in its transaction, an unchanged write writing nothing, a refused
/// write leaving nothing, counties kept apart, establishment read against the capacity records.
@Suite("Resources: budgets, establishment and insurance stored")
struct ResourceServiceTests {
    static let squad = Organization(
        code: "510304100000-ZF", county: Fixture.county, name: "大山铺镇综合行政执法中队", kind: .enforcementSquad,
        parent: Fixture.town.value)

    static func setUp(_ database: any Database) async throws {
        try await Fixture.load(database)
        try await database.transaction { db in
            try await OrganizationStore(database).upsert(
                [
                    Organization(
                        code: Fixture.town.value, county: Fixture.county, name: "大山铺镇", kind: .township(.town)),
                    squad,
                ], on: db)
        }
        let staff = [
            Staff(
                id: "ZF-1", county: Fixture.county, organization: squad.code, name: "张明", kind: .establishment,
                position: .enforcement, education: .bachelor, hireDate: Day(iso: "2020-01-01")!),
            Staff(
                id: "ZF-2", county: Fixture.county, organization: squad.code, name: "李华", kind: .auxiliary,
                position: .enforcement, education: .secondary, hireDate: Day(iso: "2021-01-01")!),
        ]
        for person in staff {
            try await CapacityStore(database).saveStaff(person, unit: Fixture.town.value, by: .system, at: Fixture.now)
        }
    }

    static func audits(_ database: any Database, _ action: String) async throws -> Int {
        try await AuditStore(database).count(AuditFilter(county: Fixture.county, action: action))
    }

    @Test(
        "a budget is written once with its audit entry; the same budget again writes nothing",
        arguments: Engine.available)
    func budget(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = ResourceService(database)
            let budget = try TownshipBudget.make(
                county: Fixture.county, township: Fixture.town.value, year: 2023, budgeted: "420000",
                disbursed: "420000", document: "", note: "")
            // act
            let first = try await service.setBudget(budget, actor: .system, at: Fixture.now)
            let again = try await service.setBudget(budget, actor: .system, at: Fixture.now)
            var corrected = budget
            corrected.disbursed = Fen(30_000_000)
            let third = try await service.setBudget(corrected, actor: .system, at: Fixture.now)
            // check
            #expect(first && !again && third)
            #expect(try await Self.audits(database, "resource.budget") == 2)
            #expect(try await service.budgets(county: Fixture.county, year: 2023) == [corrected])
            #expect(try await service.budgets(county: "510311", year: 2023).isEmpty)
            #expect(try await service.budgets(county: Fixture.county, year: 2024).isEmpty)
        }
    }

    @Test("a township of another county is refused and nothing is written", arguments: Engine.available)
    func foreignTownship(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let budget = TownshipBudget(
                county: "510311", township: Fixture.town.value, year: 2023, budgeted: Fen(1), disbursed: Fen(1))
            // act
            await #expect(throws: ResourceFailure.notATownship(Fixture.town.value)) {
                try await ResourceService(database).setBudget(budget, actor: .system, at: Fixture.now)
            }
            // check
            #expect(try await ResourceService(database).budgets(county: "510311", year: 2023).isEmpty)
            #expect(try await AuditStore(database).count(AuditFilter(county: "510311")) == 0)
        }
    }

    @Test("establishment against 在编 staff; workload from lists, cases and posts", arguments: Engine.available)
    func establishment(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = ResourceService(database)
            // act
            let (record, changed) = try await service.setEstablishment(
                county: Fixture.county, office: Self.squad.code, year: 2023, posts: 3, document: "", actor: .system,
                at: Fixture.now)
            let standings = try await service.standings(
                county: Fixture.county, year: 2023, on: Day(iso: "2023-12-31")!)
            let workloads = try await service.workloads(county: Fixture.county, year: 2023, on: Day(iso: "2023-12-31")!)
            // check
            #expect(changed)
            #expect(record.township == Fixture.town.value)
            #expect(standings.count == 1)
            #expect(standings.first?.inPost == 1)
            #expect(standings.first?.auxiliary == 1)
            #expect(standings.first?.label == "空编 2")
            #expect(
                workloads == [
                    Workload(township: Fixture.subdistrict.value, name: "大安街道", items: 0, cases: 0, posts: 0),
                    Workload(township: Fixture.town.value, name: "大山铺镇", items: 0, cases: 0, posts: 3),
                ])
            #expect(try await Self.audits(database, "resource.establishment") == 1)
        }
    }

    @Test("insurance: numbered per county, audited; a refused policy leaves nothing", arguments: Engine.available)
    func insurance(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = ResourceService(database)
            // act
            let first = try await service.addPolicy(
                county: Fixture.county, township: Fixture.town.value, staffId: "ZF-1", insurer: "某保险公司",
                number: "P-1", kind: "accident", from: Day(iso: "2023-07-01")!, until: Day(iso: "2024-06-30")!,
                cover: "500000", actor: .system, at: Fixture.now)
            await #expect(throws: ResourceFailure.duplicatePolicy("P-1")) {
                _ = try await service.addPolicy(
                    county: Fixture.county, township: Fixture.town.value, staffId: "ZF-1", insurer: "某保险公司",
                    number: "P-1", kind: "accident", from: Day(iso: "2024-07-01")!, until: Day(iso: "2025-06-30")!,
                    cover: "500000", actor: .system, at: Fixture.now)
            }
            let second = try await service.addPolicy(
                county: Fixture.county, township: Fixture.town.value, staffId: "ZF-2", insurer: "某保险公司",
                number: "P-2", kind: "意外险", from: Day(iso: "2023-07-01")!, until: Day(iso: "2024-01-31")!,
                cover: "300000", actor: .system, at: Fixture.now)
            // check
            #expect(first.id == "IP-0001")
            #expect(second.id == "IP-0002")
            #expect(try await service.policies(county: Fixture.county).map(\.id) == ["IP-0001", "IP-0002"])
            #expect(try await Self.audits(database, "resource.insurance") == 2)
        }
    }
}
