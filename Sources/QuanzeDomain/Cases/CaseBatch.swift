import Foundation

/// What an ingest did with each record of a batch.
public struct IngestResult: Codable, Sendable, Equatable {
    public struct Accepted: Codable, Sendable, Equatable {
        public var index: Int
        public var externalId: String
        /// created, updated, or unchanged (an older or equal source version: kept as it was).
        public var outcome: Outcome

        public init(index: Int, externalId: String, outcome: Outcome) {
            self.index = index
            self.externalId = externalId
            self.outcome = outcome
        }
    }

    public enum Outcome: String, Codable, Sendable {
        case created, updated, unchanged
    }

    public struct Rejected: Codable, Sendable, Equatable {
        public var index: Int
        public var externalId: String?
        public var reason: String

        public init(index: Int, externalId: String?, reason: String) {
            self.index = index
            self.externalId = externalId
            self.reason = reason
        }
    }

    public var accepted: [Accepted]
    public var rejected: [Rejected]

    public init(accepted: [Accepted], rejected: [Rejected]) {
        self.accepted = accepted
        self.rejected = rejected
    }

    public func count(_ outcome: Outcome) -> Int { accepted.reduce(0) { $0 + ($1.outcome == outcome ? 1 : 0) } }
}

/// What records are checked against: the county's item codes with their time limits, its townships, and the
/// holiday calendar. Read once per batch, before the batch's write transaction.
public struct CaseReference: Sendable {
    public var items: Set<String>
    /// The limit a record's due day is counted from: the item's promised limit, else its statutory one.
    public var limits: [String: TimeLimit]
    public var townships: Set<String>
    public var calendar: HolidayCalendar
    /// The dates a record may carry (`DateBounds`); unbounded unless the ingest sets them from its clock.
    public var bounds: DateBounds = .unbounded
    /// The items' categories: penalty checks apply to penalty items, the licensing limit to licensing items.
    public var categories: [String: ItemCategory]
    /// The 执法证 of the staff the batch names as officers (staff id → certificates), from the capacity records.
    public var certificates: [String: [Certificate]]

    public init(
        items: Set<String>, limits: [String: TimeLimit], townships: Set<String>, calendar: HolidayCalendar,
        categories: [String: ItemCategory] = [:], certificates: [String: [Certificate]] = [:]
    ) {
        self.items = items
        self.limits = limits
        self.townships = townships
        self.calendar = calendar
        self.categories = categories
        self.certificates = certificates
    }
}

/// The pure steps of an ingest (DESIGN §5): check a batch against the reference data, then merge it with the stored
/// versions of the same records. The store only reads and writes around them.
public enum CaseBatch {
    public typealias Indexed = (index: Int, record: CaseRecord)

    /// The key a record is unique by within a county.
    public static func key(source: String, externalId: String) -> String { source + "\u{1}" + externalId }

    /// Checks every record (catalogue, township, scope, dates, values) and rejects repeats of an external id within
    /// the batch. A valid record comes back with its due day fixed: the source's, else counted from the item's limit
    /// with the holiday calendar (nil: the item has no limit, so the record is never late); with its officers counted
    /// when it names them (those holding a 执法证 valid on the case's day); and with its compliance checks fixed.
    /// A case that breaks a check is accepted: the checks count, they never reject.
    public static func prepare(_ records: [Indexed], reference: CaseReference, scope: Set<String>?) -> (
        valid: [Indexed], rejected: [IngestResult.Rejected]
    ) {
        var seen = Set<String>()
        var valid: [Indexed] = []
        var rejected: [IngestResult.Rejected] = []
        valid.reserveCapacity(records.count)
        for (index, record) in records {
            if let why = CaseValidation.check(
                record, knownItems: reference.items, knownTownships: reference.townships, scope: scope,
                bounds: reference.bounds)
            {
                rejected.append(.init(index: index, externalId: record.externalId, reason: why.message))
            } else if !seen.insert(key(source: record.source, externalId: record.externalId)).inserted {
                rejected.append(
                    .init(
                        index: index, externalId: record.externalId,
                        reason: CaseRejection.duplicateInBatch(record.externalId).message))
            } else {
                var fixed = record
                fixed.dueOn = CaseDue.due(
                    record, limit: reference.limits[record.itemCode], calendar: reference.calendar)
                if let ids = record.officerIds, !ids.isEmpty {
                    fixed.officers = CaseCompliance.certifiedOfficers(
                        ids, on: record.caseDay, certificates: reference.certificates)
                }
                fixed.compliance = CaseCompliance.assess(
                    fixed, category: reference.categories[record.itemCode], calendar: reference.calendar)
                valid.append((index, fixed))
            }
        }
        return (valid, rejected)
    }

    /// The outcome of merging a checked batch with the stored records.
    public struct Merge: Sendable {
        public var accepted: [IngestResult.Accepted] = []
        /// The records to write (new, or newer than the stored version).
        public var writes: [CaseRecord] = []
        /// What to add to the indicator cells: a newer version removes exactly what the stored one added.
        public var deltas: [IndicatorCell] = []
    }

    /// Merges prepared records (due days fixed) with the stored versions of the same records, keyed by `key`. An
    /// older or equal source version never overwrites a newer one.
    public static func merge(_ prepared: [Indexed], existing: [String: CaseRecord], county: String) -> Merge {
        var merge = Merge()
        var cells: [String: IndicatorCell] = [:]
        func add(_ r: CaseRecord, sign: Int) {
            let key = r.township + "|" + r.itemCode + "|" + r.month
            var cell =
                cells[key] ?? IndicatorCell(county: county, township: r.township, itemCode: r.itemCode, month: r.month)
            cell.apply(r, due: r.dueOn, sign: sign)
            cells[key] = cell
        }
        merge.writes.reserveCapacity(prepared.count)
        for (index, record) in prepared {
            let outcome: IngestResult.Outcome
            if let old = existing[key(source: record.source, externalId: record.externalId)] {
                guard old.sourceVersion < record.sourceVersion else {
                    merge.accepted.append(.init(index: index, externalId: record.externalId, outcome: .unchanged))
                    continue
                }
                add(old, sign: -1)
                outcome = .updated
            } else {
                outcome = .created
            }
            merge.accepted.append(.init(index: index, externalId: record.externalId, outcome: outcome))
            add(record, sign: 1)
            merge.writes.append(record)
        }
        merge.deltas = cells.sorted { $0.key < $1.key }.map(\.value)  // a fixed order: see `CaseStore.addCells`
        return merge
    }
}
