import Foundation
import Logging
import QuanzeApp
import QuanzeDomain
import QuanzePersistence

/// The township page at the demo's size (issue 13, point 1: under 100 KB and 100 ms to build): loads the demo into
/// a fresh SQLite file, starts the real server, finds the township with the most entries in force, and times, one
/// request at a time over the benchmark's HTTP client, its summary (`/townships/{code}`) and the first page of its
/// longest list (`?list=…`), against the hello-world baseline (`GET /healthz`) measured the same way in the same run.
enum TownshipPageBench {
    static let county = "510304"

    static func run(_ options: BenchOptions, into figures: inout Figures) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quanze-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("township.sqlite").path
        print("== Township page, SQLite (\(path))")
        let database = try await SQLiteDatabaseHandle.open(path: path, logger: Logger.bench)
        do {
            try await Migrator.migrate(database)
            figures.append(try await measure(database, location: .sqlite(path: path), requests: options.pages))
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    static func measure(_ database: any Database, location: DatabaseLocation, requests: Int) async throws -> Figures {
        _ = try await DemoBuilder(database).loadIfEmpty(now: Date())
        var biggest = (code: "", name: "", count: 0, list: ListKind.enforcement, listCount: 0)
        for (region, _) in try await RegionStore(database).townships(county: county) {
            let entries = try await ListStore(database).inForce(
                county: county, township: region.code, on: DemoBuilder.today)
            if entries.count > biggest.count {
                let counts = ListQuery.counts(entries)
                let longest = ListKind.allCases.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? .enforcement
                biggest = (region.code.value, region.name, entries.count, longest, counts[longest] ?? 0)
            }
        }
        print(
            "biggest township: \(biggest.name) \(biggest.code), \(biggest.count) entries in force; "
                + "longest list \(biggest.list.label) (\(biggest.listCount))")
        let server = try await BenchServer.start(database, location: location, county: county, connections: 1)
        defer { server.stop() }
        let client = server.client

        /// Milliseconds per request (median of `requests` sequential requests after 10 to warm up), the process's CPU
        /// milliseconds per request (user + system over the same requests: what building the page costs, which a
        /// busy shared machine does not inflate the way it inflates wall time) and the body size.
        func time(_ path: String) async throws -> (median: Double, p90: Double, cpu: Double, bytes: Int) {
            var bytes = 0
            for _ in 0..<10 {
                let (status, data) = try await client.send("GET", path)
                guard status == 200 else { throw BenchUsageError("GET \(path) answered \(status)") }
                bytes = data.count
            }
            var samples: [Double] = []
            let cpuBefore = Self.cpuMilliseconds()
            for _ in 0..<requests {
                let start = ContinuousClock.now
                _ = try await client.send("GET", path)
                samples.append(CaseIngestBench.milliseconds(ContinuousClock.now - start))
            }
            let cpu = (Self.cpuMilliseconds() - cpuBefore) / Double(requests)
            samples.sort()
            return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 9 / 10)], cpu, bytes)
        }
        let healthz = try await time("/healthz")
        let summary = try await time("/townships/\(biggest.code)")
        let list = try await time("/townships/\(biggest.code)?list=\(biggest.list.rawValue)")
        func line(_ name: String, _ t: (median: Double, p90: Double, cpu: Double, bytes: Int)) {
            print(
                "\(name): median \(CaseIngestBench.format(t.median)) ms, p90 \(CaseIngestBench.format(t.p90)) ms, "
                    + "CPU \(CaseIngestBench.format(t.cpu)) ms per request, "
                    + "\(t.bytes) bytes, \(CaseIngestBench.format(t.median / healthz.median, digits: 1))× healthz")
        }
        line("GET /healthz (baseline)", healthz)
        line("township summary", summary)
        line("township list, first page", list)
        var f = Figures()
        f.add("township_entries", biggest.count)
        f.add("township_requests", requests)
        f.add("township_healthz_ms", healthz.median)
        f.add("township_summary_ms", summary.median)
        f.add("township_summary_p90_ms", summary.p90)
        f.add("township_summary_cpu_ms", summary.cpu)
        f.add("township_healthz_cpu_ms", healthz.cpu)
        f.add("township_summary_bytes", summary.bytes)
        f.add("township_summary_ratio_vs_healthz", summary.median / healthz.median, digits: 1)
        f.add("township_list_ms", list.median)
        f.add("township_list_p90_ms", list.p90)
        f.add("township_list_cpu_ms", list.cpu)
        f.add("township_list_bytes", list.bytes)
        f.add("township_list_ratio_vs_healthz", list.median / healthz.median, digits: 1)
        return f
    }

    /// User plus system CPU time of this process so far, in milliseconds.
    static func cpuMilliseconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }
}
