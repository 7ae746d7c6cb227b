/// 案件内审 (issue 15 point 2): each sample of a township's enforcement cases is a domain value stored whole (JSON:
/// its frame, seed, size, drawn ids and findings) with the columns lists filter on.
let M042_CreateInternalReviews = Migration(id: "M042_CreateInternalReviews") { d in
    [
        """
        CREATE TABLE review_samples (county TEXT NOT NULL, id TEXT NOT NULL, township TEXT NOT NULL,
          year INTEGER NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, id))
        """,
        "CREATE INDEX review_samples_township ON review_samples (county, township, year)",
    ]
}
