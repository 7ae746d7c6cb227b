/// The authorised establishment (编制数) of one of a township's offices — its 行政审批办公室 or its 综合行政执法中队 —
/// in one year, with the 编办's approving document when recorded.
public struct OfficeEstablishment: Codable, Hashable, Sendable {
    public var county: String
    /// The office's organisation code (`<unit>-SP`, `<unit>-ZF` in the usual import).
    public var office: String
    public var officeName: String
    /// The township-level unit the office belongs to.
    public var township: String
    public var year: Int
    /// Authorised posts (核定编制数).
    public var posts: Int
    /// The 文号 that set the posts (定编文件), when recorded.
    public var document: String?

    public init(
        county: String, office: String, officeName: String, township: String, year: Int, posts: Int,
        document: String? = nil
    ) {
        self.county = county
        self.office = office
        self.officeName = officeName
        self.township = township
        self.year = year
        self.posts = posts
        self.document = document
    }

    /// Builds an establishment record for an office of the county, checked: the organisation must be a township's
    /// approval office or enforcement squad in service, the year 2000–2100, the posts 0–999, a 文号 (when given) in
    /// the form of GB/T 9704-2012.
    public static func make(
        office: Organization, year: Int, posts: Int, document: String
    ) throws(ResourceFailure) -> OfficeEstablishment {
        guard office.kind == .approvalOffice || office.kind == .enforcementSquad, let township = office.parent else {
            throw .notAnOffice(office.code)
        }
        guard !office.isRetired else { throw .officeRetired(office.name) }
        guard (2000...2100).contains(year) else { throw .yearOutOfRange(year) }
        guard (0...999).contains(posts) else { throw .postsOutOfRange(posts) }
        let number = document.trimmingSpaces()
        if !number.isEmpty && !Decision.isValidNumber(number) { throw .invalidNumber(number) }
        return OfficeEstablishment(
            county: office.county, office: office.code, officeName: office.name, township: township, year: year,
            posts: posts, document: number.isEmpty ? nil : number)
    }
}

/// An office's establishment against its staff on a day: the authorised posts, the 在编 staff on its roll
/// (establishment concerns 在编 only: 编外辅助 and 派驻 staff hold no post of it, and are shown apart), and the
/// difference — vacancies (空编) or over-establishment (超编).
public struct EstablishmentStanding: Codable, Hashable, Sendable {
    public var office: String
    public var officeName: String
    public var township: String
    /// Authorised posts; nil when no establishment is recorded for the year.
    public var posts: Int?
    /// 在编 staff of the office on the roll on the as-of day (hired on or before it; seconded-away staff still hold
    /// their post and are counted, and also shown in `secondedAway`).
    public var inPost: Int
    /// Of `inPost`, those seconded away on the day (借调在外).
    public var secondedAway: Int
    /// 编外辅助 staff of the office on the roll (not counted against the establishment).
    public var auxiliary: Int
    /// 派驻 staff working in the office (not counted against the establishment).
    public var dispatched: Int

    public init(
        office: String, officeName: String, township: String, posts: Int?, inPost: Int, secondedAway: Int,
        auxiliary: Int, dispatched: Int
    ) {
        self.office = office
        self.officeName = officeName
        self.township = township
        self.posts = posts
        self.inPost = inPost
        self.secondedAway = secondedAway
        self.auxiliary = auxiliary
        self.dispatched = dispatched
    }

    /// Counts one office's staff on `day` from its unit's capacity records.
    public static func of(
        office: String, officeName: String, township: String, posts: Int?, snapshot: CapacitySnapshot, on day: Day
    ) -> EstablishmentStanding {
        let staff = snapshot.onRoll(on: day).filter { $0.organization == office }
        let established = staff.filter { $0.kind == .establishment }
        return EstablishmentStanding(
            office: office, officeName: officeName, township: township, posts: posts, inPost: established.count,
            secondedAway: established.filter { snapshot.secondment(of: $0.id, on: day) != nil }.count,
            auxiliary: staff.filter { $0.kind == .auxiliary }.count,
            dispatched: staff.filter { $0.kind == .dispatched }.count)
    }

    /// Authorised posts minus 在编 staff: positive = vacancies (空编), negative = over-establishment (超编); nil
    /// when no establishment is recorded.
    public var difference: Int? { posts.map { $0 - inPost } }

    /// 空编 N / 超编 N / 满编 / 未核定.
    public var label: String {
        guard let difference else { return "未核定" }
        if difference > 0 { return "空编 \(difference)" }
        if difference < 0 { return "超编 \(-difference)" }
        return "满编"
    }
}
