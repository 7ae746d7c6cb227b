import Foundation
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

/// The capacity store on both engines: each write with exactly one audit entry, refused writes and failed imports
/// writing nothing, snapshots and fit read back as the domain computes them.
@Suite("Capacity store")
struct CapacityStoreTests {
    static let county = Fixture.county
    static let unit = Fixture.town.value
    static let squad = unit + "-ZF"
    static let office = unit + "-SP"
    static let otherUnit = Fixture.subdistrict.value
    static let asOf = Day(iso: "2023-12-31")!
    static let now = Fixture.now

    /// The fixture county plus the two units' organisations (the town with a squad and an office).
    static func seed(_ database: any Database) async throws {
        try await Fixture.load(database)
        try await database.transaction { db in
            try await OrganizationStore(database).upsert(
                [
                    Organization(code: unit, county: county, name: "大山铺镇", kind: .township(.town)),
                    Organization(
                        code: squad, county: county, name: "大山铺镇综合行政执法中队", kind: .enforcementSquad, parent: unit),
                    Organization(
                        code: office, county: county, name: "大山铺镇行政审批办公室", kind: .approvalOffice, parent: unit),
                    Organization(code: otherUnit, county: county, name: "大安街道", kind: .township(.subdistrict)),
                ], on: db)
        }
    }

    static func person(_ id: String, _ name: String, kind: StaffKind = .establishment, org: String = squad) -> Staff {
        Staff(
            id: id, county: county, organization: org, name: name, kind: kind, position: .enforcement,
            education: .bachelor, hireDate: Day(iso: "2020-01-01")!)
    }

    static func certificate(_ staffId: String, _ kind: Certificate.Kind = .enforcement, expires: String = "2026-01-01")
        -> Certificate
    {
        Certificate(
            staffId: staffId, kind: kind, number: "N-\(staffId)", issuedOn: Day(iso: "2020-06-01")!,
            expiresOn: Day(iso: expires))
    }

    func auditCount(_ database: any Database) async throws -> Int {
        try await AuditStore(database).count(county: Self.county)
    }

    @Test("each saved record is in the snapshot and wrote one audit entry", arguments: Engine.available)
    func saves(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let store = CapacityStore(database)
            let start = try await auditCount(database)
            // act
            try await store.saveStaff(Self.person("A", "张一"), unit: Self.unit, by: .system, at: Self.now)
            try await store.saveStaff(
                Self.person("B", "李二", kind: .dispatched), unit: Self.unit, by: .system, at: Self.now)
            try await store.saveCertificate(
                Self.certificate("A"), county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            try await store.saveCertificate(
                Self.certificate("B", .professional(.food), expires: "2024-02-01"), county: Self.county,
                unit: Self.unit, by: .system, at: Self.now)
            try await store.saveSecondment(
                Secondment(staffId: "A", destination: "区委办公室", from: Day(iso: "2023-11-01")!), county: Self.county,
                unit: Self.unit, by: .system, at: Self.now)
            try await store.saveEquipment(
                Equipment(organization: Self.squad, kind: .vehicle, count: 2, since: Day(iso: "2022-01-01")!),
                county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            try await store.saveStandardisation(
                Standardisation(unit: Self.unit, state: .completed, since: Day(iso: "2023-06-01")!, note: "试点"),
                county: Self.county, by: .system, at: Self.now)
            let course = try await store.createCourse(
                TrainingCourse(
                    id: "", county: Self.county, provider: "大安区市场监督管理局", title: "食品安全执法实务",
                    day: Day(iso: "2023-05-10")!, hours: 7.5, mode: .offline, kind: .practice), by: .system,
                at: Self.now)
            let second = try await store.createCourse(
                TrainingCourse(
                    id: "", county: Self.county, provider: "大安区应急管理局", title: "安全生产执法", day: Day(iso: "2023-05-10")!,
                    hours: 4, mode: .online, kind: .theory), by: .system, at: Self.now)
            let snapshot = try await store.snapshot(county: Self.county, unit: Self.unit)
            // check
            #expect(try await auditCount(database) == start + 9)
            #expect(snapshot.unitName == "大山铺镇" && snapshot.organizations.count == 3)
            #expect(snapshot.staff.map(\.id) == ["A", "B"])
            #expect(snapshot.certificates.count == 2 && snapshot.secondments.count == 1)
            #expect(snapshot.equipmentCount(.vehicle, on: Self.asOf) == 2)
            #expect(snapshot.standardisation(on: Self.asOf)?.note == "试点")
            #expect(course.id == "PX-20230510-01" && second.id == "PX-20230510-02")
            let courses = try await store.courses(county: Self.county)
            #expect(courses.first { $0.id == course.id }?.hours == 7.5)
            let f = snapshot.figures(on: Self.asOf)
            #expect(f.enforcementEligible == 2 && f.certified == 1 && f.certifiedInPost == 0 && f.seconded == 1)
            #expect(f.expiringCertificates == 1)
        }
    }

    @Test("a refused record writes nothing, not even an audit entry", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let store = CapacityStore(database)
            try await store.saveStaff(Self.person("A", "张一"), unit: Self.unit, by: .system, at: Self.now)
            try await store.saveStaff(
                Self.person("X", "赵四", kind: .auxiliary), unit: Self.unit, by: .system, at: Self.now)
            try await store.saveSecondment(
                Secondment(
                    staffId: "A", destination: "区委办公室", from: Day(iso: "2023-01-01")!, until: Day(iso: "2023-03-31")!),
                county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            let start = try await auditCount(database)
            var failures: [CapacityFailure] = []
            func attempt(_ body: () async throws -> Void) async {
                do { try await body() } catch let f as CapacityFailure { failures.append(f) } catch {
                    Issue.record("unexpected \(error)")
                }
            }
            // act
            await attempt {
                try await store.saveStaff(
                    Self.person("C", "王三", org: "510304001000-ZF"), unit: Self.unit, by: .system, at: Self.now)
            }
            await attempt {
                try await store.saveStaff(
                    Self.person("A", "张一", org: Self.otherUnit), unit: Self.otherUnit, by: .system, at: Self.now)
            }
            await attempt {
                try await store.saveCertificate(
                    Certificate(
                        staffId: "A", kind: .enforcement, number: "1", issuedOn: Day(iso: "2023-01-01")!,
                        expiresOn: Day(iso: "2022-01-01")!), county: Self.county, unit: Self.unit, by: .system,
                    at: Self.now)
            }
            await attempt {
                try await store.saveCertificate(
                    Self.certificate("X"), county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            }
            await attempt {
                try await store.saveCertificate(
                    Self.certificate("Q"), county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            }
            await attempt {
                try await store.saveSecondment(
                    Secondment(staffId: "A", destination: "市应急管理局", from: Day(iso: "2023-03-01")!), county: Self.county,
                    unit: Self.unit, by: .system, at: Self.now)
            }
            await attempt {
                try await store.saveEquipment(
                    Equipment(organization: Self.squad, kind: .bodycam, count: -1, since: Day(iso: "2023-01-01")!),
                    county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            }
            await attempt {
                try await store.createCourse(
                    TrainingCourse(
                        id: "", county: Self.county, provider: "某培训公司", title: "培训", day: Self.asOf, hours: 2,
                        mode: .online, kind: .theory), by: .system, at: Self.now)
            }
            // check
            #expect(
                failures == [
                    .organizationOutsideUnit("510304001000-ZF"), .staffOfOtherUnit("A"),
                    .expiryNotAfterIssue(issued: Day(iso: "2023-01-01")!, expires: Day(iso: "2022-01-01")!),
                    .auxiliaryCannotHoldEnforcement(staffId: "X"), .unknownStaff("Q"),
                    .secondmentOverlaps(staffId: "A", existingFrom: Day(iso: "2023-01-01")!), .invalidCount("-1"),
                    .unknownDepartment("某培训公司"),
                ])
            #expect(try await auditCount(database) == start)
            let snapshot = try await store.snapshot(county: Self.county, unit: Self.unit)
            #expect(snapshot.certificates.isEmpty && snapshot.equipment.isEmpty && snapshot.secondments.count == 1)
            #expect(try await store.courses(county: Self.county).isEmpty)
            #expect(try await store.snapshot(county: Self.county, unit: Self.otherUnit).staff.isEmpty)
        }
    }

    @Test(
        "a staff CSV writes people and certificates with one audit entry; a bad row writes nothing",
        arguments: Engine.available)
    func importStaff(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let store = CapacityStore(database)
            let header =
                "id,name,organization,kind,position,education,hire_date,certificate,certificate_no,issued_on,expires_on"
            let good = [
                header,
                "ZF-1,张一,大山铺镇综合行政执法中队,在编,执法,本科,2020-05-01,执法证,51030400001,2020-08-01,2025-08-01",
                "ZF-1,张一,大山铺镇综合行政执法中队,在编,执法,本科,2020-05-01,畜禽品种鉴定,XQ-1,2021-01-01,2026-01-01",
                "SP-1,李二,\(Self.office),编外辅助,审批,高中,2023-02-01,,,,",
            ].joined(separator: "\r\n")
            let bad = good + "\r\nZF-2,王三,大安街道,在编,执法,本科,2021-01-01,,,,\r\nZF-3,赵四,\(Self.squad),在编,执法,本科,2021-13-01,,,,"
            let start = try await auditCount(database)
            // act
            var failure: ImportFailure?
            do {
                _ = try await store.importStaff(
                    Data(bad.utf8), county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            } catch let f as ImportFailure { failure = f }
            let afterBad = try await store.snapshot(county: Self.county, unit: Self.unit)
            let report = try await store.importStaff(
                Data(good.utf8), county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            let again = try await store.importStaff(
                Data(good.utf8), county: Self.county, unit: Self.unit, by: .system, at: Self.now)
            let snapshot = try await store.snapshot(county: Self.county, unit: Self.unit)
            // check
            #expect(failure?.issues.map(\.line) == [5, 6])
            #expect(failure?.description.contains("第 5 行（organization）") == true)
            #expect(afterBad.staff.isEmpty)
            #expect(report.written == 4 && again.written == 4)
            #expect(snapshot.staff.count == 2 && snapshot.certificates.count == 2, "re-importing changes nothing")
            #expect(try await auditCount(database) == start + 2)
            let fit = CapacityFit.evaluate(
                [.field(.livestock)], snapshot: snapshot, on: Self.asOf, vocabulary: .builtIn)
            #expect(fit[0].held && fit[0].evidence.contains("张一"))
        }
    }

    @Test("an attendance CSV adds training hours; unknown courses and people are refused", arguments: Engine.available)
    func importAttendance(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seed(database)
            let store = CapacityStore(database)
            try await store.saveStaff(Self.person("A", "张一"), unit: Self.unit, by: .system, at: Self.now)
            try await store.saveStaff(
                Self.person("Z", "周七", org: Self.otherUnit), unit: Self.otherUnit, by: .system, at: Self.now)
            let course = try await store.createCourse(
                TrainingCourse(
                    id: "", county: Self.county, provider: "大安区应急管理局", title: "安全生产执法", day: Day(iso: "2023-05-10")!,
                    hours: 12, mode: .offline, kind: .practice), by: .system, at: Self.now)
            let start = try await auditCount(database)
            // act
            var failure: ImportFailure?
            do {
                _ = try await store.importAttendance(
                    Data("course_id,staff_id\n\(course.id),A\n\(course.id),Z\nPX-0,A".utf8), county: Self.county,
                    unit: Self.unit, by: .system, at: Self.now)
            } catch let f as ImportFailure { failure = f }
            let report = try await store.importAttendance(
                Data("course_id,staff_id,name\n\(course.id),A,张一\n\(course.id),A,张一".utf8), county: Self.county,
                unit: Self.unit, by: .system, at: Self.now)
            let snapshot = try await store.snapshot(county: Self.county, unit: Self.unit)
            let counts = try await store.attendanceCounts(county: Self.county)
            // check
            #expect(failure?.issues.map(\.line) == [3, 4], "周七 belongs to another unit")
            #expect(report.written == 1 && report.warnings.count == 1)
            #expect(snapshot.courses.map(\.id) == [course.id])
            #expect(snapshot.figures(on: Self.asOf).trainingHours == 12)
            #expect(counts[course.id] == 1)
            #expect(try await auditCount(database) == start + 1)
        }
    }

    /// `seed`, a penalty item that needs two certified officers in the livestock field (`CF-9`), the town with two
    /// certified officers and the subdistrict with one uncertified person.
    static func seedOfficers(_ database: any Database) async throws {
        try await seed(database)
        var penalty = Fixture.item("CF-9", "对销售未经审定的畜禽品种的处罚")
        penalty.requirements = [.certificate(.enforcement), .minimumCertifiedOfficers(2), .field(.livestock)]
        let items = [penalty]
        try await database.transaction { db in try await ItemStore(database).save(items, on: db) }
        let store = CapacityStore(database)
        for (id, name) in [("A", "张一"), ("B", "李二")] {
            try await store.saveStaff(person(id, name), unit: unit, by: .system, at: now)
            try await store.saveCertificate(certificate(id), county: county, unit: unit, by: .system, at: now)
        }
        try await store.saveStaff(person("Z", "周七", org: otherUnit), unit: otherUnit, by: .system, at: now)
    }

    @Test("snapshots of every unit add up to district figures; fit answers by item code", arguments: Engine.available)
    func districtAndFit(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.seedOfficers(database)
            let store = CapacityStore(database)
            // act
            let snapshots = try await store.snapshots(county: Self.county)
            let total = CapacityFigures.total(snapshots.map { $0.figures(on: Self.asOf) }, asOf: Self.asOf)
            let fit = try await store.fit(
                county: Self.county, unit: Self.unit, itemCodes: ["CF-9", "CF-1", "NOPE"], on: Self.asOf)
            // check
            #expect(snapshots.map(\.unit) == [Self.otherUnit, Self.unit])
            #expect(total.units == 2 && total.enforcementEligible == 3 && total.certified == 2)
            #expect(Set(fit.keys) == ["CF-9", "CF-1"])
            #expect(fit["CF-9"]?.map(\.held) == [true, true, false])
            #expect(fit["CF-1"]?.isEmpty == true)
        }
    }

    @Test("the fit of several units read at once answers each from its own records", arguments: Engine.available)
    func fitOfSeveralUnits(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup: the town with two certified officers, the subdistrict with one uncertified
            try await Self.seedOfficers(database)
            let store = CapacityStore(database)
            // act
            let both = try await store.fit(
                county: Self.county, itemsByUnit: [Self.unit: ["CF-9"], Self.otherUnit: ["CF-9", "CF-9"], "NONE": []],
                on: Self.asOf)
            let town = try await store.fit(county: Self.county, unit: Self.unit, itemCodes: ["CF-9"], on: Self.asOf)
            let subdistrict = try await store.fit(
                county: Self.county, unit: Self.otherUnit, itemCodes: ["CF-9"], on: Self.asOf)
            // check
            #expect(Set(both.keys) == [Self.unit, Self.otherUnit])
            #expect(both[Self.unit]?["CF-9"]?.map(\.held) == [true, true, false])
            #expect(both[Self.otherUnit]?["CF-9"]?.map(\.held) == [false, false, false])
            #expect(both[Self.unit] == town && both[Self.otherUnit] == subdistrict)
        }
    }
}
