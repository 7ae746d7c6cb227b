/// Resources that follow the powers (资源对等下放, issue 14 point 4): each township's yearly budget for approval and
/// enforcement work, each office's yearly authorised establishment, the insurance policies of front-line enforcement
/// staff, and the county's resource rules (the insurance rule's source document, the expiry warning) — each a domain
/// value stored whole (JSON; amounts as integer fen) with the columns reads filter on.
let M039_CreateResources = Migration(id: "M039_CreateResources") { d in
    [
        """
        CREATE TABLE resource_records (county TEXT NOT NULL, kind TEXT NOT NULL, record_key TEXT NOT NULL,
          township TEXT NOT NULL, year INTEGER, payload TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, kind, record_key))
        """,
        "CREATE INDEX resource_records_township ON resource_records (county, kind, township)",
    ]
}
