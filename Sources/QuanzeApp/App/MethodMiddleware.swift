import Hummingbird
import Synchronization

/// The methods each registered path answers, filled once the router is built (HEAD is answered wherever GET is).
final class RouteTable: Sendable {
    private let templates = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    func fill(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        templates.withLock { $0 = routes.map { ($0.method, $0.path.split(separator: "/")) } }
    }

    /// The methods registered for templates matching `path` (a parameter — `:name` or `{name}` — and `*` match one
    /// segment).
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let segments = path.split(separator: "/")
        return templates.withLock { all in
            Set(
                all.filter { template in
                    template.segments.count == segments.count
                        && zip(template.segments, segments).allSatisfy { t, s in
                            t.hasPrefix(":") || t.hasPrefix("{") || t == "*" || t == s
                        }
                }.map(\.method))
        }
    }
}

/// A method a known path does not answer is 405 with `Allow`, in Chinese, before any login check — not a 404 or
/// 401 that would send a client looking for the wrong problem.
struct MethodMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var allowed = table.methods(for: request.uri.path)
        if allowed.contains(.get) { allowed.insert(.head) }
        guard !allowed.isEmpty, !allowed.contains(request.method) else { return try await next(request, context) }
        let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        var error = AppError(
            status: .methodNotAllowed, code: "method-not-allowed",
            message: "该地址不支持 \(request.method.rawValue) 请求，可用：\(list)")
        error.allow = list
        throw error
    }
}
