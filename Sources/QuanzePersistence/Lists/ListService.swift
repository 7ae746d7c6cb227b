import Foundation
import QuanzeDomain
import SQLKit

/// What a change to lists cites, before it is resolved against the register.
public enum CitationRequest: Sendable, Hashable {
    case decision(String)
    case correction(reason: String)
}

/// Failures of applying list changes that are not domain rules.
public enum ListServiceFailure: Error, Equatable, Sendable {
    case unknownDecision(String)
    case unknownItem(String)
    case unknownTownship(String)
    case rule(ListFailure, index: Int)

    public var message: String {
        switch self {
        case .unknownDecision(let n): "决定文号“\(n)”尚未登记"
        case .unknownItem(let c): "事项目录中没有事项“\(c)”"
        case .unknownTownship(let t): "本区县没有镇街“\(t)”"
        case .rule(let failure, let index): index > 0 ? "第 \(index) 项变更：\(failure.message)" : failure.message
        }
    }
}

/// Applies list changes the one way every writer uses (API, import, demo): in one transaction, through the pure
/// `ListLedger`, with one audit entry for the batch.
public struct ListService: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    /// Applies `changes` (all citing the same decision or correction) atomically.
    /// - Returns: the versions it recorded.
    @discardableResult
    public func apply(
        _ changes: [ListChange], county: String, citation: CitationRequest, actor: Actor, at now: Date,
        action: String = "list.change"
    ) async throws -> [Assignment] {
        try await database.transaction { db in
            try await Self.apply(
                changes, county: county, citation: citation, actor: actor, at: now, action: action, on: db)
        }
    }

    /// What one transaction has read and written so far: the current versions of the townships' entries, the
    /// county's townships, the decisions and items cited, the audit chain's head. A caller that applies many small
    /// batches in one transaction (the delegation lifecycle starting a county decision for 15 townships) passes
    /// one, so each is read once; it must then make every list change and audit entry of that transaction with it.
    final class WorkingSet {
        var townships: [String: [Assignment]] = [:]
        var entryTownship: [String: String] = [:]
        var countyTownships: Set<String>?
        /// Each township's kind (镇, 乡, 街道 …): the level rule depends on it.
        var townshipKinds: [String: TownshipKind] = [:]
        /// Each township's name, for the change feed's sentences.
        var townshipNames: [String: String] = [:]
        var decisions: [String: Decision] = [:]
        var items: [String: PowerItem] = [:]
        let chain: AuditStore.ChainCursor

        /// `deferringAudit`: the owner writes the audit entries at the end (`chain.flush`), before committing.
        init(deferringAudit: Bool = false) { chain = AuditStore.ChainCursor(deferring: deferringAudit) }

        /// A registered decision (read once; an unregistered one is looked up again, as it may be registered later).
        func decision(county: String, number: String, on db: any SQLDatabase) async throws -> Decision? {
            if let known = decisions[number] { return known }
            let found = try await DecisionStore.find(county: county, number: number, on: db)
            decisions[number] = found
            return found
        }
    }

    /// The same inside a caller's transaction (imports that write several things at once).
    @discardableResult
    static func apply(
        _ changes: [ListChange], county: String, citation request: CitationRequest, actor: Actor, at now: Date,
        action: String, working set: WorkingSet = WorkingSet(), on db: any SQLDatabase
    ) async throws -> [Assignment] {
        let citation: Citation
        switch request {
        case .decision(let number):
            guard let d = try await set.decision(county: county, number: number, on: db) else {
                throw ListServiceFailure.unknownDecision(number)
            }
            citation = .decision(d)
        case .correction(let reason):
            citation = .correction(reason: reason)
        }
        let townships: Set<String>
        if let known = set.countyTownships {
            townships = known
        } else {
            for row in try await db.raw(
                "SELECT code, name, kind FROM regions WHERE county = \(bind: county) AND level = 'township'"
            ).all() {
                let code = try row.decode(column: "code", as: String.self)
                set.townshipNames[code] = try row.decode(column: "name", as: String.self)
                // A region recorded without its kind is classified as `county init` does (name, then code range).
                set.townshipKinds[code] =
                    try row.decode(column: "kind", as: String?.self).flatMap(TownshipKind.init(rawValue:))
                    ?? RegionCode(code).map {
                        TownshipKind.classify(code: $0, name: (try? row.decode(column: "name", as: String.self)) ?? "")
                    } ?? .other
            }
            townships = Set(set.townshipKinds.keys)
            set.countyTownships = townships
        }
        let itemCodes = Set(
            changes.compactMap { change -> String? in
                if case .add(_, let item, _, _, _, _) = change { return item }
                return nil
            })
        let unread = itemCodes.filter { set.items[$0] == nil }
        if !unread.isEmpty {
            for item in try await ItemStore.items(county: county, codes: Array(unread), on: db) {
                set.items[item.code] = item
            }
        }
        let items = set.items
        var touched = Set<String>()
        var recorded: [Assignment] = []
        var superseded: [String] = []
        var made: [(ListChange, [Assignment])] = []
        for (index, change) in changes.enumerated() {
            let township: String
            var item: PowerItem?
            switch change {
            case .add(let t, let code, _, _, _, _):
                township = t.value
                guard townships.contains(township) else { throw ListServiceFailure.unknownTownship(township) }
                guard let i = items[code] else { throw ListServiceFailure.unknownItem(code) }
                item = i
            case .withdraw(let t, _, _, _):
                township = t.value
                guard townships.contains(township) else { throw ListServiceFailure.unknownTownship(township) }
            case .end(let entryId, _), .amend(let entryId, _, _), .rewrite(let entryId, _, _, _):
                if let t = set.entryTownship[entryId] {
                    township = t
                } else {
                    guard
                        let t = try await db.raw(
                            "SELECT township FROM assignments WHERE county = \(bind: county) AND entry_id = \(bind: entryId) LIMIT 1"
                        ).first()?.decode(column: "township", as: String.self)
                    else {
                        throw ListServiceFailure.rule(.unknownEntry(entryId), index: changes.count > 1 ? index + 1 : 0)
                    }
                    township = t
                }
            }
            if set.townships[township] == nil, let code = RegionCode(township) {
                let current = try await ListStore.current(county: county, township: code, on: db)
                set.townships[township] = current
                for a in current { set.entryTownship[a.entryId] = township }
            }
            touched.insert(township)
            // A change of an entry's mode is checked against its item's competent level as an addition is.
            switch change {
            case .amend(let entryId, _, _), .rewrite(let entryId, _, _, _):
                if let code = set.townships[township]?.first(where: { $0.entryId == entryId })?.itemCode {
                    if set.items[code] == nil {
                        for i in try await ItemStore.items(county: county, codes: [code], on: db) {
                            set.items[i.code] = i
                        }
                    }
                    item = set.items[code]
                }
            default: break
            }
            let mutation: ListMutation
            do throws(ListFailure) {
                mutation = try ListLedger.apply(
                    change, county: county, current: set.townships[township] ?? [], item: item, citation: citation,
                    recordedAt: now, newId: { UUID().uuidString.lowercased() },
                    townshipKind: set.townshipKinds[township] ?? .other)
            } catch {
                throw ListServiceFailure.rule(error, index: changes.count > 1 ? index + 1 : 0)
            }
            let gone = Set(mutation.superseded)
            set.townships[township] =
                (set.townships[township] ?? []).filter { !gone.contains($0.id) } + mutation.inserted
            for a in mutation.inserted { set.entryTownship[a.entryId] = township }
            try await ListStore.write(mutation, county: county, at: now, on: db)
            recorded += mutation.inserted
            superseded += mutation.superseded
            made.append((change, mutation.inserted))
        }
        try await appendEvents(made, county: county, citation: citation, at: now, set: set, on: db)
        let cited: String
        switch citation {
        case .decision(let d): cited = "依据 \(d.number)"
        case .correction(let reason): cited = "勘误：\(reason)"
        }
        try await AuditStore.append(
            AuditEvent(
                county: county, actor: actor, at: now, action: action, subject: cited,
                detail: "\(changes.count) 项变更，涉及 \(touched.count) 个镇街，写入 \(recorded.count) 条记录",
                before: superseded.joined(separator: ","),
                after: recorded.map { "\($0.id):\($0.entryId):\($0.validFrom.iso)" }.joined(separator: ",")),
            cursor: set.chain, on: db)
        return recorded
    }

    /// The change feed's events for what this call changed, in the same transaction.
    private static func appendEvents(
        _ made: [(ListChange, [Assignment])], county: String, citation: Citation, at now: Date, set: WorkingSet,
        on db: any SQLDatabase
    ) async throws {
        let missing = Set(made.flatMap { $0.1.map(\.itemCode) }).filter { set.items[$0] == nil }
        if !missing.isEmpty {
            for item in try await ItemStore.items(county: county, codes: Array(missing), on: db) {
                set.items[item.code] = item
            }
        }
        let events = made.compactMap { change, inserted -> ChangeEvent? in
            guard let first = inserted.first else { return nil }
            let item = set.items[first.itemCode]
            return ChangeEvent.of(
                change, inserted: inserted, citation: citation,
                townshipName: set.townshipNames[first.township.value] ?? first.township.value, itemName: item?.name,
                department: item?.departmentCode, at: now)
        }
        try await ChangeFeedStore.append(events, on: db)
    }
}
