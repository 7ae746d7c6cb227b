import Foundation
import QuanzeDomain
import QuanzePersistence

/// One demo account per role (only with `--demo`), all with the documented demo password, and one API token of
/// the demo's integrating system. README tells to change them: anyone who reads the README knows them.
public enum DemoAccounts {
    public static let password = "Daan@2023-demo"
    /// The demo system's API token (documented; revoke it on any real deployment).
    public static let token = "qzt_demo_daan_2023_change_me_0000000000000000000000000000000000"

    /// (username, display name, role, organisation code, person).
    static let accounts: [(String, String, Role, String, String?)] = [
        ("bianban", "区委编办 李明", .establishment, "510304-D01", nil),
        ("sifa", "区司法局 王丽", .justice, "510304-D02", nil),
        ("shichang", "区市场监管局 赵强", .department, "510304-D03", nil),
        ("yingji", "区应急管理局 孙伟", .department, "510304-D04", nil),
        ("dashanpu", "大山铺镇 陈静", .township, "510304100000", nil),
        ("heping", "和平街道 刘洋", .township, "510304005000", nil),
        ("zhifa", "大山铺镇执法中队 周勇", .officer, "510304100000-ZF", "ZF-510304100-001"),
        ("jiandu", "区纪委监委 吴敏", .supervisor, "510304-GOV", nil),
        ("xitong", "一体化政务服务平台", .system, "510304-GOV", nil),
        ("sysadmin", "系统管理员 郑凯", .systemAdmin, "510304-GOV", nil),
        ("secadmin", "安全管理员 冯洁", .securityAdmin, "510304-GOV", nil),
        ("auditadmin", "审计管理员 何平", .auditAdmin, "510304-GOV", nil),
    ]

    /// Creates the accounts that do not exist yet (and the demo token). Returns how many it created.
    @discardableResult
    public static func ensure(_ database: any Database, bcryptCost: Int, now: Date) async throws -> Int {
        let store = AccountStore(database)
        let hash = try await Passwords.hash(password, cost: bcryptCost)
        var created = 0
        for (username, name, role, org, person) in accounts where try await store.find(username) == nil {
            try await store.create(
                Account(
                    username: username, county: DemoDistrict.county, displayName: name, role: role, organization: org,
                    person: person, passwordHash: hash, passwordChangedAt: now, createdAt: now), by: .system, at: now)
            created += 1
        }
        let tokens = TokenStore(database)
        if try await tokens.authenticate(token, at: now) == nil {
            let scope = DemoDistrict.organizations().filter { Principal.unit(of: $0) != nil }.map(\.code)
            _ = try await tokens.create(
                for: "xitong", name: "演示：一体化政务服务平台办件推送", scope: scope, county: DemoDistrict.county, by: .system,
                at: now, secret: token)
        }
        return created
    }
}
