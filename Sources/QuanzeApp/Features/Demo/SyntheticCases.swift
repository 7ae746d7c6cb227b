import Foundation
import QuanzeDomain

/// Deterministic generated case records, addressed by index: record `i` is a function of the salt and `i` alone
/// (one SplitMix64 step of `salt + i`), so a run can start at any index (a resumed generator, the ingest benchmark's
/// API run and its raw baseline) and always writes the same rows. Used by the province generator
/// (`ProvinceGenerator`) and the ingest benchmark (`quanze-bench`), so both generate the same kind of record.
public struct SyntheticCases: Sendable {
    public var townships: [String]
    public var items: [String]
    /// Mixed into every index: the province generator gives each county its own stream.
    public var salt: UInt64
    public static let sourceVersion = "2024-01-01T00:00:00Z"
    public static let sourceVersionMicros: Int64 = 1_704_067_200_000_000
    /// Records are received over the 365 days from this day.
    public static let firstDay = Day(year: 2023, month: 1, day: 1)!

    public init(townships: [String], items: [String], salt: UInt64 = 0) {
        self.townships = townships
        self.items = items
        self.salt = salt
    }

    /// One record's fields: ~10 % open, half with a due day of their own, a quarter enforcement cases with officers,
    /// a fifth handled by the department.
    public struct Fields: Sendable {
        public var externalId: String
        public var item: String
        public var township: String
        public var handler: String
        public var kind: String
        public var received: Day
        public var due: Day?
        public var closed: Day?
        public var satisfaction: Int?
        public var officers: Int?
        public var legalReview: Bool?
        public var fullRecord: Bool?

        public init(
            externalId: String, item: String, township: String, handler: String, kind: String, received: Day,
            due: Day?, closed: Day?, satisfaction: Int?, officers: Int?, legalReview: Bool?, fullRecord: Bool?
        ) {
            self.externalId = externalId
            self.item = item
            self.township = township
            self.handler = handler
            self.kind = kind
            self.received = received
            self.due = due
            self.closed = closed
            self.satisfaction = satisfaction
            self.officers = officers
            self.legalReview = legalReview
            self.fullRecord = fullRecord
        }
    }

    public func fields(_ i: Int) -> Fields {
        var generator = SeededGenerator(seed: salt &+ UInt64(i))
        let r = generator.next()
        let received = Self.firstDay.adding(days: Int(r % 365))
        let closedAfter = Int((r >> 9) % 30)
        let open = (r >> 14) % 10 == 0
        let enforcement = (r >> 18) % 4 == 0
        return Fields(
            externalId: "B\(String(i, radix: 10))", item: items[Int((r >> 20) % UInt64(items.count))],
            township: townships[Int((r >> 40) % UInt64(townships.count))],
            handler: (r >> 50) % 5 == 0 ? "department" : "township", kind: enforcement ? "enforcement" : "application",
            received: received, due: (r >> 17) % 2 == 0 ? received.adding(days: 20) : nil,
            closed: open ? nil : received.adding(days: closedAfter),
            satisfaction: open || (r >> 24) % 3 == 0 ? nil : Int((r >> 27) % 5) + 1,
            officers: enforcement ? Int((r >> 31) % 3) + 1 : nil, legalReview: enforcement ? (r >> 33) % 2 == 0 : nil,
            fullRecord: enforcement ? (r >> 34) % 2 == 0 : nil)
    }

    /// Record `i` as the ingest service takes it (what `POST /api/v1/cases` decodes a record into).
    public func record(_ i: Int, county: String, source: String) -> CaseRecord {
        let f = fields(i)
        return CaseRecord(
            county: county, source: source, externalId: f.externalId,
            sourceVersion: Date(timeIntervalSince1970: Double(Self.sourceVersionMicros) / 1_000_000),
            itemCode: f.item, township: f.township, handler: f.handler == "department" ? .department : .township,
            kind: f.kind == "enforcement" ? .enforcement : .application, receivedOn: f.received, dueOn: f.due,
            closedOn: f.closed, satisfaction: f.satisfaction, officers: f.officers, legalReview: f.legalReview,
            fullRecord: f.fullRecord)
    }
}
