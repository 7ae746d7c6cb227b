import Foundation
import Hummingbird
import Logging
import QuanzeApp
import QuanzeDomain
import QuanzePersistence
import SQLKit
import Synchronization

/// Bulk ingest of N generated case records through the real HTTP API (`POST /api/v1/cases`, 1,000 records per
/// batch, several batches in flight, a real TCP server in-process), next to two baselines measured in the same run:
/// the same rows inserted into a fresh, migrated database by multi-row INSERTs through SQLKit (same table, indexes
/// and pragmas, one transaction per 1,000 rows, no HTTP, no validation, no indicator cells, no audit), and a
/// hello-world route (`GET /healthz`) over the same HTTP client. Then the freshness of the indicators: the time
/// from the acknowledgement of a one-record batch to `GET /api/v1/indicators` showing it.
enum CaseIngestBench {
    static let county = "510304"
    static let batch = 1000
    /// Batches in flight on SQLite (the writer serialises them; the rest overlaps parsing and HTTP).
    static let sqliteInFlight = 6
    /// Batches in flight on PostgreSQL: the batches of one source take turns for their write (an advisory lock in
    /// `CaseStore.write`); reading, checking and answering overlap.
    static let postgresInFlight = 6
    static let itemCount = 200

    static func run(_ options: BenchOptions, into figures: inout Figures) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quanze-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cases.sqlite").path
        print("== Case ingest through the HTTP API, SQLite (\(path))")
        let sqlite = try await SQLiteDatabaseHandle.open(path: path, logger: Logger.bench)
        let api: APIFigures
        do {
            try await Migrator.migrate(sqlite)
            api = try await measureAPI(
                sqlite, location: .sqlite(path: path), cases: options.cases,
                inFlight: options.inFlight ?? sqliteInFlight)
            try await sqlite.shutdown()
        } catch {
            try? await sqlite.shutdown()
            throw error
        }
        let rawPath = folder.appendingPathComponent("raw.sqlite").path
        let raw = try await SQLiteDatabaseHandle.open(path: rawPath, logger: Logger.bench)
        let rawSeconds: Double
        do {
            try await Migrator.migrate(raw)
            rawSeconds = try await rawInsert(raw, generator: api.generator, cases: options.cases)
            try await raw.shutdown()
        } catch {
            try? await raw.shutdown()
            throw error
        }
        figures.append(report(api, rawSeconds: rawSeconds, cases: options.cases, prefix: "", raw: "sqlite_raw"))

        if let url = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] {
            print("== Case ingest through the HTTP API, PostgreSQL (TEST_POSTGRES_URL)")
            let pgAPI = try await ScratchPostgres.with(url: url) { database in
                try await measureAPI(
                    database, location: .postgres(url: url), cases: options.cases,
                    inFlight: options.inFlight ?? postgresInFlight)
            }
            let pgRaw = try await ScratchPostgres.with(url: url) { database in
                try await rawInsert(database, generator: pgAPI.generator, cases: options.cases)
            }
            figures.append(report(pgAPI, rawSeconds: pgRaw, cases: options.cases, prefix: "pg_", raw: "pg_raw"))
        } else {
            print("(PostgreSQL skipped: TEST_POSTGRES_URL is not set)")
        }
    }

    struct APIFigures: Sendable {
        var generator: CaseGenerator
        var setup: Double
        var ingest: Double
        var accepted: Int
        var healthzPerSecond: Double
        var freshnessMs: Double
        var ackMs: Double
        var indicatorVolume: Int
        var inFlight: Int
        /// Acknowledgement times (ms) of the one-record batches sent during the bulk load.
        var busyAcks: [Double]
    }

    static func report(_ a: APIFigures, rawSeconds: Double, cases: Int, prefix: String, raw: String) -> Figures {
        let ingestRate = Double(cases) / a.ingest
        let rawRate = Double(cases) / rawSeconds
        let batchesPerSecond = Double((cases + batch - 1) / batch) / a.ingest
        print(
            "raw baseline (multi-row INSERTs through SQLKit, \(batch) rows per statement and transaction): "
                + "\(format(rawSeconds)) s, \(Int(rawRate)) records/s")
        print(
            "ingest / raw = \(format(ingestRate / rawRate)); batches/s / healthz requests/s = "
                + format(batchesPerSecond / a.healthzPerSecond, digits: 4))
        var f = Figures()
        f.add("\(prefix)ingest_records", cases)
        f.add("\(prefix)ingest_setup_s", a.setup)
        f.add("\(prefix)ingest_in_flight", a.inFlight)
        f.add("\(prefix)ingest_s", a.ingest)
        f.add("\(prefix)ingest_records_per_s", Int(ingestRate))
        f.add("\(prefix)ingest_batches_per_s", batchesPerSecond, digits: 2)
        f.add("\(raw)_insert_s", rawSeconds)
        f.add("\(raw)_insert_per_s", Int(rawRate))
        f.add("\(prefix)ingest_ratio_vs_\(raw == "sqlite_raw" ? "sqlite" : "pg_raw")", ingestRate / rawRate, digits: 3)
        f.add("\(prefix)healthz_requests_per_s", Int(a.healthzPerSecond))
        f.add("\(prefix)ingest_batches_ratio_vs_healthz", batchesPerSecond / a.healthzPerSecond, digits: 4)
        f.add("\(prefix)freshness_ms", a.freshnessMs, digits: 2)
        f.add("\(prefix)freshness_ack_ms", a.ackMs, digits: 2)
        f.add("\(prefix)busy_small_batches", a.busyAcks.count)
        f.add("\(prefix)busy_ack_p50_ms", nearestRank(a.busyAcks, 0.5), digits: 2)
        f.add("\(prefix)busy_ack_p95_ms", nearestRank(a.busyAcks, 0.95), digits: 2)
        f.add("\(prefix)busy_ack_max_ms", a.busyAcks.max() ?? 0, digits: 2)
        return f
    }

    /// Loads the demo into `database`, starts the real server on a free port, and measures through HTTP.
    static func measureAPI(_ database: any Database, location: DatabaseLocation, cases: Int, inFlight: Int)
        async throws -> APIFigures
    {
        var generator = CaseGenerator(townships: [], items: [])
        let setup = try await seconds {
            _ = try await DemoBuilder(database).loadIfEmpty(now: Date())
            try await DemoAccounts.ensure(database, bcryptCost: 4, now: Date())
            let townships = try await database.read { db in
                try await db.raw(
                    "SELECT code FROM regions WHERE county = \(bind: county) AND level = 'township' ORDER BY code"
                ).all().map { try $0.decode(column: "code", as: String.self) }
            }
            let items = try await ItemStore(database).codes(county: county).sorted()
            guard townships.count >= 2, items.count >= 2 else {
                throw BenchUsageError("the demo has \(townships.count) townships and \(items.count) items")
            }
            generator = CaseGenerator(townships: townships, items: Array(items.prefix(itemCount)))
        }
        print(
            "demo loaded in \(format(setup)) s; \(generator.townships.count) townships, \(generator.items.count) items")
        let server = try await BenchServer.start(
            database, location: location, county: county, connections: inFlight)
        defer { server.stop() }
        let client = server.client

        let healthzCount = 20_000
        let healthz = try await seconds {
            try await concurrently(healthzCount, inFlight: inFlight) { _ in
                let (status, _) = try await client.send("GET", "/healthz")
                guard status == 200 else { throw BenchUsageError("GET /healthz answered \(status)") }
            }
        }
        print(
            "baseline GET /healthz, \(healthzCount) requests, \(inFlight) in flight: \(format(healthz)) s, "
                + "\(Int(Double(healthzCount) / healthz)) requests/s")

        // The demo may hold case data of its own: the checks count from what is there before.
        let before = try await client.indicators(township: nil, item: nil, month: nil)
        let batches = (cases + batch - 1) / batch
        let accepted = Counter()
        print("ingesting \(cases) records in \(batches) batches of \(batch), \(inFlight) in flight…")
        // While the bulk load runs, a one-record batch every 100 ms on a connection of its own: how long a system
        // pushing its day's few cases waits for the acknowledgement.
        let probe = SmallBatchProbe(port: server.port, generator: generator)
        let probing = Task { try await probe.run() }
        let ingest = try await seconds {
            try await concurrently(batches, inFlight: inFlight) { [generator] b in
                let range = (b * batch)..<min((b + 1) * batch, cases)
                let count = try await client.post(
                    "/api/v1/cases", token: DemoAccounts.token, body: { generator.json(range) }
                ) { status, data in
                    guard status == 200 else {
                        throw BenchUsageError(
                            "batch \(b) answered \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
                    }
                    let answer = try JSONDecoder().decode(IngestAnswer.self, from: data)
                    guard answer.rejected.isEmpty else {
                        throw BenchUsageError(
                            "batch \(b) rejected \(answer.rejected.count): \(answer.rejected.prefix(3))")
                    }
                    return answer.accepted.count
                }
                await accepted.add(count)
            }
        }
        let acks = try await probe.stop(probing)
        print(
            "one-record batches during the bulk load: \(acks.count), acknowledged in p50 \(format(nearestRank(acks, 0.5))) "
                + "ms, p95 \(format(nearestRank(acks, 0.95))) ms, max \(format(acks.max() ?? 0)) ms")
        let acceptedCount = await accepted.value
        guard acceptedCount == cases else { throw BenchUsageError("accepted \(acceptedCount) of \(cases)") }
        print("ingested \(cases) records in \(format(ingest)) s: \(Int(Double(cases) / ingest)) records/s")
        let total = try await client.indicators(township: nil, item: nil, month: nil)
        guard total == before + cases + acks.count else {
            throw BenchUsageError("the indicators count \(total) cases, not \(before) + \(cases) + \(acks.count)")
        }

        // Freshness: one record in a township × item × month no generated record uses (2024-06).
        let township = generator.townships[0]
        let item = generator.items[0]
        let month = "2024-06"
        let record = generator.record(externalId: "FRESH-1", item: item, township: township, received: "2024-06-15")
        let body = Data("{\"records\":[\(record)]}".utf8)
        let cellBefore = try await client.indicators(township: township, item: item, month: month)
        let sent = ContinuousClock.now
        let (status, data) = try await client.send("POST", "/api/v1/cases", body: body, token: DemoAccounts.token)
        let acknowledged = ContinuousClock.now
        guard status == 200 else {
            throw BenchUsageError("freshness batch answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        var polls = 0
        while try await client.indicators(township: township, item: item, month: month) != cellBefore + 1 {
            polls += 1
            guard polls < 10_000 else { throw BenchUsageError("the freshness record never showed") }
            try await Task.sleep(for: .milliseconds(1))
        }
        let visible = ContinuousClock.now
        let fresh = milliseconds(visible - acknowledged)
        let ack = milliseconds(acknowledged - sent)
        print(
            "freshness: acknowledged in \(format(ack)) ms, visible in GET /api/v1/indicators \(format(fresh)) ms "
                + "after the acknowledgement (\(polls) polls before it showed)")
        server.stop()
        _ = try? await server.task.value
        return APIFigures(
            generator: generator, setup: setup, ingest: ingest, accepted: acceptedCount,
            healthzPerSecond: Double(healthzCount) / healthz, freshnessMs: fresh, ackMs: ack, indicatorVolume: total,
            inFlight: inFlight, busyAcks: acks)
    }

    /// The raw baseline: the same rows into `case_records` of a fresh, migrated database, one multi-row INSERT of
    /// `batch` rows per transaction, through SQLKit.
    static func rawInsert(_ database: any Database, generator: CaseGenerator, cases: Int) async throws -> Double {
        let recordedAt = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let elapsed = try await seconds {
            for start in stride(from: 0, to: cases, by: batch) {
                let range = start..<min(start + batch, cases)
                try await database.transaction { db in
                    var insert = db.insert(into: "case_records").columns(CaseGenerator.columns)
                    for i in range { insert = insert.values(generator.row(i, county: county, recordedAt: recordedAt)) }
                    try await insert.run()
                }
            }
        }
        let count = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM case_records").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard count == cases else { throw BenchUsageError("the raw insert left \(count) rows, not \(cases)") }
        return elapsed
    }

    static func format(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// Runs `work(0..<count)` with at most `inFlight` at a time.
    static func concurrently(_ count: Int, inFlight: Int, _ work: @escaping @Sendable (Int) async throws -> Void)
        async throws
    {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            while next < min(inFlight, count) {
                let i = next
                group.addTask { try await work(i) }
                next += 1
            }
            while try await group.next() != nil {
                if next < count {
                    let i = next
                    group.addTask { try await work(i) }
                    next += 1
                }
            }
        }
    }

    /// A port nothing listens on right now (bound and released; the server binds it right after).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchUsageError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw BenchUsageError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw BenchUsageError("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The parts of the ingest answer the benchmark checks.
struct IngestAnswer: Decodable {
    struct Entry: Decodable { var index: Int }
    struct Rejection: Decodable, CustomStringConvertible {
        var index: Int
        var reason: String
        var description: String { "#\(index): \(reason)" }
    }
    var accepted: [Entry]
    var rejected: [Rejection]
}

/// Sends a one-record batch every 100 ms until stopped, on a connection of its own, and keeps each batch's
/// acknowledgement time (its records: external ids `PROBE-n`, 2024-05, a month the generated records do not use).
final class SmallBatchProbe: @unchecked Sendable {
    let client: HTTPClient
    let generator: CaseGenerator
    private let acks = Mutex<[Double]>([])
    private let stopped = Mutex(false)

    init(port: Int, generator: CaseGenerator) {
        client = HTTPClient(port: port, connections: 1)
        self.generator = generator
    }

    func run() async throws {
        var n = 0
        while !stopped.withLock({ $0 }) {
            n += 1
            let record = generator.record(
                externalId: "PROBE-\(n)", item: generator.items[n % generator.items.count],
                township: generator.townships[n % generator.townships.count], received: "2024-05-15")
            let sent = ContinuousClock.now
            let (status, data) = try await client.send(
                "POST", "/api/v1/cases", body: Data("{\"records\":[\(record)]}".utf8), token: DemoAccounts.token)
            guard status == 200 else {
                throw BenchUsageError("a probe batch answered \(status): \(String(decoding: data, as: UTF8.self))")
            }
            let ms = CaseIngestBench.milliseconds(ContinuousClock.now - sent)
            acks.withLock { $0.append(ms) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Stops the probe after its batch in flight; the acknowledgement times.
    func stop(_ task: Task<Void, any Error>) async throws -> [Double] {
        stopped.withLock { $0 = true }
        try await task.value
        client.shutdown()
        return acks.withLock { $0 }
    }
}

/// The value below which a fraction `p` of the samples lie (nearest rank); 0 for no samples.
func nearestRank(_ samples: [Double], _ p: Double) -> Double {
    guard !samples.isEmpty else { return 0 }
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

actor Counter {
    private(set) var value = 0
    func add(_ n: Int) { value += n }
}

/// Deterministic case records: record `i` is a function of `i` alone (`SyntheticCases`), so the API run and the raw
/// baseline write exactly the same rows.
struct CaseGenerator: Sendable {
    var townships: [String]
    var items: [String]
    static let source = "bench"
    static let sourceVersion = SyntheticCases.sourceVersion
    static let sourceVersionMicros = SyntheticCases.sourceVersionMicros
    static let columns = [
        "county", "source", "external_id", "source_version", "item_code", "township", "handler", "kind",
        "received_on", "due_on", "closed_on", "satisfaction", "officers", "legal_review", "full_record", "month",
        "recorded_at",
    ]

    typealias Fields = SyntheticCases.Fields

    /// The records' fields come from the product's generated stream (`SyntheticCases`, also behind
    /// `quanze province generate`), with salt 0.
    func fields(_ i: Int) -> Fields { SyntheticCases(townships: townships, items: items).fields(i) }

    /// `{"records":[...]}` for the records of `range`.
    func json(_ range: Range<Int>) -> Data {
        var text = "{\"records\":["
        text.reserveCapacity(range.count * 300)
        for i in range {
            if i != range.lowerBound { text += "," }
            text += json(fields(i))
        }
        text += "]}"
        return Data(text.utf8)
    }

    func json(_ f: Fields) -> String {
        var o =
            "{\"source\":\"\(Self.source)\",\"externalId\":\"\(f.externalId)\",\"sourceVersion\":\"\(Self.sourceVersion)\","
            + "\"itemCode\":\"\(f.item)\",\"township\":\"\(f.township)\",\"handler\":\"\(f.handler)\","
            + "\"kind\":\"\(f.kind)\",\"receivedOn\":\"\(f.received.iso)\""
        if let d = f.due { o += ",\"dueOn\":\"\(d.iso)\"" }
        if let c = f.closed { o += ",\"closedOn\":\"\(c.iso)\"" }
        if let s = f.satisfaction { o += ",\"satisfaction\":\(s)" }
        if let n = f.officers { o += ",\"officers\":\(n)" }
        if let b = f.legalReview { o += ",\"legalReview\":\(b)" }
        if let b = f.fullRecord { o += ",\"fullRecord\":\(b)" }
        return o + "}"
    }

    /// One hand-written record (the freshness probe).
    func record(externalId: String, item: String, township: String, received: String) -> String {
        let day = Day(iso: received)!
        return json(
            Fields(
                externalId: externalId, item: item, township: township, handler: "township", kind: "application",
                received: day, due: nil, closed: day, satisfaction: 5, officers: nil, legalReview: nil,
                fullRecord: nil))
    }

    /// Record `i` as the 17 column values of `case_records`, as `CaseStore` stores them.
    func row(_ i: Int, county: String, recordedAt: Int64) -> [any SQLExpression] {
        let f = fields(i)
        func int(_ v: Int?) -> any SQLExpression { v.map { SQLBind(Int64($0)) } ?? SQLLiteral.null }
        func text(_ v: String?) -> any SQLExpression { v.map { SQLBind($0) } ?? SQLLiteral.null }
        return [
            SQLBind(county), SQLBind(Self.source), SQLBind(f.externalId), SQLBind(Self.sourceVersionMicros),
            SQLBind(f.item), SQLBind(f.township), SQLBind(f.handler), SQLBind(f.kind), SQLBind(f.received.iso),
            text(f.due?.iso), text(f.closed?.iso), int(f.satisfaction), int(f.officers),
            int(f.legalReview.map { $0 ? 1 : 0 }), int(f.fullRecord.map { $0 ? 1 : 0 }),
            SQLBind(String(f.received.iso.prefix(7))), SQLBind(recordedAt),
        ]
    }
}

/// A small HTTP/1.1 keep-alive client over blocking POSIX sockets: one dedicated thread per connection takes
/// requests from a shared queue. URLSession (libcurl polling on dispatch threads) took over a third of the machine's
/// two cores during the ingest and so measured itself more than the server; this client costs a write and a read
/// per request. The threads are not the cooperative pool, so blocking them does not starve the in-process server.
final class HTTPClient: @unchecked Sendable {
    let port: Int
    private let lock = NSLock()
    private var jobs: [Job] = []
    private let ready = DispatchSemaphore(value: 0)
    private let connections: Int

    private enum Job {
        /// The request's bytes are made on the connection's thread, and `done` runs there too.
        case request(@Sendable () -> [UInt8], @Sendable (Result<(Int, [(String, String)], Data), any Error>) -> Void)
        case stop
    }

    init(port: Int, connections: Int) {
        self.port = port
        self.connections = connections
        for n in 0..<connections {
            let thread = Thread { [self] in work() }
            thread.name = "bench-http-\(n)"
            thread.start()
        }
    }

    /// Ends the connection threads.
    func shutdown() {
        for _ in 0..<connections { enqueue(.stop) }
    }

    private func enqueue(_ job: Job) {
        lock.lock()
        jobs.append(job)
        lock.unlock()
        ready.signal()
    }

    private func work() {
        var connection: Connection?
        while true {
            ready.wait()
            lock.lock()
            let job = jobs.removeFirst()
            lock.unlock()
            guard case .request(let bytes, let done) = job else {
                connection?.close()
                return
            }
            do {
                if connection == nil { connection = try Connection(port: port) }
                let (status, headers, body, keepAlive) = try connection!.roundTrip(bytes())
                if !keepAlive {
                    connection?.close()
                    connection = nil
                }
                done(.success((status, headers, body)))
            } catch {
                connection?.close()
                connection = nil
                done(.failure(error))
            }
        }
    }

    func send(_ method: String, _ path: String, body: Data? = nil, token: String? = nil) async throws -> (Int, Data) {
        let (status, _, data) = try await exchange(method, path, body: body, token: token)
        return (status, data)
    }

    /// A request with extra header lines (a session cookie, a form's content type, an Origin); the answer with its
    /// header lines (`Set-Cookie`).
    func exchange(
        _ method: String, _ path: String, body: Data? = nil, token: String? = nil, headers: [(String, String)] = [],
        contentType: String = "application/json"
    ) async throws -> (Int, [(String, String)], Data) {
        let request = Self.bytes(
            method, path, port: port, body: body, token: token, headers: headers, contentType: contentType)
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(.request({ request }, { continuation.resume(with: $0) }))
        }
    }

    /// A JSON POST whose body is made, and whose answer is read, on the connection's thread: the bulk load's own
    /// work (a thousand records written as JSON and a thousand-entry answer read per batch) stays off the cooperative
    /// pool that the in-process server runs on, as a remote client's would.
    func post<T: Sendable>(
        _ path: String, token: String?, body: @escaping @Sendable () -> Data,
        answer: @escaping @Sendable (Int, Data) throws -> T
    ) async throws -> T {
        let port = port
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(
                .request(
                    { Self.bytes("POST", path, port: port, body: body(), token: token) },
                    { result in
                        continuation.resume(
                            with: result.flatMap { status, _, data in Result { try answer(status, data) } })
                    }))
        }
    }

    static func bytes(
        _ method: String, _ path: String, port: Int, body: Data?, token: String?, headers: [(String, String)] = [],
        contentType: String = "application/json"
    ) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if let body { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n" }
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var bytes = Array((head + "\r\n").utf8)
        if let body { bytes += body }
        return bytes
    }

    /// One TCP connection to the server.
    final class Connection {
        let fd: Int32
        var buffer: [UInt8] = []

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw BenchUsageError("socket() failed") }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                Glibc.close(fd)
                throw BenchUsageError("connect() to port \(port) failed")
            }
        }

        func close() { Glibc.close(fd) }

        /// Sends a request and reads its response: status, header lines, body, and whether the connection stays open.
        func roundTrip(_ request: [UInt8]) throws -> (Int, [(String, String)], Data, Bool) {
            var sent = 0
            while sent < request.count {
                let n = request.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + sent, request.count - sent) }
                guard n > 0 else { throw BenchUsageError("write() failed") }
                sent += n
            }
            let separator: [UInt8] = [13, 10, 13, 10]
            var headerEnd: Int?
            while headerEnd == nil {
                if let range = buffer.firstRange(of: separator) { headerEnd = range.upperBound } else { try fill() }
            }
            let head = String(decoding: buffer[..<headerEnd!], as: UTF8.self)
            buffer.removeFirst(headerEnd!)
            let lines = head.split(separator: "\r\n")
            let parts = lines.first?.split(separator: " ") ?? []
            guard parts.count >= 2, let status = Int(parts[1]) else {
                throw BenchUsageError("bad status line: \(head)")
            }
            var length: Int?
            var chunked = false
            var keepAlive = true
            var headers: [(String, String)] = []
            for line in lines.dropFirst() {
                let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                headers.append((pair[0], pair[1]))
                switch pair[0].lowercased() {
                case "content-length": length = Int(pair[1])
                case "transfer-encoding": chunked = pair[1].lowercased().contains("chunked")
                case "connection": keepAlive = pair[1].lowercased() != "close"
                default: break
                }
            }
            var body: [UInt8] = []
            if chunked {
                while true {
                    var lineEnd: Int?
                    while lineEnd == nil {
                        if let r = buffer.firstRange(of: [13, 10]) { lineEnd = r.lowerBound } else { try fill() }
                    }
                    let sizeText = String(decoding: buffer[..<lineEnd!], as: UTF8.self).split(separator: ";")[0]
                    guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                        throw BenchUsageError("bad chunk size")
                    }
                    buffer.removeFirst(lineEnd! + 2)
                    while buffer.count < size + 2 { try fill() }
                    body += buffer[..<size]
                    buffer.removeFirst(size + 2)
                    if size == 0 { break }
                }
            } else {
                let count = length ?? 0
                while buffer.count < count { try fill() }
                body = Array(buffer[..<count])
                buffer.removeFirst(count)
            }
            return (status, headers, Data(body), keepAlive)
        }

        private func fill() throws {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, 65536) }
            guard n > 0 else { throw BenchUsageError("the server closed the connection") }
            buffer += chunk[..<n]
        }
    }

    func waitUntilUp() async throws {
        for _ in 0..<200 {
            if let (status, _) = try? await send("GET", "/healthz"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchUsageError("the server did not come up on port \(port)")
    }

    /// The total volume `GET /api/v1/indicators` reports for a selection.
    func indicators(township: String?, item: String?, month: String?) async throws -> Int {
        var query = [String]()
        if let township { query.append("township=\(township)") }
        if let item { query.append("item=\(item)") }
        // All time unless a month is asked: the API's default period is the last twelve months.
        query += month.map { ["from=\($0)", "to=\($0)"] } ?? ["from=1990-01", "to=2099-12"]
        let (status, data) = try await send("GET", "/api/v1/indicators?" + query.joined(separator: "&"))
        guard status == 200 else { throw BenchUsageError("GET /api/v1/indicators answered \(status)") }
        struct Answer: Decodable {
            struct Total: Decodable { var volume: Int }
            var total: Total
        }
        return try JSONDecoder().decode(Answer.self, from: data).total.volume
    }
}
