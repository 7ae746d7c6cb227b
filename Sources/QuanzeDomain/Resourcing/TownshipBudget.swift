/// A township's budget for approval and enforcement work (审批执法经费) in one year: what was budgeted and what has
/// been disbursed (足额拨付 when the two are equal), in fen, with the budget's approving document when recorded.
public struct TownshipBudget: Codable, Hashable, Sendable {
    public var county: String
    /// The township-level unit's 12-digit code.
    public var township: String
    public var year: Int
    public var budgeted: Fen
    public var disbursed: Fen
    /// The budget approval's 文号 (预算批复), when recorded.
    public var document: String?
    public var note: String

    public init(
        county: String, township: String, year: Int, budgeted: Fen, disbursed: Fen, document: String? = nil,
        note: String = ""
    ) {
        self.county = county
        self.township = township
        self.year = year
        self.budgeted = budgeted
        self.disbursed = disbursed
        self.document = document
        self.note = note
    }

    /// Builds a budget from what a user typed (yuan), checked: a year of 2000–2100, amounts of at least 0 with at
    /// most two decimals, a 文号 (when given) in the form of GB/T 9704-2012, a note of at most 200 characters.
    public static func make(
        county: String, township: String, year: Int, budgeted: String, disbursed: String, document: String,
        note: String
    ) throws(ResourceFailure) -> TownshipBudget {
        guard (2000...2100).contains(year) else { throw .yearOutOfRange(year) }
        guard let b = Fen(yuan: budgeted) else { throw .invalidAmount(field: "预算金额", text: budgeted) }
        guard let d = Fen(yuan: disbursed) else { throw .invalidAmount(field: "已拨付金额", text: disbursed) }
        let number = document.trimmingSpaces()
        if !number.isEmpty && !Decision.isValidNumber(number) { throw .invalidNumber(number) }
        let text = note.trimmingSpaces()
        guard text.count <= 200 else { throw .tooLong(field: "备注", limit: 200) }
        return TownshipBudget(
            county: county, township: township, year: year, budgeted: b, disbursed: d,
            document: number.isEmpty ? nil : number, note: text)
    }

    /// 拨付率: disbursed ÷ budgeted in basis points, rounded half up; nil when nothing was budgeted.
    public var disbursementRate: Int? { basisPoints(disbursed.value, of: budgeted.value) }

    /// Whether the budget was disbursed in full (足额拨付): something was budgeted and at least that much paid.
    public var isFullyDisbursed: Bool { budgeted.value > 0 && disbursed >= budgeted }

    /// The budgeted amount not yet disbursed (0 when disbursed in full or beyond).
    public var outstanding: Fen { Fen(max(0, budgeted.value - disbursed.value)) }

    /// Sums budgets (a district's year): the rate is recomputed from the sums, never averaged.
    public static func total(_ budgets: [TownshipBudget], county: String, year: Int) -> TownshipBudget {
        TownshipBudget(
            county: county, township: "", year: year, budgeted: Fen(budgets.reduce(0) { $0 + $1.budgeted.value }),
            disbursed: Fen(budgets.reduce(0) { $0 + $1.disbursed.value }))
    }
}
