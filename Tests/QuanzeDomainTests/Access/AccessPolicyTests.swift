import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Access policy")
struct AccessPolicyTests {
    static let own = "510304100000"
    static let other = "510304005000"

    static func principal(_ role: Role, unit: String? = nil, scope: Set<String> = []) -> Principal {
        Principal(
            username: "u", role: role, county: "510304", organization: unit ?? "510304-D01", unit: unit,
            tokenScope: scope)
    }

    /// The expected answer for every role and capability, written out: A = allowed, F = forbidden.
    /// Columns: staffSession manageAccounts manageSecurity readAudit viewUnit(own) viewUnit(other) editUnit(own)
    /// editUnit(other) writeFor(in scope) writeFor(out of scope) manageRequirementVocabulary. Township staff and
    /// officers sit in `own`.
    static let expected: [(Role, String)] = [
        (.establishment, "A F F F A A A A F F A"),
        (.justice, "A F F F A A F F F F F"),
        (.department, "A F F F F F F F F F F"),
        (.township, "A F F F A F A F F F F"),
        (.officer, "A F F F A F F F F F F"),
        (.supervisor, "A F F F A A F F F F F"),
        (.system, "F F F F F F F F A F F"),
        (.systemAdmin, "A A F F F F F F F F F"),
        (.securityAdmin, "A F A F F F F F F F F"),
        (.auditAdmin, "A F F A F F F F F F F"),
    ]

    @Test("every role × capability answers as the table says", arguments: Role.allCases)
    func table(role: Role) {
        // setup
        let unit: String? = role == .township || role == .officer ? Self.own : nil
        let principal = Self.principal(role, unit: unit, scope: [Self.own])
        let capabilities: [Capability] = [
            .staffSession, .manageAccounts, .manageSecurity, .readAudit, .viewUnit(Self.own), .viewUnit(Self.other),
            .editUnit(Self.own), .editUnit(Self.other), .writeFor(Self.own), .writeFor(Self.other),
            .manageRequirementVocabulary,
        ]
        let row = Self.expected.first { $0.0 == role }!.1.split(separator: " ").map { $0 == "A" }
        // act
        let answers = capabilities.map { AccessPolicy.allows(principal, $0) }
        // check
        #expect(answers == row, "\(role)")
        #expect(Self.expected.count == Role.allCases.count)
    }

    @Test("the public is never signed in; refusals name the reason in Chinese")
    func anonymous() {
        // act
        var failures: [AccessFailure] = []
        for capability in [Capability.staffSession, .readAudit, .viewUnit(Self.own)] {
            do throws(AccessFailure) { try AccessPolicy.check(nil, capability) } catch { failures.append(error) }
        }
        var forbidden: AccessFailure?
        do throws(AccessFailure) {
            try AccessPolicy.check(Self.principal(.township, unit: Self.own), .viewUnit(Self.other))
        } catch { forbidden = error }
        // check
        #expect(failures == [.notSignedIn, .notSignedIn, .notSignedIn])
        #expect(failures.first?.message == "请先登录")
        #expect(forbidden?.message.contains("其他单位") == true)
    }

    @Test("a squad or approval office belongs to its township; other organisations to none")
    func units() {
        // setup
        let squad = Organization(
            code: "510304100000-ZF", county: "510304", name: "中队", kind: .enforcementSquad, parent: Self.own)
        let office = Organization(
            code: "510304100000-SP", county: "510304", name: "审批办", kind: .approvalOffice, parent: Self.own)
        let town = Organization(code: Self.own, county: "510304", name: "大山铺镇", kind: .township(.town))
        let department = Organization(code: "510304-D03", county: "510304", name: "市场监管局", kind: .department)
        // act / check
        #expect(Principal.unit(of: squad) == Self.own)
        #expect(Principal.unit(of: office) == Self.own)
        #expect(Principal.unit(of: town) == Self.own)
        #expect(Principal.unit(of: department) == nil)
    }
}

@Suite("Account rules")
struct AccountRulesTests {
    static let orgs: [String: Organization] = [
        "establishment": Organization(
            code: "D01", county: "510304", name: "编办", kind: .department, isEstablishmentOffice: true),
        "justice": Organization(code: "D02", county: "510304", name: "司法局", kind: .department, isJusticeBureau: true),
        "department": Organization(code: "D03", county: "510304", name: "市场监管局", kind: .department),
        "town": Organization(code: "510304100000", county: "510304", name: "大山铺镇", kind: .township(.town)),
        "squad": Organization(
            code: "510304100000-ZF", county: "510304", name: "中队", kind: .enforcementSquad, parent: "510304100000"),
        "agency": Organization(code: "A01", county: "510304", name: "市场监管所", kind: .dispatchedAgency),
        "government": Organization(code: "GOV", county: "510304", name: "区政府", kind: .countyGovernment),
    ]

    /// Which organisations each role may be bound to (Y/N), in the order of `columns`.
    static let columns = ["establishment", "justice", "department", "town", "squad", "agency", "government"]
    static let fits: [(Role, String)] = [
        (.establishment, "Y N N N N N N"),
        (.justice, "N Y N N N N N"),
        (.department, "Y Y Y N N N N"),
        (.township, "N N N Y Y N N"),
        (.officer, "Y Y Y Y Y Y N"),
        (.supervisor, "Y Y Y Y Y Y Y"),
        (.system, "Y Y Y Y Y Y Y"),
        (.systemAdmin, "Y Y Y Y Y Y Y"),
        (.securityAdmin, "Y Y Y Y Y Y Y"),
        (.auditAdmin, "Y Y Y Y Y Y Y"),
    ]

    @Test("each role fits the organisations the table names", arguments: Role.allCases)
    func fit(role: Role) {
        // setup
        let row = Self.fits.first { $0.0 == role }!.1.split(separator: " ").map { $0 == "Y" }
        let person: String? = role == .officer ? "P-001" : nil
        // act
        let answers = Self.columns.map { key -> Bool in
            do throws(AccountFailure) {
                try AccountRules.validate(role: role, organization: Self.orgs[key]!, person: person)
                return true
            } catch { return false }
        }
        // check
        #expect(answers == row, "\(role)")
    }

    @Test("officers are bound to a person and only officers are")
    func persons() {
        // act
        var errors: [AccountFailure] = []
        for (role, person) in [(Role.officer, nil), (.officer, "  "), (.township, "P-1")] as [(Role, String?)] {
            do throws(AccountFailure) {
                try AccountRules.validate(role: role, organization: Self.orgs["town"]!, person: person)
            } catch { errors.append(error) }
        }
        // check
        #expect(errors == [.officerNeedsPerson, .officerNeedsPerson, .personOnlyForOfficers])
    }

    @Test(
        "usernames: 3–32 lower-case letters, digits, dot, underscore, hyphen; a letter first",
        arguments: [
            ("bianban", true), ("ab", false), ("a23", true), ("1abc", false), ("Zhang", false), ("zhang.san_1-x", true),
            ("张三", false), ("a b", false), (String(repeating: "a", count: 32), true),
            (String(repeating: "a", count: 33), false), ("", false),
        ])
    func usernames(name: String, valid: Bool) {
        // act
        var ok = true
        do throws(AccountFailure) { try AccountRules.validateUsername(name) } catch { ok = false }
        // check
        #expect(ok == valid, "\(name)")
    }

    @Test("only business roles are grantable on the web; administrators are the three 三员")
    func grantable() {
        #expect(Set(Role.grantable).intersection(Role.allCases.filter(\.isAdministrator)).isEmpty)
        #expect(Role.allCases.filter(\.isAdministrator) == [.systemAdmin, .securityAdmin, .auditAdmin])
        #expect(Role.allCases.filter { !$0.mayUseWebLogin } == [.system])
    }
}
