/// When one version of a law applies: from the day it comes into force (施行) — not the day it was adopted or
/// revised, which keys the version — until a later version comes into force or it is repealed (废止).
public struct LawVersionStatus: Hashable, Sendable, Codable {
    public var name: String
    public var version: Day
    public var inForce: Day
    public var repealed: Day?

    public init(name: String, version: Day, inForce: Day? = nil, repealed: Day? = nil) {
        self.name = name
        self.version = version
        self.inForce = inForce ?? version
        self.repealed = repealed
    }

    /// `畜牧法(2022-10-30)`.
    public var label: String { "\(name)(\(version.iso))" }
}

/// One row of an article map between two versions of a law (条文对照): the article an old version's article became
/// in a newer version, or none when the newer version dropped it.
public struct ArticleMapping: Hashable, Sendable, Codable {
    public var old: ArticleRef
    public var newVersion: Day
    public var newArticle: Int?

    public init(old: ArticleRef, newVersion: Day, newArticle: Int?) {
        self.old = old
        self.newVersion = newVersion
        self.newArticle = newArticle
    }

    public var new: ArticleRef? { newArticle.map { ArticleRef(law: old.law, version: newVersion, article: $0) } }
}

/// What became of a cited article as of a day (rule R5): its version was followed by a newer one in force, or
/// repealed with none.
public struct BasisChange: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case superseded, repealed
    }

    public var kind: Kind
    public var cited: ArticleRef
    /// The version in force instead of the cited one (superseded only).
    public var successor: LawVersionStatus?
    /// From when the cited version no longer applies: the successor's day in force, or the day of repeal.
    public var since: Day
    /// The successor's article from the article map; nil when the map holds no row for the cited article.
    public var newArticle: ArticleRef?
    /// The map says the successor dropped the article.
    public var dropped: Bool

    /// The evidence in Chinese, naming the references and the dates (all of it data).
    public var evidence: String {
        switch kind {
        case .repealed:
            return "依据\(cited.display)所在版本已于\(since.chinese)废止"
        case .superseded:
            let successor = successor.map { "《\($0.name)》（\($0.version.chinese)版）" } ?? ""
            let mapped =
                if let newArticle { "，条文对照为\(newArticle.display)" } else if dropped { "，条文对照显示新版本已删去该条" } else {
                    "，尚未导入该条的条文对照"
                }
            return "依据\(cited.display)已被\(successor)取代（自\(since.chinese)起施行）\(mapped)"
        }
    }
}

/// The law versions with their days in force and repeal, and the county's article maps: answers what became of a
/// cited article as of a day.
public struct LawTimeline: Sendable {
    public var versions: [String: [LawVersionStatus]]
    public var mappings: [ArticleRef: [ArticleMapping]]

    public init(versions: [LawVersionStatus] = [], mappings: [ArticleMapping] = []) {
        self.versions = Dictionary(grouping: versions, by: \.name).mapValues { $0.sorted { $0.version < $1.version } }
        self.mappings = Dictionary(grouping: mappings, by: \.old)
    }

    /// Nil while the cited version is the newest in force on `day` and not repealed. A newer version counts from its
    /// day in force; the map is followed through intermediate versions up to the one in force.
    public func change(of cited: ArticleRef, on day: Day) -> BasisChange? {
        let all = versions[cited.law] ?? []
        if let successor = all.last(where: { $0.version > cited.version && $0.inForce <= day }) {
            var current: ArticleRef? = cited
            var dropped = false
            while let ref = current, ref.version < successor.version {
                guard
                    let step = (mappings[ref] ?? []).filter({ $0.newVersion <= successor.version }).max(by: {
                        $0.newVersion < $1.newVersion
                    })
                else {
                    current = nil
                    break
                }
                current = step.new
                if step.newArticle == nil { dropped = true }
            }
            return BasisChange(
                kind: .superseded, cited: cited, successor: successor, since: successor.inForce,
                newArticle: current.flatMap { $0.version == successor.version ? $0 : nil }, dropped: dropped)
        }
        if let status = all.first(where: { $0.version == cited.version }), let repealed = status.repealed,
            repealed <= day
        {
            return BasisChange(
                kind: .repealed, cited: cited, successor: nil, since: repealed, newArticle: nil, dropped: false)
        }
        return nil
    }

    /// Every change among an item's citations on a day.
    public func changes(of bases: [ArticleRef], on day: Day) -> [BasisChange] {
        bases.compactMap { change(of: $0, on: day) }
    }
}
