import Foundation
import Mustache
import QuanzeDomain
import QuanzePersistence

/// What the handlers share: the stores, the templates and the deployment's county and "today".
struct AppServices: Sendable {
    let database: any Database
    let templates: MustacheLibrary
    /// The county the deployment serves when a request names none (`QUANZE_COUNTY`).
    let deploymentCounty: String
    let pinnedToday: Day?
    var security: SecuritySettings = .standard
    /// The wall clock for sessions, lockouts and audit times; tests pass their own to move time.
    var clock: @Sendable () -> Date = { Date() }
    var limiter = RateLimiter()
    /// Counts refused anonymous requests per client and window (`security.refusalWindowSeconds`).
    var refusals = RefusalAggregator()
    /// The checkpoint file the audit viewer verifies against (`QUANZE_AUDIT_CHECKPOINT`), if any.
    var auditCheckpointFile: String? = nil
    /// Whether the server runs the demo (`serve --demo`): only then do pages say their data is demo data.
    var isDemo = false
    /// `QUANZE_CLOCK_SKEW_DAYS`: the tolerance of `DateBounds` for senders' dates.
    var clockSkewDays = DateBounds.defaultSkewDays
    /// How subscriptions' notifications are sent, and the site's address their links start with.
    var notifications = NotificationSettings.standard
    var origin = "http://127.0.0.1:8080"
    /// When the engine's stored findings are computed again (`AppConfiguration.analysisInterval`).
    var analysisRefresh = AnalysisRefresh.onRead
    /// Reads kept while the county's data is unchanged: a township's lists as of a day (`reads`), catalogue searches
    /// (`searches`, apart, so that a run of distinct queries does not push the lists out).
    var reads = ReadCache(limit: 48)
    var searches = ReadCache(limit: 256)

    var now: Date { clock() }
    /// The county this request is about (`CountyChoice`): the one it chose, else the deployment's.
    var county: String { SelectedCounty.code ?? deploymentCounty }
    var accounts: AccountStore { AccountStore(database) }
    var sessions: SessionStore { SessionStore(database) }
    var tokens: TokenStore { TokenStore(database) }
    var audit: AuditStore { AuditStore(database) }
    var contacts: UnitContactStore { UnitContactStore(database) }

    var regions: RegionStore { RegionStore(database) }
    var organizations: OrganizationStore { OrganizationStore(database) }
    var items: ItemStore { ItemStore(database) }
    var lists: ListStore { ListStore(database) }
    var decisions: DecisionStore { DecisionStore(database) }
    var laws: LawStore { LawStore(database) }

    /// The as-of date when none is asked for: the pinned day (the demo's 2023-12-31) or the real date in China.
    var today: Day {
        if let pinnedToday { return pinnedToday }
        return DateBounds.chinaDay(of: Date())
    }

    /// The township-level units of a county, ordered by code.
    func townships(county: String) async throws -> [(Region, TownshipKind)] {
        try await regions.townships(county: county)
    }

    func township(_ code: RegionCode) async throws -> (Region, TownshipKind) {
        guard let found = try await regions.townships(county: code.county).first(where: { $0.0.code == code }) else {
            throw AppError.notFound("没有代码为 \(code.value) 的镇街")
        }
        return found
    }
}

extension Bundle {
    /// The folder of the app's templates, static files and demo data.
    static var quanzeResources: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources")
    }
}
