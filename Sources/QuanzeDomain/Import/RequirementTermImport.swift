/// Validates a vocabulary CSV (`quanze import requirements FILE`): columns `kind` (field/certificate/equipment, the
/// code prefixes field/cert/equip, or 专业能力/持有证件/装备), `code` and `名称`. Every row is checked against the
/// county's vocabulary and the rows above it; any error means nothing is written.
public enum RequirementTermImport {
    public static let required = ["kind", "code", "名称"]

    public struct Result: Sendable {
        public var terms: [RequirementVocabulary.Term] = []
        public var errors: [ImportIssue] = []
    }

    public static func validate(rows: [CSVRow], vocabulary: RequirementVocabulary) -> Result {
        var result = Result()
        var current = vocabulary
        for row in rows {
            let missing = required.filter { row[$0] == nil }
            guard missing.isEmpty else {
                result.errors += missing.map { ImportIssue(line: row.line, column: $0, message: "必填项为空") }
                continue
            }
            guard let kind = RequirementVocabulary.Term.Kind(text: row["kind"] ?? "") else {
                let failure = RequirementVocabulary.Failure.invalidKind(row["kind"] ?? "")
                result.errors.append(ImportIssue(line: row.line, column: "kind", message: failure.message))
                continue
            }
            let term = RequirementVocabulary.Term(kind: kind, code: row["code"] ?? "", name: row["名称"] ?? "")
            do throws(RequirementVocabulary.Failure) {
                current = try current.adding(term)
                result.terms.append(current.terms.last!)
            } catch {
                let column: String
                switch error {
                case .invalidName, .duplicateName: column = "名称"
                case .invalidCode, .duplicateCode: column = "code"
                case .invalidKind: column = "kind"
                }
                result.errors.append(ImportIssue(line: row.line, column: column, message: error.message))
            }
        }
        return result
    }
}
