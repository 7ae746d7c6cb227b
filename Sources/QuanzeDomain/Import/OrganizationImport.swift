/// Validates an organisations CSV (`quanze import organizations`): departments, squads, approval offices and
/// dispatched agencies. Every row is checked against the county and the rest of the file; any error means nothing
/// is written. A code already in the county is updated (a rename keeps everything that refers to the code).
public enum OrganizationImport {
    public static let columns = [
        "code", "name", "kind", "parent", "stationed_at", "credit_code", "establishment", "justice", "document_prefix",
    ]
    public static let required = ["code", "name", "kind"]

    /// The outcome: organisations to write (in file order), how many are new, and every error.
    public struct Result: Sendable {
        public var organizations: [Organization] = []
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public var errors: [ImportIssue] = []
    }

    /// - Parameter existing: every organisation of the county, retired ones included.
    public static func validate(rows: [CSVRow], county: String, existing: [Organization]) -> Result {
        var result = Result()
        let byCode = Dictionary(existing.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        // Names and codes the file's references may use: the county's, then the file's own (later rows may be
        // referred to by earlier ones, as parents are often listed after their squads).
        var codeOfName = Dictionary(existing.map { ($0.name, $0.code) }, uniquingKeysWith: { a, _ in a })
        var fileCodes: [String: Int] = [:]
        var fileNames: [String: Int] = [:]
        for row in rows {
            guard let code = row["code"] else { continue }
            if fileCodes[code] == nil { fileCodes[code] = row.line }
            // A unit renamed by the file is still found by its old name, unless another row takes that name.
            if let name = row["name"] { codeOfName[name] = code }
        }
        func resolve(_ text: String) -> String? {
            if byCode[text] != nil || fileCodes[text] != nil { return text }
            return codeOfName[text]
        }
        var parsed: [(CSVRow, Organization)] = []
        for row in rows {
            var rowErrors: [ImportIssue] = []
            func fail(_ failure: OrganizationFailure) {
                rowErrors.append(ImportIssue(line: row.line, column: failure.column, message: failure.message))
            }
            for column in required where row[column] == nil {
                rowErrors.append(ImportIssue(line: row.line, column: column, message: "必填项为空"))
            }
            let code = row["code"] ?? ""
            let name = row["name"] ?? ""
            if !code.isEmpty {
                do throws(OrganizationFailure) { try OrganizationRules.checkCode(code) } catch { fail(error) }
                if let first = fileCodes[code], first != row.line { fail(.duplicateCode(code)) }
            }
            if !name.isEmpty, let first = fileNames[name], first != row.line {
                rowErrors.append(ImportIssue(line: row.line, column: "name", message: "单位名称“\(name)”与第 \(first) 行重复"))
            }
            if !name.isEmpty && fileNames[name] == nil { fileNames[name] = row.line }
            var kind: OrganizationKind?
            if let text = row["kind"] {
                kind = OrganizationRules.kind(text)
                if kind == nil {
                    if let old = byCode[code], !OrganizationRules.managedKinds.contains(old.kind) {
                        fail(.notManaged(old.name))
                    } else {
                        fail(.unknownKind(text))
                    }
                } else if let old = byCode[code], old.kind != kind {
                    fail(
                        OrganizationRules.managedKinds.contains(old.kind)
                            ? .kindChange(code: code, from: old.kind.label, to: kind!.label) : .notManaged(old.name))
                }
            }
            var references: [String: String] = [:]
            for column in ["parent", "stationed_at"] {
                guard let text = row[column] else { continue }
                if let code = resolve(text) {
                    references[column] = code
                } else {
                    fail(.unknownReference(column: column, text))
                }
            }
            var flags: [String: Bool] = [:]
            for column in ["establishment", "justice"] {
                guard let text = row[column] else { continue }
                if let flag = flag(text) { flags[column] = flag } else { fail(.invalidFlag(column: column, text)) }
            }
            guard rowErrors.isEmpty, let kind else {
                result.errors += rowErrors
                continue
            }
            let org = Organization(
                code: code, county: county, name: name, kind: kind,
                parent: references["parent"] ?? (kind == .department ? governmentCode(existing) : nil),
                stationedAt: references["stationed_at"], creditCode: row["credit_code"],
                isEstablishmentOffice: flags["establishment"] ?? false, isJusticeBureau: flags["justice"] ?? false,
                retiredOn: byCode[code]?.retiredOn,
                documentPrefix: row["document_prefix"] ?? byCode[code]?.documentPrefix)
            parsed.append((row, org))
        }
        // Checked against the county as it will be after the import, so a file may move the 编办 flag or refer
        // to units it adds itself.
        let written = Set(parsed.map(\.1.code))
        let after = existing.filter { !written.contains($0.code) } + parsed.map(\.1)
        for (row, org) in parsed {
            let problems = OrganizationRules.problems(of: org, among: after.filter { $0.code != org.code })
            guard problems.isEmpty else {
                result.errors += problems.map { ImportIssue(line: row.line, column: $0.column, message: $0.message) }
                continue
            }
            if let old = byCode[org.code] {
                if old == org { result.unchanged += 1 } else { result.updated += 1 }
            } else {
                result.added += 1
            }
            result.organizations.append(org)
        }
        result.errors.sort { ($0.line, $0.column ?? "") < ($1.line, $1.column ?? "") }
        return result
    }

    /// 是/否 as a spreadsheet holds it (also true/false, 1/0, y/n).
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "是", "true", "1", "y", "yes": true
        case "否", "false", "0", "n", "no": false
        default: nil
        }
    }

    static func governmentCode(_ existing: [Organization]) -> String? {
        existing.first { $0.kind == .countyGovernment }?.code
    }
}
