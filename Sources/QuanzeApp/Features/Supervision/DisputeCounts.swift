import Foundation
import QuanzeDomain
import QuanzePersistence

/// The disputes indicator's input for the assessment of townships: per township code, the disputes of the year in
/// which the township is a party (`DisputeTally.perTownship`, pure and tested).
///
/// The disputes come from `DisputeService` (issue 15 point 1). A result published before they were connected keeps
/// saying so (`disputesRecorded`), with `notConnected`.
enum DisputeCounts {
    static func read(county: String, year: Int, database: any Database) async throws -> [String: Int]? {
        DisputeTally.perTownship(try await DisputeService(database).disputes(county: county), year: year)
    }

    static let notConnected = "职责边界争议记录尚未接入本功能，各镇街争议件数暂按0件计算。"
}
