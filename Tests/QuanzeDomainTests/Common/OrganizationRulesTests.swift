import Testing

@testable import QuanzeDomain

/// A small county as `county init` leaves it, plus two departments.
enum OrgFixture {
    static let county = Fixture.county
    static let validCredit = "11510104MB0000001Q"
    static let existing: [Organization] = [
        Organization(code: "510104-GOV", county: county, name: "某市某区人民政府", kind: .countyGovernment),
        Organization(
            code: "510104100000", county: county, name: "白马镇", kind: .township(.town), parent: "510104-GOV"),
        Organization(
            code: "510104001000", county: county, name: "城关街道", kind: .township(.subdistrict), parent: "510104-GOV"),
        Organization(
            code: "D-01", county: county, name: "区委编办", kind: .department, parent: "510104-GOV",
            isEstablishmentOffice: true),
        Organization(code: "D-02", county: county, name: "区应急管理局", kind: .department, parent: "510104-GOV"),
    ]

    static func org(
        _ code: String, _ name: String, _ kind: OrganizationKind, parent: String? = nil, stationedAt: String? = nil,
        credit: String? = nil, establishment: Bool = false, justice: Bool = false
    ) -> Organization {
        Organization(
            code: code, county: county, name: name, kind: kind, parent: parent, stationedAt: stationedAt,
            creditCode: credit, isEstablishmentOffice: establishment, isJusticeBureau: justice)
    }
}

@Suite("OrganizationRules")
struct OrganizationRulesTests {
    static func add(_ org: Organization, to existing: [Organization] = OrgFixture.existing) -> OrganizationFailure? {
        do throws(OrganizationFailure) {
            _ = try OrganizationRules.add(org, to: existing)
            return nil
        } catch { return error }
    }

    @Test("each managed kind is added with the parent (and station) its kind needs")
    func addEachKind() throws {
        // setup
        let orgs = [
            OrgFixture.org("D-03", "区司法局", .department, credit: OrgFixture.validCredit, justice: true),
            OrgFixture.org("ZF-1", "白马镇综合行政执法中队", .enforcementSquad, parent: "510104100000"),
            OrgFixture.org("SP-1", "白马镇行政审批办公室", .approvalOffice, parent: "510104100000"),
            OrgFixture.org("PZ-1", "区应急管理局白马中队", .dispatchedAgency, parent: "D-02", stationedAt: "510104100000"),
        ]
        // act
        let failures = orgs.map { Self.add($0) }
        // check
        #expect(failures == [nil, nil, nil, nil])
    }

    @Test(
        "every way an organisation can be wrong is refused with its own failure and column",
        arguments: [
            (OrgFixture.org("D 3", "甲", .department), OrganizationFailure.invalidCode("D 3"), "code"),
            (OrgFixture.org("510104200000", "甲乡", .department), .regionCode("510104200000"), "code"),
            (OrgFixture.org("D-02", "甲", .department), .duplicateCode("D-02"), "code"),
            (OrgFixture.org("D-03", "", .department), .emptyName, "name"),
            (OrgFixture.org("D-03", "区应急管理局", .department), .duplicateName("区应急管理局"), "name"),
            (OrgFixture.org("G-2", "某政府", .countyGovernment), .notManaged("某政府"), "kind"),
            (OrgFixture.org("ZF-1", "中队", .enforcementSquad), .missingParent(kind: "综合执法中队"), "parent"),
            (
                OrgFixture.org("ZF-1", "中队", .enforcementSquad, parent: "D-02"),
                .wrongParent(kind: "综合执法中队", parent: "区应急管理局"), "parent"
            ),
            (
                OrgFixture.org("D-03", "乙局", .department, parent: "510104100000"),
                .wrongParent(kind: "区级部门", parent: "白马镇"), "parent"
            ),
            (
                OrgFixture.org("SP-1", "办", .approvalOffice, parent: "X-9"), .unknownReference(column: "parent", "X-9"),
                "parent"
            ),
            (OrgFixture.org("PZ-1", "所", .dispatchedAgency, parent: "D-02"), .missingStation, "stationed_at"),
            (
                OrgFixture.org("PZ-1", "所", .dispatchedAgency, parent: "D-02", stationedAt: "D-01"),
                .wrongStation("区委编办"), "stationed_at"
            ),
            (
                OrgFixture.org("PZ-1", "所", .dispatchedAgency, parent: "D-02", stationedAt: "Q-1"),
                .unknownReference(column: "stationed_at", "Q-1"), "stationed_at"
            ),
            (
                OrgFixture.org("D-03", "乙局", .department, stationedAt: "510104100000"), .stationNotAllowed,
                "stationed_at"
            ),
            (
                OrgFixture.org("D-03", "乙局", .department, credit: "11510104MB0000001X"),
                .invalidCreditCode("11510104MB0000001X"), "credit_code"
            ),
            (
                OrgFixture.org("SP-1", "办", .approvalOffice, parent: "510104100000", establishment: true),
                .flagNotAllowed(column: "establishment"), "establishment"
            ),
            (
                OrgFixture.org("SP-1", "办", .approvalOffice, parent: "510104100000", justice: true),
                .flagNotAllowed(column: "justice"), "justice"
            ),
            (
                OrgFixture.org("D-03", "乙局", .department, establishment: true),
                .secondEstablishmentOffice(existing: "区委编办"), "establishment"
            ),
        ])
    func refused(org: Organization, expected: OrganizationFailure, column: String) {
        // act
        let failure = Self.add(org)
        // check
        #expect(failure == expected)
        #expect(failure?.column == column)
        #expect(failure?.message.isEmpty == false)
    }

    @Test("a second justice bureau is refused; a retired one does not count")
    func secondJustice() {
        // setup
        var existing = OrgFixture.existing
        existing.append(OrgFixture.org("D-05", "区司法局", .department, justice: true))
        var retired = existing
        retired[retired.count - 1].retiredOn = Fixture.day("2023-01-01")
        let new = OrgFixture.org("D-06", "区司法行政局", .department, justice: true)
        // act
        let refused = Self.add(new, to: existing)
        let accepted = Self.add(new, to: retired)
        // check
        #expect(refused == .secondJusticeBureau(existing: "区司法局"))
        #expect(accepted == nil)
    }

    @Test("a rename keeps the code and refuses a name in use; a township is not renamed here")
    func rename() throws {
        // act
        let renamed = try OrganizationRules.rename("D-02", to: "区应急管理和消防局", in: OrgFixture.existing)
        var clash: OrganizationFailure?
        do throws(OrganizationFailure) {
            _ = try OrganizationRules.rename("D-02", to: "区委编办", in: OrgFixture.existing)
        } catch {
            clash = error
        }
        var township: OrganizationFailure?
        do throws(OrganizationFailure) {
            _ = try OrganizationRules.rename("510104100000", to: "白马街道", in: OrgFixture.existing)
        } catch { township = error }
        var unknown: OrganizationFailure?
        do throws(OrganizationFailure) {
            _ = try OrganizationRules.rename("D-99", to: "某局", in: OrgFixture.existing)
        } catch {
            unknown = error
        }
        // check
        #expect(renamed.code == "D-02" && renamed.name == "区应急管理和消防局" && renamed.kind == .department)
        #expect(clash == .duplicateName("区委编办"))
        #expect(township == .notManaged("白马镇"))
        #expect(unknown == .notFound("D-99"))
    }

    @Test("retiring sets the day; twice, or while active units hang under it, is refused")
    func retire() throws {
        // setup
        var existing = OrgFixture.existing
        existing.append(OrgFixture.org("PZ-1", "派驻所", .dispatchedAgency, parent: "D-02", stationedAt: "510104100000"))
        // act
        var blocked: OrganizationFailure?
        do throws(OrganizationFailure) {
            _ = try OrganizationRules.retire("D-02", on: Fixture.day("2024-01-01"), in: existing)
        } catch { blocked = error }
        let agency = try OrganizationRules.retire("PZ-1", on: Fixture.day("2024-01-01"), in: existing)
        existing[existing.count - 1] = agency
        let department = try OrganizationRules.retire("D-02", on: Fixture.day("2024-01-02"), in: existing)
        existing[4] = department
        var twice: OrganizationFailure?
        do throws(OrganizationFailure) {
            _ = try OrganizationRules.retire("D-02", on: Fixture.day("2024-01-03"), in: existing)
        } catch { twice = error }
        // check
        #expect(blocked == .activeChildren(name: "区应急管理局", children: ["派驻所"]))
        #expect(agency.retiredOn == Fixture.day("2024-01-01"))
        #expect(department.retiredOn == Fixture.day("2024-01-02"))
        #expect(twice == .alreadyRetired("区应急管理局"))
    }

    @Test("a retired organisation cannot be the parent of a new one")
    func retiredParent() {
        // setup
        var existing = OrgFixture.existing
        existing[4].retiredOn = Fixture.day("2023-01-01")
        let agency = OrgFixture.org("PZ-1", "派驻所", .dispatchedAgency, parent: "D-02", stationedAt: "510104100000")
        // act
        let failure = Self.add(agency, to: existing)
        // check
        #expect(failure == .retiredReference(column: "parent", "区应急管理局"))
    }

    @Test("a retired organisation gets no new account")
    func retiredAccount() {
        // setup
        var org = OrgFixture.existing[4]
        org.retiredOn = Fixture.day("2023-01-01")
        // act
        var failure: AccountFailure?
        do throws(AccountFailure) { try AccountRules.validate(role: .department, organization: org, person: nil) } catch
        {
            failure = error
        }
        // check
        #expect(failure == .organizationRetired("区应急管理局"))
    }
}
