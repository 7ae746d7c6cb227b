import Foundation
import HTTPTypes
import Hummingbird

/// The paging of the API's listings (issue 17 point 3): `limit` (1–`maximum`, default `maximum`) and `offset`
/// (default 0) choose one page of the listing in its usual order; the answer keeps its shape and says the rest in
/// headers — `X-Total-Count` (the whole listing) and, while more follow, `Link: <…>; rel="next"` (RFC 8288).
enum Listing {
    static let maximum = 500

    struct Page<Item> {
        var items: [Item]
        var total: Int
        var headers: HTTPFields
    }

    static func page<Item>(_ request: Request, _ all: [Item]) throws -> Page<Item> {
        let limit = try Query.int(request, "limit", default: maximum, range: 1...maximum)
        let offset = try Query.int(request, "offset", default: 0, range: 0...10_000_000)
        let end = min(all.count, offset + limit)
        var headers: HTTPFields = [HTTPField.Name("X-Total-Count")!: String(all.count)]
        if end < all.count {
            var parts = URLComponents()
            parts.path = request.uri.path
            parts.queryItems =
                request.uri.queryParameters.filter { $0.key != "limit" && $0.key != "offset" }.map {
                    URLQueryItem(name: String($0.key), value: String($0.value))
                }.sorted { $0.name < $1.name } + [
                    URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "offset", value: String(end)),
                ]
            headers[HTTPField.Name("Link")!] = "<\(parts.string ?? request.uri.path)>; rel=\"next\""
        }
        return Page(items: offset < end ? Array(all[offset..<end]) : [], total: all.count, headers: headers)
    }
}

extension JSONBody {
    /// `response(_:)` with the listing headers of a page.
    static func response(_ value: some Encodable, page headers: HTTPFields) -> Response {
        var response = response(value)
        for field in headers { response.headers.append(field) }
        return response
    }
}
