import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body: every value of every field, in order.
struct Form: Sendable {
    var fields: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            fields[key, default: []].append(value)
        }
    }

    /// Reads the request's form body (already size-checked by `BodyLimitMiddleware`).
    static func read(_ request: Request) async throws -> Form {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let type = request.headers[.contentType] ?? ""
        guard type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") else {
            throw AppError(status: .unsupportedMediaType, code: "media-type", message: "请以表单方式提交")
        }
        return Form(String(buffer: buffer))
    }

    subscript(_ name: String) -> String { (fields[name]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    func all(_ name: String) -> [String] { fields[name] ?? [] }
}
