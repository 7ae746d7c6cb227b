import Foundation
import QuanzeDomain
import QuanzePersistence

/// The disputes indicator's input for the assessment of townships: per township code, the disputes of the year in
/// which the township is a party (`DisputeTally.perTownship`, pure and tested).
///
/// **The one place to plug the disputes of issue 15 point 1.** Until the disputes store (migration M041) is merged,
/// `read` answers nil: pages and the API then say that the disputes are not yet connected and count 0 for every
/// township. When merging, replace the body of `read` with
/// `DisputeTally.perTownship(try await <the disputes service>(database).disputes(county: county), year: year)`.
enum DisputeCounts {
    static func read(county: String, year: Int, database: any Database) async throws -> [String: Int]? {
        nil
    }

    static let notConnected = "职责边界争议记录尚未接入本功能，各镇街争议件数暂按0件计算。"
}
