import Foundation
import QuanzeDomain
import QuanzePersistence

/// What the statutes require of the cases (issue 11 point 9), as the API and the dashboards show it: per check the
/// cases checked and those that broke it, with the article the check implements (`ComplianceCheck.article`, data)
/// and, on the pages, the article's text from the law library.
extension CasesController {
    struct ComplianceDTO: Encodable {
        struct Check: Encodable {
            var check: String
            var label: String
            var article: String
            var checked: Int
            var broken: Int
        }

        /// Cases with at least one check made, and those that broke at least one.
        var checkedCases: Int
        var nonCompliant: Int
        var nonCompliantShare: Double?
        var checks: [Check]

        init(_ c: ComplianceCounts) {
            checkedCases = c.cases
            nonCompliant = c.nonCompliant
            nonCompliantShare = c.nonCompliantShare
            checks = ComplianceCheck.allCases.map {
                Check(
                    check: $0.rawValue, label: $0.label, article: $0.article.description, checked: c.checked($0),
                    broken: c.broken($0))
            }
        }
    }

    /// One check's row on a dashboard.
    struct ComplianceRow {
        var label: String
        var article: String
        var text: String
        var checked: String
        var broken: String
        var share: String
        var flagged: Bool
    }

    struct ComplianceView {
        var rows: [ComplianceRow]
        var summary: String
    }

    /// "2 / 16": non-compliant of the checked cases; "—" when none was checked.
    static func nonCompliantText(_ c: ComplianceCounts) -> String {
        c.cases > 0 ? "\(c.nonCompliant) / \(c.cases)" : "—"
    }

    /// The compliance table of a selection's total, each check with its article (reference and text).
    static func compliance(_ total: IndicatorCell, services: AppServices) async throws -> ComplianceView {
        let c = total.compliance
        let articles = try await services.laws.articles(ComplianceCheck.allCases.map(\.article))
        let rows = ComplianceCheck.allCases.map { check in
            let checked = c.checked(check)
            let broken = c.broken(check)
            return ComplianceRow(
                label: check.label, article: check.article.display,
                text: articles[check.article]?.text ?? "法规库中尚无该条文", checked: Format.count(checked),
                broken: Format.count(broken),
                share: checked > 0 ? percentText(Double(broken) / Double(checked)) : "—", flagged: broken > 0)
        }
        let summary =
            c.cases > 0
            ? "经合规检查的 \(Format.count(c.cases)) 件中 \(Format.count(c.nonCompliant)) 件（\(percentText(c.nonCompliantShare))）不符合至少一项法定要求"
            : "所选期间没有可检查的案件（案件未报送执法人员、法制审核、全过程记录、立案日期或许可办结日期）"
        return ComplianceView(rows: rows, summary: summary)
    }
}
