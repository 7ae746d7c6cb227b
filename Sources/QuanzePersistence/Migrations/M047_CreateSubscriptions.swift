/// Subscriptions to the change feed and the durable outbox of their notifications (issue 16 point 2). The
/// dispatcher's position in each county's feed (`subscription_cursor`) advances in the same transaction that writes
/// the outbox rows of the changes it passed, and an outbox row is unique per subscription and change: a restart at
/// any point loses nothing and fans nothing out twice.
let M047_CreateSubscriptions = Migration(id: "M047_CreateSubscriptions") { d in
    [
        """
        CREATE TABLE subscriptions (county TEXT NOT NULL, id TEXT NOT NULL, channel TEXT NOT NULL,
          target TEXT NOT NULL, scope TEXT NOT NULL, code TEXT NOT NULL, owner TEXT, state TEXT NOT NULL,
          from_seq \(bigint(d)) NOT NULL, secret TEXT NOT NULL, confirm_hash TEXT,
          created_at \(bigint(d)) NOT NULL, updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, id))
        """,
        "CREATE INDEX subscriptions_state ON subscriptions (county, state)",
        "CREATE INDEX subscriptions_owner ON subscriptions (county, owner)",
        "CREATE TABLE subscription_cursor (county TEXT NOT NULL PRIMARY KEY, last_seq \(bigint(d)) NOT NULL)",
        """
        CREATE TABLE outbox (county TEXT NOT NULL, id TEXT NOT NULL, subscription TEXT NOT NULL,
          event_seq \(bigint(d)) NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
          next_attempt_at \(bigint(d)) NOT NULL, payload TEXT NOT NULL, last_error TEXT,
          delivered_at \(bigint(d)), created_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, id),
          UNIQUE (county, subscription, event_seq))
        """,
        "CREATE INDEX outbox_due ON outbox (county, state, next_attempt_at)",
    ]
}
