import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The product's default list of governance rights (`Resources/governance-rights.json`): what a county that has
/// recorded none works under. Its wording is data; its sources are empty ("本区县尚未登记依据文件").
enum GovernanceRightsData {
    static let url = Bundle.quanzeResources.appendingPathComponent("governance-rights.json")
    static let demoURL = Bundle.quanzeResources.appendingPathComponent("Demo/governance-rights.json")

    static func load(_ url: URL) throws -> GovernanceRightList {
        guard let data = try? Data(contentsOf: url),
            let list = try? JSONDecoder().decode(GovernanceRightList.self, from: data)
        else { throw AppError(status: .internalServerError, code: "data", message: "镇街治理权力清单数据文件缺失或格式不正确") }
        return list
    }

    /// The county's recorded list (and true), else the product's default (and false).
    static func rights(county: String, services: AppServices) async throws -> (GovernanceRightList, Bool) {
        if let stored = try await GovernanceService(services.database).rights(county: county) { return (stored, true) }
        return (try load(url), false)
    }
}

/// The townships' governance rights (镇街治理权力, DESIGN §6, issue 14 point 3) over the API
/// (`/api/v1/governance/…`, also the target of the page's forms) and on the work page `/governance`: the county's
/// list of rights (编办 records it), exercises recorded by the townships (or 编办) and counted from the dispatched
/// agencies' records, and the departments' plans and acceptances with the township's participation checked.
enum GovernanceController {
    static let viewers: Set<Role> = [.establishment, .justice, .department, .township, .supervisor]

    static func answer(_ value: some Encodable, _ input: DelegationInput, status: HTTPResponse.Status = .ok)
        -> Response
    {
        if input.isForm { return Response(status: .seeOther, headers: [.location: "/governance?done=1"]) }
        return JSONBody.response(value, status: status)
    }

    // MARK: DTOs

    struct RightDTO: Encodable {
        var code: String
        var name: String
        var group: String
        var groupLabel: String
        var scope: String?
        var scopeLabel: String?
        var recordedHere: Bool
        var grantedIn: Int?
        var source: RuleSource
        var printed: String

        init(_ r: GovernanceRight) {
            code = r.code
            name = r.name
            group = r.group.rawValue
            groupLabel = r.group.label
            scope = r.scope?.rawValue
            scopeLabel = r.scope?.label
            recordedHere = !(r.scope?.isDerived ?? false)
            grantedIn = r.grantedIn
            source = r.source
            printed = r.source.printed
        }
    }

    struct ExerciseDTO: Encodable {
        var id: String
        var township: String
        var townshipName: String
        var right: String
        var rightName: String
        var group: String
        var groupLabel: String
        var matter: String
        var on: String
        var outcome: String
        var documents: [String]
        var concerned: String?
        var concernedName: String?
        var matterId: String?
        var origin: String
        var originLabel: String

        init(_ e: RightExercise) {
            id = e.id
            township = e.township
            townshipName = e.townshipName
            right = e.right
            rightName = e.rightName
            group = e.group.rawValue
            groupLabel = e.group.label
            matter = e.matter
            on = e.on.iso
            outcome = e.outcome
            documents = e.documents
            concerned = e.concerned
            concernedName = e.concernedName
            matterId = e.matterId
            origin = e.origin.rawValue
            originLabel = e.origin.label
        }
    }

    struct MatterDTO: Encodable {
        var id: String
        var kind: String
        var kindLabel: String
        var township: String
        var townshipName: String
        var department: String
        var departmentName: String
        var title: String
        var on: String
        var participationClaimed: Bool
        var note: String
        var participation: String
        var participationLabel: String
        var flagged: Bool
        var exercises: [String]

        init(_ m: GovernanceMatter, exercises all: [RightExercise], rights: GovernanceRightList) {
            id = m.id
            kind = m.kind.rawValue
            kindLabel = m.kind.label
            township = m.township
            townshipName = m.townshipName
            department = m.department
            departmentName = m.departmentName
            title = m.title
            on = m.on.iso
            participationClaimed = m.participationClaimed
            note = m.note
            let status = m.participation(all, rights: rights)
            participationLabel = status.label
            flagged = status.isFlagged
            switch status {
            case .participated(let ids):
                participation = "participated"
                exercises = ids
            case .skipped:
                participation = "skipped"
                exercises = []
            case .notRequired:
                participation = "not-required"
                exercises = []
            }
        }
    }

    struct CountDTO: Encodable {
        var township: String
        var townshipName: String
        var year: Int
        var byRight: [String: Int]
        var total: Int

        init(_ c: ExerciseCount, rights: GovernanceRightList) {
            township = c.township
            townshipName = c.townshipName
            year = c.year
            byRight = c.byRight
            total = c.total
        }
    }

    // MARK: reads shared by the API and the page

    struct View {
        var rights: GovernanceRightList
        var recorded: Bool
        var exercises: [RightExercise]
        var counts: [ExerciseCount]
        var matters: [MatterDTO]
    }

    /// What a principal sees for a year: the exercises (recorded, and counted from the agencies' records the
    /// principal may see), the counts per township (its own row for a township), and the matters with their
    /// participation checked against every exercise of the county.
    static func view(_ principal: Principal, year: Int, services: AppServices) async throws -> View {
        let (rights, recorded) = try await GovernanceRightsData.rights(county: principal.county, services: services)
        let service = GovernanceService(services.database)
        let agencies = AgencyService(services.database)
        let derived = RightExercise.derived(
            appointments: try await agencies.appointments(for: principal),
            schemes: try await agencies.schemes(for: principal), rights: rights)
        let visible = (try await service.exercises(for: principal) + derived).sorted {
            ($0.on, $0.id) > ($1.on, $1.id)
        }
        var townships = try await service.townships(county: principal.county)
        if principal.role == .township { townships = townships.filter { $0.code == principal.unit } }
        let all = try await service.exercises(county: principal.county)
        let matters = try await service.matters(for: principal).filter { $0.on.year == year }.reversed().map {
            MatterDTO($0, exercises: all, rights: rights)
        }
        return View(
            rights: rights, recorded: recorded, exercises: visible.filter { $0.on.year == year },
            counts: ExerciseCount.table(visible, year: year, townships: townships, rights: rights),
            matters: matters)
    }

    // MARK: API

    @Sendable static func rights(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看镇街治理权力", request, context, services)
        let (rights, recorded) = try await GovernanceRightsData.rights(county: principal.county, services: services)
        struct Answer: Encodable {
            var recorded: Bool
            var rights: [RightDTO]
        }
        return JSONBody.response(Answer(recorded: recorded, rights: rights.rights.map(RightDTO.init)))
    }

    /// 编办 records or replaces the county's list: `{"rights":[{code,name,group,scope,grantedIn,source:{document,
    /// number,provision,wording}}]}`, or the page's form with one value per right in each repeated field.
    @Sendable static func saveRights(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.establishment], "维护镇街治理权力清单", request, context, services)
        var request = request
        let type = request.headers[.contentType] ?? ""
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let input = try await DelegationInput.read(request)
        var rights: [GovernanceRight] = []
        if input.isForm || !type.hasPrefix("application/json") {
            let codes = input.lists["code"] ?? []
            func value(_ name: String, _ index: Int) -> String {
                let values = input.lists[name] ?? []
                return index < values.count ? values[index].trimmingSpaces() : ""
            }
            for index in codes.indices {
                let code = codes[index].trimmingSpaces()
                if code.isEmpty && value("name", index).isEmpty { continue }
                rights.append(
                    try right(
                        code: code, name: value("name", index), group: value("group", index),
                        scope: value("scope", index), grantedIn: value("grantedIn", index),
                        source: RuleSource(
                            document: value("document", index), number: value("number", index),
                            provision: value("provision", index), wording: value("wording", index))))
            }
        } else if buffer.readableBytes > 0 {
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any]
            guard let rows = object?["rights"] as? [Any] else {
                throw AppError.unprocessable("rights 应为权力数组", field: "rights")
            }
            for row in rows {
                guard let row = row as? [String: Any] else { throw AppError.unprocessable("每项权力应为对象", field: "rights") }
                func text(_ value: Any?) -> String {
                    switch value {
                    case let s as String: s.trimmingSpaces()
                    case let n as NSNumber: n.stringValue
                    default: ""
                    }
                }
                let source = row["source"] as? [String: Any] ?? [:]
                rights.append(
                    try right(
                        code: text(row["code"]), name: text(row["name"]), group: text(row["group"]),
                        scope: text(row["scope"]), grantedIn: text(row["grantedIn"]),
                        source: RuleSource(
                            document: text(source["document"]), number: text(source["number"]),
                            provision: text(source["provision"]), wording: text(source["wording"]))))
            }
        }
        let list = GovernanceRightList(rights: rights)
        try await GovernanceService(services.database).setRights(
            list, county: principal.county, actor: principal.actor, at: services.now)
        return answer(["rights": list.rights.map(RightDTO.init)], input)
    }

    /// One right from the fields as typed: empty 文号 and provision are not recorded; an unknown group, scope or a
    /// year that is not a number is refused here with its field.
    static func right(code: String, name: String, group: String, scope: String, grantedIn: String, source: RuleSource)
        throws -> GovernanceRight
    {
        guard let parsedGroup = RightGroup(text: group) else {
            throw AppError.unprocessable("权力“\(name)”的类别应为 people（管人）或 affairs（管事）", field: "group")
        }
        var parsedScope: RightScope?
        if !scope.isEmpty {
            guard let s = RightScope(rawValue: scope) else {
                throw AppError.unprocessable(
                    "权力“\(name)”的统计口径应为 head-appointment、agency-assessment、plan、acceptance 或留空", field: "scope")
            }
            parsedScope = s
        }
        var year: Int?
        if !grantedIn.isEmpty {
            guard let y = Int(grantedIn) else {
                throw AppError.unprocessable("权力“\(name)”的赋予年份应为整数", field: "grantedIn")
            }
            year = y
        }
        var source = source
        if source.number?.isEmpty == true { source.number = nil }
        if source.provision?.isEmpty == true { source.provision = nil }
        return GovernanceRight(
            code: code, name: name, group: parsedGroup, scope: parsedScope, grantedIn: year, source: source)
    }

    @Sendable static func exercises(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看镇街治理权力行使", request, context, services)
        let year = try Query.int(request, "year", default: services.today.year, range: 2000...2100)
        let view = try await view(principal, year: year, services: services)
        struct Answer: Encodable {
            var year: Int
            var exercises: [ExerciseDTO]
            var counts: [CountDTO]
        }
        return JSONBody.response(
            Answer(
                year: year, exercises: view.exercises.map(ExerciseDTO.init),
                counts: view.counts.map { CountDTO($0, rights: view.rights) }))
    }

    @Sendable static func record(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.township, .establishment], "登记镇街治理权力行使", request, context, services)
        let input = try await DelegationInput.read(request)
        var township = input["township"]
        if principal.role == .township {
            if township.isEmpty { township = principal.unit ?? "" }
        } else {
            township = try input.required("township", "镇街")
        }
        var documents = input.list("documents")
        if documents.isEmpty {
            documents = input["documents"].split(whereSeparator: { "；;\n".contains($0) }).map(String.init)
        }
        let exercise = RightExercise.Input(
            township: township, right: try input.required("right", "权力"), matter: input["matter"],
            on: try input.optionalDay("on", "行使日期") ?? services.today, outcome: input["outcome"],
            documents: documents, concerned: input["concerned"].isEmpty ? nil : input["concerned"],
            matterId: input["matterId"].isEmpty ? nil : input["matterId"])
        let (rights, _) = try await GovernanceRightsData.rights(county: principal.county, services: services)
        let made = try await GovernanceService(services.database).record(
            exercise, rights: rights, by: principal, today: services.today, at: services.now)
        return answer(["exercise": ExerciseDTO(made)], input, status: .created)
    }

    @Sendable static func matters(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(viewers, "查看规划编制和项目验收", request, context, services)
        let year = try Query.int(request, "year", default: services.today.year, range: 2000...2100)
        let view = try await view(principal, year: year, services: services)
        struct Answer: Encodable {
            var year: Int
            var matters: [MatterDTO]
            var flagged: Int
        }
        return JSONBody.response(
            Answer(year: year, matters: view.matters, flagged: view.matters.filter(\.flagged).count))
    }

    @Sendable static func recordMatter(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await DelegationController.require(
            [.department], "登记规划编制或项目验收", request, context, services)
        let input = try await DelegationInput.read(request)
        guard let kind = MatterKind(text: input["kind"]) else {
            throw AppError.unprocessable("请选择类别：plan（规划编制）或 acceptance（项目验收）", field: "kind")
        }
        let (rights, _) = try await GovernanceRightsData.rights(county: principal.county, services: services)
        let made = try await GovernanceService(services.database).recordMatter(
            kind: kind, township: try input.required("township", "镇街"), title: input["title"],
            on: try input.optionalDay("on", "日期") ?? services.today,
            participationClaimed: input.bool("participated"), note: input["note"], rights: rights, by: principal,
            today: services.today, at: services.now)
        let all = try await GovernanceService(services.database).exercises(county: principal.county)
        return answer(["matter": MatterDTO(made, exercises: all, rights: rights)], input, status: .created)
    }
}

func addGovernanceRoutes(_ router: Router<AppContext>, services s: AppServices) {
    typealias C = GovernanceController
    let api = router.group("api/v1/governance")
    api.get("rights") { r, c in try await C.rights(r, context: c, services: s) }
    api.post("rights") { r, c in try await C.saveRights(r, context: c, services: s) }
    api.get("exercises") { r, c in try await C.exercises(r, context: c, services: s) }
    api.post("exercises") { r, c in try await C.record(r, context: c, services: s) }
    api.get("matters") { r, c in try await C.matters(r, context: c, services: s) }
    api.post("matters") { r, c in try await C.recordMatter(r, context: c, services: s) }
    router.get("/governance") { r, c in try await GovernancePages.work(r, context: c, services: s) }
}
