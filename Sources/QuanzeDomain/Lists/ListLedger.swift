import Foundation

/// The rows a change writes: versions to supersede (by id) and versions to record.
public struct ListMutation: Hashable, Sendable {
    public var superseded: [String] = []
    public var inserted: [Assignment] = []

    public init(superseded: [String] = [], inserted: [Assignment] = []) {
        self.superseded = superseded
        self.inserted = inserted
    }
}

/// Pure rules for changing lists. The clock (`recordedAt`) and the ids are parameters, never ambient.
public enum ListLedger {
    /// Applies one change to the current versions of the township's entries it concerns.
    /// - Parameters:
    ///   - current: every current (not superseded) version of the township's entries for the change's item/list
    ///     (for `add`) or of the entry (for `end`, `amend`, `rewrite`).
    ///   - item: the item, for `add` (its status is checked), `amend` and `rewrite`.
    ///   - townshipKind: the unit's kind; with the item, the level rule (`Competence`) checks every entry the change
    ///     writes with a new mode. Every writer passes both (`ListService`).
    public static func apply(
        _ change: ListChange, county: String, current: [Assignment], item: PowerItem?, citation: Citation,
        recordedAt: Date, newId: () -> String, townshipKind: TownshipKind? = nil
    ) throws(ListFailure) -> ListMutation {
        func competent(_ mode: AssignmentMode, _ list: ListKind, _ itemCode: String) throws(ListFailure) {
            guard let item, item.code == itemCode, let townshipKind else { return }
            try Competence.check(mode: mode, list: list, item: item, township: townshipKind)
        }
        let decision = try check(citation, county: county)
        switch change {
        case .add(let township, let itemCode, let list, let terms, let from, let until):
            if let item, item.status != .active { throw .itemNotActive(item.code) }
            try validate(terms: terms, list: list)
            try checkCorrection(citation, itemCode: itemCode, result: terms.mode, corrected: nil)
            try competent(terms.mode, list, itemCode)
            try checkPeriod(from: from, until: until, decision: decision)
            for existing in current
            where existing.isCurrent && existing.itemCode == itemCode && existing.list == list
                && existing.township == township
            {
                if overlaps(existing.validFrom, existing.validTo, from, until) {
                    throw .overlapping(itemCode: itemCode, list: list, existingFrom: existing.validFrom)
                }
            }
            let id = newId()
            return ListMutation(inserted: [
                Assignment(
                    id: id, entryId: id, county: county, township: township, itemCode: itemCode, list: list,
                    mode: terms.mode, role: terms.role, partner: terms.partner, decision: decision?.number,
                    correctionReason: correctionReason(citation), validFrom: from, validTo: until,
                    recordedAt: recordedAt)
            ])

        case .withdraw(let township, let itemCode, let list, let day):
            let held = current.filter {
                $0.isCurrent && $0.township == township && $0.itemCode == itemCode && $0.list == list
            }
            // The entry in force on the day, provided it began before it: after an amendment the version in force
            // may start on the very day, while the entry itself started earlier.
            let holder = held.first { version in
                version.isInForce(on: day) && held.contains { $0.entryId == version.entryId && $0.validFrom < day }
            }
            guard let holder else { throw .notOnList(itemCode: itemCode, list: list, day: day) }
            return try apply(
                .end(entryId: holder.entryId, on: day), county: county, current: current, item: item,
                citation: citation,
                recordedAt: recordedAt, newId: newId, townshipKind: townshipKind)

        case .end(let entryId, let day):
            let versions = current.filter { $0.entryId == entryId && $0.isCurrent }
            guard !versions.isEmpty else { throw .unknownEntry(entryId) }
            if let decision, day < decision.date {
                throw .effectiveBeforeDecision(decision: decision.number, decisionDate: decision.date, from: day)
            }
            guard let first = versions.map(\.validFrom).min(), day > first,
                versions.contains(where: { $0.validTo.map { day < $0 } ?? true })
            else { throw .endOutsidePeriod(entryId: entryId, day: day) }
            var mutation = ListMutation()
            for version in versions {
                if version.validFrom >= day {
                    mutation.superseded.append(version.id)
                } else if version.validTo.map({ day <= $0 }) ?? true {
                    // A version ending exactly on the day (an amendment took effect that day) is recorded again so
                    // that the entry's last version carries the decision that ends it.
                    mutation.superseded.append(version.id)
                    var ended = version
                    ended.id = newId()
                    ended.validTo = day
                    ended.endDecision = decision?.number
                    ended.correctionReason = correctionReason(citation) ?? version.correctionReason
                    ended.recordedAt = recordedAt
                    mutation.inserted.append(ended)
                }
            }
            return mutation

        case .amend(let entryId, let terms, let day):
            let versions = current.filter { $0.entryId == entryId && $0.isCurrent }
            guard !versions.isEmpty else { throw .unknownEntry(entryId) }
            guard let version = versions.first(where: { $0.isInForce(on: day) }) else {
                throw .endOutsidePeriod(entryId: entryId, day: day)
            }
            try validate(terms: terms, list: version.list)
            try checkCorrection(citation, itemCode: version.itemCode, result: terms.mode, corrected: version)
            if terms.mode != version.mode { try competent(terms.mode, version.list, version.itemCode) }
            try checkPeriod(from: day, until: version.validTo, decision: decision)
            guard terms != version.terms else { throw .unchanged(entryId: entryId) }
            var mutation = ListMutation(superseded: [version.id])
            if version.validFrom < day {
                var before = version
                before.id = newId()
                before.validTo = day
                before.endDecision = decision?.number
                before.recordedAt = recordedAt
                mutation.inserted.append(before)
            }
            var after = version
            after.id = newId()
            after.mode = terms.mode
            after.role = terms.role
            after.partner = terms.partner
            after.validFrom = day
            after.decision = decision?.number
            after.correctionReason = correctionReason(citation)
            after.recordedAt = recordedAt
            mutation.inserted.append(after)
            return mutation

        case .rewrite(let entryId, let terms, let validFrom, let validTo):
            guard case .correction(let reason) = citation else { throw .rewriteNeedsCorrection }
            let versions = current.filter { $0.entryId == entryId && $0.isCurrent }.sorted {
                $0.validFrom < $1.validFrom
            }
            guard let first = versions.first else { throw .unknownEntry(entryId) }
            try validate(terms: terms, list: first.list)
            for version in versions {
                try checkCorrection(citation, itemCode: first.itemCode, result: terms.mode, corrected: version)
            }
            if terms.mode != first.mode { try competent(terms.mode, first.list, first.itemCode) }
            if let validTo, validTo <= validFrom { throw .emptyPeriod(from: validFrom, until: validTo) }
            for other in current
            where other.isCurrent && other.entryId != entryId && other.itemCode == first.itemCode
                && other.list == first.list && other.township == first.township
                && overlaps(other.validFrom, other.validTo, validFrom, validTo)
            {
                throw .overlapping(itemCode: first.itemCode, list: first.list, existingFrom: other.validFrom)
            }
            var corrected = first
            corrected.id = newId()
            corrected.mode = terms.mode
            corrected.role = terms.role
            corrected.partner = terms.partner
            corrected.validFrom = validFrom
            corrected.validTo = validTo
            corrected.endDecision = versions.last?.endDecision
            corrected.correctionReason = reason.trimmingSpaces()
            corrected.recordedAt = recordedAt
            return ListMutation(superseded: versions.map(\.id), inserted: [corrected])
        }
    }

    static func check(_ citation: Citation, county: String) throws(ListFailure) -> Decision? {
        switch citation {
        case .decision(let decision):
            guard decision.county == county else { throw .decisionNotForCounty(number: decision.number) }
            return decision
        case .correction(let reason):
            let meaningful = reason.filter { !$0.isWhitespace && $0 != "\u{3000}" }
            guard meaningful.count >= Citation.minimumReasonLength else { throw .correctionNeedsReason }
            return nil
        }
    }

    /// A 勘误 corrects what was recorded of an existing entry; it never makes a delegated entry. Its result may be
    /// 赋权 or 委托 only where the version it corrects already was, under a decision (a mode mistaken between the
    /// two is corrected against that decision); adding a delegated entry, or turning a 法定 entry or one recorded
    /// by correction into one, needs a decision of the right kind.
    static func checkCorrection(_ citation: Citation, itemCode: String, result: AssignmentMode, corrected: Assignment?)
        throws(ListFailure)
    {
        guard case .correction = citation, result != .statutory else { return }
        guard let corrected, corrected.mode != .statutory, corrected.decision != nil else {
            throw .correctionCannotDelegate(itemCode: itemCode, mode: result)
        }
    }

    static func correctionReason(_ citation: Citation) -> String? {
        if case .correction(let reason) = citation { return reason.trimmingSpaces() }
        return nil
    }

    static func checkPeriod(from: Day, until: Day?, decision: Decision?) throws(ListFailure) {
        if let until, until <= from { throw .emptyPeriod(from: from, until: until) }
        if let decision, from < decision.date {
            throw .effectiveBeforeDecision(decision: decision.number, decisionDate: decision.date, from: from)
        }
    }

    /// The rules that tie mode, role and partner to the list kind.
    public static func validate(terms: Assignment.Terms, list: ListKind) throws(ListFailure) {
        if list == .territorial {
            guard let role = terms.role else { throw .territorialNeedsRole }
            guard let partner = terms.partner, !partner.trimmingSpaces().isEmpty else {
                throw .partnerRequired(role)
            }
        } else if terms.role != nil {
            throw .roleOnlyForTerritorial
        }
        if list == .statutory && terms.mode != .statutory { throw .statutoryListNeedsStatutoryMode }
        if list == .empowerment && terms.mode == .statutory { throw .statutoryModeOnlyForStatutoryList }
    }

    static func overlaps(_ a0: Day, _ a1: Day?, _ b0: Day, _ b1: Day?) -> Bool {
        let aEndsAfterBStarts = a1.map { b0 < $0 } ?? true
        let bEndsAfterAStarts = b1.map { a0 < $0 } ?? true
        return aEndsAfterBStarts && bEndsAfterAStarts
    }
}
