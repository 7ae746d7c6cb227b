import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The guidance library over the API (`/api/v1/guidance/…`, also the target of the staff page's forms): guidance
/// documents (工作指南, 案例手册, 执法实用手册) and discretion standards (裁量基准) published in versions by the
/// item's competent department, 编办 or 司法局; read by everyone (published guidance is public), the standards
/// searchable.
enum GuidanceController {
    static func service(_ services: AppServices) -> GuidanceService { GuidanceService(services.database) }

    static func answer(
        _ value: some Encodable, isForm: Bool, back: String, status: HTTPResponse.Status = .created
    ) -> Response {
        if isForm { return Response(status: .seeOther, headers: [.location: "\(back)?done=1"]) }
        return JSONBody.response(value, status: status)
    }

    // MARK: DTOs

    struct DocumentDTO: Encodable {
        var id: String
        var version: Int
        var kind: String
        var kindLabel: String
        var itemCodes: [String]
        var title: String
        var body: String
        var source: String
        var issuer: GuidanceIssuer
        var effectiveOn: String
        var standing: String

        init(_ d: GuidanceDocument, among versions: [GuidanceDocument], on day: Day) {
            id = d.id
            version = d.version
            kind = d.kind.rawValue
            kindLabel = d.kind.label
            itemCodes = d.itemCodes
            title = d.title
            body = d.body
            source = d.source
            issuer = d.issuer
            effectiveOn = d.effectiveOn.iso
            standing = GuidanceRules.standing(of: d, among: versions, on: day).label
        }
    }

    struct PenaltyDTO: Encodable {
        var kinds: [String]
        var kindLabels: [String]
        var fineMin: Int?
        var fineMax: Int?
        var note: String
        var text: String

        init(_ p: PenaltyRange) {
            kinds = p.kinds.map(\.rawValue)
            kindLabels = p.kinds.map(\.label)
            fineMin = p.fineMin
            fineMax = p.fineMax
            note = p.note
            text = p.summary(count: Format.count)
        }
    }

    struct RowDTO: Encodable {
        var circumstance: String
        var facts: String
        var penalty: PenaltyDTO
        var articles: [String]

        init(_ r: DiscretionRow) {
            circumstance = r.circumstance
            facts = r.facts
            penalty = PenaltyDTO(r.penalty)
            articles = r.articles.map(\.description)
        }
    }

    struct StandardDTO: Encodable {
        var itemCode: String
        var itemName: String
        var version: Int
        var source: String
        var issuer: GuidanceIssuer
        var effectiveOn: String
        var standing: String
        var rows: [RowDTO]

        init(_ s: DiscretionStandard, among versions: [DiscretionStandard], on day: Day, rows: [DiscretionRow]? = nil) {
            itemCode = s.itemCode
            itemName = s.itemName
            version = s.version
            source = s.source
            issuer = s.issuer
            effectiveOn = s.effectiveOn.iso
            standing = GuidanceRules.standing(of: s, among: versions, on: day).label
            self.rows = (rows ?? s.rows).map(RowDTO.init)
        }
    }

    // MARK: reads (public)

    /// The documents in force, optionally only those attached to an item.
    @Sendable static func documents(_ request: Request, services: AppServices) async throws -> Response {
        let day = try Query.day(request, "asOf", default: services.today)
        let item = try Query.text(request, "item", max: PowerItem.maximumCodeLength)
        let all = try await service(services).documents(county: services.county)
        let current = Dictionary(grouping: all, by: \.id).values.compactMap { versions in
            GuidanceRules.current(versions, on: day).map { ($0, versions) }
        }.filter { item == nil || $0.0.itemCodes.contains(item ?? "") }.sorted { $0.0.id < $1.0.id }
        return JSONBody.response(["documents": current.map { DocumentDTO($0.0, among: $0.1, on: day) }])
    }

    /// Every version of one document, oldest first.
    @Sendable static func document(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let versions = try await service(services).document(context.parameters.get("id") ?? "", county: services.county)
        let day = services.today
        return JSONBody.response(["versions": versions.map { DocumentDTO($0, among: versions, on: day) }])
    }

    /// The standards in force whose rows match `q` (every standard in force without `q`), with the rows matched.
    @Sendable static func search(_ request: Request, services: AppServices) async throws -> Response {
        let q = try Query.text(request, "q") ?? ""
        let day = try Query.day(request, "asOf", default: services.today)
        let found = try await service(services).search(county: services.county, query: q, on: day)
        return JSONBody.response(
            SearchDTO(
                query: q, asOf: day.iso,
                results: found.map { StandardDTO($0.standard, among: [$0.standard], on: day, rows: $0.rows) }))
    }

    struct SearchDTO: Encodable {
        var query: String
        var asOf: String
        var results: [StandardDTO]
    }

    /// Every version of an item's discretion standard, oldest first (empty when it has none).
    @Sendable static func standards(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let code = context.parameters.get("item") ?? ""
        guard PowerItem.isValidCode(code) else { throw AppError.badRequest("事项编码“\(code)”格式不正确") }
        guard try await services.items.item(county: services.county, code: code) != nil else {
            throw AppError.notFound("事项目录中没有编码为 \(code) 的事项")
        }
        let versions = try await service(services).standards(item: code, county: services.county)
        let day = services.today
        return JSONBody.response(["versions": versions.map { StandardDTO($0, among: versions, on: day) }])
    }

    // MARK: writes (staff)

    /// Publishes a new document, or the next version of `:id` (or of the form's `revises`).
    @Sendable static func publishDocument(_ request: Request, context: AppContext, services: AppServices)
        async throws -> Response
    {
        let principal = try await DelegationController.require(
            GuidanceRules.publishers, "发布指导材料", request, context, services)
        let input = try await DelegationInput.read(request)
        let revising = context.parameters.get("id") ?? (input["revises"].isEmpty ? nil : input["revises"])
        guard let kind = GuidanceKind(text: input["kind"]) else {
            throw AppError.unprocessable("请选择材料类别：工作指南、案例手册或执法实用手册", field: "kind")
        }
        let draft = GuidanceDocument.Draft(
            kind: kind, itemCodes: AccountabilityController.values(input, "items"), title: input["title"],
            body: input.fields["body"] ?? "", source: input["source"],
            effectiveOn: try input.optionalDay("effectiveOn", "施行日期") ?? services.today)
        let made = try await service(services).publishDocument(
            draft, revising: revising, by: principal, at: services.now)
        let versions = try await service(services).document(made.id, county: principal.county)
        return answer(
            ["document": DocumentDTO(made, among: versions, on: services.today)], isForm: input.isForm,
            back: "/guidance")
    }

    /// Publishes the next version of an item's discretion standard, from JSON (`rows` as objects) or the staff
    /// page's form (row fields numbered 1–`GuidancePages.formRows`).
    @Sendable static func publishStandard(_ request: Request, context: AppContext, services: AppServices)
        async throws -> Response
    {
        let principal = try await DelegationController.require(
            GuidanceRules.publishers, "发布裁量基准", request, context, services)
        let isForm = (request.headers[.contentType] ?? "").hasPrefix("application/x-www-form-urlencoded")
        let body: StandardBody
        if isForm { body = try await StandardBody.form(request) } else { body = try await StandardBody.json(request) }
        let toPage = FormReturn.fromPage(request)
        let code = context.parameters.get("item") ?? body.item ?? ""
        guard !code.isEmpty else { throw AppError.unprocessable("请选择事项", field: "item") }
        let draft = DiscretionStandard.Draft(
            rows: try body.rows.map { try $0.row() }, source: body.source ?? "",
            effectiveOn: try StandardBody.day(body.effectiveOn) ?? services.today)
        let made = try await service(services).publishStandard(item: code, draft, by: principal, at: services.now)
        let versions = try await service(services).standards(item: made.itemCode, county: principal.county)
        return answer(
            ["standard": StandardDTO(made, among: versions, on: services.today)], isForm: toPage, back: "/guidance")
    }
}

/// A discretion standard as a client sends it: JSON with `rows` as objects, or the staff form's numbered fields.
struct StandardBody: Decodable {
    struct Row: Decodable {
        var circumstance: String?
        var facts: String?
        var kinds: [String]?
        var fineMin: Int?
        var fineMax: Int?
        var note: String?
        var articles: [String]?

        /// The domain row: kinds and articles read, each refused by name when unknown or malformed.
        func row() throws -> DiscretionRow {
            var penaltyKinds: [PenaltyKind] = []
            for text in kinds ?? [] {
                guard let kind = PenaltyKind(text: text) else {
                    throw AppError.unprocessable(
                        "处罚种类“\(text)”无效：应为不予处罚、警告、罚款、没收违法所得、责令停产停业或吊销许可证件", field: "kinds")
                }
                penaltyKinds.append(kind)
            }
            var refs: [ArticleRef] = []
            for text in articles ?? [] where !text.trimmingSpaces().isEmpty {
                guard let ref = ArticleRef(parsing: text) else {
                    throw AppError.unprocessable("法律条文“\(text)”格式不正确，应为“法律名称(版本日期)第N条”", field: "articles")
                }
                refs.append(ref)
            }
            return DiscretionRow(
                circumstance: circumstance ?? "", facts: facts ?? "",
                penalty: PenaltyRange(kinds: penaltyKinds, fineMin: fineMin, fineMax: fineMax, note: note ?? ""),
                articles: refs)
        }
    }

    var item: String?
    var source: String?
    var effectiveOn: String?
    var rows: [Row]

    static func day(_ text: String?) throws -> Day? {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return nil }
        guard let day = Day(iso: text) else {
            throw AppError.unprocessable("施行日期“\(text)”格式不正确，应为 YYYY-MM-DD", field: "effectiveOn")
        }
        return day
    }

    static func json(_ request: Request) async throws -> StandardBody {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        do {
            return try JSONDecoder().decode(StandardBody.self, from: Data(buffer: buffer))
        } catch {
            throw AppError.badRequest(
                "请求内容应为 JSON 对象：source、effectiveOn 和 rows（每档含 circumstance、facts、kinds、fineMin、fineMax、note、articles）")
        }
    }

    /// The form's rows `1…formRows`; a row whose circumstance and facts are both empty is left out.
    static func form(_ request: Request) async throws -> StandardBody {
        let input = try await DelegationInput.read(request)
        var rows: [Row] = []
        for n in 1...GuidancePages.formRows {
            let circumstance = input["circumstance\(n)"]
            let facts = input["facts\(n)"]
            guard !(circumstance.isEmpty && facts.isEmpty) else { continue }
            rows.append(
                Row(
                    circumstance: circumstance, facts: facts, kinds: input.list("kinds\(n)"),
                    fineMin: try amount(input["fineMin\(n)"], row: n),
                    fineMax: try amount(input["fineMax\(n)"], row: n),
                    note: input["note\(n)"], articles: AccountabilityController.values(input, "articles\(n)")))
        }
        return StandardBody(
            item: input["item"], source: input["source"], effectiveOn: input["effectiveOn"], rows: rows)
    }

    static func amount(_ text: String, row: Int) throws -> Int? {
        let plain = text.replacingOccurrences(of: ",", with: "").trimmingSpaces()
        guard !plain.isEmpty else { return nil }
        guard let n = Int(plain) else { throw AppError.unprocessable("第 \(row) 档：罚款金额应为整数（元）", field: "fineMin\(row)") }
        return n
    }
}

func addGuidanceRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = GuidanceController
    let api = router.group("api/v1")
    api.get("guidance/documents") { r, _ in try await C.documents(r, services: s) }
    api.post("guidance/documents") { r, c in try await C.publishDocument(r, context: c, services: s) }
    api.get("guidance/documents/:id") { r, c in try await C.document(r, context: c, services: s) }
    api.post("guidance/documents/:id/versions") { r, c in try await C.publishDocument(r, context: c, services: s) }
    api.get("guidance/discretion") { r, _ in try await C.search(r, services: s) }
    api.post("guidance/discretion") { r, c in try await C.publishStandard(r, context: c, services: s) }
    api.get("guidance/discretion/:item") { r, c in try await C.standards(r, context: c, services: s) }
    api.post("guidance/discretion/:item") { r, c in try await C.publishStandard(r, context: c, services: s) }
    router.get("/guidance") { r, c in try await GuidancePages.work(r, context: c, services: s) }
    router.get("/guidance/documents/:id") { r, c in try await GuidancePages.document(r, context: c, services: s) }
    router.get("/guidance/discretion") { r, _ in try await GuidancePages.search(r, services: s) }
}
