import Foundation
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzePersistence

/// Dispatched agencies on every engine: the county's rules, head appointments with the township's opinion and
/// yearly assessment schemes — each write audited in its transaction, a refused write leaving nothing, counties
/// and departments kept apart.
@Suite("Dispatched agencies: appointments and assessments stored")
struct AgencyServiceTests {
    static let agency = Organization(
        code: "D1-SJS", county: Fixture.county, name: "大山铺市场监管所", kind: .dispatchedAgency, parent: "D1",
        stationedAt: Fixture.town.value)
    static let department = Principal(
        username: "shichang", role: .department, county: Fixture.county, organization: "D1")
    static let otherDepartment = Principal(
        username: "yingji", role: .department, county: Fixture.county, organization: "D2")
    static let township = Principal(
        username: "dashanpu", role: .township, county: Fixture.county, organization: Fixture.town.value,
        unit: Fixture.town.value)
    static let foreign = Principal(username: "yt-shichang", role: .department, county: "510311", organization: "D1")
    static let supervisor = Principal(
        username: "jiandu", role: .supervisor, county: Fixture.county, organization: "GOV")

    static let rules = AgencyRules(
        opinionDeadlineDays: 15, allowsUnconsultedException: false, minimumTownshipWeight: 3000,
        consultation: RuleSource(document: "《测试区派驻机构管理办法》", wording: "派驻机构负责人调整须征求镇街意见"),
        townshipWeight: RuleSource(document: "《测试区派驻机构管理办法》", wording: "镇街评价不低于考核权重的30%"))

    static func setUp(_ database: any Database) async throws {
        try await Fixture.load(database)
        try await database.transaction { db in
            try await OrganizationStore(database).upsert(
                [
                    Organization(
                        code: Fixture.town.value, county: Fixture.county, name: "大山铺镇", kind: .township(.town)),
                    agency,
                ], on: db)
        }
    }

    static func audits(_ database: any Database, _ action: String) async throws -> Int {
        try await AuditStore(database).count(AuditFilter(county: Fixture.county, action: action))
    }

    @Test(
        "propose, opinion, decision: each step saved with its audit entry; counts per year", arguments: Engine.available
    )
    func appointmentPath(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = AgencyService(database)
            // act
            let proposed = try await service.propose(
                agency: "D1-SJS", action: .appoint, person: "张明", post: "所长", reasons: "工作需要",
                on: Day(iso: "2023-03-01")!, rules: Self.rules, by: Self.department, at: Fixture.now)
            let second = try await service.propose(
                agency: "D1-SJS", action: .remove, person: "李强", post: "所长", reasons: "",
                on: Day(iso: "2023-03-01")!, rules: Self.rules, by: Self.department, at: Fixture.now)
            _ = try await service.apply(
                .giveOpinion(agrees: true, reasons: "", on: Day(iso: "2023-03-05")!), to: proposed.id,
                rules: Self.rules, by: Self.township, at: Fixture.now)
            let decided = try await service.apply(
                .decide(number: "大安市监党〔2023〕12号", on: Day(iso: "2023-03-20")!), to: proposed.id,
                rules: Self.rules, by: Self.department, at: Fixture.now)
            var refused: AgencyFailure?
            do {
                _ = try await service.apply(
                    .decide(number: "大安市监党〔2023〕13号", on: Day(iso: "2023-03-20")!), to: second.id,
                    rules: Self.rules, by: Self.department, at: Fixture.now)
            } catch let failure as AgencyFailure { refused = failure }
            let all = try await service.appointments(county: Fixture.county)
            let counts = AppointmentCounts.of(all, year: 2023, today: Day(iso: "2023-12-31")!)
            // check
            #expect([proposed.id, second.id] == ["AP-0001", "AP-0002"])
            #expect(decided.state == .decided)
            #expect(decided.decision?.number == "大安市监党〔2023〕12号")
            #expect(refused == .opinionRequired(rule: "派驻机构负责人调整须征求镇街意见（依据：《测试区派驻机构管理办法》）"))
            #expect(all.map(\.state) == [.decided, .proposed], "the refused decision changed nothing")
            #expect(
                counts
                    == AppointmentCounts(
                        year: 2023, decided: 1, consulted: 1, agreed: 1, disagreed: 0, exceptions: 0, open: 1,
                        overdue: 1))
            #expect(try await Self.audits(database, "agency.appointment.propose") == 2)
            #expect(try await Self.audits(database, "agency.appointment.opinion") == 1)
            #expect(try await Self.audits(database, "agency.appointment.decide") == 1)
        }
    }

    @Test("another county and another department see nothing and change nothing", arguments: Engine.available)
    func isolation(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = AgencyService(database)
            let proposed = try await service.propose(
                agency: "D1-SJS", action: .appoint, person: "张明", post: "所长", reasons: "",
                on: Day(iso: "2023-03-01")!, rules: Self.rules, by: Self.department, at: Fixture.now)
            // act
            var foreignPropose: (any Error)?
            do {
                _ = try await service.propose(
                    agency: "D1-SJS", action: .appoint, person: "王五", post: "所长", reasons: "",
                    on: Day(iso: "2023-03-01")!, rules: Self.rules, by: Self.foreign, at: Fixture.now)
            } catch { foreignPropose = error }
            var foreignWithdraw: (any Error)?
            do {
                _ = try await service.apply(
                    .withdraw, to: proposed.id, rules: Self.rules, by: Self.foreign, at: Fixture.now)
            } catch { foreignWithdraw = error }
            var otherWithdraw: (any Error)?
            do {
                _ = try await service.apply(
                    .withdraw, to: proposed.id, rules: Self.rules, by: Self.otherDepartment, at: Fixture.now)
            } catch { otherWithdraw = error }
            // check
            #expect(foreignPropose as? AgencyFailure == .notAnAgency("D1-SJS"))
            #expect(foreignWithdraw as? AgencyServiceFailure == .notFound(kind: "任免事项", id: "AP-0001"))
            #expect(otherWithdraw as? AgencyServiceFailure == .notFound(kind: "任免事项", id: "AP-0001"))
            #expect(try await service.appointments(for: Self.foreign).isEmpty)
            #expect(try await service.appointments(for: Self.otherDepartment).isEmpty)
            #expect(try await service.appointments(for: Self.township).map(\.id) == ["AP-0001"])
            #expect(try await service.appointments(for: Self.supervisor).map(\.id) == ["AP-0001"])
            #expect(try await service.appointments(county: Fixture.county).map(\.state) == [.proposed])
            #expect(try await Self.audits(database, "agency.appointment.withdraw") == 0)
        }
    }

    @Test(
        "rules: stored per county with the audit entry; an unchanged save writes nothing", arguments: Engine.available)
    func rules(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            let service = AgencyService(database)
            var changed = Self.rules
            changed.minimumTownshipWeight = 3500
            // act
            let before = try await service.rules(county: Fixture.county)
            let first = try await service.setRules(Self.rules, county: Fixture.county, actor: .system, at: Fixture.now)
            let again = try await service.setRules(Self.rules, county: Fixture.county, actor: .system, at: Fixture.now)
            let third = try await service.setRules(changed, county: Fixture.county, actor: .system, at: Fixture.now)
            var bad = changed
            bad.opinionDeadlineDays = 0
            var refused: AgencyFailure?
            do {
                _ = try await service.setRules(bad, county: Fixture.county, actor: .system, at: Fixture.now)
            } catch let failure as AgencyFailure { refused = failure }
            // check
            #expect(before == nil)
            #expect([first, again, third] == [true, false, true])
            #expect(refused == .deadlineOutOfRange(0))
            #expect(try await service.rules(county: Fixture.county) == changed)
            #expect(try await service.rules(county: "510311") == nil)
            #expect(try await Self.audits(database, "agency.rules") == 2)
        }
    }

    @Test(
        "a scheme: the minimum refused, one per agency and year, both sides score, published total",
        arguments: Engine.available)
    func scheme(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = AgencyService(database)
            let indicators: [AssessmentScheme.IndicatorInput] = [
                .init(name: "服务镇街中心工作", side: .township, weight: "30"),
                .init(name: "业务工作完成", side: .department, weight: "70"),
            ]
            // act
            var below: AgencyFailure?
            do {
                _ = try await service.makeScheme(
                    agency: "D1-SJS", year: 2023,
                    indicators: [
                        .init(name: "服务镇街中心工作", side: .township, weight: "25"),
                        .init(name: "业务工作完成", side: .department, weight: "75"),
                    ], rules: Self.rules, by: Self.department, at: Fixture.now)
            } catch let failure as AgencyFailure { below = failure }
            let made = try await service.makeScheme(
                agency: "D1-SJS", year: 2023, indicators: indicators, rules: Self.rules, by: Self.department,
                at: Fixture.now)
            var twice: AgencyFailure?
            do {
                _ = try await service.makeScheme(
                    agency: "D1-SJS", year: 2023, indicators: indicators, rules: Self.rules, by: Self.department,
                    at: Fixture.now)
            } catch let failure as AgencyFailure { twice = failure }
            _ = try await service.scheme(made.id, .score(["服务镇街中心工作": "92.5"]), by: Self.township, at: Fixture.now)
            _ = try await service.scheme(made.id, .score(["业务工作完成": "88"]), by: Self.department, at: Fixture.now)
            let published = try await service.scheme(
                made.id, .publish(on: Day(iso: "2024-01-10")!), by: Self.department, at: Fixture.now)
            // check
            #expect(
                below
                    == .townshipWeightBelowMinimum(
                        share: "25%", minimum: "30%", rule: "镇街评价不低于考核权重的30%（依据：《测试区派驻机构管理办法》）"))
            #expect(made.id == "AS-0001", "the refused scheme took no number")
            #expect(twice == .schemeExists(agency: "大山铺市场监管所", year: 2023, id: "AS-0001"))
            #expect(published.total == 8935, "30% × 92.5 + 70% × 88 = 27.75 + 61.6 = 89.35")
            #expect(
                try await service.publishedSchemes(county: Fixture.county, agency: "D1-SJS").map(\.id) == ["AS-0001"])
            #expect(try await service.schemes(for: Self.otherDepartment).isEmpty)
            #expect(try await service.schemes(for: Self.foreign).isEmpty)
            #expect(try await Self.audits(database, "agency.scheme.make") == 1)
            #expect(try await Self.audits(database, "agency.scheme.score") == 2)
            #expect(try await Self.audits(database, "agency.scheme.publish") == 1)
        }
    }
}
