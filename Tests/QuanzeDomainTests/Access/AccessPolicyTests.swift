import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Access policy")
struct AccessPolicyTests {
    static let own = "510304100000"
    static let other = "510304005000"
    /// A unit of another county (沿滩区's 仙市镇).
    static let foreign = "510311106000"

    static func principal(_ role: Role, unit: String? = nil, scope: Set<String> = []) -> Principal {
        Principal(
            username: "u", role: role, county: "510304", organization: unit ?? "510304-D01", unit: unit,
            tokenScope: scope)
    }

    /// The expected answer for every role and capability, written out: A = allowed, F = forbidden.
    /// Columns: staffSession manageAccounts manageSecurity readAudit viewUnit(own) viewUnit(other) editUnit(own)
    /// editUnit(other) writeFor(in scope) writeFor(out of scope) viewUnit(another county) editUnit(another county)
    /// viewCounty(own) viewCounty(another county) manageOrganizations manageRequirementVocabulary
    /// manageLegalBases.
    /// Township staff and officers sit in `own`.
    static let expected: [(Role, String)] = [
        (.establishment, "A F F F A A A A F F F F A F F A A"),
        (.justice, "A F F F A A F F F F F F A F F F F"),
        (.department, "A F F F F F F F F F F F F F F F F"),
        (.township, "A F F F A F A F F F F F F F F F F"),
        (.officer, "A F F F A F F F F F F F F F F F F"),
        (.supervisor, "A F F F A A F F F F F F A F F F F"),
        (.system, "F F F F F F F F A F F F F F F F F"),
        (.systemAdmin, "A A F F F F F F F F F F F F A F F"),
        (.securityAdmin, "A F A F F F F F F F F F F F F F F"),
        (.auditAdmin, "A F F A F F F F F F F F F F F F F"),
    ]

    @Test("every role × capability answers as the table says", arguments: Role.allCases)
    func table(role: Role) {
        // setup
        let unit: String? = role == .township || role == .officer ? Self.own : nil
        let principal = Self.principal(role, unit: unit, scope: [Self.own])
        let capabilities: [Capability] = [
            .staffSession, .manageAccounts, .manageSecurity, .readAudit, .viewUnit(county: "510304", unit: Self.own),
            .viewUnit(county: "510304", unit: Self.other), .editUnit(county: "510304", unit: Self.own),
            .editUnit(county: "510304", unit: Self.other), .writeFor(Self.own), .writeFor(Self.other),
            .viewUnit(county: "510311", unit: Self.foreign), .editUnit(county: "510311", unit: Self.foreign),
            .viewCounty("510304"), .viewCounty("510311"),
            .manageOrganizations,
            .manageRequirementVocabulary,
            .manageLegalBases,
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
        for capability in [Capability.staffSession, .readAudit, .viewUnit(county: "510304", unit: Self.own)] {
            do throws(AccessFailure) { try AccessPolicy.check(nil, capability) } catch { failures.append(error) }
        }
        var forbidden: AccessFailure?
        do throws(AccessFailure) {
            try AccessPolicy.check(
                Self.principal(.township, unit: Self.own), .viewUnit(county: "510304", unit: Self.other))
        } catch { forbidden = error }
        // check
        #expect(failures == [.notSignedIn, .notSignedIn, .notSignedIn])
        #expect(failures.first?.message == "请先登录")
        #expect(forbidden?.message.contains("其他单位") == true)
    }

    @Test("accounts are managed only within one's county and never an administrator's", arguments: Role.allCases)
    func accountTargets(target: Role) {
        // setup
        let sysadmin = Self.principal(.systemAdmin)
        let secadmin = Self.principal(.securityAdmin)
        // act
        let manageHere = AccessPolicy.allows(sysadmin, .manageAccount(county: "510304", role: target))
        let manageThere = AccessPolicy.allows(sysadmin, .manageAccount(county: "510311", role: target))
        let roleHere = AccessPolicy.allows(secadmin, .changeRole(county: "510304", role: target))
        let roleThere = AccessPolicy.allows(secadmin, .changeRole(county: "510311", role: target))
        let crossed = [
            AccessPolicy.allows(secadmin, .manageAccount(county: "510304", role: target)),
            AccessPolicy.allows(sysadmin, .changeRole(county: "510304", role: target)),
        ]
        // check
        #expect(manageHere == !target.isAdministrator)
        #expect(roleHere == !target.isAdministrator)
        #expect(!manageThere && !roleThere, "another county's accounts are out of reach")
        #expect(crossed == [false, false], "each administrator keeps to its own duty")
    }

    @Test("a token's scopes cover its area, writing includes reading; sessions need none")
    func tokenScopes() throws {
        // setup
        let granted: Set<TokenScope> = [
            try #require(TokenScope("cases:write")), try #require(TokenScope("delegation:read")),
        ]
        let token = Principal(
            username: "t", role: .establishment, county: "510304", organization: "D01", tokenScopes: granted)
        let session = Self.principal(.establishment)
        let needed = ["cases:write", "cases:read", "delegation:read", "delegation:write", "capacity:read"].map {
            TokenScope($0)!
        }
        // act
        let answers = needed.map { AccessPolicy.allows(token, .apiScope($0)) }
        var refusal: AccessFailure?
        do throws(AccessFailure) { try AccessPolicy.check(token, .apiScope(needed[3])) } catch { refusal = error }
        // check
        #expect(answers == [true, true, true, false, false])
        #expect(needed.allSatisfy { AccessPolicy.allows(session, .apiScope($0)) })
        #expect(refusal?.message.contains("delegation:write") == true, "the refusal names the missing scope")
    }

    @Test("every API request maps to the scope it needs by one rule")
    func requiredScopes() {
        // setup
        let cases: [(String, String, String?)] = [
            ("POST", "/api/v1/cases", "cases:write"), ("POST", "/api/v1/cases/import", "cases:write"),
            ("GET", "/api/v1/delegation/orders", "delegation:read"),
            ("POST", "/api/v1/delegation/proposals", "delegation:write"),
            ("GET", "/api/v1/units/510304100000/capacity", "units:read"), ("GET", "/api/v1/capacity", "capacity:read"),
            ("GET", "/townships/510304100000", nil), ("POST", "/units/510304100000/contact", nil),
            ("POST", "/api/v1/items", "items:write"),
        ]
        // act
        let answers = cases.map { TokenScope.required(method: $0.0, path: $0.1)?.description }
        // check
        #expect(answers == cases.map(\.2))
        #expect(TokenScope("items:write") == nil, "an area no token can be scoped to cannot be granted")
        #expect(TokenScope.parseList(["cases:write,delegation:read", "bogus"]).unknown == ["bogus"])
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
