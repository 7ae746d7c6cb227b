import Foundation
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzePersistence

/// The townships' governance rights on every engine: the county's list stored with its audit entry, plans and
/// acceptances recorded by a department, exercises by a township linked to them — each write audited in its
/// transaction, a refused write leaving nothing, counties and townships kept apart.
@Suite("Governance rights: list, exercises and matters stored")
struct GovernanceServiceTests {
    static let department = Principal(
        username: "zhujian", role: .department, county: Fixture.county, organization: "D1")
    static let township = Principal(
        username: "dashanpu", role: .township, county: Fixture.county, organization: Fixture.town.value,
        unit: Fixture.town.value)
    static let otherTownship = Principal(
        username: "dajie", role: .township, county: Fixture.county, organization: Fixture.subdistrict.value,
        unit: Fixture.subdistrict.value)
    static let foreign = Principal(
        username: "yt-town", role: .township, county: "510311", organization: Fixture.town.value,
        unit: Fixture.town.value)
    static let supervisor = Principal(
        username: "jiandu", role: .supervisor, county: Fixture.county, organization: "GOV")
    static let today = Day(iso: "2023-12-31")!

    static func right(_ code: String, _ name: String, _ group: RightGroup, _ scope: RightScope?) -> GovernanceRight {
        GovernanceRight(
            code: code, name: name, group: group, scope: scope, grantedIn: 2022,
            source: RuleSource(document: "《测试区赋予镇街相关职权的实施方案》", wording: "赋予镇街\(name)"))
    }

    static let rights = GovernanceRightList(rights: [
        right("appointment-consent", "任免建议/征得同意权", .people, .headAppointment),
        right("planning", "规划参与权", .affairs, .plan),
        right("acceptance", "项目验收参与权", .affairs, .acceptance),
        right("major-matters", "重大事项建议权", .affairs, nil),
    ])

    static func setUp(_ database: any Database) async throws {
        try await Fixture.load(database)
        try await database.transaction { db in
            try await OrganizationStore(database).upsert(
                [
                    Organization(
                        code: Fixture.town.value, county: Fixture.county, name: "大山铺镇", kind: .township(.town)),
                    Organization(
                        code: Fixture.subdistrict.value, county: Fixture.county, name: "大安街道",
                        kind: .township(.subdistrict)),
                ], on: db)
        }
    }

    static func audits(_ database: any Database, _ action: String) async throws -> Int {
        try await AuditStore(database).count(AuditFilter(county: Fixture.county, action: action))
    }

    @Test(
        "the list: documents required, stored per county with its audit entry, unchanged saves write nothing",
        arguments: Engine.available)
    func list(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let service = GovernanceService(database)
            var undocumented = Self.rights
            undocumented.rights[1].source.document = ""
            // act
            var refused: GovernanceFailure?
            do {
                _ = try await service.setRights(undocumented, county: Fixture.county, actor: .system, at: Fixture.now)
            } catch let failure as GovernanceFailure { refused = failure }
            let first = try await service.setRights(
                Self.rights, county: Fixture.county, actor: .system, at: Fixture.now)
            let again = try await service.setRights(
                Self.rights, county: Fixture.county, actor: .system, at: Fixture.now)
            // check
            #expect(refused == .missingDocument("规划参与权"))
            #expect([first, again] == [true, false])
            #expect(try await service.rights(county: Fixture.county) == Self.rights)
            #expect(try await service.rights(county: "510311") == nil)
            #expect(try await Self.audits(database, "governance.rights") == 1)
        }
    }

    @Test(
        "a department's plan, the township's linked exercise, a skipped acceptance flagged; refusals write nothing",
        arguments: Engine.available)
    func matters(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = GovernanceService(database)
            // act
            let plan = try await service.recordMatter(
                kind: .plan, township: Fixture.town.value, title: "大山铺镇土地综合整治规划", on: Day(iso: "2023-04-18")!,
                participationClaimed: true, note: "", rights: Self.rights, by: Self.department, today: Self.today,
                at: Fixture.now)
            let acceptance = try await service.recordMatter(
                kind: .acceptance, township: Fixture.subdistrict.value, title: "老旧小区改造项目竣工验收",
                on: Day(iso: "2023-12-12")!, participationClaimed: false, note: "未邀请", rights: Self.rights,
                by: Self.department, today: Self.today, at: Fixture.now)
            var otherTownship: (any Error)?
            do {
                _ = try await service.record(
                    RightExercise.Input(
                        township: Fixture.town.value, right: "planning", matter: "", on: Day(iso: "2023-03-28")!,
                        outcome: "", documents: [], matterId: plan.id), rights: Self.rights, by: Self.otherTownship,
                    today: Self.today, at: Fixture.now)
            } catch { otherTownship = error }
            var wrongLink: (any Error)?
            do {
                _ = try await service.record(
                    RightExercise.Input(
                        township: Fixture.subdistrict.value, right: "acceptance", matter: "",
                        on: Day(iso: "2023-03-28")!,
                        outcome: "", documents: [], matterId: plan.id), rights: Self.rights, by: Self.otherTownship,
                    today: Self.today, at: Fixture.now)
            } catch { wrongLink = error }
            let exercise = try await service.record(
                RightExercise.Input(
                    township: Fixture.town.value, right: "planning", matter: "", on: Day(iso: "2023-03-28")!,
                    outcome: "提出意见 6 条，采纳 5 条", documents: ["大山铺镇关于规划的意见"], concerned: "D1", matterId: plan.id),
                rights: Self.rights, by: Self.township, today: Self.today, at: Fixture.now)
            let all = try await service.exercises(county: Fixture.county)
            // check
            #expect([plan.id, acceptance.id] == ["GM-0001", "GM-0002"])
            #expect(otherTownship as? GovernanceFailure == .notOwnTownship)
            #expect(wrongLink as? GovernanceFailure == .matterOfAnotherTownship("GM-0001"))
            #expect(exercise.id == "GE-0001", "the refused records took no number")
            #expect(exercise.matter == "大山铺镇土地综合整治规划" && exercise.concernedName == "大安区市场监督管理局")
            #expect(all == [exercise])
            #expect(plan.participation(all, rights: Self.rights) == .participated(["GE-0001"]))
            #expect(acceptance.participation(all, rights: Self.rights) == .skipped(claimed: false))
            #expect(try await service.matters(for: Self.township).map(\.id) == ["GM-0001"])
            #expect(try await service.matters(for: Self.otherTownship).map(\.id) == ["GM-0002"])
            #expect(try await service.matters(for: Self.department).map(\.id) == ["GM-0001", "GM-0002"])
            #expect(try await service.matters(for: Self.supervisor).map(\.id) == ["GM-0001", "GM-0002"])
            #expect(try await service.exercises(for: Self.department).map(\.id) == ["GE-0001"], "it names D1")
            #expect(try await service.exercises(for: Self.otherTownship).isEmpty)
            #expect(try await service.exercises(for: Self.foreign).isEmpty)
            #expect(try await service.matters(for: Self.foreign).isEmpty)
            #expect(try await Self.audits(database, "governance.matter") == 2)
            #expect(try await Self.audits(database, "governance.exercise") == 1)
        }
    }

    @Test("another county's township records nothing in this county", arguments: Engine.available)
    func isolation(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = GovernanceService(database)
            // act
            var refused: (any Error)?
            do {
                _ = try await service.record(
                    RightExercise.Input(
                        township: Fixture.town.value, right: "major-matters", matter: "建议", on: Day(iso: "2023-03-28")!,
                        outcome: "", documents: []), rights: Self.rights, by: Self.foreign, today: Self.today,
                    at: Fixture.now)
            } catch { refused = error }
            // check
            #expect(refused as? GovernanceFailure == .notATownship(Fixture.town.value), "its county has no such unit")
            #expect(try await service.exercises(county: Fixture.county).isEmpty)
            #expect(try await service.exercises(county: "510311").isEmpty)
            #expect(try await Self.audits(database, "governance.exercise") == 0)
        }
    }
}
