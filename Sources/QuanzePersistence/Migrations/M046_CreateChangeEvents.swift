/// The change feed (issue 16 point 1): every published change as an event numbered per county, written in the same
/// transaction as the change. The columns readers filter on (township, item, department, kind) sit beside the event
/// stored whole as JSON; the number is the feed's cursor.
let M046_CreateChangeEvents = Migration(id: "M046_CreateChangeEvents") { d in
    [
        """
        CREATE TABLE change_events (county TEXT NOT NULL, seq \(bigint(d)) NOT NULL, at \(bigint(d)) NOT NULL,
          kind TEXT NOT NULL, township TEXT, item_code TEXT, department TEXT, decision TEXT, payload TEXT NOT NULL,
          PRIMARY KEY (county, seq))
        """,
        "CREATE INDEX change_events_township ON change_events (county, township, seq)",
        "CREATE INDEX change_events_item ON change_events (county, item_code, seq)",
        "CREATE INDEX change_events_department ON change_events (county, department, seq)",
    ]
}
