import Foundation
import Hummingbird
import QuanzeDomain

/// The body of a lifecycle request, from JSON (API clients) or a form (the staff pages): field → text.
/// Answers go back as JSON to JSON requests (and to forms posted with a token) and as a redirect to the work page to
/// a staff page's form posts (`FormReturn.fromPage`).
struct DelegationInput: Sendable {
    var fields: [String: String]
    var lists: [String: [String]]
    var isForm: Bool

    static func read(_ request: Request) async throws -> DelegationInput {
        var request = request
        let type = request.headers[.contentType] ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") {
            let form = try await Form.read(request)
            return DelegationInput(
                fields: form.fields.compactMapValues { $0.first?.trimmingCharacters(in: .whitespacesAndNewlines) },
                lists: form.fields, isForm: FormReturn.fromPage(request))
        }
        let buffer = try await request.collectBody(upTo: 1 << 20)
        guard buffer.readableBytes > 0 else { return DelegationInput(fields: [:], lists: [:], isForm: false) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw AppError.badRequest("请求内容应为 JSON 对象")
        }
        var fields: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: fields[key] = text.trimmingCharacters(in: .whitespacesAndNewlines)
            case let number as NSNumber: fields[key] = number.stringValue
            case let flag as Bool: fields[key] = flag ? "true" : "false"
            case let array as [Any]: lists[key] = array.compactMap { $0 as? String }
            default: break
            }
        }
        return DelegationInput(fields: fields, lists: lists, isForm: false)
    }

    subscript(_ name: String) -> String { fields[name] ?? "" }

    func required(_ name: String, _ label: String) throws -> String {
        let value = self[name]
        guard !value.isEmpty else { throw AppError.unprocessable("请填写\(label)", field: name) }
        return value
    }

    func day(_ name: String, _ label: String) throws -> Day {
        let text = try required(name, label)
        guard let day = Day(iso: text) else {
            throw AppError.unprocessable("\(label)“\(text)”格式不正确，应为 YYYY-MM-DD", field: name)
        }
        return day
    }

    func optionalDay(_ name: String, _ label: String) throws -> Day? {
        self[name].isEmpty ? nil : try day(name, label)
    }

    func int(_ name: String, _ label: String, default value: Int? = nil) throws -> Int {
        let text = self[name]
        if text.isEmpty, let value { return value }
        guard let n = Int(text) else { throw AppError.unprocessable("\(label)应为整数", field: name) }
        return n
    }

    func bool(_ name: String) -> Bool { ["true", "1", "yes", "on", "pass", "approve"].contains(self[name]) }

    func list(_ name: String) -> [String] { (lists[name] ?? []).filter { !$0.isEmpty } }
}
