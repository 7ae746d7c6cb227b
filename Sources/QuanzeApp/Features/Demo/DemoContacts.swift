import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo units' public contact details — the office address, public telephone and office hours a unit enters on
/// `/units/{code}` — saved through the same store call as that form (`UnitContactStore.save`, one audit entry each).
/// They are placeholders and say so: the address names the unit's 便民服务中心 and is marked 演示, and the
/// telephone numbers (0813-000xxxx) are not numbers any exchange gives out.
enum DemoContacts {
    static let hours = "工作日上午9:00至12:00，下午14:00至17:30"

    static func contact(unit: String, name: String, index: Int) -> UnitContact {
        UnitContact(
            unit: unit, address: "\(name)便民服务中心（演示地址）", phone: "0813-000\(String(format: "%04d", index + 1))",
            hours: hours)
    }

    /// Saves a contact for every township of the demo county that has none yet.
    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let store = UnitContactStore(database)
        let townships = try await RegionStore(database).townships(county: county).map(\.0)
        for (index, region) in townships.sorted(by: { $0.code.value < $1.code.value }).enumerated()
        where try await store.find(county: county, unit: region.code.value) == nil {
            try await store.save(
                contact(unit: region.code.value, name: region.name, index: index), county: county, by: .system, at: now)
        }
    }
}
