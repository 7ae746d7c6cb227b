import Foundation
import QuanzeDomain
import QuanzePersistence

/// The product's data file of legal grounds and responsibility statements (`Resources/legal-grounds.json`): what
/// every county's ground table is seeded from (`quanze county init`, the demo), and the one source of the statements
/// of responsibility that documents, pages and the API print.
enum LegalGroundsData {
    static let url = Bundle.quanzeResources.appendingPathComponent("legal-grounds.json")

    private static let loaded: Result<LegalGroundsFile, LegalGroundFailure> = {
        guard let data = try? Data(contentsOf: url) else { return .failure(.malformedFile("找不到 \(url.path)")) }
        do throws(LegalGroundFailure) { return .success(try LegalGroundsFile.decode(data)) } catch {
            return .failure(error)
        }
    }()

    static func file() throws -> LegalGroundsFile { try loaded.get() }

    static func responsibilities() throws -> [DelegationMode: Responsibility] { try file().responsibilities }

    static func responsibility(_ mode: DelegationMode) throws -> Responsibility {
        guard let found = try responsibilities()[mode] else {
            throw LegalGroundFailure.malformedFile(ResponsibilityFailure.missingMode(mode.label).message)
        }
        return found
    }

    /// Seeds a county's table with the rows it lacks; returns how many it added.
    @discardableResult
    static func seed(county: String, database: any Database, actor: Actor, at now: Date) async throws -> Int {
        try await LegalGroundStore(database).seed(county: county, grounds: try file().grounds, actor: actor, at: now)
    }
}
