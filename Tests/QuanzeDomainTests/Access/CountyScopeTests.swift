import Testing

@testable import QuanzeDomain

/// Which counties an account reaches, by the level its division code names (GB/T 2260).
@Suite("County scope of an account")
struct CountyScopeTests {
    @Test("the level is the code's own: 0000 a province, 00 a city, else a county")
    func levels() {
        #expect(CountyScope.level(of: "510000") == .province)
        #expect(CountyScope.level(of: "510300") == .city)
        #expect(CountyScope.level(of: "510304") == .county)
        #expect(CountyScope.level(of: "110101") == .county)
    }

    @Test(
        "a county reaches itself, a city its counties, a province its cities' counties; nobody a city as a county",
        arguments: [
            ("510304", "510304", true), ("510304", "510311", false), ("510300", "510304", true),
            ("510300", "510311", true), ("510300", "510107", false), ("510000", "510107", true),
            ("510000", "510304", true), ("510000", "110101", false), ("510300", "510300", false),
            ("510000", "510300", false), ("510300", "51030", false), ("51030", "510304", false),
        ])
    func covers(scope: String, county: String, expected: Bool) {
        #expect(CountyScope.covers(scope, county) == expected)
    }

    @Test("a city or province account is 编办 or supervisor; a county account any role", arguments: Role.allCases)
    func roles(role: Role) {
        for (scope, level) in [("510300", CountyScope.Level.city), ("510000", .province)] {
            do throws(AccountFailure) {
                try CountyScope.validate(role: role, scope: scope)
                #expect(role == .establishment || role == .supervisor, "\(role) at \(scope)")
            } catch {
                #expect(error == .crossCountyRole(role: role, level: level))
                #expect(role != .establishment && role != .supervisor)
            }
        }
        #expect(throws: Never.self) { try CountyScope.validate(role: role, scope: "510304") }
    }

    @Test("the refusals say which county and which division, in Chinese")
    func messages() {
        #expect(
            CountyScopeFailure.outside(county: "510107", scope: "510300").message
                == "本账号（510300）只能查阅所辖区县的数据，510107 不在其中")
        #expect(CountyScopeFailure.readOnly(level: .province).message == "省级账号只能查阅所辖区县的数据，不能在区县办理或修改")
        #expect(
            AccountFailure.crossCountyRole(role: .township, level: .city).message
                == "市级账号只能是编办或监督/第三方角色（跨区县查阅），不能是“镇街”")
    }
}
