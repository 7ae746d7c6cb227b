import Foundation
import QuanzeDomain
import QuanzePersistence

/// Which delegated entries are in their transition period on a day (the transition statement of the responsibility
/// data), for the list and item pages and the API, and which items were taken back (上级部门收回).
struct TransitionNotes: Sendable {
    let delegations: [Delegation]
    let day: Day

    static func load(county: String, unit: String? = nil, item: String? = nil, on day: Day, services: AppServices)
        async throws -> TransitionNotes
    {
        TransitionNotes(
            delegations: try await DelegationStore(services.database).list(
                Delegation.self, county: county, unit: unit, item: item),
            day: day)
    }

    /// The note for an entry of a township, or nil when it is not in transition on the day: the transition
    /// statement of the mode (the department's duty to guide and support), from the responsibility data.
    func note(township: String, item: String) -> String? {
        guard
            let d = delegations.first(where: {
                $0.unit == township && $0.itemCode == item && $0.inTransition(on: day)
            })
        else { return nil }
        return (try? LegalGroundsData.responsibility(d.mode))?.filled(delegation: d).transition
    }

    /// Items taken back from a township by the day: the 上级部门收回 part of its lists.
    func recalled(township: String) -> [Delegation] {
        delegations.filter { $0.unit == township && $0.state == .recalled && ($0.endedOn.map { $0 <= day } ?? false) }
    }
}
