import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's processing steps (办理环节) of the 15 licences on the approval list before and after they were handed
/// down (`Demo/processing-steps.csv`: 105 steps before, 42 after — the report's 审批环节优化减少60%), citing an
/// invented county document (《大安区深化政务服务标准化规范化便利化建设实施方案》, 大安府办发〔2022〕18号; the report names
/// neither). Written through `ReportService` as 编办 writes them (one transaction, one audit entry per item).
enum DemoReport {
    static let url = Bundle.quanzeResources.appendingPathComponent("Demo/processing-steps.csv")

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let county = DemoDistrict.county
        let service = ReportService(database)
        guard try await service.steps(county: county).isEmpty else { return }
        let data = try Data(contentsOf: url)
        let rows: [CSVRow]
        do throws(CSVReader.Failure) {
            rows = try CSVReader.table(
                try CSVReader.decode(data), required: ["item_code", "before", "after", "document"])
        } catch { throw error }
        var list: [ProcessingSteps] = []
        for row in rows {
            func v(_ k: String) -> String { row.values[k] ?? "" }
            do throws(ReportFailure) {
                list.append(
                    try ProcessingSteps.make(
                        county: county, itemCode: v("item_code"), itemName: "", before: v("before"), after: v("after"),
                        document: v("document"), number: v("number"), provision: v("provision")))
            } catch { throw error }
        }
        try await service.setSteps(list, county: county, actor: .system, at: now)
    }
}
