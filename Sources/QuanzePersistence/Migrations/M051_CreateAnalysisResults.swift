/// The adjustment engine's stored findings (issue 17 point 3): one row per county for the day they were computed
/// as of, with the stamp of the data they were computed from (the heads of the county's and the global audit
/// chains, which every change moves in its own transaction). Pages read the row instead of running the engine; a
/// derived copy, never a change of record, so writing it writes no audit entry.
let M051_CreateAnalysisResults = Migration(id: "M051_CreateAnalysisResults") { d in
    [
        """
        CREATE TABLE analysis_results (county TEXT NOT NULL, as_of TEXT NOT NULL, stamp TEXT NOT NULL,
          computed_at \(bigint(d)) NOT NULL, took_ms \(bigint(d)) NOT NULL, findings TEXT NOT NULL,
          PRIMARY KEY (county, as_of))
        """
    ]
}
