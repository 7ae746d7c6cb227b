import Foundation

/// The figures of one township × item × month (DESIGN §5), kept as sums so that a record's arrival, or its
/// replacement by a newer version, changes them by exact deltas and district figures add up.
public struct IndicatorCell: Codable, Hashable, Sendable {
    public var county: String
    public var township: String
    public var itemCode: String
    public var month: String
    public var volume: Int = 0
    public var closed: Int = 0
    public var onTime: Int = 0
    public var overdue: Int = 0
    public var durationDays: Int = 0
    public var satisfactionSum: Int = 0
    public var satisfactionCount: Int = 0
    public var byDepartment: Int = 0
    /// What the statutes require of the cases: checked, non-compliant, per check (`CaseCompliance`).
    public var compliance = ComplianceCounts()

    public init(county: String, township: String, itemCode: String, month: String) {
        self.county = county
        self.township = township
        self.itemCode = itemCode
        self.month = month
    }

    /// On-time share of the closed records (限时办结率).
    public var onTimeRate: Double? { closed > 0 ? Double(onTime) / Double(closed) : nil }
    /// Share of all records closed after their due day (open records past it are counted when read: `openOverdue`).
    public var overdueShare: Double? { volume > 0 ? Double(overdue) / Double(volume) : nil }
    public var meanDuration: Double? { closed > 0 ? Double(durationDays) / Double(closed) : nil }
    public var satisfaction: Double? {
        satisfactionCount > 0 ? Double(satisfactionSum) / Double(satisfactionCount) : nil
    }
    public var departmentShare: Double? { volume > 0 ? Double(byDepartment) / Double(volume) : nil }

    public var key: String { township + "|" + itemCode + "|" + month }

    /// Adds (sign +1) or removes (sign -1) one record's contribution. `due` is the record's due day (nil: the item
    /// has no time limit, so the record is never late). Open records past their due day depend on the day one asks,
    /// so they are counted when read (`openOverdue`), not stored here.
    public mutating func apply(_ record: CaseRecord, due: Day?, sign: Int) {
        volume += sign
        if record.handler == .department { byDepartment += sign }
        if let closedOn = record.closedOn {
            closed += sign
            durationDays += sign * (closedOn.ordinal - record.receivedOn.ordinal)
            // Closing on the due day is on time (DESIGN §5).
            if due.map({ closedOn <= $0 }) ?? true { onTime += sign } else { overdue += sign }
        }
        if let s = record.satisfaction {
            satisfactionSum += sign * s
            satisfactionCount += sign
        }
        if let c = record.compliance { compliance.apply(c, sign: sign) }
    }

    /// Sums cells (a district, a year): rates are recomputed from the sums, never averaged.
    public static func total(_ cells: [IndicatorCell], county: String, label: String) -> IndicatorCell {
        var t = IndicatorCell(county: county, township: label, itemCode: label, month: label)
        for c in cells { t.add(c) }
        return t
    }

    /// The counts the suggestion rules read, the others zero: cases, cases by the department and overdue (R1, R2,
    /// R4), and the checked cases, the non-compliant ones and the breaks of each check (R9). A window's sum
    /// (`AnalysisInput.totals`) is this view, however it was added up, so the database adds up only these counts
    /// (half of them; each is a cost per cell of a province county).
    public var analysed: IndicatorCell {
        var c = IndicatorCell(county: county, township: township, itemCode: itemCode, month: month)
        c.volume = volume
        c.byDepartment = byDepartment
        c.overdue = overdue
        c.compliance.cases = compliance.cases
        c.compliance.nonCompliant = compliance.nonCompliant
        c.compliance.broken = compliance.broken
        return c
    }

    /// Adds another cell's sums (or a delta) to this one's.
    public mutating func add(_ c: IndicatorCell) {
        volume += c.volume
        closed += c.closed
        onTime += c.onTime
        overdue += c.overdue
        durationDays += c.durationDays
        satisfactionSum += c.satisfactionSum
        satisfactionCount += c.satisfactionCount
        byDepartment += c.byDepartment
        compliance.add(c.compliance)
    }
}

/// The due day of a record: the source's, or the item's promised (else statutory) limit counted from receipt
/// with the holiday calendar (working days skip holidays and count 调休 workdays); without any limit, none.
public enum CaseDue {
    public static func due(_ record: CaseRecord, limit: TimeLimit?, calendar: HolidayCalendar) -> Day? {
        if let due = record.dueOn { return due }
        guard let limit else { return nil }
        return calendar.dueDay(from: record.receivedOn, limit: limit)
    }
}
