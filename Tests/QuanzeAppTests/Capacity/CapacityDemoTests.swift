import Foundation
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The demo's capacity records reproduce the report (section 一: 持证率 above 85 %, five sessions by three departments
/// in 2023; section 二: the 畜禽品种 and 地质灾害 penalties lack the professional fields) — from the data.
@Suite("Capacity demo")
struct CapacityDemoTests {
    static let asOf = DemoBuilder.today

    @Test(
        "the district's 持证率 is above 85 %, every unit has two certified officers in post, some are seconded",
        arguments: Engine.available)
    func figures(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        // act
        let snapshots = try await CapacityStore(database).snapshots(county: DemoDistrict.county)
        let parts = snapshots.map { $0.figures(on: Self.asOf) }
        let district = CapacityFigures.total(parts, asOf: Self.asOf)
        // check
        #expect(snapshots.count == 15)
        #expect((district.certifiedRate ?? 0) > 0.85, "\(district.certified)/\(district.enforcementEligible)")
        #expect((district.certifiedRate ?? 1) < 0.95)
        #expect(parts.allSatisfy { $0.certifiedInPost >= 2 })
        #expect(district.seconded >= 5)
        #expect(district.auxiliaryEnforcement > 0 && district.expiringCertificates > 0)
        #expect(district.belowTarget == district.enforcementEligible, "no officer reaches 60 hours in 2023")
        #expect((district.hoursPerOfficer ?? 0) > 10)
        let names = snapshots.flatMap(\.staff).map(\.name)
        #expect(Set(names).count == names.count, "demo names are unique")
        let zhou = snapshots.flatMap(\.staff).first { $0.person == "ZF-510304100-001" }
        #expect(zhou?.name == "周勇" && zhou?.organization == "510304100000-ZF")
    }

    @Test("2023 had five training sessions by three departments")
    func courses() async throws {
        // setup
        let database = try await DemoDatabases.shared.database(.sqlite)
        // act
        let courses = try await CapacityStore(database).courses(county: DemoDistrict.county)
        let in2023 = courses.filter { $0.day.year == 2023 }
        // check
        #expect(in2023.count == 5)
        #expect(Set(in2023.map(\.provider)).count == 3)
    }

    @Test(
        "every unit lacks exactly livestock and geology among the requirements of the items on its lists",
        arguments: Engine.available)
    func fitFindsTheReportsGaps(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let store = CapacityStore(database)
        var missing: [String: Set<String>] = [:]
        var gapItems: Set<String> = []
        // act
        for (code, _) in DemoDistrict.townships {
            let township = RegionCode(code)!
            let entries = try await ListStore(database).inForce(
                county: DemoDistrict.county, township: township, on: Self.asOf)
            let fit = try await store.fit(
                county: DemoDistrict.county, unit: code, itemCodes: entries.map(\.itemCode), on: Self.asOf)
            for (item, fits) in fit {
                for f in fits where !f.held {
                    missing[code, default: []].insert(f.requirement.code)
                    gapItems.insert(item)
                }
            }
        }
        let items = try await ItemStore(database).items(county: DemoDistrict.county, codes: Array(gapItems))
        // check
        #expect(missing.count == 15)
        #expect(missing.values.allSatisfy { $0 == ["field:livestock", "field:geology"] }, "\(missing)")
        #expect(gapItems.contains("DA-CF-0189") && gapItems.contains("DA-CF-0200"))
        #expect(items.allSatisfy { $0.name.contains("畜禽品种") || $0.name.contains("地质灾害") }, "\(items.map(\.name))")
    }

    @Test("the evidence names why the one livestock expert and the one geology certificate do not count")
    func evidence() async throws {
        // setup
        let database = try await DemoDatabases.shared.database(.sqlite)
        let store = CapacityStore(database)
        // act
        let niufo = try await store.fit(
            county: DemoDistrict.county, unit: "510304107000", itemCodes: ["DA-CF-0189"], on: Self.asOf)
        let miaoba = try await store.fit(
            county: DemoDistrict.county, unit: "510304108000", itemCodes: ["DA-CF-0200"], on: Self.asOf)
        let niufoBefore = try await store.fit(
            county: DemoDistrict.county, unit: "510304107000", itemCodes: ["DA-CF-0189"], on: Day(iso: "2023-02-28")!)
        // check
        let livestock = niufo["DA-CF-0189"]?.first { $0.requirement == .field(.livestock) }
        let geology = miaoba["DA-CF-0200"]?.first { $0.requirement == .field(.geology) }
        #expect(livestock?.held == false && livestock?.evidence.contains("借调至区农业农村局") == true)
        #expect(geology?.held == false && geology?.evidence.contains("证书已于2023年6月30日到期") == true)
        #expect(niufoBefore["DA-CF-0189"]?.allSatisfy(\.held) == true, "before the secondment 牛佛镇 held it")
    }
}
