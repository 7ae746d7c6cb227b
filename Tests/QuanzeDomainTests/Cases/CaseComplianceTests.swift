import Foundation
import Testing

@testable import QuanzeDomain

/// What the statutes require of a case (issue 11 point 9): each check counts a case that breaks it and not one that
/// keeps it; a check is made only when the case carries its data; breaking a check never rejects the case.
@Suite("Case compliance checks")
struct CaseComplianceTests {
    static let calendar = HolidayCalendar()

    /// A closed penalty case with everything the statutes require: two officers, full record, filed and decided
    /// within 90 days, no 法制审核 trigger.
    static func penalty(_ change: (inout CaseRecord) -> Void = { _ in }) -> CaseRecord {
        var r = CaseRecord(
            county: Fixture.county, source: "执法平台", externalId: "AJ-1", sourceVersion: Fixture.t0,
            itemCode: "CF-001", township: "510104100000", handler: .township, kind: .enforcement,
            receivedOn: Fixture.day("2023-03-01"), closedOn: Fixture.day("2023-04-10"), officers: 2, fullRecord: true,
            reviewTriggers: [], filedOn: Fixture.day("2023-03-02"))
        change(&r)
        return r
    }

    static func assess(_ r: CaseRecord, _ category: ItemCategory = .penalty) -> CaseCompliance {
        CaseCompliance.assess(r, category: category, calendar: calendar)
    }

    @Test("a compliant penalty case is checked on officers, full record and the 90 days, and breaks nothing")
    func compliant() {
        // act
        let c = Self.assess(Self.penalty())
        // check
        #expect(c == CaseCompliance(checked: [.officers, .fullRecord, .decisionLimit], broken: []))
        #expect(c.brokenChecks.isEmpty)
    }

    @Test("one officer breaks 第四十二条; two do not", arguments: [(1, true), (0, true), (2, false), (3, false)])
    func officers(count: Int, broken: Bool) {
        // act
        let c = Self.assess(Self.penalty { $0.officers = count })
        // check
        #expect(c.isChecked(.officers))
        #expect(c.isBroken(.officers) == broken)
        #expect(ComplianceCheck.officers.article.description == "行政处罚法(2021-01-22)第42条")
    }

    @Test("no recording breaks 第四十七条; a recording does not")
    func fullRecord() {
        // act
        let missing = Self.assess(Self.penalty { $0.fullRecord = false })
        let present = Self.assess(Self.penalty { $0.fullRecord = true })
        // check
        #expect(missing.brokenChecks == [.fullRecord])
        #expect(present.isChecked(.fullRecord) && !present.isBroken(.fullRecord))
        #expect(ComplianceCheck.fullRecord.article.description == "行政处罚法(2021-01-22)第47条")
    }

    @Test("each of 第五十八条's four triggers requires the 法制审核", arguments: LegalReviewTrigger.allCases)
    func legalReview(trigger: LegalReviewTrigger) {
        // act
        let notDone = Self.assess(
            Self.penalty {
                $0.reviewTriggers = [trigger]
                $0.legalReview = false
            })
        let notReported = Self.assess(Self.penalty { $0.reviewTriggers = [trigger] })
        let done = Self.assess(
            Self.penalty {
                $0.reviewTriggers = [trigger]
                $0.legalReview = true
            })
        // check
        #expect(notDone.brokenChecks == [.legalReview])
        #expect(notReported.brokenChecks == [.legalReview])
        #expect(done.isChecked(.legalReview) && done.brokenChecks.isEmpty)
        #expect(
            LegalReviewTrigger(text: trigger.label) == trigger && LegalReviewTrigger(text: trigger.rawValue) == trigger)
        #expect(ComplianceCheck.legalReview.article.description == "行政处罚法(2021-01-22)第58条")
    }

    @Test("the four triggers are the four items of 第五十八条第一款")
    func triggers() {
        #expect(LegalReviewTrigger.allCases.map(\.clause) == [1, 2, 3, 4])
        #expect(LegalReviewTrigger.allCases.map(\.rawValue) == ["public-interest", "hearing", "complex", "other-law"])
    }

    @Test("without a trigger no review is required, whether or not one was done")
    func noTrigger() {
        // act
        let none = Self.assess(
            Self.penalty {
                $0.reviewTriggers = []
                $0.legalReview = false
            })
        let unknown = Self.assess(
            Self.penalty {
                $0.reviewTriggers = nil
                $0.legalReview = false
            })
        // check
        #expect(!none.isChecked(.legalReview) && !unknown.isChecked(.legalReview))
    }

    @Test(
        "the decision within 90 days of 立案 (第六十条): day 90 is in time, day 91 late",
        arguments: [("2023-05-31", false), ("2023-06-01", true)])
    func decisionLimit(closed: String, broken: Bool) {
        // setup: filed 2023-03-02, so the 90 days end on 2023-05-31
        let r = Self.penalty { $0.closedOn = Fixture.day(closed) }
        // act
        let c = Self.assess(r)
        // check
        #expect(CaseCompliance.decisionDeadline(r, filed: Fixture.day("2023-03-02")) == Fixture.day("2023-05-31"))
        #expect(c.isChecked(.decisionLimit) && c.isBroken(.decisionLimit) == broken)
        #expect(ComplianceCheck.decisionLimit.article.description == "行政处罚法(2021-01-22)第60条")
    }

    @Test("a recorded extension moves the limit: extended-to day or days")
    func extended() {
        // setup: decided 2023-06-20, 111 days after 立案
        let late = Self.penalty { $0.closedOn = Fixture.day("2023-06-20") }
        let extendedTo = Self.penalty {
            $0.closedOn = Fixture.day("2023-06-20")
            $0.extendedTo = Fixture.day("2023-06-30")
        }
        let tooShort = Self.penalty {
            $0.closedOn = Fixture.day("2023-06-20")
            $0.extendedTo = Fixture.day("2023-06-19")
        }
        let days = Self.penalty {
            $0.closedOn = Fixture.day("2023-06-20")
            $0.extensionDays = 30
        }
        let fewDays = Self.penalty {
            $0.closedOn = Fixture.day("2023-06-20")
            $0.extensionDays = 10
        }
        // act, check
        #expect(Self.assess(late).isBroken(.decisionLimit))
        #expect(!Self.assess(extendedTo).isBroken(.decisionLimit))
        #expect(Self.assess(tooShort).isBroken(.decisionLimit))
        #expect(!Self.assess(days).isBroken(.decisionLimit))
        #expect(Self.assess(fewDays).isBroken(.decisionLimit))
        #expect(CaseCompliance.decisionDeadline(days, filed: Fixture.day("2023-03-02")) == Fixture.day("2023-06-30"))
    }

    @Test("an open case, or one without 立案 day, is not checked on the 90 days")
    func decisionUnchecked() {
        #expect(!Self.assess(Self.penalty { $0.closedOn = nil }).isChecked(.decisionLimit))
        #expect(!Self.assess(Self.penalty { $0.filedOn = nil }).isChecked(.decisionLimit))
    }

    @Test("penalty checks apply to enforcement cases of penalty items only")
    func onlyPenalties() {
        // setup: a case breaking every penalty check
        let r = Self.penalty {
            $0.officers = 1
            $0.fullRecord = false
            $0.reviewTriggers = [.hearing]
            $0.closedOn = Fixture.day("2023-12-01")
        }
        // act, check
        #expect(
            Self.assess(r).brokenChecks == [.officers, .legalReview, .fullRecord, .decisionLimit])
        #expect(Self.assess(r, .inspection).checked == 0)
        var application = r
        application.kind = .application
        #expect(Self.assess(application).checked == 0)
    }

    /// A licence accepted on Monday 2023-03-06: 20 working days end on Monday 2023-04-03, 30 on 2023-04-18 — on a
    /// calendar where 2023-04-05 (清明) is a holiday.
    static func licence(closed: String, approved: Bool?) -> CaseRecord {
        CaseRecord(
            county: Fixture.county, source: "政务服务平台", externalId: "XK-1", sourceVersion: Fixture.t0,
            itemCode: "XK-001", township: "510104100000", handler: .township, kind: .application,
            receivedOn: Fixture.day("2023-03-06"), closedOn: Fixture.day(closed), extensionApproved: approved)
    }

    @Test(
        "licences: 20 working days (行政许可法第四十二条), 30 with the approved extension, holidays skipped",
        arguments: [
            ("2023-04-03", nil, false), ("2023-04-04", nil, true), ("2023-04-04", false, true),
            ("2023-04-04", true, false), ("2023-04-18", true, false), ("2023-04-19", true, true),
        ] as [(String, Bool?, Bool)])
    func licensing(closed: String, approved: Bool?, broken: Bool) {
        // setup
        let calendar = HolidayCalendar(holidays: [Fixture.day("2023-04-05")])
        let r = Self.licence(closed: closed, approved: approved)
        // act
        let c = CaseCompliance.assess(r, category: .licensing, calendar: calendar)
        // check
        #expect(c.isChecked(.licensingLimit) && c.isBroken(.licensingLimit) == broken)
        #expect(c.checked == ComplianceCheck.licensingLimit.bit)
        #expect(CaseCompliance.assess(r, category: .publicService, calendar: calendar).checked == 0)
        #expect(ComplianceCheck.licensingLimit.article.description == "行政许可法(2019-04-23)第42条")
    }

    @Test("named officers count only with a 执法证 valid on the case's day, each once")
    func certifiedOfficers() {
        // setup
        let certificates: [String: [Certificate]] = [
            "ZF-1": [
                Certificate(
                    staffId: "ZF-1", kind: .enforcement, number: "1", issuedOn: Fixture.day("2020-01-01"),
                    expiresOn: Fixture.day("2023-03-02"))
            ],
            "ZF-2": [
                Certificate(
                    staffId: "ZF-2", kind: .enforcement, number: "2", issuedOn: Fixture.day("2020-01-01"),
                    expiresOn: Fixture.day("2023-03-01"))
            ],
            "ZF-3": [
                Certificate(
                    staffId: "ZF-3", kind: .legalProfession, number: "3", issuedOn: Fixture.day("2020-01-01"),
                    expiresOn: nil)
            ],
        ]
        let day = Fixture.day("2023-03-02")
        // act, check: ZF-1 valid through its expiry day; ZF-2 expired the day before; ZF-3 holds no 执法证
        #expect(CaseCompliance.certifiedOfficers(["ZF-1", "ZF-1"], on: day, certificates: certificates) == 1)
        #expect(
            CaseCompliance.certifiedOfficers(["ZF-1", "ZF-2", "ZF-3", "ZF-9"], on: day, certificates: certificates) == 1
        )
        #expect(CaseCompliance.certifiedOfficers(["ZF-1"], on: day.adding(days: 1), certificates: certificates) == 0)
    }

    @Test("ingest counts the named officers, fixes the checks, and accepts a non-compliant case")
    func prepare() {
        // setup: two named officers, one of them without a valid 执法证; the number sent is ignored
        let reference = CaseReference(
            items: ["CF-001"], limits: [:], townships: ["510104100000"], calendar: Self.calendar,
            categories: ["CF-001": .penalty],
            certificates: [
                "ZF-1": [
                    Certificate(
                        staffId: "ZF-1", kind: .enforcement, number: "1", issuedOn: Fixture.day("2020-01-01"),
                        expiresOn: Fixture.day("2025-01-01"))
                ]
            ])
        let r = Self.penalty {
            $0.officers = 2
            $0.officerIds = ["ZF-1", "ZF-2"]
        }
        // act
        let (valid, rejected) = CaseBatch.prepare([(0, r)], reference: reference, scope: nil)
        // check
        #expect(rejected.isEmpty)
        #expect(valid.first?.record.officers == 1)
        #expect(valid.first?.record.compliance?.brokenChecks == [.officers])
    }

    @Test("cells count checked and broken cases per check, and a newer version removes exactly what it added")
    func cells() {
        // setup
        let bad = Self.penalty {
            $0.officers = 1
            $0.fullRecord = false
            $0.compliance = Self.assess($0)
        }
        let good = Self.penalty { $0.compliance = Self.assess($0) }
        var cell = IndicatorCell(county: Fixture.county, township: "510104100000", itemCode: "CF-001", month: "2023-03")
        // act
        cell.apply(bad, due: nil, sign: 1)
        cell.apply(good, due: nil, sign: 1)
        let both = cell.compliance
        cell.apply(bad, due: nil, sign: -1)
        // check
        #expect(both.cases == 2 && both.nonCompliant == 1 && both.nonCompliantShare == 0.5)
        #expect(both.checked(.officers) == 2 && both.broken(.officers) == 1)
        #expect(both.checked(.fullRecord) == 2 && both.broken(.fullRecord) == 1)
        #expect(both.checked(.decisionLimit) == 2 && both.broken(.decisionLimit) == 0)
        #expect(both.checked(.legalReview) == 0)
        #expect(cell.compliance.cases == 1 && cell.compliance.nonCompliant == 0)
        #expect(ComplianceCounts(values: both.values) == both)
        #expect(IndicatorCell.total([cell, cell], county: "c", label: "t").compliance.cases == 2)
    }

    @Test("bad extension data is a Chinese rejection; a non-compliant case is not rejected")
    func validation() {
        func check(_ r: CaseRecord) -> CaseRejection? {
            CaseValidation.check(r, knownItems: ["CF-001"], knownTownships: ["510104100000"], scope: nil)
        }
        #expect(
            check(
                Self.penalty {
                    $0.officers = 1
                    $0.fullRecord = false
                }) == nil)
        #expect(
            check(
                Self.penalty {
                    $0.extendedTo = Fixture.day("2023-07-01")
                    $0.extensionDays = 30
                }) == .twoExtensions)
        #expect(
            check(
                Self.penalty {
                    $0.filedOn = nil
                    $0.extensionDays = 30
                }) == .extensionWithoutFiling)
        #expect(check(Self.penalty { $0.extensionDays = 0 })?.message == "延长天数 0 无效：应为 1–365")
        #expect(
            check(Self.penalty { $0.filedOn = Fixture.day("2023-02-28") })?.message
                == "立案日期2023年2月28日早于受理日期2023年3月1日")
        #expect(
            check(Self.penalty { $0.closedOn = Fixture.day("2023-03-01") })?.message
                == "办结日期2023年3月1日早于立案日期2023年3月2日")
    }
}
