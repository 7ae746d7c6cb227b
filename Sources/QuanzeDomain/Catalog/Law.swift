/// One version of a law or regulation, keyed by its short name and version date.
public struct LawVersion: Hashable, Sendable, Codable {
    public var name: String
    public var title: String
    public var version: Day
    public var articles: [Article]
    /// The day the version comes into force (施行), when it is not the version date: 畜牧法(2022-10-30) applies from
    /// 2023-03-01. Nil means from the version date (a 修正 in force on promulgation).
    public var inForce: Day?

    public init(name: String, title: String, version: Day, articles: [Article], inForce: Day? = nil) {
        self.name = name
        self.title = title
        self.version = version
        self.articles = articles
        self.inForce = inForce
    }
}

/// One article (第X条) of a law version, with its whole text over all its paragraphs.
public struct Article: Hashable, Sendable, Codable {
    public var number: Int
    public var chapter: String
    public var text: String

    public init(number: Int, chapter: String, text: String) {
        self.number = number
        self.chapter = chapter
        self.text = text
    }
}

/// A reference from an item to one article of one law version: `畜牧法(2015-04-24)第61条`.
public struct ArticleRef: Hashable, Sendable, Codable, CustomStringConvertible {
    public var law: String
    public var version: Day
    public var article: Int

    public init(law: String, version: Day, article: Int) {
        self.law = law
        self.version = version
        self.article = article
    }

    /// Parses the catalogue form `LAW(YYYY-MM-DD)第N条`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces()
        guard let open = trimmed.lastIndex(of: "("), let close = trimmed.lastIndex(of: ")"), open < close,
            trimmed.hasSuffix("条")
        else { return nil }
        let law = String(trimmed[..<open]).trimmingSpaces()
        guard !law.isEmpty, let version = Day(iso: String(trimmed[trimmed.index(after: open)..<close])) else {
            return nil
        }
        let rest = trimmed[trimmed.index(after: close)...]
        guard rest.hasPrefix("第") else { return nil }
        let digits = rest.dropFirst().dropLast()
        guard let number = Int(digits), number > 0 else { return nil }
        self.init(law: law, version: version, article: number)
    }

    public var description: String { "\(law)(\(version.iso))第\(article)条" }
    /// How a citizen reads it: 《畜牧法》第六十一条 is written with Arabic numerals here for clarity.
    public var display: String { "《\(law)》（\(version.chinese)版）第\(article)条" }
}

extension String {
    /// Trims ASCII and full-width spaces, tabs and line ends.
    public func trimmingSpaces() -> String {
        let spaces: Set<Character> = [" ", "\t", "\n", "\r", "\u{3000}", "\u{FEFF}", "\r\n"]
        var s = Substring(self)
        while let first = s.first, spaces.contains(first) { s = s.dropFirst() }
        while let last = s.last, spaces.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
