import Foundation
import Testing

@testable import QuanzeDomain

/// A unit with an approval office and a squad: 在编, 编外辅助 and 派驻 staff, one hired later, one seconded away.
enum ResourceFixture {
    static let county = "510304"
    static let unit = "510304100000"
    static func day(_ text: String) -> Day { Day(iso: text)! }

    static func person(
        _ id: String, _ org: String, _ kind: StaffKind, _ position: Position, hired: String = "2020-01-01"
    )
        -> Staff
    {
        Staff(
            id: id, county: county, organization: org, name: "人员\(id.suffix(3))", kind: kind, position: position,
            education: .bachelor, hireDate: day(hired))
    }

    static let snapshot = CapacitySnapshot(
        county: county, unit: unit, unitName: "甲镇",
        organizations: [unit: "甲镇", unit + "-ZF": "甲镇综合行政执法中队", unit + "-SP": "甲镇行政审批办公室"],
        staff: [
            person("ZF-001", unit + "-ZF", .establishment, .enforcement),
            person("ZF-002", unit + "-ZF", .establishment, .enforcement),
            person("ZF-003", unit + "-ZF", .establishment, .enforcement, hired: "2023-09-01"),
            person("ZF-004", unit + "-ZF", .dispatched, .enforcement),
            person("ZF-005", unit + "-ZF", .auxiliary, .enforcement),
            person("SP-001", unit + "-SP", .establishment, .approval),
            person("SP-002", unit + "-SP", .auxiliary, .approval),
        ],
        secondments: [
            Secondment(staffId: "ZF-002", destination: "区农业农村局", from: day("2023-05-01"), until: nil)
        ])

    static func office(_ kind: OrganizationKind, code: String = unit + "-ZF", retired: Bool = false) -> Organization {
        var org = Organization(code: code, county: county, name: "甲镇综合行政执法中队", kind: kind, parent: unit)
        if retired { org.retiredOn = day("2023-01-01") }
        return org
    }
}

@Suite("Resources: authorised establishment against 在编 staff")
struct EstablishmentTests {
    @Test("在编 staff on the roll count against the posts; seconded-away staff still hold theirs; others are apart")
    func standing() {
        // setup
        let s = ResourceFixture.snapshot
        // act
        let squad = EstablishmentStanding.of(
            office: "510304100000-ZF", officeName: "中队", township: s.unit, posts: 5, snapshot: s,
            on: ResourceFixture.day("2023-12-31"))
        let before = EstablishmentStanding.of(
            office: "510304100000-ZF", officeName: "中队", township: s.unit, posts: 2, snapshot: s,
            on: ResourceFixture.day("2023-06-30"))
        let office = EstablishmentStanding.of(
            office: "510304100000-SP", officeName: "审批办", township: s.unit, posts: 1, snapshot: s,
            on: ResourceFixture.day("2023-12-31"))
        // check
        #expect(squad.inPost == 3)
        #expect(squad.secondedAway == 1)
        #expect(squad.auxiliary == 1)
        #expect(squad.dispatched == 1)
        #expect(squad.difference == 2)
        #expect(squad.label == "空编 2")
        #expect(before.inPost == 2)
        #expect(before.label == "满编")
        #expect(office.inPost == 1)
        #expect(office.auxiliary == 1)
        #expect(office.label == "满编")
    }

    @Test("over-establishment and no recorded posts")
    func labels() {
        // setup
        let s = ResourceFixture.snapshot
        let day = ResourceFixture.day("2023-12-31")
        // act
        let over = EstablishmentStanding.of(
            office: "510304100000-ZF", officeName: "中队", township: s.unit, posts: 1, snapshot: s, on: day)
        let none = EstablishmentStanding.of(
            office: "510304100000-ZF", officeName: "中队", township: s.unit, posts: nil, snapshot: s, on: day)
        // check
        #expect(over.difference == -2)
        #expect(over.label == "超编 2")
        #expect(none.difference == nil)
        #expect(none.label == "未核定")
    }

    @Test("only a township's approval office or squad in service takes posts of 0–999 and a valid 文号")
    func make() throws {
        // setup
        let squad = ResourceFixture.office(.enforcementSquad)
        // act
        let made = try OfficeEstablishment.make(office: squad, year: 2023, posts: 8, document: "某编发〔2023〕5号")
        let zero = try OfficeEstablishment.make(
            office: ResourceFixture.office(.approvalOffice, code: "510304100000-SP"), year: 2023, posts: 0,
            document: "")
        // check
        #expect(made.township == "510304100000")
        #expect(made.posts == 8)
        #expect(made.document == "某编发〔2023〕5号")
        #expect(zero.posts == 0)
        #expect(zero.document == nil)
        #expect(throws: ResourceFailure.notAnOffice("510304-D03")) {
            try OfficeEstablishment.make(
                office: Organization(code: "510304-D03", county: "510304", name: "市场监管局", kind: .department),
                year: 2023, posts: 3, document: "")
        }
        #expect(throws: ResourceFailure.officeRetired("甲镇综合行政执法中队")) {
            try OfficeEstablishment.make(
                office: ResourceFixture.office(.enforcementSquad, retired: true), year: 2023, posts: 3, document: "")
        }
        #expect(throws: ResourceFailure.postsOutOfRange(-1)) {
            try OfficeEstablishment.make(office: squad, year: 2023, posts: -1, document: "")
        }
        #expect(throws: ResourceFailure.postsOutOfRange(1000)) {
            try OfficeEstablishment.make(office: squad, year: 2023, posts: 1000, document: "")
        }
        #expect(throws: ResourceFailure.yearOutOfRange(2101)) {
            try OfficeEstablishment.make(office: squad, year: 2101, posts: 3, document: "")
        }
        #expect(throws: ResourceFailure.invalidNumber("5号")) {
            try OfficeEstablishment.make(office: squad, year: 2023, posts: 3, document: "5号")
        }
    }
}
