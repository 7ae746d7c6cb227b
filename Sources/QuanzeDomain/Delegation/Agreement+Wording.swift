import Foundation

/// The ground and responsibility paragraphs a printed 委托书 or 赋权决定 carries: the one place documents take
/// their legal statements from. Each paragraph prints data (the ground row, the responsibility statements) with
/// the statutes they cite; no statute is written here.
public struct DocumentWording: Hashable, Sendable {
    /// What the document cites after 根据 (the 赋权's catalogue decision first, then the articles).
    public var basis: String
    /// The ground's wording, printed with the citation.
    public var wording: String
    /// 法律责任, 主管部门职责, 承接单位职责, 过渡期安排 — each stated once.
    public var responsibility: [String]

    /// The wording of a document: what was fixed when it was drawn, or — for a document drawn before the statements
    /// existed — the county's current ground row and the mode's statements.
    public static func of(_ a: Agreement, ground: LegalGround?, responsibility: Responsibility) -> DocumentWording {
        let statements =
            a.statements
            ?? Agreement.Statements(
                basis: ground?.basis(catalogue: a.mode == .granted ? a.catalogue : nil) ?? (a.catalogue ?? ""),
                wording: ground?.wording ?? "",
                responsibility: responsibility.filled(
                    department: a.departmentName, township: a.unitName, transition: "（\(a.transitionMonths)个月）"))
        let r = statements.responsibility
        return DocumentWording(
            basis: statements.basis, wording: statements.wording,
            responsibility: [
                "法律责任：\(r.liability)。", "主管部门职责：\(r.departmentDuties)。", "承接单位职责：\(r.townshipDuties)。",
                "过渡期安排：\(r.transition)。",
            ])
    }
}
