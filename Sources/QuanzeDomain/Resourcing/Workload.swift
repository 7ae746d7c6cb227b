/// Workload per authorised post (每编工作量), the basis of the staffing incentive (编制激励) for the townships that
/// carry the most (DESIGN §6, issue 14 point 4). For one township, year and as-of day:
///
///     workload per post = items × cases ÷ posts
///
/// - `items`: the entries of the township's 审批服务清单 and 执法清单 in force on the as-of day (an item on both
///   lists counts twice: it is approval work and enforcement work);
/// - `cases`: the case volume (办件量) the indicators hold for the township in the year, up to the as-of day (every
///   record received, whoever handled it);
/// - `posts`: the authorised establishment of the township's approval office and enforcement squad for the year.
///
/// The figure is kept exact, as the fraction `load / posts` (load = items × cases); it is printed with two decimals
/// rounded half up. With no authorised posts the figure is undefined (`perPost == nil`): such a township carries work
/// without any post and is ranked ahead of every township that has posts (its need is the plainest), ordered among
/// themselves by load.
public struct Workload: Codable, Hashable, Sendable {
    public var township: String
    public var name: String
    public var items: Int
    public var cases: Int
    public var posts: Int

    public init(township: String, name: String, items: Int, cases: Int, posts: Int) {
        self.township = township
        self.name = name
        self.items = items
        self.cases = cases
        self.posts = posts
    }

    /// items × cases.
    public var load: Int { items * cases }

    /// load ÷ posts in hundredths, rounded half up; nil with no posts.
    public var perPost: Int? {
        guard posts > 0 else { return nil }
        return (load * 100 * 2 + posts) / (posts * 2)
    }

    /// `1234.57`, or 未核定编制 with no posts.
    public var perPostText: String { perPost.map(Hundredths.fixed) ?? "未核定编制" }

    /// Whether `a` carries more per post than `b`: no posts (and some load) first, then by the exact fraction
    /// (cross-multiplied, never rounded), then by load, then by code — a total order, so the ranking is stable.
    public static func carriesMore(_ a: Workload, than b: Workload) -> Bool {
        let aUnposted = a.posts == 0
        let bUnposted = b.posts == 0
        if aUnposted != bUnposted { return aUnposted }
        if !aUnposted {
            let left = a.load * b.posts
            let right = b.load * a.posts
            if left != right { return left > right }
        }
        if a.load != b.load { return a.load > b.load }
        return a.township < b.township
    }

    /// One township's place in the ranking.
    public struct Ranked: Codable, Hashable, Sendable {
        /// 1-based; townships with equal figures (same fraction, or both without posts and the same load) share a rank.
        public var rank: Int
        public var workload: Workload
    }

    /// Ranks townships by workload per post, the heaviest first (see `carriesMore`); ties share a rank (1, 2, 2, 4).
    public static func ranking(_ workloads: [Workload]) -> [Ranked] {
        let sorted = workloads.sorted { carriesMore($0, than: $1) }
        var out: [Ranked] = []
        for (index, w) in sorted.enumerated() {
            if let previous = out.last, ties(previous.workload, w) {
                out.append(Ranked(rank: previous.rank, workload: w))
            } else {
                out.append(Ranked(rank: index + 1, workload: w))
            }
        }
        return out
    }

    static func ties(_ a: Workload, _ b: Workload) -> Bool {
        if a.posts == 0 || b.posts == 0 { return a.posts == b.posts && a.load == b.load }
        return a.load * b.posts == b.load * a.posts
    }
}
