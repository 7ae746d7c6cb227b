import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// Supervision of the townships over the API (`/api/v1/supervision/…`, also the target of the page's forms; issue
/// 15 points 2 and 3): 司法局's internal review (案件内审) — reproducible samples of a township's enforcement cases and
/// the findings on them — and 编办's yearly assessment of the townships, published as a ranking. 编办, 司法局 and
/// supervisors read the whole county; a township its own samples and, once published, the ranking with its own
/// detail; anyone reads a published ranking (`/api/v1/supervision/assessments/{year}/ranking`).
enum SupervisionController {
    static let viewers: Set<Role> = [.establishment, .justice, .township, .supervisor]

    static func service(_ services: AppServices) -> SupervisionService { SupervisionService(services.database) }

    static func answer(_ value: some Encodable, _ input: DelegationInput, status: HTTPResponse.Status = .ok)
        -> Response
    {
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/supervision?done=1"]) }
        return JSONBody.response(value, status: status)
    }

    static func year(_ request: Request, services: AppServices) throws -> Int {
        try Query.int(request, "year", default: services.today.year, range: 2000...2100)
    }

    static func pathYear(_ context: AppContext) throws -> Int {
        let text = context.parameters.get("year") ?? ""
        guard let y = Int(text), (2000...2100).contains(y) else {
            throw AppError.badRequest("考核年度“\(text)”不正确，应为2000至2100之间的年份")
        }
        return y
    }

    // MARK: DTOs

    struct AspectDTO: Encodable {
        var aspect: String
        var label: String
        var ok: Bool
        var note: String
    }

    struct FindingDTO: Encodable {
        var caseId: String
        var reviewedOn: String
        var by: String
        var hasProblem: Bool
        var aspects: [AspectDTO]

        init(_ f: CaseFinding) {
            caseId = f.caseId
            reviewedOn = f.reviewedOn.iso
            by = f.by
            hasProblem = f.hasProblem
            aspects = f.aspects.map {
                AspectDTO(aspect: $0.aspect.rawValue, label: $0.aspect.label, ok: $0.ok, note: $0.note)
            }
        }
    }

    struct SampleDTO: Encodable {
        var id: String
        var township: String
        var townshipName: String
        var from: String
        var to: String
        var kind: String
        var kindLabel: String
        var frameSize: Int
        var frameHash: String
        var frame: [String]
        var seed: Int
        var size: Int
        var cases: [String]
        var findings: [FindingDTO]
        var drawnOn: String
        /// Whether the seed redraws the recorded sample from the recorded frame.
        var redraws: Bool
        var article: String
        var history: [StepRecord]

        init(_ s: ReviewSample) {
            id = s.id
            township = s.township
            townshipName = s.townshipName
            from = s.from.iso
            to = s.to.iso
            kind = s.kind.rawValue
            kindLabel = s.kind.label
            frameSize = s.frameSize
            frameHash = s.frameHash
            frame = s.frame
            seed = s.seed
            size = s.size
            cases = s.cases
            findings = s.findings.map(FindingDTO.init)
            drawnOn = s.drawnOn.iso
            redraws = s.redraws
            article = ReviewSample.article.description
            history = s.history
        }
    }

    /// One township's internal-review figures beside its case-compliance figures of the year.
    struct ReviewRowDTO: Encodable {
        struct Aspect: Encodable {
            var aspect: String
            var label: String
            var problems: Int
        }

        var township: String
        var townshipName: String
        /// Case compliance (the indicators): cases checked and non-compliant.
        var complianceCases: Int
        var nonCompliant: Int
        var sampled: Int
        var reviewed: Int
        var withProblems: Int
        var aspects: [Aspect]
    }

    static func reviewRows(_ principal: Principal, year: Int, services: AppServices) async throws -> [ReviewRowDTO] {
        let s = service(services)
        let summaries = try await s.reviewSummaries(for: principal, year: year)
        let compliance = try await s.compliance(county: principal.county, year: year)
        let own = principal.role == .township ? principal.unit : nil
        return try await s.townships(county: principal.county).filter { own == nil || $0.code == own }.map { t in
            let r = summaries[t.code] ?? ReviewSummary()
            let c = compliance[t.code] ?? (0, 0)
            return ReviewRowDTO(
                township: t.code, townshipName: t.name, complianceCases: c.cases, nonCompliant: c.nonCompliant,
                sampled: r.sampled, reviewed: r.reviewed, withProblems: r.withProblems,
                aspects: ReviewAspect.allCases.map {
                    .init(aspect: $0.rawValue, label: $0.label, problems: r.problems($0))
                })
        }
    }

    struct WeightDTO: Encodable {
        var indicator: String
        var label: String
        var weight: String
        var basisPoints: Int
        var formula: String
    }

    struct IndicatorDTO: Encodable {
        var indicator: String
        var label: String
        var weight: String
        var score: String
        var source: String
        var hasData: Bool
    }

    struct ScoreDTO: Encodable {
        var rank: Int
        var township: String
        var townshipName: String
        var total: String
        var totalHundredths: Int
        /// The indicator scores and source numbers (nil where the reader may not see the detail).
        var indicators: [IndicatorDTO]?
        var inputs: AssessmentInputs?

        init(_ s: TownshipScore, detail: Bool) {
            rank = s.rank
            township = s.inputs.township
            townshipName = s.inputs.townshipName
            total = Hundredths.fixed(s.total)
            totalHundredths = s.total
            indicators =
                detail
                ? s.indicators.map {
                    IndicatorDTO(
                        indicator: $0.indicator.rawValue, label: $0.indicator.label,
                        weight: Percent(basisPoints: $0.weight).text, score: Hundredths.fixed($0.score),
                        source: $0.source, hasData: $0.hasData)
                } : nil
            inputs = detail ? s.inputs : nil
        }
    }

    struct AssessmentDTO: Encodable {
        var year: Int
        var state: String
        var stateLabel: String
        var weights: [WeightDTO]
        var trainingTarget: Int
        var disputeDeduction: String
        var source: RuleSource
        var citation: String
        var article: String
        var publishedOn: String?
        /// The publication day in running text (2024年1月31日).
        var publishedOnText: String?
        /// Whether the disputes indicator reads the disputes records (see `DisputeCounts`).
        var disputesConnected: Bool
        var results: [ScoreDTO]

        init(_ a: TownshipAssessment, results: [TownshipScore], connected: Bool, detail: (String) -> Bool) {
            year = a.year
            state = a.state.rawValue
            stateLabel = a.state.label
            weights = a.weights.map {
                WeightDTO(
                    indicator: $0.indicator.rawValue, label: $0.indicator.label,
                    weight: Percent(basisPoints: $0.weight).text, basisPoints: $0.weight, formula: $0.indicator.formula)
            }
            trainingTarget = a.trainingTarget
            disputeDeduction = Hundredths.text(a.disputeDeduction)
            source = a.source
            citation = a.source.citation
            article = TownshipAssessment.article.description
            publishedOn = a.publishedOn?.iso
            publishedOnText = a.publishedOn.map(Format.day)
            disputesConnected = connected
            self.results = results.map { ScoreDTO($0, detail: detail($0.inputs.township)) }
        }
    }

    /// A scheme as a staff reader may see it: 编办, 司法局 and supervisors see drafts (a live preview) and every
    /// township's detail; a township sees only a published scheme, the detail of its own row.
    static func view(_ year: Int, principal: Principal, services: AppServices) async throws -> AssessmentDTO {
        let a = try await service(services).assessment(county: principal.county, year: year)
        let county = principal.role != .township
        guard county || a.state == .published else {
            throw SupervisionServiceFailure.notFound("\(year)年度的镇街考核结果尚未公布")
        }
        let disputes = try await DisputeCounts.read(county: principal.county, year: year, database: services.database)
        let results = try await service(services).results(a, disputes: disputes ?? [:])
        let connected = a.state == .published ? a.disputesRecorded : disputes != nil
        return AssessmentDTO(a, results: results, connected: connected) { county || $0 == principal.unit }
    }

    static func export(_ a: AssessmentDTO) -> TableExport {
        let indicators = a.weights
        return TableExport(
            sheetName: "\(a.year)年度镇街考核",
            header: ["排名", "镇街代码", "镇街", "总分"] + indicators.flatMap { ["\($0.label)得分", "\($0.label)依据"] },
            rows: a.results.map { r in
                [.number(r.rank), .text(r.township), .text(r.townshipName), .text(r.total)]
                    + (r.indicators ?? []).flatMap { [TableValue.text($0.score), .text($0.source)] }
            })
    }

    static let rankingSpec = TableSpec(
        sortable: [.init("rank", "排名"), .init("name", "镇街"), .init("total", "总分")], filters: [],
        defaultSort: "rank")

    static func rankingRecord(_ r: ScoreDTO) -> TableRecord {
        TableRecord(
            values: ["rank": .number(r.rank), "name": .text(r.townshipName), "total": .number(r.totalHundredths)],
            searchText: r.townshipName + "\u{1F}" + r.township)
    }

    // MARK: internal review

    @Sendable static func samples(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看案件内审", request, context, services)
        let year = try year(request, services: services)
        let list = try await service(services).samples(for: principal, year: year)
        struct Answer: Encodable {
            var year: Int
            var article: String
            var townships: [ReviewRowDTO]
            var samples: [SampleDTO]
        }
        return JSONBody.response(
            Answer(
                year: year, article: ReviewSample.article.description,
                townships: try await reviewRows(principal, year: year, services: services),
                samples: list.map(SampleDTO.init)))
    }

    @Sendable static func sample(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看案件内审", request, context, services)
        let found = try await service(services).sample(context.parameters.get("id") ?? "", for: principal)
        return JSONBody.response(["sample": SampleDTO(found)])
    }

    @Sendable static func draw(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.justice], "案件内审抽样", request, context, services)
        let input = try await DelegationInput.read(request)
        let township = try input.required("township", "镇街")
        let from = try input.day("from", "抽样期间起始日")
        let to = try input.day("to", "抽样期间截止日")
        let seedText = try input.required("seed", "随机种子")
        let sizeText = try input.required("size", "抽样数量")
        let seed: Int
        let size: Int
        do throws(SupervisionFailure) {
            seed = try ReviewSample.parse(seed: seedText)
            size = try ReviewSample.parse(size: sizeText)
        } catch { throw error }
        let made = try await service(services).draw(
            township: township, from: from, to: to, seed: seed, size: size, today: services.today, by: principal,
            at: services.now)
        return answer(["sample": SampleDTO(made)], input, status: .created)
    }

    @Sendable static func finding(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require([.justice], "案件内审", request, context, services)
        let id = context.parameters.get("id") ?? ""
        let input = try await DelegationInput.read(request)
        let caseId = try input.required("case", "案件编号")
        var findings: [ReviewAspect: (ok: Bool, note: String)] = [:]
        for aspect in ReviewAspect.allCases {
            let text = input[aspect.rawValue]
            switch text {
            case "": continue
            case "ok", "true", "无问题": findings[aspect] = (true, input[aspect.rawValue + "-note"])
            case "problem", "false", "有问题": findings[aspect] = (false, input[aspect.rawValue + "-note"])
            default:
                throw AppError.unprocessable(
                    "“\(aspect.label)”的审查结论应为 ok（无问题）或 problem（有问题），收到“\(text)”", field: aspect.rawValue)
            }
        }
        let next = try await service(services).review(
            sample: id, case: caseId, findings: findings,
            reviewedOn: try input.optionalDay("reviewedOn", "审查日期") ?? services.today, today: services.today,
            by: principal, at: services.now)
        return answer(["sample": SampleDTO(next)], input)
    }

    // MARK: assessment

    @Sendable static func assessments(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看镇街考核", request, context, services)
        let list = try await service(services).assessments(county: principal.county).filter {
            principal.role != .township || $0.state == .published
        }
        struct Row: Encodable {
            var year: Int
            var state: String
            var stateLabel: String
            var publishedOn: String?
            var citation: String
        }
        return JSONBody.response([
            "assessments": list.map {
                Row(
                    year: $0.year, state: $0.state.rawValue, stateLabel: $0.state.label,
                    publishedOn: $0.publishedOn?.iso, citation: $0.source.citation)
            }
        ])
    }

    @Sendable static func assessment(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看镇街考核", request, context, services)
        let dto = try await view(try pathYear(context), principal: principal, services: services)
        let format = try TableControls.format(request)
        if format != .html {
            return TableControls.download(export(dto), format: format, filename: "镇街年度考核_\(dto.year)")
        }
        return JSONBody.response(["assessment": dto])
    }

    @Sendable static func makeScheme(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "制定镇街考核方案", request, context, services)
        let input = try await DelegationInput.read(request)
        let year = try input.int("year", "考核年度")
        // One field per indicator (its code): the weight in percent; an empty field leaves the indicator out.
        let weights = AssessmentIndicator.allCases.compactMap { i -> (indicator: String, weight: String)? in
            let w = input["weight-" + i.rawValue].trimmingSpaces()
            return w.isEmpty ? nil : (i.rawValue, w)
        }
        let number = input["number"].trimmingSpaces()
        let provision = input["provision"].trimmingSpaces()
        let made = try await service(services).makeScheme(
            year: year, weights: weights, trainingTarget: input["trainingTarget"],
            disputeDeduction: input["disputeDeduction"],
            source: RuleSource(
                document: input["document"], number: number.isEmpty ? nil : number,
                provision: provision.isEmpty ? nil : provision, wording: input["wording"]),
            by: principal, at: services.now)
        let dto = AssessmentDTO(made, results: [], connected: false) { _ in true }
        return answer(["assessment": dto], input, status: .created)
    }

    @Sendable static func publish(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "公布镇街考核结果", request, context, services)
        let year = try pathYear(context)
        let input = try await DelegationInput.read(request)
        let disputes = try await DisputeCounts.read(county: principal.county, year: year, database: services.database)
        let next = try await service(services).publish(
            year: year, disputes: disputes, today: services.today, by: principal, at: services.now)
        let dto = AssessmentDTO(next, results: next.results, connected: next.disputesRecorded) { _ in true }
        return answer(["assessment": dto], input)
    }

    /// The published ranking of the app's county, for anyone: rank, township and total.
    @Sendable static func ranking(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let year = try pathYear(context)
        let a = try await service(services).assessments(county: services.county).first {
            $0.year == year && $0.state == .published
        }
        guard let a else { throw SupervisionServiceFailure.notFound("\(year)年度的镇街考核结果尚未公布") }
        let dto = AssessmentDTO(a, results: a.results, connected: a.disputesRecorded) { _ in false }
        let format = try TableControls.format(request)
        if format != .html {
            return TableControls.download(export(dto), format: format, filename: "镇街年度考核_\(year)")
        }
        struct Answer: Encodable {
            var year: Int
            var publishedOn: String?
            var citation: String
            var ranking: [ScoreDTO]
        }
        return JSONBody.response(
            Answer(year: year, publishedOn: dto.publishedOn, citation: dto.citation, ranking: dto.results))
    }
}

func addSupervisionRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = SupervisionController
    let api = router.group("api/v1/supervision")
    api.get("samples") { r, c in try await C.samples(r, context: c, services: s) }
    api.post("samples") { r, c in try await C.draw(r, context: c, services: s) }
    api.get("samples/:id") { r, c in try await C.sample(r, context: c, services: s) }
    api.post("samples/:id/findings") { r, c in try await C.finding(r, context: c, services: s) }
    api.get("assessments") { r, c in try await C.assessments(r, context: c, services: s) }
    api.post("assessments") { r, c in try await C.makeScheme(r, context: c, services: s) }
    api.get("assessments/:year") { r, c in try await C.assessment(r, context: c, services: s) }
    api.post("assessments/:year/publication") { r, c in try await C.publish(r, context: c, services: s) }
    api.get("assessments/:year/ranking") { r, c in try await C.ranking(r, context: c, services: s) }
    router.get("/supervision") { r, c in try await SupervisionPages.work(r, context: c, services: s) }
    router.get("/supervision/ranking") { r, c in try await SupervisionPages.ranking(r, context: c, services: s) }
}
