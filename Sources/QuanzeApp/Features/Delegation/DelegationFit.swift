import Foundation
import QuanzeDomain
import QuanzePersistence

/// The capacity fit a township sees before it orders (DESIGN §4 step 4): item code → labels of the requirements
/// its unit does not hold on the day (expired certificates and seconded staff do not count).
enum DelegationFit {
    static func missing(items: [String], principal: Principal, services: AppServices) async throws -> [String: [String]]
    {
        guard let unit = principal.unit, !items.isEmpty else { return [:] }
        let fits = try await CapacityStore(services.database).fit(
            county: principal.county, unit: unit, itemCodes: items, on: services.today)
        return fits.mapValues { $0.filter { !$0.held }.map { "\($0.label)（\($0.evidence)）" } }
    }

    /// The same for the entries of an order, by proposal id.
    static func missing(for proposalIds: [String], principal: Principal, services: AppServices) async throws
        -> [String: [String]]
    {
        var items: [String] = []
        for id in proposalIds {
            if let p = try await DelegationStore(services.database).find(
                Proposal.self, county: principal.county, id: id)
            {
                items.append(p.itemCode)
            }
        }
        return try await missing(items: items, principal: principal, services: services)
    }
}
