import Foundation
import Logging
import QuanzeApp
import QuanzePersistence

/// The real server, run in-process on a free port of 127.0.0.1 for a benchmark, and a client of it: what every
/// benchmark that measures through HTTP starts the same way. `stop()` closes the client, then the server.
struct BenchServer {
    let port: Int
    let client: HTTPClient
    let task: Task<Void, any Error>

    static func start(
        _ database: any Database, location: DatabaseLocation, county: String, connections: Int
    ) async throws -> BenchServer {
        let port = try CaseIngestBench.freePort()
        let configuration = AppConfiguration(
            database: location, host: "127.0.0.1", port: port, county: county, today: nil)
        var logger = Logger(label: "quanze-bench-server")
        logger.logLevel = .error
        let app = try await buildApplication(
            configuration: configuration, database: database, logger: logger, demoToday: DemoBuilder.today)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        let client = HTTPClient(port: port, connections: connections)
        do {
            try await client.waitUntilUp()
        } catch {
            client.shutdown()
            task.cancel()
            throw error
        }
        return BenchServer(port: port, client: client, task: task)
    }

    func stop() {
        client.shutdown()
        task.cancel()
    }
}
