import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Rule R5's staff routes (编办): the county's article maps between law versions (条文对照, a CSV as
/// `quanze import article-map` reads it), and the amendment of an item's legal basis by a registered decision —
/// the path that clears the R5 flag on the item.
enum LegalBasisController {
    struct Written: Encodable {
        var written: Int
    }

    struct Amended: Encodable {
        var code: String
        var version: Int
        var legalBasis: [String]
        var decision: String
    }

    /// `POST /api/v1/law-maps` with the CSV as the body (text/csv, or application/octet-stream for GB18030): 201
    /// with the number of rows written, or 422 naming every problem and writing nothing.
    @Sendable static func importMap(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageLegalBases, request, context, services)
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let report = try await services.laws.importMappings(
            Data(buffer: buffer), county: principal.county, actor: principal.actor, now: services.now,
            source: "条文对照（接口）")
        return JSONBody.response(Written(written: report.written), status: .created)
    }

    /// `POST /api/v1/items/{code}/legal-basis` with `decision` (a registered 文号) and `legalBasis`
    /// (`畜牧法(2022-10-30)第81条`, several separated by `;`): 200 with the item's new version.
    @Sendable static func amend(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageLegalBases, request, context, services)
        let code = try CatalogController.itemCode(context)
        let input = try await DelegationInput.read(request)
        let item = try await services.items.amendLegalBasis(
            county: principal.county, code: code, legalBasis: input["legalBasis"], decision: input["decision"],
            actor: principal.actor, now: services.now)
        return JSONBody.response(
            Amended(
                code: item.code, version: item.version, legalBasis: item.legalBases.map(\.description),
                decision: input["decision"]))
    }
}
