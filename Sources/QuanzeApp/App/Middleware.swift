import Foundation
import Hummingbird
import Mustache

/// Turns every error into the one error shape (JSON under /api, an HTML page elsewhere) and adds the security
/// headers to every response, so no route can forget them.
struct ErrorAndHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let templates: MustacheLibrary

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let (error, viewer) = SignedInFailure.unwrap(error)
            let appError = AppError.from(error)
            if appError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            // The error page of a signed-in browser keeps its frame (name, menu, 退出).
            response = CurrentViewer.$identity.withValue(viewer) { errorResponse(appError, request: request) }
            if let cookie = appError.setCookie { response.headers.append(.init(name: .setCookie, value: cookie)) }
            if let allow = appError.allow { response.headers[.allow] = allow }
        }
        var headers = response.headers
        headers[.xContentTypeOptions] = "nosniff"
        headers[.init("Referrer-Policy")!] = "same-origin"
        headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        headers[.init("X-Frame-Options")!] = "DENY"
        // Anything answered to a request that carries credentials (or that sets a cookie) is personal: never
        // stored by the browser or a proxy. No CORS headers are ever sent, so other origins cannot read answers.
        if request.headers[.cookie]?.contains(SessionCookie.name + "=") == true
            || request.headers[.authorization] != nil
            || headers[.setCookie] != nil
        {
            headers[.cacheControl] = "no-store"
        }
        response.headers = headers
        return response
    }

    func errorResponse(_ error: AppError, request: Request) -> Response {
        let path = request.uri.path
        var error = error
        // A form posted from a staff page to the API gets a page back, not JSON.
        let fromForm = FormReturn.fromPage(request)
        let isAPI = (path.hasPrefix("/api/") && !fromForm) || path == "/openapi.json" || path == "/healthz"
        if let location = error.location, !isAPI {
            return Response(status: .seeOther, headers: [.location: location])
        }
        if error.status == .seeOther { error.status = .forbidden }
        if let wait = error.retryAfter {
            var response = errorResponse(
                AppError(status: error.status, code: error.code, message: error.message), request: request)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        if isAPI {
            return JSONBody.response(
                ErrorBody(error: .init(status: Int(error.status.code), code: error.code, message: error.message)),
                status: error.status)
        }
        let page = ErrorPage(status: Int(error.status.code), message: error.message)
        let html =
            templates.render(
                Layout(title: "出错了", section: "", body: templates.render(page, withTemplate: "error") ?? ""),
                withTemplate: "layout")
            ?? error.message
        return Response(
            status: error.status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The JSON error body every API error shares.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var status: Int
        var code: String
        var message: String
    }
    var error: Detail
}

struct ErrorPage {
    var status: Int
    var message: String
}

/// Encodes API bodies with sorted keys so answers are stable.
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        response(data: encoded(value), status: status)
    }

    /// The body as the API writes it (sorted keys, slashes unescaped): what `ReadCache` keeps of an answer.
    static func encoded(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    static func response(data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
