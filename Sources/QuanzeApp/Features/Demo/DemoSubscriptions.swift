import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's subscriptions to the change feed (issue 16 point 2), all invented and written through
/// `SubscriptionService` as the accounts would: 大山铺镇 follows its own lists by e-mail, the market regulator its
/// items by WeChat, the government platform the whole county by webhook, and a member of the public has asked for
/// one item by e-mail — its confirmation mail goes through the outbox (the demo sends with the logging notifier, so
/// nothing leaves the machine).
enum DemoSubscriptions {
    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let service = SubscriptionService(database)
        let county = DemoDistrict.county
        guard try await service.subscriptions(county: county).isEmpty else { return }
        let dashanpu = Principal(username: "dashanpu", role: .township, county: county, organization: "510304100000")
        let shichang = Principal(username: "shichang", role: .department, county: county, organization: "510304-D03")
        let xitong = Principal(username: "xitong", role: .system, county: county, organization: "510304-GOV")
        _ = try await service.subscribe(
            channel: .email, target: "dashanpu@example.gov.cn", scope: .township, code: "510304100000",
            by: dashanpu, at: now)
        _ = try await service.subscribe(
            channel: .wechat, target: "oDemoShichang2023", scope: .department, code: "510304-D03", by: shichang,
            at: now)
        _ = try await service.subscribe(
            channel: .webhook, target: "https://zwfw.example.gov.cn/hooks/quanze", scope: .county, code: "", by: xitong,
            at: now)
        _ = try await service.subscribePublic(
            county: county, email: "resident@example.com", scope: .item, code: "DA-XK-0001",
            origin: "http://127.0.0.1:8080", at: now)
        try await service.deliver(using: LoggingNotifier(), clock: { now })
    }
}
