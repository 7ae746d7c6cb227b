// Every large table carries the county code (6 digits) in its primary key and unique keys, so the schema can be
// distributed by county (Citus, YugabyteDB) without change (DESIGN §10). Days are ISO text, instants are
// microseconds since 1970 in a BIGINT.

let M001_CreateRegions = Migration(id: "M001_CreateRegions") { _ in
    [
        """
        CREATE TABLE regions (code TEXT NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT,
          county TEXT, kind TEXT, PRIMARY KEY (code, level))
        """,
        "CREATE INDEX regions_parent ON regions (parent)",
        "CREATE INDEX regions_county ON regions (county)",
    ]
}

let M002_CreateOrganizations = Migration(id: "M002_CreateOrganizations") { d in
    [
        """
        CREATE TABLE organizations (county TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
          parent TEXT, stationed_at TEXT, credit_code TEXT, is_establishment \(bigint(d)) NOT NULL DEFAULT 0,
          is_justice \(bigint(d)) NOT NULL DEFAULT 0, PRIMARY KEY (county, code))
        """,
        "CREATE UNIQUE INDEX organizations_name ON organizations (county, name)",
    ]
}

let M003_CreateLaws = Migration(id: "M003_CreateLaws") { _ in
    [
        "CREATE TABLE law_versions (name TEXT NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL, PRIMARY KEY (name, version))",
        """
        CREATE TABLE law_articles (law TEXT NOT NULL, version TEXT NOT NULL, number INTEGER NOT NULL,
          chapter TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (law, version, number))
        """,
    ]
}

let M004_CreateItems = Migration(id: "M004_CreateItems") { d in
    [
        """
        CREATE TABLE power_items (county TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
          parent_code TEXT, department TEXT NOT NULL, duties TEXT NOT NULL, accountability TEXT NOT NULL,
          statutory_limit TEXT, promised_limit TEXT, requirements TEXT NOT NULL, platform_code TEXT,
          status TEXT NOT NULL, version \(bigint(d)) NOT NULL, valid_from TEXT, valid_to TEXT,
          PRIMARY KEY (county, code))
        """,
        "CREATE INDEX power_items_category ON power_items (county, category)",
        "CREATE INDEX power_items_department ON power_items (county, department)",
        """
        CREATE TABLE item_legal_bases (county TEXT NOT NULL, item_code TEXT NOT NULL, position INTEGER NOT NULL,
          law TEXT NOT NULL, version TEXT NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (county, item_code, position))
        """,
        "CREATE INDEX item_legal_bases_law ON item_legal_bases (law, version, article)",
    ]
}

let M005_CreateDecisions = Migration(id: "M005_CreateDecisions") { d in
    [
        """
        CREATE TABLE decisions (county TEXT NOT NULL, number TEXT NOT NULL, title TEXT NOT NULL, issuer TEXT NOT NULL,
          date TEXT NOT NULL, kind TEXT NOT NULL, published_on TEXT, published_at TEXT, PRIMARY KEY (county, number))
        """,
        """
        CREATE TABLE decision_attachments (county TEXT NOT NULL, number TEXT NOT NULL, sha256 TEXT NOT NULL,
          name TEXT NOT NULL, media_type TEXT NOT NULL, size \(bigint(d)) NOT NULL, PRIMARY KEY (county, number, sha256))
        """,
    ]
}

let M006_CreateAssignments = Migration(id: "M006_CreateAssignments") { d in
    [
        """
        CREATE TABLE assignments (county TEXT NOT NULL, id TEXT NOT NULL, entry_id TEXT NOT NULL, township TEXT NOT NULL,
          item_code TEXT NOT NULL, list TEXT NOT NULL, mode TEXT NOT NULL, role TEXT, partner TEXT, decision TEXT,
          end_decision TEXT, correction_reason TEXT, valid_from TEXT NOT NULL, valid_to TEXT,
          recorded_at \(bigint(d)) NOT NULL, superseded_at \(bigint(d)), PRIMARY KEY (county, id))
        """,
        "CREATE INDEX assignments_township ON assignments (county, township, list, valid_from)",
        "CREATE INDEX assignments_item ON assignments (county, item_code)",
        "CREATE INDEX assignments_entry ON assignments (county, entry_id)",
        "CREATE INDEX assignments_decision ON assignments (county, decision)",
    ]
}

let M007_CreateTemplates = Migration(id: "M007_CreateTemplates") { _ in
    [
        """
        CREATE TABLE statutory_templates (county TEXT NOT NULL, kind TEXT NOT NULL, item_code TEXT NOT NULL,
          decision TEXT NOT NULL, PRIMARY KEY (county, kind, item_code))
        """
    ]
}

let M008_CreateAudit = Migration(id: "M008_CreateAudit") { d in
    [
        """
        CREATE TABLE audit_entries (county TEXT NOT NULL, seq \(bigint(d)) NOT NULL, at \(bigint(d)) NOT NULL,
          actor TEXT NOT NULL, role TEXT NOT NULL, organization TEXT, action TEXT NOT NULL, subject TEXT NOT NULL,
          detail TEXT NOT NULL, outcome TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
          PRIMARY KEY (county, seq))
        """
    ]
}

let M009_CreateHolidays = Migration(id: "M009_CreateHolidays") { _ in
    ["CREATE TABLE holidays (day TEXT PRIMARY KEY, kind TEXT NOT NULL, note TEXT NOT NULL)"]
}

let M010_CreateAccounts = Migration(id: "M010_CreateAccounts") { d in
    [
        """
        CREATE TABLE accounts (username TEXT PRIMARY KEY, county TEXT NOT NULL, display_name TEXT NOT NULL,
          role TEXT NOT NULL, organization TEXT NOT NULL, person TEXT, password_hash TEXT NOT NULL,
          disabled \(bigint(d)) NOT NULL DEFAULT 0, must_change \(bigint(d)) NOT NULL DEFAULT 0,
          password_changed_at \(bigint(d)) NOT NULL, created_at \(bigint(d)) NOT NULL)
        """,
        "CREATE INDEX accounts_org ON accounts (county, organization)",
        "CREATE TABLE login_failures (username TEXT NOT NULL, at \(bigint(d)) NOT NULL)",
        "CREATE INDEX login_failures_user ON login_failures (username, at)",
    ]
}

/// Web sessions live in the database so that logout and timeouts hold across restarts and processes; only a
/// SHA-256 of the cookie value is stored.
let M011_CreateSessions = Migration(id: "M011_CreateSessions") { d in
    [
        """
        CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL,
          created_at \(bigint(d)) NOT NULL, last_seen_at \(bigint(d)) NOT NULL, ended_at \(bigint(d)))
        """,
        "CREATE INDEX sessions_user ON sessions (username)",
    ]
}

/// API tokens of `system` accounts, stored hashed, each scoped to the organisations it may write for.
let M012_CreateApiTokens = Migration(id: "M012_CreateApiTokens") { d in
    [
        """
        CREATE TABLE api_tokens (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, username TEXT NOT NULL,
          name TEXT NOT NULL, scope TEXT NOT NULL, created_by TEXT NOT NULL, created_at \(bigint(d)) NOT NULL,
          revoked_at \(bigint(d)), revoked_by TEXT, last_used_at \(bigint(d)))
        """
    ]
}

/// Audit entries carry digests of the state before and after the change; the viewer filters by time.
let M013_AuditDigests = Migration(id: "M013_AuditDigests") { _ in
    [
        "ALTER TABLE audit_entries ADD COLUMN before_digest TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE audit_entries ADD COLUMN after_digest TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX audit_entries_at ON audit_entries (county, at)",
    ]
}

/// Where the public goes and whom it calls for a township-level unit; kept by the unit itself.
let M014_CreateUnitContacts = Migration(id: "M014_CreateUnitContacts") { d in
    [
        """
        CREATE TABLE unit_contacts (county TEXT NOT NULL, unit TEXT NOT NULL, address TEXT NOT NULL,
          phone TEXT NOT NULL, hours TEXT NOT NULL, updated_at \(bigint(d)) NOT NULL, updated_by TEXT NOT NULL,
          PRIMARY KEY (county, unit))
        """
    ]
}

/// The delegation lifecycle (DESIGN §4): proposals, orders, agreements and running delegations as versioned
/// documents of their domain values, with the columns the work lists filter on; and the provincial grant
/// catalogues' items.
let M017_CreateDelegation = Migration(id: "M017_CreateDelegation") { d in
    [
        """
        CREATE TABLE delegation_records (county TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
          state TEXT NOT NULL, unit TEXT, department TEXT, item_code TEXT, payload TEXT NOT NULL,
          updated_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, kind, id))
        """,
        "CREATE INDEX delegation_records_state ON delegation_records (county, kind, state)",
        "CREATE INDEX delegation_records_unit ON delegation_records (county, unit, kind)",
        """
        CREATE TABLE catalogue_items (county TEXT NOT NULL, decision TEXT NOT NULL, item_code TEXT NOT NULL,
          PRIMARY KEY (county, decision, item_code))
        """,
    ]
}

/// Capacity records (DESIGN §6): staff of each unit (with the unit they belong to, so one index serves the unit's
/// page), their certificates, secondments and training attendance, the county's courses, equipment and
/// standardisation records (kept as history: the record in force on a day is the latest since it).
let M015_CreateCapacity = Migration(id: "M015_CreateCapacity") { d in
    [
        """
        CREATE TABLE capacity_staff (county TEXT NOT NULL, id TEXT NOT NULL, unit TEXT NOT NULL,
          organization TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, position TEXT NOT NULL,
          education TEXT NOT NULL, hire_date TEXT NOT NULL, person TEXT, updated_at \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, id))
        """,
        "CREATE INDEX capacity_staff_unit ON capacity_staff (county, unit)",
        """
        CREATE TABLE capacity_certificates (county TEXT NOT NULL, id TEXT NOT NULL, staff_id TEXT NOT NULL,
          unit TEXT NOT NULL, kind TEXT NOT NULL, number TEXT NOT NULL, issued_on TEXT NOT NULL, expires_on TEXT,
          PRIMARY KEY (county, id))
        """,
        "CREATE INDEX capacity_certificates_unit ON capacity_certificates (county, unit)",
        "CREATE INDEX capacity_certificates_staff ON capacity_certificates (county, staff_id)",
        """
        CREATE TABLE capacity_secondments (county TEXT NOT NULL, staff_id TEXT NOT NULL, from_day TEXT NOT NULL,
          unit TEXT NOT NULL, destination TEXT NOT NULL, until_day TEXT, PRIMARY KEY (county, staff_id, from_day))
        """,
        "CREATE INDEX capacity_secondments_unit ON capacity_secondments (county, unit)",
        """
        CREATE TABLE capacity_courses (county TEXT NOT NULL, id TEXT NOT NULL, provider TEXT NOT NULL,
          title TEXT NOT NULL, day TEXT NOT NULL, minutes \(bigint(d)) NOT NULL, mode TEXT NOT NULL, kind TEXT NOT NULL,
          PRIMARY KEY (county, id))
        """,
        "CREATE INDEX capacity_courses_day ON capacity_courses (county, day)",
        """
        CREATE TABLE capacity_attendance (county TEXT NOT NULL, course_id TEXT NOT NULL, staff_id TEXT NOT NULL,
          unit TEXT NOT NULL, PRIMARY KEY (county, course_id, staff_id))
        """,
        "CREATE INDEX capacity_attendance_unit ON capacity_attendance (county, unit)",
        """
        CREATE TABLE capacity_equipment (county TEXT NOT NULL, organization TEXT NOT NULL, kind TEXT NOT NULL,
          since TEXT NOT NULL, unit TEXT NOT NULL, quantity \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, organization, kind, since))
        """,
        "CREATE INDEX capacity_equipment_unit ON capacity_equipment (county, unit)",
        """
        CREATE TABLE capacity_standardisation (county TEXT NOT NULL, unit TEXT NOT NULL, since TEXT NOT NULL,
          state TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (county, unit, since))
        """,
    ]
}

/// Case records pushed by other systems, the indicator cells kept up to date with them, and the idempotency keys
/// of the ingest API (DESIGN §5).
let M018_CreateCases = Migration(id: "M018_CreateCases") { d in
    [
        """
        CREATE TABLE case_records (county TEXT NOT NULL, source TEXT NOT NULL, external_id TEXT NOT NULL,
          source_version \(bigint(d)) NOT NULL, item_code TEXT NOT NULL, township TEXT NOT NULL, handler TEXT NOT NULL,
          kind TEXT NOT NULL, received_on TEXT NOT NULL, due_on TEXT, closed_on TEXT, satisfaction \(bigint(d)),
          officers \(bigint(d)), legal_review \(bigint(d)), full_record \(bigint(d)), month TEXT NOT NULL,
          recorded_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, source, external_id))
        """,
        "CREATE INDEX case_records_cell ON case_records (county, township, item_code, month)",
        """
        CREATE TABLE indicator_cells (county TEXT NOT NULL, township TEXT NOT NULL, item_code TEXT NOT NULL,
          month TEXT NOT NULL, volume \(bigint(d)) NOT NULL, closed \(bigint(d)) NOT NULL, on_time \(bigint(d)) NOT NULL,
          overdue \(bigint(d)) NOT NULL, duration_days \(bigint(d)) NOT NULL, satisfaction_sum \(bigint(d)) NOT NULL,
          satisfaction_count \(bigint(d)) NOT NULL, by_department \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, township, item_code, month))
        """,
        """
        CREATE TABLE idempotency_keys (county TEXT NOT NULL, token_id TEXT NOT NULL, key TEXT NOT NULL,
          body_hash TEXT NOT NULL, status \(bigint(d)) NOT NULL, response TEXT NOT NULL, created_at \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, token_id, key))
        """,
    ]
}

/// The sealed scans of agreements, stored with their SHA-256 in the database so an attachment and its record are
/// written in one transaction.
let M019_CreateAgreementScans = Migration(id: "M019_CreateAgreementScans") { d in
    [
        """
        CREATE TABLE agreement_scans (county TEXT NOT NULL, agreement_id TEXT NOT NULL, sha256 TEXT NOT NULL,
          media_type TEXT NOT NULL, name TEXT NOT NULL, size \(bigint(d)) NOT NULL, content \(d == .postgres ? "BYTEA" : "BLOB") NOT NULL,
          created_at \(bigint(d)) NOT NULL, PRIMARY KEY (county, agreement_id, sha256))
        """
    ]
}

/// Decisions on adjustment suggestions: accepted (with the workflow started) or dismissed with a reason, each
/// against the evidence fingerprint it was taken on.
let M020_CreateSuggestionDecisions = Migration(id: "M020_CreateSuggestionDecisions") { d in
    [
        """
        CREATE TABLE suggestion_decisions (county TEXT NOT NULL, suggestion_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
          decision TEXT NOT NULL, reason TEXT NOT NULL, decided_by TEXT NOT NULL, decided_at \(bigint(d)) NOT NULL,
          PRIMARY KEY (county, suggestion_key, fingerprint))
        """
    ]
}

/// Indicator cells are only ever reached by their key, and every ingested record upserts one: on SQLite a
/// `WITHOUT ROWID` table keeps each cell in the key's b-tree, one b-tree write per upsert instead of two (the
/// ingest benchmark's cell upsert fell by about a third). Open records past their due day are counted on every
/// indicator read: a partial index holds only the open ones.
let M021_TuneCases = Migration(id: "M021_TuneCases") { d in
    let open =
        "CREATE INDEX case_records_open ON case_records (county, due_on, township) WHERE closed_on IS NULL"
    guard d == .sqlite else { return [open] }
    return [
        """
        CREATE TABLE indicator_cells_new (county TEXT NOT NULL, township TEXT NOT NULL, item_code TEXT NOT NULL,
          month TEXT NOT NULL, volume INTEGER NOT NULL, closed INTEGER NOT NULL, on_time INTEGER NOT NULL,
          overdue INTEGER NOT NULL, duration_days INTEGER NOT NULL, satisfaction_sum INTEGER NOT NULL,
          satisfaction_count INTEGER NOT NULL, by_department INTEGER NOT NULL,
          PRIMARY KEY (county, township, item_code, month)) WITHOUT ROWID
        """,
        "INSERT INTO indicator_cells_new SELECT county, township, item_code, month, volume, closed, on_time, overdue, duration_days, satisfaction_sum, satisfaction_count, by_department FROM indicator_cells",
        "DROP TABLE indicator_cells",
        "ALTER TABLE indicator_cells_new RENAME TO indicator_cells",
        open,
    ]
}

/// Organisations are retired, never deleted, so history keeps their names (`retired_on`); items refer to their
/// competent department by its code, so a rename orphans nothing: the names stored so far become codes.
let M022_OrganizationsRetiredAndItemDepartmentCodes = Migration(id: "M022_OrganizationsRetiredAndItemDepartmentCodes") {
    _ in
    [
        "ALTER TABLE organizations ADD COLUMN retired_on TEXT",
        """
        UPDATE power_items SET department = (SELECT o.code FROM organizations o WHERE o.county = power_items.county
          AND o.name = power_items.department)
        WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.county = power_items.county
          AND o.name = power_items.department)
        """,
    ]
}

/// API tokens carry the areas of the API they may use (`cases:write` …); the tokens issued before scopes existed
/// pushed case records only, so they keep exactly that.
let M025_TokenScopes = Migration(id: "M025_TokenScopes") { _ in
    ["ALTER TABLE api_tokens ADD COLUMN permissions TEXT NOT NULL DEFAULT 'cases:write'"]
}

/// Login failures remember the client address: the lockout delays one address's attempts at an account, so a
/// stranger cannot lock the owner out.
let M027_LoginFailureClients = Migration(id: "M027_LoginFailureClients") { _ in
    [
        "ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX login_failures_client ON login_failures (username, client, at)",
    ]
}

/// 发文机关代字 of the organisations that issue documents (GB/T 9704-2012 7.2.4): a 文号's prefix must be its
/// issuer's.
let M029_OrganizationDocumentPrefix = Migration(id: "M029_OrganizationDocumentPrefix") { _ in
    ["ALTER TABLE organizations ADD COLUMN document_prefix TEXT"]
}

/// Each item knows its competent level (实施层级: the county department, or the township-level unit by law — 乡镇
/// people's governments, 街道办事处 or both) and the statute articles that give it (`;`-separated citations). Items
/// recorded before are county departments' items, as a catalogue without the column says.
let M032_ItemCompetentLevel = Migration(id: "M032_ItemCompetentLevel") { _ in
    [
        "ALTER TABLE power_items ADD COLUMN competent_level TEXT NOT NULL DEFAULT 'county'",
        "ALTER TABLE power_items ADD COLUMN level_basis TEXT NOT NULL DEFAULT ''",
    ]
}

/// 三员分立: an account the system administrator opens waits for the security administrator to grant its role
/// before it can sign in or hold a token, so no one administrator both sets a password and grants a business role.
let M033_AccountAwaitingGrant = Migration(id: "M033_AccountAwaitingGrant") { _ in
    ["ALTER TABLE accounts ADD COLUMN awaiting_grant INTEGER NOT NULL DEFAULT 0"]
}
