import Foundation
import Hummingbird
import QuanzeDomain

/// The edge check of `InputText` for every route: the path, every query parameter, every form field and every
/// string (and key) of a JSON body. A refused value is a Chinese 400 naming the field; nothing reaches a handler
/// or a database. Case batches are the exception: their records are checked one by one by the case reader, so a
/// batch rejects only the bad record (and CSV files are checked cell by cell by `CSVReader`, with line and column).
enum InputScreen {
    static func parameters(_ request: Request) throws {
        let path = request.uri.path
        let decodedPath = path.removingPercentEncoding ?? path
        do throws(InputText.Problem) {
            try InputText.check(decodedPath, field: "地址", limit: 1_000)
            for (key, value) in request.uri.queryParameters {
                let name = String(key)
                try InputText.check(name, field: "参数名", limit: InputText.maximumParameterLength)
                try InputText.check(value, field: name, limit: InputText.maximumParameterLength)
            }
        } catch {
            throw AppError.badRequest(error.message)
        }
    }

    /// Whether a body's records are screened one by one downstream (case ingest).
    static func screensRecordsItself(_ path: String) -> Bool { path == "/api/v1/cases" }

    static func body(_ bytes: [UInt8], contentType type: String, path: String) throws {
        do throws(InputText.Problem) {
            if type.hasPrefix("application/x-www-form-urlencoded") {
                let form = Form(String(decoding: bytes, as: UTF8.self))
                for (name, values) in form.fields.sorted(by: { $0.key < $1.key }) {
                    try InputText.check(name, field: "字段名", limit: 200)
                    for value in values { try InputText.check(value, field: name) }
                }
            } else if type.contains("json"), !screensRecordsItself(path),
                let object = try? JSONSerialization.jsonObject(
                    with: Data(bytes), options: [.fragmentsAllowed])
            {
                try walk(object, at: "")
            }
        } catch {
            throw AppError.badRequest(error.message)
        }
    }

    /// Every string and key of a JSON value, named by its path (`records[2].township`).
    static func walk(_ value: Any, at path: String) throws(InputText.Problem) {
        switch value {
        case let text as String: try InputText.check(text, field: path.isEmpty ? "请求内容" : path)
        case let array as [Any]:
            for (i, element) in array.enumerated() { try walk(element, at: "\(path)[\(i)]") }
        case let object as [String: Any]:
            for (key, element) in object.sorted(by: { $0.key < $1.key }) {
                try InputText.check(key, field: "字段名", limit: 200)
                try walk(element, at: path.isEmpty ? key : "\(path).\(key)")
            }
        default: break
        }
    }
}
