import Foundation

/// One exercise of a governance right by a township: the matter, the day, the outcome, the documents (文号 or
/// titles) and the department or agency concerned — recorded by the township itself (or 编办), or counted from the
/// dispatched agencies' records for the rights whose scope says so (never entered twice).
public struct RightExercise: Codable, Hashable, Sendable {
    public enum Origin: String, Codable, Sendable {
        case recorded
        case headAppointment = "head-appointment"
        case agencyAssessment = "agency-assessment"

        public var label: String {
            switch self {
            case .recorded: "镇街登记"
            case .headAppointment: "派驻机构负责人任免"
            case .agencyAssessment: "派驻机构年度考核"
            }
        }
    }

    /// What a township or 编办 enters.
    public struct Input: Hashable, Sendable {
        public var township: String
        public var right: String
        public var matter: String
        public var on: Day
        public var outcome: String
        public var documents: [String]
        public var concerned: String?
        public var matterId: String?

        public init(
            township: String, right: String, matter: String, on: Day, outcome: String, documents: [String],
            concerned: String? = nil, matterId: String? = nil
        ) {
            self.township = township
            self.right = right
            self.matter = matter
            self.on = on
            self.outcome = outcome
            self.documents = documents
            self.concerned = concerned
            self.matterId = matterId
        }
    }

    public var id: String
    public var county: String
    public var township: String
    public var townshipName: String
    /// The right's code in the county's list, and its name and group when recorded.
    public var right: String
    public var rightName: String
    public var group: RightGroup
    public var matter: String
    public var on: Day
    public var outcome: String
    public var documents: [String]
    public var concerned: String?
    public var concernedName: String?
    /// The department's plan or acceptance it took part in.
    public var matterId: String?
    public var origin: Origin
    public var recordedBy: String?
    public var recordedAt: Date?

    static let matterLimit = 100
    static let outcomeLimit = 500
    static let documentLimit = 100
    static let documentsMaximum = 10

    /// Checks an exercise a township records for itself, or 编办 for any township of the county. Names are
    /// resolved by the caller (nil: the code is not a township, department or agency of the county); `linked` is
    /// the matter named by `input.matterId` (nil when there is none with that id in the county).
    public static func record(
        _ input: Input, id: String, county: String, townshipName: String?, concernedName: String?,
        linked: GovernanceMatter?, by principal: Principal, rights: GovernanceRightList, today: Day, at now: Date
    ) throws(GovernanceFailure) -> RightExercise {
        switch principal.role {
        case .township: guard principal.unit == input.township else { throw .notOwnTownship }
        case .establishment: break
        default: throw .wrongRole(step: "登记权力行使", needed: "镇街或编办")
        }
        guard let townshipName else { throw .notATownship(input.township) }
        guard let right = rights.right(input.right) else { throw .unknownRight(input.right) }
        if let scope = right.scope, scope.isDerived { throw .derivedRight(right: right.name, from: scope.label) }
        var matter = input.matter.trimmingSpaces()
        if let matterId = input.matterId {
            guard let linked else { throw .unknownMatter(matterId) }
            guard linked.township == input.township else { throw .matterOfAnotherTownship(matterId) }
            guard let kind = right.scope?.matterKind else { throw .rightNotForMatters(right.name) }
            guard kind == linked.kind else {
                throw .matterOfAnotherKind(matter: linked.title, kind: linked.kind.label, right: right.name)
            }
            if matter.isEmpty { matter = linked.title }
        }
        guard !matter.isEmpty else { throw .emptyMatter }
        guard matter.count <= matterLimit else { throw .tooLong(field: "事项名称", limit: matterLimit) }
        let outcome = input.outcome.trimmingSpaces()
        guard outcome.count <= outcomeLimit else { throw .tooLong(field: "结果", limit: outcomeLimit) }
        let documents = input.documents.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard documents.count <= documentsMaximum else { throw .tooLong(field: "文件份数", limit: documentsMaximum) }
        for document in documents where document.count > documentLimit {
            throw .tooLong(field: "文件名称或文号", limit: documentLimit)
        }
        guard input.on <= today else { throw .dayInFuture(input.on) }
        if let year = right.grantedIn, input.on.year < year { throw .dayBeforeGrant(right: right.name, year: year) }
        let concerned = input.concerned.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        if let concerned, concernedName == nil { throw .notConcerned(concerned) }
        return RightExercise(
            id: id, county: county, township: input.township, townshipName: townshipName, right: right.code,
            rightName: right.name, group: right.group, matter: matter, on: input.on, outcome: outcome,
            documents: documents, concerned: concerned, concernedName: concerned == nil ? nil : concernedName,
            matterId: input.matterId, origin: .recorded, recordedBy: principal.username, recordedAt: now)
    }

    /// The exercises the dispatched agencies' records are: each opinion a township gave on a head's appointment or
    /// removal (任免建议/征得同意权, on the opinion's day) and each published yearly assessment its township scored
    /// (人事考核权, on the publication day) — for the rights of the county's list whose scope says so.
    public static func derived(
        appointments: [HeadAppointment], schemes: [AssessmentScheme], rights: GovernanceRightList
    ) -> [RightExercise] {
        var out: [RightExercise] = []
        if let right = rights.right(for: .headAppointment) {
            for a in appointments {
                guard let opinion = a.opinion else { continue }
                out.append(
                    RightExercise(
                        id: a.id, county: a.county, township: a.agency.township, townshipName: a.agency.townshipName,
                        right: right.code, rightName: right.name, group: right.group,
                        matter: "\(a.action.label)\(a.post) \(a.person)", on: opinion.on,
                        outcome: opinion.reasons.isEmpty ? opinion.label : "\(opinion.label)：\(opinion.reasons)",
                        documents: a.decision.map { [$0.number] } ?? [], concerned: a.agency.code,
                        concernedName: a.agency.name, matterId: nil, origin: .headAppointment, recordedBy: nil,
                        recordedAt: nil))
            }
        }
        if let right = rights.right(for: .agencyAssessment) {
            for s in schemes {
                guard s.state == .published, let day = s.publishedOn, let score = s.subtotal(.township) else {
                    continue
                }
                out.append(
                    RightExercise(
                        id: s.id, county: s.county, township: s.agency.township, townshipName: s.agency.townshipName,
                        right: right.code, rightName: right.name, group: right.group, matter: "\(s.year) 年度考核",
                        on: day,
                        outcome:
                            "镇街评价得分 \(Hundredths.fixed(score))（权重 \(Percent(basisPoints: s.townshipWeight).text)），总分 \(s.total.map(Hundredths.fixed) ?? "—")",
                        documents: [], concerned: s.agency.code, concernedName: s.agency.name, matterId: nil,
                        origin: .agencyAssessment, recordedBy: nil, recordedAt: nil))
            }
        }
        return out
    }
}

/// Exercises per township in one year: each right's count and the total.
public struct ExerciseCount: Codable, Hashable, Sendable {
    public var township: String
    public var townshipName: String
    public var year: Int
    /// Right code → count, every right of the list present (zeros included).
    public var byRight: [String: Int]
    public var total: Int

    /// One row per township given (in its order, zeros included) and the district's row last (township `*`,
    /// name 合计). Exercises of a right no longer on the list count in the total only.
    public static func table(
        _ exercises: [RightExercise], year: Int, townships: [(code: String, name: String)],
        rights: GovernanceRightList, totalName: String = "合计"
    ) -> [ExerciseCount] {
        let inYear = exercises.filter { $0.on.year == year }
        func row(_ code: String, _ name: String, _ list: [RightExercise]) -> ExerciseCount {
            var byRight: [String: Int] = [:]
            for right in rights.rights { byRight[right.code] = list.filter { $0.right == right.code }.count }
            return ExerciseCount(township: code, townshipName: name, year: year, byRight: byRight, total: list.count)
        }
        return townships.map { t in row(t.code, t.name, inYear.filter { $0.township == t.code }) }
            + [row("*", totalName, inYear.filter { e in townships.contains { $0.code == e.township } })]
    }
}
