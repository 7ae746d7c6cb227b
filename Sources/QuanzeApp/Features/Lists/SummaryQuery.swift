import QuanzeDomain
import QuanzePersistence

/// Entry counts per list kind, per township and in total, as of a day (overview page and `/api/v1/summary`).
struct Summary: Encodable {
    struct Township: Encodable {
        var code: String
        var name: String
        var kind: String
        var kindLabel: String
        var counts: [String: Int]
        var total: Int
    }

    var county: String
    var asOf: String
    var townships: [Township]
    var totals: [String: Int]
    var total: Int
}

enum SummaryQuery {
    static func run(county: String, asOf: Day, services: AppServices) async throws -> Summary {
        let units = try await services.townships(county: county)
        guard !units.isEmpty else { throw AppError.notFound("没有区县代码为 \(county) 的镇街数据") }
        let counts = try await services.lists.counts(county: county, on: asOf)
        var totals = Dictionary(uniqueKeysWithValues: ListKind.allCases.map { ($0.rawValue, 0) })
        let rows = units.map { region, kind in
            var c = Dictionary(uniqueKeysWithValues: ListKind.allCases.map { ($0.rawValue, 0) })
            for (list, n) in counts[region.code] ?? [:] {
                c[list.rawValue] = n
                totals[list.rawValue, default: 0] += n
            }
            return Summary.Township(
                code: region.code.value, name: region.name, kind: kind.rawValue, kindLabel: kind.label, counts: c,
                total: c.values.reduce(0, +))
        }
        return Summary(
            county: county, asOf: asOf.iso, townships: rows, totals: totals, total: totals.values.reduce(0, +))
    }
}
