import Crypto
import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Case data from other systems (DESIGN §5): `POST /api/v1/cases` with a `system` token, a JSON batch
/// (`{"records": [...]}` or an array) or NDJSON, at most `maxBatch` records, with an optional `Idempotency-Key`.
enum CasesController {
    static let maxBatch = 1000

    /// Parses one JSON record; the reason when it cannot be read.
    static func parse(_ object: Any, county: String, dates: ISO8601DateFormatter = ISO8601DateFormatter())
        -> Result<CaseRecord, CaseRejection>
    {
        guard let o = object as? [String: Any] else { return .failure(.badValue(field: "record", value: "非 JSON 对象")) }
        func text(_ k: String) -> String? { (o[k] as? String)?.trimmingCharacters(in: .whitespaces) }
        func day(_ k: String) -> Result<Day?, CaseRejection> {
            guard let t = text(k), !t.isEmpty else { return .success(nil) }
            guard let d = Day(iso: t) else { return .failure(.badDate(field: k, value: t)) }
            return .success(d)
        }
        func int(_ k: String) -> Int? { (o[k] as? NSNumber)?.intValue }
        for field in ["source", "externalId", "sourceVersion", "itemCode", "township", "receivedOn"]
        where text(field) == nil {
            return .failure(.missing(field))
        }
        guard let version = dates.date(from: text("sourceVersion")!) else {
            return .failure(.badValue(field: "sourceVersion", value: text("sourceVersion")!))
        }
        guard let handler = CaseRecord.Handler(rawValue: text("handler") ?? "township") else {
            return .failure(.badValue(field: "handler", value: text("handler") ?? ""))
        }
        guard let kind = CaseRecord.Kind(rawValue: text("kind") ?? "application") else {
            return .failure(.badValue(field: "kind", value: text("kind") ?? ""))
        }
        let received: Day?
        let due: Day?
        let closed: Day?
        switch (day("receivedOn"), day("dueOn"), day("closedOn")) {
        case (.failure(let e), _, _), (_, .failure(let e), _), (_, _, .failure(let e)): return .failure(e)
        case (.success(let r), .success(let d), .success(let c)):
            received = r
            due = d
            closed = c
        }
        guard let received else { return .failure(.missing("receivedOn")) }
        return .success(
            CaseRecord(
                county: county, source: text("source")!, externalId: text("externalId")!, sourceVersion: version,
                itemCode: text("itemCode")!, township: text("township")!, handler: handler, kind: kind,
                receivedOn: received, dueOn: due, closedOn: closed, satisfaction: int("satisfaction"),
                officers: int("officers"), legalReview: o["legalReview"] as? Bool, fullRecord: o["fullRecord"] as? Bool)
        )
    }

    @Sendable static func ingest(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        guard let principal = context.principal else {
            throw AppError(status: .unauthorized, code: "unauthorized", message: "请提供有效的 API 令牌")
        }
        guard principal.role == .system, case .token(let tokenId) = context.identity?.via else {
            throw try await Guard.refusal(.forbidden("只有对接系统可以用 API 令牌推送办件数据"), request, context, services)
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let bytes = Data(buffer: buffer)
        let type = request.headers[.contentType] ?? ""
        var objects: [Any] = []
        if type.hasPrefix("application/x-ndjson") {
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
                    throw AppError.badRequest("NDJSON 第 \(objects.count + 1) 行不是有效的 JSON")
                }
                objects.append(o)
            }
        } else {
            guard let json = try? JSONSerialization.jsonObject(with: bytes) else {
                throw AppError.badRequest("请求内容应为 JSON（{\"records\": [...]} 或数组）或 NDJSON")
            }
            if let array = json as? [Any] {
                objects = array
            } else if let records = (json as? [String: Any])?["records"] as? [Any] {
                objects = records
            } else {
                throw AppError.badRequest("请求内容应包含 records 数组")
            }
        }
        guard objects.count <= maxBatch else {
            throw AppError(
                status: .contentTooLarge, code: "batch-too-large",
                message: "每批最多 \(maxBatch) 条，本批 \(objects.count) 条，请分批推送")
        }
        guard !objects.isEmpty else { throw AppError.unprocessable("本批没有任何办件") }
        var records: [(index: Int, record: CaseRecord)] = []
        var rejected: [IngestResult.Rejected] = []
        let dates = ISO8601DateFormatter()  // one per request: creating one per record cost ~6 % of an ingest
        for (index, object) in objects.enumerated() {
            switch parse(object, county: principal.county, dates: dates) {
            case .success(let r): records.append((index, r))
            case .failure(let why):
                rejected.append(
                    .init(
                        index: index, externalId: (object as? [String: Any])?["externalId"] as? String,
                        reason: why.message))
            }
        }
        let key = request.headers[.init("Idempotency-Key")!].map {
            CaseStore.IdempotencyKey(
                token: tokenId, key: $0, bodyHash: SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        }
        do {
            let (result, replayed) = try await CaseStore(services.database).ingestOnce(
                records, preRejected: rejected, county: principal.county, scope: principal.tokenScope,
                actor: principal.actor, today: services.today, at: services.now, idempotency: key)
            var response = JSONBody.response(result)
            if replayed { response.headers[.init("Idempotent-Replayed")!] = "true" }
            return response
        } catch let reused as CaseStore.KeyReused {
            throw AppError(status: .unprocessableContent, code: "idempotency-key-reused", message: reused.message)
        }
    }
}

extension CasesController {
    /// Staff upload of case records as CSV (`text/csv` in UTF-8, or `application/octet-stream` for GB18030 as
    /// Chinese Excel saves it): 编办 for any township, township staff for their own unit; all or nothing, with
    /// every row's problem and its line number.
    @Sendable static func importCSV(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        let scope: Set<String>?
        if principal.role == .establishment {
            scope = nil
        } else if principal.role == .township, let unit = principal.unit {
            scope = [unit]
        } else {
            throw try await Guard.refusal(.forbidden("只有编办或镇街可以上传办件数据"), request, context, services)
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let (rows, issues) = CaseImport.parse(Data(buffer: buffer), county: principal.county)
        guard !rows.isEmpty || !issues.isEmpty else { throw AppError.unprocessable("文件中没有办件数据") }
        do {
            let result = try await CaseStore(services.database).importFile(
                rows, issues: issues, county: principal.county, scope: scope, actor: principal.actor,
                today: services.today, at: services.now)
            return JSONBody.response(result, status: .created)
        } catch let refused as CaseImportRefused {
            struct Problem: Encodable {
                var line: Int
                var column: String?
                var message: String
            }
            struct Answer: Encodable {
                var error: ErrorBody.Detail
                var problems: [Problem]
            }
            return JSONBody.response(
                Answer(
                    error: .init(status: 422, code: "import", message: "文件有 \(refused.issues.count) 处问题，未写入任何数据"),
                    problems: refused.issues.map { Problem(line: $0.line, column: $0.column, message: $0.message) }),
                status: .unprocessableContent)
        }
    }
}
