import Foundation

/// What the statutes require of a case, one check each (issue 11 point 9). The statute a check implements is data
/// (`article`, an `ArticleRef` into the law library); pages and the engine print it with the figures. A case that
/// breaks a check is accepted — the data is what happened — and counted.
public enum ComplianceCheck: String, CaseIterable, Codable, Sendable {
    /// A penalty is carried out by at least two officers holding a valid 执法证.
    case officers
    /// 法制审核 before the decision when one of the four triggers applies.
    case legalReview = "legal-review"
    /// 全过程记录 of the penalty procedure.
    case fullRecord = "full-record"
    /// The penalty decision within 90 days of 立案 (or the recorded extension).
    case decisionLimit = "decision-limit"
    /// A licence decided within 20 working days of acceptance, 30 with the head's approval.
    case licensingLimit = "licensing-limit"

    /// The article the check implements.
    public var article: ArticleRef {
        switch self {
        case .officers: ArticleRef(law: "行政处罚法", version: Self.penaltyLaw, article: 42)
        case .legalReview: ArticleRef(law: "行政处罚法", version: Self.penaltyLaw, article: 58)
        case .fullRecord: ArticleRef(law: "行政处罚法", version: Self.penaltyLaw, article: 47)
        case .decisionLimit: ArticleRef(law: "行政处罚法", version: Self.penaltyLaw, article: 60)
        case .licensingLimit: ArticleRef(law: "行政许可法", version: Self.licensingLaw, article: 42)
        }
    }

    static let penaltyLaw = Day(year: 2021, month: 1, day: 22)!
    static let licensingLaw = Day(year: 2019, month: 4, day: 23)!

    /// The check's name on pages and in the engine's evidence.
    public var label: String {
        switch self {
        case .officers: "持证执法人员不少于两人"
        case .legalReview: "法制审核"
        case .fullRecord: "全过程记录"
        case .decisionLimit: "立案之日起九十日内作出决定"
        case .licensingLimit: "许可法定期限（二十个工作日，经批准延长十个工作日）"
        }
    }

    /// The name of a broken check, as the evidence counts it.
    public var brokenLabel: String {
        switch self {
        case .officers: "持证执法人员不足两人"
        case .legalReview: "应审未审"
        case .fullRecord: "无全过程记录"
        case .decisionLimit: "超过九十日（含延长）"
        case .licensingLimit: "超过许可法定期限"
        }
    }

    /// The prefix of the check's two columns in `indicator_cells` (`officers_checked`, `officers_broken`).
    public var column: String { rawValue.replacingOccurrences(of: "-", with: "_") }

    var bit: Int { 1 << (Self.allCases.firstIndex(of: self) ?? 0) }

    /// The least number of officers with a valid 执法证 (`ComplianceCheck.officers.article`).
    public static let minimumOfficers = 2
    /// Days from 立案 to the decision (`ComplianceCheck.decisionLimit.article`).
    public static let decisionDays = 90
    /// The licensing limit and its extension with the head's approval (`ComplianceCheck.licensingLimit.article`; working days).
    public static let licensingDays = TimeLimit(amount: 20, unit: .workingDays)
    public static let licensingExtension = 10
}

/// The four triggers of 法制审核 (the clauses of `ComplianceCheck.legalReview.article`), as data on a case.
public enum LegalReviewTrigger: String, CaseIterable, Codable, Sendable {
    /// （一）涉及重大公共利益的
    case publicInterest = "public-interest"
    /// （二）直接关系当事人或者第三人重大权益，经过听证程序的
    case hearing
    /// （三）案件情况疑难复杂、涉及多个法律关系的
    case complex
    /// （四）法律、法规规定应当进行法制审核的其他情形
    case otherLaw = "other-law"

    /// The short Chinese name a sender may write instead of the code.
    public var label: String {
        switch self {
        case .publicInterest: "重大公共利益"
        case .hearing: "经过听证"
        case .complex: "疑难复杂"
        case .otherLaw: "其他法定情形"
        }
    }

    /// The clause of `ComplianceCheck.legalReview.article` the trigger is.
    public var clause: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let found = Self.allCases.first(where: { $0.rawValue == t || $0.label == t }) else { return nil }
        self = found
    }
}

/// The checks made on one case and those it broke, fixed when the case is ingested (as its due day is), so that a
/// newer version removes from the indicator cells exactly what the stored one added.
public struct CaseCompliance: Hashable, Codable, Sendable {
    /// Bit set of the checks made (the case carries the data a check needs).
    public var checked: Int
    /// Bit set of the checks broken (a subset of `checked`).
    public var broken: Int

    public init(checked: Int = 0, broken: Int = 0) {
        self.checked = checked
        self.broken = broken & checked
    }

    public init(checked: Set<ComplianceCheck>, broken: Set<ComplianceCheck>) {
        self.init(
            checked: checked.reduce(0) { $0 | $1.bit }, broken: broken.intersection(checked).reduce(0) { $0 | $1.bit })
    }

    public func isChecked(_ check: ComplianceCheck) -> Bool { checked & check.bit != 0 }
    public func isBroken(_ check: ComplianceCheck) -> Bool { broken & check.bit != 0 }
    public var brokenChecks: [ComplianceCheck] { ComplianceCheck.allCases.filter(isBroken) }

    /// The checks of a case (pure). A check is made only when the case carries the data it needs: the number of
    /// officers, the 法制审核 triggers, whether the procedure was recorded, the 立案 and decision days, the licence's
    /// acceptance and decision days. Penalty checks apply to enforcement cases of penalty items; the licensing limit
    /// to applications of licensing items, counted in working days with the holiday calendar.
    public static func assess(_ r: CaseRecord, category: ItemCategory?, calendar: HolidayCalendar) -> CaseCompliance {
        var checked = Set<ComplianceCheck>()
        var broken = Set<ComplianceCheck>()
        func check(_ c: ComplianceCheck, _ isBroken: Bool) {
            checked.insert(c)
            if isBroken { broken.insert(c) }
        }
        if r.kind == .enforcement && category == .penalty {
            if let n = r.officers { check(.officers, n < ComplianceCheck.minimumOfficers) }
            // Any trigger makes the review mandatory; a review not reported as done is not shown to be done.
            if let triggers = r.reviewTriggers, !triggers.isEmpty { check(.legalReview, r.legalReview != true) }
            if let full = r.fullRecord { check(.fullRecord, !full) }
            if let filed = r.filedOn, let closed = r.closedOn, let last = decisionDeadline(r, filed: filed) {
                check(.decisionLimit, closed > last)
            }
        }
        if r.kind == .application && category == .licensing, let closed = r.closedOn {
            check(.licensingLimit, closed > licensingDeadline(r, calendar: calendar))
        }
        return CaseCompliance(checked: checked, broken: broken)
    }

    /// The last day of the 90-day decision limit (counted from the day after 立案), or of the recorded extension: the
    /// extended-to day, else 90 days plus the extension days.
    public static func decisionDeadline(_ r: CaseRecord, filed: Day) -> Day? {
        if let extended = r.extendedTo { return extended }
        return filed.adding(days: ComplianceCheck.decisionDays + (r.extensionDays ?? 0))
    }

    /// The last day of the licensing limit: 20 working days from acceptance, 30 with the approved extension.
    public static func licensingDeadline(_ r: CaseRecord, calendar: HolidayCalendar) -> Day {
        let extra = r.extensionApproved == true ? ComplianceCheck.licensingExtension : 0
        return calendar.dueDay(
            from: r.receivedOn,
            limit: TimeLimit(amount: ComplianceCheck.licensingDays.amount + extra, unit: .workingDays))
    }

    /// The officers of a case holding a 执法证 valid on the case's day (its 立案 day, else its receipt): each named
    /// staff id once; an id without a certificate in the capacity records does not count.
    public static func certifiedOfficers(_ ids: [String], on day: Day, certificates: [String: [Certificate]]) -> Int {
        Set(ids).filter { id in
            (certificates[id] ?? []).contains { $0.kind == .enforcement && $0.isValid(on: day) }
        }.count
    }
}

/// The compliance sums of an indicator cell: cases checked and non-compliant, and per check how many cases were
/// checked and broke it.
public struct ComplianceCounts: Codable, Hashable, Sendable {
    /// Cases with at least one check made.
    public var cases = 0
    /// Cases that broke at least one check.
    public var nonCompliant = 0
    /// Per check (in `ComplianceCheck.allCases` order): cases checked.
    public var checked = [Int](repeating: 0, count: ComplianceCheck.allCases.count)
    /// Per check: cases that broke it.
    public var broken = [Int](repeating: 0, count: ComplianceCheck.allCases.count)

    public init() {}

    public var nonCompliantShare: Double? { cases > 0 ? Double(nonCompliant) / Double(cases) : nil }

    public func checked(_ c: ComplianceCheck) -> Int { checked[ComplianceCheck.allCases.firstIndex(of: c)!] }
    public func broken(_ c: ComplianceCheck) -> Int { broken[ComplianceCheck.allCases.firstIndex(of: c)!] }

    public mutating func apply(_ c: CaseCompliance, sign: Int) {
        guard c.checked != 0 else { return }
        cases += sign
        if c.broken != 0 { nonCompliant += sign }
        for (i, check) in ComplianceCheck.allCases.enumerated() {
            if c.isChecked(check) { checked[i] += sign }
            if c.isBroken(check) { broken[i] += sign }
        }
    }

    public mutating func add(_ o: ComplianceCounts) {
        cases += o.cases
        nonCompliant += o.nonCompliant
        for i in checked.indices {
            checked[i] += o.checked[i]
            broken[i] += o.broken[i]
        }
    }

    /// The stored columns of the sums, in a fixed order (`indicator_cells`, migration M031).
    public static let columns: [String] =
        ["compliance_cases", "non_compliant"]
        + ComplianceCheck.allCases.flatMap { ["\($0.column)_checked", "\($0.column)_broken"] }

    /// The values of `columns`.
    public var values: [Int] { [cases, nonCompliant] + zip(checked, broken).flatMap { [$0, $1] } }

    /// Sums from the values of `columns`.
    public init(values: [Int]) {
        self.init()
        guard values.count == Self.columns.count else { return }
        cases = values[0]
        nonCompliant = values[1]
        for i in checked.indices {
            checked[i] = values[2 + 2 * i]
            broken[i] = values[3 + 2 * i]
        }
    }
}
