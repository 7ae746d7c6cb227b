import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The decisions register (文件登记): every 文号 that changed a list, with what it changed.
enum DecisionsController {
    struct Row: Encodable {
        var number: String
        var title: String
        var issuer: String
        var date: String
        var kind: String
        var kindLabel: String
        var publishedOn: String?
        var added: Int
        var ended: Int
    }

    struct RegisterPage {
        var rows: [Row]
        var total: Int
    }

    static func rows(services: AppServices) async throws -> [Row] {
        let decisions = try await services.decisions.all(county: services.county)
        let counts = try await services.decisions.entryCounts(county: services.county)
        return decisions.map { d in
            Row(
                number: d.number, title: d.title, issuer: d.issuer, date: d.date.iso, kind: d.kind.rawValue,
                kindLabel: d.kind.label, publishedOn: d.publishedOn?.iso, added: counts[d.number]?.added ?? 0,
                ended: counts[d.number]?.ended ?? 0)
        }
    }

    @Sendable static func register(_ request: Request, services: AppServices) async throws -> Response {
        let rows = try await rows(services: services)
        return try Page.render(
            RegisterPage(rows: rows, total: rows.count), template: "decisions/register", title: "决定文件登记",
            section: "decisions", services: services)
    }
}
