import Foundation

/// One recorded version of one list entry (清单条目). Lists are bitemporal: `validFrom..<validTo` is when the
/// entry is in force (valid time); `recordedAt..<supersededAt` is when the system said so (record time).
/// A change never edits a version: it supersedes it and records new versions.
public struct Assignment: Hashable, Sendable, Codable {
    /// The version's own id.
    public var id: String
    /// The logical entry this version belongs to; stays the same over amendments and corrections.
    public var entryId: String
    public var county: String
    public var township: RegionCode
    public var itemCode: String
    public var list: ListKind
    public var mode: AssignmentMode
    public var role: TerritorialRole?
    public var partner: String?
    /// The decision that put this version in force, or nil for a correction.
    public var decision: String?
    /// The decision that ended it (set when `validTo` is set by a decision).
    public var endDecision: String?
    public var correctionReason: String?
    public var validFrom: Day
    public var validTo: Day?
    public var recordedAt: Date
    public var supersededAt: Date?

    public init(
        id: String, entryId: String, county: String, township: RegionCode, itemCode: String, list: ListKind,
        mode: AssignmentMode, role: TerritorialRole? = nil, partner: String? = nil, decision: String?,
        endDecision: String? = nil, correctionReason: String? = nil, validFrom: Day, validTo: Day? = nil,
        recordedAt: Date, supersededAt: Date? = nil
    ) {
        self.id = id
        self.entryId = entryId
        self.county = county
        self.township = township
        self.itemCode = itemCode
        self.list = list
        self.mode = mode
        self.role = role
        self.partner = partner
        self.decision = decision
        self.endDecision = endDecision
        self.correctionReason = correctionReason
        self.validFrom = validFrom
        self.validTo = validTo
        self.recordedAt = recordedAt
        self.supersededAt = supersededAt
    }

    /// In force on `day` (valid time).
    public func isInForce(on day: Day) -> Bool {
        validFrom <= day && (validTo.map { day < $0 } ?? true)
    }

    /// Recorded and not yet superseded at `instant` (record time).
    public func isKnown(at instant: Date) -> Bool {
        recordedAt <= instant && (supersededAt.map { instant < $0 } ?? true)
    }

    public var isCurrent: Bool { supersededAt == nil }

    /// The attributes a diff compares.
    public var terms: Terms { Terms(mode: mode, role: role, partner: partner) }

    /// What an entry says, apart from where and when.
    public struct Terms: Hashable, Sendable, Codable {
        public var mode: AssignmentMode
        public var role: TerritorialRole?
        public var partner: String?

        public init(mode: AssignmentMode, role: TerritorialRole? = nil, partner: String? = nil) {
            self.mode = mode
            self.role = role
            self.partner = partner
        }
    }
}
