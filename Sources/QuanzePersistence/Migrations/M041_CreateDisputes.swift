/// Boundary disputes (职责边界争议, issue 15 point 1): the county's settings (answer deadline, R8's count and period,
/// with their source document) and the disputes, each a domain value stored whole (JSON) with the columns lists,
/// to-do counts and R8 filter on. Rule numbers follow DESIGN §5 from here on: R8 is 反复争议, and the periodic
/// evaluation rule that carried R8 before is R10 — decisions already taken on its findings are renamed with it, so
/// a dismissal still holds.
let M041_CreateDisputes = Migration(id: "M041_CreateDisputes") { d in
    [
        """
        CREATE TABLE dispute_rules (county TEXT NOT NULL PRIMARY KEY, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL)
        """,
        """
        CREATE TABLE disputes (county TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL, item TEXT,
          raised_by TEXT NOT NULL, respondent TEXT NOT NULL, raised_on TEXT NOT NULL, deadline TEXT NOT NULL,
          payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, id))
        """,
        "CREATE INDEX disputes_item ON disputes (county, item)",
        "CREATE INDEX disputes_state ON disputes (county, state)",
        """
        UPDATE suggestion_decisions SET suggestion_key = 'R10' || substr(suggestion_key, 3),
          fingerprint = 'R10' || substr(fingerprint, 3)
        WHERE suggestion_key LIKE 'R8|%'
        """,
    ]
}
