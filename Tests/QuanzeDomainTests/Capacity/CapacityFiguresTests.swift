import Testing

@testable import QuanzeDomain

@Suite("Capacity figures")
struct CapacityFiguresTests {
    typealias F = CapacityFixture

    @Test("a certificate counts through its expiry day and not the day after")
    func expiryBoundary() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一")], certificates: [F.certificate("A", expires: "2023-06-30")])
        // act
        let onExpiry = snapshot.figures(on: F.day("2023-06-30"))
        let after = snapshot.figures(on: F.day("2023-07-01"))
        // check
        #expect(onExpiry.certified == 1 && onExpiry.enforcementEligible == 1)
        #expect(onExpiry.certifiedRate == 1)
        #expect(after.certified == 0 && after.enforcementEligible == 1)
        #expect(after.certifiedRate == 0)
    }

    @Test("a certificate issued after the as-of day does not count yet")
    func notYetIssued() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一")], certificates: [F.certificate("A", issued: "2023-09-01", expires: "2028-09-01")]
        )
        // act
        let before = snapshot.figures(on: F.day("2023-08-31"))
        let on = snapshot.figures(on: F.day("2023-09-01"))
        // check
        #expect(before.certified == 0)
        #expect(on.certified == 1)
    }

    @Test("auxiliary enforcement staff are outside the 持证率 denominator and counted apart; approval staff are outside")
    func auxiliaryApart() {
        // setup
        let snapshot = F.snapshot(
            staff: [
                F.staff("A", "张一"), F.staff("B", "李二"), F.staff("C", "王三", kind: .dispatched),
                F.staff("D", "赵四", kind: .auxiliary), F.staff("E", "钱五", kind: .auxiliary),
                F.staff("F", "孙六", position: .approval, organization: F.office),
                F.staff("G", "周七", kind: .auxiliary, position: .approval, organization: F.office),
            ],
            certificates: [F.certificate("A"), F.certificate("C"), F.certificate("F")])
        // act
        let f = snapshot.figures(on: F.day("2023-12-31"))
        // check
        #expect(f.staff == 7)
        #expect(f.establishment == 3 && f.auxiliary == 3 && f.dispatched == 1)
        #expect(f.enforcementEligible == 3)
        #expect(f.certified == 2)
        #expect(f.auxiliaryEnforcement == 2)
        #expect(f.certifiedRate == 2.0 / 3.0)
    }

    @Test("staff hired after the as-of day are not on the roll")
    func hiredLater() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一"), F.staff("B", "李二", hired: "2024-01-02")],
            certificates: [F.certificate("A"), F.certificate("B", issued: "2024-02-01", expires: "2029-02-01")])
        // act
        let f = snapshot.figures(on: F.day("2024-01-01"))
        let later = snapshot.figures(on: F.day("2024-01-02"))
        // check
        #expect(f.staff == 1 && f.enforcementEligible == 1 && f.certified == 1)
        #expect(later.staff == 2 && later.enforcementEligible == 2 && later.certified == 1)
    }

    @Test("a seconded officer stays in 持证率 but not in post; a secondment that ended the day before does not count")
    func secondment() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一"), F.staff("B", "李二"), F.staff("C", "王三", position: .approval)],
            certificates: [F.certificate("A"), F.certificate("B")],
            secondments: [
                Secondment(staffId: "A", destination: "区委办公室", from: F.day("2023-03-01")),
                Secondment(staffId: "B", destination: "市应急管理局", from: F.day("2023-01-01"), until: F.day("2023-06-30")),
            ])
        // act
        let lastDay = snapshot.figures(on: F.day("2023-06-30"))
        let back = snapshot.figures(on: F.day("2023-07-01"))
        let before = snapshot.figures(on: F.day("2022-12-31"))
        // check
        #expect(lastDay.certified == 2 && lastDay.certifiedInPost == 0 && lastDay.seconded == 2)
        #expect(back.certified == 2 && back.certifiedInPost == 1 && back.seconded == 1)
        #expect(back.secondedShare == 1.0 / 3.0)
        #expect(before.certifiedInPost == 2 && before.seconded == 0)
    }

    @Test("training hours count courses of the as-of day's calendar year up to that day, for officers only")
    func trainingYear() {
        // setup
        let courses = [
            F.course("P1", "2022-12-20", hours: 8), F.course("P2", "2023-01-01", hours: 6),
            F.course("P3", "2023-12-31", hours: 4.5), F.course("P4", "2024-01-01", hours: 10),
        ]
        let attendance = ["P1", "P2", "P3", "P4"].flatMap { c in
            ["A", "D", "F"].map { Attendance(courseId: c, staffId: $0) }
        }
        let snapshot = F.snapshot(
            staff: [
                F.staff("A", "张一"), F.staff("B", "李二"), F.staff("D", "赵四", kind: .auxiliary),
                F.staff("F", "孙六", position: .approval, organization: F.office),
            ],
            courses: courses, attendance: attendance)
        // act
        let midYear = snapshot.figures(on: F.day("2023-06-30"))
        let yearEnd = snapshot.figures(on: F.day("2023-12-31"))
        let lowTarget = snapshot.figures(on: F.day("2023-12-31"), trainingTarget: 10.5)
        let nextYear = snapshot.figures(on: F.day("2024-01-01"))
        // check
        #expect(midYear.trainingHours == 6 && midYear.enforcementEligible == 2)
        #expect(midYear.hoursPerOfficer == 3)
        #expect(yearEnd.trainingHours == 10.5)
        #expect(yearEnd.hoursPerOfficer == 5.25)
        #expect(yearEnd.belowTarget == 2 && yearEnd.trainingTarget == 60)
        #expect(lowTarget.belowTarget == 1, "张一 reaches 10.5 hours; 李二 has none")
        #expect(nextYear.trainingHours == 10)
    }

    @Test("certificates expiring within 90 days: the as-of day and day 90 are in, day 91 and expired ones are out")
    func expiryWindow() {
        // setup
        let asOf = F.day("2023-12-31")
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一"), F.staff("B", "李二", kind: .auxiliary), F.staff("C", "王三")],
            certificates: [
                F.certificate("A", expires: asOf.iso), F.certificate("A", .legalProfession, expires: nil),
                F.certificate("B", .professional(.food), expires: asOf.adding(days: 90).iso),
                F.certificate("C", expires: asOf.adding(days: 91).iso),
                F.certificate("C", .professional(.water), expires: asOf.adding(days: -1).iso),
            ])
        // act
        let f = snapshot.figures(on: asOf)
        // check
        #expect(f.expiringCertificates == 2)
    }

    @Test("staff with less than two full years are counted; a 29 February hire's anniversary is 1 March")
    func tenure() {
        // setup
        let snapshot = F.snapshot(staff: [
            F.staff("A", "张一", hired: "2021-12-31"), F.staff("B", "李二", hired: "2022-01-01"),
        ])
        let leapHire = F.snapshot(staff: [F.staff("C", "王三", hired: "2020-02-29")])
        // act
        let f = snapshot.figures(on: F.day("2023-12-31"))
        let leap = leapHire.figures(on: F.day("2022-02-28"))
        let leapNext = leapHire.figures(on: F.day("2022-03-01"))
        // check
        #expect(f.underTwoYears == 1)
        #expect(leap.underTwoYears == 1)
        #expect(leapNext.underTwoYears == 0)
    }

    @Test("a district's rates come from summed numerators and denominators, never from averaged rates")
    func districtTotals() {
        // setup
        let asOf = F.day("2023-12-31")
        let a = F.snapshot(staff: [F.staff("A", "张一")], certificates: [F.certificate("A")])
        let b = F.snapshot(
            staff: [F.staff("B", "李二"), F.staff("C", "王三"), F.staff("D", "赵四")], certificates: [F.certificate("B")])
        let parts = [a.figures(on: asOf), b.figures(on: asOf)]
        // act
        let total = CapacityFigures.total(parts, asOf: asOf)
        // check
        #expect(parts[0].certifiedRate == 1 && parts[1].certifiedRate == 1.0 / 3.0)
        #expect(total.units == 2 && total.certified == 2 && total.enforcementEligible == 4)
        #expect(total.certifiedRate == 0.5, "not the average (2/3) of the two rates")
        #expect(total.staff == 4)
    }

    @Test("an empty unit has no rates rather than zero rates")
    func empty() {
        // setup
        let snapshot = F.snapshot()
        // act
        let f = snapshot.figures(on: F.day("2023-12-31"))
        // check
        #expect(f.staff == 0 && f.units == 1)
        #expect(f.certifiedRate == nil && f.hoursPerOfficer == nil && f.secondedShare == nil)
    }

    @Test("equipment and standardisation: the latest record on or before the day is in force")
    func equipmentHistory() {
        // setup
        let snapshot = F.snapshot(
            equipment: [
                Equipment(organization: F.squad, kind: .vehicle, count: 1, since: F.day("2021-05-01")),
                Equipment(organization: F.squad, kind: .vehicle, count: 3, since: F.day("2023-05-01")),
                Equipment(organization: F.office, kind: .vehicle, count: 1, since: F.day("2022-01-01")),
                Equipment(organization: F.squad, kind: .bodycam, count: 0, since: F.day("2023-01-01")),
            ],
            standardisation: [
                Standardisation(unit: F.unit, state: .underway, since: F.day("2022-01-01")),
                Standardisation(unit: F.unit, state: .completed, since: F.day("2023-06-01")),
            ])
        // act
        let early = snapshot.equipmentCount(.vehicle, on: F.day("2021-12-31"))
        let mid = snapshot.equipmentCount(.vehicle, on: F.day("2022-12-31"))
        let late = snapshot.equipmentCount(.vehicle, on: F.day("2023-05-01"))
        // check
        #expect(early == 1 && mid == 2 && late == 4)
        #expect(snapshot.equipmentCount(.bodycam, on: F.day("2023-12-31")) == 0)
        #expect(snapshot.standardisation(on: F.day("2021-12-31")) == nil)
        #expect(snapshot.standardisation(on: F.day("2023-05-31"))?.state == .underway)
        #expect(snapshot.standardisation(on: F.day("2023-06-01"))?.state == .completed)
    }
}
