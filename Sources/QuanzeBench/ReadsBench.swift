import Foundation
import Logging
import QuanzeApp
import QuanzeDomain
import QuanzePersistence

/// The reads of issue 17 point 2, over the real server in-process: a township's lists as of a date (API and page),
/// the list diff over a year, 1- to 3-character catalogue searches, an item page, the summary, the indicators, the
/// suggestions page and the workbench, each beside the hello-world route (`GET /healthz`) measured in the same run.
///
/// Concurrency 1: one keep-alive connection, one request at a time, on a client thread outside the server's
/// cooperative pool (the client cannot starve the server; the latencies are those of an idle server). So the
/// throughput ratio to hello-world printed here is that of one client (mean latency of healthz / of the route),
/// not of a saturated server. Staff pages are read with the session of a 编办 account logged in through `/login`.
///
/// At the demo's size (`--only reads`), on SQLite and, with `TEST_POSTGRES_URL`, on PostgreSQL; at a generated
/// size with `--province-fraction F` or `--province-counties N` (the province generator, `ProvinceGenerator`, into
/// a SQLite file: `--province-db PATH` keeps it for the next run, which resumes or reuses it).
enum ReadsBench {
    /// Which county, township and item the reads are about, and who logs in.
    struct Target {
        var county: String
        var township: String
        var townshipName: String
        var entries: Int
        var item: String
        var username: String
        var password: String
    }

    /// One route's figures.
    struct Timing {
        var name: String
        var path: String
        var samples: [Double]
        var cpu: Double
        var bytes: Int

        func percentile(_ p: Double) -> Double { nearestRank(samples, p) }
        var mean: Double { samples.reduce(0, +) / Double(samples.count) }
    }

    static func run(_ options: BenchOptions, into figures: inout Figures) async throws {
        if options.scale != .province {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "quanze-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("reads.sqlite").path
            print("== Reads at the demo's size, SQLite (\(path))")
            let database = try await SQLiteDatabaseHandle.open(path: path, logger: Logger.bench)
            do {
                try await Migrator.migrate(database)
                let target = try await demo(database)
                figures.append(
                    try await measure(
                        database, location: .sqlite(path: path), target: target, options: options, prefix: "reads_"))
                try await database.shutdown()
            } catch {
                try? await database.shutdown()
                throw error
            }
            if let url = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] {
                print("== Reads at the demo's size, PostgreSQL (TEST_POSTGRES_URL)")
                figures.append(
                    try await ScratchPostgres.with(url: url) { database in
                        let target = try await demo(database)
                        return try await measure(
                            database, location: .postgres(url: url), target: target, options: options,
                            prefix: "pg_reads_")
                    })
            } else {
                print("(PostgreSQL skipped: TEST_POSTGRES_URL is not set)")
            }
        }
        if options.scale != .demo { try await province(options, into: &figures) }
    }

    /// The demo, its accounts, and its biggest township.
    static func demo(_ database: any Database) async throws -> Target {
        let setup = try await seconds {
            _ = try await DemoBuilder(database).loadIfEmpty(now: Date())
            try await DemoAccounts.ensure(database, bcryptCost: 4, now: Date())
        }
        print("demo loaded in \(CaseIngestBench.format(setup)) s")
        return try await target(database, county: TownshipPageBench.county, username: "bianban")
    }

    /// A generated province (or part of it) in a SQLite file; the reads of its first county.
    static func province(_ options: BenchOptions, into figures: inout Figures) async throws {
        let kept = options.provinceDatabase
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quanze-bench-\(UUID().uuidString)")
        if kept == nil { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { if kept == nil { try? FileManager.default.removeItem(at: folder) } }
        let location =
            try kept.map { try DatabaseLocation(url: $0) }
            ?? .sqlite(path: folder.appendingPathComponent("province.sqlite").path)
        let place: String
        switch location {
        case .sqlite(let path): place = "SQLite (\(path))"
        case .postgres: place = "PostgreSQL (--province-db)"
        }
        let generation = ProvinceGenerator.Options(
            province: "51", seed: 1, counties: options.provinceCounties, fraction: options.provinceFraction,
            entriesPerTownship: options.provinceEntries, casesPerCounty: options.provinceCases,
            divisions: URL(fileURLWithPath: options.divisions))
        let database = try await openDatabase(location, logger: Logger.bench)
        do {
            try await Migrator.migrate(database)
            let generator = ProvinceGenerator(database)
            let counties = try generator.counties(generation)
            print("== Reads at a generated size, \(place): \(counties.count) counties of province 51")
            var totals = (townships: 0, entries: 0, cases: 0)
            var reports: [ProvinceGenerator.CountyReport] = []
            let elapsed = try await seconds {
                reports = try await generator.run(generation, now: Date()) { done, total, r in
                    print(
                        "[\(done)/\(total)] \(r.county) \(r.name): \(r.townships) townships, \(r.entries) entries, "
                            + "\(r.cases) cases" + (r.skipped ? " (complete already)" : ", \(Int(r.seconds)) s"))
                }
            }
            for r in reports {
                totals.townships += r.townships
                totals.entries += r.entries
                totals.cases += r.cases
            }
            print(
                "generated or found \(totals.townships) townships, \(totals.entries) entries, \(totals.cases) cases "
                    + "in \(CaseIngestBench.format(elapsed)) s")
            // The full analysis: the engine on every generated county, as the server's scheduled round computes it
            // (`refreshAll`: as many counties at a time as the machine has cores; input read and findings stored).
            let analysis = SuggestionService(database)
            var slowest = (county: "", ms: 0.0)
            // The process's CPU over the round beside its wall time: two cores kept busy spend twice the wall time.
            let cpuBefore = TownshipPageBench.cpuMilliseconds()
            let analysisSeconds = try await seconds {
                for (county, outcome) in await analysis.refreshAll(
                    counties.map(\.code), today: DemoBuilder.today, force: true)
                {
                    let ms = CaseIngestBench.milliseconds(try outcome.get() ?? .zero)
                    if ms > slowest.ms { slowest = (county, ms) }
                }
            }
            let analysisCPU = (TownshipPageBench.cpuMilliseconds() - cpuBefore) / 1000
            print(
                "full analysis of \(counties.count) counties, \(totals.cases) cases, "
                    + "\(ProcessInfo.processInfo.activeProcessorCount) at a time: "
                    + "\(CaseIngestBench.format(analysisSeconds)) s, CPU \(CaseIngestBench.format(analysisCPU)) s "
                    + "(slowest county \(slowest.county): \(CaseIngestBench.format(slowest.ms)) ms)")
            let county = counties[0].code
            let target = try await target(database, county: county, username: "g\(county)-bianban")
            var f = Figures()
            f.add("province_analysis_s", analysisSeconds, digits: 2)
            f.add("province_analysis_slowest_county_ms", slowest.ms, digits: 1)
            f.add("province_analysis_cpu_s", analysisCPU, digits: 2)
            f.add("province_counties", counties.count)
            f.add("province_townships", totals.townships)
            f.add("province_entries", totals.entries)
            f.add("province_cases", totals.cases)
            f.append(
                try await measure(
                    database, location: location, target: target, options: options, prefix: "province_reads_"))
            figures.append(f)
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// The county's township with the most entries in force on the demo's day, and an item on its lists.
    static func target(_ database: any Database, county: String, username: String) async throws -> Target {
        var best: (code: String, name: String, entries: [Assignment]) = ("", "", [])
        for (region, _) in try await RegionStore(database).townships(county: county) {
            let entries = try await ListStore(database).inForce(
                county: county, township: region.code, on: DemoBuilder.today)
            if entries.count > best.entries.count { best = (region.code.value, region.name, entries) }
        }
        guard let item = best.entries.map(\.itemCode).sorted().first else {
            throw BenchUsageError("county \(county) has no list entries")
        }
        print("township \(best.name) \(best.code): \(best.entries.count) entries in force; item \(item)")
        return Target(
            county: county, township: best.code, townshipName: best.name, entries: best.entries.count, item: item,
            username: username, password: DemoAccounts.password)
    }

    /// Starts the server on the county, logs in, and times every route.
    static func measure(
        _ database: any Database, location: DatabaseLocation, target: Target, options: BenchOptions, prefix: String
    ) async throws -> Figures {
        let server = try await BenchServer.start(
            database, location: location, county: target.county, connections: 1)
        defer { server.stop() }
        let client = server.client
        let cookie = try await login(client, port: server.port, username: target.username, password: target.password)

        let t = target.township
        let routes: [(String, String)] = [
            ("healthz", "/healthz"),
            ("lists_api", "/api/v1/townships/\(t)/lists?asOf=2023-06-30"),
            ("lists_page", "/townships/\(t)?asOf=2023-06-30"),
            ("diff", "/api/v1/townships/\(t)/lists/diff?from=2022-12-31&to=2023-12-31"),
            ("search1", "/api/v1/items?q=" + escape("许")),
            ("search2", "/api/v1/items?q=" + escape("许可")),
            ("search3", "/api/v1/items?q=" + escape("经营许")),
            ("item_page", "/items/\(escape(target.item))"),
            ("summary", "/api/v1/summary"),
            ("indicators", "/api/v1/indicators"),
            ("suggestions", "/suggestions"),
            ("workbench", "/workbench"),
        ]
        print(
            "concurrency 1 (one connection, one request at a time); up to \(options.reads) requests per route "
                + "after 3 to warm up, at most \(Int(options.readsSeconds)) s per route")
        var timings: [Timing] = []
        for (name, path) in routes {
            let timing = try await time(
                client, name: name, path: path, cookie: cookie, requests: options.reads,
                budget: options.readsSeconds)
            timings.append(timing)
            print(line(timing, baseline: timings[0]))
        }
        var f = Figures()
        f.add("\(prefix)township_entries", target.entries)
        for timing in timings {
            f.add("\(prefix)\(timing.name)_n", timing.samples.count)
            f.add("\(prefix)\(timing.name)_p50_ms", timing.percentile(0.5))
            f.add("\(prefix)\(timing.name)_p95_ms", timing.percentile(0.95))
            f.add("\(prefix)\(timing.name)_p99_ms", timing.percentile(0.99))
            f.add("\(prefix)\(timing.name)_cpu_ms", timing.cpu)
            f.add("\(prefix)\(timing.name)_bytes", timing.bytes)
            if timing.name != "healthz" {
                f.add("\(prefix)\(timing.name)_throughput_vs_healthz", timings[0].mean / timing.mean, digits: 4)
            }
        }
        server.stop()
        _ = try? await server.task.value
        return f
    }

    static func line(_ t: Timing, baseline: Timing) -> String {
        let format = { (v: Double) in CaseIngestBench.format(v) }
        return "\(t.name) \(t.path): n=\(t.samples.count), p50 \(format(t.percentile(0.5))) ms, "
            + "p95 \(format(t.percentile(0.95))) ms, p99 \(format(t.percentile(0.99))) ms, CPU \(format(t.cpu)) ms "
            + "per request, \(t.bytes) bytes; p50 \(CaseIngestBench.format(t.percentile(0.5) / baseline.percentile(0.5), digits: 1))× healthz, "
            + "throughput \(CaseIngestBench.format(baseline.mean / t.mean, digits: 4))× healthz"
    }

    /// `requests` sequential requests (fewer when they take longer than `budget` seconds, at least 5) after 3 to
    /// warm up; wall milliseconds per request and the process's CPU milliseconds per request.
    static func time(
        _ client: HTTPClient, name: String, path: String, cookie: String, requests: Int, budget: Double
    ) async throws -> Timing {
        let headers = [("Cookie", cookie)]
        var bytes = 0
        for _ in 0..<3 {
            let (status, _, data) = try await client.exchange("GET", path, headers: headers)
            guard status == 200 else {
                throw BenchUsageError(
                    "GET \(path) answered \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
            }
            bytes = data.count
        }
        var samples: [Double] = []
        let cpuBefore = TownshipPageBench.cpuMilliseconds()
        let started = ContinuousClock.now
        while samples.count < requests
            && (samples.count < 5 || CaseIngestBench.milliseconds(ContinuousClock.now - started) < budget * 1000)
        {
            let start = ContinuousClock.now
            _ = try await client.exchange("GET", path, headers: headers)
            samples.append(CaseIngestBench.milliseconds(ContinuousClock.now - start))
        }
        let cpu = (TownshipPageBench.cpuMilliseconds() - cpuBefore) / Double(samples.count)
        samples.sort()
        return Timing(name: name, path: path, samples: samples, cpu: cpu, bytes: bytes)
    }

    /// Logs in through the login form as a browser does; the session cookie (`qz_session=…`).
    static func login(_ client: HTTPClient, port: Int, username: String, password: String) async throws -> String {
        let (_, formHeaders, form) = try await client.exchange("GET", "/login")
        let loginCookie = cookie(formHeaders, "qz_login") ?? ""
        let html = String(decoding: form, as: UTF8.self)
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else {
            throw BenchUsageError("no CSRF token on the login form")
        }
        let csrf = html[range.upperBound...].prefix { $0 != "\"" }
        let body = "_csrf=\(escape(String(csrf)))&username=\(escape(username))&password=\(escape(password))"
        let (status, headers, _) = try await client.exchange(
            "POST", "/login", body: Data(body.utf8),
            headers: [("Origin", "http://127.0.0.1:\(port)"), ("Cookie", "qz_login=\(loginCookie)")],
            contentType: "application/x-www-form-urlencoded")
        guard status == 303, let session = cookie(headers, "qz_session") else {
            throw BenchUsageError("login of \(username) answered \(status)")
        }
        return "qz_session=\(session)"
    }

    static func cookie(_ headers: [(String, String)], _ name: String) -> String? {
        for (field, value) in headers where field.lowercased() == "set-cookie" && value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
