/// Validates an article map between versions of a law (条文对照, `quanze import article-map FILE`, or
/// `POST /api/v1/law-maps`): columns `law`, `old_version`, `old_article`, `new_version`, `new_article` (empty when the
/// newer version dropped the article). Articles as `81`, `第81条` or `第八十一条`. Both versions must be in the law
/// library with the articles named, and the new version later than the old; any error means nothing is written.
public enum ArticleMapImport {
    public static let required = ["law", "old_version", "old_article", "new_version"]

    public struct Result: Sendable {
        public var mappings: [ArticleMapping] = []
        public var errors: [ImportIssue] = []
    }

    /// `81`, `第81条`, `第八十一条` → 81.
    public static func article(_ text: String) -> Int? {
        var t = text.trimmingSpaces()
        if t.hasPrefix("第") && t.hasSuffix("条") { t = String(t.dropFirst().dropLast()) }
        if let n = Int(t) { return n > 0 ? n : nil }
        return ChineseNumeral.value(t)
    }

    public static func validate(rows: [CSVRow], knownArticles: Set<ArticleRef>) -> Result {
        var result = Result()
        let versions = Set(knownArticles.map { "\($0.law)|\($0.version.iso)" })
        var seen: [String: Int] = [:]
        for row in rows {
            func fail(_ column: String, _ message: String) {
                result.errors.append(ImportIssue(line: row.line, column: column, message: message))
            }
            let missing = required.filter { row[$0] == nil }
            guard missing.isEmpty else {
                for column in missing { fail(column, "必填项为空") }
                continue
            }
            let law = (row["law"] ?? "").trimmingSpaces()
            guard let oldVersion = Day(iso: row["old_version"] ?? "") else {
                fail("old_version", "版本日期应为 YYYY-MM-DD：\(row["old_version"] ?? "")")
                continue
            }
            guard let newVersion = Day(iso: row["new_version"] ?? "") else {
                fail("new_version", "版本日期应为 YYYY-MM-DD：\(row["new_version"] ?? "")")
                continue
            }
            guard newVersion > oldVersion else {
                fail("new_version", "新版本\(newVersion.chinese)应晚于旧版本\(oldVersion.chinese)")
                continue
            }
            guard let oldArticle = article(row["old_article"] ?? "") else {
                fail("old_article", "条号应为正整数或“第N条”：\(row["old_article"] ?? "")")
                continue
            }
            let newText = row["new_article"] ?? ""
            let newArticle = newText.isEmpty ? nil : article(newText)
            if !newText.isEmpty && newArticle == nil {
                fail("new_article", "条号应为正整数或“第N条”：\(newText)")
                continue
            }
            var bad = false
            for (column, version) in [("old_version", oldVersion), ("new_version", newVersion)]
            where !versions.contains("\(law)|\(version.iso)") {
                fail(column, "法规库中没有《\(law)》（\(version.chinese)版），请先导入该法规版本")
                bad = true
            }
            guard !bad else { continue }
            let old = ArticleRef(law: law, version: oldVersion, article: oldArticle)
            guard knownArticles.contains(old) else {
                fail("old_article", "\(old.display)不在法规库中")
                continue
            }
            let mapping = ArticleMapping(old: old, newVersion: newVersion, newArticle: newArticle)
            if let new = mapping.new, !knownArticles.contains(new) {
                fail("new_article", "\(new)不在法规库中")
                continue
            }
            let key = "\(old)|\(newVersion.iso)"
            if let first = seen[key] {
                fail("old_article", "\(old.display)到\(newVersion.chinese)版本的对照与第 \(first) 行重复")
                continue
            }
            seen[key] = row.line
            result.mappings.append(mapping)
        }
        return result
    }
}
