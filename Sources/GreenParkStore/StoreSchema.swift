import GRDB

/// The SQLite schema, as GRDB migrations from the first version on. A migration is never
/// edited once released; changes come as new migrations.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: readings") { db in
            try db.execute(sql: """
                CREATE TABLE park_identity (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    park_id TEXT NOT NULL,
                    resolution_minutes INTEGER NOT NULL
                );
                CREATE TABLE meter (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE
                );
                -- One row per meter and UTC day: energy is little-endian Int64 Wh per interval,
                -- quality one byte per interval (0 missing, 1 measured, 2 split, 3 estimated, 4 interpolated).
                CREATE TABLE reading_day (
                    meter_id INTEGER NOT NULL REFERENCES meter(id),
                    day INTEGER NOT NULL,
                    energy BLOB NOT NULL,
                    quality BLOB NOT NULL,
                    PRIMARY KEY (meter_id, day)
                ) WITHOUT ROWID;
                CREATE TABLE import (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    file_name TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    format TEXT NOT NULL,
                    imported_at INTEGER NOT NULL,
                    rows INTEGER NOT NULL,
                    added INTEGER NOT NULL,
                    replaced INTEGER NOT NULL,
                    unchanged INTEGER NOT NULL,
                    estimated INTEGER NOT NULL,
                    options TEXT NOT NULL
                );
                CREATE TABLE revision (
                    id INTEGER PRIMARY KEY,
                    import_id INTEGER NOT NULL REFERENCES import(id),
                    meter_code TEXT NOT NULL,
                    interval_start INTEGER NOT NULL,
                    old_energy_wh INTEGER NOT NULL,
                    old_quality INTEGER NOT NULL,
                    new_energy_wh INTEGER NOT NULL,
                    new_quality INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: allocations") { db in
            try db.execute(sql: """
                CREATE TABLE allocation_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    period_from INTEGER NOT NULL,
                    period_to INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    gap_policy TEXT NOT NULL,
                    intervals INTEGER NOT NULL,
                    skipped_intervals INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    input_digest TEXT NOT NULL,
                    -- one byte per interval: 1 where the interval was excluded by the gap policy
                    excluded BLOB NOT NULL,
                    UNIQUE (period_from, period_to)
                );
                -- A member's allocation from one generator over the whole period:
                -- little-endian Int64 Wh per interval.
                CREATE TABLE allocation_series (
                    run_id INTEGER NOT NULL REFERENCES allocation_run(id) ON DELETE CASCADE,
                    member_id TEXT NOT NULL,
                    generator_id TEXT NOT NULL,
                    energy BLOB NOT NULL,
                    PRIMARY KEY (run_id, member_id, generator_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3: ledger") { db in
            try db.execute(sql: """
                -- The certificate ledger, append-only. data is the canonical JSON of the entry's
                -- data object; hash = SHA-256 of the canonical entry (docs/ledger.md).
                CREATE TABLE ledger_entry (
                    seq INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    prev TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                """)
        }
        migrator.registerMigration("v4: certificates") { db in
            try db.execute(sql: """
                -- One row per issuance (device, scheme, production period), even of zero
                -- certificates: its period counts as certified (docs/certificates.md).
                CREATE TABLE certificate_issue (
                    number INTEGER PRIMARY KEY,
                    scheme TEXT NOT NULL,
                    device TEXT NOT NULL,
                    technology TEXT NOT NULL,
                    country TEXT NOT NULL,
                    region TEXT NOT NULL,
                    commissioned TEXT NOT NULL,
                    production_start INTEGER NOT NULL,
                    production_end INTEGER NOT NULL,
                    first_serial INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    unit_wh INTEGER NOT NULL,
                    issued_at INTEGER NOT NULL,
                    issuer TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    -- members whose allocation transfer was made, one per line
                    transferred_to TEXT NOT NULL
                );
                -- An issuance's certificates as ranges of serials with one owner and status.
                CREATE TABLE certificate_range (
                    issue INTEGER NOT NULL REFERENCES certificate_issue(number),
                    first_serial INTEGER NOT NULL,
                    last_serial INTEGER NOT NULL,
                    owner TEXT NOT NULL,
                    statement TEXT,
                    PRIMARY KEY (issue, first_serial)
                ) WITHOUT ROWID;
                -- Counters and carried remainders of the registry: kind is serial, issuance_carry,
                -- transfer_carry, redeemed_for or statement_count.
                CREATE TABLE registry_value (
                    kind TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value INTEGER NOT NULL,
                    PRIMARY KEY (kind, key)
                ) WITHOUT ROWID;
                CREATE TABLE redemption_statement (
                    id TEXT PRIMARY KEY,
                    beneficiary TEXT NOT NULL,
                    location TEXT NOT NULL,
                    period_label TEXT NOT NULL,
                    period_start INTEGER NOT NULL,
                    period_end INTEGER NOT NULL,
                    purpose TEXT NOT NULL,
                    scheme TEXT NOT NULL,
                    redeemed_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5: settlement") { db in
            try db.execute(sql: """
                -- One row per settlement run of a billing month: previews are replaced, final
                -- runs are numbered versions and never edited (docs/settlement.md).
                CREATE TABLE settlement_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    month TEXT NOT NULL,
                    version INTEGER,
                    status TEXT NOT NULL CHECK (status IN ('preview', 'final')),
                    created_at INTEGER NOT NULL,
                    snapshot TEXT NOT NULL,
                    result TEXT NOT NULL,
                    UNIQUE (month, version)
                );
                CREATE TRIGGER settlement_final_no_update BEFORE UPDATE ON settlement_run WHEN OLD.status = 'final'
                BEGIN SELECT RAISE(ABORT, 'a final settlement is never edited; settle again for a new version'); END;
                CREATE TRIGGER settlement_final_no_delete BEFORE DELETE ON settlement_run WHEN OLD.status = 'final'
                BEGIN SELECT RAISE(ABORT, 'a final settlement is never deleted'); END;
                -- Invoice numbers, without gaps per year (one park per store).
                CREATE TABLE invoice (
                    number TEXT PRIMARY KEY,
                    year INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    run_id INTEGER NOT NULL REFERENCES settlement_run(id),
                    member TEXT NOT NULL,
                    UNIQUE (year, seq)
                );
                CREATE TRIGGER invoice_no_update BEFORE UPDATE ON invoice BEGIN SELECT RAISE(ABORT, 'invoices are never edited'); END;
                CREATE TRIGGER invoice_no_delete BEFORE DELETE ON invoice BEGIN SELECT RAISE(ABORT, 'invoices are never deleted'); END;
                """)
        }
        migrator.registerMigration("v6: settlement corrections") { db in
            try db.execute(sql: """
                -- A later final version issues documents only for what changed: per changed member a
                -- credit note cancelling its current invoice and an invoice replacing it, in the same
                -- gapless sequence; per changed generator a statement replacing its current one.
                ALTER TABLE invoice ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice'
                    CHECK (kind IN ('invoice', 'credit-note'));
                ALTER TABLE invoice ADD COLUMN cancels TEXT REFERENCES invoice(number);
                ALTER TABLE invoice ADD COLUMN replaces TEXT REFERENCES invoice(number);
                CREATE UNIQUE INDEX invoice_cancelled_once ON invoice(cancels) WHERE cancels IS NOT NULL;
                CREATE TABLE settlement_statement (
                    name TEXT PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES settlement_run(id),
                    generator TEXT NOT NULL,
                    replaces TEXT
                );
                CREATE TRIGGER statement_no_update BEFORE UPDATE ON settlement_statement
                BEGIN SELECT RAISE(ABORT, 'statements are never edited'); END;
                CREATE TRIGGER statement_no_delete BEFORE DELETE ON settlement_statement
                BEGIN SELECT RAISE(ABORT, 'statements are never deleted'); END;
                """)
        }
        migrator.registerMigration("v7: claim coverage and corrections") { db in
            try db.execute(sql: """
                -- The metered generation each issuance counts (NULL: stored before it was kept) and,
                -- for a supplementary issuance made by a correction, the issuance it adds to.
                ALTER TABLE certificate_issue ADD COLUMN metered_wh INTEGER;
                ALTER TABLE certificate_issue ADD COLUMN supplements INTEGER;
                -- Certificates cancelled by a correction name it here.
                ALTER TABLE certificate_range ADD COLUMN withdrawn TEXT;
                -- The consumption each redemption statement covers: little-endian Int64 Wh per
                -- local clock hour from first_hour (docs/certificates.md, "Claims").
                CREATE TABLE claim_coverage (
                    member TEXT NOT NULL,
                    statement TEXT NOT NULL REFERENCES redemption_statement(id),
                    first_hour INTEGER NOT NULL,
                    covered BLOB NOT NULL,
                    PRIMARY KEY (member, statement)
                ) WITHOUT ROWID;
                CREATE TRIGGER claim_coverage_no_update BEFORE UPDATE ON claim_coverage
                BEGIN SELECT RAISE(ABORT, 'a claim is final'); END;
                CREATE TRIGGER claim_coverage_no_delete BEFORE DELETE ON claim_coverage
                BEGIN SELECT RAISE(ABORT, 'a claim is final'); END;
                -- Corrections of issued periods after their readings changed.
                CREATE TABLE certificate_correction (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    scheme TEXT NOT NULL,
                    device TEXT NOT NULL,
                    production_start INTEGER NOT NULL,
                    production_end INTEGER NOT NULL,
                    metered_before_wh INTEGER NOT NULL,
                    metered_after_wh INTEGER NOT NULL,
                    allocations TEXT NOT NULL,
                    revisions TEXT NOT NULL,
                    issued INTEGER NOT NULL,
                    withdrawn INTEGER NOT NULL,
                    returned INTEGER NOT NULL,
                    given INTEGER NOT NULL,
                    debit_wh INTEGER NOT NULL,
                    flagged TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE TRIGGER certificate_correction_no_update BEFORE UPDATE ON certificate_correction
                BEGIN SELECT RAISE(ABORT, 'a correction is final'); END;
                CREATE TRIGGER certificate_correction_no_delete BEFORE DELETE ON certificate_correction
                BEGIN SELECT RAISE(ABORT, 'a correction is final'); END;
                -- Each run that compared issued periods with the readings (for status: readings revised
                -- after the last check of their period may change the certificates).
                CREATE TABLE certificate_check (
                    id INTEGER PRIMARY KEY,
                    period_from INTEGER NOT NULL,
                    period_to INTEGER NOT NULL,
                    at INTEGER NOT NULL
                );
                -- The park's operator key (public), recorded by init or the first signing command:
                -- every later signing command must use it.
                CREATE TABLE operator_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    public_key TEXT NOT NULL
                );
                CREATE TRIGGER operator_key_no_update BEFORE UPDATE ON operator_key
                BEGIN SELECT RAISE(ABORT, 'a park keeps one operator key'); END;
                CREATE TRIGGER operator_key_no_delete BEFORE DELETE ON operator_key
                BEGIN SELECT RAISE(ABORT, 'a park keeps one operator key'); END;
                INSERT INTO operator_key (id, public_key)
                    SELECT 1, json_extract(CAST(data AS TEXT), '$.key') FROM ledger_entry WHERE kind = 'seal'
                    ORDER BY seq DESC LIMIT 1;
                -- Claims are capped per hour now (claim_coverage), not per reporting period.
                DELETE FROM registry_value WHERE kind = 'redeemed_for';
                """)
        }
        migrator.registerMigration("v8: ranges by statement") { db in
            try db.execute(sql: """
                -- A statement's certificates found without reading every range (statements are
                -- written one at a time, whatever the park's size).
                CREATE INDEX certificate_range_statement ON certificate_range(statement) WHERE statement IS NOT NULL;
                """)
        }
        migrator.registerMigration("v9: ledger parties") { db in
            try db.execute(sql: """
                -- Who each ledger entry concerns and when its certificates were produced
                -- (LedgerParty: a member id, or device:<id> for issuances, corrections and
                -- withdrawals), so an evidence pack finds a member's entries of a period at once.
                CREATE TABLE ledger_party (
                    party TEXT NOT NULL,
                    produced_from INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    produced_to INTEGER NOT NULL,
                    PRIMARY KEY (party, produced_from, seq)
                ) WITHOUT ROWID;
                -- The serials each issuance entry created and their production period, to place
                -- the certificates of later entries in time.
                CREATE TABLE ledger_issue_span (
                    prefix TEXT NOT NULL,
                    first_serial INTEGER NOT NULL,
                    last_serial INTEGER NOT NULL,
                    device TEXT NOT NULL,
                    produced_from INTEGER NOT NULL,
                    produced_to INTEGER NOT NULL,
                    PRIMARY KEY (prefix, first_serial)
                ) WITHOUT ROWID;
                -- One owner's certificate ranges (an evidence pack) without reading the registry.
                CREATE INDEX certificate_range_owner ON certificate_range (owner);
                """)
            try SQLiteCertificateStore.backfillParties(db)
        }
        migrator.registerMigration("v10: users and grants") { db in
            try db.execute(sql: """
                -- The server's users: a token is stored only as its SHA-256 (docs/server.md).
                CREATE TABLE app_user (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('operator', 'member', 'generator', 'verifier')),
                    subject TEXT,
                    token_sha256 TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    revoked_at INTEGER,
                    CHECK ((role = 'operator') = (subject IS NULL))
                );
                -- Grants live on the ledger as agreement entries; found without a scan.
                CREATE INDEX ledger_agreement ON ledger_entry (seq) WHERE kind = 'agreement';
                -- Every read a verifier made of a member's data, for the member to see.
                CREATE TABLE verifier_read (
                    id INTEGER PRIMARY KEY,
                    time INTEGER NOT NULL,
                    verifier TEXT NOT NULL,
                    member TEXT NOT NULL,
                    grant_seq INTEGER NOT NULL,
                    resource TEXT NOT NULL
                );
                CREATE INDEX verifier_read_member ON verifier_read (member, time);
                -- Idempotency keys of batch ingest, per user.
                CREATE TABLE ingest_key (
                    user_id INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    import_id INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (user_id, key)
                );
                """)
        }
        migrator.registerMigration("v11: meter telemetry") { db in
            try db.execute(sql: """
                -- Where each polled meter's register stood, so a restart continues without a gap
                -- and without counting anything twice (GreenParkCore IntervalBuilder).
                CREATE TABLE meter_register_state (
                    meter TEXT PRIMARY KEY,
                    last_at_ms INTEGER,
                    last_raw_wh INTEGER,
                    last_identity TEXT,
                    offset_wh INTEGER NOT NULL,
                    boundary INTEGER,
                    boundary_wh INTEGER,
                    boundary_bracket_ms INTEGER,
                    gap_from INTEGER,
                    disturbed_from INTEGER,
                    disturbed_to INTEGER
                );
                -- What polling noticed: dead meters, gaps and their energy, rollovers, replacements.
                CREATE TABLE meter_event (
                    id INTEGER PRIMARY KEY,
                    meter TEXT NOT NULL,
                    at_ms INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    energy_wh INTEGER,
                    detail TEXT NOT NULL
                );
                CREATE INDEX meter_event_meter ON meter_event (meter, at_ms);
                """)
        }
        migrator.registerMigration("v12: openadr") { db in
            try db.execute(sql: """
                -- The VTN's OpenADR 3 objects (docs/demand-response.md): the JSON body as the
                -- OpenADR 3.1.0 document shapes it, with the columns searches filter on. owner is
                -- the member that made it (NULL: the operator); name is a program's or VEN's
                -- name, unique per kind.
                CREATE TABLE openadr_object (
                    seq INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('PROGRAM', 'EVENT', 'REPORT', 'SUBSCRIPTION', 'VEN')),
                    id TEXT NOT NULL,
                    program_id TEXT,
                    event_id TEXT,
                    owner TEXT,
                    client_name TEXT,
                    name TEXT,
                    body TEXT NOT NULL,
                    UNIQUE (kind, id),
                    UNIQUE (kind, name)
                );
                CREATE INDEX openadr_object_program ON openadr_object (kind, program_id);
                CREATE INDEX openadr_object_event ON openadr_object (kind, event_id);
                CREATE INDEX openadr_object_owner ON openadr_object (kind, owner);
                """)
        }
        migrator.registerMigration("v13: storage certificates") { db in
            try db.execute(sql: """
                -- Certificates released from storage (DOMAIN.md 4a) name the storage device, the
                -- efficiency in millionths, the original production hour and the charge and
                -- discharge records, tab-separated (StorageRelease.storedText); NULL otherwise.
                ALTER TABLE certificate_issue ADD COLUMN storage TEXT;
                -- Certificates cancelled because a storage device charged their energy name the
                -- storage charge record here.
                ALTER TABLE certificate_range ADD COLUMN cancelled TEXT;
                """)
        }
        return migrator
    }
}
