import Foundation
import QuanzeDomain
import SQLKit

extension DelegationService.Batch {
    /// Registers the delegations a county's existing lists hold (存量): one record in force per township × item that
    /// the entries give as 赋权 or 委托, citing their decision, from their first day, on the lists they stand on.
    /// A township × item that already has a running delegation keeps it, and one whose entries all ended before the
    /// import day (history, not lists in force) gets none. One audit entry for all of them.
    func registerLegacy(
        _ entries: [AssignmentImport.Entry], townships: [RegionCode: String], actor: Actor, at now: Date
    ) async throws {
        struct Held {
            var mode: DelegationMode
            var decision: String
            var partner: String?
            var from: Day
            var until: Day?
            var lists: [ListKind]
            var evaluationMonths: Int?
            var lastEvaluated: Day?
        }
        var held: [String: Held] = [:]
        var order: [String] = []
        for entry in entries {
            guard case .add(let township, let itemCode, let list, let terms, let from, let until) = entry.change,
                let mode = DelegationMode(terms.mode), let decision = entry.decisionNumber
            else { continue }
            let key = township.value + "|" + itemCode
            if var known = held[key] {
                known.lists.append(list)
                if from < known.from { known.from = from }
                if let until, known.until.map({ until > $0 }) ?? true { known.until = until }
                known.partner = known.partner ?? terms.partner
                known.evaluationMonths = known.evaluationMonths ?? entry.evaluationMonths
                known.lastEvaluated = [known.lastEvaluated, entry.lastEvaluated].compactMap { $0 }.max()
                held[key] = known
            } else {
                held[key] = Held(
                    mode: mode, decision: decision, partner: terms.partner, from: from, until: until, lists: [list],
                    evaluationMonths: entry.evaluationMonths, lastEvaluated: entry.lastEvaluated)
                order.append(key)
            }
        }
        guard !order.isEmpty else { return }
        try await flush()
        let running = Set(
            try await DelegationStore.list(
                Delegation.self, county: county, states: [Delegation.State.active.rawValue], on: db
            ).map { $0.unit + "|" + $0.itemCode })
        // The import day in China time, from the injected record time.
        let importDay = Day(ordinal: Int(now.timeIntervalSince1970 + 8 * 3600) / 86400)
        var ids: [String] = []
        for key in order where !running.contains(key) {
            guard let h = held[key], h.until.map({ $0 > importDay }) ?? true else { continue }
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            guard let township = RegionCode(parts[0]) else { continue }
            let item = try await item(parts[1])
            // 委托: the department in whose name the township acts; 赋权: the item's competent department.
            let departmentText = h.mode == .entrusted ? (h.partner ?? item.department) : item.department
            let department = try await organization(codeOrName: departmentText)
            let unitName = try await organization(township.value)?.name ?? townships[township] ?? township.value
            let delegation = Delegation.legacy(
                id: try await nextId(.delegation), county: county, decision: h.decision, mode: h.mode, item: item,
                department: (department?.code ?? departmentText, department?.name ?? departmentText),
                unit: (township.value, unitName), effectiveOn: h.from, until: h.until, lists: h.lists, by: actor,
                at: now, evaluationMonths: h.evaluationMonths,
                evaluationsFrom: h.lastEvaluated ?? max(importDay, h.from))
            try save(delegation, at: now)
            ids.append(delegation.id)
        }
        guard !ids.isEmpty else { return }
        try await AuditStore.append(
            AuditEvent(
                county: county, actor: actor, at: now, action: "delegation.legacy", subject: ids.first ?? "",
                detail: "随现有清单登记存量下放事项 \(ids.count) 项", after: ids.joined(separator: ",")),
            cursor: lists.chain, on: db)
    }
}
