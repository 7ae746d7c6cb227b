import Foundation
import Testing

@testable import QuanzeDomain

@Suite("LawParser, ChineseNumeral and ArticleRef")
struct LawParserTests {
    static let sample = """
        # 中华人民共和国示例法

        2020年1月1日 第十三届全国人民代表大会常务委员会通过

        第九条 这一行在 INFO END 之前，不是条文。

        <!-- INFO END -->

        ## 第一章 总则

        第一条 为了规范示例，制定本法。

        第二条 本法适用于示例。

        乡镇人民政府应当配合。

        第三条规定的事项，依照本条办理。

        ## 第二章 法律责任

        ### 第一节 一般规定

        第十条\u{3000}违反本法的，处一千元罚款。

        第一百零五条 本法自公布之日起施行。
        """

    @Test("splits a file name into the law's name and version")
    func nameAndVersion() throws {
        // setup
        let fileName = "畜牧法(2015-04-24).md"
        // act
        let (name, version) = try LawParser.nameAndVersion(fileName: fileName)
        // check
        #expect(name == "畜牧法")
        #expect(version == Day(iso: "2015-04-24"))
    }

    @Test("accepts the full-width brackets Chinese Windows saves a statute's file name with")
    func nameAndVersionFullWidth() throws {
        // setup
        let fileName = "某省特种设备安全条例（2024-03-01）.md"
        // act
        let (name, version) = try LawParser.nameAndVersion(fileName: fileName)
        // check
        #expect(name == "某省特种设备安全条例")
        #expect(version.iso == "2024-03-01")
    }

    @Test("accepts a file name without the .md extension")
    func nameAndVersionWithoutExtension() throws {
        // setup
        let fileName = "行政处罚法(2021-01-22)"
        // act
        let (name, version) = try LawParser.nameAndVersion(fileName: fileName)
        // check
        #expect(name == "行政处罚法")
        #expect(version.iso == "2021-01-22")
    }

    @Test(
        "refuses file names without a name or a real version date",
        arguments: ["畜牧法.md", "畜牧法(2015-02-30).md", "(2015-04-24).md", "畜牧法(2015-04-24)x.md", "畜牧法（2015-04-24.md"])
    func badFileNames(fileName: String) {
        // setup
        let input = fileName
        // act
        let result = Result { () throws(LawParser.Failure) in try LawParser.nameAndVersion(fileName: input) }
        // check
        #expect(throws: LawParser.Failure.badFileName(input)) { try result.get() }
    }

    @Test("splits articles, keeps every paragraph and follows chapters")
    func parsesSample() throws {
        // setup
        let text = Self.sample
        // act
        let law = try LawParser.parse(fileName: "示例法(2020-01-01).md", text: text)
        // check
        #expect(law.name == "示例法")
        #expect(law.title == "中华人民共和国示例法")
        #expect(law.version.iso == "2020-01-01")
        #expect(law.articles.map(\.number) == [1, 2, 10, 105])
        #expect(law.articles.map(\.chapter) == ["第一章 总则", "第一章 总则", "第二章 法律责任", "第二章 法律责任"])
        #expect(law.articles[0].text == "为了规范示例，制定本法。")
        #expect(law.articles[1].text == "本法适用于示例。\n乡镇人民政府应当配合。\n第三条规定的事项，依照本条办理。")
        #expect(law.articles[2].text == "违反本法的，处一千元罚款。")
        #expect(law.articles[3].text == "本法自公布之日起施行。")
    }

    @Test("without an INFO END marker the body starts at the top")
    func parsesWithoutInfoMarker() throws {
        // setup
        let text = "# 某条例\n\n第一条 总则。\n第二条 附则。\n第二款。\n"
        // act
        let law = try LawParser.parse(fileName: "某条例(2003-11-24).md", text: text)
        // check
        #expect(law.title == "某条例")
        #expect(law.articles.map(\.number) == [1, 2])
        #expect(law.articles.map(\.chapter) == ["", ""])
        #expect(law.articles[1].text == "附则。\n第二款。")
    }

    @Test("a file without any article is refused with its name")
    func noArticles() {
        // setup
        let text = "# 空法\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n本章没有条文。\n"
        // act
        let result = Result { () throws(LawParser.Failure) in
            try LawParser.parse(fileName: "空法(2020-01-01).md", text: text)
        }
        // check
        #expect(throws: LawParser.Failure.noArticles("空法(2020-01-01).md")) { try result.get() }
    }

    @Test("a bad file name is refused before the text is read")
    func parseRefusesBadFileName() {
        // setup
        let text = Self.sample
        // act
        let result = Result { () throws(LawParser.Failure) in try LawParser.parse(fileName: "示例法.md", text: text) }
        // check
        #expect(throws: LawParser.Failure.badFileName("示例法.md")) { try result.get() }
    }

    @Test(
        "recognises an article head only when a space follows 条",
        arguments: [
            ("第一条 正文", 1), ("第一百二十三条\u{3000}正文", 123), ("第三条规定的", nil), ("第三条", nil),
            ("第X条 正文", nil), ("一条 正文", nil), ("第一二三四五六七八九条 正文", nil),
        ])
    func articleHeads(line: String, number: Int?) {
        // setup
        let input = line
        // act
        let head = LawParser.articleHead(input)
        // check
        #expect(head?.0 == number)
        if number != nil { #expect(head?.1 == "正文") }
    }

    /// The shared law texts, found from this source file (package root → ../shared/data/laws), so the test runs
    /// wherever the repository and its `shared` sibling are checked out.
    static let laws = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/laws")

    @Test("parses the real 行政处罚法 (2021-01-22): 86 articles, 第24条 hands powers to 乡镇人民政府")
    func parsesRealAdministrativePenaltyLaw() throws {
        // setup
        let fileName = "行政处罚法(2021-01-22).md"
        let text = try String(contentsOf: Self.laws.appendingPathComponent(fileName), encoding: .utf8)
        // act
        let law = try LawParser.parse(fileName: fileName, text: text)
        // check
        #expect(law.name == "行政处罚法")
        #expect(law.title == "中华人民共和国行政处罚法")
        #expect(law.version.iso == "2021-01-22")
        #expect(law.articles.map(\.number) == Array(1...86))
        let article24 = try #require(law.articles.first { $0.number == 24 })
        #expect(article24.text.contains("乡镇人民政府"))
        #expect(article24.text.hasPrefix("省、自治区、直辖市根据当地实际情况"))
        #expect(article24.text.contains("\n承接行政处罚权的乡镇人民政府"))
        #expect(article24.chapter == "第四章 行政处罚的管辖和适用")
        let article39 = try #require(law.articles.first { $0.number == 39 })
        #expect(article39.chapter == "第五章 行政处罚的决定")
        let last = try #require(law.articles.last)
        #expect(last.number == 86)
        #expect(last.text == "本法自2021年7月15日起施行。")
        #expect(last.chapter == "第八章 附则")
    }

    @Test(
        "reads Chinese numerals",
        arguments: [
            ("一", 1), ("九", 9), ("十", 10), ("十五", 15), ("二十", 20), ("二十四", 24), ("八十六", 86),
            ("一百零五", 105), ("一百一十", 110), ("一百二十三", 123), ("二百", 200), ("两百", 200),
            ("一千零一", 1001), ("一千零一十", 1010), ("九千九百九十九", 9999),
        ])
    func chineseNumeralValues(text: String, value: Int) {
        // setup
        let input = text
        // act
        let result = ChineseNumeral.value(input)
        // check
        #expect(result == value)
    }

    @Test("refuses empty, zero and non-numeral text", arguments: ["", "零", "〇", "廿", "1", "十a", "第一"])
    func chineseNumeralRefuses(text: String) {
        // setup
        let input = text
        // act
        let result = ChineseNumeral.value(input)
        // check
        #expect(result == nil)
    }

    @Test(
        "writes numbers the way statutes print them",
        arguments: [
            (1, "一"), (10, "十"), (15, "十五"), (20, "二十"), (61, "六十一"), (105, "一百零五"), (110, "一百一十"),
            (123, "一百二十三"), (200, "二百"), (1001, "一千零一"), (1010, "一千零一十"), (0, "0"), (10_000, "10000"),
        ])
    func chineseNumeralText(number: Int, text: String) {
        // setup
        let input = number
        // act
        let result = ChineseNumeral.text(input)
        // check
        #expect(result == text)
    }

    @Test("text and value are inverse for 1 through 9999")
    func chineseNumeralRoundTrip() {
        // setup
        let numbers = Array(1...9999)
        // act
        let wrong = numbers.filter { ChineseNumeral.value(ChineseNumeral.text($0)) != $0 }
        // check
        #expect(wrong.isEmpty)
    }

    @Test("parses a catalogue article reference and prints it back")
    func articleRefParsing() throws {
        // setup
        let text = " 畜牧法(2015-04-24)第61条 "
        // act
        let ref = try #require(ArticleRef(parsing: text))
        // check
        #expect(ref == ArticleRef(law: "畜牧法", version: Day(iso: "2015-04-24")!, article: 61))
        #expect(ref.description == "畜牧法(2015-04-24)第61条")
        #expect(ref.display == "《畜牧法》（2015年4月24日版）第61条")
    }

    @Test(
        "refuses malformed article references",
        arguments: [
            "畜牧法(2015-04-24)第61", "畜牧法(2015-04-24)第六十一条", "畜牧法(2015-04-24)第0条", "畜牧法(2015-02-30)第61条",
            "(2015-04-24)第61条", "畜牧法2015-04-24第61条", "畜牧法(2015-04-24)61条", "",
        ])
    func articleRefRefuses(text: String) {
        // setup
        let input = text
        // act
        let ref = ArticleRef(parsing: input)
        // check
        #expect(ref == nil)
    }

    @Test("trims ASCII and full-width spaces, tabs, BOM and line ends but not inner spaces")
    func trimming() {
        // setup
        let text = "\u{FEFF}\u{3000} \t白马 镇\r\n\u{3000}"
        // act
        let trimmed = text.trimmingSpaces()
        // check
        #expect(trimmed == "白马 镇")
    }
}
