import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// What the public asks of an item (UI.md 公开查询): in my township, who handles it, in whose name, since when, on
/// which decision, where to go and whom to call, and the published 委托书 or 赋权决定. The item page opens on this
/// 办事指引 card for the township chosen (`?township=`), and its table of townships carries the same answers per row.
///
/// Public contact fields are the unit's own (`UnitContact`: office address, public telephone, office hours) — the
/// unit enters them on `/units/{code}` for the public; no person's name, mobile or account is ever shown.
struct PublicGuide {
    /// One entry of the chosen township (an item may stand in its approval and its enforcement list).
    struct Line {
        var listLabel: String
        var modeLabel: String
        /// Who acts and in whose name: "大山铺镇以委托机关名义（市场监督管理局）办理".
        var acts: String
        var since: String
        var decision: String?
        var decisionLink: String?
        var documentTitle: String?
        var documentLink: String?
        var documentKind: String?
    }

    struct Contact {
        var address: String
        var phone: String
        var hours: String?
    }

    var townships: [FormOption]
    var chosen: String?
    var chosenName: String?
    var lines: [Line]
    var hasLines: Bool
    var contact: Contact?
    /// Said when no township is chosen, or when the chosen one does not hold the item.
    var summary: String?

    /// A row of the townships table as the public page shows it: the API's row plus the answers above.
    struct Row {
        var base: CatalogController.WhereView
        var nameLabel: String
        var decisionLink: String?
        var documentLink: String?
        var documentKind: String?
        var contact: Contact?
    }

    var rows: [Row]
    var filtered: Bool

    static func build(_ page: CatalogController.ItemPage, request: Request, services: AppServices) async throws
        -> PublicGuide
    {
        let county = services.county
        let all = try await services.townships(county: county)
        let chosen = try Query.text(request, "township", max: 12)
        if let chosen, !all.contains(where: { $0.0.code.value == chosen }) {
            throw AppError.badRequest("本区县没有代码为 \(chosen) 的镇街，请从列表中选择")
        }
        let documents = try await PublishedDocuments.load(county: county, item: page.item.code, services: services)
        var contacts: [String: Contact] = [:]
        for township in Set(page.assignments.map(\.township)) {
            if let c = try await services.contacts.find(county: county, unit: township) {
                contacts[township] = Contact(address: c.address, phone: c.phone, hours: c.hours.isEmpty ? nil : c.hours)
            }
        }
        /// The published document behind an entry: the one under the entry's own 文号, else one covering the
        /// township and the item.
        func document(_ w: CatalogController.WhereView) -> Agreement? {
            let covering = documents.filter { a in a.lines.contains { $0.unit == w.township } }
            return covering.first { $0.number == w.decision } ?? covering.first
        }
        let rows = page.assignments.map { w in
            let doc = document(w)
            let mode = AssignmentMode(rawValue: w.mode) ?? .statutory
            return Row(
                base: w, nameLabel: EntryStanding.nameLabel(mode),
                decisionLink: w.decision.map(DecisionsController.link),
                documentLink: doc.map { "/agreements/\($0.id)" },
                documentKind: doc.map { $0.mode == .entrusted ? "委托书" : "赋权决定" }, contact: contacts[w.township])
        }
        let chosenRows = rows.filter { $0.base.township == chosen }
        let chosenName = all.first { $0.0.code.value == chosen }?.0.name
        let separate = chosenRows.map { r in
            let mode = AssignmentMode(rawValue: r.base.mode) ?? .statutory
            let acts =
                mode == .entrusted
                ? "\(r.base.townshipName)以委托机关名义（\(r.base.actingName)）办理"
                : "\(r.base.townshipName)以本机关名义办理"
            return Line(
                listLabel: r.base.listLabel, modeLabel: r.base.modeLabel, acts: acts,
                since: (Day(iso: r.base.validFrom)?.chinese ?? r.base.validFrom) + "起",
                decision: r.base.decision, decisionLink: r.decisionLink, documentTitle: document(r.base)?.title,
                documentLink: r.documentLink, documentKind: r.documentKind)
        }
        // One line per decision and mode: an item granted into two lists by one decision reads once, naming both.
        var lines: [Line] = []
        for line in separate {
            if let i = lines.firstIndex(where: {
                $0.acts == line.acts && $0.since == line.since && $0.decision == line.decision
                    && $0.modeLabel == line.modeLabel && $0.documentLink == line.documentLink
            }) {
                lines[i].listLabel += "、" + line.listLabel
            } else {
                lines.append(line)
            }
        }
        let held = Set(rows.map(\.base.township)).count
        let summary: String?
        if let chosenName {
            summary =
                lines.isEmpty
                ? "截至\(page.asOfChinese)，\(chosenName)未承接本事项，由\(page.item.department)办理。" : nil
        } else {
            summary =
                held == 0
                ? "截至\(page.asOfChinese)，本事项未列入任何镇街清单，由\(page.item.department)办理。"
                : "截至\(page.asOfChinese)，本事项由 \(held) 个镇街办理。请选择您所在的镇街，查看由谁办理、以谁的名义、办事地址和咨询电话。"
        }
        return PublicGuide(
            townships: all.map {
                FormOption(value: $0.0.code.value, label: $0.0.name, selected: $0.0.code.value == chosen)
            },
            chosen: chosen, chosenName: chosenName, lines: lines, hasLines: !lines.isEmpty,
            contact: chosen.flatMap { contacts[$0] },
            summary: summary, rows: chosen == nil ? rows : chosenRows, filtered: chosen != nil)
    }
}

/// The public item page: the item's page (shared with `GET /api/v1/items/{code}`) and the 办事指引.
struct PublicItemPage {
    var page: CatalogController.ItemPage
    var guide: PublicGuide
    /// Decided accountability cases of the item in the county, per kind (counts only: no names on public pages).
    var accountability: AccountabilityCounts
    /// Approved public feedback and its form; evaluations and all counts for staff viewers.
    var feedback: ItemFeedbackView
    /// The item's guidance documents and discretion standard in force (the guidance library).
    var library: ItemGuidanceView
}
