import Foundation
import SQLKit
import Testing

@testable import QuanzePersistence

/// Only values this code formats are written into a statement's text; anything else is bound.
@Suite("Inline SQL values")
struct SQLInlineTests {
    @Test("days, months, codes and whole numbers go inline; other text is bound; nil is NULL")
    func inlineOrBound() {
        for plain in ["2024-05-15", "2024-05", "510304", "township", "on_time", "A-1"] {
            #expect(SQLInline.text(plain) is SQLRaw, "\(plain)")
        }
        for outside in ["O'Brien", "a b", "许可", "x;--", "1e5.0", "a\"b", "a\\b", "a\u{0}b"] {
            #expect(SQLInline.text(outside) is SQLBind, "\(outside)")
        }
        #expect(SQLInline.text(nil) is SQLLiteral)
        #expect(SQLInline.int(nil as Int?) is SQLLiteral)
        #expect((SQLInline.int(-42) as? SQLRaw)?.sql == "-42")
        #expect((SQLInline.int(Int64.max) as? SQLRaw)?.sql == "9223372036854775807")
        #expect((SQLInline.text("2024-05") as? SQLRaw)?.sql == "'2024-05'")
    }
}
