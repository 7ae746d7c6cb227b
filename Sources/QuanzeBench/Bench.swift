import Foundation

/// `quanze-bench [--cases N] [--entries N] [--refusals N] [--only cases|audit|refusals|township] [--in-flight N]`: runs every benchmark, prints what it measures as it goes, then one `name=value`
/// line per figure so scripts can pick them up. A new benchmark is a new file with a `run(_:into:)` function,
/// called from here.
@main
enum BenchMain {
    static func main() async throws {
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
        print("")
        figures.printLines()
    }
}

/// What the command line can change; every benchmark reads the same options.
struct BenchOptions {
    static let usage = """
        usage: quanze-bench [--cases N] [--entries N] [--refusals N] [--only cases|audit|refusals|township] [--in-flight N]
          --cases N     case records ingested through the HTTP API (default 1000000)
          --entries N   audit entries written and verified (default 1000000)
          --refusals N  refused anonymous requests audited, one by one and counted per window (default 20000)
          --pages N     requests per page in the township page benchmark (default 200)
          --only NAME   run one benchmark: cases (case ingest), audit (audit chain verification), refusals or
                        township (the township page)
          --in-flight N ingest batches sent concurrently (default 6)
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
                guard let name = rest.popFirst(), ["cases", "audit", "refusals", "township"].contains(name)
                else { throw BenchUsageError("--only needs cases, audit, refusals or township") }
                only = name
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default:
                throw BenchUsageError("unknown argument \(argument)")
            }
        }
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
