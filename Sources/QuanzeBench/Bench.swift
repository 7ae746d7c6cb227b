import Foundation
import QuanzeApp

/// `quanze-bench [--cases N] [--entries N] [--refusals N] [--only NAME] [--in-flight N] [reads options]`: runs every benchmark, prints what it measures as it goes, then one `name=value`
/// line per figure so scripts can pick them up. A new benchmark is a new file with a `run(_:into:)` function,
/// called from here.
@main
enum BenchMain {
    static func main() async throws {
        // As the product's executable does, so the process's RSS is the product's.
        ProcessMemory.limitArenas()
        let options: BenchOptions
        do {
            options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("quanze-bench: \(error)\n\(BenchOptions.usage)\n".utf8))
            exit(2)
        }
        var figures = Figures()
        if options.only == nil || options.only == "cases" {
            try await CaseIngestBench.run(options, into: &figures)
            print("")
        }
        if options.only == nil || options.only == "audit" {
            try await AuditVerifyBench.run(options, into: &figures)
        }
        if options.only == nil || options.only == "refusals" {
            print("")
            try await RefusalFloodBench.run(options, into: &figures)
        }
        if options.only == nil || options.only == "township" {
            print("")
            try await TownshipPageBench.run(options, into: &figures)
        }
        if options.only == nil || options.only == "reads" {
            print("")
            try await ReadsBench.run(options, into: &figures)
        }
        print("")
        // The process's peak resident memory (server, client and generator together: the server runs in-process),
        // an upper bound of the server's.
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        figures.add("peak_rss_mb", Int(usage.ru_maxrss / 1024))
        figures.printLines()
    }
}

/// What the command line can change; every benchmark reads the same options.
struct BenchOptions {
    static let usage = """
        usage: quanze-bench [--cases N] [--entries N] [--refusals N] [--only cases|audit|refusals|township|reads] [--in-flight N]
          --cases N     case records ingested through the HTTP API (default 1000000)
          --entries N   audit entries written and verified (default 1000000)
          --refusals N  refused anonymous requests audited, one by one and counted per window (default 20000)
          --pages N     requests per page in the township page benchmark (default 200)
          --only NAME   run one benchmark: cases (case ingest), audit (audit chain verification), refusals,
                        township (the township page) or reads (the reads of issue 17 beside /healthz)
          --in-flight N ingest batches sent concurrently (default 6)
          --reads N     requests per route in the reads benchmark (default 200; fewer past --reads-seconds)
          --reads-seconds S  time per route before it stops early (at least 5 requests; default 20)
          --scale demo|province|both  the reads at the demo's size, at a generated size, or both (default: demo,
                        or province when a --province-… size is given)
          --province-fraction F  generate this share of Sichuan's 183 counties (0 < F <= 1) for the reads
          --province-counties N  generate N of Sichuan's counties (seed 1) for the reads
          --province-entries K   list entries per township at most (default 400)
          --province-cases N     case records per county (default 55000)
          --province-db PATH|URL keep the generated province there: a SQLite file, or a PostgreSQL database
                        (postgres://…, created beforehand); a later run resumes or reuses it
          --divisions DIR        the division list (default ../shared/data/divisions)
        """

    /// How many audit entries the audit verification benchmark writes and verifies.
    var entries = 1_000_000
    /// How many refused anonymous requests the refusal flood benchmark audits.
    var refusals = 20_000
    /// How many times the township page benchmark requests each page.
    var pages = 200
    /// How many case records the ingest benchmark sends through the HTTP API.
    var cases = 1_000_000
    /// One benchmark only (`cases` or `audit`); nil runs all.
    var only: String?
    /// Ingest batches (and hello-world requests) in flight; nil: 6 on both engines.
    var inFlight: Int?
    /// Requests per route in the reads benchmark, and the seconds per route after which it stops early.
    var reads = 200
    var readsSeconds = 20.0
    /// Where the reads benchmark measures: the demo, a generated province, or both.
    enum Scale: String { case demo, province, both }
    var scale: Scale?
    var provinceFraction: Double?
    var provinceCounties: Int?
    var provinceEntries = 400
    var provinceCases = 55_000
    var provinceDatabase: String?
    var divisions = "../shared/data/divisions"

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--entries":
                guard let text = rest.popFirst(), let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0
                else { throw BenchUsageError("--entries needs a positive whole number") }
                entries = n
            case "--cases":
                guard let text = rest.popFirst(), let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0
                else { throw BenchUsageError("--cases needs a positive whole number") }
                cases = n
            case "--refusals":
                guard let text = rest.popFirst(), let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0
                else { throw BenchUsageError("--refusals needs a positive whole number") }
                refusals = n
            case "--pages":
                guard let text = rest.popFirst(), let n = Int(text), n > 0
                else { throw BenchUsageError("--pages needs a positive whole number") }
                pages = n
            case "--in-flight":
                guard let text = rest.popFirst(), let n = Int(text), n > 0
                else { throw BenchUsageError("--in-flight needs a positive whole number") }
                inFlight = n
            case "--only":
                guard let name = rest.popFirst(), ["cases", "audit", "refusals", "township", "reads"].contains(name)
                else { throw BenchUsageError("--only needs cases, audit, refusals, township or reads") }
                only = name
            case "--reads":
                reads = try Self.positive(&rest, argument)
            case "--reads-seconds":
                guard let text = rest.popFirst(), let s = Double(text), s > 0
                else { throw BenchUsageError("--reads-seconds needs a positive number") }
                readsSeconds = s
            case "--scale":
                guard let text = rest.popFirst(), let s = Scale(rawValue: text)
                else { throw BenchUsageError("--scale needs demo, province or both") }
                scale = s
            case "--province-fraction":
                guard let text = rest.popFirst(), let f = Double(text), f > 0, f <= 1
                else { throw BenchUsageError("--province-fraction needs a number above 0 and at most 1") }
                provinceFraction = f
            case "--province-counties":
                provinceCounties = try Self.positive(&rest, argument)
            case "--province-entries":
                provinceEntries = try Self.positive(&rest, argument)
            case "--province-cases":
                provinceCases = try Self.positive(&rest, argument)
            case "--province-db":
                guard let path = rest.popFirst() else { throw BenchUsageError("--province-db needs a path") }
                provinceDatabase = path
            case "--divisions":
                guard let path = rest.popFirst() else { throw BenchUsageError("--divisions needs a folder") }
                divisions = path
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default:
                throw BenchUsageError("unknown argument \(argument)")
            }
        }
        if scale == nil {
            scale = provinceFraction != nil || provinceCounties != nil ? .province : .demo
        }
        if scale != .demo && provinceFraction == nil && provinceCounties == nil {
            throw BenchUsageError("--scale \(scale!.rawValue) needs --province-fraction or --province-counties")
        }
    }

    static func positive(_ rest: inout ArraySlice<String>, _ argument: String) throws -> Int {
        guard let text = rest.popFirst(), let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0
        else { throw BenchUsageError("\(argument) needs a positive whole number") }
        return n
    }
}

/// A command line the benchmark does not understand.
struct BenchUsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The figures of a run, in the order measured, printed last as `name=value` lines.
struct Figures {
    private(set) var lines: [String] = []

    mutating func add(_ name: String, _ value: Int) { lines.append("\(name)=\(value)") }

    mutating func add(_ name: String, _ value: Double, digits: Int = 3) {
        lines.append("\(name)=\(String(format: "%.\(digits)f", value))")
    }

    mutating func append(_ other: Figures) { lines += other.lines }

    func printLines() { for line in lines { print(line) } }
}

/// Seconds taken by `work`, on the monotonic clock.
func seconds(_ work: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await work()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
