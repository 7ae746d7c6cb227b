/// The townships' governance rights (镇街治理权力, issue 14 point 3): a county's list of rights with each right's
/// source document (JSON, one row per county), and the records — exercises of a right by a township, departments'
/// plans and project acceptances — each a domain value stored whole (JSON) with the columns pages filter on.
let M038_CreateGovernanceRights = Migration(id: "M038_CreateGovernanceRights") { d in
    [
        """
        CREATE TABLE governance_rights (county TEXT NOT NULL, payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL,
          PRIMARY KEY (county))
        """,
        """
        CREATE TABLE governance_records (county TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
          township TEXT NOT NULL, organization TEXT NOT NULL, year INTEGER NOT NULL, matter_id TEXT,
          payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, kind, id))
        """,
        "CREATE INDEX governance_records_township ON governance_records (county, kind, township)",
        "CREATE INDEX governance_records_organization ON governance_records (county, kind, organization)",
    ]
}
