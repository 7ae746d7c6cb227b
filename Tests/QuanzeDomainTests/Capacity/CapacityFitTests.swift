import Testing

@testable import QuanzeDomain

@Suite("Capacity fit")
struct CapacityFitTests {
    typealias F = CapacityFixture
    static let asOf = Fixture.day("2023-12-31")

    func fit(_ requirement: Requirement, _ snapshot: CapacitySnapshot, on day: Day = asOf) -> RequirementFit {
        CapacityFit.evaluate([requirement], snapshot: snapshot, on: day, vocabulary: .builtIn)[0]
    }

    @Test("a professional field is held by someone in post with a valid certificate, named in the evidence")
    func fieldHeld() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一", kind: .auxiliary), F.staff("B", "李二")],
            certificates: [F.certificate("A", .professional(.food), number: "SP-001", expires: "2025-01-01")])
        // act
        let food = fit(.field(.food), snapshot)
        let livestock = fit(.field(.livestock), snapshot)
        // check
        #expect(food.held)
        #expect(
            food.evidence.contains("张一") && food.evidence.contains("SP-001") && food.evidence.contains("2025年1月1日"))
        #expect(food.evidence.contains("白马镇综合行政执法中队"))
        #expect(!livestock.held)
        #expect(livestock.evidence == "本单位在岗人员中无人持有有效的畜禽品种鉴定专业证书")
    }

    @Test("an expired certificate does not count and the evidence says when it expired")
    func expiredField() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一")],
            certificates: [F.certificate("A", .professional(.geology), expires: "2023-06-30")])
        // act
        let lastDay = fit(.field(.geology), snapshot, on: Fixture.day("2023-06-30"))
        let after = fit(.field(.geology), snapshot, on: Fixture.day("2023-07-01"))
        // check
        #expect(lastDay.held)
        #expect(!after.held)
        #expect(after.evidence.contains("不计入：张一（证书已于2023年6月30日到期）"))
    }

    @Test("a seconded holder does not count until the day after the secondment ends")
    func secondedField() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一")], certificates: [F.certificate("A", .professional(.livestock))],
            secondments: [
                Secondment(
                    staffId: "A", destination: "区农业农村局", from: Fixture.day("2023-03-01"),
                    until: Fixture.day("2023-12-30"))
            ])
        // act
        let away = fit(.field(.livestock), snapshot, on: Fixture.day("2023-12-30"))
        let back = fit(.field(.livestock), snapshot, on: Fixture.day("2023-12-31"))
        let before = fit(.field(.livestock), snapshot, on: Fixture.day("2023-02-28"))
        // check
        #expect(!away.held)
        #expect(away.evidence.contains("张一（2023年3月1日起借调至区农业农村局，至2023年12月30日）"))
        #expect(back.held && before.held)
    }

    @Test(
        "minimum certified officers: two needed for a penalty; seconded, expired, auxiliary and approval staff don't count"
    )
    func minimumOfficers() {
        // setup
        let staff = [
            F.staff("A", "张一"), F.staff("B", "李二", kind: .dispatched), F.staff("C", "王三"),
            F.staff("D", "赵四"), F.staff("E", "钱五", kind: .auxiliary),
            F.staff("F", "孙六", position: .approval, organization: F.office),
        ]
        let certificates = [
            F.certificate("A"), F.certificate("B"), F.certificate("C", expires: "2023-12-30"), F.certificate("D"),
            F.certificate("F"),
        ]
        let away = [Secondment(staffId: "D", destination: "区综合行政执法局", from: Fixture.day("2023-10-01"))]
        let full = F.snapshot(staff: staff, certificates: certificates)
        let reduced = F.snapshot(
            staff: staff, certificates: certificates.filter { $0.staffId != "B" }, secondments: away)
        // act
        let enough = fit(
            .minimumCertifiedOfficers(2), F.snapshot(staff: staff, certificates: certificates, secondments: away))
        let short = fit(.minimumCertifiedOfficers(2), reduced)
        let three = fit(.minimumCertifiedOfficers(3), full)
        let none = fit(.minimumCertifiedOfficers(2), F.snapshot(staff: staff))
        // check
        #expect(enough.held)
        #expect(enough.evidence.hasPrefix("在岗持证执法人员 2 名，不少于 2 名："))
        #expect(enough.evidence.contains("张一") && enough.evidence.contains("李二") && !enough.evidence.contains("孙六"))
        #expect(!short.held)
        #expect(short.evidence.hasPrefix("在岗持证执法人员仅 1 名，少于 2 名：张一"))
        #expect(short.evidence.contains("王三（证书已于2023年12月30日到期）"))
        #expect(short.evidence.contains("赵四（2023年10月1日起借调至区综合行政执法局）"))
        #expect(three.held, "A, B and D are in post and certified without the secondment")
        #expect(!none.held && none.evidence == "本单位没有在岗的持证执法人员（至少需要 2 名）")
    }

    @Test("cert:enforcement needs one certified officer in post; cert:legal a 法律职业资格 without expiry")
    func certificates() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一"), F.staff("B", "李二", position: .approval, organization: F.office)],
            certificates: [
                F.certificate("A", number: "51030400001"),
                F.certificate("B", .legalProfession, number: "A2019", expires: nil),
            ])
        // act
        let results = CapacityFit.evaluate(
            [.certificate(.enforcement), .certificate(.legal)], snapshot: snapshot, on: Self.asOf, vocabulary: .builtIn)
        let withoutOfficer = fit(.certificate(.enforcement), F.snapshot(staff: [F.staff("A", "张一")]))
        // check
        #expect(results.map(\.held) == [true, true])
        #expect(results[0].evidence == "在岗持证执法人员 1 名：张一（执法证 51030400001，有效期至2026年6月1日）")
        #expect(results[1].evidence.contains("李二") && results[1].evidence.contains("长期有效"))
        #expect(!withoutOfficer.held && withoutOfficer.evidence == "本单位没有在岗的持证执法人员")
    }

    @Test("equipment: counts of the unit's organisations on the day; a disposal (0) or a later record is missing")
    func equipment() {
        // setup
        let snapshot = F.snapshot(equipment: [
            Equipment(organization: F.squad, kind: .vehicle, count: 2, since: Fixture.day("2022-03-01")),
            Equipment(organization: F.squad, kind: .bodycam, count: 6, since: Fixture.day("2022-03-01")),
            Equipment(organization: F.squad, kind: .bodycam, count: 0, since: Fixture.day("2023-11-01")),
            Equipment(organization: F.office, kind: .scanner, count: 1, since: Fixture.day("2024-01-01")),
        ])
        // act
        let results = CapacityFit.evaluate(
            [.equipment(.vehicle), .equipment(.bodycam), .equipment(.scanner), .equipment(.network)],
            snapshot: snapshot, on: Self.asOf, vocabulary: .builtIn)
        // check
        #expect(results.map(\.held) == [true, false, false, false])
        #expect(results[0].evidence == "配备执法车辆：白马镇综合行政执法中队 2 辆（2022年3月1日起）")
        #expect(results[1].evidence == "本单位自2023年11月1日起无执法记录仪（数量登记为 0）")
        #expect(results[2].evidence == "本单位未登记高拍仪")
    }

    @Test("one fit per requirement, in order; an item is fit only when every requirement is held")
    func order() {
        // setup
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一"), F.staff("B", "李二")],
            certificates: [F.certificate("A"), F.certificate("B"), F.certificate("B", .professional(.food))])
        let penalty: [Requirement] = [.certificate(.enforcement), .minimumCertifiedOfficers(2), .field(.food)]
        let livestock: [Requirement] = [.certificate(.enforcement), .minimumCertifiedOfficers(2), .field(.livestock)]
        // act
        let fits = CapacityFit.evaluate(penalty, snapshot: snapshot, on: Self.asOf, vocabulary: .builtIn)
        let gaps = CapacityFit.evaluate(livestock, snapshot: snapshot, on: Self.asOf, vocabulary: .builtIn)
        // check
        #expect(fits.map(\.requirement) == penalty)
        #expect(CapacityFit.isFit(fits))
        #expect(!CapacityFit.isFit(gaps))
        #expect(gaps.filter { !$0.held }.map(\.requirement) == [.field(.livestock)])
        #expect(CapacityFit.evaluate([], snapshot: snapshot, on: Self.asOf, vocabulary: .builtIn).isEmpty)
    }

    @Test("a county's own field, certificate kind and equipment are checked and named like the built-in ones")
    func countyTerms() throws {
        // setup
        let vocabulary = try RequirementVocabularyTests.county()
        let field = ProfessionalField(rawValue: "special-equipment")!
        let inspector = CertificateKind(rawValue: "boiler-inspector")!
        let gauge = EquipmentKind(rawValue: "thickness-gauge")!
        let snapshot = F.snapshot(
            staff: [F.staff("A", "张一"), F.staff("B", "李二")],
            certificates: [
                F.certificate("A", .professional(field), number: "TS-001"),
                F.certificate("B", .other(inspector), number: "GL-002", expires: "2023-06-30"),
            ],
            equipment: [Equipment(organization: F.squad, kind: gauge, count: 2, since: Fixture.day("2023-01-01"))])
        // act
        let fits = CapacityFit.evaluate(
            [.field(field), .certificate(inspector), .equipment(gauge)], snapshot: snapshot, on: Self.asOf,
            vocabulary: vocabulary)
        // check
        #expect(fits.map(\.held) == [true, false, true])
        #expect(fits.map(\.label) == ["专业能力：特种设备安全监察", "持有证件：锅炉检验员证", "装备：测厚仪"])
        #expect(fits[0].evidence == "在岗人员持有有效的特种设备安全监察专业证书：张一（白马镇综合行政执法中队，证书编号 TS-001，有效期至2026年6月1日）")
        #expect(fits[1].evidence == "本单位在岗人员中无人持有有效的锅炉检验员证；不计入：李二（证书已于2023年6月30日到期）")
        #expect(fits[2].evidence == "配备测厚仪：白马镇综合行政执法中队 2 台（2023年1月1日起）")
    }
}
