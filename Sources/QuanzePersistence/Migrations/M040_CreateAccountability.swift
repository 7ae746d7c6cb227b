/// Accountability (追责、免予问责、容错纠错, issue 14 point 5): the county's situations (情形) with their source
/// document as data, and the cases against a person of a township for an item — each a domain value stored whole
/// (JSON) with the columns lists and counts filter on (the kind and year once decided).
let M040_CreateAccountability = Migration(id: "M040_CreateAccountability") { d in
    [
        """
        CREATE TABLE accountability_situations (county TEXT NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL,
          payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, code))
        """,
        """
        CREATE TABLE accountability_cases (county TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL, kind TEXT,
          item TEXT NOT NULL, township TEXT NOT NULL, person TEXT NOT NULL, year INTEGER, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, id))
        """,
        "CREATE INDEX accountability_cases_item ON accountability_cases (county, item)",
        "CREATE INDEX accountability_cases_township ON accountability_cases (county, township)",
        "CREATE INDEX accountability_cases_person ON accountability_cases (county, person)",
    ]
}
