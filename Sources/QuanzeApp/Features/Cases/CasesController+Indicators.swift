import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

extension CasesController {
    /// The figures of a cell or a sum of cells, as the API spells them.
    struct FiguresDTO: Encodable {
        var volume: Int
        var closed: Int
        var onTime: Int
        var overdue: Int
        var onTimeRate: Double?
        var meanDurationDays: Double?
        var satisfaction: Double?
        var departmentShare: Double?
        /// What the statutes require of the cases: checked, non-compliant, per check with its article.
        var compliance: ComplianceDTO

        init(_ c: IndicatorCell) {
            volume = c.volume
            closed = c.closed
            onTime = c.onTime
            overdue = c.overdue
            onTimeRate = c.onTimeRate
            meanDurationDays = c.meanDuration
            satisfaction = c.satisfaction
            departmentShare = c.departmentShare
            compliance = ComplianceDTO(c.compliance)
        }
    }

    /// One cell (or the total): where it is, then its figures at the same level of the JSON object.
    struct IndicatorDTO: Encodable {
        var township: String
        var itemCode: String
        var month: String
        var figures: FiguresDTO

        init(_ c: IndicatorCell) {
            township = c.township
            itemCode = c.itemCode
            month = c.month
            figures = FiguresDTO(c)
        }

        enum CodingKeys: String, CodingKey { case township, itemCode, month }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(township, forKey: .township)
            try container.encode(itemCode, forKey: .itemCode)
            try container.encode(month, forKey: .month)
            try figures.encode(to: encoder)
        }
    }

    /// One group of `groupBy`: its key (month, township code or item code), its name where it has one, its figures.
    struct GroupDTO: Encodable {
        var key: String
        var name: String?
        var figures: FiguresDTO

        enum CodingKeys: String, CodingKey { case key, name }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encodeIfPresent(name, forKey: .name)
            try figures.encode(to: encoder)
        }
    }

    struct IndicatorsDTO: Encodable {
        var from: String
        var to: String
        var total: IndicatorDTO
        /// Open records past their due day today (they become late without a new record, so counted when read).
        var openOverdue: Int
        /// The cells, when no grouping is asked for: one page of them (`offset`, `limit`), in the order township,
        /// item, month; `cellCount` is how many the selection has, `nextOffset` where the next page starts.
        var cells: [IndicatorDTO]?
        var cellCount: Int?
        var offset: Int?
        var limit: Int?
        var nextOffset: Int?
        var groupBy: String?
        /// The selection totalled per month, township or item, in the dashboards' order.
        var groups: [GroupDTO]?
    }

    /// The largest page of cells `GET /api/v1/indicators` answers, and the page it answers when none is asked.
    static let maximumCells = 5000
    static let defaultCells = 1000

    /// The period the API reads when none is asked for: the twelve months that end with the current one.
    static func defaultPeriod(_ today: Day) -> (from: String, to: String) {
        (String(today.addingMonths(-11).iso.prefix(7)), String(today.iso.prefix(7)))
    }

    /// Aggregate indicators are public (DESIGN §8): per township × item × month, and the total of the selection;
    /// with `groupBy` the totals per month, township or item instead of the cells — every figure of the dashboards.
    /// Bounded: without `from`/`to` the last twelve months; the cells in pages of at most `maximumCells`.
    @Sendable static func indicators(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let q = request.uri.queryParameters
        let dimension = try groupBy(request)
        let limit = try Query.int(request, "limit", default: defaultCells, range: 1...maximumCells)
        let offset = try Query.int(request, "offset", default: 0, range: 0...10_000_000)
        let period = defaultPeriod(services.today)
        // Without a grouping only the page of cells is read; the count and the total are the database's.
        let selection = try await IndicatorSelection.read(
            request, services: services, defaultFrom: period.from, defaultTo: period.to, township: q.get("township"),
            item: q.get("item"), page: dimension == nil ? (limit, offset) : nil)
        var total = selection.total
        total.township = selection.township ?? "全区"
        total.itemCode = selection.item ?? "全部"
        total.month = "\(selection.from)–\(selection.to)"
        let openOverdue = try await CaseStore(services.database).openOverdue(
            county: services.county, today: services.today, township: selection.township)
        var answer = IndicatorsDTO(
            from: selection.from, to: selection.to, total: IndicatorDTO(total), openOverdue: openOverdue)
        if let dimension {
            answer.groupBy = dimension.rawValue
            answer.groups = try await selection.groups(by: dimension, services: services).map {
                GroupDTO(key: $0.key, name: $0.name, figures: FiguresDTO($0.total))
            }
        } else {
            answer.cells = selection.cells.map(IndicatorDTO.init)
            answer.cellCount = selection.cellCount
            answer.offset = offset
            answer.limit = limit
            answer.nextOffset =
                offset + selection.cells.count < selection.cellCount ? offset + selection.cells.count : nil
        }
        return JSONBody.response(answer)
    }

    /// The `groupBy` parameter: nil when absent, 400 when it names no dimension.
    static func groupBy(_ request: Request) throws -> IndicatorCell.Dimension? {
        guard let text = request.uri.queryParameters.get("groupBy"), !text.isEmpty else { return nil }
        guard let dimension = IndicatorCell.Dimension(rawValue: text) else {
            throw AppError.badRequest("参数 groupBy 应为 month（按月）、township（按镇街）或 item（按事项），收到“\(text)”")
        }
        return dimension
    }
}
