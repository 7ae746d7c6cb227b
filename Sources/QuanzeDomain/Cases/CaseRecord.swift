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
    /// Officers with a valid 执法证 on the case: the number sent, or — when the case names its officers — the number
    /// of them whose certificate is valid on the case's day (fixed at ingest from the capacity records).
    public var officers: Int?
    /// Whether the 法制审核 was done (the article: `ComplianceCheck.legalReview.article`).
    public var legalReview: Bool?
    /// Whether the procedure was recorded from start to end (全过程记录, `ComplianceCheck.fullRecord.article`).
    public var fullRecord: Bool?
    /// The staff ids of the officers on the case (the capacity records' ids).
    public var officerIds: [String]?
    /// The 法制审核 triggers that apply to the case; an empty list says none applies.
    public var reviewTriggers: [LegalReviewTrigger]?
    /// 立案 day: the decision limit (`ComplianceCheck.decisionLimit`) counts from it.
    public var filedOn: Day?
    /// A recorded extension of the decision limit: the day it was extended to …
    public var extendedTo: Day?
    /// … or the days it was extended by.
    public var extensionDays: Int?
    /// A licence's limit extended by 10 working days with the head's approval (`ComplianceCheck.licensingLimit.article`).
    public var extensionApproved: Bool?
    /// The checks made and broken, fixed at ingest (`CaseCompliance.assess`); nil before.
    public var compliance: CaseCompliance?

    public init(
        county: String, source: String, externalId: String, sourceVersion: Date, itemCode: String, township: String,
        handler: Handler, kind: Kind, receivedOn: Day, dueOn: Day? = nil, closedOn: Day? = nil,
        satisfaction: Int? = nil,
        officers: Int? = nil, legalReview: Bool? = nil, fullRecord: Bool? = nil, officerIds: [String]? = nil,
        reviewTriggers: [LegalReviewTrigger]? = nil, filedOn: Day? = nil, extendedTo: Day? = nil,
        extensionDays: Int? = nil, extensionApproved: Bool? = nil, compliance: CaseCompliance? = nil
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
        self.officerIds = officerIds
        self.reviewTriggers = reviewTriggers
        self.filedOn = filedOn
        self.extendedTo = extendedTo
        self.extensionDays = extensionDays
        self.extensionApproved = extensionApproved
        self.compliance = compliance
    }

    /// The day a case's officers must hold a valid 执法证: its 立案 day, else its receipt.
    public var caseDay: Day { filedOn ?? receivedOn }

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
    case filedBeforeReceived(received: Day, filed: Day)
    case closedBeforeFiled(filed: Day, closed: Day)
    case extendedBeforeFiled(filed: Day, extended: Day)
    case badExtensionDays(Int)
    case twoExtensions
    case extensionWithoutFiling
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
        case .closedBeforeReceived(let r, let c): "办结日期\(c.chinese)早于受理日期\(r.chinese)"
        case .dueBeforeReceived: "办理时限截止日早于受理日期"
        case .badSatisfaction(let n): "满意度 \(n) 无效：应为 1–5"
        case .badOfficers(let n): "执法人员数 \(n) 无效"
        case .filedBeforeReceived(let r, let f): "立案日期\(f.chinese)早于受理日期\(r.chinese)"
        case .closedBeforeFiled(let f, let c): "办结日期\(c.chinese)早于立案日期\(f.chinese)"
        case .extendedBeforeFiled(let f, let e): "延长至\(e.chinese)不晚于立案日期\(f.chinese)"
        case .badExtensionDays(let n): "延长天数 \(n) 无效：应为 1–365"
        case .twoExtensions: "延长至日期与延长天数只能填写一项"
        case .extensionWithoutFiling: "填写了办案期限延长，但缺少立案日期"
        case .badDate(let field, let value): "字段 \(field) 的日期“\(value)”格式不正确，应为 YYYY-MM-DD"
        case .badValue(let field, let value): "字段 \(field) 的值“\(value)”无效"
        case .duplicateInBatch(let id): "同一批次中重复的外部编号 \(id)"
        case .badText(let problem): problem.message
        case .implausibleDate(let field, let value, let latest):
            "字段 \(field) 的日期“\(value)”不在可信范围内（\(DateBounds.earliest.chinese)至\(latest.chinese)）"
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
        for (field, day) in [
            ("receivedOn", record.receivedOn), ("closedOn", record.closedOn), ("filedOn", record.filedOn),
        ] {
            if let day, !bounds.contains(day) {
                return .implausibleDate(field: field, value: day.iso, latest: bounds.latest)
            }
        }
        for (field, day) in [("dueOn", record.dueOn), ("extendedTo", record.extendedTo)] {
            if let day, day < DateBounds.earliest || day > bounds.latestDue {
                return .implausibleDate(field: field, value: day.iso, latest: bounds.latestDue)
            }
        }
        if !bounds.contains(record.sourceVersion) {
            let day = DateBounds.chinaDay(of: record.sourceVersion)
            return .implausibleDate(field: "sourceVersion", value: day.iso, latest: bounds.latest)
        }
        if let s = record.satisfaction, !(1...5).contains(s) { return .badSatisfaction(s) }
        if let n = record.officers, n < 0 || n > 99 { return .badOfficers(n) }
        if let filed = record.filedOn {
            if filed < record.receivedOn { return .filedBeforeReceived(received: record.receivedOn, filed: filed) }
            if let closed = record.closedOn, closed < filed { return .closedBeforeFiled(filed: filed, closed: closed) }
            if let extended = record.extendedTo, extended <= filed {
                return .extendedBeforeFiled(filed: filed, extended: extended)
            }
        }
        if record.extendedTo != nil && record.extensionDays != nil { return .twoExtensions }
        if let n = record.extensionDays, !(1...365).contains(n) { return .badExtensionDays(n) }
        if record.filedOn == nil && (record.extendedTo != nil || record.extensionDays != nil) {
            return .extensionWithoutFiling
        }
        return nil
    }
}
