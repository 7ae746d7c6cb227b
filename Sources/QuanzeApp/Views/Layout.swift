import Foundation
import Hummingbird
import Mustache

/// The frame around every page: header with the system name, the menu, the title, then the page's body.
struct Layout {
    var title: String
    /// Which menu entry is current (overview, items, decisions).
    var section: String
    var body: String
    var breadcrumb: [Crumb] = []
    var systemName = "镇街权责清单与赋权运行管理平台"

    var isOverview: Bool { section == "overview" }
    var isItems: Bool { section == "items" }
    var isDecisions: Bool { section == "decisions" }
    var hasBreadcrumb: Bool { !breadcrumb.isEmpty }

    struct Crumb {
        var label: String
        var href: String?
    }
}

/// Renders a page template inside the layout.
enum Page {
    static func render(
        _ model: Any, template: String, title: String, section: String, breadcrumb: [Layout.Crumb] = [],
        services: AppServices
    ) throws -> Response {
        guard let body = services.templates.render(model, withTemplate: template) else {
            throw AppError(status: .internalServerError, code: "template", message: "页面模板缺失：\(template)")
        }
        let layout = Layout(title: title, section: section, body: body, breadcrumb: breadcrumb)
        let html = services.templates.render(layout, withTemplate: "layout") ?? body
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Number formatting as tables show it.
enum Format {
    static func count(_ n: Int) -> String {
        let s = String(n)
        guard n >= 10000 else { return s }
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }
}

extension Layout: ComputedView {
    var computed: [String: Any] {
        ["isOverview": isOverview, "isItems": isItems, "isDecisions": isDecisions, "hasBreadcrumb": hasBreadcrumb]
    }
}
