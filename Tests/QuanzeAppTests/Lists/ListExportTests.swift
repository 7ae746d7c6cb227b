import Testing

@testable import QuanzeApp

@Suite("quanze export list")
struct ListExportTests {
    @Test(
        "a cell a spreadsheet would run as a formula is neutralised; quoting keeps commas and quotes",
        arguments: [
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+1", "'+1"), ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("大山铺镇", "大山铺镇"),
            ("a,b", "\"a,b\""), ("2023-06-01", "2023-06-01"),
        ])
    func cells(given: String, written: String) {
        // act
        let cell = ListExportCSV.field(given)
        // check
        #expect(cell == written)
    }
}
