@testable import QuanzeDomain

/// A small unit (白马镇, its squad and office) and builders for its capacity records.
enum CapacityFixture {
    static let unit = "510104100000"
    static let squad = unit + "-ZF"
    static let office = unit + "-SP"
    static let organizations = [unit: "白马镇", squad: "白马镇综合行政执法中队", office: "白马镇行政审批办公室"]

    static func day(_ text: String) -> Day { Fixture.day(text) }

    static func staff(
        _ id: String, _ name: String, kind: StaffKind = .establishment, position: Position = .enforcement,
        hired: String = "2020-01-01", organization: String = squad
    ) -> Staff {
        Staff(
            id: id, county: Fixture.county, organization: organization, name: name, kind: kind, position: position,
            education: .bachelor, hireDate: day(hired))
    }

    static func certificate(
        _ staffId: String, _ kind: Certificate.Kind = .enforcement, number: String? = nil,
        issued: String = "2020-06-01", expires: String? = "2026-06-01"
    ) -> Certificate {
        Certificate(
            staffId: staffId, kind: kind, number: number ?? "ZJ-\(staffId)-\(kind.code)", issuedOn: day(issued),
            expiresOn: expires.map(day))
    }

    static func snapshot(
        staff: [Staff] = [], certificates: [Certificate] = [], secondments: [Secondment] = [],
        courses: [TrainingCourse] = [], attendance: [Attendance] = [], equipment: [Equipment] = [],
        standardisation: [Standardisation] = []
    ) -> CapacitySnapshot {
        CapacitySnapshot(
            county: Fixture.county, unit: unit, unitName: "白马镇", organizations: organizations, staff: staff,
            certificates: certificates, secondments: secondments, courses: courses, attendance: attendance,
            equipment: equipment, standardisation: standardisation)
    }

    static func course(_ id: String, _ day: String, hours: Double) -> TrainingCourse {
        TrainingCourse(
            id: id, county: Fixture.county, provider: "区司法局", title: "行政执法培训", day: self.day(day), hours: hours,
            mode: .offline, kind: .theory)
    }
}
