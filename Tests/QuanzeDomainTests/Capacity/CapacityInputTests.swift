import Testing

@testable import QuanzeDomain

@Suite("Capacity input and rules")
struct CapacityInputTests {
    typealias F = CapacityFixture

    static let person: [String: String] = [
        "id": "ZF-510104100-001", "name": "张一", "organization": "白马镇综合行政执法中队", "kind": "在编", "position": "执法",
        "education": "本科", "hire_date": "2021-03-01",
    ]

    @Test("a person is read from Chinese labels and an organisation's name or code")
    func staff() {
        // setup
        var byCode = Self.person
        byCode["organization"] = F.office
        byCode["kind"] = "dispatched"
        byCode["person"] = "ZF-510104100-001"
        // act
        let byName = CapacityInput.staff(Self.person, county: Fixture.county, unitOrganizations: F.organizations)
        let coded = CapacityInput.staff(byCode, county: Fixture.county, unitOrganizations: F.organizations)
        // check
        #expect(byName.failures.isEmpty)
        #expect(
            byName.value
                == Staff(
                    id: "ZF-510104100-001", county: Fixture.county, organization: F.squad, name: "张一",
                    kind: .establishment,
                    position: .enforcement, education: .bachelor, hireDate: Fixture.day("2021-03-01")))
        #expect(coded.value?.organization == F.office && coded.value?.kind == .dispatched)
        #expect(coded.value?.person == "ZF-510104100-001")
    }

    @Test("every problem of a person is reported with its field")
    func staffProblems() {
        // setup
        let fields = [
            "id": "张 1", "name": "", "organization": "510104200000-ZF", "kind": "临时工", "position": "保洁",
            "education": "幼儿园", "hire_date": "2021-02-30",
        ]
        // act
        let parsed = CapacityInput.staff(fields, county: Fixture.county, unitOrganizations: F.organizations)
        // check
        #expect(parsed.value == nil)
        #expect(
            parsed.failures.compactMap(\.field).sorted()
                == ["education", "hire_date", "id", "kind", "name", "organization", "position"])
        #expect(parsed.failures.contains(.organizationOutsideUnit("510104200000-ZF")))
        #expect(parsed.failures.contains(.invalidDay(field: "hire_date", value: "2021-02-30")))
        #expect(parsed.failures.allSatisfy { !$0.message.isEmpty })
        let kind = parsed.failures.first { $0.field == "kind" }
        #expect(kind?.message == "未知的人员类别“临时工”（可选：在编、编外辅助、派驻）")
    }

    @Test(
        "staff ids: letters, digits and hyphens up to 40",
        arguments: [
            ("ZF-510304100-001", true), ("a", true), (String(repeating: "9", count: 40), true),
            (String(repeating: "9", count: 41), false), ("", false), ("张三", false), ("ZF 001", false),
            ("ZF_001", false),
        ])
    func staffIds(id: String, valid: Bool) {
        // setup
        let input = id
        // act
        let result = CapacityRules.isValidStaffId(input)
        // check
        #expect(result == valid)
    }

    @Test("certificate: expiry must come after issue; 编外辅助 cannot hold a 执法证; 法律职业资格 may have no expiry")
    func certificateRules() {
        // setup
        let staff = ["A": F.staff("A", "张一"), "X": F.staff("X", "赵四", kind: .auxiliary)]
        func read(_ fields: [String: String]) -> CapacityInput.Parsed<Certificate> {
            CapacityInput.certificate(fields, staff: staff, vocabulary: .builtIn)
        }
        let base = ["staff_id": "A", "certificate": "执法证", "certificate_no": "51030400001", "issued_on": "2021-01-01"]
        // act
        let good = read(base.merging(["expires_on": "2026-01-01"]) { $1 })
        let before = read(base.merging(["expires_on": "2020-12-31"]) { $1 })
        let same = read(base.merging(["expires_on": "2021-01-01"]) { $1 })
        let noExpiry = read(base)
        let auxiliary = read(base.merging(["staff_id": "X", "expires_on": "2026-01-01"]) { $1 })
        let legal = read(base.merging(["certificate": "法律职业资格"]) { $1 })
        let auxiliaryField = read(
            base.merging(["staff_id": "X", "certificate": "畜禽品种鉴定", "expires_on": "2026-01-01"]) { $1 })
        let unknown = read(base.merging(["staff_id": "Q", "certificate": "驾驶证", "expires_on": "2026-01-01"]) { $1 })
        // check
        #expect(good.value?.kind == .enforcement && good.value?.expiresOn == Fixture.day("2026-01-01"))
        #expect(good.value?.id == "A|enforcement|51030400001")
        #expect(
            before.failures == [
                .expiryNotAfterIssue(issued: Fixture.day("2021-01-01"), expires: Fixture.day("2020-12-31"))
            ])
        #expect(same.value == nil && same.failures.first?.field == "expires_on")
        #expect(noExpiry.failures == [.required(field: "expires_on", label: "有效期至")])
        #expect(auxiliary.failures == [.auxiliaryCannotHoldEnforcement(staffId: "X")])
        #expect(auxiliary.failures[0].message == "人员 X 为编外辅助人员，不能持有行政执法证")
        #expect(legal.value?.kind == .legalProfession && legal.value?.expiresOn == nil)
        #expect(auxiliaryField.value?.kind == .professional(.livestock))
        #expect(unknown.failures.map(\.field) == ["staff_id", "certificate"])
    }

    @Test(
        "certificate kinds read from codes, Chinese names and field labels",
        arguments: [
            ("enforcement", Certificate.Kind.enforcement), ("行政执法证", .enforcement), ("legal", .legalProfession),
            ("法律职业资格证书", .legalProfession), ("field:geology", .professional(.geology)),
            ("livestock", .professional(.livestock)), ("地质灾害防治", .professional(.geology)),
            ("食品安全专业证书", .professional(.food)),
        ])
    func certificateKinds(text: String, kind: Certificate.Kind) {
        // setup
        let input = text
        // act
        let parsed = RequirementVocabulary.builtIn.certificateKind(text: input)
        // check
        #expect(parsed == kind)
        #expect(Certificate.Kind(code: kind.code) == kind)
    }

    @Test("secondment: the end may be the start day but not before it; not before hire; no overlap")
    func secondmentRules() {
        // setup
        let staff = ["A": F.staff("A", "张一", hired: "2021-01-01")]
        let existing = [
            Secondment(
                staffId: "A", destination: "区委办公室", from: Fixture.day("2022-01-01"), until: Fixture.day("2022-06-30"))
        ]
        func read(_ from: String, _ until: String?) -> CapacityInput.Parsed<Secondment> {
            var fields = ["staff_id": "A", "destination": "市应急管理局", "from": from]
            if let until { fields["until"] = until }
            return CapacityInput.secondment(fields, staff: staff, existing: existing)
        }
        // act
        let oneDay = read("2023-01-01", "2023-01-01")
        let backwards = read("2023-01-02", "2023-01-01")
        let beforeHire = read("2020-12-31", nil)
        let overlapping = read("2022-06-30", "2022-08-01")
        let openOverlap = read("2021-06-01", nil)
        let adjacent = read("2022-07-01", nil)
        let replacing = read("2022-01-01", "2022-03-31")
        let missing = CapacityInput.secondment([:], staff: staff, existing: [])
        // check
        #expect(oneDay.failures.isEmpty && oneDay.value?.until == Fixture.day("2023-01-01"))
        #expect(
            backwards.failures == [
                .secondmentEndsBeforeStart(from: Fixture.day("2023-01-02"), until: Fixture.day("2023-01-01"))
            ])
        #expect(backwards.failures[0].field == "until")
        #expect(
            beforeHire.failures == [
                .secondmentBeforeHire(from: Fixture.day("2020-12-31"), hired: Fixture.day("2021-01-01"))
            ])
        #expect(overlapping.failures == [.secondmentOverlaps(staffId: "A", existingFrom: Fixture.day("2022-01-01"))])
        #expect(!openOverlap.failures.isEmpty)
        #expect(adjacent.failures.isEmpty)
        #expect(replacing.failures.isEmpty, "a record with the same start replaces the existing one")
        #expect(missing.failures.map(\.field) == ["staff_id", "destination", "from"])
    }

    @Test("courses: hours positive and at most 200, a known department, known mode and kind")
    func courseRules() {
        // setup
        let departments: Set<String> = ["大安区司法局"]
        let base = [
            "provider": "大安区司法局", "title": "行政执法人员培训", "day": "2023-03-15", "hours": "7.5", "mode": "线下",
            "kind": "理论",
        ]
        func read(_ changes: [String: String]) -> CapacityInput.Parsed<TrainingCourse> {
            CapacityInput.course(
                base.merging(changes) { $1 }, id: "PX-1", county: Fixture.county, departments: departments)
        }
        // act
        let good = read([:])
        let negative = read(["hours": "-2"])
        let zero = read(["hours": "0"])
        let huge = read(["hours": "200.5"])
        let text = read(["hours": "八"])
        let outsider = read(["provider": "某培训公司"])
        let kinds = read(["mode": "函授", "kind": "参观"])
        // check
        #expect(good.value?.hours == 7.5 && good.value?.mode == .offline && good.value?.kind == .theory)
        #expect(negative.failures == [.invalidHours("-2")])
        #expect(zero.failures == [.invalidHours("0")])
        #expect(huge.failures == [.invalidHours("200.5")])
        #expect(text.failures == [.invalidHours("八")])
        #expect(outsider.failures == [.unknownDepartment("某培训公司")])
        #expect(kinds.failures.map(\.field) == ["mode", "kind"])
    }

    @Test("equipment: a count 0–9999 of a known kind in one of the unit's organisations")
    func equipmentRules() {
        // setup
        let base = ["organization": F.squad, "kind": "执法车辆", "count": "2", "since": "2022-03-01"]
        func read(_ changes: [String: String]) -> CapacityInput.Parsed<Equipment> {
            CapacityInput.equipment(
                base.merging(changes) { $1 }, unitOrganizations: F.organizations, vocabulary: .builtIn)
        }
        // act
        let good = read([:])
        let zero = read(["count": "0", "kind": "专网"])
        let negative = read(["count": "-1"])
        let fraction = read(["count": "1.5"])
        let drone = read(["kind": "无人机"])
        let foreign = read(["organization": "510104200000-ZF"])
        // check
        #expect(
            good.value == Equipment(organization: F.squad, kind: .vehicle, count: 2, since: Fixture.day("2022-03-01")))
        #expect(zero.value?.count == 0 && zero.value?.kind == .network)
        #expect(negative.failures == [.invalidCount("-1")])
        #expect(fraction.failures == [.invalidCount("1.5")])
        #expect(drone.failures.map(\.field) == ["kind"])
        #expect(foreign.failures == [.organizationOutsideUnit("510104200000-ZF")])
    }

    @Test("standardisation status and the training target")
    func statusAndTarget() throws {
        // setup
        let fields = ["state": "已达标", "since": "2023-06-01", "note": "省级规范化建设试点"]
        // act
        let record = CapacityInput.standardisation(fields, unit: F.unit)
        let unknown = CapacityInput.standardisation(["state": "优秀"], unit: F.unit)
        // check
        #expect(record.value?.state == .completed && record.value?.note == "省级规范化建设试点")
        #expect(unknown.failures.map(\.field) == ["state", "since"])
        #expect(try CapacityRules.trainingTarget(nil) == 60)
        #expect(try CapacityRules.trainingTarget("40") == 40)
        #expect(throws: CapacityFailure.invalidTarget("0")) { try CapacityRules.trainingTarget("0") }
        #expect(throws: CapacityFailure.invalidTarget("abc")) { try CapacityRules.trainingTarget("abc") }
    }

    @Test("enumerations read their keys, labels and common short forms")
    func labels() {
        // setup
        let kinds = ["在编", "编外", "编外辅助", "派驻", "auxiliary"]
        // act
        let parsed = kinds.map(StaffKind.init(text:))
        // check
        #expect(parsed == [.establishment, .auxiliary, .auxiliary, .dispatched, .auxiliary])
        #expect(Position(text: "执法岗") == .enforcement && Position(text: "审批") == .approval)
        #expect(Education(text: "大专") == .associate && Education(text: "硕士") == .postgraduate)
        #expect(Education(text: "中专") == .secondary && Education.associate.isCollege && !Education.secondary.isCollege)
        #expect(
            RequirementVocabulary.builtIn.equipmentKind(text: "执法记录仪") == .bodycam
                && RequirementVocabulary.builtIn.equipmentKind(text: "高拍仪") == .scanner)
        #expect(TrainingMode(text: "线上") == .online && TrainingKind(text: "实操") == .practice)
        #expect(StaffKind(text: "临时") == nil && Position(text: "") == nil)
    }

    @Test("attendance: the course exists, the person is the unit's, a given name matches")
    func attendance() {
        // setup
        let staff = ["A": F.staff("A", "张一")]
        let courses: Set<String> = ["PX-1"]
        // act
        let good = CapacityInput.attendance(
            ["course_id": "PX-1", "staff_id": "A", "name": "张一"], staff: staff, courses: courses)
        let wrongName = CapacityInput.attendance(
            ["course_id": "PX-1", "staff_id": "A", "name": "张二"], staff: staff, courses: courses)
        let unknown = CapacityInput.attendance(["course_id": "PX-9", "staff_id": "B"], staff: staff, courses: courses)
        // check
        #expect(good.value == Attendance(courseId: "PX-1", staffId: "A"))
        #expect(wrongName.failures == [.nameMismatch(staffId: "A", recorded: "张一")])
        #expect(unknown.failures == [.unknownCourse("PX-9"), .unknownStaff("B")])
    }
}
