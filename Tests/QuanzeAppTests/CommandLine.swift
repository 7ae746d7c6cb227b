import ArgumentParser
import Foundation
import QuanzeDomain
import QuanzePersistence

@testable import QuanzeApp

/// Runs the real command line — argument parsing, validation and the command's own code — on a test's database,
/// as a county's clerk would type it.
func runCommand(_ arguments: [String], on database: any Database, county: String) async throws {
    let configuration = AppConfiguration(
        database: .sqlite(path: "unused"), host: "127.0.0.1", port: 0, county: county, today: nil,
        security: testSecurity)
    let runtime = Runtime(configuration: configuration, database: database, logger: quietLogger)
    let command = try QuanzeCommand.parseAsRoot(arguments)
    guard var runnable = command as? any AsyncParsableCommand else {
        throw TestFailure("\(arguments.joined(separator: " ")) is not a command that runs")
    }
    try await Runtime.$injected.withValue(runtime) { try await runnable.run() }
}
