import Foundation
import Hummingbird
import Logging
import QuanzeDomain
import QuanzePersistence
import ServiceLifecycle

/// The server's scheduled round of the adjustment engine (issue 17 point 3): every `interval`, each county whose
/// findings are stored (and the deployment's own) is computed again as of today if its data changed since — a
/// list, a decision, a delegation, a case batch: anything that wrote an audit entry. Pages read the stored
/// findings, so no reader waits for the engine; a finding is at most one interval (plus one run) behind the data.
///
/// Why a schedule rather than a run per change: cases arrive in batches all day and one run reads 24 months of
/// the county's indicator cells, so running per change would run the engine thousands of times an hour for
/// results nobody reads in between; a round that runs only where the stamp moved costs nothing while data is quiet.
struct AnalysisWorker: Service {
    let services: AppServices
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await Rounds.every(interval) { await Self.round(services, logger: logger) }
    }

    /// One round over the counties, as many at a time as the machine has cores; a county that fails is logged and
    /// tried again next round.
    static func round(_ services: AppServices, logger: Logger) async {
        let service = SuggestionService(services.database)
        var counties = (try? await service.storedCounties()) ?? []
        if !services.county.isEmpty && !counties.contains(services.county) { counties.append(services.county) }
        var computed = false
        for (county, outcome) in await service.refreshAll(counties, today: services.today) {
            switch outcome {
            case .success(let took): computed = computed || took != nil
            case .failure(let error):
                logger.error(
                    "analysis round failed", metadata: ["county": .string(county), "error": .string("\(error)")])
            }
        }
        if computed { ProcessMemory.giveBack() }
    }
}
