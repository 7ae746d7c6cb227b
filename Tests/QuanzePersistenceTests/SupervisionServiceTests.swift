import Foundation
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzePersistence

/// Internal review and the assessment of townships on every engine: the frame read from the stored cases (a
/// township's enforcement cases of the period, nothing else), the sample redrawn from it, findings and schemes
/// audited in their transaction, refused writes leaving nothing, townships and counties kept apart, the scores
/// computed from the stored indicators and findings.
@Suite("Supervision: internal review and assessment stored")
struct SupervisionServiceTests {
    static let actor = Actor(name: "xitong", role: "system")
    static let justice = Principal(username: "sifa", role: .justice, county: Fixture.county, organization: "SF")
    static let bianban = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "BB")
    static let town = Principal(
        username: "dashanpu", role: .township, county: Fixture.county, organization: Fixture.town.value,
        unit: Fixture.town.value)
    static let subdistrict = Principal(
        username: "dajie", role: .township, county: Fixture.county, organization: Fixture.subdistrict.value,
        unit: Fixture.subdistrict.value)
    static let foreign = Principal(username: "yt-sifa", role: .justice, county: "510311", organization: "SF")
    static let today = Day(iso: "2023-12-31")!
    static let from = Day(iso: "2023-01-01")!
    static let to = Day(iso: "2023-12-31")!

    static func penalty(_ id: String, township: String = Fixture.town.value, received: String, officers: Int)
        -> CaseRecord
    {
        CaseRecord(
            county: Fixture.county, source: "一体化平台", externalId: id, sourceVersion: Fixture.now, itemCode: "CF-1",
            township: township, handler: .township, kind: .enforcement, receivedOn: Day(iso: received)!,
            closedOn: Day(iso: received)!.adding(days: 20), officers: officers)
    }

    /// The town's 12 enforcement cases of 2023 (two with one officer), one of 2022, one open application of 2023, and
    /// one enforcement case of the subdistrict.
    static func setUp(_ database: any Database) async throws {
        try await Fixture.load(database)
        var records = (1...12).map {
            penalty(
                String(format: "E-%02d", $0), received: "2023-03-\(String(format: "%02d", $0))",
                officers: $0 <= 2 ? 1 : 2)
        }
        records.append(penalty("E-2022", received: "2022-06-01", officers: 2))
        var application = penalty("A-01", received: "2023-05-01", officers: 2)
        application.kind = .application
        application.closedOn = nil
        records.append(application)
        records.append(penalty("S-01", township: Fixture.subdistrict.value, received: "2023-07-01", officers: 2))
        _ = try await CaseStore(database).ingest(
            records.enumerated().map { ($0.offset, $0.element) }, county: Fixture.county, scope: nil, actor: Self.actor,
            at: Fixture.now)
    }

    static func audits(_ database: any Database, _ action: String) async throws -> Int {
        try await AuditStore(database).count(AuditFilter(county: Fixture.county, action: action))
    }

    static let allOk: [ReviewAspect: (ok: Bool, note: String)] = [
        .legalBasis: (true, ""), .procedure: (true, ""), .evidence: (true, ""), .discretion: (true, ""),
    ]

    static func failure(_ body: () async throws -> Void) async -> SupervisionFailure? {
        do {
            try await body()
            return nil
        } catch {
            return error as? SupervisionFailure
        }
    }

    @Test(
        "the frame is the township's enforcement cases of the period; the sample redraws; refusals leave nothing",
        arguments: Engine.available)
    func draw(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = SupervisionService(database)
            // act
            let tooLarge = await Self.failure {
                _ = try await service.draw(
                    township: Fixture.town.value, from: Self.from, to: Self.to, seed: 42, size: 13, today: Self.today,
                    by: Self.justice, at: Fixture.now)
            }
            let unknown = await Self.failure {
                _ = try await service.draw(
                    township: "510304999000", from: Self.from, to: Self.to, seed: 42, size: 1, today: Self.today,
                    by: Self.justice, at: Fixture.now)
            }
            let sample = try await service.draw(
                township: Fixture.town.value, from: Self.from, to: Self.to, seed: 42, size: 4, today: Self.today,
                by: Self.justice, at: Fixture.now)
            let again = await Self.failure {
                _ = try await service.draw(
                    township: Fixture.town.value, from: Self.from, to: Self.to, seed: 43, size: 4, today: Self.today,
                    by: Self.justice, at: Fixture.now)
            }
            // check
            #expect(tooLarge == .sampleLargerThanFrame(size: 13, frame: 12))
            #expect(unknown == .unknownTownship("510304999000"))
            #expect(again == .sampleExists(id: "NS-2023-001"))
            let ids = (1...12).map { String(format: "一体化平台/E-%02d", $0) }
            #expect(sample.id == "NS-2023-001")
            #expect(sample.frame == ids)
            #expect(sample.frameHash == Secrets.sha256(Data(ids.joined(separator: "\n").utf8)))
            #expect(sample.cases == (try ReviewDraw.draw(frame: ids.reversed(), seed: 42, size: 4)))
            #expect(sample.cases != (try ReviewDraw.draw(frame: ids, seed: 43, size: 4)))
            #expect(try await service.samples(for: Self.justice).map(\.id) == ["NS-2023-001"])
            #expect(try await Self.audits(database, "supervision.review.draw") == 1)
        }
    }

    @Test(
        "findings are audited; a township sees its own samples only, another county none", arguments: Engine.available)
    func findings(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = SupervisionService(database)
            let sample = try await service.draw(
                township: Fixture.town.value, from: Self.from, to: Self.to, seed: 7, size: 3, today: Self.today,
                by: Self.justice, at: Fixture.now)
            var problem = Self.allOk
            problem[.evidence] = (false, "笔录未签字")
            // act
            let bare = await Self.failure {
                var b = Self.allOk
                b[.procedure] = (false, "")
                _ = try await service.review(
                    sample: sample.id, case: sample.cases[0], findings: b, reviewedOn: Self.today, today: Self.today,
                    by: Self.justice, at: Fixture.now)
            }
            _ = try await service.review(
                sample: sample.id, case: sample.cases[0], findings: problem, reviewedOn: Self.today, today: Self.today,
                by: Self.justice, at: Fixture.now)
            _ = try await service.review(
                sample: sample.id, case: sample.cases[1], findings: Self.allOk, reviewedOn: Self.today,
                today: Self.today, by: Self.justice, at: Fixture.now)
            // check
            #expect(bare == .noteRequired(aspect: "程序"))
            #expect(try await Self.audits(database, "supervision.review.finding") == 2)
            let summary = try await service.reviewSummaries(for: Self.justice, year: 2023)
            #expect(summary[Fixture.town.value]?.reviewed == 2)
            #expect(summary[Fixture.town.value]?.withProblems == 1)
            #expect(summary[Fixture.town.value]?.problems == [0, 0, 1, 0])
            #expect(try await service.samples(for: Self.town).count == 1)
            #expect(try await service.samples(for: Self.subdistrict).isEmpty)
            #expect(try await service.samples(for: Self.foreign).isEmpty)
            await #expect(throws: SupervisionServiceFailure.notFound("没有编号为“\(sample.id)”的内审抽样")) {
                _ = try await service.sample(sample.id, for: Self.subdistrict)
            }
        }
    }

    @Test(
        "the scheme's weights sum to 100 % or nothing is stored; publication scores the stored data exactly",
        arguments: Engine.available)
    func assessment(engine: Engine) async throws {
        try await withDatabase(engine) { database in
            // setup
            try await Self.setUp(database)
            let service = SupervisionService(database)
            let source = RuleSource(document: "《测试区镇街考核办法》", number: "测编〔2023〕1号", wording: "权重如下")
            let sample = try await service.draw(
                township: Fixture.town.value, from: Self.from, to: Self.to, seed: 7, size: 3, today: Self.today,
                by: Self.justice, at: Fixture.now)
            var problem = Self.allOk
            problem[.discretion] = (false, "未说明裁量基准")
            _ = try await service.review(
                sample: sample.id, case: sample.cases[0], findings: problem, reviewedOn: Self.today, today: Self.today,
                by: Self.justice, at: Fixture.now)
            _ = try await service.review(
                sample: sample.id, case: sample.cases[1], findings: Self.allOk, reviewedOn: Self.today,
                today: Self.today, by: Self.justice, at: Fixture.now)
            // act
            let refused = await Self.failure {
                _ = try await service.makeScheme(
                    year: 2023, weights: [("依法合规", "50"), ("限时办结", "30"), ("职责争议", "19.99")],
                    trainingTarget: "60", disputeDeduction: "10", source: source, by: Self.bianban, at: Fixture.now)
            }
            let storedAfterRefusal = try await service.assessments(county: Fixture.county).count
            _ = try await service.makeScheme(
                year: 2023, weights: [("依法合规", "50"), ("限时办结", "30"), ("职责争议", "20")], trainingTarget: "60",
                disputeDeduction: "10", source: source, by: Self.bianban, at: Fixture.now)
            let published = try await service.publish(
                year: 2023, disputes: [Fixture.town.value: 1], today: Self.today, by: Self.bianban, at: Fixture.now)
            let twice = await Self.failure {
                _ = try await service.publish(
                    year: 2023, disputes: nil, today: Self.today, by: Self.bianban, at: Fixture.now)
            }
            // check
            #expect(refused == .weightsNotHundred(total: "99.99%"))
            #expect(storedAfterRefusal == 0)
            #expect(twice == .alreadyPublished(year: 2023))
            #expect(published.disputesRecorded)
            // 大安街道: 1 case, compliant, on time, no dispute → 100. 大山铺镇: (12 + 2 − 2 − 1) / (12 + 2) = 78.57,
            // on time 12 / 12, 1 dispute → 90; 50 % × 78.57 + 30 % × 100 + 20 % × 90 = 87.285 → 87.29.
            #expect(published.results.map(\.inputs.townshipName) == ["大安街道", "大山铺镇"])
            #expect(published.results.map(\.total) == [10000, 8729])
            #expect(published.results.map(\.rank) == [1, 2])
            let town = try #require(published.results.last)
            #expect(town.indicators.map(\.score) == [7857, 10000, 9000])
            #expect(town.indicators.map(\.source) == ["11 / 14", "12 / 12", "1件×10分"])
            #expect(town.inputs.complianceCases == 12 && town.inputs.nonCompliant == 2)
            #expect(town.inputs.reviewed == 2 && town.inputs.reviewedWithProblems == 1)
            #expect(try await Self.audits(database, "supervision.assessment.scheme") == 1)
            #expect(try await Self.audits(database, "supervision.assessment.publish") == 1)
            #expect(try await service.assessment(county: Fixture.county, year: 2023) == published)
        }
    }
}
