/// Parses the statute Markdown files of `data/laws/` article by article.
public enum LawParser {
    /// Failure to read a statute file.
    public enum Failure: Error, Equatable {
        case badFileName(String)
        case noArticles(String)

        public var message: String {
            switch self {
            case .badFileName(let name): "法规文件名应为“名称(YYYY-MM-DD).md”：\(name)"
            case .noArticles(let name): "法规文件中未找到任何条文：\(name)"
            }
        }
    }

    /// `畜牧法(2015-04-24).md` → ("畜牧法", 2015-04-24).
    public static func nameAndVersion(fileName: String) throws(Failure) -> (String, Day) {
        // Chinese Windows often saves the version in full-width brackets: 某某条例（2024-01-01）.md.
        var stem = fileName.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
        if stem.hasSuffix(".md") { stem = String(stem.dropLast(3)) }
        guard let open = stem.lastIndex(of: "("), stem.hasSuffix(")"),
            let day = Day(iso: String(stem[stem.index(after: open)..<stem.index(before: stem.endIndex)]))
        else { throw .badFileName(fileName) }
        let name = String(stem[..<open])
        guard !name.isEmpty else { throw .badFileName(fileName) }
        return (name, day)
    }

    /// Splits the text into articles: an article starts a paragraph with 第X条 and runs to the next one.
    public static func parse(fileName: String, text: String) throws(Failure) -> LawVersion {
        let (name, version) = try nameAndVersion(fileName: fileName)
        var title = name
        var chapter = ""
        var articles: [Article] = []
        var current: (number: Int, chapter: String, lines: [String])?
        var inBody = !text.contains("<!-- INFO END -->")
        func flush() {
            if let c = current {
                articles.append(Article(number: c.number, chapter: c.chapter, text: c.lines.joined(separator: "\n")))
            }
            current = nil
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw).trimmingSpaces()
            if line.hasPrefix("# ") && title == name { title = String(line.dropFirst(2)).trimmingSpaces() }
            if line.contains("<!-- INFO END -->") {
                inBody = true
                continue
            }
            guard inBody, !line.isEmpty else { continue }
            if line.hasPrefix("## ") {
                flush()
                chapter = String(line.dropFirst(3)).trimmingSpaces()
                continue
            }
            if line.hasPrefix("#") { continue }
            if let (number, rest) = articleHead(line) {
                flush()
                current = (number, chapter, [rest])
            } else if current != nil {
                current!.lines.append(line)
            }
        }
        flush()
        guard !articles.isEmpty else { throw .noArticles(fileName) }
        return LawVersion(
            name: name, title: title, version: version, articles: articles,
            inForce: inForce(articles, version: version))
    }

    /// The day in force the text states in its last article that says so (`本法自2023年3月1日起施行`), when it lies
    /// after the version date. A 修正 keeps the original law's clause (畜牧法(2015-04-24) still says 2006-07-01): such
    /// an earlier day, or a text that states none (`自公布之日起施行`), gives nil — in force from the version date.
    public static func inForce(_ articles: [Article], version: Day) -> Day? {
        guard let text = articles.last(where: { $0.text.contains("起施行") })?.text,
            let end = text.range(of: "起施行")
        else { return nil }
        let before = text[..<end.lowerBound]
        guard let start = before.range(of: "自", options: .backwards) else { return nil }
        let date = before[start.upperBound...]
        let parts = date.split(whereSeparator: { $0 == "年" || $0 == "月" || $0 == "日" }).map { Int($0) }
        guard date.hasSuffix("日"), parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2],
            let day = Day(year: y, month: m, day: d), day > version
        else { return nil }
        return day
    }

    /// Recognises `第一百二十三条` at the start of a paragraph, followed by a space (plain or full-width).
    static func articleHead(_ line: String) -> (Int, String)? {
        guard line.hasPrefix("第"), let tiao = line.firstIndex(of: "条") else { return nil }
        let numeral = line[line.index(after: line.startIndex)..<tiao]
        guard numeral.count <= 8, let number = ChineseNumeral.value(String(numeral)) else { return nil }
        let after = line[line.index(after: tiao)...]
        guard let first = after.first, first == " " || first == "\u{3000}" || first == "　" else { return nil }
        return (number, String(after).trimmingSpaces())
    }
}

/// Chinese numerals as used in article numbers (一 … 九千九百九十九).
public enum ChineseNumeral {
    static let digits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    public static func value(_ text: String) -> Int? {
        guard !text.isEmpty else { return nil }
        var total = 0
        var pending = 0
        for ch in text {
            if let d = digits[ch] {
                pending = d
            } else if let u = units[ch] {
                total += (pending == 0 ? 1 : pending) * u
                pending = 0
            } else {
                return nil
            }
        }
        total += pending
        return total > 0 ? total : nil
    }

    /// 61 → 六十一 (for showing article numbers the way statutes print them).
    public static func text(_ n: Int) -> String {
        let names = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0, n < 10000 else { return String(n) }
        var parts: [String] = []
        let thousands = n / 1000
        let hundreds = (n / 100) % 10
        let tens = (n / 10) % 10
        let ones = n % 10
        if thousands > 0 { parts.append(names[thousands] + "千") }
        if hundreds > 0 {
            parts.append(names[hundreds] + "百")
        } else if thousands > 0 && (tens > 0 || ones > 0) {
            parts.append("零")
        }
        if tens > 0 {
            parts.append((tens == 1 && n < 20 ? "" : names[tens]) + "十")
        } else if (thousands > 0 || hundreds > 0) && ones > 0 && parts.last != "零" {
            parts.append("零")
        }
        if ones > 0 { parts.append(names[ones]) }
        return parts.joined()
    }
}
