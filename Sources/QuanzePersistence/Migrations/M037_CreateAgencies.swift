/// Dispatched agencies (派驻机构, issue 14 points 1–2): the county's rules (the township's opinion deadline, whether
/// an unconsulted decision is recorded as an exception, the township's minimum assessment weight in basis points,
/// and each rule's source document as data), and the agencies' records — head appointments and removals, yearly
/// assessment schemes — each a domain value stored whole (JSON) with the columns work lists filter on.
let M037_CreateAgencies = Migration(id: "M037_CreateAgencies") { d in
    [
        """
        CREATE TABLE agency_rules (county TEXT NOT NULL, opinion_deadline_days INTEGER NOT NULL,
          allows_exception INTEGER NOT NULL, minimum_township_weight INTEGER NOT NULL, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county))
        """,
        """
        CREATE TABLE agency_records (county TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL,
          agency TEXT NOT NULL, department TEXT NOT NULL, township TEXT NOT NULL, year INTEGER, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, kind, id))
        """,
        "CREATE INDEX agency_records_department ON agency_records (county, kind, department)",
        "CREATE INDEX agency_records_township ON agency_records (county, kind, township)",
        "CREATE UNIQUE INDEX agency_records_scheme_year ON agency_records (county, kind, agency, year)",
    ]
}
