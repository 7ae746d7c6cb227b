import Foundation
import Hummingbird
import HummingbirdTesting
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// Internal review and the assessment of townships over HTTP: the demo's 2023 samples (the same ids on both engines,
/// redrawn from the recorded frame and seed), findings beside the compliance figures, the published ranking with
/// each indicator's source numbers, who sees what, the refusals in Chinese (nothing written), and each role's page.
@Suite("Supervision through HTTP")
struct SupervisionAppTests {
    /// The demo's samples: id, township, seed and the ids drawn (the same on SQLite and PostgreSQL).
    static let demoSamples: [(id: String, township: String, seed: Int, cases: [String])] = [
        (
            "NS-2023-001", "510304100000", 20_231_201,
            ["大安区一体化政务服务平台/DA0003318", "大安区一体化政务服务平台/DA0009421", "大安区一体化政务服务平台/DA0003643"]
        ),
        (
            "NS-2023-002", "510304102000", 20_231_202,
            ["大安区一体化政务服务平台/DA0012419", "大安区一体化政务服务平台/DA0003890", "大安区一体化政务服务平台/DA0008590"]
        ),
        (
            "NS-2023-003", "510304105000", 20_231_203,
            ["大安区一体化政务服务平台/DA0005720", "大安区一体化政务服务平台/DA0005846", "大安区一体化政务服务平台/DA0005475"]
        ),
    ]

    @Test(
        "the demo's 2023 samples redraw from their frame and seed, the same on both engines",
        arguments: Engine.available)
    func demoSamples(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let sifa = try await StaffClient.login(client, "sifa")
            // act
            let response = try await sifa.get(client, "/api/v1/supervision/samples?year=2023")
            // check
            #expect(response.status == .ok)
            let answer = try JSONCalls.object(response)
            #expect(answer["article"] as? String == "行政处罚法(2021-01-22)第75条")
            let samples = try #require(answer["samples"] as? [[String: Any]])
            #expect(samples.count == 3)
            for (sample, expected) in zip(samples, Self.demoSamples) {
                let frame = try #require(sample["frame"] as? [String])
                let cases = try #require(sample["cases"] as? [String])
                let seed = try #require(sample["seed"] as? Int)
                #expect(sample["id"] as? String == expected.id)
                #expect(sample["township"] as? String == expected.township)
                #expect(seed == expected.seed)
                #expect(cases == expected.cases)
                #expect(sample["redraws"] as? Bool == true)
                #expect(try ReviewDraw.draw(frame: frame.shuffled(), seed: seed, size: 3) == cases)
                #expect(try ReviewDraw.draw(frame: frame, seed: seed + 1, size: 3) != cases)
                #expect(sample["frameSize"] as? Int == frame.count)
                #expect(sample["frameHash"] as? String == Secrets.sha256(Data(frame.joined(separator: "\n").utf8)))
                #expect((sample["findings"] as? [[String: Any]])?.count == 3)
            }
            let rows = try #require(answer["townships"] as? [[String: Any]])
            #expect(rows.count == 15)
            let reviewed = rows.filter { ($0["reviewed"] as? Int ?? 0) > 0 }.map {
                let aspects = ($0["aspects"] as? [[String: Any]] ?? []).map { "\($0["problems"] as? Int ?? -1)" }
                return
                    "\($0["townshipName"] as? String ?? "") \($0["sampled"] as? Int ?? -1)/\($0["reviewed"] as? Int ?? -1)/\($0["withProblems"] as? Int ?? -1) \(aspects.joined(separator: ","))"
            }
            #expect(reviewed == ["大山铺镇 3/3/1 0,0,1,0", "团结镇 3/3/1 0,1,0,1", "新店镇 3/3/0 0,0,0,0"])
            let dashanpu = try #require(rows.first { $0["township"] as? String == "510304100000" })
            #expect(dashanpu["complianceCases"] as? Int == 628)
            #expect(dashanpu["nonCompliant"] as? Int == 23)
        }
    }

    @Test(
        "the published 2023 ranking: scores from the source numbers, ties share a rank, the public sees totals only",
        arguments: Engine.available)
    func ranking(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let bianban = try await StaffClient.login(client, "bianban")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            // act
            let full = try await bianban.get(client, "/api/v1/supervision/assessments/2023")
            let own = try await dashanpu.get(client, "/api/v1/supervision/assessments/2023")
            let open = try await client.execute(uri: "/api/v1/supervision/assessments/2023/ranking", method: .get)
            let csv = try await client.execute(
                uri: "/api/v1/supervision/assessments/2023/ranking?format=csv", method: .get)
            let missing = try await client.execute(uri: "/api/v1/supervision/assessments/2022/ranking", method: .get)
            // check
            let a = try #require(try JSONCalls.object(full)["assessment"] as? [String: Any])
            #expect(a["state"] as? String == "published")
            #expect(a["citation"] as? String == "《大安区镇（街道）年度工作考核办法（试行）》（大安委编办〔2023〕5号）第六条")
            #expect(a["disputesConnected"] as? Bool == true)
            let weights = try #require(a["weights"] as? [[String: Any]])
            #expect(weights.compactMap { $0["basisPoints"] as? Int } == [3000, 2500, 1500, 1500, 1000, 500])
            let results = try #require(a["results"] as? [[String: Any]])
            #expect(results.count == 15)
            #expect(results.compactMap { $0["rank"] as? Int } == Array(1...15))
            #expect(
                results.compactMap { $0["total"] as? String } == [
                    "92.79", "92.29", "92.07", "92.06", "90.05", "89.90", "89.80", "89.74", "89.71", "89.68", "89.61",
                    "89.41", "89.35", "88.74", "88.37",
                ])
            // Each total is Σ weight × score of its indicators, rounded once.
            for r in results {
                let indicators = try #require(r["indicators"] as? [[String: Any]])
                let exact = zip(indicators, weights).reduce(0) { sum, pair in
                    let score = Hundredths.parse(pair.0["score"] as? String ?? "") ?? -1
                    return sum + (pair.1["basisPoints"] as? Int ?? 0) * score
                }
                #expect(r["totalHundredths"] as? Int == (exact + 5000) / 10000)
            }
            let d = try #require(results.first { $0["township"] as? String == "510304100000" })
            #expect(
                (d["indicators"] as? [[String: Any]])?.compactMap {
                    "\($0["score"] as? String ?? "") \($0["source"] as? String ?? "")"
                }
                    == [
                        "96.20 607 / 631", "100.00 772 / 772", "100.00 3860 / (5×772)", "90.00 9 / 10",
                        "25.00 150学时 / (60×10)", "95.00 1件×5分",
                    ])
            let ownResults = try #require(
                (try JSONCalls.object(own)["assessment"] as? [String: Any])?["results"] as? [[String: Any]])
            #expect(
                ownResults.filter { $0["indicators"] != nil }.compactMap { $0["township"] as? String } == [
                    "510304100000"
                ])
            #expect(open.status == .ok)
            let ranking = try #require(try JSONCalls.object(open)["ranking"] as? [[String: Any]])
            #expect(ranking.count == 15)
            #expect(ranking.allSatisfy { $0["indicators"] == nil && $0["inputs"] == nil })
            #expect(csv.status == .ok)
            #expect(csv.text.hasPrefix("\u{FEFF}排名,镇街代码,镇街,总分"))
            #expect(missing.status == .notFound)
            #expect(try JSONCalls.message(missing) == "2022年度的镇街考核结果尚未公布")
        }
    }

    @Test(
        "refusals in Chinese write nothing: bad sample, weights off 100 %, a second scheme, a second publication",
        arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await withDemoApp(engine) { client in
            // setup
            let sifa = try await StaffClient.login(client, "sifa")
            let bianban = try await StaffClient.login(client, "bianban")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let heping = try await StaffClient.login(client, "heping")
            let database = try await DemoDatabases.shared.database(engine)
            func audits() async throws -> Int {
                var n = 0
                for action in [
                    "supervision.review.draw", "supervision.review.finding", "supervision.assessment.scheme",
                    "supervision.assessment.publish",
                ] {
                    n += try await AuditStore(database).count(AuditFilter(county: "510304", action: action))
                }
                return n
            }
            let auditsBefore = try await audits()
            let base: [String: Any] = [
                "township": "510304100000", "from": "2023-01-01", "to": "2023-12-31", "seed": "1", "size": "0",
            ]
            var weights: [String: Any] = [
                "year": "2022", "trainingTarget": "60", "disputeDeduction": "5", "document": "《考核办法》",
                "weight-compliance": "50", "weight-on-time": "49.99",
            ]
            // act
            let zero = try await JSONCalls.post(client, sifa, "/api/v1/supervision/samples", base)
            var bigSeed = base
            bigSeed["seed"] = "9007199254740992"
            bigSeed["size"] = "1"
            let seed = try await JSONCalls.post(client, sifa, "/api/v1/supervision/samples", bigSeed)
            var again = base
            again["size"] = "1"
            let duplicate = try await JSONCalls.post(client, sifa, "/api/v1/supervision/samples", again)
            let byTownship = try await JSONCalls.post(client, dashanpu, "/api/v1/supervision/samples", again)
            let notHundred = try await JSONCalls.post(client, bianban, "/api/v1/supervision/assessments", weights)
            weights["year"] = "2023"
            weights["weight-on-time"] = "50"
            let exists = try await JSONCalls.post(client, bianban, "/api/v1/supervision/assessments", weights)
            let republish = try await JSONCalls.post(
                client, bianban, "/api/v1/supervision/assessments/2023/publication", [:])
            let otherSample = try await heping.get(client, "/api/v1/supervision/samples/NS-2023-001")
            let ownSample = try await dashanpu.get(client, "/api/v1/supervision/samples/NS-2023-001")
            let auditsAfter = try await audits()
            // check
            #expect(zero.status == .unprocessableContent)
            #expect(try JSONCalls.message(zero) == "抽样数量须为正整数，收到“0”")
            #expect(seed.status == .unprocessableContent)
            #expect(try JSONCalls.message(seed) == "随机种子须为0至9007199254740991之间的整数，收到“9007199254740992”")
            #expect(duplicate.status == .conflict)
            #expect(try JSONCalls.message(duplicate) == "该镇街同一期间已有抽样（NS-2023-001），不得重复抽取")
            #expect(byTownship.status == .forbidden)
            #expect(notHundred.status == .unprocessableContent)
            #expect(try JSONCalls.message(notHundred) == "各指标权重之和须恰为100%，现为99.99%")
            #expect(exists.status == .conflict)
            #expect(try JSONCalls.message(exists) == "2023年度已有镇街考核方案")
            #expect(republish.status == .conflict)
            #expect(try JSONCalls.message(republish) == "2023年度的考核结果已公布")
            #expect(otherSample.status == .notFound)
            #expect(ownSample.status == .ok)
            #expect(auditsAfter == auditsBefore)
        }
    }

    @Test(
        "each role's page: 司法局 draws and records, 编办 publishes, a township sees its own, the public ranking",
        arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await withDemoApp(engine, databases: .pristine) { client in
            // setup
            let sifa = try await StaffClient.login(client, "sifa")
            let bianban = try await StaffClient.login(client, "bianban")
            let dashanpu = try await StaffClient.login(client, "dashanpu")
            let jiandu = try await StaffClient.login(client, "jiandu")
            // act
            let bySifa = try await sifa.get(client, "/supervision?year=2023")
            let byBianban = try await bianban.get(client, "/supervision?year=2023")
            let byTownship = try await dashanpu.get(client, "/supervision?year=2023")
            let bySupervisor = try await jiandu.get(client, "/supervision?year=2023")
            let xlsx = try await bianban.get(client, "/supervision?year=2023&format=xlsx")
            let publicPage = try await client.execute(uri: "/supervision/ranking?year=2023", method: .get)
            // check
            for page in [bySifa, byBianban, byTownship, bySupervisor, publicPage] { #expect(page.status == .ok) }
            #expect(bySifa.text.contains("action=\"/api/v1/supervision/samples\""))
            #expect(bySifa.text.contains("按记录的种子重新抽样，结果与记录一致。"))
            #expect(!byBianban.text.contains("action=\"/api/v1/supervision/samples\""))
            #expect(!byBianban.text.contains("/publication\""), "published: no publish button")
            #expect(byBianban.text.contains("《大安区镇（街道）年度工作考核办法（试行）》（大安委编办〔2023〕5号）第六条"))
            #expect(!byBianban.text.contains(DisputeCounts.notConnected), "the disputes are connected")
            #expect(byTownship.text.contains("NS-2023-001") && !byTownship.text.contains("NS-2023-002"))
            #expect(!bySupervisor.text.contains("<form class=\"form\" method=\"post\""))
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType]?.contains("spreadsheetml") == true)
            #expect(publicPage.text.contains("2023年度镇街考核结果"))
            #expect(!publicPage.text.contains("依据数据"))
        }
    }
}
