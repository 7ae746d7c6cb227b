import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// `/units/{code}/capacity/fit`: with `?item=`, each requirement of the item held or missing with its evidence;
/// without, the items on the unit's lists on the day whose requirements it does not all meet.
extension CapacityController {
    /// An item of the unit's lists with the requirements it lacks.
    struct GapView {
        var itemCode: String
        var itemName: String
        var lists: String
        var missing: String
    }

    /// The view model of `capacity/fit`: one item's fit, or the unit's gaps.
    struct FitPage {
        var code: String
        var name: String
        var asOf: String
        var asOfChinese: String
        var item: String
        var hasItem: Bool
        var itemName: String
        var itemCategory: String
        var itemDepartment: String
        var fits: [FitView]
        var fit: Bool
        var noRequirements: Bool
        var gaps: [GapView]
        var itemCount: Int
    }

    @Sendable static func fit(_ request: Request, context: AppContext, services: AppServices) async throws -> Response {
        let code = try Query.township(context)
        try await Guard.require(.viewUnit(county: code.county, unit: code.value), request, context, services)
        let (region, _) = try await services.township(code)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let itemCode = try Query.text(request, "item", max: 40)
        let snapshot = try await CapacityStore(services.database).snapshot(county: code.county, unit: code.value)
        var model = FitPage(
            code: code.value, name: region.name, asOf: asOf.iso, asOfChinese: asOf.chinese, item: itemCode ?? "",
            hasItem: itemCode != nil, itemName: "", itemCategory: "", itemDepartment: "", fits: [], fit: true,
            noRequirements: false, gaps: [], itemCount: 0)
        if let itemCode {
            guard let item = try await services.items.item(county: code.county, code: itemCode) else {
                throw AppError.notFound("没有编码为“\(itemCode)”的事项")
            }
            let fits = CapacityFit.evaluate(item.requirements, snapshot: snapshot, on: asOf)
            model.itemName = item.name
            model.itemCategory = item.category.label
            model.itemDepartment = item.department
            model.fits = fits.map(FitView.init)
            model.fit = CapacityFit.isFit(fits)
            model.noRequirements = fits.isEmpty
        } else {
            let entries = try await services.lists.inForce(county: code.county, township: code, on: asOf)
            let lists = Dictionary(grouping: entries, by: \.itemCode).mapValues { group in
                ListKind.allCases.filter { kind in group.contains { $0.list == kind } }.map(\.shortLabel)
                    .joined(separator: "、")
            }
            let items = try await services.items.items(county: code.county, codes: Array(lists.keys))
            model.itemCount = items.count
            for item in items.sorted(by: { $0.code < $1.code }) {
                let missing = CapacityFit.evaluate(item.requirements, snapshot: snapshot, on: asOf).filter { !$0.held }
                guard !missing.isEmpty else { continue }
                model.gaps.append(
                    GapView(
                        itemCode: item.code, itemName: item.name, lists: lists[item.code] ?? "",
                        missing: missing.map(\.requirement.label).joined(separator: "；")))
            }
        }
        return try Page.render(
            model, template: "capacity/fit", title: "\(region.name) · 承接能力匹配", section: "units",
            breadcrumb: [
                .init(label: "镇街单位", href: "/units"), .init(label: region.name, href: "/units/\(code.value)"),
                .init(label: "承接能力", href: "/units/\(code.value)/capacity"), .init(label: "能力匹配", href: nil),
            ], services: services)
    }
}
