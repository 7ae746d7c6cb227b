import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The 履行职责事项清单 of a township (the national three-part form), derived from its five lists by `DutyList`:
/// a public page, the API and an XLSX in the national layout.
enum DutyListController {
    /// One line as the page, the API and the workbook show it.
    struct LineView: Encodable {
        var index: Int
        var itemCode: String
        var itemName: String
        var category: String
        /// 法定 / 赋权 / 委托 (codes and the Chinese way the form says how the duty is held).
        var modes: [String]
        var duty: String
        var lists: [String]
        var listLabels: String
        /// The departments the entries name: the lead department of a 配合 duty.
        var partners: [String]
        var partnerText: String
        var legalBasis: [String]
        var basisText: String
        var decisions: [String]
        var decisionText: String
        var since: String?
        /// The county department the item belongs to (the one a recall takes it back to).
        var department: String
        var recallDecision: String?
        var recalledOn: String?
        var entryIds: [String]
    }

    struct PartView: Encodable {
        var part: String
        var label: String
        var summary: String
        var count: Int
        var entryCount: Int
        var lines: [LineView]
        var isBasic: Bool
        var isCooperating: Bool
        var isRecalled: Bool
        var isEmpty: Bool
    }

    struct DutyListPage {
        var code: String
        var name: String
        var kindLabel: String
        var asOf: String
        var asOfChinese: String
        /// The entries in force, as printed (`Format.count`).
        var inForce: String
        var parts: [PartView]
        var xlsxHref: String
        var apiHref: String
    }

    struct DutyListDTO: Encodable {
        var township: APIController.TownshipDTO
        var asOf: String
        var entriesInForce: Int
        var parts: [PartView]
    }

    static func describe(_ line: DutyList.Line, index: Int, item: PowerItem?, townshipName: String) -> LineView {
        let duty: [String] = line.entries.map { e in
            if e.list == .territorial { return e.role?.label ?? e.mode.label }
            if e.mode == .entrusted, let partner = e.partner, !partner.isEmpty { return "委托（以\(partner)名义）" }
            return e.mode.label
        }
        let basis = item?.legalBases.map(\.display) ?? []
        let partners = line.partners
        return LineView(
            index: index, itemCode: line.itemCode, itemName: item?.name ?? line.itemCode,
            category: item?.category.label ?? "", modes: line.modes.map(\.rawValue),
            duty: DutyList.Line.unique(duty).joined(separator: "、"), lists: line.lists.map(\.rawValue),
            listLabels: line.lists.map(\.label).joined(separator: "、"), partners: partners,
            partnerText: partners.joined(separator: "、"), legalBasis: basis, basisText: basis.joined(separator: "；"),
            decisions: line.decisions, decisionText: line.decisions.joined(separator: "、"),
            since: line.since?.iso, department: item?.department ?? "", recallDecision: line.recallDecision,
            recalledOn: line.recalledOn?.iso, entryIds: line.entries.map(\.entryId))
    }

    /// The township's three parts on the day, described.
    static func load(_ code: RegionCode, on day: Day, services: AppServices) async throws -> (
        Region, TownshipKind, DutyList, [PartView]
    ) {
        let (region, kind) = try await services.township(code)
        let history = try await services.lists.history(county: code.county, township: code)
        let kinds = Dictionary(
            try await services.decisions.all(county: code.county).map { ($0.number, $0.kind) },
            uniquingKeysWith: { a, _ in a })
        let list = DutyList.derive(history, decisionKinds: kinds, on: day)
        let codes = DutyList.Part.allCases.flatMap { list.lines($0).map(\.itemCode) }
        let items = try await ListsController.itemsByCode(codes, county: code.county, services: services)
        let parts = DutyList.Part.allCases.map { part in
            let lines = list.lines(part).enumerated().map { i, line in
                describe(line, index: i + 1, item: items[line.itemCode], townshipName: region.name)
            }
            return PartView(
                part: part.rawValue, label: part.label, summary: part.summary, count: lines.count,
                entryCount: list.lines(part).reduce(0) { $0 + $1.entries.count }, lines: lines,
                isBasic: part == .basic, isCooperating: part == .cooperating, isRecalled: part == .recalled,
                isEmpty: lines.isEmpty)
        }
        return (region, kind, list, parts)
    }

    static func wantsXLSX(_ request: Request) throws -> Bool {
        guard let text = request.uri.queryParameters.get("format"), !text.isEmpty else { return false }
        switch text.lowercased() {
        case "xlsx": return true
        case "json", "html": return false
        default: throw AppError.badRequest("导出格式“\(text)”不正确，应为 xlsx")
        }
    }

    @Sendable static func page(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> Response
    {
        let code = try Query.township(context)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let xlsx = try wantsXLSX(request)
        let (region, kind, list, parts) = try await load(code, on: asOf, services: services)
        if xlsx { return workbook(region.name, asOf: asOf, parts: parts) }
        let page = DutyListPage(
            code: code.value, name: region.name, kindLabel: kind.label, asOf: asOf.iso, asOfChinese: asOf.chinese,
            inForce: Format.count(list.inForceCount),
            parts: parts,
            xlsxHref: TableControls.href(
                "/townships/\(code.value)/duties", [("asOf", asOf.iso), ("format", "xlsx")]),
            apiHref: TableControls.href("/api/v1/townships/\(code.value)/duties", [("asOf", asOf.iso)]))
        return try Page.render(
            page, template: "lists/duties", title: "\(region.name)履行职责事项清单", section: "overview",
            breadcrumb: [
                .init(label: "清单总览", href: "/"),
                .init(label: region.name, href: TableControls.href("/townships/\(code.value)", [("asOf", asOf.iso)])),
                .init(label: "履行职责事项清单", href: nil),
            ], services: services)
    }

    @Sendable static func api(_ request: Request, context: some RequestContext, services: AppServices) async throws
        -> Response
    {
        let code = try Query.township(context)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let xlsx = try wantsXLSX(request)
        let (region, kind, list, parts) = try await load(code, on: asOf, services: services)
        if xlsx { return workbook(region.name, asOf: asOf, parts: parts) }
        return JSONBody.response(
            DutyListDTO(
                township: .init(code: code.value, name: region.name, kind: kind.rawValue, kindLabel: kind.label),
                asOf: asOf.iso,
                entriesInForce: list.inForceCount, parts: parts))
    }

    /// The columns of each part's sheet in the national layout.
    static func columns(_ part: PartView) -> [String] {
        if part.isRecalled {
            return ["序号", "事项名称", "事项编码", "事项类型", "原履职方式", "原所在清单", "收回部门", "收回决定", "收回日期"]
        }
        if part.isCooperating {
            return ["序号", "事项名称", "事项编码", "事项类型", "牵头部门", "履职依据", "依据文件", "生效日期"]
        }
        return ["序号", "事项名称", "事项编码", "事项类型", "履职方式", "所在清单", "履职依据", "依据文件", "生效日期"]
    }

    static func cells(_ line: LineView, part: PartView) -> [TableValue] {
        let head: [TableValue] = [
            .number(line.index), .text(line.itemName), .text(line.itemCode), .text(line.category),
        ]
        let since: TableValue = line.since.flatMap(Day.init(iso:)).map(TableValue.day) ?? .empty
        if part.isRecalled {
            return head + [
                .text(line.duty), .text(line.listLabels), .text(line.department), .text(line.recallDecision ?? ""),
                line.recalledOn.flatMap(Day.init(iso:)).map(TableValue.day) ?? .empty,
            ]
        }
        if part.isCooperating {
            return head + [.text(line.partnerText), .text(line.basisText), .text(line.decisionText), since]
        }
        return head + [
            .text(line.duty), .text(line.listLabels), .text(line.basisText), .text(line.decisionText), since,
        ]
    }

    /// The workbook: one sheet per part, each headed by the township, the part and the day, then the columns.
    static func workbook(_ township: String, asOf: Day, parts: [PartView]) -> Response {
        var book = StreamingWorkbook(sheetNames: parts.map(\.label))
        var bytes = book.start()
        for part in parts {
            bytes += book.beginSheet()
            bytes += book.rows([[.text("\(township)履行职责事项清单——\(part.label)")]], header: true)
            bytes += book.rows([[.text("清单日期"), .day(asOf), .text("共 \(part.count) 项")]])
            bytes += book.rows([columns(part).map(TableValue.text)], header: true)
            bytes += book.rows(part.lines.map { cells($0, part: part) })
            bytes += book.endSheet()
        }
        bytes += book.finish()
        var fields = HTTPFields()
        fields[.contentType] = OpenDataset.Format.xlsx.mediaType
        fields[.contentDisposition] = TableControls.attachment(
            "\(township)履行职责事项清单_\(asOf.iso).xlsx", fallback: "duties.xlsx")
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

func addDutyListRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = DutyListController
    router.get("/townships/:code/duties") { r, c in try await C.page(r, context: c, services: s) }
    router.get("/api/v1/townships/:code/duties") { r, c in try await C.api(r, context: c, services: s) }
}
