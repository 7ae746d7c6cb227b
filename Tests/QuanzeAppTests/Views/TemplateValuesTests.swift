import Foundation
import Mustache
import QuanzeDomain
import Testing

@testable import QuanzeApp

/// Flattening a view model before rendering changes how fast the template reads it, never what it prints.
@Suite("Template values")
struct TemplateValuesTests {
    struct Cell {
        var label: String
        var note: String?
        var count: Int
    }

    struct Row: ComputedView {
        var name: String
        var cells: [Cell]
        var tags: [String]
        var missing: Cell?
        var present: Cell?
        var computed: [String: Any] { ["shout": name.uppercased(), "many": cells.count > 1] }
    }

    enum Tone: String { case ok, bad }

    struct Model {
        var title: String
        var day: Day
        var tone: Tone
        var rows: [Row]
        var empty: [Row]
        var flags: [String: Any]
        var ratio: Double
        var on: Bool
    }

    static let template = """
        {{title}} {{day}} {{tone}} {{ratio}} {{#on}}on{{/on}}{{^on}}off{{/on}}
        {{#rows}}[{{name}} {{shout}} {{#many}}many{{/many}}{{^many}}one{{/many}} {{count(cells)}} {{title}}
        {{#cells}}<{{label}}|{{note}}|{{count}}|{{#note}}has note{{/note}}{{^note}}no note{{/note}}|{{name}}>{{/cells}}
        {{#tags}}#{{.}}{{/tags}} {{#missing}}MISSING {{label}}{{/missing}}{{#present}}present {{label}}{{/present}}
        {{present.label}} {{missing.label}}]{{/rows}}
        {{^empty}}none{{/empty}} {{#empty(rows)}}no rows{{/empty(rows)}} {{flags.a}} {{#flags.b}}b{{/flags.b}}
        """

    @Test("a page renders the same from the model and from its flattened values")
    func same() throws {
        let library = MustacheLibrary(templates: ["t": try MustacheTemplate(string: Self.template)])
        let model = Model(
            title: "标题", day: Day(year: 2023, month: 6, day: 30)!, tone: .bad,
            rows: [
                Row(
                    name: "ab", cells: [Cell(label: "一", note: nil, count: 1), Cell(label: "二", note: "注", count: 2)],
                    tags: ["x", "y"], missing: nil, present: Cell(label: "在", note: nil, count: 0)),
                Row(name: "c", cells: [], tags: [], missing: nil, present: nil),
            ], empty: [], flags: ["a": "甲", "b": true, "c": Optional<String>.none as Any], ratio: 0.5, on: false)
        // act
        let plain = library.render(model, withTemplate: "t")
        let flat = library.render(TemplateValues.flatten(model), withTemplate: "t")
        // check
        #expect(plain != nil)
        #expect(flat == plain)
        #expect(plain?.contains("[ab AB many 2 标题") == true, "a row reads its parent's title through the stack")
        #expect(plain?.contains("<一||1|no note|ab>") == true)
        #expect(plain?.contains("#x#y present 在") == true)
        #expect(plain?.contains("2023-06-30 bad 0.5 off") == true)
        #expect(TemplateValues.flatten(model) is [String: Any])
    }
}
