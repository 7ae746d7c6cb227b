import Foundation
import Hummingbird
import Mustache
import QuanzeDomain

/// The frame around every page: header with the system name, the menu, the title, then the page's body.
struct Layout {
    var title: String
    /// Which menu entry is current (overview, items, decisions).
    var section: String
    var body: String
    var breadcrumb: [Crumb] = []
    var systemName = "镇街权责清单与赋权运行管理平台"
    /// Who is signed in (nil for the public); filled from `CurrentViewer` when the page is rendered.
    var viewer: Viewer? = CurrentViewer.identity.map(Viewer.init)
    /// The footer's issuing body: the county's 编办, else its government (from its organisations, never a name
    /// written into the template).
    var issuer: String = CurrentIssuer.name ?? ""
    /// The county chooser's link, when this instance serves more than one county.
    var chooseCounty: Bool = CurrentIssuer.otherCounties
    /// "演示数据仅供参考" only when the server runs the demo.
    var isDemo = false

    /// The signed-in user as the frame shows them, with the staff menu of their role.
    struct Viewer {
        var name: String
        var role: String
        var organization: String
        var csrf: String
        var links: [Link]

        init(_ identity: Identity) {
            name = identity.displayName
            role = identity.principal.role.label
            organization = identity.organizationName
            csrf = identity.csrf ?? ""
            links = StaffMenu.links(for: identity.principal)
        }
    }

    struct Link {
        var label: String
        var href: String
        var section: String
    }

    var staffLinks: [[String: Any]] {
        (viewer?.links ?? []).map { ["label": $0.label, "href": $0.href, "current": $0.section == section] }
    }

    var isOverview: Bool { section == "overview" }
    var isItems: Bool { section == "items" }
    var isDecisions: Bool { section == "decisions" }
    var isChanges: Bool { section == "changes" }
    var isDiscretion: Bool { section == "discretion" }
    var isOpenData: Bool { section == "opendata" }
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
        services: AppServices, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        let scope = PageScope(model: TemplateValues.flatten(model), csrf: CurrentViewer.identity?.csrf ?? "")
        guard let body = services.templates.render(scope, withTemplate: template) else {
            throw AppError(status: .internalServerError, code: "template", message: "页面模板缺失：\(template)")
        }
        var layout = Layout(title: title, section: section, body: body, breadcrumb: breadcrumb)
        layout.isDemo = services.isDemo
        let html = services.templates.render(TemplateValues.flatten(layout), withTemplate: "layout") ?? body
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The staff part of the menu: the pages each role works on.
enum StaffMenu {
    static func links(for principal: Principal) -> [Layout.Link] {
        var links = [Layout.Link(label: "工作台", href: "/workbench", section: "workbench")]
        switch principal.role {
        case .systemAdmin:
            links.append(.init(label: "账号管理", href: "/admin/accounts", section: "accounts"))
            links.append(.init(label: "单位管理", href: "/admin/organizations", section: "organizations"))
            links.append(.init(label: "通知发送队列", href: "/admin/outbox", section: "outbox"))
        case .securityAdmin: links.append(.init(label: "角色与令牌", href: "/security", section: "security"))
        case .auditAdmin: links.append(.init(label: "审计日志", href: "/audit", section: "audit"))
        case .township, .officer:
            if let unit = principal.unit {
                links.append(.init(label: "本单位", href: "/units/\(unit)", section: "units"))
                links.append(.init(label: "承接能力", href: "/units/\(unit)/capacity", section: "capacity"))
            }
        case .establishment, .justice, .supervisor:
            links.append(.init(label: "镇街单位", href: "/units", section: "units"))
            links.append(.init(label: "承接能力", href: "/capacity", section: "capacity"))
            links.append(.init(label: "调整建议", href: "/suggestions", section: "suggestions"))
        case .department:
            links.append(.init(label: "培训登记", href: "/capacity/courses", section: "capacity"))
        case .system: break
        }
        if [.establishment, .justice, .department, .township, .officer, .supervisor].contains(principal.role) {
            links.append(.init(label: "赋权下放", href: "/delegation", section: "delegation"))
            links.append(.init(label: "派驻机构", href: "/agencies", section: "agencies"))
        }
        if [.establishment, .justice, .department, .township, .supervisor].contains(principal.role) {
            links.append(.init(label: "治理权力", href: "/governance", section: "governance"))
            links.append(.init(label: "职责边界争议", href: "/disputes", section: "disputes"))
        }
        if GuidanceRules.publishers.contains(principal.role) {
            links.append(.init(label: "指导材料与裁量基准", href: "/guidance", section: "guidance"))
        }
        if [.establishment, .justice, .township, .supervisor].contains(principal.role) {
            links.append(.init(label: "资源保障", href: "/resources", section: "resources"))
            links.append(.init(label: "追责与容错", href: "/accountability", section: "accountability"))
            links.append(.init(label: "内审与考核", href: "/supervision", section: "supervision"))
        }
        if FeedbackController.evaluationViewers.contains(principal.role) {
            links.append(.init(label: "第三方评估", href: "/evaluations", section: "evaluations"))
        }
        if FeedbackController.feedbackViewers.contains(principal.role) {
            links.append(.init(label: "群众意见", href: "/feedback", section: "feedback"))
        }
        if [.establishment, .justice, .township, .supervisor].contains(principal.role) {
            links.append(.init(label: "年度运行报告", href: "/reports/annual", section: "reports"))
        }
        if AccessPolicy.allows(principal, .subscribe) && principal.role.mayUseWebLogin {
            links.append(.init(label: "变更订阅", href: "/subscriptions", section: "subscriptions"))
        }
        links.append(.init(label: "修改密码", href: "/account/password", section: "password"))
        return links
    }
}

/// Numbers and dates as pages print them: the one place for both (issue 13, point 7).
enum Format {
    /// A day in running text: 2023年12月31日 (ISO stays in inputs, code and machine files).
    static func day(_ day: Day) -> String { day.chinese }

    /// An ISO day (or the start of an ISO stamp, 2023-12-31T…) in running text; text that is not one stays as it is.
    static func day(iso text: String) -> String {
        guard text.count >= 10, let d = Day(iso: String(text.prefix(10))) else { return text }
        return d.chinese
    }

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
        [
            "isOverview": isOverview, "isItems": isItems, "isDecisions": isDecisions, "isDiscretion": isDiscretion,
            "isChanges": isChanges, "isOpenData": isOpenData,
            "hasBreadcrumb": hasBreadcrumb,
            "staffLinks": staffLinks, "issuer": issuer, "isDemo": isDemo,
        ]
    }
}

/// What a page template sees: its view model, plus `viewerCSRF` (the session's CSRF token for its forms).
struct PageScope: MustacheParent {
    let model: Any
    let csrf: String

    func child(named name: String) -> Any? {
        if name == "viewerCSRF" { return csrf }
        if let parent = model as? any MustacheParent { return parent.child(named: name) }
        if let dictionary = model as? [String: Any] { return dictionary[name].flatMap(unwrapped) }
        return Mirror(reflecting: model).descendant(name).flatMap(unwrapped)
    }
}

/// One choice of a `<select>` or a checkbox group on a staff or public form: its value, its words, and whether the
/// form shows it chosen (the one shape every page's filters and forms use).
struct FormOption: Encodable {
    var value: String
    var label: String
    var selected: Bool
}
