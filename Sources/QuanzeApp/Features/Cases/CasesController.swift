import Crypto
import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Case data from other systems (DESIGN §5): `POST /api/v1/cases` with a `system` token, a JSON batch
/// (`{"records": [...]}` or an array) or NDJSON, at most `maxBatch` records, with an optional `Idempotency-Key`.
enum CasesController {
    static let maxBatch = 1000

    /// The records of a body: a JSON array, `{"records": [...]}`, or NDJSON (one object per line). Each element is
    /// read without failing (`CaseFields`), so that a bad record is rejected with its index, not the whole batch.
    static func decodeBatch(_ bytes: Data, ndjson: Bool) throws -> [CaseFields] {
        let decoder = JSONDecoder()
        if ndjson {
            var fields: [CaseFields] = []
            for line in bytes.split(separator: UInt8(ascii: "\n"))
            where line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                guard let f = try? decoder.decode(CaseFields.self, from: line) else {
                    throw AppError.badRequest("NDJSON 第 \(fields.count + 1) 行不是有效的 JSON")
                }
                fields.append(f)
            }
            return fields
        }
        struct Wrapped: Decodable { var records: [CaseFields]? }
        let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if first == UInt8(ascii: "["), let array = try? decoder.decode([CaseFields].self, from: bytes) {
            return array
        }
        if first == UInt8(ascii: "{"), let wrapped = try? decoder.decode(Wrapped.self, from: bytes) {
            guard let records = wrapped.records else { throw AppError.badRequest("请求内容应包含 records 数组") }
            return records
        }
        throw AppError.badRequest("请求内容应为 JSON（{\"records\": [...]} 或数组）或 NDJSON")
    }

    /// The records of a pushed body, each read into a record or rejected with its index and reason.
    static func read(_ bytes: Data, ndjson: Bool, county: String) throws -> (
        records: [CaseBatch.Indexed], rejected: [IngestResult.Rejected]
    ) {
        let batch = try decodeBatch(bytes, ndjson: ndjson)
        guard batch.count <= maxBatch else {
            throw AppError(
                status: .contentTooLarge, code: "batch-too-large",
                message: "每批最多 \(maxBatch) 条，本批 \(batch.count) 条，请分批推送")
        }
        guard !batch.isEmpty else { throw AppError.unprocessable("本批没有任何办件") }
        var records: [CaseBatch.Indexed] = []
        var rejected: [IngestResult.Rejected] = []
        records.reserveCapacity(batch.count)
        for (index, fields) in batch.enumerated() {
            switch fields.record(county: county, naming: .json) {
            case .success(let r): records.append((index, r))
            case .failure(let problems):
                rejected.append(.init(index: index, externalId: fields[.externalId], reason: problems.message))
            }
        }
        return (records, rejected)
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
        let ndjson = (request.headers[.contentType] ?? "").hasPrefix("application/x-ndjson")
        let (records, rejected) = try await IngestLanes.parsing(bytes: bytes.count) {
            try read(bytes, ndjson: ndjson, county: principal.county)
        }
        if let sent = request.headers[.init("Idempotency-Key")!] {
            let trimmed = sent.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 200,
                trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
            else {
                throw AppError.badRequest("请求头 Idempotency-Key 应为 1–200 个可见 ASCII 字符（如一个 UUID），不能为空")
            }
        }
        let key = request.headers[.init("Idempotency-Key")!].map {
            CaseStore.IdempotencyKey(
                token: tokenId, key: $0, bodyHash: Secrets.sha256(bytes))
        }
        do {
            let (result, replayed) = try await CaseStore(services.database).ingestOnce(
                records, preRejected: rejected, county: principal.county, scope: principal.tokenScope,
                actor: principal.actor, at: services.now, idempotency: key, skewDays: services.clockSkewDays)
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
                at: services.now, skewDays: services.clockSkewDays)
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
