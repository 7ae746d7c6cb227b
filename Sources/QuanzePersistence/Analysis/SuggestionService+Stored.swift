import Foundation
import QuanzeDomain
import SQLKit

/// The engine's findings kept in `analysis_results` (M051), so that pages read them instead of running the engine.
///
/// A stored result is valid while the data it was computed from is unchanged. Every change writes an audit entry
/// in its own transaction (list entries, decisions, delegations, capacity, cases, disputes, laws), so the heads of
/// the county's audit chain and of the global chain (laws and divisions, county `000000`) are the stamp of the
/// engine's input: two reads with equal stamps read the same data. The stamp is read before the input, so a change
/// made while the engine runs leaves a result whose stamp is already old, and the next check computes again.
public struct StoredFindings: Sendable {
    public var findings: [Suggestion]
    /// When the findings were computed, and how long the engine took (reading its input included).
    public var computedAt: Date
    public var tookMilliseconds: Int
    /// The data changed after they were computed; a newer result is on its way (scheduled refresh).
    public var stale: Bool
}

/// When a stale stored result is computed again.
public enum AnalysisRefresh: Sendable, Equatable {
    /// On the read that finds it stale: the reader waits and always sees the current data.
    case onRead
    /// By the server's scheduled round (`AnalysisRefresher`); a read serves the stored result, marked stale. Only a
    /// county with no stored result for the day waits for the engine, once.
    case scheduled
}

extension SuggestionService {
    /// The stamp of the engine's input for `county` (see `StoredFindings`), with the engine's settings.
    public func stamp(county: String, engine: SuggestionEngine = SuggestionEngine()) async throws -> String {
        try await AuditStore(database).stamp(county: county) + "/" + Self.settingsDigest(engine)
    }

    /// The engine's rules and thresholds as a short text: a deployment that changes them computes again.
    static func settingsDigest(_ engine: SuggestionEngine) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let thresholds = (try? encoder.encode(engine.thresholds)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return engine.rules.map(\.id).joined(separator: ",") + thresholds
    }

    /// The findings as of `asOf`. Only the findings as of today are stored (the pages' default day); another day's
    /// are computed on the read (a look at the past is rare and its data seldom changes).
    public func findings(
        county: String, asOf: Day, today: Day, refresh: AnalysisRefresh,
        engine: SuggestionEngine = SuggestionEngine()
    ) async throws -> StoredFindings {
        guard asOf == today else { return try await compute(county: county, asOf: asOf, engine: engine).0 }
        let stamp = try await stamp(county: county, engine: engine)
        if let stored = try await stored(county: county, asOf: asOf) {
            if stored.stamp == stamp { return stored.result }
            if refresh == .scheduled {
                var result = stored.result
                result.stale = true
                return result
            }
        }
        return try await recompute(county: county, asOf: asOf, stamp: stamp, engine: engine)
    }

    /// Computes the findings as of `asOf` from the data as of `stamp` and stores them, replacing the county's
    /// earlier result (the scheduled round and a read of a stale result on `.onRead`).
    @discardableResult
    public func recompute(county: String, asOf: Day, stamp: String, engine: SuggestionEngine = SuggestionEngine())
        async throws -> StoredFindings
    {
        let (result, data) = try await compute(county: county, asOf: asOf, engine: engine)
        try await store(
            county: county, asOf: asOf, stamp: stamp, computedAt: result.computedAt,
            tookMilliseconds: result.tookMilliseconds, data: data)
        return result
    }

    /// Stores a computation's findings (`data`, `FindingsJSON`), replacing the county's earlier result. Two readers
    /// may compute at once (two requests finding the result stale): the row is replaced, never inserted twice, and
    /// an older day's row goes.
    func store(county: String, asOf: Day, stamp: String, computedAt: Date, tookMilliseconds: Int, data: String)
        async throws
    {
        try await database.transaction { db in
            try await db.raw(
                "DELETE FROM analysis_results WHERE county = \(bind: county) AND as_of <> \(bind: asOf.iso)"
            ).run()
            try await db.raw(
                """
                INSERT INTO analysis_results (county, as_of, stamp, computed_at, took_ms, findings) VALUES
                (\(bind: county), \(bind: asOf.iso), \(bind: stamp), \(bind: computedAt.micros),
                \(bind: Int64(tookMilliseconds)), \(bind: data))
                ON CONFLICT (county, as_of) DO UPDATE SET stamp = excluded.stamp, computed_at = excluded.computed_at,
                took_ms = excluded.took_ms, findings = excluded.findings
                """
            ).run()
        }
    }

    /// Runs the engine once, timed.
    func compute(county: String, asOf: Day, engine: SuggestionEngine) async throws -> (StoredFindings, String) {
        // To the microsecond, as stored: a result read back carries the very time it was returned with.
        let started = Date(micros: Date().micros)
        let findings = engine.run(try await input(county: county, asOf: asOf, engine: engine))
        let took = Int((Date().timeIntervalSince(started) * 1000).rounded())
        let data = try FindingsJSON.text(findings)
        return (StoredFindings(findings: findings, computedAt: started, tookMilliseconds: took, stale: false), data)
    }

    /// What names one computation's findings in `DecodedRecords.findings`.
    static func findingsKey(county: String, asOf: Day, stamp: String, computedAt: Int64) -> String {
        "\(county)/\(asOf.iso)/\(stamp)/\(computedAt)"
    }

    /// The stored result as of `asOf`, if any. Its findings are decoded once per computation (`DecodedRecords.findings`,
    /// keyed by county, day, stamp and time of computation): the row's small columns are read on every call, the
    /// findings' text only when the cache does not hold that computation.
    func stored(county: String, asOf: Day) async throws -> (stamp: String, result: StoredFindings)? {
        func row(_ columns: String) async throws -> (any SQLRow)? {
            try await database.read { db in
                try await db.raw(
                    """
                    SELECT \(unsafeRaw: columns) FROM analysis_results
                    WHERE county = \(bind: county) AND as_of = \(bind: asOf.iso)
                    """
                ).first()
            }
        }
        func key(_ row: any SQLRow) throws -> String {
            Self.findingsKey(
                county: county, asOf: asOf, stamp: try row.decode(column: "stamp", as: String.self),
                computedAt: try row.decode(column: "computed_at", as: Int64.self))
        }
        func result(_ row: any SQLRow, _ findings: [Suggestion]) throws -> (stamp: String, result: StoredFindings) {
            (
                try row.decode(column: "stamp", as: String.self),
                StoredFindings(
                    findings: findings, computedAt: Date(micros: try row.decode(column: "computed_at", as: Int64.self)),
                    tookMilliseconds: Int(try row.decode(column: "took_ms", as: Int64.self)), stale: false)
            )
        }
        guard let head = try await row("stamp, computed_at, took_ms") else { return nil }
        if let findings = DecodedRecords.findings.value([Suggestion].self, key: try key(head)) {
            return try result(head, findings)
        }
        // Read whole: a computation stored since the first read replaces all its columns together.
        guard let full = try await row("stamp, computed_at, took_ms, findings") else { return nil }
        let text = try full.decode(column: "findings", as: String.self)
        let findings = try FindingsJSON.findings(text)
        DecodedRecords.findings.keep(
            findings, key: try key(full), bytes: findings.count * FindingsJSON.decodedBytesPerFinding)
        return try result(full, findings)
    }

    /// The counties with a stored result: those whose pages have been read, which the scheduled round keeps current.
    public func storedCounties() async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT county FROM analysis_results ORDER BY county").all().map {
                try $0.decode(column: "county", as: String.self)
            }
        }
    }

    /// The scheduled round for one county: computes again when the data moved since the stored result (or none is
    /// stored). Returns whether it computed.
    public func refreshIfChanged(county: String, today: Day, engine: SuggestionEngine = SuggestionEngine())
        async throws -> Bool
    {
        guard let stamp = try await moved(county: county, today: today, engine: engine) else { return false }
        try await recompute(county: county, asOf: today, stamp: stamp, engine: engine)
        return true
    }

    /// The stamp of the county's data when it moved since the result stored as of `today` (or none is stored); nil
    /// when that result is current. Only the stored stamp is read, not the findings.
    func moved(county: String, today: Day, engine: SuggestionEngine) async throws -> String? {
        let stamp = try await stamp(county: county, engine: engine)
        let stored = try await database.read { db in
            try await db.raw(
                "SELECT stamp FROM analysis_results WHERE county = \(bind: county) AND as_of = \(bind: today.iso)"
            ).first()?.decode(column: "stamp", as: String.self)
        }
        return stored == stamp ? nil : stamp
    }

    /// One round over `counties`: each computed again as of `today` when its data moved (or always, with `force`),
    /// at most `concurrency` counties at a time — counties share nothing but the database, and a province round
    /// would otherwise use one core. The counties with the most running delegations start first, so that the round
    /// does not end on one large county while the other cores wait. A county's findings are stored while the next
    /// county computes: storing waits on the one writer and the disk, not on a core (at most `concurrency` results
    /// wait to be stored, each as its text alone). Returns each county's outcome, in the order given: how long its
    /// computation took (stamp, input, engine and storing), nil when its data had not moved, or its error.
    public func refreshAll(
        _ counties: [String], today: Day, force: Bool = false,
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, engine: SuggestionEngine = SuggestionEngine()
    ) async -> [(county: String, outcome: Result<Duration?, any Error>)] {
        let service = self
        let width = max(1, concurrency)
        var outcomes = [Result<Duration?, any Error>?](repeating: nil, count: counties.count)
        // Largest first (ties and unreadable sizes in the order given).
        let sizes = (try? await DelegationStore(database).runningCounts()) ?? [:]
        let order = counties.indices.sorted { (sizes[counties[$0]] ?? 0, $1) > (sizes[counties[$1]] ?? 0, $0) }
        /// A computation to store: the findings' text and what the row records beside it.
        struct Computed: Sendable {
            var stamp: String
            var computedAt: Date
            var tookMilliseconds: Int
            var data: String
            var started: ContinuousClock.Instant
        }
        enum Step: Sendable {
            /// A county computed (nil: its data had not moved), or its error.
            case computed(Int, Result<Computed?, any Error>)
            case stored(Int, Result<Duration?, any Error>)
        }
        await withTaskGroup(of: Step.self) { group in
            var (next, computing, storing) = (0, 0, 0)
            func fill() {
                while next < order.count && computing < width && storing < width {
                    let index = order[next]
                    let county = counties[index]
                    next += 1
                    computing += 1
                    group.addTask {
                        do {
                            let started = ContinuousClock.now
                            let stamp: String
                            if force {
                                stamp = try await service.stamp(county: county, engine: engine)
                            } else if let moved = try await service.moved(county: county, today: today, engine: engine)
                            {
                                stamp = moved
                            } else {
                                return .computed(index, .success(nil))
                            }
                            let (result, data) = try await service.compute(county: county, asOf: today, engine: engine)
                            return .computed(
                                index,
                                .success(
                                    Computed(
                                        stamp: stamp, computedAt: result.computedAt,
                                        tookMilliseconds: result.tookMilliseconds, data: data, started: started)))
                        } catch {
                            return .computed(index, .failure(error))
                        }
                    }
                }
            }
            fill()
            for await step in group {
                switch step {
                case .computed(let index, .success(let computed?)):
                    computing -= 1
                    storing += 1
                    let county = counties[index]
                    group.addTask {
                        do {
                            try await service.store(
                                county: county, asOf: today, stamp: computed.stamp, computedAt: computed.computedAt,
                                tookMilliseconds: computed.tookMilliseconds, data: computed.data)
                            return .stored(index, .success(ContinuousClock.now - computed.started))
                        } catch {
                            return .stored(index, .failure(error))
                        }
                    }
                case .computed(let index, .success(nil)):
                    computing -= 1
                    outcomes[index] = .success(nil)
                case .computed(let index, .failure(let error)):
                    computing -= 1
                    outcomes[index] = .failure(error)
                case .stored(let index, let outcome):
                    storing -= 1
                    outcomes[index] = outcome
                }
                fill()
            }
        }
        return zip(counties, outcomes).map { ($0, $1 ?? .success(nil)) }
    }
}
