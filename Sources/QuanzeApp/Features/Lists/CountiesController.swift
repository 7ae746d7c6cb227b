import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// `/counties`: the counties this instance serves (a city or province deployment), each linking to its lists; the
/// choice is remembered for the pages that follow (`CountyChoice`).
enum CountiesController {
    struct Row: Encodable {
        var code: String
        var name: String
        var current: Bool
    }

    struct Model: Encodable {
        var rows: [Row]
        var total: Int
    }

    @Sendable static func page(_ request: Request, services: AppServices) async throws -> Response {
        let current = services.county
        let rows = try await CountyChoice.served(services).map {
            Row(code: $0.code, name: $0.name, current: $0.code == current)
        }
        return try Page.render(
            Model(rows: rows, total: rows.count), template: "lists/counties", title: "选择区县", section: "overview",
            services: services)
    }
}
