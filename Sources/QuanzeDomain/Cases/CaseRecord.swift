import Foundation

/// One application handled or one enforcement case (办件 / 案件), as another system reports it (DESIGN §5).
/// Unique per (county, source, external id); an older `sourceVersion` never overwrites a newer one.
public struct CaseRecord: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case application, enforcement

        public var label: String { self == .application ? "办件" : "案件" }
    }

    /// Who really did the work: the township, or the county department (although the item is delegated).
    public enum Handler: String, Codable, Sendable, CaseIterable {
        case township, department

        public var label: String { self == .township ? "镇街" : "区级部门" }
    }

    public var county: String
    public var source: String
    public var externalId: String
    /// When the source last changed the record.
    public var sourceVersion: Date
    public var itemCode: String
    public var township: String
    public var handler: Handler
    public var kind: Kind
    public var receivedOn: Day
    /// The due day the source states; otherwise computed from the item's time limit and the holiday calendar.
    public var dueOn: Day?
    public var closedOn: Day?
    /// 1–5 where the source asked; nil otherwise.
    public var satisfaction: Int?
    public var officers: Int?
    public var legalReview: Bool?
    public var fullRecord: Bool?

    public init(
        county: String, source: String, externalId: String, sourceVersion: Date, itemCode: String, township: String,
        handler: Handler, kind: Kind, receivedOn: Day, dueOn: Day? = nil, closedOn: Day? = nil,
        satisfaction: Int? = nil,
        officers: Int? = nil, legalReview: Bool? = nil, fullRecord: Bool? = nil
    ) {
        self.county = county
        self.source = source
        self.externalId = externalId
        self.sourceVersion = sourceVersion
        self.itemCode = itemCode
        self.township = township
        self.handler = handler
        self.kind = kind
        self.receivedOn = receivedOn
        self.dueOn = dueOn
        self.closedOn = closedOn
        self.satisfaction = satisfaction
        self.officers = officers
        self.legalReview = legalReview
        self.fullRecord = fullRecord
    }

    /// The month a record counts in: the month it was received (YYYY-MM).
    public var month: String { String(receivedOn.iso.prefix(7)) }
}

/// Why a record is rejected, with its Chinese reason (the ingest answer lists these per record index).
public enum CaseRejection: Error, Equatable, Sendable {
    case missing(String)
    case unknownItem(String)
    case unknownTownship(String)
    case outsideScope(String)
    case closedBeforeReceived(received: Day, closed: Day)
    case dueBeforeReceived
    case badSatisfaction(Int)
    case badOfficers(Int)
    case badDate(field: String, value: String)
    case badValue(field: String, value: String)
    case duplicateInBatch(String)
    case implausibleDate(field: String, value: String, latest: Day)
    case badText(InputText.Problem)

    public var message: String {
        switch self {
        case .missing(let field): "缺少必填字段 \(field)"
        case .unknownItem(let code): "事项目录中没有代码为 \(code) 的事项"
        case .unknownTownship(let code): "本区县没有代码为 \(code) 的镇街"
        case .outsideScope(let code): "无权为镇街 \(code) 报送办件数据（超出令牌或本单位范围）"
        case .closedBeforeReceived(let r, let c): "办结日期 \(c.iso) 早于受理日期 \(r.iso)"
        case .dueBeforeReceived: "办理时限截止日早于受理日期"
        case .badSatisfaction(let n): "满意度 \(n) 无效：应为 1–5"
        case .badOfficers(let n): "执法人员数 \(n) 无效"
        case .badDate(let field, let value): "字段 \(field) 的日期“\(value)”格式不正确，应为 YYYY-MM-DD"
        case .badValue(let field, let value): "字段 \(field) 的值“\(value)”无效"
        case .duplicateInBatch(let id): "同一批次中重复的外部编号 \(id)"
        case .badText(let problem): problem.message
        case .implausibleDate(let field, let value, let latest):
            "字段 \(field) 的日期“\(value)”不在可信范围内（\(DateBounds.earliest.iso) 至 \(latest.iso)）"
        }
    }
}

/// Checks a record against the catalogue, the county's townships and the sender's scope.
public enum CaseValidation {
    public static func check(
        _ record: CaseRecord, knownItems: Set<String>, knownTownships: Set<String>, scope: Set<String>?,
        bounds: DateBounds = .unbounded
    ) -> CaseRejection? {
        if record.externalId.trimmingCharacters(in: .whitespaces).isEmpty { return .missing("externalId") }
        if record.source.trimmingCharacters(in: .whitespaces).isEmpty { return .missing("source") }
        guard knownItems.contains(record.itemCode) else { return .unknownItem(record.itemCode) }
        guard knownTownships.contains(record.township) else { return .unknownTownship(record.township) }
        if let scope, !scope.contains(record.township) { return .outsideScope(record.township) }
        if let closed = record.closedOn, closed < record.receivedOn {
            return .closedBeforeReceived(received: record.receivedOn, closed: closed)
        }
        if let due = record.dueOn, due < record.receivedOn { return .dueBeforeReceived }
        // Things that happened cannot lie in the future; a due day may (an open case), within five years.
        for (field, day) in [("receivedOn", record.receivedOn), ("closedOn", record.closedOn)] {
            if let day, !bounds.contains(day) {
                return .implausibleDate(field: field, value: day.iso, latest: bounds.latest)
            }
        }
        if let due = record.dueOn, due < DateBounds.earliest || due > bounds.latestDue {
            return .implausibleDate(field: "dueOn", value: due.iso, latest: bounds.latestDue)
        }
        if !bounds.contains(record.sourceVersion) {
            let day = DateBounds.chinaDay(of: record.sourceVersion)
            return .implausibleDate(field: "sourceVersion", value: day.iso, latest: bounds.latest)
        }
        if let s = record.satisfaction, !(1...5).contains(s) { return .badSatisfaction(s) }
        if let n = record.officers, n < 0 || n > 99 { return .badOfficers(n) }
        return nil
    }
}
