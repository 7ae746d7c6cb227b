import Foundation

/// The four aspects 司法局 reviews on each sampled enforcement case (案件内审).
public enum ReviewAspect: String, CaseIterable, Codable, Sendable {
    case legalBasis = "legal-basis"
    case procedure, evidence, discretion

    public var label: String {
        switch self {
        case .legalBasis: "法律依据"
        case .procedure: "程序"
        case .evidence: "证据"
        case .discretion: "裁量"
        }
    }

    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let found = Self.allCases.first(where: { $0.rawValue == t || $0.label == t }) else { return nil }
        self = found
    }
}

/// The reproducible random draw of an internal review (案件内审抽样). Anyone holding the frame (the case ids of the
/// filter: county, township, period, enforcement cases) and the seed redraws the same sample:
///
/// 1. the frame is sorted by the case id (`source/externalId`, compared by Unicode scalar values) and duplicates
///    dropped, so the order the database returns does not matter;
/// 2. a `SeededGenerator` (SplitMix64) is started from the seed;
/// 3. a partial Fisher–Yates shuffle picks the sample: for i in 0..<size, j = i + next() mod (n − i), swap i and j;
///    the first `size` ids, in the order drawn, are the sample.
///
/// The modulo is written out (not `Int.random(in:using:)`, whose algorithm the standard library may change) so that
/// the rule can be redone by hand or in another language.
public enum ReviewDraw {
    /// The largest seed (2^53 − 1: a seed survives any JSON client).
    public static let maximumSeed = 9_007_199_254_740_991

    /// The frame in its canonical order: unique ids sorted by Unicode scalar values.
    public static func canonical(_ ids: [String]) -> [String] {
        Set(ids).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    /// The canonical text of a frame, whose SHA-256 the sample records: the sorted ids, one per line.
    public static func frameText(_ ids: [String]) -> String { canonical(ids).joined(separator: "\n") }

    /// Draws `size` ids of the frame with the seed (pure).
    public static func draw(frame ids: [String], seed: Int, size: Int) throws(SupervisionFailure) -> [String] {
        guard (0...maximumSeed).contains(seed) else { throw .invalidSeed(String(seed)) }
        guard size > 0 else { throw .invalidSampleSize(String(size)) }
        var frame = canonical(ids)
        guard size <= frame.count else { throw .sampleLargerThanFrame(size: size, frame: frame.count) }
        var generator = SeededGenerator(seed: UInt64(seed))
        let n = frame.count
        for i in 0..<size {
            let j = i + Int(generator.next() % UInt64(n - i))
            frame.swapAt(i, j)
        }
        return Array(frame.prefix(size))
    }
}

/// One aspect's conclusion on a reviewed case: ok, or a problem with its note.
public struct AspectFinding: Codable, Hashable, Sendable {
    public var aspect: ReviewAspect
    public var ok: Bool
    public var note: String

    public init(aspect: ReviewAspect, ok: Bool, note: String = "") {
        self.aspect = aspect
        self.ok = ok
        self.note = note
    }
}

/// 司法局's findings on one sampled case, one per aspect.
public struct CaseFinding: Codable, Hashable, Sendable {
    public var caseId: String
    public var aspects: [AspectFinding]
    public var reviewedOn: Day
    public var by: String

    public var hasProblem: Bool { aspects.contains { !$0.ok } }
    public func isProblem(_ aspect: ReviewAspect) -> Bool { aspects.contains { $0.aspect == aspect && !$0.ok } }
}

/// An internal review (案件内审): the frame (the filter, its ordered case ids, their SHA-256 and count), the seed and
/// the sample size, the sample drawn, and the findings of 司法局 on the sampled cases. The rule it implements is
/// `article` (行政处罚法 on the supervision of penalties: 行政执法评议、考核、监督检查).
public struct ReviewSample: Codable, Hashable, Sendable {
    public var id: String
    public var county: String
    public var township: String
    public var townshipName: String
    public var from: Day
    public var to: Day
    /// Always the enforcement cases (`CaseRecord.Kind.enforcement`); kept so the filter is printed whole.
    public var kind: CaseRecord.Kind
    /// The frame's case ids in canonical order (`ReviewDraw.canonical`).
    public var frame: [String]
    /// SHA-256 (hex) of `ReviewDraw.frameText(frame)`, computed by the store.
    public var frameHash: String
    public var seed: Int
    public var size: Int
    /// The sampled case ids in the order drawn.
    public var cases: [String]
    public var findings: [CaseFinding]
    public var drawnOn: Day
    public var history: [StepRecord]

    /// The statute the internal review implements (data: an article of the law library).
    public static let article = ArticleRef(
        law: "行政处罚法", version: Day(year: 2021, month: 1, day: 22)!, article: 75)

    static let noteLimit = 200

    /// The frame's size.
    public var frameSize: Int { frame.count }

    /// Seed and size as typed: non-negative integers.
    public static func parse(seed text: String) throws(SupervisionFailure) -> Int {
        let t = text.trimmingSpaces()
        guard !t.isEmpty, t.count <= 16, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t),
            v <= ReviewDraw.maximumSeed
        else { throw .invalidSeed(text) }
        return v
    }

    public static func parse(size text: String) throws(SupervisionFailure) -> Int {
        let t = text.trimmingSpaces()
        guard !t.isEmpty, t.count <= 6, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t), v > 0 else {
            throw .invalidSampleSize(text)
        }
        return v
    }

    /// 司法局 draws a sample of a township's enforcement cases received in the period (one calendar year at most).
    public static func draw(
        id: String, county: String, township: String, townshipName: String, from: Day, to: Day, frame ids: [String],
        frameHash: String, seed: Int, size: Int, existing: [ReviewSample], today: Day, by principal: Principal,
        at now: Date
    ) throws(SupervisionFailure) -> ReviewSample {
        guard principal.role == .justice else { throw .wrongRole(step: "案件内审抽样", needed: "司法局") }
        guard from <= to, from.year == to.year else { throw .invalidPeriod(from: from, to: to) }
        if let other = existing.first(where: { $0.township == township && $0.from == from && $0.to == to }) {
            throw .sampleExists(id: other.id)
        }
        let frame = ReviewDraw.canonical(ids)
        guard !frame.isEmpty else { throw .emptyFrame(township: townshipName) }
        let cases = try ReviewDraw.draw(frame: frame, seed: seed, size: size)
        return ReviewSample(
            id: id, county: county, township: township, townshipName: townshipName, from: from, to: to,
            kind: .enforcement, frame: frame, frameHash: frameHash, seed: seed, size: size, cases: cases,
            findings: [], drawnOn: today,
            history: [
                StepRecord(
                    step: "案件内审抽样", by: principal.username, role: principal.role.rawValue, at: now,
                    note: "种子\(seed)，抽样框\(frame.count)件，抽取\(size)件")
            ])
    }

    /// Whether the recorded draw is what the seed gives for the frame (anyone can check it).
    public var redraws: Bool { (try? ReviewDraw.draw(frame: frame, seed: seed, size: size)) == cases }

    /// 司法局 records (or corrects) its findings on one sampled case: every aspect once, a problem with its note.
    public func reviewing(
        case caseId: String, findings input: [ReviewAspect: (ok: Bool, note: String)], reviewedOn: Day, today: Day,
        by principal: Principal, at now: Date
    ) throws(SupervisionFailure) -> ReviewSample {
        guard principal.role == .justice else { throw .wrongRole(step: "案件内审", needed: "司法局") }
        guard cases.contains(caseId) else { throw .caseNotSampled(caseId) }
        guard reviewedOn <= today else { throw .futureDay(reviewedOn) }
        guard reviewedOn >= drawnOn else { throw .reviewBeforeDraw(reviewed: reviewedOn, drawn: drawnOn) }
        var aspects: [AspectFinding] = []
        for aspect in ReviewAspect.allCases {
            guard let found = input[aspect] else { throw .aspectMissing(aspect.label) }
            let note = found.note.trimmingSpaces()
            guard note.count <= Self.noteLimit else {
                throw .tooLong(field: "\(aspect.label)审查意见", limit: Self.noteLimit)
            }
            guard found.ok || !note.isEmpty else { throw .noteRequired(aspect: aspect.label) }
            aspects.append(AspectFinding(aspect: aspect, ok: found.ok, note: note))
        }
        var next = self
        let finding = CaseFinding(caseId: caseId, aspects: aspects, reviewedOn: reviewedOn, by: principal.username)
        next.findings.removeAll { $0.caseId == caseId }
        next.findings.append(finding)
        next.findings.sort { a, b in
            (cases.firstIndex(of: a.caseId) ?? 0) < (cases.firstIndex(of: b.caseId) ?? 0)
        }
        next.history.append(
            StepRecord(
                step: "案件内审", by: principal.username, role: principal.role.rawValue, at: now,
                note: "\(caseId)：\(finding.hasProblem ? "发现问题" : "未发现问题")"))
        return next
    }
}

/// The internal-review figures of a township (or of several samples): cases sampled, reviewed, with at least one
/// problem, and per aspect the cases with a problem on it.
public struct ReviewSummary: Codable, Hashable, Sendable {
    public var sampled = 0
    public var reviewed = 0
    public var withProblems = 0
    /// In `ReviewAspect.allCases` order.
    public var problems = [Int](repeating: 0, count: ReviewAspect.allCases.count)

    public init() {}

    public func problems(_ aspect: ReviewAspect) -> Int { problems[ReviewAspect.allCases.firstIndex(of: aspect)!] }

    /// The sums of the samples given.
    public static func of(_ samples: [ReviewSample]) -> ReviewSummary {
        var s = ReviewSummary()
        for sample in samples {
            s.sampled += sample.cases.count
            for f in sample.findings {
                s.reviewed += 1
                if f.hasProblem { s.withProblems += 1 }
                for (i, aspect) in ReviewAspect.allCases.enumerated() where f.isProblem(aspect) { s.problems[i] += 1 }
            }
        }
        return s
    }

    /// Per township code, the sums of its samples whose period lies in the year.
    public static func perTownship(_ samples: [ReviewSample], year: Int) -> [String: ReviewSummary] {
        Dictionary(grouping: samples.filter { $0.from.year == year }, by: \.township).mapValues { of($0) }
    }
}
