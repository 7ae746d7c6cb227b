import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuanzeDomain
import QuanzeTestSupport
import Testing

@testable import QuanzeApp
@testable import QuanzePersistence

extension Engine: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// The demo is loaded once per engine and shared by the read-only app tests.
actor DemoDatabases {
    static let shared = DemoDatabases()
    var loaded: [Engine: Task<any Database, any Error>] = [:]

    func database(_ engine: Engine) async throws -> any Database {
        if let task = loaded[engine] { return try await task.value }
        let task = Task<any Database, any Error> {
            let database = try await engine.openScratch(prefix: "qz_app")
            _ = try await DemoBuilder(database).loadIfEmpty(now: Date(timeIntervalSince1970: 1_704_000_000))
            return database
        }
        loaded[engine] = task
        return try await task.value
    }
}

/// Runs `body` against the real application on the demo database.
func withDemoApp(_ engine: Engine, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void)
    async throws
{
    let database = try await DemoDatabases.shared.database(engine)
    let configuration = AppConfiguration(
        database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: "510304", today: nil)
    let app = try await buildApplication(
        configuration: configuration, database: database, logger: Logger(label: "test"), demoToday: DemoBuilder.today)
    try await app.test(.router) { client in try await body(client) }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
}
