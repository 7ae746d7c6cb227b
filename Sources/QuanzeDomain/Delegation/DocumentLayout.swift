/// The page geometry of official documents after GB/T 9704-2012: a text block of 22 lines of 28 characters (3号
/// 仿宋), titles in 2号 小标宋 (at most 20 characters in the block's width), pages of blocks that are never split.
/// Pure functions, so the printed page is computed (and tested) here rather than left to a browser: Chromium
/// prints neither `@page :left/:right` nor margin boxes, so page numbers are placed on pages the layout made.
public enum DocumentLayout {
    public static let charactersPerLine = 28
    public static let linesPerPage = 22
    /// 2号 (22 pt) characters across the 156 mm text block.
    public static let titleCharactersPerLine = 20

    /// The width of a text in characters of the body face: Chinese characters and full-width punctuation 1,
    /// ASCII (digits, Latin letters) a half.
    public static func width(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 0.5 : 1) }
    }

    /// The lines a paragraph takes in a column `columns` characters wide, its first line indented `indent`.
    public static func lineCount(_ text: String, indent: Double = 2, columns: Double = 28) -> Int {
        guard columns > 0 else { return 1 }
        let total = indent + width(text)
        return max(1, Int((total / columns).rounded(.up)))
    }

    /// The title's lines: the fewest lines of at most `width` characters that never break inside one of `parts`
    /// (the title's meaningful units: issuer, 关于…, partner, subject, kind of document), as even as possible
    /// (the longest line as short as possible, then the longer lines first). A part longer than a line is the only
    /// thing ever cut, at the line's width.
    public static func titleLines(_ parts: [String], width: Int = titleCharactersPerLine) -> [String] {
        let limit = Double(width)
        var units: [String] = []
        for part in parts where !part.isEmpty {
            if Self.width(part) <= limit {
                units.append(part)
                continue
            }
            var chunk = ""
            for character in part {
                if Self.width(chunk + String(character)) > limit {
                    units.append(chunk)
                    chunk = ""
                }
                chunk.append(character)
            }
            if !chunk.isEmpty { units.append(chunk) }
        }
        guard units.count > 1 else { return units }
        // Every way of breaking between units (2^(n-1); titles have a handful of parts).
        var best: (lines: [String], key: [Double])?
        let gaps = units.count - 1
        for mask in 0..<(1 << gaps) {
            var lines: [String] = []
            var current = units[0]
            for index in 1..<units.count {
                if mask & (1 << (index - 1)) != 0 {
                    lines.append(current)
                    current = units[index]
                } else {
                    current += units[index]
                }
            }
            lines.append(current)
            let widths = lines.map { Self.width($0) }
            guard widths.allSatisfy({ $0 <= limit }) else { continue }
            // Fewest lines, then the shortest longest line, then longer lines first (上长下短).
            let key = [Double(lines.count), widths.max() ?? 0] + widths.map { -$0 }
            if best == nil || key.lexicographicallyPrecedes(best!.key) { best = (lines, key) }
        }
        return best?.lines ?? units
    }

    /// Puts blocks of known heights (in lines) on pages of `capacity` lines without splitting one: a block that
    /// does not fit on the page begun goes to the next; a block in `newPage` always starts one. Answers the
    /// blocks of each page.
    public static func paginate(_ heights: [Int], newPage: Set<Int> = [], capacity: Int = linesPerPage) -> [[Int]] {
        var pages: [[Int]] = []
        var current: [Int] = []
        var used = 0
        for (index, height) in heights.enumerated() {
            if !current.isEmpty && (newPage.contains(index) || used + height > capacity) {
                pages.append(current)
                current = []
                used = 0
            }
            current.append(index)
            used += height
        }
        if !current.isEmpty { pages.append(current) }
        return pages
    }

    /// Where a Western (ASCII) space stands between two Chinese characters or full-width marks: Chinese running
    /// text has none (GB/T 15834). Answers each offending spot with its neighbours.
    public static func westernSpacesInChinese(_ text: String) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        var index = 1
        while index < characters.count - 1 {
            if characters[index] == " " {
                var end = index
                while end < characters.count - 1 && characters[end] == " " { end += 1 }
                if isChinese(characters[index - 1]) && isChinese(characters[end]) {
                    found.append(String(characters[max(0, index - 6)..<min(characters.count, end + 6)]))
                }
                index = end
            }
            index += 1
        }
        return found
    }

    /// A Chinese character or a full-width mark (CJK punctuation, full-width forms, Chinese quotation marks).
    public static func isChinese(_ character: Character) -> Bool {
        character.unicodeScalars.contains { s in
            (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
                || (0x3000...0x303F).contains(s.value) || (0xFF00...0xFFEF).contains(s.value)
                || [0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026].contains(s.value)
        }
    }
}
