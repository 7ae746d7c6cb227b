import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Supervision: internal review samples (案件内审)")
struct InternalReviewTests {
    static let justice = Principal(username: "sifaju", role: .justice, county: Fixture.county, organization: "SFJ")
    static let bianban = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "BB")
    static let frame = (1...20).map { String(format: "src/A-%02d", $0) }

    static func failure<T>(_ body: () throws -> T) -> SupervisionFailure? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? SupervisionFailure ?? .noIndicators
        }
    }

    static func sample(seed: Int = 20_231_231, size: Int = 5, frame: [String] = frame) throws -> ReviewSample {
        try ReviewSample.draw(
            id: "NS-0001", county: Fixture.county, township: "T1", townshipName: "甲镇", from: Fixture.day("2023-01-01"),
            to: Fixture.day("2023-12-31"), frame: frame, frameHash: "h", seed: seed, size: size, existing: [],
            today: Fixture.day("2024-01-10"), by: justice, at: Fixture.t0)
    }

    static let allOk: [ReviewAspect: (ok: Bool, note: String)] = [
        .legalBasis: (true, ""), .procedure: (true, ""), .evidence: (true, ""), .discretion: (true, ""),
    ]

    @Test("the draw is the documented SplitMix64 partial Fisher–Yates: the ids a hand computation gives, in draw order")
    func knownDraw() throws {
        // The expected ids were computed outside Swift (a 15-line script of the documented rule).
        #expect(
            try ReviewDraw.draw(frame: Self.frame, seed: 20_231_231, size: 5) == [
                "src/A-07", "src/A-01", "src/A-05", "src/A-19", "src/A-18",
            ])
        #expect(try ReviewDraw.draw(frame: Self.frame, seed: 0, size: 3) == ["src/A-16", "src/A-18", "src/A-04"])
    }

    @Test("a redraw gives the same ids whatever order the frame comes in; another seed gives another sample")
    func reproducible() throws {
        let first = try ReviewDraw.draw(frame: Self.frame, seed: 20_231_231, size: 5)
        let shuffled = Array(Self.frame.reversed()) + ["src/A-03"]  // another order, one duplicate
        #expect(try ReviewDraw.draw(frame: shuffled, seed: 20_231_231, size: 5) == first)
        let other = try ReviewDraw.draw(frame: Self.frame, seed: 20_231_232, size: 5)
        #expect(other == ["src/A-17", "src/A-08", "src/A-20", "src/A-19", "src/A-06"])
        #expect(other != first)
        let s = try Self.sample()
        #expect(s.cases == first)
        #expect(s.frameSize == 20)
        #expect(s.redraws)
        var tampered = s
        tampered.cases[0] = "src/A-02"
        #expect(!tampered.redraws)
    }

    @Test("a sample of the whole frame is a permutation of it; sizes beyond the frame, 0 and bad seeds are refused")
    func bounds() throws {
        #expect(try ReviewDraw.draw(frame: Self.frame, seed: 7, size: 20).sorted() == Self.frame)
        #expect(
            Self.failure { try ReviewDraw.draw(frame: Self.frame, seed: 7, size: 21) }
                == .sampleLargerThanFrame(size: 21, frame: 20))
        #expect(Self.failure { try ReviewDraw.draw(frame: Self.frame, seed: 7, size: 0) } == .invalidSampleSize("0"))
        #expect(Self.failure { try ReviewDraw.draw(frame: Self.frame, seed: -1, size: 1) } == .invalidSeed("-1"))
        #expect(try ReviewSample.parse(seed: " 9007199254740991 ") == 9_007_199_254_740_991)
        #expect(Self.failure { try ReviewSample.parse(seed: "9007199254740992") } == .invalidSeed("9007199254740992"))
        #expect(Self.failure { try ReviewSample.parse(seed: "1e3") } == .invalidSeed("1e3"))
        #expect(try ReviewSample.parse(size: "12") == 12)
        #expect(Self.failure { try ReviewSample.parse(size: "0") } == .invalidSampleSize("0"))
        #expect(Self.failure { try Self.sample(frame: []) } == .emptyFrame(township: "甲镇"))
    }

    @Test("only 司法局 draws; a period across years or reversed is refused; one sample per township and period")
    func drawRules() throws {
        #expect(
            Self.failure {
                try ReviewSample.draw(
                    id: "X", county: Fixture.county, township: "T1", townshipName: "甲镇",
                    from: Fixture.day("2023-01-01"),
                    to: Fixture.day("2023-12-31"), frame: Self.frame, frameHash: "h", seed: 1, size: 1, existing: [],
                    today: Fixture.day("2024-01-10"), by: Self.bianban, at: Fixture.t0)
            } == .wrongRole(step: "案件内审抽样", needed: "司法局"))
        #expect(
            Self.failure {
                try ReviewSample.draw(
                    id: "X", county: Fixture.county, township: "T1", townshipName: "甲镇",
                    from: Fixture.day("2023-07-01"),
                    to: Fixture.day("2024-06-30"), frame: Self.frame, frameHash: "h", seed: 1, size: 1, existing: [],
                    today: Fixture.day("2024-07-10"), by: Self.justice, at: Fixture.t0)
            } == .invalidPeriod(from: Fixture.day("2023-07-01"), to: Fixture.day("2024-06-30")))
        let first = try Self.sample()
        #expect(
            Self.failure {
                try ReviewSample.draw(
                    id: "NS-0002", county: Fixture.county, township: "T1", townshipName: "甲镇",
                    from: Fixture.day("2023-01-01"), to: Fixture.day("2023-12-31"), frame: Self.frame, frameHash: "h",
                    seed: 2, size: 1, existing: [first], today: Fixture.day("2024-01-10"), by: Self.justice,
                    at: Fixture.t0)
            } == .sampleExists(id: "NS-0001"))
    }

    @Test(
        "findings: every aspect once, a problem needs its note, only sampled cases, a correction replaces the finding")
    func findings() throws {
        let s = try Self.sample()
        let day = Fixture.day("2024-01-10")
        var missing = Self.allOk
        missing[.discretion] = nil
        #expect(
            Self.failure {
                try s.reviewing(
                    case: "src/A-07", findings: missing, reviewedOn: day, today: day, by: Self.justice, at: Fixture.t1)
            } == .aspectMissing("裁量"))
        var bare = Self.allOk
        bare[.evidence] = (false, "  ")
        #expect(
            Self.failure {
                try s.reviewing(
                    case: "src/A-07", findings: bare, reviewedOn: day, today: day, by: Self.justice, at: Fixture.t1)
            } == .noteRequired(aspect: "证据"))
        #expect(
            Self.failure {
                try s.reviewing(
                    case: "src/A-02", findings: Self.allOk, reviewedOn: day, today: day, by: Self.justice,
                    at: Fixture.t1)
            } == .caseNotSampled("src/A-02"))
        #expect(
            Self.failure {
                try s.reviewing(
                    case: "src/A-07", findings: Self.allOk, reviewedOn: day, today: day, by: Self.bianban,
                    at: Fixture.t1)
            } == .wrongRole(step: "案件内审", needed: "司法局"))
        #expect(
            Self.failure {
                try s.reviewing(
                    case: "src/A-07", findings: Self.allOk, reviewedOn: Fixture.day("2024-01-11"), today: day,
                    by: Self.justice, at: Fixture.t1)
            } == .futureDay(Fixture.day("2024-01-11")))
        #expect(
            Self.failure {
                try s.reviewing(
                    case: "src/A-07", findings: Self.allOk, reviewedOn: Fixture.day("2024-01-09"), today: day,
                    by: Self.justice, at: Fixture.t1)
            } == .reviewBeforeDraw(reviewed: Fixture.day("2024-01-09"), drawn: day))
        var problems = Self.allOk
        problems[.evidence] = (false, "现场检查笔录缺当事人签字")
        problems[.procedure] = (false, "未告知陈述申辩权利")
        var r = try s.reviewing(
            case: "src/A-05", findings: problems, reviewedOn: day, today: day, by: Self.justice, at: Fixture.t1)
        r = try r.reviewing(
            case: "src/A-07", findings: Self.allOk, reviewedOn: day, today: day, by: Self.justice, at: Fixture.t2)
        // Findings follow the draw order, whatever order they were recorded in.
        #expect(r.findings.map(\.caseId) == ["src/A-07", "src/A-05"])
        var summary = ReviewSummary.of([r])
        #expect(summary.sampled == 5)
        #expect(summary.reviewed == 2)
        #expect(summary.withProblems == 1)
        #expect(summary.problems == [0, 1, 1, 0])
        #expect(summary.problems(.evidence) == 1)
        // A correction replaces the earlier finding of the case.
        r = try r.reviewing(
            case: "src/A-05", findings: Self.allOk, reviewedOn: day, today: day, by: Self.justice, at: Fixture.t3)
        summary = ReviewSummary.of([r])
        #expect(summary.reviewed == 2)
        #expect(summary.withProblems == 0)
        #expect(r.history.map(\.step) == ["案件内审抽样", "案件内审", "案件内审", "案件内审"])
        #expect(ReviewSummary.perTownship([r], year: 2023)["T1"]?.reviewed == 2)
        #expect(ReviewSummary.perTownship([r], year: 2022).isEmpty)
    }

    @Test("the article the review implements is 行政处罚法 article 75 of the 2021 version")
    func article() {
        #expect(ReviewSample.article.description == "行政处罚法(2021-01-22)第75条")
        #expect(ReviewAspect(text: "裁量") == .discretion)
        #expect(ReviewAspect(text: "legal-basis") == .legalBasis)
        #expect(ReviewAspect(text: "其他") == nil)
    }
}
