/// The annual operation report (issue 15 point 5): items' processing steps before and after delegation per county
/// (with their source document, stored whole as JSON), and published reports as snapshots — a published report is
/// the text as published, later data changes never alter it.
let M045_CreateAnnualReports = Migration(id: "M045_CreateAnnualReports") { d in
    [
        """
        CREATE TABLE processing_steps (county TEXT NOT NULL, item_code TEXT NOT NULL, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, item_code))
        """,
        """
        CREATE TABLE annual_reports (county TEXT NOT NULL, year INTEGER NOT NULL, payload TEXT NOT NULL,
          published_by TEXT NOT NULL, published_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, year))
        """,
    ]
}
